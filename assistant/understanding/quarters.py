"""Quarters a question names: labels ("Q1", "q2 2025/26", "first quarter") and relative words
("last quarter", "previous quarter", "this quarter", "since the first league table")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.quarters import sort_key

_LABEL = re.compile(r"\b(?:(20\d\d) (\d\d(?:\d\d)?) )?(?:q ?|quarter )([1-4])\b(?: (20\d\d) (\d\d(?:\d\d)?))?")
_ORDINAL = re.compile(r"\b(first|second|third|fourth) quarter\b")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_PREVIOUS = re.compile(r"\b(last|previous|prior|preceding) (quarter|qtr|time|table|league table)\b")
_CURRENT = re.compile(r"\b(this|current|latest|newest|most recent) (quarter|qtr|table|league table|figures)\b")
_FIRST = re.compile(r"\b(first|original|initial) (league table|table|publication|results)\b")
_SINCE = re.compile(r"\b(since|from)\b")


@dataclass(frozen=True)
class QuarterReading:
    quarter: str | None = None          # the quarter asked about (None: the current one)
    since: str | None = None            # a movement question's earlier quarter
    unknown: str | None = None          # a quarter named that the data does not hold ("Q3 2025/26")
    relative: bool = False              # "last quarter" etc.: read against the current quarter


def _label(number: int, start: str | None, end: str | None, current: str) -> str:
    if start:
        return f"Q{number} {start}/{end[-2:]}"
    return f"Q{number} {current[3:]}"


def read_quarters(norm: str, available: list[str], current: str | None) -> QuarterReading:
    ordered = sorted(available, key=sort_key)
    if not ordered:
        return QuarterReading()
    current = current if current in ordered else ordered[-1]
    previous = ordered[ordered.index(current) - 1] if ordered.index(current) > 0 else None
    named: list[tuple[int, str]] = []          # (position in text, label)
    unknown = None
    relative = False
    for match in _LABEL.finditer(norm):
        start, end = match.group(1) or match.group(4), match.group(2) or match.group(5)
        named.append((match.start(), _label(int(match.group(3)), start, end, current)))
    for match in _ORDINAL.finditer(norm):
        named.append((match.start(), _label(_ORDINALS[match.group(1)], None, None, current)))
    for match in _PREVIOUS.finditer(norm):
        relative = True
        if previous:
            named.append((match.start(), previous))
        else:
            unknown = f"the quarter before {current}"
    for match in _CURRENT.finditer(norm):
        relative = True
        named.append((match.start(), current))
    for match in _FIRST.finditer(norm):
        relative = True
        named.append((match.start(), ordered[0]))
    named.sort()
    labels = []
    for _, label in named:
        if label not in ordered:
            unknown = unknown or label
        elif label not in labels:
            labels.append(label)
    if not labels:
        return QuarterReading(unknown=unknown, relative=relative)
    if len(labels) >= 2:
        earlier, later = sorted(labels[:2], key=sort_key)
        return QuarterReading(quarter=later, since=earlier, unknown=unknown, relative=relative)
    first_pos = named[0][0]
    if _SINCE.search(norm[max(0, first_pos - 12):first_pos]):
        return QuarterReading(since=labels[0], unknown=unknown, relative=relative)
    return QuarterReading(quarter=labels[0], unknown=unknown, relative=relative)
