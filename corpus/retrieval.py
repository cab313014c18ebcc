"""Query → passages: vector similarity from the Chroma index blended with a small BM25 keyword score.

The corpus is small (hundreds of chunks), so every query scores every chunk: Chroma returns the cosine
similarity of all of them and BM25 runs in memory over the same chunk texts. The blended score is
``(1 - w) · cosine + w · bm25 / max(bm25)``; ``KEYWORD_WEIGHT`` was chosen on the labelled method questions
(see ``corpus/evaluate.py``). Everything is built once per process and safe to call from several threads.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from nhs_league.errors import IndexUnavailable
from nhs_league.settings import CORPUS_DOCUMENTS

KEYWORD_WEIGHT = 0.3
MAX_CANDIDATES = 2000
_WORD = re.compile(r"[a-z0-9]+(?:[&'][a-z0-9]+)*")
_STOP = frozenset("""a an and are as at be by can do does for from has have how i if in is it its me my of on or
our so than that the their them there these they this to was we what when where which who why will with you your
""".split())


@dataclass(frozen=True)
class Passage:
    id: str
    doc: str
    title: str
    section: str
    text: str
    url: str
    score: float


def tokens(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in _STOP]


class KeywordScorer:
    """Okapi BM25 over a fixed list of texts."""

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.counts = [Counter(tokens(text)) for text in texts]
        self.lengths = [sum(c.values()) for c in self.counts]
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        frequency: Counter[str] = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        n = len(texts)
        self.idf = {word: math.log(1 + (n - df + 0.5) / (df + 0.5)) for word, df in frequency.items()}

    def scores(self, query: str) -> list[float]:
        words = [w for w in dict.fromkeys(tokens(query)) if w in self.idf]
        result = []
        for counts, length in zip(self.counts, self.lengths):
            total = 0.0
            for word in words:
                tf = counts.get(word, 0)
                if tf:
                    norm = self.k1 * (1 - self.b + self.b * length / (self.average or 1))
                    total += self.idf[word] * tf * (self.k1 + 1) / (tf + norm)
            result.append(total)
        return result


class PassageIndex:
    """The live index plus its keyword scorer, opened (and built if need be) on first use."""

    def __init__(self, embeddings: Embeddings | None = None, documents_root: Path = CORPUS_DOCUMENTS,
                 keyword_weight: float = KEYWORD_WEIGHT) -> None:
        self._embeddings = embeddings
        self.documents_root = documents_root
        self.keyword_weight = keyword_weight
        self.notice: str | None = None
        self.warning: str | None = None
        self._lock = threading.RLock()
        self._opened: Any = None
        self._rows: dict[str, dict[str, Any]] = {}
        self._ids: list[str] = []
        self._keywords: KeywordScorer | None = None

    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:
            from corpus.embeddings import get_embeddings

            self._embeddings = get_embeddings()
        return self._embeddings

    def open(self) -> None:
        """Open the index now (building it if missing); ``notice``/``warning`` then say what happened."""
        with self._lock:
            if self._opened is not None:
                return
            from corpus.index import open_index

            opened = open_index(self.embeddings, documents_root=self.documents_root)
            stored = opened.collection.get(include=["documents", "metadatas"])
            rows = {}
            for chunk_id, text, meta in zip(stored["ids"], stored["documents"], stored["metadatas"]):
                rows[chunk_id] = {"text": text, **meta}
            self._ids = sorted(rows)
            self._rows = rows
            self._keywords = KeywordScorer([rows[i]["text"] for i in self._ids])
            self.notice, self.warning = opened.notice, opened.warning
            self._opened = opened

    def close(self) -> None:
        with self._lock:
            self._opened, self._rows, self._ids, self._keywords = None, {}, [], None

    def _similarities(self, query: str) -> dict[str, float]:
        with self._lock:
            opened, n = self._opened, min(len(self._ids), MAX_CANDIDATES)
        if opened is None:
            raise IndexUnavailable("The passage index was closed while a query ran.")
        vector = self.embeddings.embed_query(query)
        found = opened.collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return {chunk_id: 1.0 - distance for chunk_id, distance in zip(found["ids"][0], found["distances"][0])}

    def search(self, query: str, k: int = 5) -> list[Passage]:
        """The ``k`` passages that best answer ``query``, best first."""
        if not query or not query.strip() or k <= 0:
            return []
        self.open()
        try:
            similarities = self._similarities(query)
        except Exception:  # noqa: BLE001 - the index went away under us (pruned by another process): reopen once
            self.close()
            self.open()
            similarities = self._similarities(query)
        with self._lock:
            ids, rows, keywords = self._ids, self._rows, self._keywords
        if set(similarities) - set(rows):  # reopened between the two reads: score against the newer rows
            return self.search(query, k)
        keyword_scores = keywords.scores(query) if keywords and self.keyword_weight else [0.0] * len(ids)
        top_keyword = max(keyword_scores, default=0.0) or 1.0
        w = self.keyword_weight
        blended = [((1 - w) * similarities.get(chunk_id, 0.0) + w * keyword / top_keyword, chunk_id)
                   for chunk_id, keyword in zip(ids, keyword_scores)]
        blended.sort(key=lambda pair: (-pair[0], pair[1]))
        return [_passage(chunk_id, rows[chunk_id], score) for score, chunk_id in blended[:k]]


def _passage(chunk_id: str, row: dict[str, Any], score: float) -> Passage:
    return Passage(id=chunk_id, doc=row["doc"], title=row["title"], section=row["section"],
                   text=row.get("body") or row["text"], url=row["url"], score=round(float(score), 4))


_default: PassageIndex | None = None
_default_lock = threading.Lock()


def default_index() -> PassageIndex:
    """The process's index over the shipped corpus."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = PassageIndex()
    return _default


def search(query: str, k: int = 5) -> list[Passage]:
    """The ``k`` corpus passages that best answer ``query`` (builds the index on first use if needed;
    ``default_index().notice`` then says so)."""
    return default_index().search(query, k)


class PassageRetriever(BaseRetriever):
    """LangChain retriever over the corpus: ``Document``s whose metadata are the Passage fields."""

    k: int = 5
    index: Any = None  # a PassageIndex; the shared default when None

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        index = self.index if self.index is not None else default_index()
        documents = []
        for passage in index.search(query, self.k):
            metadata = asdict(passage)
            documents.append(Document(page_content=metadata.pop("text"), metadata=metadata, id=passage.id))
        return documents
