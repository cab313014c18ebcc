"""What dev rounds 12-13 and the lead's own probes taught the question path, checked against NHS England's published
figures: a figure asked for outright is answered first ("what's our likely range?", "is it in deficit?"), and a
follow-up keeps the conversation's table, region and trust ("how many in segment 4 there?", "and in Q1?" after
"who is just above them?", "and the ambulance service there?")."""

from __future__ import annotations

import csv

import pytest

from assistant import Session, answer
from assistant.understanding.tables import canonical_region
from nhs_league.settings import raw_data_dir
from scoring.numbers import unsupported_numbers
from scoring.store import load_store

ACUTE, MHC = "acute", "mental-health-community"


@pytest.fixture(scope="module")
def store():
    return load_store()


def counted(reply) -> list[int]:
    """The numbers an answer counts (not the size of the group it counts in: "of the 21 acute trusts in London")."""
    return [f.value for f in reply.facts if f.key == "count" and not f.label.endswith(" in all")]


def talk(store, *questions: str):
    session = Session()
    return [answer(q, session=session, store=store) for q in questions]


def published(store, quarter: str, metric: str) -> dict[str, float]:
    m = store.metrics
    rows = m[(m["quarter"] == quarter) & (m["metric_id"] == metric)]
    return {r.trust_code: r.value for r in rows.itertuples()}


def league_file_rows() -> dict[str, dict[str, str]]:
    path = next(raw_data_dir().glob("*league_table*.csv"))
    with path.open(encoding="utf-8-sig") as handle:
        return {row["Trust_code"]: row for row in csv.DictReader(handle)}


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def test_our_likely_range_after_naming_our_trust_opens_with_nhs_englands_published_range(store):
    row = league_file_rows()["RGD"]
    low, high = (int(part) for part in row["Likely_range_of_rank"].split(" to "))
    _, reply = talk(store, "we're leeds and york partnership, how are we doing", "what's our likely range?")
    assert reply.intent == "position" and reply.trusts == ["RGD"]
    first = reply.answer.split("\n\n")[0]
    assert "NHS England" in first and ordinal(low) in first and ordinal(high) in first
    assert not unsupported_numbers(reply.answer, reply.facts)


@pytest.mark.parametrize(("question", "code"), [("is royal berkshire in deficit", "RHW"),
                                                 ("is leeds and york partnership in deficit?", "RGD")])
def test_is_it_in_deficit_is_answered_yes_or_no_first_from_the_deficit_flag(store, question: str, code: str):
    table = store.trusts.set_index("trust_code").loc[code, "table"]
    quarter = store.quarters_of(table)[-1]
    flagged = published(store, quarter, "OF5004")[code] == 1
    reply = answer(question, store=store)
    assert reply.trusts == [code]
    assert reply.answer.startswith("Yes." if flagged else "No.")
    assert not unsupported_numbers(reply.answer, reply.facts)


def test_how_many_in_a_segment_there_stays_in_the_conversations_table_and_region(store):
    quarter = store.quarters_of(MHC)[-1]
    segments = published(store, quarter, "OF5000")
    trusts = store.trusts.set_index("trust_code")
    midlands_mhc_4 = [c for c, s in segments.items() if s == 4 and trusts.loc[c, "table"] == MHC
                      and trusts.loc[c, "region"] == "Midlands"]
    *_, reply = talk(store, "best mental health trust in the midlands", "and the worst?", "how many in segment 4 there?")
    assert reply.intent == "table"
    assert counted(reply) == [len(midlands_mhc_4)]
    assert "mental health and community" in reply.answer and "acute" not in reply.answer


def test_and_in_an_earlier_quarter_after_who_is_just_above_them_keeps_the_trust_and_table(store):
    first = store.quarters_of(MHC)[0]
    *_, reply = talk(store, "who is bottom of the mental health table", "which trusts are above them",
                         f"and in {first}?")
    bottom = _bottom_of(store, MHC, store.quarters_of(MHC)[-1])
    assert reply.intent == "table" and reply.quarter == first
    assert bottom in reply.answer.split("\n")[0] or any(f.trust == bottom for f in reply.facts)
    assert "acute" not in reply.answer


def _bottom_of(store, table: str, quarter: str) -> str:
    ranks = {c: r for c, r in published_ranks(store, quarter).items()
             if c in set(store.trusts.loc[store.trusts["table"] == table, "trust_code"])}
    code = max(ranks, key=lambda c: ranks[c])
    return str(store.trusts.set_index("trust_code").loc[code, "trust_name"])


