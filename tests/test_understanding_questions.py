"""Real-world phrasings -> intent and trusts. Expected ODS codes were read from
/work/shared/data/raw/trust_reference_205_derived.csv (and are checked against the store below)."""

from __future__ import annotations

import pytest

from assistant.understanding import INTENTS, understand
from scoring.store import load_store

CASES = [
    # position
    ("why is Kingston segment 3", "position", ["RAX"]),
    ("why is kingston near the bottom", "position", ["RAX"]),
    ("how is moorfeilds doing", "position", ["RP6"]),
    ("Is the eye hospital really the best in England?", "position", ["RP6"]),
    ("where does UCLH rank", "position", ["RRV"]),
    ("Guy's and St Thomas' league table position", "position", ["RJ1"]),
    ("how did GOSH do", "position", ["RP4"]),
    ("RJ1?", "position", ["RJ1"]),
    ("rj1?", "position", ["RJ1"]),
    ("how is the hospital in Stoke doing", "position", ["RJE"]),
    ("how is my local hospital doing in Stoke", "position", ["RJE"]),
    ("king's lynn hospital ranking", "position", ["RCX"]),
    ("We're QEH King's Lynn. Which figures put us at the bottom of the table?", "position", ["RCX"]),
    ("is the queen elizabeth hospital in king's lynn any good", "position", ["RCX"]),
    ("where does the christie sit in the table", "position", ["RBV"]),
    ("how's the royal marsden doing", "position", ["RPY"]),
    ("Royal Papworth position", "position", ["RGM"]),
    ("papworth", "position", ["RGM"]),
    ("Addenbrooke's position", "position", ["RGT"]),
    ("how is alder hey doing", "position", ["RBS"]),
    ("How did Barts Health do in the league tables", "position", ["R1H"]),
    ("kings college hospital league position", "position", ["RJZ"]),
    ("how is the whittington doing", "position", ["RKE"]),
    ("how is hull royal infirmary doing", "position", ["RWA"]),
    ("how is the john radcliffe doing", "position", ["RTH"]),
    ("how is medway maritime hospital doing", "position", ["RPA"]),
    ("north staffs combined healthcare ranking", "position", ["RLY"]),
    ("tees esk and wear valley mental health trust", "position", ["RX3"]),
    ("ELFT ranking", "position", ["RWK"]),
    ("how is CNWL doing", "position", ["RV3"]),
    ("how is the maudsley doing", "position", ["RV5"]),
    ("what's the position of RXN", "position", ["RXN"]),
    ("how is M13 doing", "position", ["R0A"]),
    ("Why is Blackpool Teaching Hospitals in segment 5?", "position", ["RXL"]),
    ("how is Kingston doing on cancer", "position", ["RAX"]),
    ("how are Barts doing on the waiting list and staff sickness", "position", ["R1H"]),
    ("Give me three sentences of context on Northumbria's position.", "position", ["RTF"]),
    ("how is Wirral University Teaching Hospital NHS Foundation Trust doing", "position", ["RBL"]),
    ("imperial college healthcare segment", "position", ["RYJ"]),
    ("how is the Whitington doing", "position", ["RKE"]),
    ("how's Frimley Health doing in Q1", "position", ["RDU"]),
    # compare
    ("compare Leeds Teaching Hospitals with Sheffield Teaching Hospitals", "compare", ["RR8", "RHQ"]),
    ("Guy's vs King's", "compare", ["RJ1", "RJZ"]),
    ("how does UCLH compare with Imperial", "compare", ["RRV", "RYJ"]),
    ("Whittington vs Royal Free", "compare", ["RKE", "RAL"]),
    ("is Frimley better than Royal Surrey", "compare", ["RDU", "RA2"]),
    ("compare RJ1, RJZ and R1H", "compare", ["RJ1", "RJZ", "R1H"]),
    ("Which is ranked higher, King's Lynn or the Countess of Chester?", "compare", ["RCX", "RJR"]),
    ("Alder Hey versus GOSH", "compare", ["RBS", "RP4"]),
    # movement
    ("did Moorfields get worse since last quarter", "movement", ["RP6"]),
    ("what changed at Northumbria", "movement", ["RTF"]),
    ("Oxleas dropped from Q1 to Q2, why?", "movement", ["RPG"]),
    ("Cambridgeshire Community Services Q1 vs Q2", "movement", ["RYV"]),
    ("has birmingham community healthcare improved", "movement", ["RYW"]),
    ("did Mersey Care move between the quarters", "movement", ["RW4"]),
    # what-if
    ("what would it take for Kingston to reach segment 2", "whatif", ["RAX"]),
    ("what if Kingston's A&E was 80%", "whatif", ["RAX"]),
    ("If Walsall cleared its deficit, where would it rank?", "whatif", ["RBK"]),
    ("what if Leeds Teaching Hospitals halved its 52 week waits", "whatif", ["RR8"]),
    ("how much would GOSH's scores have to improve to move up a segment", "whatif", ["RP4"]),
    ("If UCLH's A&E 4-hour performance hit 78%, would its rank change?", "whatif", ["RRV"]),
    ("How many places would Homerton rise without the financial override?", "whatif", ["RQX"]),
    # table
    ("top 10 acute trusts", "table", []),
    ("how many acute trusts were held back by the override in Q1?", "table", []),
    ("which trusts are in segment 4 in the North West", "table", []),
    ("which are the 5 worst hospital trusts", "table", []),
    ("bottom 5 ambulance trusts", "table", []),
    ("which is the best ambulance trust", "table", []),
    ("best acute trust in London", "table", []),
    ("What is the best non-specialist acute trust?", "table", []),
    ("how many teaching hospitals are in segment 4", "table", []),
    ("how many trusts are in the acute league table", "table", []),
    # method and definition
    ("how are ties broken", "method", []),
    ("why do specialist hospitals come top", "method", []),
    ("how are the tables made", "method", []),
    ("How are trusts ranked in the league table?", "method", []),
    ("how does the financial override work", "method", []),
    ("are quarter to quarter moves in the table real", "method", []),
    ("what doesn't the league table tell me about my hospital", "method", []),
    ("what is the financial override", "definition", []),
    ("what does segment 5 mean", "definition", []),
    ("what does the four-hour measure mean", "definition", []),
    ("what is SHMI", "definition", []),
    ("What does 'unadjusted segment' mean?", "definition", []),
    # help
    ("help", "help", []),
    ("what can you do", "help", []),
    ("what can you do?", "help", []),
]


