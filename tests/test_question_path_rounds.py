"""What dev rounds 8-11 taught the question path, checked against NHS England's published figures: follow-ups that
point at one trust ("the one above it?", "and the other one?", "which is better?"), a table's end as a subject
("why is the bottom trust bottom?"), group claims in the mental health & community table, override counts in
everyday words, segments "above" a number, likely ranges, and every number grounded even when a count is zero."""

from __future__ import annotations

import pytest

from assistant import Session, answer
from scoring.numbers import unsupported_numbers
from scoring.store import load_store

ACUTE, MHC = "acute", "mental-health-community"


@pytest.fixture(scope="module")
def store():
    return load_store()


def published(store, quarter: str, metric: str) -> dict[str, tuple[float, float]]:
    m = store.metrics
    rows = m[(m["quarter"] == quarter) & (m["metric_id"] == metric)]
    return {r.trust_code: (r.value, r.rank) for r in rows.itertuples()}


def codes_of(store, table: str) -> set[str]:
    return set(store.trusts.loc[store.trusts["table"] == table, "trust_code"])


def talk(store, *questions: str):
    session = Session()
    return [answer(q, session=session, store=store) for q in questions]


def test_the_one_above_the_bottom_trust_is_the_trust_published_one_place_higher(store):
    quarter = store.quarters_of(MHC)[-1]
    ranks = {c: r for c, (_, r) in published(store, quarter, "OF5000").items() if c in codes_of(store, MHC)}
    bottom, above = talk(store, "who's bottom of the mental health table", "the one above it?")
    assert bottom.trusts == [max(ranks, key=ranks.get)]
    assert above.intent == "position" and len(above.trusts) == 1
    assert ranks[above.trusts[0]] == sorted(ranks.values())[-2]


def test_which_is_better_compares_the_last_two_trusts_and_the_other_one_is_the_other(store):
    first, second, better = talk(store, "how is cumbria northumberland tyne and wear doing",
                                 "and tees esk and wear valleys?", "which is better?")
    assert first.trusts == ["RX4"] and second.trusts == ["RX3"]
    assert better.intent == "compare" and set(better.trusts) == {"RX4", "RX3"}
    picked = talk(store, "how is derbyshire doing in the league table", "the mental health one", "and the other one?")
    assert picked[0].needs_clarification and picked[1].trusts == ["RXM"] and picked[2].trusts == ["RY8"]


@pytest.mark.parametrize(("question", "table", "end"), [
    ("why is the bottom trust in the acute table bottom", ACUTE, "bottom"),
    ("why is the top mental health & community trust top", MHC, "top"),
])
def test_why_is_the_end_of_a_table_there_explains_that_trust(store, question: str, table: str, end: str):
    quarter = store.quarters_of(table)[-1]
    ranks = {c: r for c, (_, r) in published(store, quarter, "OF5000").items() if c in codes_of(store, table)}
    reply = answer(question, store=store)
    expected = max(ranks, key=ranks.get) if end == "bottom" else min(ranks, key=ranks.get)
    assert reply.intent == "position" and reply.trusts == [expected]
    assert "held back most by" in reply.answer or "helped most by" in reply.answer


def test_a_claim_about_the_worst_in_a_region_of_the_mental_health_table_is_checked(store):
    quarter = store.quarters_of(MHC)[-1]
    ranks = published(store, quarter, "OF5000")
    midlands = {c for c in codes_of(store, MHC)
                if store.trusts.set_index("trust_code").loc[c, "region"] == "Midlands" and c in ranks}
    worst = max(midlands, key=lambda c: ranks[c][1])
    right = answer(f"{worst} is the worst mental health trust in the midlands, right?", store=store)
    other = min(midlands, key=lambda c: ranks[c][1])
    wrong = answer(f"{other} is the worst mental health trust in the midlands, right?", store=store)
    assert right.answer.startswith("Yes.") and not right.corrects_premise
    assert wrong.corrects_premise
    assert any(f.key == "count" and f.value == len(midlands) for f in right.facts)


def test_mental_health_or_community_means_the_whole_table_not_community_trusts(store):
    quarter = store.quarters_of(MHC)[-1]
    ranks = published(store, quarter, "OF5000")
    london = {c for c in codes_of(store, MHC)
              if store.trusts.set_index("trust_code").loc[c, "region"] == "London" and c in ranks}
    reply = answer("worst mental health or community trust in london", store=store)
    assert reply.trusts == [max(london, key=lambda c: ranks[c][1])]


