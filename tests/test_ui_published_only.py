"""The app with a quarter of a framework year it has no rules for (published-only), through ``AppTest``.

The store holds NHS England's real files plus a MADE-UP 2026/27 acute file (tests/fixtures/made_up_2026_27,
invented for tests, not NHS England's). The league page, a trust's profile and the chat must show NHS England's
published figures for Q1 2026/27 (read here from the fixture CSV with pandas, not through this code), say that
they are as published and not recomputed, and show no exception and no code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nhs_league.settings import UI_APP

streamlit_testing = pytest.importorskip("streamlit.testing.v1")
AppTest = streamlit_testing.AppTest

FIXTURE = Path(__file__).parent / "fixtures" / "made_up_2026_27"
MADE_UP_FILE = FIXTURE / "made_up_nof_2026-27_q1_acute_trust_data.csv"
Q = "Q1 2026/27"
WORDING = "As NHS England published it; this tool has no rules for 2026/27 yet, so it does not recompute it."
TIMEOUT = 60


def published(metric_id: str, column: str = "Value") -> dict[str, float]:
    """The made-up file's published figure for one summary id, by trust code."""
    frame = pd.read_csv(MADE_UP_FILE)
    return frame[frame["Metric_ID"] == metric_id].set_index("Trust_code")[column].to_dict()


@pytest.fixture(scope="module")
def published_only_store(raw_dir, tmp_path_factory):
    from scoring.store import load_files

    folder = tmp_path_factory.mktemp("data")
    for path in raw_dir.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    shutil.copy(MADE_UP_FILE, folder / MADE_UP_FILE.name)
    return load_files([folder])


@pytest.fixture(autouse=True)
def app_store(published_only_store, monkeypatch):
    from ui import resources

    monkeypatch.setattr(resources, "store", lambda: published_only_store)
    monkeypatch.setattr(resources, "index_status", lambda: resources.IndexStatus(True))
    monkeypatch.setattr(resources, "warm_index", lambda: None)
    resources.explanation.clear()          # cached per (trust, quarter): never one worked out from another store
    yield
    resources.explanation.clear()


def app(**query) -> AppTest:
    at = AppTest.from_file(str(UI_APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def shown_text(at) -> str:
    """Every piece of text on the page a reader sees (tables' cells included)."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "header", "title")
             for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        value = frame.value
        data = value.data if hasattr(value, "data") else value      # a Styler or a DataFrame
        parts += [str(c) for c in data.columns] + [str(v) for v in data.astype(str).to_numpy().ravel()]
    return "\n".join(parts)


def clean(at) -> str:
    from scoring.explain.sources import mentions_code

    assert not at.exception, [e.value for e in at.exception]
    text = shown_text(at)
    assert "Traceback" not in text and "NotRecomputed" not in text
    assert mentions_code(text) == [], mentions_code(text)
    return text


def test_league_page_shows_the_published_table():
    at = app()
    at.switch_page("pages/league.py").run()
    at.selectbox(key="league_quarter").set_value(Q).run()
    text = clean(at)
    assert WORDING in text
    frame = at.dataframe[0].value.set_index("ODS code")
    assert frame["Position"].astype(int).to_dict() == {k: int(v) for k, v in published("OF5000", "Rank").items()}
    assert frame["Segment"].astype(int).to_dict() == {k: int(v) for k, v in published("OF5000").items()}
    assert frame["Average score"].to_dict() == published("OF5002")
    assert frame["In deficit"].to_dict() == {k: "Yes" if v else "No" for k, v in published("OF5004").items()}
    assert "Segment from scores alone" not in frame.columns and "Override applied" not in frame.columns
    assert "come from this tool's rules, so they are not shown" in text
    at.selectbox(key="league_segment").set_value(3).run()
    assert set(at.dataframe[0].value["ODS code"]) == {k for k, v in published("OF5000").items() if v == 3}
    at.toggle(key="league_compact").set_value(True).run()
    from ui.safe_text import literal

    compact = clean(at)                                           # the list for phones: R0D is held, in deficit
    assert literal(f"Segment {int(published('OF5000')['R0D'])} · average {published('OF5002')['R0D']:.2f} · "
                   "in deficit") in compact


def test_profile_shows_the_published_position_and_says_what_it_leaves_out():
    at = app(trust="R0D")
    at.selectbox(key="profile_quarter_R0D").set_value(Q).run()
    text = clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Segment (as published)": str(int(published("OF5000")["R0D"])),
                       "League position": f"{int(published('OF5000', 'Rank')['R0D'])} of 7",
                       "Average metric score": f"{published('OF5002')['R0D']:.2f}",
                       "In deficit (as published)": "Yes" if published("OF5004")["R0D"] else "No"}
    assert WORDING in text
    assert "What it would take to move up" not in [h.value for h in at.header]
    assert "it has none for 2026/27 yet" in text
    measures = at.dataframe[0].value.set_index("Measure")["Value"]
    four_hours = next(name for name in measures.index if name.startswith("Percentage of patients spending 4 hours"))
    assert measures[four_hours] == f"{published('OF0013')['R0D']:g}%"
    at.selectbox(key="profile_quarter_R0D").set_value("Q1 2025/26").run()     # an earlier, recomputed quarter
    assert at.metric[0].label == "Segment (1 best, 4 worst)"
    clean(at)


def test_chat_answers_from_the_published_figures():
    at = app()
    at.selectbox(key="chat_quarter").set_value(Q)
    at.chat_input[0].set_value("How is Kingston doing?").run()
    text = clean(at)
    answer = at.session_state.chat_history[-1]["answer"]
    assert answer.quarter == Q and answer.trusts == ["RAX"]
    said = "\n".join(m.value for m in at.chat_message[-1].markdown)
    assert "as published, not recomputed" in said and "no scoring rules for 2026/27" in said
    assert f"in segment {int(published('OF5000')['RAX'])}" in said
    assert f"average metric score of {published('OF5002')['RAX']:.2f}" in said
    assert "Traceback" not in text