@pytest.mark.parametrize(("question", "intent", "trusts"), CASES, ids=[c[0][:50] for c in CASES])
def test_intent_and_trusts(question: str, intent: str, trusts: list[str]) -> None:
    got = understand(question)
    assert got.intent == intent
    assert list(got.trusts) == trusts
    assert not got.needs_clarification


def test_there_are_enough_cases_and_every_expected_code_is_a_trust() -> None:
    assert len(CASES) >= 60
    known = set(load_store().trusts["trust_code"])
    assert {code for _, _, trusts in CASES for code in trusts} <= known
    assert {intent for _, intent, _ in CASES} <= set(INTENTS)


@pytest.mark.parametrize(("question", "metrics"), [
    ("how is Kingston doing on A&E", ["OF1013", "OF1014"]),
    ("what does the four-hour measure mean", ["OF1013"]),
    ("how is Barts on cancer", ["OF1010", "OF1011"]),
    ("what about the waiting list", ["OF1003", "OF1023"]),
    ("and staff sickness?", ["OF1082"]),
    ("and their finances?", ["OF1079", "OF1080", "OF1081"]),
    ("how do we do on the staff survey", ["OF1061", "OF1084"]),
    ("how is the children's hospital in Sheffield doing", []),
])
def test_metrics_from_everyday_words(question: str, metrics: list[str]) -> None:
    assert list(understand(question).metrics) == metrics