@pytest.mark.parametrize("question", ["how many acute trusts would be higher without the deficit rule",
                                      "how many acute trusts were held back by the financial override?"])
def test_override_counts_in_everyday_words_count_the_trusts_held_back(store, question: str):
    unadjusted, adjusted = published(store, "Q1 2025/26", "OF5003"), published(store, "Q1 2025/26", "OF5000")
    held = sum(1 for c in codes_of(store, ACUTE) & set(adjusted)
               if adjusted[c][0] == 3 and unadjusted[c][0] in (1, 2))
    reply = answer(question, store=store)
    assert [f.value for f in reply.facts if f.key == "count"] == [held]


def test_above_segment_3_means_segments_1_and_2(store):
    segments = published(store, "Q1 2025/26", "OF5000")
    expected = sum(1 for c in codes_of(store, ACUTE) if segments.get(c, (0,))[0] in (1, 2))
    each = [sum(1 for c in codes_of(store, ACUTE) if segments.get(c, (0,))[0] == s) for s in (1, 2)]
    reply = answer("how many acute trusts sit above segment 3?", store=store)
    assert [f.value for f in reply.facts if f.key == "count"] == [expected, *each]   # the total, then each segment


def test_whose_likely_rank_range_is_widest_reads_the_published_ranges(store):
    import csv

    from nhs_league.settings import raw_data_dir

    path = next(raw_data_dir().glob("*league_table*.csv"))
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    spans = {r["Trust_code"]: int(r["Likely_range_of_rank"].split(" to ")[1]) - int(r["Likely_range_of_rank"].split(
        " to ")[0]) for r in rows}
    widest = max(spans.values())
    reply = answer("whose likely rank range is widest", store=store)
    assert reply.intent == "table"
    assert {c for c in reply.trusts if c in spans} == {c for c, s in spans.items() if s == widest}


def test_a_zero_count_still_grounds_every_number(store):
    replies = talk(store, "list the acute trusts in segment 1", "which of those are in london?",
                   "how many of them are in deficit?")
    for reply in replies:
        assert not unsupported_numbers(reply.answer, reply.facts), reply.answer


def test_why_did_it_drop_names_what_holds_it_back_now(store):
    reply = answer("why did kent and medway mental health fall so far in q4", store=store)
    assert reply.intent == "movement" and "What holds it back most now:" in reply.answer
    assert not unsupported_numbers(reply.answer, reply.facts)


def test_a_quarter_chosen_in_the_app_covers_the_tables_that_hold_it_and_says_which_do_not(store):
    quarter = store.quarters_of(MHC)[1]                  # a mental health & community quarter acute files lack
    assert quarter not in store.quarters_of(ACUTE)
    ranks = {c: r for c, (_, r) in published(store, quarter, "OF5000").items() if c in codes_of(store, MHC)}
    reply = answer("top 3 trusts", session=Session(quarter=quarter), store=store)
    assert sorted(ranks[c] for c in reply.trusts) == sorted(ranks.values())[:3]
    assert not reply.unavailable and "acute table is not in this answer" in reply.answer
    assert not unsupported_numbers(reply.answer, reply.facts)


def test_same_for_another_table_repeats_the_last_table_question_after_a_turn_about_one_trust(store):
    unadjusted, adjusted = published(store, "Q1 2025/26", "OF5003"), published(store, "Q1 2025/26", "OF5000")
    held = sum(1 for c in codes_of(store, ACUTE) & set(adjusted)
               if adjusted[c][0] == 3 and unadjusted[c][0] in (1, 2))
    *_, same = talk(store, "how many mh&c trusts are held back by the deficit override",
                    "tell me more about the first one", "same for the acute table")
    assert [f.value for f in same.facts if f.key == "count"] == [held]


def test_the_best_cqc_rating_is_declined_with_a_pointer_to_the_cqc(store):
    reply = answer("which trust has the best cqc rating", store=store)
    assert reply.declined and "cqc.org.uk" in reply.answer


def test_two_word_table_questions_are_answered(store):
    reply = answer("table toppers", store=store)
    tops = {table: min((r, c) for c, (_, r) in published(store, store.quarters_of(table)[-1], "OF5000").items()
                       if c in codes_of(store, table))[1] for table in (ACUTE, MHC)}
    assert reply.intent == "table" and set(reply.trusts) == set(tops.values())
