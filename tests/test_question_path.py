"""The question path end to end: table questions against NHS England's published rows, data we do not hold,
declines with pointers, batch independence, and every number a fact."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant import Session, answer
from scoring.numbers import unsupported_numbers
from scoring.store import load_store

ACUTE, MHC = "acute", "mental-health-community"


@pytest.fixture(scope="module")
def store():
    return load_store()


def published(store, quarter: str, metric: str):
    """NHS England's published summary values for one quarter: trust code -> (value, rank)."""
    m = store.metrics
    rows = m[(m["quarter"] == quarter) & (m["metric_id"] == metric)]
    return {r.trust_code: (r.value, r.rank) for r in rows.itertuples()}


def counts(reply) -> list[tuple[str | None, int]]:
    """The numbers an answer counts (not the size of the group it counts in: "of the 21 acute trusts in London")."""
    return [(f.quarter, f.value) for f in reply.facts if f.key == "count" and not f.label.endswith(" in all")]


def test_counts_for_segments_one_or_two_come_from_the_published_segments(store):
    reply = answer("how many acute trusts are in segments 1 or 2?", store=store)
    segments = published(store, "Q1 2025/26", "OF5000")
    acute = set(store.trusts.loc[store.trusts["table"] == ACUTE, "trust_code"])
    expected = sum(1 for code, (value, _) in segments.items() if code in acute and value in (1, 2))
    each = [sum(1 for code, (value, _) in segments.items() if code in acute and value == s) for s in (1, 2)]
    assert counts(reply) == [("Q1 2025/26", expected), ("Q1 2025/26", each[0]), ("Q1 2025/26", each[1])]
    assert "segment 1 or 2" in reply.answer


def in_deficit(store, quarter: str) -> dict[str, bool]:
    """NHS England's published deficit flag (1: in deficit or on deficit support) for each trust."""
    return {code: value == 1 for code, (value, _) in published(store, quarter, "OF5004").items()}


@pytest.mark.parametrize(("question", "claim"), [
    ("so all the bottom 10 hospitals are in deficit?", "all"),
    ("is it true more than half of acute trusts are in deficit?", "most"),
])
def test_a_claim_about_a_group_is_checked_against_the_published_flags(store, question, claim):
    reply = answer(question, store=store)
    quarter = "Q1 2025/26"
    ranks = published(store, quarter, "OF5000")
    acute = sorted(codes_of(store, ACUTE) & set(ranks), key=lambda c: ranks[c][1])
    group = [c for c in acute if ranks[c][1] > len(acute) - 10] if claim == "all" else acute
    flags = in_deficit(store, quarter)
    meeting = sum(flags[c] for c in group)
    assert counts(reply)[0] == (quarter, meeting)
    holds = meeting == len(group) if claim == "all" else 2 * meeting > len(group)
    assert reply.answer.startswith("Yes." if holds else "No.")


def held_back(store, table: str, quarter: str) -> int:
    """Trusts NHS England published in segment 3 whose unadjusted segment was 1 or 2 (held by the override)."""
    unadjusted, adjusted = published(store, quarter, "OF5003"), published(store, quarter, "OF5000")
    codes = set(store.trusts.loc[store.trusts["table"] == table, "trust_code"])
    return sum(1 for c in codes & set(adjusted) if adjusted[c][0] == 3 and unadjusted[c][0] in (1, 2))


def test_a_question_naming_no_table_covers_every_table_held(store):
    reply = answer("which trusts were held back by the financial override?", store=store)
    latest_mhc = store.quarters_of(MHC)[-1]
    assert sorted(counts(reply)) == sorted([("Q1 2025/26", held_back(store, ACUTE, "Q1 2025/26")),
                                            (latest_mhc, held_back(store, MHC, latest_mhc))])
    # "by how much": each listed trust carries where it would be without the override
    listed = {f.trust for f in reply.facts if f.key == "rank" and f.trust}
    without = {f.trust for f in reply.facts if f.key == "without_override_rank"}
    assert listed and listed <= without


def test_top_and_bottom_n_follow_the_published_league_positions(store):
    for question, reverse in (("list the five best acute trusts", False), ("bottom three acute trusts", True)):
        reply = answer(question, store=store)
        ranks = published(store, "Q1 2025/26", "OF5000")
        acute = set(store.trusts.loc[store.trusts["table"] == ACUTE, "trust_code"])
        ordered = sorted((r for c, (_, r) in ranks.items() if c in acute), reverse=reverse)
        n = 5 if not reverse else 3
        got = [ranks[c][1] for c in reply.trusts]
        assert got[:n] == ordered[:n]


@pytest.mark.parametrize(("question", "table", "from_bottom", "place"), [
    ("who is the second worst acute trust?", ACUTE, True, 2),
    ("which mental health trust is third from the top", MHC, False, 3),
    ("who came 2nd best in the acute table", ACUTE, False, 2),
])
def test_the_nth_best_or_worst_is_the_trust_at_that_published_place(store, question, table, from_bottom, place):
    quarter = store.quarters_of(table)[-1]
    ranks = published(store, quarter, "OF5000")
    codes = codes_of(store, table)
    ordered = sorted((ranks[c][1], c) for c in codes if c in ranks)
    wanted_rank = (ordered[::-1] if from_bottom else ordered)[place - 1][0]
    reply = answer(question, store=store)
    assert reply.trusts and {ranks[c][1] for c in reply.trusts} == {wanted_rank}


def test_the_best_non_specialist_is_not_a_specialist(store):
    reply = answer("best acute trust that isn't a specialist", store=store)
    code = reply.trusts[0]
    assert store.trusts.set_index("trust_code").loc[code, "subtype"] != "Acute - Specialist"
    assert reply.trusts == ["RTF"]   # Northumbria, 9th in Q1 2025/26 (product-context: the best non-specialist)


def _published_order(store, table: str, keep) -> list[str]:
    """The trusts of one table that ``keep(row)`` selects, in NHS England's published order (latest quarter)."""
    quarter = store.quarters_of(table)[-1]
    ranks = published(store, quarter, "OF5000")
    rows = store.trusts[store.trusts["table"] == table]
    chosen = [r.trust_code for r in rows.itertuples() if keep(r) and r.trust_code in ranks]
    return sorted(chosen, key=lambda c: (ranks[c][1], c))


