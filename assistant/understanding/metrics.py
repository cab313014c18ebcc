"""Metrics named in everyday words ("A&E", "cancer", "sickness") and what-if values ("A&E was 80%").

The words come from each metric's ``everyday_words`` and ``short_name`` in the catalogue; nothing is
listed here except the few words that need a guard (e.g. "ER" only in capitals, "children" only with
mental health nearby, since "children's hospital" is not the access metric).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.understanding.question import normalise
from scoring.catalogue import load_catalogue

_NEEDS_CAPITALS = {"er"}
_NEEDS_NEARBY = {"children": "mental", "young people": "mental", "crisis": "mental", "24 hours": "crisis",
                 "absence": "staff", "money": "trust", "ambulance": "respon"}
_ID = re.compile(r"\b(of\d{4})\s*(?:=|:|to|at|was|is|of)?\s*(-?\d+(?:\.\d+)?)", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_FACTORS = {"halved": 0.5, "halve": 0.5, "halves": 0.5, "doubled": 2.0, "double": 2.0, "doubles": 2.0}


@dataclass(frozen=True)
class MetricPhrase:
    words: str
    ids: tuple[str, ...]       # score ids, catalogue order (the first is the main reading)


@lru_cache(maxsize=1)
def metric_phrases() -> tuple[MetricPhrase, ...]:
    """Every everyday phrase with the metrics it can mean, longest phrase first."""
    by_phrase: dict[str, list[str]] = {}
    for metric in load_catalogue().metrics:
        for phrase in (*metric.everyday_words, metric.short_name, metric.id, metric.value_id or ""):
            norm = normalise(phrase)
            if norm and metric.id not in by_phrase.setdefault(norm, []):
                by_phrase[norm].append(metric.id)
    return tuple(sorted((MetricPhrase(p, tuple(ids)) for p, ids in by_phrase.items()),
                        key=lambda m: -len(m.words)))


def _value_id(score_id: str) -> str:
    metric = load_catalogue().get(score_id)
    return metric.value_id or metric.id


@dataclass(frozen=True)
class MetricMention:
    ids: tuple[str, ...]
    start: int                 # character offset in the normalised text
    end: int


def find_metric_mentions(norm: str, original: str = "") -> list[MetricMention]:
    """Metric phrases in a normalised question, in order, longest phrase winning where they overlap."""
    taken: list[tuple[int, int]] = []
    found: list[MetricMention] = []
    padded = f" {norm} "
    for phrase in metric_phrases():
        if phrase.words in _NEEDS_CAPITALS and not re.search(r"\bER\b", original):
            continue
        needed = _NEEDS_NEARBY.get(phrase.words)
        if needed and needed not in norm:
            continue
        for match in re.finditer(re.escape(f" {phrase.words} "), padded):
            start, end = match.start(), match.end() - 2
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(MetricMention(phrase.ids, start, end))
    return sorted(found, key=lambda m: m.start)


def metric_ids(mentions: list[MetricMention]) -> list[str]:
    ids: list[str] = []
    for mention in mentions:
        ids.extend(i for i in mention.ids if i not in ids)
    return ids


def whatif_changes(norm: str, mentions: list[MetricMention], original: str) -> tuple[dict[str, float],
                                                                                   dict[str, float]]:
    """({value id: new value}, {value id: factor}) from "A&E was 80%", "OF0013=80", "halved its 52 week waits"."""
    changes: dict[str, float] = {}
    factors: dict[str, float] = {}
    catalogue = load_catalogue()
    for match in _ID.finditer(original):
        metric_id = match.group(1).upper()
        if metric_id in catalogue:
            changes[_value_id(metric_id)] = float(match.group(2))
    for mention in mentions:
        value_id = _value_id(mention.ids[0])
        if value_id.lower() in norm[mention.start:mention.end]:
            continue                                   # written as an id: handled above
        after = norm[mention.end:].split()[:6]
        before = norm[:mention.start].split()[-3:]
        for word in before:
            if word in _FACTORS:
                factors[value_id] = _FACTORS[word]
        for k, word in enumerate(after):
            if k and after[k - 1] in ("segment", "q", "quarter", "rank"):
                continue
            if _NUMBER.match(word) and value_id not in changes:
                if any(m.start > mention.end and m.start <= norm.find(word, mention.end) for m in mentions):
                    break                              # the number belongs to the next metric
                changes[value_id] = float(word)
                break
    return changes, factors
