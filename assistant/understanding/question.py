"""A question made safe to read: tags and control characters removed, capped, split into words.

Markup is stripped for understanding only (never executed or echoed); ``<script>``/``<style>`` blocks lose
their contents too. Words keep their original spelling beside a normalised form, because some matches
depend on case (an all-capital "RAN" is a trust code, "ran" is a verb).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 500

_BLOCK = re.compile(r"<\s*(script|style)\b[^>]*>.*?(<\s*/\s*\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_SPACE = re.compile(r"\s+")
_APOSTROPHE = re.compile(r"['’‘`´]")
_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W_]+(?:'[^\W_]+)*'?")
_SAME_AS = {"saint": "st", "hosp": "hospital", "hospitals": "hospitals", "vs": "vs", "v": "vs", "versus": "vs"}


@dataclass(frozen=True)
class CleanQuestion:
    text: str            # capped, tag-free, control-free, single-spaced
    truncated: bool      # the original was longer than MAX_CHARS


@dataclass(frozen=True)
class Word:
    norm: str            # lower case, apostrophes dropped ("king's" -> "kings")
    orig: str            # as typed
    base: str = ""       # a possessive without its 's ("gosh's" -> "gosh"); else the same as norm


def clean_question(raw: object) -> CleanQuestion:
    """Never raises: anything that is not text becomes the empty question."""
    if not isinstance(raw, str):
        return CleanQuestion("", False)
    text = _BLOCK.sub(" ", raw)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _SPACE.sub(" ", text).strip()
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = text[:MAX_CHARS].rstrip()
    return CleanQuestion(text, truncated)


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
