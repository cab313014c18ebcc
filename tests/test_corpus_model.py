"""The real embedding model (offline), the shipped corpus's retrieval quality and speed, and a real Chroma
server. Slow: loads sentence-transformers (~14 s once per session) and starts a server."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import index as corpus_index
from corpus.embeddings import DIMENSIONS, SentenceEmbeddings, get_embeddings
from corpus.evaluate import METHOD_QUESTIONS, evaluate_retrieval
from corpus.index import build_index
from corpus.retrieval import PassageIndex, PassageRetriever
from corpus_fixtures import write_sample_corpus
from nhs_league.settings import HOME_ENV, REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def embedding_model() -> SentenceEmbeddings:
    model = get_embeddings()
    model.embed_query("warm up")
    return model


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("CHROMA_PORT", raising=False)
    corpus_index.reset_stores()
    yield tmp_path / "home"
    corpus_index.reset_stores()


def test_the_model_loads_and_answers_with_no_network(home: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: socket.socket, *args: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    model = SentenceEmbeddings()  # a fresh instance: the weights load inside the no-network block
    docs = write_sample_corpus(tmp_path / "docs")
    report = build_index(model, documents_root=docs)
    assert report.embedded == 5 and os.environ["HF_HUB_OFFLINE"] == "1"
    vector = model.embed_query("segment")
    assert len(vector) == DIMENSIONS and abs(sum(x * x for x in vector) - 1) < 1e-4
    top = PassageIndex(model, docs).search("Can a trust in deficit be in segment 1?", k=1)[0]
    assert top.id == "segments:the-financial-override:0"


@pytest.fixture(scope="module")
def shipped_index(embedding_model: SentenceEmbeddings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PassageIndex]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(HOME_ENV, str(tmp_path_factory.mktemp("shipped-home")))
        patch.delenv("CHROMA_HOST", raising=False)
        corpus_index.reset_stores()
        index = PassageIndex(embedding_model)
        index.open()
        yield index
        corpus_index.reset_stores()


@pytest.mark.skipif(not METHOD_QUESTIONS.is_file(), reason="evals/method_questions.yaml not written yet")
def test_hit_at_3_on_the_labelled_method_questions(shipped_index: PassageIndex) -> None:
    result = evaluate_retrieval(k=3, index=shipped_index)
    assert result.rate >= 0.95, [(m.id, m.question, m.got) for m in result.misses]


def test_retriever_on_the_shipped_corpus(shipped_index: PassageIndex) -> None:
    documents = PassageRetriever(index=shipped_index, k=3).invoke("What does the A&E four-hour metric measure?")
    assert "metric-of1013" in [d.metadata["doc"] for d in documents]
    assert all(d.metadata["url"].startswith("https://") for d in documents)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    server = subprocess.Popen([str(REPO_ROOT / ".venv" / "bin" / "chroma"), "run", "--path", str(tmp_path / "server"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("chroma run exited")
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start within 30 s")
        yield "127.0.0.1", port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_index_into_and_query_a_chroma_server(home: Path, tmp_path: Path, chroma_server: tuple[str, int],
                                              embedding_model: SentenceEmbeddings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    host, port = chroma_server
    monkeypatch.setenv("CHROMA_HOST", host)
    monkeypatch.setenv("CHROMA_PORT", str(port))
    docs = write_sample_corpus(tmp_path / "docs")
    first = build_index(embedding_model, documents_root=docs)
    assert first.warning is None and first.location == f"chroma server {host}:{port}" and first.embedded == 5
    second = build_index(embedding_model, documents_root=docs)
    assert (second.embedded, second.reused) == (0, 5)
    index = PassageIndex(embedding_model, docs)
    top = index.search("Which tables are trusts ranked in?", k=1)[0]
    assert top.doc == "league-tables" and index.notice is None and index.warning is None
    assert not (home / "index").exists()  # nothing was written locally
