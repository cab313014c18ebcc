"""Failing parts, each fault caused for real: the retrieval index deleted or corrupted, an unreachable Chroma
server, a language model that hangs or fails, a missing data store. The assistant keeps answering, and says
what happened or what to do."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answering import answer
from assistant.rephrase import rephrase
from corpus import index as corpus_index
from corpus import retrieval
from corpus_fixtures import FakeEmbeddings
from nhs_league.errors import StoreMissing
from nhs_league.settings import REPO_ROOT

METHOD_QUESTION = "how are the segment cut points worked out"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throw-away NHS_LEAGUE_HOME and a fresh process-wide index over the shipped corpus (fake embeddings)."""
    monkeypatch.setenv("NHS_LEAGUE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("CHROMA_PORT", raising=False)
    monkeypatch.delenv("NHS_LEAGUE_LLM", raising=False)
    corpus_index.reset_stores()
    monkeypatch.setattr(retrieval, "_default", retrieval.PassageIndex(FakeEmbeddings()))
    yield tmp_path / "home"
    corpus_index.reset_stores()


def _new_process_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process sees: no cached Chroma clients and no opened index."""
    corpus_index.reset_stores()
    monkeypatch.setattr(retrieval, "_default", retrieval.PassageIndex(FakeEmbeddings()))


def _method_answer() -> Any:
    reply = answer(METHOD_QUESTION)
    assert reply.intent == "method" and reply.citations and not reply.declined, reply.answer
    assert "cut point" in reply.answer.lower() or "quartile" in reply.answer.lower(), reply.answer
    return reply


# ---------------------------------------------------------------- the retrieval index
def test_a_missing_index_is_built_on_the_first_method_question_with_a_notice(home: Path) -> None:
    reply = _method_answer()
    assert any("rebuilt it" in notice for notice in reply.notices), reply.notices
    assert (home / "index" / "CURRENT").is_file()


def test_an_index_folder_deleted_under_a_running_process_still_answers(home: Path, monkeypatch) -> None:
    _method_answer()
    shutil.rmtree(home / "index")
    _method_answer()  # the open index keeps answering
    _new_process_view(monkeypatch)
    reply = _method_answer()  # and the next process rebuilds it
    assert any("No passage index was found" in n and "rebuilt it" in n for n in reply.notices), reply.notices
    assert (home / "index" / "CURRENT").is_file()


@pytest.mark.parametrize("damage", ["junk in every file", "truncated database", "pointer to nowhere"])
def test_a_corrupted_index_is_rebuilt_with_a_notice(home: Path, monkeypatch, damage: str) -> None:
    _method_answer()
    current = (home / "index" / "CURRENT").read_text().strip()
    generation = home / "index" / current
    if damage == "junk in every file":
        for path in generation.rglob("*"):
            if path.is_file():
                path.write_bytes(b"\x00junk\xff" * 512)
    elif damage == "truncated database":
        database = generation / "chroma.sqlite3"
        database.write_bytes(database.read_bytes()[:4096])
    else:
        (home / "index" / "CURRENT").write_text("g0-1\n")
    _new_process_view(monkeypatch)
    reply = _method_answer()
    assert any("rebuilt it" in notice for notice in reply.notices), reply.notices
    assert (home / "index" / "CURRENT").read_text().strip() != current


def test_an_unreadable_index_with_no_way_to_rebuild_still_gives_an_answer(home: Path, monkeypatch) -> None:
    """Index missing and the embedding model broken: the assistant answers with its apology, never raises."""

    class BrokenEmbeddings(FakeEmbeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("model weights missing")

    monkeypatch.setattr(retrieval, "_default", retrieval.PassageIndex(BrokenEmbeddings()))
    reply = answer(METHOD_QUESTION)
    assert reply.answer.strip() and not reply.facts
    assert "Traceback" not in reply.answer


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed once the socket is: nothing listens there


def test_an_unreachable_chroma_server_falls_back_to_the_embedded_index(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(_closed_port()))
    _new_process_view(monkeypatch)
    started = time.perf_counter()
    reply = _method_answer()
    assert time.perf_counter() - started < 30
    warning = next(n for n in reply.notices if "could not be reached" in n)
    assert "127.0.0.1" in warning and "using the local index" in warning
    assert (home / "index" / "CURRENT").is_file()


# ---------------------------------------------------------------- the optional language model
class HangingChatModel(FakeListChatModel):
    """A chat model that never answers in time (a stalled server)."""

    hang_seconds: float = 5.0

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        time.sleep(self.hang_seconds)
        return super().invoke(*args, **kwargs)


class FailingChatModel(FakeListChatModel):
    """A chat model whose server is down (and whose error text includes the key it was given)."""

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError(f"connection refused; api key {os.environ.get('NHS_LEAGUE_LLM_KEY', '')}")


TEXT = "Kingston and Richmond NHS Foundation Trust was 31st out of 134 acute trusts in Q1 2025/26."
NAMES = ["Kingston and Richmond NHS Foundation Trust"]


def test_a_hanging_model_falls_back_to_the_composed_text_within_the_timeout() -> None:
    model = HangingChatModel(responses=["rephrased"], hang_seconds=3.0)
    started = time.perf_counter()
    result = rephrase(TEXT, "public", NAMES, model=model, timeout=0.3)
    assert time.perf_counter() - started < 1.5
    assert result.text == TEXT and not result.used and "did not answer within 0.3 s" in result.reason


def test_a_failing_model_falls_back_to_the_composed_text() -> None:
    result = rephrase(TEXT, "public", NAMES, model=FailingChatModel(responses=["x"]), timeout=2)
    assert result.text == TEXT and not result.used and result.reason == "the language model failed (ConnectionError)"


def test_a_model_that_changes_a_number_is_refused() -> None:
    lying = FakeListChatModel(responses=[TEXT.replace("31st", "134th")])
    result = rephrase(TEXT, "public", NAMES, model=lying, timeout=2)
    assert result.text == TEXT and not result.used and "number" in result.reason


def test_many_hanging_calls_each_return_within_their_timeout() -> None:
    """More stalled calls than the rephrasing pool has threads: each caller still gets its answer in time."""
    model = HangingChatModel(responses=["rephrased"] * 10, hang_seconds=2.0)
    durations: list[float] = []

    def call() -> None:
        started = time.perf_counter()
        result = rephrase(TEXT, "public", NAMES, model=model, timeout=0.3)
        durations.append(time.perf_counter() - started)
        assert result.text == TEXT

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(durations) == 6 and max(durations) < 1.5, durations


@pytest.mark.parametrize("model", [HangingChatModel(responses=["x"], hang_seconds=3.0), FailingChatModel(responses=["x"])],
                         ids=["hanging", "down"])
def test_through_the_assistant_a_slow_or_dead_model_keeps_the_composed_answer(model, monkeypatch) -> None:
    plain = answer("how is Kingston doing")
    monkeypatch.setenv("NHS_LEAGUE_LLM_TIMEOUT", "0.3")
    monkeypatch.setattr("assistant.rephrase.configured_model", lambda: model)
    started = time.perf_counter()
    reply = answer("how is Kingston doing")
    assert time.perf_counter() - started < 2.5
    assert reply.answer == plain.answer and not reply.rephrased
    assert any(n.startswith("Plain wording kept: the language model") for n in reply.notices), reply.notices


# ---------------------------------------------------------------- the data store
def test_reading_an_empty_folder_as_the_store_names_the_fix(tmp_path: Path) -> None:
    from scoring.store import read_store

    with pytest.raises(StoreMissing) as raised:
        read_store(tmp_path)
    message = str(raised.value)
    assert "missing or unreadable" in message and "nhs-league import" in message and "\n" not in message


def test_a_store_with_a_damaged_file_names_the_fix(tmp_path: Path) -> None:
    from scoring.store import read_store

    for name in ("trusts.csv", "manifest.json"):
        (tmp_path / name).write_text("")
    (tmp_path / "metrics.csv.gz").write_bytes(b"not gzip")
    (tmp_path / "league.csv.gz").write_bytes(b"")
    with pytest.raises(StoreMissing, match="nhs-league import"):
        read_store(tmp_path)


def test_the_assistant_with_no_embedded_store_answers_with_the_fix(tmp_path: Path, monkeypatch) -> None:
    import scoring.store as store_module

    monkeypatch.setattr(store_module, "EMBEDDED_STORE", tmp_path / "gone")
    monkeypatch.setattr(store_module, "_embedded", None)
    reply = answer("how is Kingston doing")
    assert "nhs-league import" in reply.answer and not reply.facts
    monkeypatch.undo()


@pytest.mark.parametrize("command", [["table", "--data", "{missing}"], ["ask", "how is Kingston doing", "--data",
                                                                         "{missing}"], ["table", "--data", "{empty}"]])
def test_the_cli_with_a_bad_data_folder_says_what_to_do(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    args = [part.format(missing=tmp_path / "missing", empty=tmp_path / "empty") for part in command]
    result = subprocess.run([sys.executable, "-m", "nhs_league.cli", *args], capture_output=True, text=True,
                            cwd=REPO_ROOT, timeout=120, env={**os.environ, "NHS_LEAGUE_DEBUG": "0"}, check=False)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert ("is not a folder; give a folder of NHS England CSV files" in lines[0]
            or "holds no .csv files; download NHS England's NOF CSVs into it" in lines[0]), lines[0]


def test_stalled_calls_do_not_starve_a_healthy_model() -> None:
    """Found by these tests: stalled calls used to hold the shared pool's 4 threads, so a healthy model then
    timed out too; rephrasing now runs each call on its own thread."""
    stalled = HangingChatModel(responses=["x"] * 4, hang_seconds=2.0)
    for _ in range(4):
        rephrase(TEXT, "public", NAMES, model=stalled, timeout=0.05)
    healthy = FakeListChatModel(responses=[TEXT.replace("was", "came")])
    result = rephrase(TEXT, "public", NAMES, model=healthy, timeout=0.5)
    assert result.used, result.reason
