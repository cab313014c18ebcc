"""Words as the name lookups read them: lower case, apostrophes dropped, "&" as "and", "saint" as "st".

Each word keeps its original spelling beside the normalised form, because some matches depend on case (an
all-capital "RAN" is a trust code, "ran" is a verb) and a possessive keeps its base ("gosh's" -> "gosh").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_APOSTROPHE = re.compile(r"['’‘`´]")
_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W_]+(?:'[^\W_]+)*'?")
_SAME_AS = {"saint": "st", "hosp": "hospital", "hospitals": "hospitals", "vs": "vs", "v": "vs", "versus": "vs"}


@dataclass(frozen=True)
class Word:
    norm: str            # lower case, apostrophes dropped ("king's" -> "kings")
    orig: str            # as typed
    base: str = ""       # a possessive without its 's ("gosh's" -> "gosh"); else the same as norm


def words(text: str) -> list[Word]:
    """Words and numbers in order; '&' reads as 'and', decimals stay whole ('80.5')."""
    text = _APOSTROPHE.sub("'", text.replace("&", " and "))
    found = []
    for match in _WORD.finditer(text):
        orig = match.group().strip("'")
        lower = orig.lower()
        norm = lower.replace("'", "")
        base = lower[:-2] if lower.endswith("'s") else norm
        norm = _SAME_AS.get(norm, norm)
        found.append(Word(norm, orig.replace("'", ""), base.replace("'", "")))
    return found


def normalise(text: str) -> str:
    """The normalised words joined by single spaces (what aliases and patterns are written against)."""
    return " ".join(w.norm for w in words(text))