@pytest.mark.parametrize(("question", "order", "n", "output", "filters", "tables"), [
    ("top 10 acute trusts", "top", 10, "list", {}, ("acute",)),
    ("bottom 3 mental health and community trusts in Q1", "bottom", 3, "list", {}, ("mental-health-community",)),
    ("which is the best hospital trust in the north east", "top", 1, "list",
     {"regions": ("North East and Yorkshire",)}, ("acute",)),
    ("how many acute trusts are in segment 1", None, None, "count", {"segments": (1,)}, ("acute",)),
    ("which trusts are in segment 4 in the North West", None, None, "list",
     {"segments": (4,), "regions": ("North West",)}, ()),
    ("how many trusts are in segments 1 or 2", None, None, "count", {"segments": (1, 2)}, ()),
    ("How many acute trusts are in the Recovery Support Programme?", None, None, "count",
     {"recovery_support": True}, ("acute",)),
    ("how many acute trusts were held back by the override in Q1?", None, None, "count",
     {"override_applied": True}, ("acute",)),
    ("What is the best non-specialist acute trust?", "top", 1, "list", {"specialist": False}, ("acute",)),
    ("best acute trust that isn't a specialist", "top", 1, "list", {"specialist": False}, ("acute",)),
    ("top 3 specialist trusts", "top", 3, "list", {"specialist": True}, ("acute",)),
    ("which is the best community trust", "top", 1, "list", {"subtypes": ("Community",)},
     ("mental-health-community",)),
    ("how many teaching hospitals are in segment 4", None, None, "count",
     {"segments": (4,), "subtypes": ("Acute - Teaching",)}, ("acute",)),
    ("bottom 3 acute trusts in the East of England", "bottom", 3, "list", {"regions": ("East of England",)},
     ("acute",)),
    ("how many trusts are in the acute league table", None, None, "count", {}, ("acute",)),
    ("which region has most trusts in segment 4", None, None, "by_region", {"segments": (4,)}, ()),
    ("what share of acute trusts are in deficit", None, None, "share", {"in_deficit": True}, ("acute",)),
    ("biggest fallers between Q2 and Q3", "bottom", None, "movers", {}, ()),
    ("who's top of the mental health table in december", "top", 1, "list", {}, ("mental-health-community",)),
    ("list the five best acute trusts", "top", 5, "list", {}, ("acute",)),
])
def test_table_queries(question, order, n, output, filters, tables) -> None:
    from assistant.query import Filters

    got = understand(question)
    assert got.intent == "table"
    assert (got.order, got.limit, got.output) == (order, n, output)
    assert got.filters == Filters(**filters)
    assert got.tables == tables


def test_region_labels_cover_the_store_spelling() -> None:
    from assistant.understanding.tables import REGIONS, region_matches

    assert region_matches("East", "East of England") and region_matches("North East", "North East and Yorkshire")
    regions = set(load_store().trusts["region"])
    assert regions <= {label for labels in REGIONS.values() for label in labels}


def test_override_queries_say_held_back_or_flag() -> None:
    flag = understand("how many acute trusts have the financial override flag").filters
    assert (flag.in_deficit, flag.override_applied) == (True, None)
    held = understand("which acute trusts were held back from segment 1 by the override").filters
    assert (held.override_applied, held.unadjusted_segments, held.segments) == (True, (1,), ())


LATEST, PREVIOUS = "latest", "previous"  # relative to the quarters the store holds, whatever they are


@pytest.mark.parametrize(("question", "quarter", "since"), [
    ("where does the christie rank in Q1 2025/26", "Q1 2025/26", None),
    ("Oxleas position in Q1", "Q1 2025/26", None),
    ("did Oxleas get worse since last quarter", None, PREVIOUS),
    ("Oxleas dropped from Q1 to Q2, why?", "Q2 2025/26", "Q1 2025/26"),
    ("how was Oxleas doing last quarter", PREVIOUS, None),
    ("how is Oxleas doing this quarter", LATEST, None),
])
def test_quarters(question: str, quarter: str | None, since: str | None) -> None:
    from scoring.store import load_store

    held = load_store().quarters
    relative = {LATEST: held[-1], PREVIOUS: held[-2]}
    got = understand(question)
    assert (got.quarter, got.since) == (relative.get(quarter, quarter), relative.get(since, since))


@pytest.mark.parametrize(("question", "quarter", "years"), [
    ("how was Kingston doing in Q4 2024/25", "Q4 2024/25", ()),
    ("who was top of the mental health table in december", "Q3 2025/26", ()),
    ("oct-dec 2025 league table", "Q3 2025/26", ()),
    ("how did Oxleas do in january to march 2026", "Q4 2025/26", ()),
    ("the 2026/27 league table", None, ("2026/27",)),
])
def test_quarters_the_data_may_not_hold_are_kept_as_asked(question: str, quarter: str | None,
                                                          years: tuple[str, ...]) -> None:
    got = understand(question)
    assert got.quarter == quarter and got.quarter_asked == (quarter is not None)
    assert got.years_not_held == years


