"""Shared helpers for the corpus tests: a fast fake embedding model and a tiny document set.

Imported explicitly by ``tests/test_corpus_*.py`` (and by the killed-build subprocess), as ``corpus_fixtures`` (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import hashlib
import math
import re
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings

SAMPLE_DOCUMENTS = {
    "segments": """---
id: segments
title: How segments are set
sources:
  - {title: NHS Oversight Framework 2025/26, url: https://www.england.nhs.uk/long-read/nhs-oversight-framework-2025-26/}
---
# How segments are set

Every trust is placed in one of five segments.

## From average score to segment

The average metric score is cut into four quartiles. Trusts in the best quartile are in segment 1.

## The financial override

A trust in deficit cannot be placed above segment 3, whatever its average score.
""",
    "league-tables": """---
id: league-tables
title: What the league tables are
sources:
  - {title: NHS England league tables, url: https://www.england.nhs.uk/nhs-oversight-framework/league-tables/}
---
# What the league tables are

## Three tables

Acute trusts, mental health and community trusts and ambulance trusts are ranked in separate tables.

## Ranking

Within a table trusts are ranked by segment, then by average metric score. Ties share the better rank.
""",
}


def write_sample_corpus(root: Path, documents: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for stem, text in (documents or SAMPLE_DOCUMENTS).items():
        (root / f"{stem}.md").write_text(text, encoding="utf-8")
    return root


class FakeEmbeddings(Embeddings):
    """Hashed bag of words, normalised: deterministic, instant, and good enough to rank keyword matches.

    ``calls`` counts embedded texts; ``delay`` (seconds per batch) makes builds slow enough to interrupt."""

    name = "fake-bag-of-words"

    def __init__(self, dimensions: int = 64, delay: float = 0.0) -> None:
        self.dimensions, self.delay, self.calls = dimensions, delay, 0

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        norm = math.sqrt(sum(x * x for x in vector)) or 1.0
        return [x / norm for x in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.delay:
            time.sleep(self.delay)
        self.calls += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
