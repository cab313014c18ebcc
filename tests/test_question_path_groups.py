"""What dev rounds 22-27 taught the question path, checked against NHS England's published figures: a count or
share is said of the group the question names ("what share of London's hospitals are in segment 1?" is 6 of 21,
not 6 of 134), the press's words for regions and segments ("the SW", "NE and Yorks", "tier two"), a trust's place
among its region's trusts, side questions on a list ("which of those are in deficit?") that leave the list in play
for "the bottom one", names typed in the ways people type them, follow-ups asked with nothing before them, one
hospital's A&E, what the override cost a trust, and a trust's neighbours in its table and its area."""

from __future__ import annotations

import pytest

from assistant import Session, answer
from assistant.understanding.tables import canonical_region
from scoring.numbers import unsupported_numbers
from scoring.store import load_store

ACUTE, MHC = "acute", "mental-health-community"


@pytest.fixture(scope="module")
def store():
    return load_store()


def league(store, quarter: str) -> dict[str, tuple[int, int, int]]:
    """code -> (published segment, published position, deficit flag) for one quarter."""
    m = store.metrics[store.metrics["quarter"] == quarter]
    segment = {r.trust_code: (int(r.value), int(r.rank)) for r in m[m["metric_id"] == "OF5000"].itertuples()}
    deficit = {r.trust_code: int(r.value) for r in m[m["metric_id"] == "OF5004"].itertuples()}
    return {code: (seg, rank, deficit.get(code, 0)) for code, (seg, rank) in segment.items()}


def in_region(store, table: str, region: str) -> set[str]:
    trusts = store.trusts[store.trusts["table"] == table]
    return {r.trust_code for r in trusts.itertuples() if canonical_region(r.region) == region}


def counted(reply) -> list[int]:
    return [f.value for f in reply.facts if f.key == "count" and not f.label.endswith(" in all")]


def group_sizes(reply) -> list[int]:
    return [f.value for f in reply.facts if f.key == "count" and f.label.endswith(" in all")]


def talk(store, *questions: str):
    session = Session()
    return [answer(q, session=session, store=store) for q in questions]


def test_a_share_of_a_region_is_a_share_of_that_regions_trusts(store):
    rows = league(store, "Q1 2025/26")
    london = in_region(store, ACUTE, "London") & set(rows)
    in_one = sum(1 for c in london if rows[c][0] == 1)
    reply = answer("what proportion of the capital's hospitals are in seg 1", store=store)
    assert counted(reply) == [in_one] and group_sizes(reply) == [len(london)]
    share = next(f.value for f in reply.facts if f.key == "share")
    assert share == round(100 * in_one / len(london)) and not unsupported_numbers(reply.answer, reply.facts)


def test_a_count_in_a_region_names_the_regions_size_too(store):
    rows = league(store, "Q1 2025/26")
    east = in_region(store, ACUTE, "East of England") & set(rows)
    reply = answer("how many hospitals in the East are in tier two", store=store)
    assert counted(reply) == [sum(1 for c in east if rows[c][0] == 2)] and group_sizes(reply) == [len(east)]


@pytest.mark.parametrize(("question", "region"), [
    ("worst 5 hospital trusts in the SW", "South West"),
    ("bottom 5 acute hospitals in the NW", "North West"),
    ("worst 5 acute trusts in NE and yorks", "North East and Yorkshire"),
    ("are more than half of the south east's acute hospitals in segment 3 or 4", "South East"),
])
def test_the_press_words_for_regions_pick_that_region(store, question: str, region: str):
    reply = answer(question, store=store)
    assert reply.trusts and set(reply.trusts) <= in_region(store, ACUTE, region)


def test_se_london_is_london_not_the_south_east(store):
    reply = answer("how many hospitals in SE London are in segment 4", store=store)
    rows = league(store, "Q1 2025/26")
    london = in_region(store, ACUTE, "London") & set(rows)
    assert counted(reply) == [sum(1 for c in london if rows[c][0] == 4)]


def test_the_bottom_two_segments_are_segments_3_and_4_and_most_is_checked(store):
    quarter = store.quarters_of(MHC)[-1]
    rows = league(store, quarter)
    midlands = in_region(store, MHC, "Midlands") & set(rows)
    low = sum(1 for c in midlands if rows[c][0] in (3, 4))
    reply = answer("is it true most mental health and community trusts in midlands are in the bottom two segments",
                   store=store)
    assert counted(reply)[0] == low and group_sizes(reply) == [len(midlands)]
    assert reply.corrects_premise == (2 * low <= len(midlands))


