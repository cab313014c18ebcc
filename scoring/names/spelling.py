"""Slips of the keyboard mended against a vocabulary: "Moorfeilds" -> "moorfields", "teacihng" -> "teaching".

A word is changed only when it is not in the vocabulary, has at least six letters, and one vocabulary word is
closest by optimal string alignment (a swapped pair of letters counts as one slip): within one slip for six- or
seven-letter words, two for longer ones. Two words as close are settled by the words beside them, or the word is
left as typed. Ordinary words far from every vocabulary word are left alone, so a
vocabulary of the product's own words (trust and hospital names, measures, regions, the words its rules are
written in) can never turn a question into something it did not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from scoring.names.words import Word

MIN_LETTERS = 6
_LETTERS = re.compile(r"^[a-z]+$")
_SPOKEN_ENDINGS = (("y", "ie"), ("ie", "y"), ("y", "ey"), ("ey", "y"))   # one sound, several spellings


# Text-speak and clipped words people type ("wat is the override", "how r u", "the local hosp")
SHORTHAND = {"wat": "what", "wot": "what", "wht": "what", "wats": "whats", "wots": "whats", "u": "you", "r": "are",
             "ur": "your", "pls": "please", "plz": "please", "hosp": "hospital", "hosps": "hospitals", "b4": "before",
             "cos": "because", "coz": "because", "abt": "about", "thru": "through", "tho": "though", "bcos": "because", "mids": "midlands"}
COMMON_WORDS_FILE = Path(__file__).with_name("common_words.txt")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary English words that are never mended into another word ("number" is not a slip for "Humber")."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class Vocabulary:
    """Words to mend towards, and the lookup that mends slips into them. Ordinary English words are left as
    they are."""

    def __init__(self, words: Iterable[str], pairs: Iterable[tuple[str, str]] = ()) -> None:
        self.words = frozenset(w for w in words if _LETTERS.match(w))
        self.pairs = frozenset(pairs)            # words seen side by side in names: "great western" picks a tie
        self.kept = self.words | common_words()
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(self.words):                 # sorted: the same answer whatever the hash seed
            self._by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, str] = {}
        self._closest: dict[str, list[str]] = {}

    def mend(self, word: str) -> str:
        """The vocabulary word ``word`` was meant to be, or ``word`` itself."""
        if word in SHORTHAND:
            return SHORTHAND[word]
        if word in self.kept or len(word) < MIN_LETTERS or not _LETTERS.match(word):
            return word
        if word not in self._cache:
            for ending, spelt in _SPOKEN_ENDINGS:            # "christy" for "christie", "frimly" for "frimley"
                if word.endswith(ending) and word[: -len(ending)] + spelt in self.words:
                    self._cache[word] = word[: -len(ending)] + spelt
                    return self._cache[word]
            closest = self.closest(word)
            self._cache[word] = closest[0] if len(closest) == 1 else word   # two as close: not a clear slip
            if len(self._cache) > 50_000:
                self._cache.clear()
        return self._cache[word]

    def closest(self, word: str) -> list[str]:
        """The vocabulary words nearest ``word`` within its allowed slips (several when they tie)."""
        if word not in self._closest:
            slips = 1 if len(word) <= 7 else 2
            choices = [w for n in range(len(word) - slips, len(word) + slips + 1) for w in self._by_length.get(n, ())]
            found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=slips, limit=8)
            best = min((distance for _, distance, _ in found), default=None)
            if len(self._closest) > 50_000:
                self._closest.clear()
            self._closest[word] = [w for w, distance, _ in found if distance == best]
        return self._closest[word]

    def mend_beside(self, word: str, before: str | None, after: str | None) -> str:
        """``word`` mended, a tie settled by its neighbours: "great westen hospital" is "western", not
        "weston"."""
        mended = self.mend(word)
        if mended != word or not self.pairs or word in SHORTHAND or word in self.kept or len(word) < MIN_LETTERS \
                or not _LETTERS.match(word):
            return mended
        ties = self.closest(word)
        if len(ties) < 2:
            return mended
        fits = {w: ((before, w) in self.pairs) + ((w, after) in self.pairs) for w in ties}
        best = max(fits.values(), default=0)
        beside = [w for w, fit in fits.items() if fit == best]
        return beside[0] if best and len(beside) == 1 else word


def mend_words(question_words: list[Word], vocabulary: Vocabulary) -> list[Word]:
    """The words with slips mended (the typed spelling is kept in ``orig``)."""
    mended = []
    for i, word in enumerate(question_words):
        before = question_words[i - 1].norm if i else None
        after = question_words[i + 1].norm if i + 1 < len(question_words) else None
        norm = vocabulary.mend_beside(word.norm, before, after)
        mended.append(word if norm == word.norm else replace(word, norm=norm, base=norm))
    return mended