@pytest.mark.parametrize(("question", "word"), [
    ("how do the childrens hospitals rank", "children"),
    ("how do the orthopaedic hospitals do", "orthopaedic"),
])
def test_a_kind_of_trust_only_its_name_tells_lists_every_trust_so_named(store, question, word):
    reply = answer(question, store=store)
    expected = _published_order(store, ACUTE, lambda r: word in r.trust_name.lower())
    assert reply.intent == "table" and expected and reply.trusts == expected


@pytest.mark.parametrize(("question", "left_out"), [
    ("which mental health (not community) trust was top?", "Community"),
    ("best proper mental health trust, leaving out the community ones", "Community"),
    ("top 3 non-teaching acute trusts", "Acute - Teaching"),
])
def test_a_kind_of_trust_left_out_is_left_out(store, question, left_out):
    reply = answer(question, store=store)
    table = ACUTE if "acute" in question else MHC
    expected = _published_order(store, table, lambda r: r.subtype != left_out)
    assert reply.intent == "table" and reply.trusts and reply.trusts == expected[:len(reply.trusts)]


def test_which_region_has_most_names_the_region_with_the_highest_published_count(store):
    reply = answer("which region has most acute trusts in segment 4?", store=store)
    segments = published(store, "Q1 2025/26", "OF5000")
    regions = store.trusts.set_index("trust_code")["region"]
    tally: dict[str, int] = {}
    for code, (value, _) in segments.items():
        if value == 4 and store.trusts.set_index("trust_code").loc[code, "table"] == ACUTE:
            tally[regions[code]] = tally.get(regions[code], 0) + 1
    top = max(tally.values())
    for region, count in tally.items():
        if count == top:
            assert region in reply.answer


@pytest.mark.parametrize(("question", "not_held"), [
    ("how was Kingston in Q4 2024/25?", "Q4 2024/25"),
    ("where is London Ambulance Service in the league table?", "the ambulance table"),
    ("top acute trust in Q3 2025/26", "Q3 2025/26"),
    ("show me the 2026/27 league table", "2026/27"),
])
def test_data_we_do_not_hold_is_said_plainly(store, question: str, not_held: str):
    reply = answer(question, store=store)
    assert not_held in reply.unavailable
    assert not reply.declined
    # never another quarter's figures silently: any figure shown is labelled with its own quarter
    assert all(f.quarter != not_held for f in reply.facts)
    assert unsupported_numbers(reply.answer, reply.facts, reply.quarter, question) == []


@pytest.mark.parametrize(("question", "pointer", "keeps_position"), [
    ("how do I complain about my mum's care at Kingston?", "PALS", False),
    ("I want to complain about Kingston - where is it in the league table?", "PALS", True),
    ("what did the CQC say about Kingston's maternity unit?", "cqc.org.uk", False),
    ("is Kingston hospital safe for my hip operation?", "cqc.org.uk", True),
    ("should I go to A&E with chest pain?", "111", False),
    ("who is the best surgeon at Moorfields?", "PALS", False),
])
def test_declines_point_somewhere_and_keep_the_position_when_it_was_asked(store, question, pointer,
                                                                             keeps_position):
    reply = answer(question, store=store)
    assert reply.declined and pointer in reply.answer
    has_rank = any(f.key == "rank" for f in reply.facts)
    assert has_rank == keeps_position
    if question.startswith("is Kingston hospital safe"):
        assert reply.answer.index("can't tell you how safe") < reply.answer.index("31st")


def test_random_words_get_i_didnt_understand_with_examples(store):
    reply = answer("purple elephant spreadsheet", store=store)
    assert reply.needs_clarification and not reply.declined
    assert reply.answer.startswith("I didn't understand") and "for example" in reply.answer