def test_a_trusts_place_among_its_regions_trusts_comes_first(store):
    rows = league(store, "Q1 2025/26")
    north_west = in_region(store, ACUTE, "North West") & set(rows)
    place = 1 + sum(1 for c in north_west if rows[c][1] < rows["R0A"][1])
    reply = answer("where does manchester university come among acute hospitals in north west", store=store)
    assert reply.intent == "table" and set(reply.trusts) == north_west
    assert any(f.key == "group_place" and f.trust == "R0A" and f.value == place for f in reply.facts)
    assert reply.answer.splitlines()[0].startswith("Manchester University NHS Foundation Trust is")


def test_the_bottom_one_after_a_side_question_is_the_bottom_of_the_list_before_it(store):
    quarter = store.quarters_of(MHC)[-1]
    rows = league(store, quarter)
    midlands = sorted(in_region(store, MHC, "Midlands") & set(rows), key=lambda c: rows[c][1])
    bottom_five = midlands[-5:]
    listed, deficit, why = talk(store, "worst 5 mental health & community trusts in the midlands",
                                "which of those are in deficit?", "whats dragging the bottom one down")
    assert set(listed.trusts) == set(bottom_five)
    assert set(deficit.trusts) == {c for c in bottom_five if rows[c][2] == 1}
    assert counted(deficit) == [len(deficit.trusts)] and group_sizes(deficit) == [5]
    assert why.intent == "position" and why.trusts == [bottom_five[-1]]


def test_a_side_question_that_lists_none_still_leaves_the_list_in_play(store):
    quarter = store.quarters_of(MHC)[-1]
    rows = league(store, quarter)
    london = sorted(in_region(store, MHC, "London") & set(rows), key=lambda c: rows[c][1])
    _, deficit, why = talk(store, "bottom 5 mental health and community trusts in london",
                           "which of those are in deficit?", "whats dragging the bottom one down")
    assert counted(deficit) == [sum(rows[c][2] for c in london[-5:])]
    assert why.trusts == [london[-1]]


def test_the_bottom_of_the_region_in_another_quarter_continues_the_list(store):
    first = store.quarters_of(MHC)[1]
    rows = league(store, first)
    north_west = sorted(in_region(store, MHC, "North West") & set(rows), key=lambda c: rows[c][1])
    replies = talk(store, "bottom 5 mental health trusts in the NW", "whats dragging the bottom one down",
                   f"and the bottom of the region back in {first[:2]}?")
    assert set(replies[-1].trusts) == set(north_west[-5:])


@pytest.mark.parametrize(("question", "code"), [
    ("which is better, the hospital in lincoln or the rotherham trust", "RWD"),
    ("great westen hospital swindon ranking", "RN3"),
    ("has DHC dorset gone up since last quarter", "RDY"),
    ("why has dhcft got worse since q1?", "RXM"),
    ("littlemore could really be anywhere from what to what in the table?", "RNU"),
])
def test_names_as_people_type_them(store, question: str, code: str):
    assert answer(question, store=store).trusts[0] == code


def test_a_named_trust_ahead_of_them_is_compared_with_the_last_trust(store):
    quarter = store.quarters_of(MHC)[-1]
    rows = league(store, quarter)
    *_, compared, ranged = talk(store, "where is lypft in the mental health and community table", "and where is slam",
                                "so is leeds and york partnership ahead of them or behind",
                                "whats the likely range of the first one's rank")
    assert compared.intent == "compare" and compared.trusts == ["RGD", "RV5"]
    assert any(f.trust == "RGD" and f.key == "rank" and f.value == rows["RGD"][1] for f in compared.facts)
    assert ranged.trusts == ["RGD"]


def test_one_trust_against_everywhere_else_is_its_position(store):
    reply = answer("how bad is north tees compared to everywhere else", store=store)
    assert reply.intent == "position" and reply.trusts == ["RVW"]


@pytest.mark.parametrize(("question", "code"), [
    ("which surgeon should I ask for at hinchingbrooke hospital? is the trust any good overall", "RGN"),
    ("the stroke ward at tameside general was awful, what segment is the trust", "RMP"),
    ("the crisis team at NLFT never called back. where are they in the league?", "G6V2S"),
])
def test_a_part_declined_still_gives_the_trusts_position(store, question: str, code: str):
    reply = answer(question, store=store)
    assert reply.declined and reply.intent == "position" and reply.trusts == [code]