def published_ranks(store, quarter: str) -> dict[str, int]:
    m = store.metrics
    rows = m[(m["quarter"] == quarter) & (m["metric_id"] == "OF5000")]
    return {r.trust_code: int(r.rank) for r in rows.itertuples()}


def test_the_ambulance_service_there_is_the_one_serving_the_last_trusts_area(store):
    trusts = store.trusts.set_index("trust_code")
    region = canonical_region(trusts.loc["RWA", "region"])     # the acute file says "North East"
    services = {code for code, row in trusts.iterrows()
                if row["table"] == "ambulance" and canonical_region(row["region"]) == region}
    _, reply = talk(store, "how is hull university teaching hospitals doing", "what about the ambulance service there")
    # Hull's region has two ambulance trusts; Humber and North Yorkshire is Yorkshire Ambulance Service's area
    assert len(services) == 2 and reply.trusts == ["RX8"] and "RX8" in services and reply.unavailable


def test_where_a_trust_will_be_next_year_gives_its_latest_and_says_the_year_is_not_held(store):
    reply = answer("what segment will berkshire healthcare be in next year", store=store)
    latest = store.quarters_of(MHC)[-1]
    assert reply.intent == "position" and reply.trusts == ["RWX"] and not reply.declined
    assert reply.unavailable and reply.quarter == latest
    assert reply.answer.startswith("I can't predict")
    moving = answer("will berkshire healthcare move up next quarter", store=store)
    assert moving.intent == "out_of_scope" and moving.declined


def test_by_how_much_after_a_comparison_compares_the_same_two_trusts(store):
    first, gap = talk(store, "sunderland royal or bradford royal infirmary which is better", "by how much")
    assert first.intent == "compare" and gap.intent == "compare"
    assert set(gap.trusts) == set(first.trusts) == {"R0B", "RAE"}


def test_is_it_higher_than_another_trust_compares_the_two(store):
    _, reply = talk(store, "hows the whittington doing", "is it higher than the royal free?")
    assert reply.intent == "compare" and reply.trusts[:2] == ["RKE", "RAL"]


def test_back_to_us_means_the_trust_the_user_speaks_for(store):
    *_, reply = talk(store, "leicester royal infirmary - can you explain our league table result so I can brief the team",
                     "and how are east midlands ambulance service doing? they bring us most of our patients",
                     "ok back to us - what would it take to reach segment 2")
    assert reply.intent == "whatif" and reply.trusts == ["RWE"]


def test_was_it_better_last_quarter_is_a_move_between_the_two_quarters(store):
    held = store.quarters_of(MHC)
    _, reply = talk(store, "how is lincolnshire community health services doing", "was it better last quarter")
    assert reply.intent == "movement" and reply.trusts == ["RY5"]
    for quarter in held[-2:]:
        assert any(f.key == "rank" and f.quarter == quarter and f.trust == "RY5" for f in reply.facts)
    published_rank = {q: int(r.rank) for q in held[-2:] for r in store.metrics[
        (store.metrics["quarter"] == q) & (store.metrics["metric_id"] == "OF5000") &
        (store.metrics["trust_code"] == "RY5")].itertuples()}
    got = {f.quarter: f.value for f in reply.facts if f.key == "rank" and f.trust == "RY5"}
    assert all(got[q] == published_rank[q] for q in held[-2:])


def test_what_percent_of_a_table_is_a_share_with_its_count_and_table_size(store):
    quarter = store.quarters_of(ACUTE)[-1]
    segments = published(store, quarter, "OF5000")
    acute = set(store.trusts.loc[store.trusts["table"] == ACUTE, "trust_code"])
    in_four = sum(1 for c, s in segments.items() if c in acute and s == 4)
    size = sum(1 for c in segments if c in acute)
    reply = answer("what % of acute trusts are segment 4", store=store)
    counts = sorted(counted(reply))
    assert counts == sorted([in_four, size])
    assert any(f.key == "share" and f.value == round(100 * in_four / size) for f in reply.facts)


def test_every_quarter_this_year_gives_each_quarters_published_average(store):
    held = store.quarters_of(MHC)
    averages = {q: published(store, q, "OF5002")["RRE"] for q in held}
    reply = answer("Midlands Partnership average score each quarter this year", store=store)
    got = {f.quarter: f.value for f in reply.facts if f.key == "average_score" and f.trust == "RRE"}
    assert all(abs(got[q] - averages[q]) < 0.005 for q in held)


