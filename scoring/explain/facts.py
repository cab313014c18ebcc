"""``Fact``: one number or flag an explanation states, with where it came from.

Every figure in an explanation's text is rendered from a ``Fact`` by :func:`show`, so a test can check that
each number in the text is one of the explanation's facts (``scoring.numbers``, the one number extractor).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Fact:
    """A stated value and its source: "file row N, metric ID, quarter" or the engine step that made it."""

    key: str
    label: str
    value: Any
    source: str
    trust: str | None = None
    quarter: str | None = None

    def to_dict(self) -> dict:
        # each field read directly: ``asdict`` deep-copies first, ten times slower for an answer's hundreds of facts
        return {name: _plain(getattr(self, name)) for name in _FIELDS}


_FIELDS = tuple(f.name for f in fields(Fact))


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def ordinal(n: int) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def show(value: Any, style: str = "auto") -> str:
    """A value as the text writes it. ``style``: auto, 2dp, int, ordinal, signed (±0.12)."""
    value = _plain(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not available"
    if style == "ordinal":
        return ordinal(int(value))
    if style == "int":
        return str(round(float(value)))
    if style == "signed":
        v = float(value)
        return ("+" if v > 0 else "−" if v < 0 else "") + f"{abs(v):.2f}"
    if style == "signed-int":
        v = int(value)
        return ("+" if v > 0 else "−" if v < 0 else "") + str(abs(v))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if style == "2dp":
            return f"{value:.2f}"
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


class FactBook:
    """Facts collected while an explanation is built, keyed for the text to read back."""

    def __init__(self, trust: str | None = None, quarter: str | None = None) -> None:
        self.trust, self.quarter = trust, quarter
        self._facts: dict[str, Fact] = {}

    def add(self, key: str, label: str, value: Any, source: str, *, trust: str | None = "",
            quarter: str | None = "") -> Fact:
        fact = Fact(key, label, _plain(value), source, self.trust if trust == "" else trust,
                    self.quarter if quarter == "" else quarter)
        self._facts[key] = fact
        return fact

    def extend(self, facts: list[Fact]) -> None:
        for fact in facts:
            self._facts[fact.key] = fact

    def __contains__(self, key: str) -> bool:
        return key in self._facts

    def __getitem__(self, key: str) -> Fact:
        return self._facts[key]

    def value(self, key: str) -> Any:
        return self._facts[key].value

    def show(self, key: str, style: str = "auto") -> str:
        return show(self._facts[key].value, style)

    @property
    def facts(self) -> list[Fact]:
        return list(self._facts.values())