def test_a_ward_there_is_that_trusts_ward(store):
    _, ward = talk(store, "how is surrey and borders doing", "how is the children's ward there?")
    assert ward.declined and ward.trusts == ["RXX"]


def test_booking_is_declined_with_where_to_go(store):
    reply = answer("can you book me an appointment at airedale hospital", store=store)
    assert reply.intent == "out_of_scope" and reply.declined and "appointments" in reply.answer


@pytest.mark.parametrize("question", ["why?", "which of those are in deficit?", "how about the one above them?",
                                      "and without the deficit rule?", "compare the two"])
def test_a_follow_up_with_nothing_before_it_is_asked_back(store, question: str):
    reply = answer(question, store=store)
    assert reply.needs_clarification and not reply.trusts and not unsupported_numbers(reply.answer, reply.facts)


@pytest.mark.parametrize(("question", "code"), [
    ("what about the a&e at yeovil district hospital, is it in the league table", "RH5"),
    ("how long is the a&e wait at wythenshawe itself, and where is the trust overall", "R0A"),
    ("the a&e at the alex in redditch is always rammed, how does it do in the league table", "RWP"),
])
def test_one_hospitals_own_a_and_e_is_said_not_to_be_measured(store, question: str, code: str):
    reply = answer(question, store=store)
    assert reply.trusts == [code] and reply.unavailable and reply.answer.startswith("The league tables don't measure")


def test_a_trust_named_after_its_one_hospital_is_the_trust_not_a_site(store):
    reply = answer("how is the a&e at george eliot", store=store)
    assert reply.trusts == ["RLT"] and not reply.unavailable


def test_an_icb_named_like_a_trust_is_the_board(store):
    board = answer("how does nhs kent and medway icb score in the oversight framework", store=store)
    assert not board.trusts and board.unavailable
    area = answer("what's the ICB score for the area merseycare is in", store=store)
    assert area.trusts == ["RW4"] and area.unavailable


@pytest.mark.parametrize(("question", "code", "quarter"), [
    ("how much has the finance rule cost bradford teaching hospitals in the rankings", "RAE", "Q1 2025/26"),
    ("how many places did hertfordshire partnership university lose to the override", "RWR", None),
])
def test_what_the_override_cost_a_trust_is_a_what_if(store, question: str, code: str, quarter: str | None):
    quarter = quarter or store.quarters_of(MHC)[-1]
    reply = answer(question, store=store)
    assert reply.intent == "whatif" and reply.trusts == [code]
    assert any(f.key == "rank" and f.trust == code and f.value == league(store, quarter)[code][1] for f in reply.facts)


def test_kept_out_of_segment_1_by_the_deficit_rule_lists_those_held_back(store):
    m = store.metrics[store.metrics["quarter"] == "Q1 2025/26"]
    unadjusted = {r.trust_code: int(r.value) for r in m[m["metric_id"] == "OF5003"].itertuples()}
    rows = league(store, "Q1 2025/26")
    expected = {c for c, (seg, _, _) in rows.items() if seg == 3 and unadjusted.get(c) == 1
                and store.trusts.set_index("trust_code").loc[c, "table"] == ACUTE}
    reply = answer("list all the trusts kept out of segment 1 by the deficit rule", store=store)
    assert counted(reply)[0] == len(expected) and expected <= set(reply.trusts)


def test_can_we_say_checks_the_claim(store):
    quarter = store.quarters_of(MHC)[-1]
    rows = league(store, quarter)
    region = in_region(store, MHC, "North East and Yorkshire") & set(rows)
    best = min(region, key=lambda c: rows[c][1])
    reply = answer("can we say south west yorkshire partnership is the best of the mental health and community "
                   "trusts in the north east and yorkshire", store=store)
    assert reply.intent == "position" and reply.trusts == ["RXG"] and not reply.declined
    assert reply.corrects_premise == (best != "RXG")


def test_the_one_above_is_the_next_place_up_not_a_trust_tied_with_it(store):
    rows = league(store, "Q1 2025/26")
    acute = {c: v for c, v in rows.items() if store.trusts.set_index("trust_code").loc[c, "table"] == ACUTE}
    _, above = talk(store, "how's the royal lancaster infirmary doing in the league tables",
                    "how about the one above them?")
    assert acute[above.trusts[0]][1] == max(v[1] for v in acute.values() if v[1] < acute["RTX"][1])


