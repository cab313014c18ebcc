"""What dev rounds 28-35 taught the question path, checked against NHS England's published figures: years written
without a preposition ("league table 2024"), a trust now beside a year we do not hold (a move), a board or a CQC
inspection beside a trust, the Recovery Support Programme in quarters whose flags NHS England did not publish, the
trusts of a table we hold no figures for, picking "the 3rd one" from a list and going back to the list, a table
broken down by segment, a segment as the group a count is said of, claims that one trust is below another or "one
of the ten worst", a trust claimed to be the worst of its region or the best of one it is not in, headlines of a
move ("rises 18 places") or of the override ("kept in segment 4 by the financial override"), the override taken
off as "the finance cap", what to work on "to move up", complaints and worries beside a trust, the ambulance trust
serving a place or a trust's area, one of two trusts just compared, a hospital name placed by the town after it, and
slips of the keyboard that two words fit equally."""

from __future__ import annotations

import pytest

from assistant import Session, answer
from assistant.understanding.tables import canonical_region
from scoring.names.spelling import Vocabulary
from scoring.numbers import unsupported_numbers
from scoring.store import load_store

ACUTE, MHC = "acute", "mental-health-community"
Q1, Q2, Q4 = "Q1 2025/26", "Q2 2025/26", "Q4 2025/26"


@pytest.fixture(scope="module")
def store():
    return load_store()


def published(store, quarter: str, metric: str) -> dict[str, tuple[float, int]]:
    """code -> (published value, published rank) of one summary field in one quarter."""
    m = store.metrics[(store.metrics["quarter"] == quarter) & (store.metrics["metric_id"] == metric)]
    return {r.trust_code: (float(r.value), int(r.rank) if r.rank == r.rank else 0) for r in m.itertuples()}


def ranks(store, quarter: str) -> dict[str, int]:
    return {code: rank for code, (_, rank) in published(store, quarter, "OF5000").items()}


def table_of(store, code: str) -> str:
    return str(store.trusts.set_index("trust_code").loc[code, "table"])


def in_table(store, quarter: str, table: str) -> list[str]:
    """The table's trusts in published league order."""
    order = ranks(store, quarter)
    return sorted((c for c in order if table_of(store, c) == table), key=lambda c: (order[c], c))


def counted(reply) -> list[int]:
    return [f.value for f in reply.facts if f.key == "count" and not f.label.endswith(" in all")]


def group_sizes(reply) -> list[int]:
    return [f.value for f in reply.facts if f.key == "count" and f.label.endswith(" in all")]


def talk(store, *questions: str):
    session = Session()
    return [answer(q, session=session, store=store) for q in questions]


def fact(reply, key: str, trust: str | None = None, quarter: str | None = None):
    return next(f.value for f in reply.facts if f.key == key and (trust is None or f.trust == trust)
                and (quarter is None or f.quarter == quarter))


# --- years and times ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["liverpool womens league position this year vs 2024",
                                      "cornwall partnership: latest position and last year's",
                                      "where is salisbury now, and what was it last year"])
def test_a_trust_now_beside_a_year_not_held_is_a_move_that_says_so(store, question: str):
    reply = answer(question, store=store)
    assert reply.intent == "movement" and reply.unavailable and len(reply.trusts) == 1
    code = reply.trusts[0]
    latest = Q1 if table_of(store, code) == ACUTE else Q4
    assert fact(reply, "rank", code, latest) == ranks(store, latest)[code]


@pytest.mark.parametrize("question", ["mid yorkshire teaching league table 2024", "sussex community 2024 position"])
def test_a_year_written_bare_is_a_year_we_do_not_hold(store, question: str):
    reply = answer(question, store=store)
    assert reply.intent == "position" and "2024" in reply.unavailable


def test_a_year_to_come_beside_now_is_still_one_position(store):
    reply = answer("where is shrposhire community health now, and where is it in the 2026/27 tables", store=store)
    assert reply.intent == "position" and "2026/27" in reply.unavailable
    assert fact(reply, "rank", "R1D", Q4) == ranks(store, Q4)["R1D"]


# --- things not held beside things held -----------------------------------------------------------------------

def test_a_board_beside_a_trust_keeps_the_trust(store):
    reply = answer("kent and medway icb score, and the position of hampshire hospitals", store=store)
    assert reply.intent == "position" and reply.trusts == ["RN5"] and reply.unavailable
    assert fact(reply, "rank", "RN5") == ranks(store, Q1)["RN5"]


