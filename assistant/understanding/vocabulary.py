"""The words the assistant understands, for mending slips before the rules read a question ("teacihng
hospitals in the Midlnads" reads as "teaching hospitals in the midlands").

They are the trust-name words (from the one resolver), the catalogue's words for measures, the framework's words
for what it does not measure, and the words the understanding rules themselves are written in, so a slip can only be mended into a word some rule reads.
"""

from __future__ import annotations

import re
from types import ModuleType

from scoring.catalogue import load_catalogue
from scoring.frameworks import current_framework
from scoring.names import trust_finder
from scoring.names.spelling import Vocabulary
from scoring.quarters import MONTHS

_WORD = re.compile(r"[a-z]{6,}")
_ESCAPE = re.compile(r"\\[a-zA-Z]")      # \b, \w, \d … in a pattern are not letters of a word


def _pattern_words(*modules: ModuleType) -> set[str]:
    found: set[str] = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, re.Pattern):
                found.update(_WORD.findall(_ESCAPE.sub(" ", value.pattern)))
            elif isinstance(value, list):
                found.update(w for item in value if isinstance(item, tuple) and isinstance(item[0], re.Pattern)
                             for w in _WORD.findall(_ESCAPE.sub(" ", item[0].pattern)))
    return found


def vocabulary(store) -> Vocabulary:
    """The vocabulary for ``store`` (built once and kept on the store)."""
    def build() -> Vocabulary:
        from assistant.understanding import declines, intents, quarters, steps, tables

        finder = trust_finder(store)
        words = set(finder.vocabulary.words)
        for metric in load_catalogue().metrics:
            for phrase in (*metric.everyday_words, metric.short_name, metric.name, metric.everyday_name):
                words.update(re.findall(r"[a-z]+", phrase.lower()))
        for item in current_framework().not_measured:        # "parking" is not a slip for "ranking"
            for phrase in (*item.words, *item.only_with):
                words.update(re.findall(r"[a-z]+", phrase.lower()))
        words |= _pattern_words(declines, intents, quarters, steps, tables)
        words |= {m.lower() for m in MONTHS}
        return Vocabulary(words, finder.pairs)
    return store.derived("understanding vocabulary", build)