@pytest.mark.parametrize(("question", "code"), [
    ("score for the maternity unit at the conquest hospital hastings", "RXC"),
    ("what does the table say about the hinchingbrooke site specifically, not the whole trust", "RGN"),
])
def test_one_ward_or_site_is_declined_in_part_with_the_whole_trusts_position(store, question: str, code: str):
    reply = answer(question, store=store)
    assert reply.intent == "position" and reply.trusts == [code] and reply.declined
    assert reply.answer.startswith("The league tables score whole trusts")
    assert any(f.key == "rank" and f.trust == code for f in reply.facts)


def test_an_a_and_e_department_is_the_trusts_a_and_e_measure_not_declined(store):
    reply = answer("how did the A&E department at york do on the 4 hour target", store=store)
    assert reply.trusts == ["RCB"] and not reply.declined


@pytest.mark.parametrize(("question", "code"), [
    ("are the paramedics in the west midlands in segment 1?", "RYA"),
    ("how is the east midlands 999 service doing", "RX9"),
])
def test_an_ambulance_service_named_by_its_area_is_that_trust_and_not_held(store, question: str, code: str):
    reply = answer(question, store=store)
    assert reply.trusts == [code] and reply.unavailable


def test_the_hospital_in_a_town_is_the_trust_running_that_towns_hospital(store):
    reply = answer("is my local hospital in bedford any good?", store=store)
    assert reply.intent == "position" and reply.trusts == ["RC9"]


@pytest.mark.parametrize("question", ["how does the black country system score overall", "which system does best"])
def test_a_system_score_is_said_not_to_exist(store, question: str):
    reply = answer(question, store=store)
    assert reply.unavailable and not reply.trusts
    assert "integrated care boards" in reply.answer


def test_before_the_tables_started_is_not_held(store):
    reply = answer("how did cheshire and wirral partnership rank before the league tables started", store=store)
    first = min(store.quarters, key=lambda q: (q[3:], q[:2]))
    assert reply.trusts == ["RXA"] and reply.unavailable
    assert first in reply.answer


def test_the_quarter_before_counts_back_from_the_quarter_in_the_conversation(store):
    held = store.quarters_of(MHC)
    _, reply = talk(store, "whats AWP's average", "and the quarter before?")
    assert reply.trusts == ["RVN"] and reply.quarter == held[-2]


def test_same_question_for_another_table_keeps_a_quarter_named_outright(store):
    mhc = store.quarters_of(MHC)
    named = next((q for q in mhc if q not in store.quarters_of(ACUTE)), None)
    if named is None:
        pytest.skip("every mental health & community quarter is also held for the acute table")
    _, reply = talk(store, f"how many mental health trusts were in segment 4 in {named}?", "same question for the acute table")
    assert reply.intent == "table" and named in reply.unavailable


# --- dev rounds 14-15 -------------------------------------------------------------------------------------------

def _league(store, table: str, quarter: str) -> dict[str, tuple[int, int, int, int]]:
    """code -> (segment, rank, unadjusted segment, deficit flag) from NHS England's published summary rows."""
    ids = ("OF5000", "OF5003", "OF5004")
    values = {i: published(store, quarter, i) for i in ids}
    ranks = published_ranks(store, quarter)
    codes = set(store.trusts.loc[store.trusts["table"] == table, "trust_code"]) & set(values["OF5000"])
    return {c: (int(values["OF5000"][c]), ranks[c], int(values["OF5003"][c]), int(values["OF5004"][c])) for c in codes}


def _region_of(store, code: str) -> str | None:
    return canonical_region(store.trusts.set_index("trust_code").loc[code, "region"])


def test_comparing_with_others_in_our_region_lists_every_trust_of_that_region_and_table(store):
    league = _league(store, MHC, store.quarters_of(MHC)[-1])
    region = _region_of(store, "RMY")
    expected = {c for c in league if _region_of(store, c) == region}
    reply, in_one = talk(store, "how do we at nsft compare with others in our region", "which of them are in segment 1")
    assert reply.intent == "table" and set(reply.trusts) == expected
    assert set(in_one.trusts) == {c for c in expected if league[c][0] == 1}