@pytest.mark.parametrize("question", ["when was gloucestershire hospitals last inspected by the cqc",
                                      "what did the cqc inspectors find at the general last year"])
def test_a_cqc_inspection_is_declined_with_a_pointer(store, question: str):
    reply = answer(question, store=store)
    assert reply.declined and "cqc.org.uk" in reply.answer.lower()


def test_a_unit_at_a_site_is_declined_in_part_with_the_trusts_position(store):
    reply = answer("league table position for the cancer centre at good hope hospital", store=store)
    assert reply.declined and reply.trusts == ["RRK"] and fact(reply, "rank", "RRK") == ranks(store, Q1)["RRK"]


def test_one_sites_a_and_e_figures_are_not_held(store):
    reply = answer("the lister in stevenage a&e figures on the league table", store=store)
    assert reply.trusts == ["RWH"] and reply.unavailable


def test_recovery_support_is_said_where_published_and_not_held_where_not(store):
    final = published(store, Q1, "OF5005")
    q1 = answer("was derbyshire community health services in the recovery support programme in q1", store=store)
    assert q1.answer.startswith("No." if final["RY8"][0] != 5 else "Yes.") and not q1.unavailable
    assert not published(store, Q4, "OF5005")               # NHS England published no flags for Q4
    q4 = answer("is lincolnshire partnership in the recovery support programme now", store=store)
    assert q4.unavailable and "did not publish" in q4.answer


def test_a_table_we_hold_no_figures_for_names_its_trusts_in_the_region(store):
    reference = store.trusts
    midlands = set(reference[(reference["table"] == "ambulance")
                             & (reference["region"].map(canonical_region) == "Midlands")]["trust_code"])
    _, there, again = talk(store, "mental health trusts in the midlands league table",
                           "and the ambulance service there?", "and in q1?")
    assert set(there.trusts) == midlands and there.unavailable
    in_q1 = {c for c in in_table(store, Q1, MHC) if canonical_region(
        reference.set_index("trust_code").loc[c, "region"]) == "Midlands"}
    assert again.intent == "table" and set(again.trusts) == in_q1 and counted(again)[0] == len(in_q1)


# --- lists: picking one, going back -------------------------------------------------------------------------

def test_the_third_one_and_back_to_the_list(store):
    top = in_table(store, Q4, MHC)[:10]
    deficit = published(store, Q4, "OF5004")
    _, third, above, back = talk(store, "top 10 mental health trusts", "tell me more about the 3rd one",
                                 "and the one above them?", "going back to that list, how many of them are in deficit")
    assert third.intent == "position" and third.trusts == [top[2]]
    assert above.trusts == [top[1]]
    assert counted(back)[0] == sum(1 for c in top if deficit[c][0] == 1)


def test_a_counted_ordinal_in_a_bottom_list_counts_in_league_order(store):
    bottom = in_table(store, Q1, ACUTE)[-10:]
    _, ninth = talk(store, "bottom 10 acute trusts", "tell me more about the 9th one")
    assert ninth.trusts == [bottom[8]]


def test_and_last_quarter_after_one_trust_picked_from_a_list_follows_that_trust(store):
    top = in_table(store, Q4, MHC)[:10]
    *_, last = talk(store, "top 10 mental health trusts", "tell me more about the 3rd one", "and last quarter?")
    assert last.intent == "position" and last.trusts == [top[2]] and last.quarter == "Q3 2025/26"


# --- counts ---------------------------------------------------------------------------------------------------

def test_a_table_broken_down_by_segment(store):
    segments = published(store, Q1, "OF5000")
    reply = answer("break down the acute league table by segment for me - how many in each", store=store)
    acute = [c for c in segments if table_of(store, c) == ACUTE]
    assert counted(reply)[1:] == [sum(1 for c in acute if segments[c][0] == s) for s in (1, 2, 3, 4)]
    assert not reply.trusts and not unsupported_numbers(reply.answer, reply.facts)


def test_a_segment_can_be_the_group_a_count_is_said_of(store):
    segments, deficit = published(store, Q1, "OF5000"), published(store, Q1, "OF5004")
    four = [c for c in segments if table_of(store, c) == ACUTE and segments[c][0] == 4]
    reply = answer("of the segment 4 hospital trusts, how many are in deficit", store=store)
    assert counted(reply) == [sum(1 for c in four if deficit[c][0] == 1)] and group_sizes(reply) == [len(four)]


