"""The app in plain words (AppTest): sources in words with the trace kept for staff, a long paste that is
answered with a visible count, suggestions without metric ids or repeats, quarters named when a conversation
mixes them, the answer announced when it is ready, compact layouts, and the accessibility statement."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from nhs_league.settings import UI_APP
from scoring.explain.sources import mentions_code

streamlit_testing = pytest.importorskip("streamlit.testing.v1")
AppTest = streamlit_testing.AppTest


@pytest.fixture(autouse=True)
def index_ready(monkeypatch):
    from ui import resources

    monkeypatch.setattr(resources, "index_status", lambda: resources.IndexStatus(True))
    monkeypatch.setattr(resources, "warm_index", lambda: None)


def app(**query) -> AppTest:
    at = AppTest.from_file(str(UI_APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    """What a reader sees without opening anything: Markdown, captions, alerts and buttons."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [a.value for kind in (at.warning, at.info, at.error, at.success) for a in kind]
    parts += [t.value for t in at.title] + [h.value for h in at.header] + [b.label for b in at.button]
    return "\n".join(str(p) for p in parts)


def test_sources_are_words_and_staff_get_the_trace():
    at = ask(app(), "Why is Kingston in segment 3?")
    labels = [e.label for e in at.chat_message[-1].expander]
    assert "Technical detail" not in labels                        # public: words only
    facts = at.chat_message[-1].expander[0].dataframe[0].value
    assert not any(mentions_code(s) for s in facts["Where it comes from"]), list(facts["Where it comes from"])
    assert facts["What"].str.contains("League position").any() and len(facts) < 60
    staff = app()
    staff.radio(key="audience").set_value("staff")
    staff = ask(staff, "Why is Kingston in segment 3?")
    labels = [e.label for e in staff.chat_message[-1].expander]
    assert "Technical detail" in labels
    trace = staff.chat_message[-1].expander[labels.index("Technical detail")].dataframe[0].value
    assert trace["Trace"].str.contains("nof_2025-26_q1_acute_trust_data.csv").any()


def test_a_long_paste_is_answered_with_a_visible_count():
    question = "How is Kingston doing? " + "Some more words that were pasted in by mistake. " * 20
    at = ask(app(), question)
    warning = at.chat_message[0].warning[0].value
    assert f"{len(question):,} characters" in warning and "first 500" in warning
    assert "Kingston and Richmond" in "\n".join(m.value for m in at.chat_message[-1].markdown)


def test_suggestions_are_plain_and_never_repeated():
    reply = SimpleNamespace(follow_ups=["Tell me more about ambulance patients taken to a&e (of1028)",
                                        "Tell me more about ambulance patients taken to a&e (OF1028)",
                                        "How is Kingston doing?", "What is the financial override?",
                                        "Which trusts are top?", "Why?"])
    from ui.suggestions import suggestions

    offered = suggestions(reply, asked="How is Kingston doing?")
    assert offered == ["Tell me more about ambulance patients taken to a&e", "What is the financial override?",
                       "Which trusts are top?", "Why?"]


def test_every_answer_says_which_quarter_its_figures_are_from():
    at = ask(app(), "How is Kingston doing?")                    # acute: Q1 2025/26 is the latest held
    at = ask(at, "How is Oxleas doing?")                          # mental health: a later quarter
    captions = [c.value for c in at.caption]
    assert "Figures for Q1 2025/26 (April to June 2025)." in captions
    assert any(c.startswith("Figures for Q4 2025/26") for c in captions)


def test_a_finished_answer_is_announced_in_the_same_status_line():
    at = app()
    status = at.info[-1].value
    assert status.startswith("Ask a question to start")
    at = ask(at, "How is Kingston doing?")
    assert at.info[-1].value.startswith("Answer ready (") and "Kingston and Richmond" in at.info[-1].value


def test_visible_text_of_a_journey_holds_no_code():
    at = app()
    for question in ("How is Kingston doing?", "Why is it in segment 3?", "Is that bad?", "How is Oxleas doing?",
                     "How is the London Ambulance Service doing?", "banana telescope purple"):
        at = ask(at, question)
    assert not mentions_code(shown_text(at)), mentions_code(shown_text(at))


def test_compact_layouts_fit_a_phone():
    at = app(trust="RAX")
    at.toggle(key="profile_compact").set_value(True).run()
    assert not at.exception
    assert not any("Peers' median" in d.value.columns for d in at.dataframe)   # cards, not a wide table
    assert any("Cancer diagnosis within 28 days" in m.value for m in at.markdown)
    league = app()
    league.switch_page("pages/league.py").run()
    league.toggle(key="league_compact").set_value(True).run()
    assert not league.dataframe                                              # a list that wraps, not a table
    listed = next(m.value for m in league.markdown if m.value.startswith("- **1st · "))
    assert listed.count("\n- **") == 60                                      # 61 mental health trusts, Q4


def test_accessibility_statement():
    at = app()
    at.switch_page("pages/accessibility.py").run()
    assert not at.exception
    headers = [h.value for h in at.header]
    for heading in ("How accessible this tool is", "Feedback and contact information", "Enforcement procedure",
                    "How we tested this tool"):
        assert heading in headers
    text = shown_text(at)
    assert "WCAG 2.2" in text or "Guidelines version 2.2" in text
    assert "AA standard" in text and "Equality Advisory and Support Service" in text
    assert not mentions_code(text)


def test_an_error_meant_for_whoever_runs_the_tool_is_shown_in_plain_words(monkeypatch):
    from assistant.answer_types import Answer
    import assistant.answering

    failing = Answer("The passage index is missing. Run `nhs-league index` to build it.", "public", "error")
    monkeypatch.setattr(assistant.answering, "answer", lambda *args, **kwargs: failing)
    at = ask(app(), "What is the financial override?")
    text = "\n".join(m.value for m in at.chat_message[-1].markdown)
    assert text.startswith("Sorry, I couldn't answer that just now") and not mentions_code(text)
    assert at.chat_message[-1].expander[0].label == "Technical detail"