def test_batch_lines_are_independent_questions(tmp_path):
    questions = ["How is Guy's and St Thomas' doing?", "Is the ranking of ambulance trusts available?",
                 "and why is that?"]
    run = subprocess.run([sys.executable, "-m", "nhs_league.cli", "ask", "--json"], input="\n".join(questions),
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    batch = [json.loads(line) for line in run.stdout.splitlines()]
    alone = [answer(q).to_dict() for q in questions]
    for got, single in zip(batch, alone):
        assert (got["intent"], got["trusts"], got["needs_clarification"]) == \
            (single["intent"], single["trusts"], single["needs_clarification"])
        assert {(f["key"], f["trust"], json.dumps(f["value"])) for f in got["facts"]} == \
            {(f["key"], f["trust"], json.dumps(f["value"])) for f in single["facts"]}
    assert batch[1]["trusts"] == []          # the ambulance question does not inherit Guy's


def test_a_conversation_keeps_its_context_with_the_flag(tmp_path):
    run = subprocess.run([sys.executable, "-m", "nhs_league.cli", "ask", "--json", "--conversation"],
                         input="How is Kingston doing?\nand why?\n", capture_output=True, text=True, timeout=300, check=False)
    second = json.loads(run.stdout.splitlines()[1])
    assert second["trusts"] == ["RAX"]


@pytest.mark.parametrize("audience", ["public", "staff", "press"])
@pytest.mark.parametrize("question", [
    "why is the QE in King's Lynn ranked so low?", "how is Oxleas doing?", "is Kingston because of one measure?",
    "did Oxleas get worse since Q1?", "which trusts were held back by the financial override?",
    "biggest fallers between Q3 and Q4", "how many mental health trusts are in deficit?",
    "what would it take for Kingston to reach segment 2?", "compare Guy's with King's",
    "how was Kingston in Q4 2024/25?", "give me a quotable line on Moorfields",
])
def test_every_number_in_every_register_is_a_fact(store, question: str, audience: str):
    reply = answer(question, session=Session(audience=audience), audience=audience, store=store)
    assert reply.intent != "error", reply.answer
    assert unsupported_numbers(reply.answer, reply.facts, reply.quarter, question) == []


def test_a_quotable_line_switches_to_the_press_register(store):
    assert answer("give me a quotable line on Moorfields for a story", store=store).audience == "press"


# ---------------------------------------------------------------------------------------------------------------
# Likely ranges, whole-year filters and follow-ups that narrow or reuse the last answer
# ---------------------------------------------------------------------------------------------------------------

def published_rank_ranges(store, quarter: str) -> dict[str, tuple[int, int]]:
    """NHS England's published likely range of each trust's position ('1 to 9' -> (1, 9))."""
    import re

    rows = store.league[store.league["quarter"] == quarter]
    out = {}
    for row in rows.itertuples():
        low, high = re.findall(r"\d+", str(row.likely_range_of_rank))[:2]
        out[row.trust_code] = (int(low), int(high))
    return out


def league_quarter(store) -> str:
    held = sorted(set(store.league["quarter"]))
    if not held:
        pytest.skip("no published league-table file held")
    return held[-1]


def test_could_be_first_counts_trusts_whose_published_likely_range_reaches_first(store):
    quarter = league_quarter(store)
    ranges = published_rank_ranges(store, quarter)
    reply = answer(f"how many mental health trusts could plausibly be number 1 in {quarter}?", store=store)
    assert counts(reply) == [(quarter, sum(1 for low, _ in ranges.values() if low == 1))]


def test_wide_likely_ranges_are_counted_from_the_published_ranges(store):
    quarter = league_quarter(store)
    ranges = published_rank_ranges(store, quarter)
    reply = answer(f"how many mental health trusts have a likely rank range spanning more than 30 places in {quarter}",
                   store=store)
    assert counts(reply) == [(quarter, sum(1 for low, high in ranges.values() if high - low > 30))]


def test_the_narrowest_likely_range_is_the_published_narrowest(store):
    quarter = league_quarter(store)
    ranges = published_rank_ranges(store, quarter)
    narrowest = min(high - low for low, high in ranges.values())
    reply = answer(f"which mental health trust has the tightest likely rank range in {quarter}?", store=store)
    expected = {code for code, (low, high) in ranges.items() if high - low == narrowest}
    assert set(reply.trusts) == expected
    for code in expected:
        book = {(f.key, f.trust): f.value for f in reply.facts}
        assert (book[("likely_rank_low", code)], book[("likely_rank_high", code)]) == ranges[code]


def test_segment_one_in_every_quarter_uses_each_published_quarter(store):
    quarters = store.quarters_of(MHC)
    year = [q for q in quarters if q.endswith(quarters[-1][-7:])]
    in_one = [{c for c, (v, _) in published(store, q, "OF5000").items() if v == 1} for q in year]
    mhc = set(store.trusts.loc[store.trusts["table"] == MHC, "trust_code"])
    expected = set.intersection(*in_one) & mhc
    reply = answer("which mental health trusts have been in segment 1 in every quarter this year?", store=store)
    assert counts(reply) == [(quarters[-1], len(expected))]
    assert set(reply.trusts) == expected


def test_the_same_boat_after_an_override_question_counts_the_trusts_held_back(store):
    session = Session()
    answer("what would Chelsea and Westminster's rank be without the financial override?", session=session,
           store=store)
    reply = answer("how many acute trusts are in the same boat?", session=session, store=store)
    assert counts(reply) == [("Q1 2025/26", held_back(store, ACUTE, "Q1 2025/26"))]


def test_which_of_those_narrows_the_last_list(store):
    session = Session()
    answer("which acute trusts are in segment 4?", session=session, store=store)
    reply = answer("which of those are in London?", session=session, store=store)
    segment = published(store, "Q1 2025/26", "OF5000")
    london = set(store.trusts.loc[(store.trusts["table"] == ACUTE) & (store.trusts["region"] == "London"),
                                  "trust_code"])
    expected = {c for c, (v, _) in segment.items() if v == 4} & london
    assert counts(reply) == [("Q1 2025/26", len(expected))]
    assert "is in London" in reply.answer or "are in London" in reply.answer


def test_a_shared_hospital_ending_is_asked_back_and_a_town_then_picks_one(store):
    session = Session()
    first = answer("how is the royal infirmary ranked?", session=session, store=store)
    offered = {c["trust_code"] for c in first.candidates}
    assert first.needs_clarification and {"RWA", "RWE"} <= offered
    second = answer("the one in Hull", session=session, store=store)
    assert second.trusts == ["RWA"]


@pytest.mark.parametrize("question, code", [("the christy in manchester, is it 3rd?", "RBV"),
                                            ("dudley, walsall and sandwell - how do they compare", "RBK")])
def test_spoken_spellings_and_towns_in_a_list_are_trusts(store, question: str, code: str):
    assert code in answer(question, store=store).trusts


def test_how_far_apart_two_trusts_are_comes_from_their_published_averages(store):
    session = Session()
    answer("how is King's Lynn doing?", session=session, store=store)
    answer("what about the Countess of Chester?", session=session, store=store)
    reply = answer("how far apart are they on score?", session=session, store=store)
    averages = published(store, "Q1 2025/26", "OF5002")
    gap = {f.key: f.value for f in reply.facts}["average_gap"]
    assert gap == pytest.approx(abs(averages["RCX"][0] - averages["RJR"][0]), abs=0.005)


def test_up_there_after_a_trust_means_that_trusts_region(store):
    session = Session()
    answer("how is Leeds Teaching Hospitals doing?", session=session, store=store)
    reply = answer("what is the best mental health trust up there?", session=session, store=store)
    regions = store.trusts.set_index("trust_code")["region"]
    assert "Yorkshire" in regions["RR8"] or regions["RR8"] == "North East"
    assert regions[reply.trusts[0]] in ("North East and Yorkshire", "North East")


# ---------------------------------------------------------------------------------------------------------------
# Claims checked against the published figures: about a whole group, about being best in a group, about the
# bottom, about the override, and about a trust's path over the year
# ---------------------------------------------------------------------------------------------------------------

def codes_of(store, table: str, **columns) -> set[str]:
    rows = store.trusts[store.trusts["table"] == table]
    for column, value in columns.items():
        rows = rows[rows[column] == value]
    return set(rows["trust_code"])


def test_a_claim_about_every_trust_in_a_group_lists_the_exceptions(store):
    segment = published(store, "Q1 2025/26", "OF5000")
    specialists = codes_of(store, ACUTE, subtype="Acute - Specialist")
    exceptions = {c for c in specialists if segment[c][0] != 1}
    reply = answer("every specialist trust is in segment 1 - true?", store=store)
    assert reply.corrects_premise == bool(exceptions)
    assert set(reply.trusts) == exceptions
    assert ("Q1 2025/26", len(specialists) - len(exceptions)) in counts(reply)


def test_a_claim_that_no_trust_is_in_a_segment_is_corrected_when_one_is(store):
    quarter = store.quarters_of(MHC)[-1]
    segment = published(store, quarter, "OF5000")
    london = codes_of(store, MHC, region="London")
    in_four = {c for c in london if segment[c][0] == 4}
    reply = answer("no london mental health trust is in segment 4, right?", store=store)
    assert reply.corrects_premise == bool(in_four)
    assert counts(reply) == [(quarter, len(in_four))]


def test_being_best_in_a_region_is_checked_against_the_regions_published_positions(store):
    quarter = store.quarters_of(MHC)[-1]
    ranks = published(store, quarter, "OF5000")
    midlands = codes_of(store, MHC, region="Midlands")
    best = min(midlands, key=lambda c: ranks[c][1])
    second = sorted(midlands, key=lambda c: ranks[c][1])[1]
    for code, is_best in ((best, True), (second, False)):
        session = Session()
        answer(f"how is {code} doing?", session=session, store=store)
        reply = answer("is it the best in the midlands?", session=session, store=store)
        assert reply.corrects_premise is (not is_best)
        assert reply.trusts[0] == code and best in reply.trusts


def test_bottom_means_last_and_near_the_bottom_allows_a_few_places(store):
    ranks = published(store, "Q1 2025/26", "OF5000")
    acute = codes_of(store, ACUTE)
    second_last = sorted(acute, key=lambda c: ranks[c][1])[-2]
    assert answer(f"why is {second_last} bottom of the table?", store=store).corrects_premise
    assert not answer(f"why is {second_last} near the bottom?", store=store).corrects_premise


@pytest.mark.parametrize("because", ["because of its deficit", "cos of a deficit", "due to the deficit",
                                     "because it's in deficit"])
def test_a_claim_that_money_holds_a_trust_back_is_checked_against_the_override(store, because: str):
    unadjusted, adjusted = published(store, "Q1 2025/26", "OF5003"), published(store, "Q1 2025/26", "OF5000")
    acute = codes_of(store, ACUTE)
    held = next(c for c in sorted(acute) if adjusted[c][0] == 3 and unadjusted[c][0] in (1, 2))
    not_held = next(c for c in sorted(acute) if adjusted[c][0] == 4)
    yes = answer(f"{held} is only in segment 3 {because}, right?", store=store)
    no = answer(f"{not_held} is only in segment 4 {because}, right?", store=store)
    assert not yes.corrects_premise and yes.answer.startswith("Yes")
    assert no.corrects_premise


def test_a_move_over_the_year_gives_every_quarters_published_position(store):
    quarters = store.quarters_of(MHC)
    code = min(codes_of(store, MHC))
    reply = answer(f"how has {code} moved across the four quarters?", store=store)
    got = {(f.quarter, f.value) for f in reply.facts if f.key == "rank" and f.trust == code}
    assert {(q, published(store, q, "OF5000")[code][1]) for q in quarters} <= got


def test_a_place_in_the_table_filters_a_count_rather_than_ordering_it(store):
    ranks = published(store, "Q1 2025/26", "OF5000")
    trusts = store.trusts.set_index("trust_code")
    acute = codes_of(store, ACUTE)
    size = len(acute)
    top_ten_specialist = sum(1 for c in acute if ranks[c][1] <= 10 and trusts.loc[c, "subtype"] == "Acute - Specialist")
    reply = answer("how many of the top 10 acute trusts are specialist hospitals?", store=store)
    assert counts(reply) == [("Q1 2025/26", top_ten_specialist)]
    north_west_bottom = sum(1 for c in acute if ranks[c][1] > size - 20 and trusts.loc[c, "region"] == "North West")
    reply = answer("how many north west acute trusts are in the bottom 20", store=store)
    assert counts(reply) == [("Q1 2025/26", north_west_bottom)]


def test_dropping_into_a_segment_means_a_worse_segment_than_the_quarter_before(store):
    q3, q4 = store.quarters_of(MHC)[-2:]
    before, now = published(store, q3, "OF5000"), published(store, q4, "OF5000")
    expected = {c for c in codes_of(store, MHC) if now[c][0] == 4 and c in before and before[c][0] < 4}
    reply = answer("which mh trusts dropped into segment 4 in the latest quarter", store=store)
    assert set(reply.trusts) == expected and counts(reply) == [(q4, len(expected))]


def test_the_worst_in_each_of_two_regions_is_one_list_a_region(store):
    ranks = published(store, "Q1 2025/26", "OF5000")
    regions = store.trusts.set_index("trust_code")["region"]
    acute = codes_of(store, ACUTE)
    worst = {max((c for c in acute if regions[c] == region), key=lambda c: ranks[c][1]) for region in ("London", "Midlands")}
    assert set(answer("worst acute trust in each of london and the midlands?", store=store).trusts) == worst


def test_since_the_tables_started_means_from_the_first_quarter_held(store):
    first, latest = store.quarters_of(MHC)[0], store.quarters_of(MHC)[-1]
    code = min(codes_of(store, MHC))
    for question in (f"how has {code} moved since the tables started", f"{code}: q1 to now",
                     f"{code} - better or worse than q1?"):
        reply = answer(question, store=store)
        got = {(f.quarter, f.value) for f in reply.facts if f.key == "rank" and f.trust == code}
        assert reply.intent == "movement", question
        assert {(first, published(store, first, "OF5000")[code][1]),
                (latest, published(store, latest, "OF5000")[code][1])} <= got, question
    reply = answer("which mental health trusts were segment 4 when the tables first came out", store=store)
    segments = published(store, first, "OF5000")
    assert set(reply.trusts) <= {c for c in codes_of(store, MHC) if segments[c][0] == 4} and reply.quarter == first


def test_the_bottom_one_of_a_bottom_list_is_the_last_placed_trust(store):
    session = Session()
    answer("the bottom 5 mental health trusts", session=session, store=store)
    reply = answer("why is the bottom one there", session=session, store=store)
    latest = store.quarters_of(MHC)[-1]
    ranks = published(store, latest, "OF5000")
    assert reply.intent == "position" and reply.trusts == [max(codes_of(store, MHC), key=lambda c: ranks[c][1])]


def test_names_without_their_filler_words_resolve(store):
    from scoring.names import resolve_trust

    names = store.trusts.set_index("trust_code")["trust_name"]
    assert names[resolve_trust(store, "royal united bath")] == "Royal United Hospitals Bath NHS Foundation Trust"
    assert names[resolve_trust(store, "central north west london")] == \
        "Central and North West London NHS Foundation Trust"


def test_the_override_rule_is_a_question_not_an_instruction(store):
    reply = answer("how many trusts got knocked down a segment by the financial override rule", store=store)
    assert reply.intent == "table" and not reply.declined


def test_a_question_about_icb_rankings_reads_what_the_framework_year_does_not_rank(store):
    from scoring.frameworks import current_framework

    framework = current_framework()
    reply = answer("where do ICBs rank in the league tables?", store=store)
    years = {f.value for f in reply.facts if f.key == "framework_year"}
    assert framework.year in years and reply.unavailable and not reply.trusts
    assert {b.ranked_from for b in framework.not_ranked if b.ranked_from} <= years
    assert not unsupported_numbers(reply.answer, reply.facts, reply.quarter, "where do ICBs rank")


def test_where_a_trust_ranks_on_one_measure_gives_nhs_englands_published_rank_of_it(store):
    m = store.metrics
    rows = m[(m["quarter"] == "Q1 2025/26") & (m["metric_id"] == "OF0013")]
    worst = rows.loc[rows["rank"].idxmax()]
    reply = answer(f"where does {worst.trust_code} rank on a&e four-hour performance?", store=store)
    ranks = {f.value for f in reply.facts if f.key == "metric.OF1013.published_rank"}
    ranked = {f.value for f in reply.facts if f.key == "ranked_on_measure"}
    assert ranks == {int(worst["rank"])} and int(rows["rank"].notna().sum()) in ranked
    assert f"{int(worst['rank'])}" in reply.answer and not unsupported_numbers(reply.answer, reply.facts,
                                                                                 reply.quarter, "")


@pytest.mark.parametrize("question,segment", [("how many acute trusts are in seg 2", 2),
                                              ("how many acute trusts are in segment two?", 2)])
def test_segments_written_short_or_in_words(store, question, segment):
    segments = published(store, "Q1 2025/26", "OF5000")
    expected = sum(1 for c in codes_of(store, ACUTE) if segments[c][0] == segment)
    assert counts(answer(question, store=store)) == [("Q1 2025/26", expected)]


def test_last_quarter_and_the_bottom_segment_are_not_an_order(store):
    q3 = store.quarters_of(MHC)[-2]
    segments = published(store, q3, "OF5000")
    reply = answer("which mental health & community trusts were in segment 1 last quarter", store=store)
    assert counts(reply) == [(q3, sum(1 for c in codes_of(store, MHC) if segments[c][0] == 1))]
    q1 = published(store, "Q1 2025/26", "OF5000")
    regions = store.trusts.set_index("trust_code")["region"]
    south_west = {c for c in codes_of(store, ACUTE) if q1[c][0] == 4 and regions[c] == "South West"}
    assert set(answer("any south west hospital trusts in the bottom segment?", store=store).trusts) == south_west


def test_which_n_trusts_and_which_ones_list_what_was_asked(store):
    latest = store.quarters_of(MHC)[-1]
    ranks = published(store, latest, "OF5000")
    bottom = sorted(codes_of(store, MHC), key=lambda c: ranks[c][1])[-5:]
    reply = answer("which 5 mental health and community trusts are at the very bottom of the table right now",
                   store=store)
    assert set(bottom) <= set(reply.trusts)
    segment_one = {c for c in codes_of(store, MHC) if ranks[c][0] == 1}
    reply = answer("how many MH and community trusts are in segment 1 at the moment, and which ones?", store=store)
    assert set(reply.trusts) == segment_one and counts(reply) == [(latest, len(segment_one))]


def test_a_region_ranked_among_itself_is_a_table(store):
    reply = answer("mh trusts in north east and yorkshire, how do they rank against each other in q4?", store=store)
    regions = store.trusts.set_index("trust_code")["region"]
    assert reply.intent == "table"
    assert set(reply.trusts) == {c for c in codes_of(store, MHC) if regions[c] == "North East and Yorkshire"}


def test_last_quarter_against_the_one_before_and_than_it_was(store):
    q2, q3, q4 = store.quarters_of(MHC)[1:4]
    code = min(codes_of(store, MHC))
    reply = answer(f"did {code} fall down the table last quarter compared to the one before", store=store)
    got = {(f.quarter, f.value) for f in reply.facts if f.key == "rank" and f.trust == code}
    assert {(q2, published(store, q2, "OF5000")[code][1]), (q3, published(store, q3, "OF5000")[code][1])} <= got
    reply = answer(f"is {code} higher or lower than it was in Q2?", store=store)
    got = {(f.quarter, f.value) for f in reply.facts if f.key == "rank" and f.trust == code}
    assert {(q2, published(store, q2, "OF5000")[code][1]), (q4, published(store, q4, "OF5000")[code][1])} <= got


def test_gaming_a_measure_without_better_care_is_declined(store):
    reply = answer("how can we get our 52 week wait score up quickly without actually treating more people?",
                   store=store)
    assert reply.declined and reply.intent == "out_of_scope"


def test_an_operation_picks_the_hospital_trust_of_a_shared_town_name(store):
    reply = answer("is rotherham safe for my knee replacement? where are they in the rankings", store=store)
    names = store.trusts.set_index("trust_code")["trust_name"]
    assert reply.declined and [names[c] for c in reply.trusts] == ["The Rotherham NHS Foundation Trust"]


def test_follow_ups_to_a_comparison_keep_both_trusts(store):
    session = Session()
    first = answer("compare humber teaching and south west yorkshire partnership", session=session, store=store)
    assert len(first.trusts) == 2
    again = answer("what about in q2", session=session, store=store)
    q2 = store.quarters_of(MHC)[1]
    assert again.intent == "compare" and set(again.trusts) == set(first.trusts) and again.quarter == q2
    ranks = published(store, q2, "OF5000")
    assert {(f.trust, f.value) for f in again.facts if f.key == "rank"} >= {(c, ranks[c][1]) for c in first.trusts}
    assert set(answer("are either of those in deficit now?", session=session, store=store).trusts) == set(first.trusts)


def test_list_them_and_how_many_in_another_quarter_follow_a_count(store):
    session = Session()
    latest, first = store.quarters_of(MHC)[-1], store.quarters_of(MHC)[0]
    answer("how many mental health trusts are in segment 4 in q4", session=session, store=store)
    listed = answer("list them", session=session, store=store)
    segments = published(store, latest, "OF5000")
    assert set(listed.trusts) == {c for c in codes_of(store, MHC) if segments[c][0] == 4}
    then = answer("how many were there in q1?", session=session, store=store)
    segments = published(store, first, "OF5000")
    assert counts(then) == [(first, sum(1 for c in codes_of(store, MHC) if segments[c][0] == 4))]


def test_three_quarters_named_give_a_move_through_each(store):
    q2, q3, q4 = store.quarters_of(MHC)[1:4]
    code = min(codes_of(store, MHC))
    reply = answer(f"{code}'s q4 position, and how that compares with q3 and q2", store=store)
    got = {(f.quarter, f.value) for f in reply.facts if f.key == "rank" and f.trust == code}
    assert {(q, published(store, q, "OF5000")[code][1]) for q in (q2, q3, q4)} <= got


def test_a_question_about_the_listed_trusts_does_not_filter_them(store):
    ranks = published(store, "Q1 2025/26", "OF5000")
    top3 = sorted(codes_of(store, ACUTE), key=lambda c: ranks[c][1])[:3]
    reply = answer("top three acute trusts and are they all specialists?", store=store)
    assert reply.intent == "table" and reply.trusts == top3


def test_the_best_and_worst_on_one_measure_follow_nhs_englands_published_rank_of_it(store):
    m = store.metrics
    rows = m[(m["quarter"] == "Q1 2025/26") & (m["metric_id"] == "OF0013") & (m["table"] == ACUTE)].dropna(
        subset=["rank"])
    best = rows.sort_values("rank").iloc[0]
    reply = answer("which hospital trust has the best a&e 4 hour performance in the data?", store=store)
    assert reply.intent == "table" and reply.trusts == [best.trust_code]
    values = {(f.trust, f.value) for f in reply.facts if f.key == "metric.OF1013.value"}
    assert values == {(best.trust_code, best.value)}
    waits = m[(m["quarter"] == "Q1 2025/26") & (m["metric_id"] == "OF0003") & (m["table"] == ACUTE)].dropna(
        subset=["rank"])
    worst = waits.sort_values("rank").iloc[-1]
    reply = answer("who has the worst 52 week waits of all the acute trusts", store=store)
    assert reply.trusts == [worst.trust_code]        # "52 week" is the measure, not a number of trusts
    assert not unsupported_numbers(reply.answer, reply.facts, reply.quarter, "")


def test_a_claim_about_the_size_of_a_move_is_checked(store):
    q3, q4 = store.quarters_of(MHC)[-2:]
    before, now = published(store, q3, "OF5000"), published(store, q4, "OF5000")
    code = next(c for c in sorted(codes_of(store, MHC)) if c in before and now[c][1] - before[c][1] >= 3)
    moved = int(now[code][1] - before[code][1])
    wrong = answer(f"{code} dropped {moved + 9} places in the latest table, true?", store=store)
    right = answer(f"{code} dropped {moved} places in the latest table, true?", store=store)
    assert wrong.intent == "movement" and wrong.corrects_premise and not right.corrects_premise


def test_the_worst_of_a_group_is_checked_within_the_group(store):
    ranks = published(store, "Q1 2025/26", "OF5000")
    regions = store.trusts.set_index("trust_code")["region"]
    london = sorted((c for c in codes_of(store, ACUTE) if regions[c] == "London"), key=lambda c: ranks[c][1])
    worst, other = london[-1], london[-2]
    yes = answer(f"someone said {worst} is the worst in london. is it", store=store)
    no = answer(f"someone said {other} is the worst in london. is it", store=store)
    assert yes.answer.startswith("Yes") and not yes.corrects_premise
    assert no.corrects_premise and f"of the {len(london)}" in no.answer


def test_the_trusts_a_name_fits_can_be_asked_about_together(store):
    reply = answer("how are the norfolk trusts doing?", store=store)
    names = store.trusts.set_index("trust_code")["trust_name"]
    assert reply.intent == "compare" and len(reply.trusts) > 1
    assert all("Norfolk" in names[c] for c in reply.trusts)


def test_of_them_after_a_top_list_counts_among_the_listed(store):
    session = Session()
    latest = store.quarters_of(MHC)[-1]
    ranks = published(store, latest, "OF5000")
    answer("top 10 mental health trusts", session=session, store=store)
    reply = answer("how many of them are community trusts", session=session, store=store)
    kinds = store.trusts.set_index("trust_code")["subtype"]
    expected = sum(1 for c in codes_of(store, MHC) if ranks[c][1] <= 10 and kinds[c] == "Community")
    assert counts(reply) == [(latest, expected)]


def test_a_town_is_not_its_ambulance_trusts_headquarters(store):
    reply = answer("bolton vs tameside", store=store)
    tables = store.trusts.set_index("trust_code")["table"]
    assert reply.intent == "compare" and len(reply.trusts) == 2 and {tables[c] for c in reply.trusts} == {ACUTE}


def test_a_likely_range_reaching_a_place_is_read_against_nhs_englands_published_ranges(store):
    latest = store.quarters_of(MHC)[-1]
    league = store.league[(store.league["quarter"] == latest) & (store.league["table"] == MHC)]
    bounds = [tuple(int(x) for x in str(r).split(" to ")) for r in league["likely_range_of_rank"]]
    size = len(league)
    reply = answer(f"how many mh&c trusts have a likely rank range that goes all the way down to {size}st", store=store)
    assert counts(reply) == [(latest, sum(1 for _, high in bounds if high >= size))]
    reply = answer("which mental health trusts could be in the top 10", store=store)
    assert counts(reply) == [(latest, sum(1 for low, _ in bounds if low <= 10))]


def test_text_speak_is_read_as_words(store):
    assert answer("wat is the financial override", store=store).intent in ("definition", "method")


def test_a_question_asking_two_separate_things_answers_both(store):
    """'how is X doing, and how many mental health trusts are in segment 2?': the trust and the count."""
    quarter = store.quarters_of(MHC)[-1]
    segments = published(store, quarter, "OF5000")
    in_two = sum(1 for code in codes_of(store, MHC) if segments.get(code, (None,))[0] == 2)
    reply = answer("how is bradford district care doing, and how many mh trusts are in segment 2", store=store)
    assert reply.intent == "position" and reply.trusts == ["TAD"]
    assert (quarter, in_two) in counts(reply)
    assert {f.key for f in reply.facts if f.trust == "TAD"} >= {"rank", "segment"}
    assert not unsupported_numbers(reply.answer, reply.facts)
    # a declined part keeps its pointer and the trust part is still answered
    mixed = answer("how does my gp surgery compare, and how's torbay hospital doing in the league?", store=store)
    assert mixed.declined and mixed.trusts == ["RA9"] and "cqc" in mixed.answer.lower()
    # a part that points back belongs to the question it points to
    assert answer("how is kingston doing and is it improving", store=store).trusts == ["RAX"]


@pytest.mark.parametrize(("question", "code", "year"), [
    ("where was royal cornwall in the league table in 2024", "REF", 2024),
    ("how is barts doing in 2026", "R1H", 2026),
    ("how is oxford health doing in 2026", "RNU", 2026),
])
def test_a_calendar_year_is_read_against_the_quarters_held(store, question: str, code: str, year: int):
    """The latest quarter held whose months fall in that year, or 'not held' when the trust's table has none."""
    from scoring.quarters import Quarter

    table = store.trusts.set_index("trust_code").loc[code, "table"]
    in_year = [q for q in store.quarters_of(table)
               if Quarter.of_month(year, 1) <= Quarter.from_label(q) <= Quarter.of_month(year, 12)]
    reply = answer(question, store=store)
    assert bool(reply.unavailable) is not bool(in_year)
    if in_year:
        assert reply.quarter == max(in_year, key=Quarter.from_label)


@pytest.mark.parametrize(("question", "code"), [
    ("how does the 999 service in the north west rank", "RX7"),
    ("west mids ambulance segment?", "RYA"),
    ("why has BDCFT dropped so much since last quarter?", "TAD"),
    ("where does the IOW trust come in the nhs league table", "R1F"),
    ("what would it take for MK hospital to get into segment 2?", "RD8"),
    ("how is tewv doing", "RX3"),
    ("hacw league table", "R1A"),
    ("did uh dorset get better?", "R0D"),
    ("is uh sussex doing better these days", "RYR"),
])
def test_initials_and_services_people_name_resolve_to_their_trust(store, question: str, code: str):
    reply = answer(question, store=store)
    assert reply.trusts[:1] == [code]
    table = store.trusts.set_index("trust_code").loc[code, "table"]
    if not store.quarters_of(table):
        assert reply.unavailable                       # known by name, its table not held


def test_initials_that_are_ordinary_words_are_not_trusts(store):
    assert "RRU" not in answer("why has kingston dropped so much since last quarter?", store=store).trusts


def test_a_trust_that_would_be_higher_but_for_one_measure_gets_the_measure_holding_it_back(store):
    reply = answer("royal papworth hospital would be top if it wasn't for one thing, wouldn't it? which measure is it",
                   store=store)
    assert reply.intent == "position" and "holds the trust back" in reply.answer


def test_shot_up_is_a_move_and_its_premise_is_checked(store):
    q3, q4 = store.quarters_of(MHC)[-2:]
    reply = answer("midlands partnership university trust shot up the table this quarter didnt they", store=store)
    ranks3, ranks4 = published(store, q3, "OF5000"), published(store, q4, "OF5000")
    assert reply.intent == "movement"
    assert reply.corrects_premise == (ranks4["RRE"][1] > ranks3["RRE"][1])


@pytest.mark.parametrize(("question", "code"), [
    ("parking at mayday hospital is a nightmare, is that in the league table? how is it ranked anyway", "RJ6"),
    ("is the food any good at st peters chertsey? and what segment is it", "RTK"),
    ("how long is the wait for cataract surgery at freeman hospital", "RTD"),
])
def test_what_the_framework_does_not_measure_is_said_and_the_position_still_given(store, question, code):
    from scoring.frameworks import current_framework

    reply = answer(question, store=store)
    topics = {item.topic for item in current_framework().not_measured}
    assert reply.answer.startswith("The league tables don't measure")
    assert set(reply.unavailable) & topics
    rank = published(store, "Q1 2025/26", "OF5000")[code][1]
    assert reply.trusts == [code] and any(f.key == "rank" and f.value == rank for f in reply.facts)


def test_an_operation_named_without_a_wait_is_not_a_question_about_waits(store):
    reply = answer("is northampton general safe for my hip replacement", store=store)
    assert "don't measure" not in reply.answer and not reply.unavailable


@pytest.mark.parametrize("question", [
    "having my baby at the royal sussex county in brighton in march, is it safe??",
    "my dad has been in and out of the royal lancaster infirmary since the summer, how does that hospital do in the "
    "league tables?",
])
def test_the_users_own_dates_are_not_quarters_asked_about(store, question):
    reply = answer(question, store=store)
    assert reply.intent == "position" and not reply.unavailable
    assert reply.quarter == store.quarters_of(ACUTE)[-1]


@pytest.mark.parametrize(("question", "code"), [
    ("has the ambulance league table come out yet and how did great western hospital swindon do", "RN3"),
    ("my local ambulance service and royal lancaster infirmary, how are they doing in the tables", "RTX"),
])
def test_a_table_we_do_not_hold_is_said_beside_the_trust_we_do(store, question, code):
    assert not store.quarters_of("ambulance")             # until NHS England's ambulance file is loaded
    reply = answer(question, store=store)
    assert reply.trusts == [code] and reply.unavailable and "ambulance" in reply.answer.split("\n")[0]


def test_a_quarter_one_table_lacks_is_said_in_one_line_when_a_table_question_names_no_table(store):
    lacking = [q for q in store.quarters_of(MHC) if q not in store.quarters_of(ACUTE)]
    reply = answer(f"how many trusts are in segment 1 in {lacking[-1]}?", store=store)
    segments = published(store, lacking[-1], "OF5000")
    expected = sum(1 for c in codes_of(store, MHC) if segments.get(c, (0,))[0] == 1)
    assert counts(reply) == [(lacking[-1], expected)]
    assert "acute" in reply.answer.split("\n")[0] and not reply.unavailable    # said, though nothing asked is missing


@pytest.mark.parametrize("question", [
    "how was kettering general doing before the league tables even existed",
    "where will cheshire and wirral partnership be next year? and where are they at the moment",
    "whats east surrey in redhill ranking at christmas and what was it in the first table",
])
def test_a_time_we_do_not_hold_is_said_and_the_latest_held_given(store, question):
    reply = answer(question, store=store)
    assert reply.unavailable and reply.trusts and reply.quarter in store.quarters


def test_has_the_table_come_out_yet_says_what_is_held(store):
    reply = answer("has the ambulance league table come out yet", store=store)
    assert reply.unavailable and "not in our data" in reply.answer


@pytest.mark.parametrize("question", [
    "im choosing between kettering and northampton general for my knee op which is better",
    "my mum needs a hip replacement and we can choose wuth or blackpool vic, which one should we go for",
    "choosing between the royal bolton and aintree for my knee, help",
])
def test_choosing_between_two_hospitals_is_declined_in_part_and_both_positions_given(store, question):
    reply = answer(question, store=store)
    assert reply.intent == "compare" and reply.declined and len(reply.trusts) == 2
    ranks = published(store, "Q1 2025/26", "OF5000")
    assert {f.value for f in reply.facts if f.key == "rank"} >= {ranks[c][1] for c in reply.trusts}


@pytest.mark.parametrize(("question", "code", "claimed"), [
    ("is birmingham community healthcare really 36th out of 61", "RYW", 36),
    ("someone at work said leicestershire partnership came 49th in the league table, i dont believe it", "RT5", 49),
    ("headline today: morecambe bay hospitals named 83rd out of 134 in nhs rankings. is that actually right", "RTX",
     83),
])
def test_a_claimed_place_is_checked_against_the_published_rank(store, question, code, claimed):
    table = store.trusts.set_index("trust_code").loc[code, "table"]
    rank = published(store, store.quarters_of(table)[-1], "OF5000")[code][1]
    reply = answer(question, store=store)
    assert reply.trusts == [code] and reply.corrects_premise == (rank != claimed)


@pytest.mark.parametrize(("question", "code"), [
    ("the telegraph: liverpool womens hospital 'held back by finances' in league table. is that fair", "REP"),
    ("our ceo says our scores would put chesterfield royal in segment 1 but for our deficit. true?", "RFS"),
    ("is the financial override the reason elht is segment 3", "RXR"),
])
def test_a_claim_that_the_override_holds_a_trust_back_is_checked_against_the_published_segments(store, question,
                                                                                                   code):
    unadjusted, adjusted = published(store, "Q1 2025/26", "OF5003"), published(store, "Q1 2025/26", "OF5000")
    held_back = adjusted[code][0] > unadjusted[code][0]
    reply = answer(question, store=store)
    assert reply.trusts == [code] and reply.corrects_premise == (not held_back)


@pytest.mark.parametrize("question", ["st george's university hospitals without the finance cap - what position",
                                      "if you ignore the deficit rule where does dorset county in dorchester come"])
def test_a_trust_without_the_override_in_other_words_is_a_what_if(store, question):
    reply = answer(question, store=store)
    assert reply.intent == "whatif" and any(f.key == "without_override_rank" for f in reply.facts)


def test_a_trust_against_the_rest_of_its_region_lists_the_region(store):
    reply = answer("qeqm margate vs the rest of the south east", store=store)
    expected = _published_order(store, ACUTE, lambda r: r.region == "South East")
    assert reply.intent == "table" and reply.trusts == expected[:len(reply.trusts)] and "RVV" in reply.trusts


def test_a_town_in_one_trusts_name_is_that_trust_unless_another_of_its_table_is_there(store):
    assert answer("how is hull doing", store=store).trusts == ["RWA"]       # not the mental health trust in Hull
    assert answer("how is cambridge doing", store=store).needs_clarification


def test_which_one_measure_for_one_trust_is_that_trusts_one_measure_not_a_comparison(store):
    reply = answer("the trust says one metric is killing its ranking - which one is it for james cook hospital",
                   store=store)
    assert reply.intent == "position" and reply.trusts == ["RTR"] and "makes the most difference" in reply.answer


def test_a_hospital_in_wales_is_outside_the_tables(store):
    reply = answer("where is morriston hospital in the league table", store=store)
    assert reply.declined and "England" in reply.answer


def test_segment_3_or_worse_counts_segments_3_and_4(store):
    segments = published(store, "Q1 2025/26", "OF5000")
    south_west = codes_of(store, ACUTE, region="South West")
    expected = sum(1 for c in south_west if segments.get(c, (0,))[0] in (3, 4))
    reply = answer("list the hospitals in the south west that are segment 3 or worse", store=store)
    assert counts(reply)[0] == ("Q1 2025/26", expected)


@pytest.mark.parametrize(("question", "code"), [("bdct?", "TAD"), ("what is hiowh doing right", "RW1"),
                                                ("how did shsc do", "TAH"), ("combined healthcare in stoke", "RLY"),
                                                ("hiow healthcare came out near the top, why", "RW1"),
                                                ("how has the jr been rated", "RTH"),
                                                ("is mersey cares ranking solid", "RW4")])
def test_initials_and_short_names_trusts_go_by(store, question, code):
    assert answer(question, store=store).trusts == [code]


def test_an_emphatic_what_is_asks_for_the_term(store):
    assert answer("wtf is an 'adjusted segment'", store=store).intent == "definition"


def test_near_the_top_means_the_top_quarter_of_the_table(store):
    quarter = store.quarters_of(MHC)[-1]
    ranks = published(store, quarter, "OF5000")
    size = len(codes_of(store, MHC) & set(ranks))
    reply = answer("is hampshire and isle of wight healthcare near the top?", store=store)
    assert reply.corrects_premise == (ranks["RW1"][1] > size / 4)


@pytest.mark.parametrize("question", [
    "whats the biggest single thing pulling queen victoria hospitals score down",
    "which single measure hurts rotherham doncaster & south humber the most",
])
def test_the_one_measure_pulling_a_trust_down_is_one_that_holds_it_back(store, question):
    reply = answer(question, store=store, audience="public")
    assert reply.intent == "position" and "It holds the trust back" in reply.answer


@pytest.mark.parametrize("question", [
    "How can the newcastle upon tyne hospitals get out of segment 2?",
    "which measures should the robert jones and agnes hunt orthopaedic hospital work on to go up a segment",
    "how far is addenbrookes from the next cut point",
])
def test_what_it_would_take_in_other_words_is_a_what_if(store, question):
    assert answer(question, store=store).intent == "whatif"


def test_a_possessive_without_its_apostrophe_still_names_the_trust(store):
    assert answer("whats the biggest single thing pulling kchs score down", store=store).trusts == ["RJZ"]
    assert answer("where does the rotherham sit in the league table", store=store).trusts == ["RFR"]


def test_a_death_at_a_trust_last_year_is_declined_in_part_and_not_read_as_a_year_asked(store):
    reply = answer("my dad died at shrewsbury and telford hospital last year, how do they rank", store=store)
    assert reply.declined and reply.trusts == ["RXW"] and not reply.unavailable


def test_is_it_statistically_solid_gives_the_likely_range(store):
    reply = answer("is cheshire and wirral partnerships ranking statistically solid or could it be much higher",
                   store=store)
    assert reply.intent == "position" and any(f.key == "likely_rank_low" for f in reply.facts)