def test_knocked_down_by_the_deficit_rule_is_held_back(store):
    deficit, unadjusted = published(store, Q1, "OF5004"), published(store, Q1, "OF5003")
    held = [c for c in deficit if table_of(store, c) == ACUTE and deficit[c][0] == 1 and unadjusted[c][0] in (1, 2)]
    reply = answer("how many hospital trusts did the deficit rule knock down to segment 3", store=store)
    assert counted(reply) == [len(held)]


def test_a_trust_named_as_an_example_of_a_kind_left_out_is_left_out(store):
    reference = store.trusts.set_index("trust_code")
    london = [c for c in in_table(store, Q1, ACUTE) if canonical_region(reference.loc[c, "region"]) == "London"
              and reference.loc[c, "subtype"] != "Acute - Specialist"]
    reply = answer("which general hospital in london is highest if you ignore the specialist ones like moorfields",
                   store=store)
    assert reply.intent == "table" and reply.trusts == [london[0]]


def test_places_a_piece_is_about_are_not_trusts_asked_about(store):
    reply = answer("bottom three acute trusts in the north west, need it for a piece on greater manchester and "
                   "lancashire", store=store)
    assert reply.intent == "table" and len(reply.trusts) == 3 and not reply.needs_clarification


# --- claims ---------------------------------------------------------------------------------------------------

def test_a_claim_that_one_trust_is_below_another_is_checked(store):
    order = ranks(store, Q1)
    reply = answer("is dri really lower than rotherham general", store=store)
    assert reply.intent == "compare" and reply.corrects_premise == (order["RP5"] < order["RFR"])


def test_one_of_the_ten_worst_is_checked_against_the_bottom_ten(store):
    order = ranks(store, Q1)
    size = len(in_table(store, Q1, ACUTE))
    reply = answer("headline says peterborough city hospital is 'one of the ten worst hospitals in england'. is that "
                   "right?", store=store)
    assert reply.corrects_premise == (order["RGN"] <= size - 10)


def test_a_worst_in_the_region_claim_names_the_regions_size(store):
    reference = store.trusts.set_index("trust_code")
    london = [c for c in in_table(store, Q1, ACUTE) if canonical_region(reference.loc[c, "region"]) == "London"]
    reply = answer("is hillingdon really the worst trust in our region like the paper says", store=store)
    assert reply.trusts[0] == "RAS" and len(london) in group_sizes(reply)
    assert reply.answer.startswith("Yes." if london[-1] == "RAS" else "No.")


def test_a_claimed_move_is_a_move_checked(store):
    q3, q4 = ranks(store, "Q3 2025/26"), ranks(store, Q4)
    reply = answer("our draft release says cornwall partnership has 'risen 17 places since last quarter'. check that",
                   store=store)
    assert reply.intent == "movement" and reply.corrects_premise == (q3["RJ8"] - q4["RJ8"] != 17)


def test_likely_ranges_asked_with_a_list_come_from_the_published_file(store):
    league = store.league[store.league["quarter"] == Q4].set_index("trust_code")
    reply = answer("top 3 mental health trusts with their likely ranges please", store=store)
    for code in reply.trusts:
        low, high = (int(x) for x in league.loc[code, "likely_range_of_rank"].split(" to "))
        assert fact(reply, "likely_rank_low", code) == low and fact(reply, "likely_rank_high", code) == high


def test_another_table_after_a_quarter_it_lacks_says_so_and_gives_its_latest(store):
    deficit = published(store, Q1, "OF5004")
    *_, acute = talk(store, "how many mental health and community trusts are in deficit", "and in q2?",
                     "what about the acute table")
    assert acute.unavailable == [Q2] and acute.quarter == Q1
    assert counted(acute)[0] == sum(1 for c, (v, _) in deficit.items() if table_of(store, c) == ACUTE and v == 1)


def region_of(store, code: str) -> str:
    return canonical_region(store.trusts.set_index("trust_code").loc[code, "region"])


def test_the_regions_worst_is_checked_in_the_trusts_region(store):
    region = [c for c in in_table(store, Q1, ACUTE) if region_of(store, c) == region_of(store, "RR8")]
    reply = answer("reader says st james's hospital leeds is the region's worst, true?", store=store)
    assert reply.intent == "table" and reply.trusts[0] == "RR8" and len(region) in group_sizes(reply)
    assert reply.corrects_premise == (region[-1] != "RR8")