@pytest.mark.parametrize(("question", "premise"), [
    ("why is kingston near the bottom", "bottom near"),
    ("Is King's Lynn really bottom of the whole table?", "bottom"),
    ("why is Northumbria top of the league", "top"),
    ("Why is Shrewsbury and Telford the worst hospital trust in England?", "worst"),
    ("Is the eye hospital really the best in England?", "best"),
    ("Why is Homerton in the bottom half of the table?", "bottom half"),
    ("We're Walsall Healthcare. Why are we segment 3?", "segment 3"),
    ("why is Kingston ranked 100th in the table", "rank 100"),
    ("did Tavistock and Portman get worse since last quarter", "worse"),
    ("how is Kingston doing", None),
])
def test_premises(question: str, premise: str | None) -> None:
    assert understand(question).premise == premise


@pytest.mark.parametrize(("question", "register"), [
    ("We're Walsall Healthcare. Why are we segment 3?", None),
    ("Give me a quotable summary of Northumbria Healthcare's league table position.", "press"),
    ("I need accurate, balanced context on Kingston and Richmond NHS Foundation Trust's league position.", "press"),
    ("give me a quotable line on Kingston for a story", "press"),
    ("Kingston: give me the full breakdown, metric by metric", "staff"),
    ("how is Kingston doing", None),
])
def test_the_register_asked_for_in_words(question: str, register: str | None) -> None:
    assert understand(question).register == register


@pytest.mark.parametrize(("question", "changes", "factors", "target", "without_override"), [
    ("what if Kingston's A&E was 80%", {"OF0013": 80.0}, {}, None, False),
    ("what if RAX had OF0013=80", {"OF0013": 80.0}, {}, None, False),
    ("If UCLH's A&E 4-hour performance hit 78%, would its rank change?", {"OF0013": 78.0}, {}, None, False),
    ("what if Kingston's staff sickness was 4.5%", {"OF0082": 4.5}, {}, None, False),
    ("what if Leeds Teaching Hospitals halved its 52 week waits", {}, {"OF0003": 0.5}, None, False),
    ("what would it take for Kingston to reach segment 2", {}, {}, 2, False),
    ("what would Chelsea and Westminster's position be if it wasn't in deficit", {}, {}, None, True),
])
def test_whatif_details(question, changes, factors, target, without_override) -> None:
    got = understand(question)
    assert got.intent == "whatif"
    assert dict(got.whatif_changes) == changes
    assert dict(got.whatif_factors) == factors
    assert got.target_segment == target
    assert got.without_override == without_override


@pytest.mark.parametrize(("question", "intent", "trusts"), [
    ("which hospital is best for A&E in London", "table", []),
    ("how does Kingston do on A&E compared with the median", "position", ["RAX"]),
    ("is Kingston better than last quarter", "movement", ["RAX"]),
    ("how was Kingston doing last quarter", "position", ["RAX"]),
    ("what is a segment", "definition", []),
])
def test_peer_and_quarter_phrasings(question: str, intent: str, trusts: list[str]) -> None:
    got = understand(question)
    assert (got.intent, list(got.trusts)) == (intent, trusts)


def test_agreement_with_the_evaluation_question_sets() -> None:
    """The eval sets are hand-written by the evals work; report agreement, fail only on a large drop."""
    from pathlib import Path

    import yaml

    from assistant.understanding import Context
    from nhs_league.settings import EVALS_DIR

    files = sorted(Path(EVALS_DIR, "questions").glob("*.yaml"))
    if not files:
        pytest.skip("no evaluation question sets")
    total = agree = 0
    for path in files:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            context = Context()
            for turn in item.get("turns", [item]):
                expect = turn["expect"]
                got = understand(turn["question"], context)
                context = got.context
                if expect["intent"] == "table" and expect["trusts"]:
                    context = context.after_answer(expect["trusts"])
                same_trusts = expect["intent"] == "table" or list(got.trusts) == expect["trusts"]
                total += 1
                agree += (got.intent == expect["intent"] and same_trusts
                          and got.needs_clarification == bool(expect.get("needs_clarification")))
    assert agree >= 0.95 * total, f"evaluation sets: {agree}/{total} questions understood as expected"