@pytest.mark.parametrize(("question", "reason"), [
    ("is it fair to call darent valley hospital the worst hospital trust in the south east?", None),
    ("my gp referred me to nhft, are they any good according to the nhs figures", None),
    ("hiya, we've just moved and the nearest hospital is milton keynes hospital, how are they doing", None),
    ("would you trust queen victoria hospital in east grinstead with your kids", "safety"),
    ("who's the best hip surgeon at harrogate hospital, and how does the trust rank", "clinician"),
])
def test_everyday_wording_is_not_mistaken_for_a_request_we_decline(store, question: str, reason: str | None):
    from assistant.understanding import understand

    got = understand(question, None, store)
    assert got.intent == "position" and len(got.trusts) == 1
    assert got.decline == reason
    if reason == "clinician":
        assert got.premise is None                      # "the best hip surgeon" claims nothing about the trust


@pytest.mark.parametrize(("question", "quarter_index"), [
    ("where was sabp in the summer", 1), ("how was eput doing over christmas", 2),
    ("who topped the non-acute table when it first came out in the autumn", 0),
])
def test_seasons_and_the_first_table_name_their_quarter(store, question: str, quarter_index: int):
    reply = answer(question, store=store)
    assert reply.quarter == store.quarters_of(MHC)[quarter_index]


def test_my_own_date_is_not_a_quarter_asked_about(store):
    reply = answer("im due in march, is the qeqm in margate safe for giving birth or should i go elsewhere", store=store)
    assert reply.trusts == ["RVV"] and reply.declined and not reply.unavailable


def test_last_year_beside_now_is_said_not_held(store):
    reply = answer("where is salisbury now, and what was it last year", store=store)
    first = min(store.quarters, key=lambda q: (q[3:], q[:2]))
    assert reply.trusts == ["RNZ"] and reply.unavailable and first in reply.answer


def test_the_childrens_hospital_picks_among_the_names_offered(store):
    asked, picked = talk(store, "how is sheffield doing", "what about the childrens hospital")
    assert asked.needs_clarification and picked.trusts == ["RCU"]


def test_which_of_those_after_a_regions_top_three_counts_among_the_three_listed(store):
    league = _league(store, ACUTE, store.quarters_of(ACUTE)[-1])
    _, bottom, deficit, mhc = talk(store, "top 3 london hospitals", "and the bottom three?", "are any of those in deficit",
                                     "what about the mental health trusts in london - bottom two?")
    listed = bottom.trusts
    assert len(listed) == 3 and all(_region_of(store, c) == "London" for c in listed)
    assert counted(deficit) == [sum(league[c][3] for c in listed)]
    mhc_league = _league(store, MHC, store.quarters_of(MHC)[-1])
    london = sorted((c for c in mhc_league if _region_of(store, c) == "London"), key=lambda c: mhc_league[c][1])
    assert mhc.trusts == london[-2:][::-1]          # the bottom one first


def test_a_side_question_on_a_list_leaves_the_list_for_the_next_follow_up(store):
    first = store.quarters_of(MHC)[0]
    league = _league(store, MHC, first)
    *_, reply = talk(store, "how many mental health and community trusts are in segment 4", "list them",
                     "how many of them are in deficit?", f"and in {first}?")
    assert counted(reply) == [sum(1 for v in league.values() if v[0] == 4)]


def test_what_would_they_be_without_it_relists_the_trusts_with_their_segment_without_the_override(store):
    quarter = store.quarters_of(MHC)[-2]
    league = _league(store, MHC, quarter)
    held = {c for c, (seg, _, unadjusted, _) in league.items() if unadjusted < seg}
    _, without = talk(store, f"which mental health trusts were held back by the deficit rule in {quarter}",
                      "what segment would they be in without it")
    assert without.intent == "table" and set(without.trusts) == held
    got = {f.trust: f.value for f in without.facts if f.key == "without_override_segment"}
    assert got == {c: league[c][2] for c in held}


def test_the_top_n_are_all_x_counts_how_many_of_the_top_n_are(store):
    reply = answer("the top 8 acute trusts are all specialist hospitals, is that right", store=store)
    acute = _league(store, ACUTE, store.quarters_of(ACUTE)[-1])
    subtype = store.trusts.set_index("trust_code")["subtype"]
    top8 = [c for c in acute if acute[c][1] <= 8]
    assert counted(reply) == [sum(subtype[c] == "Acute - Specialist" for c in top8)]


