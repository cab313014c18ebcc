"""Plain words wherever a person reads: sources named as a person would, answers with no code, file names,
engine notes or bare metric ids, staff answers with a summary first and headed sections, and CSV with two
decimal places and Yes/No."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from scoring.explain.sources import facts_in_text, mentions_code, plain_label, plain_source

Q1 = "Q1 2025/26"


@pytest.mark.parametrize("source, words", [
    ("nof_2025-26_q1_acute_trust_data.csv row 1234, OF5002, Q1 2025/26",
     "NHS England's Q1 2025/26 acute data file, row 1,234"),
    ("nof_2025-26_q1_acute_trust_data.csv row 143, OF0005, Q1 2025/26 (reporting period Jun-25)",
     "NHS England's Q1 2025/26 acute data file, row 143 (figures for June 2025)"),
    ("nof_2025-26_q3-q4_mental_health_community_trust_data.csv row 4227, OF5004, Q4 2025/26",
     "NHS England's Q3 to Q4 2025/26 mental health and community data file, row 4,227"),
    ("nof_2025-26_q4_mental_health_community_trust_league_table.csv row 51, likely ranges, Q4 2025/26",
     "NHS England's Q4 2025/26 mental health and community league table file, row 51, likely ranges"),
    ("store: trusts", "NHS England's published list of trusts"),
    ("store: trust type of RR8", "NHS England's published list of trusts"),
    ("engine: |distance| ≤ 0.01", "worked out by this tool from NHS England's published figures"),
    ("engine: override, segment 5 and league rank re-run with RAX's deficit flag cleared (averages and cut points "
     "do not depend on it; equals score_quarter(deficit={code: False}))",
     "worked out by this tool: the table placed again without the financial override"),
    ("engine: ranked 39 of 121 trusts: 1 + 3×(39−1)/(121−1)",
     "scored by NHS England's method: its figure ranked 39 of 121 trusts"),
    ("NHS England's acute league table, Q4 2025/26 (recomputed by our engine)",
     "NHS England's acute league table, Q4 2025/26 (worked out again by this tool; it matches the published table)"),
    ("corpus: financial-override › It is not a judgement on quality of care",
     "this tool's guide to the tables: Financial override, “It is not a judgement on quality of care”"),
])
def test_sources_in_words(source, words):
    assert plain_source(source) == words


def test_a_recomputed_figure_names_the_published_row_it_matches():
    words = plain_source("engine: weighted average of 20 metric scores, rounded half up to 2 dp (published: "
                         "nof_2025-26_q1_acute_trust_data.csv row 6611, OF5002, Q1 2025/26)")
    assert words == ("worked out by this tool: the average of the measure scores; it matches NHS England's Q1 "
                     "2025/26 acute data file, row 6,611")


def test_labels_lose_bare_metric_ids():
    assert plain_label("OF1003 name") == "52-week waits (hospital): name"
    assert plain_label("Combined finance score (OF1080)") == "Combined finance score"
    assert plain_label("league position") == "League position"


def test_the_checker_finds_what_a_reader_should_not_see():
    assert mentions_code("see nof_2025-26_q1_acute_trust_data.csv row 3")
    assert mentions_code("engine: |distance| ≤ 0.01") and mentions_code("Run `nhs-league index`")
    assert mentions_code("equals score_quarter(deficit={code: False})") and mentions_code("OF1003 score")
    assert mentions_code("value None")
    assert not mentions_code("52-week waits (hospital) (OF1003): 0.65%. Segment 3, average 1.77.")


def _every_source(store, codes, quarter):
    from scoring.explain import explain

    for code in codes:
        e = explain(store, code, quarter, "staff")
        for fact in e.facts:
            yield fact.source
        for m in e.metrics:
            yield m.source


def test_every_source_an_explanation_records_reads_as_words(store):
    codes = ["RAX", "RP4", "RCX", "RQY", "RJ1", "R0A"]
    sources = set(_every_source(store, codes, Q1))
    assert len(sources) > 200
    bad = {s: plain_source(s) for s in sources if s and mentions_code(plain_source(s))}
    assert not bad, list(bad.items())[:5]
    assert all(plain_source(s) for s in sources if s)


QUESTIONS = ["How is Kingston doing?", "Why is Kingston in segment 3?", "Is that bad?",
             "What would it take for Kingston to move up a segment?", "How many trusts were held back by the override?",
             "Which acute trusts are at the top?", "Top 5 mental health trusts in Q4", "Compare Kingston with Leeds",
             "What is the financial override?", "What changes in 2026/27?", "How is the East Midlands Ambulance "
             "Service doing?", "banana telescope purple", "Who rose most from Q3 to Q4?"]


@pytest.mark.parametrize("audience", ["public", "press"])
def test_public_and_press_answers_hold_no_code(audience):
    from assistant.answering import answer
    from assistant.session import Session

    session = Session()
    for question in QUESTIONS:
        reply = answer(question, session, audience=audience)
        assert not mentions_code(reply.answer), (question, mentions_code(reply.answer))
        assert "cut short" not in reply.answer and "the text we read" not in reply.answer, question


def test_staff_answers_open_with_a_summary_then_headed_sections(store):
    from scoring.explain import explain

    text = explain(store, "RAX", Q1, "staff").text
    lines = text.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["- Position", "- Why", "- What would move it"]
    headings = [line for line in lines if line.startswith("### ")]
    assert len(headings) >= 7 and headings[1] == "### Financial override"
    assert not re.search(r"(?<!\()\bOF\d{4}\b(?!\))", text)              # ids only in brackets
    assert "- **52-week waits (hospital)** (OF1003): 0.65%" in text or "(OF1003): 0.65 percent" in text
    assert "`" not in text and "nhs-league" not in text


def test_public_answers_give_the_months_of_the_quarter(store):
    from scoring.explain import explain

    assert "Q1 2025/26 (April to June 2025)" in explain(store, "RAX", Q1, "public").text


def test_the_facts_behind_a_text_come_in_its_order(store):
    from scoring.explain import explain

    e = explain(store, "RAX", Q1, "public")
    shown = facts_in_text(e.text, e.facts)
    keys = [f.key for f in shown]
    assert keys[:2] == ["rank", "table_size"] and "quarter" in keys[:5]
    assert "average_score" in keys and len(shown) < 40


def test_csv_keeps_two_decimals_and_yes_no(store):
    from scoring.cli import csv_text, table_frame

    frame, _ = table_frame(store, "acute", Q1)
    back = pd.read_csv(io.StringIO(csv_text(frame)), dtype=str, keep_default_na=False)
    assert back["average_score"].str.fullmatch(r"\d\.\d\d").all()
    assert set(back["financial_override"]) == {"Yes", "No"} and set(back["in_deficit"]) <= {"Yes", "No"}
    assert back["rank"].str.fullmatch(r"\d+").all()
    kingston = back[back["trust_code"] == "RAX"].iloc[0]       # NHS England: 31st, average 1.77, held by override
    assert (kingston["rank"], kingston["average_score"], kingston["financial_override"]) == ("31", "1.77", "Yes")
    assert "True" not in csv_text(frame) and "False" not in csv_text(frame)
