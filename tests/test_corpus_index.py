"""The Chroma index: hash re-use, atomic swap, killed and failed builds, corrupt or missing indexes,
server fallback, retrieval and the CLI. Uses the fast fake embedding model; the real one is in
test_corpus_model.py (slow)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import index as corpus_index
from corpus.index import POINTER_FILE, build_index, open_index
from corpus.retrieval import Passage, PassageIndex, PassageRetriever
from corpus_fixtures import SAMPLE_DOCUMENTS, FakeEmbeddings, write_sample_corpus
from nhs_league.errors import IndexUnavailable
from nhs_league.settings import HOME_ENV, REPO_ROOT, index_dir

TESTS_DIR = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("CHROMA_PORT", raising=False)
    corpus_index.reset_stores()
    yield tmp_path / "home"
    corpus_index.reset_stores()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return write_sample_corpus(tmp_path / "docs")


def live_generation() -> str:
    return (index_dir() / POINTER_FILE).read_text().strip()


def test_second_build_reuses_every_vector_and_an_edit_reembeds_only_its_chunk(docs: Path) -> None:
    model = FakeEmbeddings()
    first = build_index(model, documents_root=docs)
    assert (first.chunks, first.embedded, first.reused) == (5, 5, 0)
    second = build_index(model, documents_root=docs)
    assert (second.chunks, second.embedded, second.reused) == (5, 0, 5)
    assert model.calls == 5
    path = docs / "segments.md"
    path.write_text(path.read_text().replace("whatever its average score", "even with a good average"))
    third = build_index(model, documents_root=docs)
    assert (third.embedded, third.reused) == (1, 4)
    assert build_index(model, documents_root=docs, rebuild=True).embedded == 5


def test_builds_swap_generations_and_keep_only_the_previous(docs: Path) -> None:
    model = FakeEmbeddings()
    names = [build_index(model, documents_root=docs).generation for _ in range(3)]
    assert live_generation() == names[-1]
    assert sorted(p.name for p in index_dir().glob("g*")) == sorted(names[1:])


def test_a_failed_build_keeps_the_old_index_answering(docs: Path) -> None:
    model = FakeEmbeddings()
    good = build_index(model, documents_root=docs).generation

    class Broken(FakeEmbeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("model crashed")

    (docs / "segments.md").write_text(SAMPLE_DOCUMENTS["segments"].replace("five", "six"))
    with pytest.raises(RuntimeError):
        build_index(Broken(), documents_root=docs)
    assert live_generation() == good
    assert sorted(p.name for p in index_dir().glob("g*")) == [good]  # the half-built one was discarded


def big_corpus(root: Path) -> Path:
    sections = "\n\n".join(f"## Topic {i}\n\nParagraph about topic {i} and segment {i % 5}." for i in range(200))
    write_sample_corpus(root)
    (root / "many.md").write_text("---\nid: many\ntitle: Many topics\nsources:\n"
                                  "  - {title: Manual, url: https://example.org/m}\n---\n" + sections)
    return root


def test_a_killed_build_leaves_the_old_index_answering(tmp_path: Path, home: Path) -> None:
    docs = big_corpus(tmp_path / "docs")
    model = FakeEmbeddings()
    old = build_index(model, documents_root=docs).generation
    before = PassageIndex(model, docs).search("financial override deficit", k=3)
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from corpus_fixtures import FakeEmbeddings\nfrom corpus.index import build_index\n"
        "def said(done, total):\n    print('BATCH', done, total, flush=True)\n"
        "build_index(FakeEmbeddings(delay=0.5), documents_root=Path(sys.argv[1]), rebuild=True, on_batch=said)\n"
        "print('DONE', flush=True)\n")
    env = {**os.environ, HOME_ENV: str(home), "PYTHONPATH": os.pathsep.join([str(TESTS_DIR), str(REPO_ROOT)])}
    builder = subprocess.Popen([sys.executable, "-c", script, str(docs)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = builder.stdout.readline()
        assert line.startswith("BATCH"), line
        assert len(list(index_dir().glob("g*"))) == 2  # the new generation is being written beside the old
        builder.send_signal(signal.SIGKILL)
        builder.wait(timeout=30)
    finally:
        if builder.poll() is None:
            builder.kill()
    assert live_generation() == old
    corpus_index.reset_stores()  # as a fresh process would
    after = PassageIndex(model, docs)
    assert after.search("financial override deficit", k=3) == before
    assert after.notice is None
    build_index(model, documents_root=docs)  # the next build clears the abandoned generation
    assert len(list(index_dir().glob("g*"))) == 2


def test_a_missing_index_is_built_on_first_use_with_a_notice(docs: Path) -> None:
    index = PassageIndex(FakeEmbeddings(), docs)
    passages = index.search("What happens to a trust in deficit?", k=2)
    assert passages[0].id == "segments:the-financial-override:0"
    assert index.notice is not None and index.notice.startswith("No passage index was found")
    assert "rebuilt it (5 passages" in index.notice


def test_a_corrupt_index_is_rebuilt_with_a_notice(docs: Path) -> None:
    model = FakeEmbeddings()
    build_index(model, documents_root=docs)
    corpus_index.reset_stores()
    (index_dir() / live_generation() / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    index = PassageIndex(model, docs)
    assert index.search("ambulance trusts table", k=1)[0].doc == "league-tables"
    assert index.notice is not None and "could not be read" in index.notice and "rebuilt it" in index.notice


def test_a_pointer_to_a_deleted_generation_is_rebuilt(docs: Path) -> None:
    model = FakeEmbeddings()
    build_index(model, documents_root=docs)
    corpus_index.reset_stores()
    import shutil

    shutil.rmtree(index_dir() / live_generation())
    opened = open_index(model, documents_root=docs)
    assert opened.collection.count() == 5 and "could not be read" in (opened.notice or "")


def test_a_changed_corpus_updates_the_index_on_open(docs: Path) -> None:
    model = FakeEmbeddings()
    build_index(model, documents_root=docs)
    (docs / "segments.md").write_text(SAMPLE_DOCUMENTS["segments"].replace("five", "six"))
    opened = open_index(model, documents_root=docs)
    assert "changed" in (opened.notice or "") and "1 embedded" in (opened.notice or "")


def test_no_auto_build_says_what_to_run(docs: Path) -> None:
    with pytest.raises(IndexUnavailable, match="Run `nhs-league index`"):
        open_index(FakeEmbeddings(), documents_root=docs, auto_build=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_server_falls_back_to_the_local_index(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(free_port()))
    report = build_index(FakeEmbeddings(), documents_root=docs)
    assert report.warning is not None and "could not be reached" in report.warning
    assert report.location == str(index_dir())
    index = PassageIndex(FakeEmbeddings(), docs)
    assert index.search("segment quartile", k=1) and index.warning and "local index" in index.warning


def test_passages_and_the_langchain_retriever(docs: Path) -> None:
    index = PassageIndex(FakeEmbeddings(), docs)
    (top, *_) = index.search("How are the three tables split: acute, mental health, ambulance?", k=3)
    assert isinstance(top, Passage) and top.doc == "league-tables" and top.section == "Three tables"
    assert top.url == "https://www.england.nhs.uk/nhs-oversight-framework/league-tables/"
    assert top.text.startswith("Acute trusts") and 0 < top.score <= 1
    assert index.search("   ") == []
    documents = PassageRetriever(index=index, k=2).invoke("financial override deficit")
    assert len(documents) == 2 and documents[0].id == "segments:the-financial-override:0"
    assert documents[0].metadata["section"] == "The financial override" and "text" not in documents[0].metadata


def test_concurrent_queries_agree(docs: Path) -> None:
    index = PassageIndex(FakeEmbeddings(), docs)
    expected = index.search("financial override deficit", k=3)
    results: list[list[Passage]] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(20):
                results.append(index.search("financial override deficit", k=3))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 120 and all(r == expected for r in results)


def test_no_network_while_building_and_querying(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: socket.socket, *args: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    build_index(FakeEmbeddings(), documents_root=docs)
    assert PassageIndex(FakeEmbeddings(), docs).search("segment", k=1)
    assert os.environ["HF_HUB_OFFLINE"] == "1"  # set by the index before chromadb is imported


def test_cli_passages_json(docs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from corpus import retrieval
    from nhs_league.cli import main

    monkeypatch.setattr(retrieval, "_default", PassageIndex(FakeEmbeddings(), docs))
    assert main(["passages", "financial override", "-k", "2", "--json"]) == 0
    out = capsys.readouterr()
    rows = json.loads(out.out)
    assert [set(r) for r in rows] == [{"id", "doc", "title", "section", "text", "url", "score"}] * 2
    assert "No passage index was found" in out.err
    assert main(["passages", ""]) == 2
