"""The Streamlit app through ``AppTest``: every page, the chat flows, deep links, and hostile questions.

Position, table and decline questions need no embedding model, so these tests replace the passage-index check
with "ready" and skip the background warm-up; ``test_ui_method.py`` (slow) covers the real index build.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from nhs_league.settings import UI_APP

streamlit_testing = pytest.importorskip("streamlit.testing.v1")
AppTest = streamlit_testing.AppTest

TIMEOUT = 60


@pytest.fixture(autouse=True)
def index_ready(monkeypatch):
    from ui import resources

    monkeypatch.setattr(resources, "index_status", lambda: resources.IndexStatus(True))
    monkeypatch.setattr(resources, "warm_index", lambda: None)


def app(**query) -> AppTest:
    at = AppTest.from_file(str(UI_APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    no_exception(at)
    return at


def assistant_text(at: AppTest) -> str:
    """All Markdown in the last assistant message."""
    return "\n".join(m.value for m in at.chat_message[-1].markdown)


def buttons(at: AppTest) -> dict[str, object]:
    return {b.label: b for b in at.button}


def test_chat_page_starts_with_examples():
    at = app()
    no_exception(at)
    assert at.title[0].value == "Ask about NHS trust league tables"
    assert "Where does Moorfields Eye Hospital rank?" in buttons(at)
    assert [r.label for r in at.radio] == ["Answer style"]


def test_question_answer_with_workings_and_sources():
    at = ask(app(), "Where does Moorfields Eye Hospital rank?")
    assert at.chat_message[0].name == "user"
    text = assistant_text(at)
    assert "Moorfields Eye Hospital NHS Foundation Trust" in text and "1st" in text
    labels = [e.label for e in at.chat_message[-1].expander]
    assert labels[:2] == ["How we worked this out", "Sources"]
    facts = at.chat_message[-1].expander[0].dataframe[0].value
    assert list(facts.columns) == ["What", "Value", "Where it comes from"]
    assert (facts["What"] == "League position").any()
    assert (facts["Where it comes from"].str.len() > 0).all()
    assert facts.loc[facts["What"] == "League position", "Where it comes from"].iloc[0].startswith(
        "worked out by this tool")
    assert "england.nhs.uk" in "\n".join(m.value for m in at.chat_message[-1].expander[1].markdown)


def test_follow_up_button_asks_it():
    at = ask(app(), "Where does Moorfields Eye Hospital rank?")
    follow = next(label for label in buttons(at) if label.startswith("What would it take"))
    buttons(at)[follow].click().run()
    no_exception(at)
    assert len(at.session_state.chat_history) == 2
    assert at.session_state.chat_history[1]["question"] == follow
    assert at.chat_message[-2].markdown[0].value.startswith("What would it take")
    assert "Moorfields" in assistant_text(at)


def test_clarification_offers_candidates_as_buttons():
    at = ask(app(), "How is Oxford doing?")
    reply = at.session_state.chat_history[-1]["answer"]
    assert reply.needs_clarification
    found = buttons(at)
    assert "Which trust do you mean?" in assistant_text(at)
    assert {"Oxford Health NHS Foundation Trust", "Oxford University Hospitals NHS Foundation Trust"} <= set(found)
    found["Oxford University Hospitals NHS Foundation Trust"].click().run()
    no_exception(at)
    second = at.session_state.chat_history[-1]["answer"]
    assert not second.needs_clarification and second.trusts == ["RTH"]
    assert "Oxford University Hospitals NHS Foundation Trust" in assistant_text(at)


def test_declined_question_is_polite_and_suggests_others():
    at = ask(app(), "What is the weather in Paris?")
    reply = at.session_state.chat_history[-1]["answer"]
    assert reply.declined
    assert "I can only help with NHS England's trust league tables" in assistant_text(at)
    assert "How is my local hospital doing?" in buttons(at)
    assert not at.chat_message[-1].expander  # no workings or sources for a decline


@pytest.mark.parametrize("question", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                      "**bold** [link](javascript:alert(1)) $x$ :red[red]"])
def test_hostile_question_is_shown_literally(question):
    from ui.safe_text import literal

    at = ask(app(), question)
    shown = at.chat_message[0].markdown[0].value
    assert shown == literal(question)
    assert "<" not in shown.replace("\\<", "") and "[" not in shown.replace("\\[", "")
    for message in at.chat_message:
        for m in message.markdown:
            assert "<script" not in m.value.replace("\\<", "&lt;")
            assert "<img" not in m.value.replace("\\<", "&lt;")


def test_audience_and_quarter_go_to_the_session():
    at = app()
    at.radio(key="audience").set_value("press")
    at.selectbox(key="chat_quarter").set_value("Q1 2025/26")
    at = ask(at, "How is Kingston doing?")
    session = at.session_state.chat_session
    assert session.audience == "press" and session.quarter == "Q1 2025/26"
    reply = at.session_state.chat_history[-1]["answer"]
    assert reply.audience == "press" and reply.quarter == "Q1 2025/26"


def test_deep_link_question_is_answered_on_load():
    at = app(q="Where does Moorfields Eye Hospital rank?")
    no_exception(at)
    assert at.chat_message[0].markdown[0].value.startswith("Where does Moorfields Eye Hospital rank")
    assert "1st" in assistant_text(at)
    at.run()   # a rerun does not ask it again
    assert len(at.session_state.chat_history) == 1


def test_open_profile_from_an_answer():
    at = ask(app(), "Where does Moorfields Eye Hospital rank?")
    buttons(at)["Open the profile of Moorfields Eye Hospital NHS Foundation Trust"].click().run()
    no_exception(at)
    assert at.title[0].value == "Trust profile"
    assert at.metric[0].label.startswith("Segment")


def test_profile_of_a_trust_held_back_by_the_override():
    at = app(trust="RAX")
    no_exception(at)
    assert at.title[0].value == "Trust profile"
    at.selectbox(key="profile_quarter_RAX").set_value("Q1 2025/26").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Segment (1 best, 4 worst)": "3", "League position": "31 of 134",
                       "Average metric score": "1.77", "Financial override": "Applied"}
    warning = at.warning[0].value
    assert "Held at segment 3 by the financial override" in warning and "position 10" in warning
    table = at.dataframe[0].value
    assert {"Measure", "Score", "Band", "Value", "Peers' median", "Effect on the average"} <= set(table.columns)
    assert len(table) == 20 and table["Band"].str.match(r"[1-4] – ").all()
    assert table["Score"].str.fullmatch(r"[1-4]\.\d\d").all()
    captions = " ".join(c.value for c in at.caption)
    assert "Chart: Kingston and Richmond NHS Foundation Trust's score on each of 20 metrics" in captions
    assert "cut points between segments (2.05, 2.32, 2.60)" in captions
    subheaders = [s.value for s in at.header]
    for heading in ("Metric by metric", "The whole acute table", "Movement across quarters",
                    "What it would take to move up", "Press brief"):
        assert heading in subheaders
    assert "held at segment 3 by the financial override" in " ".join(m.value for m in at.markdown)
    downloads = [d.proto.label for d in at.get("download_button")]
    assert downloads == ["Download the brief (Markdown)", "Download the brief (PDF)"]


def test_profile_search_box_and_movement():
    at = app()
    at.switch_page("pages/profile.py").run()
    no_exception(at)
    box = at.selectbox(key="profile_choice")
    assert len(box.options) == 205
    box.set_value("RAT").run()
    no_exception(at)
    assert at.query_params["trust"] == ["RAT"] or at.query_params["trust"] == "RAT"
    from scoring.store import load_store

    previous = load_store().quarters[-2]  # RAT is a mental health trust: its table has every quarter held
    assert f"Since {previous}" in " ".join(m.value for m in at.markdown)
    assert any("Chart: league position by quarter" in c.value for c in at.caption)


def test_profile_unknown_code_and_table_without_data():
    at = app(trust="XXX")
    no_exception(at)
    assert "No trust has the ODS code XXX" in at.warning[0].value
    ambulance = app(trust="RX9")   # East Midlands Ambulance Service: no ambulance data yet
    no_exception(ambulance)
    assert "are not in this tool yet" in ambulance.info[0].value


def test_brief_download_contents(store):
    from scoring.explain import explain
    from ui.brief import build_brief, to_markdown, to_pdf

    brief = build_brief(explain(store, "RAX", "Q1 2025/26"), "2026-01-01")
    text = to_markdown(brief)
    assert text.startswith("# Kingston and Richmond NHS Foundation Trust: NHS league table position, Q1 2025/26")
    assert "| League position | 31 |" in text and "| Segment without the financial override | 1 |" in text
    assert "not a judgement on quality of care" in text
    assert "Open Government Licence v3.0" in text and "england.nhs.uk" in text
    assert "NHS England's Q1 2025/26 acute data file, row" in text and ".csv" not in text
    pdf = to_pdf(brief)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert brief.file_stem == "press-brief-RAX-Q1-2025-26"


def test_league_filters_and_csv():
    at = app()
    at.switch_page("pages/league.py").run()
    no_exception(at)
    at.selectbox(key="league_quarter").set_value("Q1 2025/26").run()
    at.selectbox(key="league_table").set_value("acute").run()
    frame = at.dataframe[0].value
    assert len(frame) == 134 and frame["Position"].is_monotonic_increasing
    at.selectbox(key="league_override").set_value("Applied").run()
    held = at.dataframe[0].value
    assert 0 < len(held) < 134 and (held["Override applied"] == "Yes").all()
    assert "RAX" in set(held["ODS code"])
    at.selectbox(key="league_region").set_value("London").run()
    london = at.dataframe[0].value
    assert (london["Region"] == "London").all() and set(london["ODS code"]) <= set(held["ODS code"])
    at.selectbox(key="league_segment").set_value(3).run()
    no_exception(at)
    assert (at.dataframe[0].value["Segment"] == 3).all()
    assert at.caption[0].value.startswith(f"{len(at.dataframe[0].value)} of 134 trusts in the acute table")


def test_league_csv_holds_exactly_the_rows_shown(store):
    from scoring.explain.quarter_results import base_result
    from ui.league_rows import Filters, shown_rows

    trusts = base_result(store, "Q2 2025/26").trusts
    rows = shown_rows(trusts, Filters("mental-health-community", override="Not applied", segment=2))
    from scoring.cli import csv_text

    text = csv_text(rows)
    back = pd.read_csv(io.StringIO(text), dtype=str)
    assert list(back.columns) == list(rows.columns)
    assert back["ODS code"].tolist() == rows["ODS code"].tolist()
    assert (back["Override applied"] == "No").all() and (back["Segment"] == "2").all()
    assert back["Average score"].str.fullmatch(r"\d\.\d\d").all()      # 2 dp: "1.80", never "1.8"


def test_about_page_has_provenance_and_limits(store):
    at = app()
    at.switch_page("pages/about.py").run()
    no_exception(at)
    text = " ".join(m.value for m in at.markdown)
    assert "Open Government Licence v3.0" in text
    assert store.manifest["imported_at"] in text
    assert "What it is not" in text and "Limitations" in [s.value for s in at.header]
    assert "Q2 2025/26 (mental health and community)" in text


def test_missing_data_is_a_clear_message(monkeypatch):
    from nhs_league.errors import StoreMissing
    from ui import resources

    def missing():
        raise StoreMissing("The embedded data store is missing; run `nhs-league import ../shared/data/raw`.")

    monkeypatch.setattr(resources, "store", missing)
    at = app()
    no_exception(at)
    assert at.error[0].value.startswith("The published data could not be loaded")
    assert "nhs-league" not in at.error[0].value            # no command for a reader; it is kept for staff:
    assert "nhs-league import" in at.expander[0].label + " ".join(t.value for t in at.expander[0].text)
