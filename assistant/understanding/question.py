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

from scoring.names.words import Word, normalise, words

__all__ = ["MAX_CHARS", "CleanQuestion", "Said", "Word", "clean_question", "normalise", "words"]

MAX_CHARS = 500

_BLOCK = re.compile(r"<\s*(script|style)\b[^>]*>.*?(<\s*/\s*\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Said:
    """A question's words three ways: as typed (cleaned), normalised with each trust named read as 'trustref'
    (``masked``), and the same without those markers (``plain``)."""

    text: str
    masked: str
    plain: str


@dataclass(frozen=True)
class CleanQuestion:
    text: str            # capped, tag-free, control-free, single-spaced
    truncated: bool      # the original was longer than MAX_CHARS


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
