"""Drivers: each measure's effect on a trust's average, the position without it, and "is it because of one
measure?". Effects are checked against NHS England's published scores (recomputed without the engine's code:
``published_effects``); positions without a measure against full ``score_quarter`` re-runs."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from nhs_league.errors import InvalidWhatIf
from published_effects import INFECTION, largest, published_average, published_effects
from scoring.engine import score_quarter
from scoring.explain import explain
from scoring.explain.drivers import NothingToLeaveOut, one_measure, placement_of, trust_drivers
from scoring.explain.quarter_results import base_result
from scoring.numbers import unsupported_numbers

Q1, Q2, Q4 = "Q1 2025/26", "Q2 2025/26", "Q4 2025/26"
BARE_ID = re.compile(r"\bOF\d{4}\b")


def sorted_trusts(result) -> pd.DataFrame:
    return result.trusts.sort_values("trust_code").reset_index(drop=True)


# --- the engine's leave-a-measure-out option ---------------------------------------------------------------

@pytest.mark.parametrize("quarter,code,metric", [(Q1, "RAX", "OF1014"), (Q1, "RP4", "OF1080"),
                                                 (Q2, "RQY", "OF1080"), (Q4, "RRE", "OF1016")])
def test_leave_out_with_base_equals_a_full_run(store, quarter, code, metric):
    base = base_result(store, quarter)
    fast = score_quarter(store, quarter, base=base, leave_out={code: [metric]})
    full = score_quarter(store, quarter, leave_out={code: [metric]})
    pd.testing.assert_frame_equal(sorted_trusts(fast), sorted_trusts(full))
    assert fast.cuts == full.cuts


def test_leave_out_moves_only_that_trusts_average(store):
    base = base_result(store, Q1)
    out = score_quarter(store, Q1, base=base, leave_out={"RAX": ["OF1014"]})
    before, after = base.trusts.set_index("trust_code"), out.trusts.set_index("trust_code")
    others = before.index.drop("RAX")
    assert (before.loc[others, "average_score"] == after.loc[others, "average_score"]).all()
    assert after.loc["RAX", "metrics_scored"] == before.loc["RAX", "metrics_scored"] - 1
    # against NHS England's published scores (2 dp), recomputed without the engine
    assert after.loc["RAX", "average_score"] == pytest.approx(
        published_average(store.metrics, Q1, "RAX", leave_out="OF1014"), abs=0.01)
    assert "RAX: OF1014 left out of its average" in out.notes


def test_a_left_out_trusts_published_segment_bounds_the_cut_points_at_its_published_average(store):
    # In Q4 RRE's published average (2.02, segment 1) is the lower bound of cut point 1. Leaving out a measure
    # that leaves its 2 dp average unchanged must leave every cut point, and its position, where they were.
    base = base_result(store, Q4)
    out = score_quarter(store, Q4, base=base, leave_out={"RRE": ["OF1035"]})
    assert out.trust("RRE")["average_score"] == base.trust("RRE")["average_score"] == 2.02
    assert out.cuts.values == base.cuts.values
    assert out.trust("RRE")["rank"] == base.trust("RRE")["rank"]


@pytest.mark.parametrize("leave_out,message", [
    ({"RAX": ["OF1079"]}, "OF1079 (Planned surplus or deficit) is not in the average: it feeds the combined finance "
                          "score, so leave out OF1080 instead."),
    ({"RP4": ["OF1013"]}, "RP4 is not scored on OF1013 (A&E within 4 hours) in Q1 2025/26, so it cannot be left out."),
    ({"RAX": ["OF9999"]}, "OF9999 is not a scored metric"),
])
def test_leave_out_errors_say_what_to_do(store, leave_out, message):
    with pytest.raises(InvalidWhatIf) as error:
        score_quarter(store, Q1, base=base_result(store, Q1), leave_out=leave_out)
    assert message in str(error.value)


def test_leaving_out_every_measure_is_refused(store):
    ids = base_result(store, Q2).scores.query("trust_code == 'RQY' and in_average")["metric_id"].tolist()
    with pytest.raises(InvalidWhatIf, match="no average; keep at least one"):
        score_quarter(store, Q2, base=base_result(store, Q2), leave_out={"RQY": ids})


# --- drivers -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("quarter,code", [(Q1, "RAX"), (Q1, "RCX"), (Q1, "RP4"), (Q2, "RQY"), (Q4, "RRE")])
def test_effects_match_the_published_scores(store, quarter, code):
    published = published_effects(store.metrics, quarter)[code]
    d = trust_drivers(store, code, quarter)
    assert {x.metric_id for x in d.drivers} == set(published)          # finance inputs not averaged separately
    assert not {"OF1079", "OF1081"} & {x.metric_id for x in d.drivers}
    for x in d.drivers:
        assert x.weight == pytest.approx(1 / 3 if x.metric_id in INFECTION else 1.0)
        # published scores are 2 dp, the engine's unrounded: the effect agrees to within that rounding
        assert x.effect == pytest.approx(published[x.metric_id], abs=0.006), x.metric_id
    assert [x.effect for x in d.drivers] == sorted(x.effect for x in d.drivers)   # worst first
    _, near = largest(published)
    assert d.biggest().metric_id in near


@pytest.mark.parametrize("quarter,code", [(Q1, "RAX"), (Q2, "RQY"), (Q4, "RRE")])
def test_average_and_position_without_each_measure_equal_engine_reruns(store, quarter, code):
    base = base_result(store, quarter)
    d = trust_drivers(store, code, quarter)
    for x in d.drivers:
        rerun = placement_of(score_quarter(store, quarter, base=base, leave_out={code: [x.metric_id]}).trust(code))
        assert x.average_without == rerun.average_score, x.metric_id
        crossed = rerun.unadjusted_segment != d.unadjusted_segment
        assert (x.without is not None) == crossed, x.metric_id
        if crossed:
            assert x.without == rerun, x.metric_id


def test_where_cut_points_move_with_the_trust_the_position_comes_from_score_quarter(store):
    # Without NHS England's unadjusted segments the cut points are the quartiles of the trusts present, so a trust
    # near a cut moves them when a measure is left out: those placements come from score_quarter runs.
    computed = dataclasses.replace(store, metrics=store.metrics[store.metrics["metric_id"] != "OF5003"])
    base = base_result(computed, Q2)
    assert base.cuts.basis.startswith("quartiles")
    engine_runs = 0
    for code in ("RPG",):
        d = trust_drivers(computed, code, Q2)
        for x in d.drivers:
            engine_runs += x.without_source.startswith("engine: score_quarter")
            rerun = placement_of(score_quarter(computed, Q2, leave_out={code: [x.metric_id]}).trust(code))
            crossed = rerun.unadjusted_segment != d.unadjusted_segment
            assert (x.without is not None) == crossed and (not crossed or x.without == rerun), (code, x.metric_id)
    assert engine_runs >= 2


def test_a_measure_that_crosses_a_cut_point_has_its_segment_and_position_as_facts(store):
    d = trust_drivers(store, "RQY", Q2)       # the finance score lifts it from segment 3 to 2
    finance = next(x for x in d.drivers if x.metric_id == "OF1080")
    assert finance.helps and finance.without is not None and finance.without.unadjusted_segment == 3
    facts = {f.key: f for f in d.facts}
    assert facts["driver.OF1080.segment_without"].value == 3
    assert facts["driver.OF1080.rank_without"].value == finance.without.rank
    assert facts["driver.OF1080.rank_without"].source.startswith("engine: ")
    assert facts["driver.OF1080.name"].value == "the trust's finances"
    assert all(f.source and f.label for f in d.facts)


def test_explanation_carries_drivers_in_its_dict(store):
    d = explain(store, "RAX", Q1).to_dict()["drivers"]
    assert d["drivers"][0]["metric_id"] == "OF1014" and d["drivers"][0]["effect"] < 0
    assert d["holding_back"][:2] == ["OF1014", "OF1025"]
    assert len(d["helping"]) == 2


# --- "is it because of one measure?" -----------------------------------------------------------------------

def check_one_measure(store, quarter: str, code: str, effects: dict[str, float]) -> None:
    view = one_measure(store, code, quarter)
    full = placement_of(score_quarter(store, quarter, leave_out={code: [view.driver.metric_id]}).trust(code))
    assert view.without == full, code
    _, near = largest(effects, 1)
    assert view.driver.metric_id in near, code
    for audience in ("public", "press", "staff"):
        v = one_measure(store, code, quarter, audience)
        assert unsupported_numbers(v.text, v.facts) == [], (code, audience)
        assert "badly on" in v.text
        if audience != "staff":
            assert view.driver.everyday_name in v.text and not BARE_ID.search(v.text)


@pytest.mark.parametrize("code", ["RQY", "RXT", "RRE", "RW1", "RV3", "RX4"])
def test_one_measure_equals_a_full_engine_rerun(store, code):
    check_one_measure(store, Q2, code, published_effects(store.metrics, Q2)[code])


@pytest.mark.slow
def test_one_measure_for_every_trust_of_one_table_quarter(store):
    effects = published_effects(store.metrics, Q2)
    for code in base_result(store, Q2).trusts["trust_code"]:
        check_one_measure(store, Q2, code, effects[code])


def test_one_measure_text(store):
    v = one_measure(store, "RQY", Q2)
    assert v.driver.metric_id == "OF1080" and v.driver.helps
    assert v.text.startswith("The measure that makes the most difference to South West London and St George's "
                             "Mental Health NHS Trust in Q2 2025/26 is the trust's finances. It helps the trust.")
    assert "37th out of 61, in segment 3, instead of 23rd in segment 2" in v.text
    assert "enough to change its segment" in v.text
    held = one_measure(store, "RAX", Q1)
    assert "still be held at segment 3 because it is in financial deficit" in held.text
    assert one_measure(store, "RCX", Q1, direction="holds_back").driver.holds_back
    assert one_measure(store, "RCX", Q1, direction="helps").driver.helps
    assert v.to_dict()["without"]["rank"] == 37


def test_one_measure_with_a_single_measure_says_there_is_nothing_to_leave_out(store, monkeypatch):
    import scoring.explain.drivers as module

    found = trust_drivers(store, "RQY", Q2)
    found.drivers = []
    monkeypatch.setattr(module, "trust_drivers", lambda *args: found)
    with pytest.raises(NothingToLeaveOut) as error:
        one_measure(store, "RQY", Q2)
    assert str(error.value) == ("South West London and St George's Mental Health NHS Trust is scored on only one "
                                "measure in Q2 2025/26, so there is no measure to leave out: its position rests on "
                                "that one score.")
