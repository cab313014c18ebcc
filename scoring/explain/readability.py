"""How hard a text is to read: the Flesch–Kincaid grade level, computed offline.

    grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59

(Kincaid, Fishburne, Rogers and Chissom, 1975). The published formula leaves counting to the reader, so the
counting rules used here are stated:

- Markdown marks (``**``, list dashes, ``#`` headings) are removed; each line of a list is a sentence of its
  own, as is each piece of text ending in ``.``, ``!`` or ``?`` (a full stop inside a number is not an end).
- A word is a run of letters (with ``'`` or ``-`` inside it) or a figure. A figure ("31st", "1.77",
  "2025/26") counts as one word with one syllable per run of digits: readers take figures in at a glance.
- Syllables are counted by vowel groups with the usual English corrections (a silent final "e", "-le",
  "-ed" after a consonant that is not t or d, "-es" after a soft ending); an abbreviation written in
  capitals with no vowel ("NHS", "CQC") is spoken letter by letter, one syllable a letter. Every word has at
  least one syllable. On dictionary words the count is usually exact and otherwise one out, as with any rule-based
  counter (``tests/test_readability.py`` checks it against dictionary counts).

A maintained package was considered: ``textstat`` 0.7.13 fetches the CMU dictionary through NLTK at run time,
which this product may not do (no network), so the short function below is used instead.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

_MARKUP = re.compile(r"[*_`#>|]+")
_BULLET = re.compile(r"^\s*(?:[-•]|\d+\.)\s+", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<!\d)[.!?]+(?=\s|$)|(?<=\d)[.!?]+(?=\s|$)|[.!?]+(?=[\"”’)]\s|[\"”’)]$)")
_TOKEN = re.compile(r"\d[\d.,/:%]*(?:st|nd|rd|th|s)?|[A-Za-z]+(?:['’\-][A-Za-z]+)*")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Reading:
    """The counts behind a grade, so a test (or a writer) can see where it comes from."""

    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return round(0.39 * self.words / max(self.sentences, 1) + 11.8 * self.syllables / self.words - 15.59, 2)


def syllables(word: str) -> int:
    """Syllables in one word or figure (see the module docstring for the rules)."""
    if word[:1].isdigit():
        return max(1, len(re.findall(r"\d+", word)))
    if word.isupper() and (2 <= len(word) <= 3 or not re.search(r"[AEIOUY]", word)):
        return len(word)                            # "NHS", "CQC", "UK": said letter by letter
    total = 0
    for part in re.split(r"['’\-]", word.lower()):
        total += _part_syllables(part) if part else 0
    return max(1, total)


_SUFFIXES = ("ments", "ment", "ness", "less", "ful", "ly")    # one syllable each, after a silent e
_HEARD_APART = re.compile(r"[^cstxg]i[ao]|[^cstxgq]ie(?:nc|nt|r$|st$)|ea$|eas$|[aeiouy]ing$|uo|oya|^h?our")


def _part_syllables(word: str) -> int:
    if word in ("s", "t", "d", "ll", "re", "ve", "m"):
        return 0                                    # the tail of "it's", "don't", "we'll"
    if len(word) <= 2:
        return 1
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and stem.endswith("e") and stem[-2] not in "aeiouy":
            return _part_syllables(stem) + 1        # "movement", "likely", "useful"
    spoken = re.sub(r"(?<=q)u", "", word)          # "quarter": the u after q is not a vowel
    count = len(_VOWELS.findall(spoken))
    consonant_le = word.endswith(("le", "les")) and len(word) > 3 and word[-3 if word.endswith("le") else -4] \
        not in "aeiouy"
    if word.endswith("e") and not consonant_le and not word.endswith(("ee", "ie", "ye", "oe")) and count > 1 \
            and not (word.endswith("ue") and word[-3] not in "gq"):
        count -= 1                                  # silent e: "score", "rule", "league" (but "value")
    if word.endswith("ed") and count > 1 and word[-3] not in "td" and word[-3] not in "aeiouy":
        count -= 1                                  # "scored", "placed" (but "rated", "ended")
    elif word.endswith("es") and count > 1 and word[-3] not in "sxzhcg" and word[-3] not in "aeiouy" \
            and not consonant_le:
        count -= 1                                  # "scores", "rates" (but "places", "tables")
    count += len(_HEARD_APART.findall(spoken))      # two vowels heard apart: "period", "area", "doing"
    return max(1, count)


def _plain(text: str) -> str:
    text = _BULLET.sub("", text)
    return _MARKUP.sub("", text)


def sentences_of(text: str) -> list[str]:
    """Sentences: pieces ending in . ! or ?, and every line of a list or a block on its own."""
    out = []
    for line in _plain(text).splitlines():
        for piece in _SENTENCE_END.split(line):
            if _TOKEN.search(piece):
                out.append(piece.strip())
    return out


def reading(text: str) -> Reading:
    parts = sentences_of(text)
    words = [w for s in parts for w in _TOKEN.findall(s)]
    return Reading(len(parts), len(words), sum(syllables(w) for w in words))


def grade(text: str) -> float:
    """The Flesch–Kincaid grade of ``text`` (0 for a text with no words)."""
    return reading(text).grade


def grade_summary(grades: list[float]) -> tuple[float | None, float | None]:
    """(median, 90th percentile, nearest rank) of a set of grades; ``None`` when there are none."""
    if not grades:
        return None, None
    ordered = sorted(grades)
    index = max(0, -(-9 * len(ordered) // 10) - 1)
    return round(statistics.median(ordered), 2), round(ordered[index], 2)