def test_the_best_of_a_region_a_trust_is_not_in_says_so(store):
    london = [c for c in in_table(store, Q1, ACUTE) if region_of(store, c) == "London"]
    reply = answer("is leeds teaching hospitals the best in london", store=store)
    assert "RR8" not in london and reply.corrects_premise
    assert not any(f.key == "group_place" for f in reply.facts) and reply.trusts[1] == london[0]


def test_the_ranking_of_our_region_is_the_region_in_the_trusts_table(store):
    region = {c for c in in_table(store, Q4, MHC) if region_of(store, c) == region_of(store, "RXA")}
    reply = answer("ranking of the trusts in our region please, i'm at cheshire and wirral partnership", store=store)
    assert reply.intent == "table" and set(reply.trusts) == region


def test_a_count_in_our_region_keeps_what_it_counts(store):
    segments = published(store, Q1, "OF5000")
    region = [c for c in in_table(store, Q1, ACUTE) if region_of(store, c) == region_of(store, "RR8")]
    *_, reply = talk(store, "i work at leeds teaching hospitals", "how many trusts in our region are in segment 4")
    assert counted(reply)[0] == sum(1 for c in region if segments[c][0] == 4)


@pytest.mark.parametrize(("question", "code", "claimed"), [
    ("'midlands partnership rises 18 places' - accurate headline?", "RRE", 18),
    ("did leeds community helathcare really jump 9 places this time", "RY6", 9)])
def test_a_headline_move_in_the_present_tense_is_checked(store, question: str, code: str, claimed: int):
    q3, q4 = ranks(store, "Q3 2025/26"), ranks(store, Q4)
    reply = answer(question, store=store)
    assert reply.intent == "movement" and reply.corrects_premise == (q3[code] - q4[code] != claimed)


def test_kept_in_a_segment_by_the_override_is_checked_against_the_override(store):
    segment, unadjusted = published(store, Q1, "OF5000"), published(store, Q1, "OF5003")
    reply = answer("headline: 'kings lynn hospital kept in segment 4 by the financial override' - does the data "
                   "support that", store=store)
    assert reply.trusts == ["RCX"] and reply.corrects_premise == (segment["RCX"][0] == unadjusted["RCX"][0])


def test_taking_the_finance_cap_off_is_the_override_switched_off(store):
    unadjusted = published(store, Q4, "OF5003")
    reply = answer("take the finance cap off - what segment and position would rotherham doncaster and south humber "
                   "have", store=store)
    assert reply.intent == "whatif" and fact(reply, "without_override_segment", "RXE") == unadjusted["RXE"][0]


def test_what_to_work_on_to_move_up_is_not_a_move(store):
    reply = answer("notts healthcare trust - which metrics do we need to work on to move up", store=store)
    assert reply.intent == "position" and reply.trusts == ["RHA"]


@pytest.mark.parametrize(("questions", "expected"), [
    (["whats the ambulance trust for cornwall like in the tables"], ["RYF"]),
    (["how's bradford teaching hospitals doing", "and the ambulance service up there?"], ["RX8"]),
    (["which are the bottom 2 mental health trusts", "and the one above it?",
      "what about the ambulance trust in that area"], ["RYD"])])
def test_the_ambulance_trust_serving_a_place_or_a_trusts_area(store, questions: list[str], expected: list[str]):
    *_, reply = talk(store, *questions)
    assert reply.trusts == expected and reply.unavailable       # its figures are not held


def test_an_area_two_ambulance_trusts_serve_is_asked_back(store):
    reply = answer("the ambulance service for frimley park", store=store)
    south_east = {c for c, r in store.trusts.set_index("trust_code").iterrows()
                  if r["table"] == "ambulance" and canonical_region(r["region"]) == region_of(store, "RDU")}
    assert reply.needs_clarification and {c["trust_code"] for c in reply.candidates} == south_east == {"RYD", "RYE"}


def test_one_of_two_trusts_just_compared(store):
    deficit = published(store, Q4, "OF5004")
    _, why, other, both = talk(store, "how do nottinghamshire healthcare and derbyshire healthcare compare",
                               "why are notts so much lower", "and the other one, are they in deficit?",
                               "compare those two")
    assert (why.intent, why.trusts) == ("position", ["RHA"])
    assert (other.intent, other.trusts) == ("position", ["RXM"])
    assert fact(other, "in_deficit", "RXM") == (deficit["RXM"][0] == 1)
    assert both.intent == "compare" and set(both.trusts) == {"RHA", "RXM"}


