"""The one number extractor: which figures a text states, and whether each is one of an answer's facts.

Used by the rephrasing guard (a rewording may not add, drop or change a figure), the evaluation
(faithfulness) and the tests (every number in every register is a fact). A figure is a decimal, an integer
(thousands commas allowed: "7,265" is one number), an ordinal ("31st"), a percentage, a year or a quarter
label. Digits inside codes (RJ1, OF5002), metric names ("4-hour", "52-week") and service lines ("NHS 111",
"call 999") are not figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_QUARTER_LABEL = re.compile(r"\bQ[1-4](?:\s+(?:of\s+)?\d{4}(?:/|-|–|to\s)\d{2,4})?\b")
_YEAR_SPAN = re.compile(r"(?<![\w.])(?:19|20)\d{2}\s?(?:/|–|-)\s?\d{2}(?:\d{2})?(?!\w|\.\d)")
_YEAR = re.compile(r"(?<![\w.])(?:19|20)\d{2}(?![\w%]|[.,]\d)")
# Metric names such as "4-hour", "52-week", "28-day", "18 weeks" are labels, not figures.
_METRIC_NAME = re.compile(r"(?<![\w.])\d+(?:-| )(?:hour|week|day|month)s?\b", re.IGNORECASE)
# Emergency and advice lines a declined medical question should point to are not figures.
_SERVICE_LINE = re.compile(r"\b(?:NHS\s+111|(?:call|dial|ring|phone)\s+(?:999|111)(?:\s+or\s+(?:NHS\s+)?(?:999|111))?)\b",
                           re.IGNORECASE)
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?"
                     r"(?P<suffix>st|nd|rd|th|%)?(?![A-Za-z0-9])")


@dataclass(frozen=True)
class NumberToken:
    """A number as written in text: ``31st`` → value 31, ``1.77`` → 1.77 with 2 decimals, ``12%`` → 12."""

    text: str
    value: float
    decimals: int
    kind: str = "number"  # number | ordinal | percent | year | quarter


def extract_numbers(text: str) -> list[NumberToken]:
    """Every figure in ``text``: decimals, integers (with thousands commas), ordinals, percentages, and
    quarter labels / years (kind ``quarter`` or ``year``). Digits inside codes (RJ1, OF5002) are not figures;
    metric names like "4-hour" or "52-week" and "call 999" / "NHS 111" are skipped."""
    tokens: list[NumberToken] = []
    spans: list[tuple[int, int]] = []

    def taken(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in spans)

    for pattern, kind in ((_QUARTER_LABEL, "quarter"), (_YEAR_SPAN, "year"), (_YEAR, "year")):
        for match in pattern.finditer(text):
            if taken(*match.span()):
                continue
            spans.append(match.span())
            digits = re.search(r"\d{4}", match.group()) if kind == "year" else None
            tokens.append(NumberToken(match.group(), float(digits.group()) if digits else 0.0, 0, kind))
    for pattern in (_METRIC_NAME, _SERVICE_LINE):
        for match in pattern.finditer(text):
            if not taken(*match.span()):
                spans.append(match.span())
    for match in _NUMBER.finditer(text):
        if taken(*match.span()):
            continue
        decimals = match.group("dec") or ""
        value = float(match.group("int").replace(",", "") + (f".{decimals}" if decimals else ""))
        suffix = match.group("suffix") or ""
        kind = "percent" if suffix == "%" else "ordinal" if suffix else "number"
        tokens.append(NumberToken(match.group(), value, len(decimals), kind))
    return tokens


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """An attribute of an object, or a key of a dict (answers and facts arrive as either)."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(float(value)) else None
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def fact_numbers(facts: Iterable[Any]) -> list[float]:
    """The numbers the answer's facts carry: numeric values, and numbers written inside text values."""
    numbers: list[float] = []
    for fact in facts:
        value = field_of(fact, "value")
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            number = as_number(item)
            if number is not None:
                numbers.append(number)
            elif isinstance(item, str):
                numbers.extend(t.value for t in extract_numbers(item) if t.kind not in ("quarter", "year"))
    return numbers


def _supported(token: NumberToken, allowed: Sequence[float]) -> bool:
    for number in allowed:
        number = abs(number)  # a sign is written separately (−1.62, "1.62 below"); the figure is its size
        if token.decimals == 0 and number == token.value:
            return True
        if token.decimals > 0 and (abs(number - token.value) < 1e-9 or round(number, token.decimals) == token.value):
            return True
    return False


def unsupported_numbers(text: str, facts: Sequence[Any], quarter: str | None = None,
                        question: str = "") -> list[str]:
    """Numbers in ``text`` that no fact supports. Years and quarter labels pass only if they appear in the
    answer's quarter label or in a fact's value, label or source; a number repeated from the question passes."""
    allowed = fact_numbers(facts) + [t.value for t in extract_numbers(question) if t.kind not in ("quarter", "year")]
    labels = " ".join([quarter or "", question] + [" ".join(str(field_of(f, name, "") or "")
                                                            for name in ("value", "label", "source", "quarter"))
                                                   for f in facts])
    stated = _normalise_label(labels)
    # a financial year states both its calendar years: "Q4 2025/26" covers January to March 2026
    stated += " " + " ".join(str(int(start) + 1) for start in re.findall(r"\b(20\d\d)/\d\d\b", stated))
    missing = []
    for token in extract_numbers(text or ""):
        if token.kind in ("quarter", "year"):
            if _normalise_label(token.text) not in stated:
                missing.append(token.text)
        elif not _supported(token, allowed):
            missing.append(token.text)
    return missing


def _normalise_label(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("–", "/").replace("-", "/")).strip()


def figures_in(text: str) -> list[str]:
    """Each figure ``text`` states, as a comparable key: its value ("7,265" and "7265" are one figure; "31st" is
    31), or for a year or quarter label its normalised text."""
    return [_normalise_label(t.text) if t.kind in ("quarter", "year") else f"{t.value:g}"
            for t in extract_numbers(text)]