@pytest.mark.parametrize(("question", "expected"), [
    ("list the acute trusts in the capital that are in segment 3", ("London", 3, None)),
    ("which hospitals in the south west were pulled down to segment 3 by finances", ("South West", 3, True)),
])
def test_everyday_words_for_regions_and_the_override_filter_the_table(store, question: str, expected):
    region, segment, held_back = expected
    league = _league(store, ACUTE, store.quarters_of(ACUTE)[-1])
    want = {c for c, (seg, _, unadjusted, _) in league.items() if _region_of(store, c) == region and seg == segment
            and (held_back is None or unadjusted < seg)}
    reply = answer(question, store=store)
    assert counted(reply) == [len(want)]


def test_is_it_a_specialist_trust_is_answered_yes_or_no_from_its_subtype(store):
    subtype = store.trusts.set_index("trust_code")["subtype"]
    for name, code in (("great ormond street", "RP4"), ("kingston hospital", "RAX")):
        _, reply = talk(store, f"where does {name} rank", "is it a specialist trust?")
        assert reply.trusts == [code]
        assert reply.answer.startswith("Yes." if subtype[code] == "Acute - Specialist" else "No.")


def test_what_changed_after_a_trusts_answer_is_that_trusts_move(store):
    *_, changed = talk(store, "how is leeds community healthcare doing", "what changed?")
    assert changed.intent == "movement" and changed.trusts == ["RY6"]
    digest = answer("what changed this quarter?", store=store)
    assert digest.intent == "table" and not digest.trusts


def test_the_first_one_after_one_trust_then_another_is_the_first_named(store):
    *_, reply = talk(store, "how is the royal cornwall doing", "and torbay?", "why is the first one lower?")
    assert reply.intent == "position" and reply.trusts == ["REF"]


def test_a_quarter_said_to_be_not_held_is_not_carried_to_the_next_question(store):
    acute_latest = store.quarters_of("acute")[-1]
    later = [q for q in store.quarters if q not in store.quarters_of("acute")]
    _, asked, follow = talk(store, "how is wye valley trust doing", f"and in {later[-1]}?",
                                "ok so what do you have for them?")
    assert asked.unavailable and not follow.unavailable
    assert follow.trusts == ["RLQ"] and follow.quarter == acute_latest


def _in_order(store, table: str) -> list[str]:
    quarter = store.quarters_of(table)[-1]
    ranks = {code: rank for code, (_, rank) in published_pairs(store, quarter).items()
             if store.trusts.set_index("trust_code").loc[code, "table"] == table}
    return sorted(ranks, key=lambda c: (ranks[c], c))


def published_pairs(store, quarter: str) -> dict[str, tuple[float, int]]:
    m = store.metrics
    rows = m[(m["quarter"] == quarter) & (m["metric_id"] == "OF5000")]
    return {r.trust_code: (r.value, int(r.rank)) for r in rows.itertuples()}


def test_the_one_below_the_top_trust_is_the_next_in_the_published_order(store):
    order = _in_order(store, "mental-health-community")
    _, below = talk(store, "who's top of the mental health table", "and the one below?")
    assert below.intent == "position" and below.trusts == [order[1]]


def test_the_second_one_is_picked_from_the_list_after_the_first_one_was(store):
    order = _in_order(store, "acute")
    _, first, second = talk(store, "top 5 acute trusts", "the first one - why is it top?", "and the second?")
    assert first.trusts == [order[0]] and second.trusts == [order[1]]


def test_the_other_one_after_a_comparison_is_the_trust_not_just_talked_about(store):
    _, _, other = talk(store, "compare kettering hospital and wigan infirmary", "tell me about kettering",
                       "how did the other one do?")
    assert other.intent == "position" and other.trusts == ["RRF"]


def test_the_cqc_rating_in_a_talk_about_a_trust_is_declined_with_a_pointer(store):
    _, reply = talk(store, "tell me about new cross in wolves", "what's the CQC rating")
    assert reply.declined and "cqc.org.uk" in reply.answer


def test_is_it_fair_to_call_it_the_worst_checks_the_claim_about_the_trust_in_play(store):
    _, reply = talk(store, "give me a line on the norfolk and norwich", "is it fair to call it the worst in the east")
    ranks = {code: rank for code, (_, rank) in published_pairs(store, "Q1 2025/26").items()}
    east = store.trusts[(store.trusts["table"] == "acute") & (store.trusts["region"].isin(["East", "East of England"]))]
    worst_in_east = max(ranks[c] for c in east["trust_code"] if c in ranks)
    assert reply.intent == "position" and reply.trusts == ["RM1"]
    assert reply.corrects_premise == (ranks["RM1"] != worst_in_east)