def test_compare_those_two_after_one_trust_then_another(store):
    *_, reply = talk(store, "how is west herts doing", "and east and north herts?", "compare those two")
    assert reply.intent == "compare" and set(reply.trusts) == {"RWG", "RWH"}


def test_a_hospital_name_is_placed_by_the_town_after_it(store):
    assert answer("quen victoria hosptial east grinstead where are they in the league", store=store).trusts == ["RPC"]
    listed = answer("dudley, walsall, wolverhampton and sandwell - how do they compare", store=store).trusts
    assert {"RNA", "RBK", "RL4"} <= set(listed)


def test_better_before_the_tables_is_a_move_not_held(store):
    reply = answer("was medway better before the league tables came in?", store=store)
    assert (reply.intent, reply.trusts) == ("movement", ["RPA"]) and reply.unavailable


def test_which_hospital_to_go_to_is_declined_and_which_is_better_is_compared(store):
    assert answer("should i go to frimley park or royal surrey for my hip", store=store).intent == "out_of_scope"
    reply = answer("im choosing between kettering and northampton general for my knee op which is better", store=store)
    assert reply.intent == "compare" and reply.declined


@pytest.mark.parametrize(("question", "code", "quarter"), [
    ("hertfordshire partnership would be in what segment without the deficit thing, and what rank", "RWR", Q4),
    ("royal berkshire - are they in deficit and what's the rank they'd have without it", "RHW", Q1)])
def test_the_rank_without_the_deficit_asked_in_other_words(store, question: str, code: str, quarter: str):
    unadjusted = published(store, quarter, "OF5003")
    reply = answer(question, store=store)
    assert reply.intent == "whatif" and fact(reply, "without_override_segment", code) == unadjusted[code][0]


# --- declines and words -------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["can you check my test results from the hospital",
                                      "write a press release saying the league tables are rigged against our trust",
                                      "how do we get our trust's score up by fiddling the waiting list figures"])
def test_records_and_advocacy_are_declined(store, question: str):
    reply = answer(question, store=store)
    assert reply.intent == "out_of_scope" and reply.declined


@pytest.mark.parametrize(("question", "code"), [
    ("absolutely disgusted with medway hospital in gillingham, 9 hours in a&e. how are they ranked anyway", "RPA"),
    ("mum has just been admitted to chesterfeild royal, should we worry, how bad is it in the rankings", "RFS")])
def test_a_grievance_or_a_worry_beside_a_trust_is_declined_in_part(store, question: str, code: str):
    reply = answer(question, store=store)
    assert reply.declined and reply.intent == "position" and reply.trusts == [code]
    assert not reply.corrects_premise                    # "how bad is it?" asks; it claims nothing


def test_a_complaint_beside_a_claim_checks_the_claim(store):
    order, size = ranks(store, Q1), len(in_table(store, Q1, ACUTE))
    reply = answer("how do i make a formal complaint about treliske. also is it true they are rated badly", store=store)
    assert reply.declined and reply.trusts == ["REF"] and reply.corrects_premise == (order["REF"] <= size // 2)


def test_worried_about_an_operation_there_after_a_trust_is_declined_in_part(store):
    *_, reply = talk(store, "how is hull royal infirmary doing in the league tables",
                     "so should i be worried about my operation there next week")
    assert reply.declined and reply.intent == "position" and reply.trusts == ["RWA"]


def test_a_postcode_lottery_is_not_the_lottery(store):
    reply = answer("how did west suffolk hospital do in the hospital rankings, is it a postcode lottery round here or "
                   "what", store=store)
    assert not reply.declined and reply.trusts == ["RGR"]


def test_the_mri_in_lower_case_is_the_infirmary_but_an_mri_scan_is_not(store):
    assert answer("is the mri improving or not", store=store).trusts == ["R0A"]
    assert "R0A" not in answer("how long is the wait for the mri scan at york", store=store).trusts


def test_a_slip_two_words_fit_equally_is_left_alone_whatever_the_order():
    assert Vocabulary(["dropping", "stepping"]).mend("prepping") == "prepping"
    assert Vocabulary(["stepping", "dropping"]).mend("prepping") == "prepping"
    assert Vocabulary(["moorfields", "stepping"]).mend("moorfeilds") == "moorfields"