def test_our_region_after_a_trust_is_its_region_in_its_table(store):
    rows = league(store, "Q1 2025/26")
    south_east = in_region(store, ACUTE, "South East") & set(rows)
    _, top = talk(store, "qvh east grinstead position", "who's top in our region?")
    assert top.trusts == [min(south_east, key=lambda c: rows[c][1])]


@pytest.mark.parametrize(("first", "follow_up", "code"), [
    ("dorset county hospital dorchester how are they doing", "and the mental health trust down there", "RDY"),
    ("derbyshire healthcare nhs ft", "and the community one", "RY8"),
])
def test_another_kind_of_trust_in_the_same_place(store, first: str, follow_up: str, code: str):
    assert talk(store, first, follow_up)[-1].trusts == [code]


def test_a_season_alone_is_a_follow_up_about_the_last_trust(store):
    summer = store.quarters_of(MHC)[1]
    _, reply = talk(store, "north london nhs foundation trust where are we", "in the summer?")
    assert reply.trusts == ["G6V2S"] and reply.quarter == summer


def test_two_quarters_of_our_own_trust_are_a_move(store):
    _, reply = talk(store, "cornwall partnership trust where are we now", "how did we do in q3 compared to q1")
    assert reply.intent == "movement" and reply.trusts == ["RJ8"]


@pytest.mark.parametrize(("question", "code"), [
    ("are prospect park hospital in reading in segment 1", "RWX"),
    ("parking at milton keynes hospital is a joke where are they in the league", "RD8"),
])
def test_a_town_or_an_idiom_beside_a_hospital_adds_no_trust_and_declines_nothing(store, question: str, code: str):
    reply = answer(question, store=store)
    assert reply.trusts == [code] and not reply.declined


@pytest.mark.parametrize("question", ["where is st swithins general hospital ranked",
                                      "how is Fakeville Hospital NHS Trust doing"])
def test_a_hospital_we_do_not_know_is_asked_back(store, question: str):
    reply = answer(question, store=store)
    assert reply.needs_clarification and not reply.trusts


@pytest.mark.parametrize("question", ["my chest hurts when i breathe what should i do",
                                      "which hospital should i go to for my hip op in kent"])
def test_medical_advice_and_choosing_where_to_go_are_declined_outright(store, question: str):
    reply = answer(question, store=store)
    assert reply.intent == "out_of_scope" and reply.declined and not reply.trusts


def test_is_the_next_towns_hospital_any_better_compares_the_two(store):
    rows = league(store, "Q1 2025/26")
    _, reply = talk(store, "how is airedale", "is leighton hospital any better")
    assert reply.intent == "compare" and set(reply.trusts) == {"RBT", "RCF"}
    assert {(f.trust, f.value) for f in reply.facts if f.key == "rank"} >= {("RBT", rows["RBT"][1]),
                                                                              ("RCF", rows["RCF"][1])}


@pytest.mark.parametrize(("question", "code", "region"), [
    ("somerset vs the other trusts in our region - where do we stand", "RH5", "South West"),
    ("for the board: how does university hospitals sussex compare with its regional peers in the table", "RYR",
     "South East"),
])
def test_a_trust_against_its_regional_peers_is_the_regions_table(store, question: str, code: str, region: str):
    rows = league(store, "Q1 2025/26")
    reply = answer(question, store=store)
    assert reply.intent == "table" and set(reply.trusts) == in_region(store, ACUTE, region) & set(rows)
    assert any(f.key == "group_place" and f.trust == code for f in reply.facts)


def test_the_worst_in_our_region_is_checked_in_the_trusts_region(store):
    rows = league(store, "Q1 2025/26")
    london = in_region(store, ACUTE, "London") & set(rows)
    worst = max(london, key=lambda c: rows[c][1])
    reply = answer("is hillingdon really the worst trust in our region like the paper says", store=store)
    assert reply.corrects_premise == (worst != "RAS") and worst in reply.trusts


def test_now_and_a_year_not_held_is_a_move_that_says_the_year_is_not_held(store):
    reply = answer("where is stockport now and where was it in 2024?", store=store)
    assert reply.intent == "movement" and reply.trusts == ["RWJ"] and reply.unavailable


def test_staff_numbers_are_not_measured(store):
    reply = answer("how many staff work at county durham and darlington", store=store)
    assert reply.trusts == ["RXP"] and reply.unavailable == ["staff numbers"]


def test_should_she_switch_is_declined(store):
    _, reply = talk(store, "how is oxleas doing", "should she switch to a different service")
    assert reply.declined
