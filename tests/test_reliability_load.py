"""A small, bounded version of ``nhs-league load``: concurrent sessions asking the evaluation questions, zero
errors. No timing asserts (two shared cores); the full run's figures are in docs/reliability.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import index as corpus_index
from corpus import retrieval
from corpus_fixtures import FakeEmbeddings
from evals.load import LoadReport, Turn, question_scripts, run_load


@pytest.fixture(autouse=True)
def fake_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NHS_LEAGUE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("NHS_LEAGUE_LLM", raising=False)
    corpus_index.reset_stores()
    monkeypatch.setattr(retrieval, "_default", retrieval.PassageIndex(FakeEmbeddings()))
    yield
    corpus_index.reset_stores()


def test_the_evaluation_sets_give_scripts_with_conversations() -> None:
    scripts = question_scripts()
    assert len(scripts) > 50
    assert any(len(turns) >= 3 for turns in scripts)  # conversations keep their turns together
    assert all(turn.question for turns in scripts for turn in turns)


def test_five_concurrent_sessions_answer_every_question_without_error() -> None:
    report = run_load(sessions=5, questions=5)
    assert isinstance(report, LoadReport)
    assert report.errors == 0, report.error_samples
    assert report.answered == 25
    assert report.p50_ms is not None and report.p95_ms is not None and report.throughput > 0


def test_errors_are_counted_not_raised() -> None:
    from assistant.answering import answer
    from assistant.session import Session

    def flaky(question, session=None, audience=None):
        if "boom" in question:
            raise RuntimeError("boom")
        return answer(question, session=session, audience=audience)

    scripts = [[Turn("boom")], [Turn("how is Kingston doing")]]
    report = run_load(sessions=2, questions=2, scripts=scripts, answer_fn=flaky, session_factory=Session,
                      warm_up=False)
    assert report.answered + report.errors == 4 and report.errors == 2
    assert "raised RuntimeError: boom" in report.error_samples[0]


def test_the_load_command_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    from nhs_league.cli import main

    assert main(["load", "--sessions", "3", "--questions", "2", "--set", "position", "--json"]) == 0
    import json

    figures = json.loads(capsys.readouterr().out)["assistant"]
    assert figures["sessions"] == 3 and figures["answered"] == 6 and figures["errors"] == 0


def test_bad_arguments_are_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    from nhs_league.cli import main

    assert main(["load", "--sessions", "0"]) == 2
    assert "at least one session" in capsys.readouterr().err


@pytest.mark.slow
def test_a_burst_of_page_loads_against_the_streamlit_app() -> None:
    from evals.load import burst_streamlit
    from nhs_league.settings import UI_APP

    if not UI_APP.is_file():
        pytest.skip("ui/app.py does not exist yet")
    report = burst_streamlit(loads=40, concurrency=10, time_limit=60)
    assert report.errors == 0, report.error_samples
