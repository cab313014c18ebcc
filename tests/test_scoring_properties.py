"""Invariants of the method, checked with Hypothesis on the real data and on generated tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.catalogue import load_catalogue
from scoring.engine import score_quarter
from scoring.rules import rules_for
from scoring.segments import adjusted_segment, cut_points, final_segment, league_rank, unadjusted_segment

RULES = rules_for("Q1 2025/26")
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def bases(store):
    return {quarter: score_quarter(store, quarter) for quarter in store.quarters}


@given(unadjusted=st.lists(st.integers(1, 4), min_size=1, max_size=50), data=st.data())
def test_override_never_lifts_a_trust(unadjusted, data):
    deficit = data.draw(st.lists(st.booleans(), min_size=len(unadjusted), max_size=len(unadjusted)))
    adjusted, applied = adjusted_segment(pd.Series(unadjusted), pd.Series(deficit), RULES)
    assert (adjusted >= pd.Series(unadjusted)).all()
    assert (adjusted[applied] == RULES.override.best_allowed_segment).all()
    assert (adjusted[~pd.Series(deficit)] == pd.Series(unadjusted)[~pd.Series(deficit)]).all()


@given(averages=st.lists(st.integers(100, 400), min_size=4, max_size=120), data=st.data())
def test_segments_are_always_one_to_five_and_ranks_follow_the_tie_rule(averages, data):
    n = len(averages)
    frame = pd.DataFrame({"trust_code": [f"T{i}" for i in range(n)], "table": data.draw(
        st.lists(st.sampled_from(["acute", "mental-health-community"]), min_size=n, max_size=n)),
        "average_score": [a / 100 for a in averages]})
    frame["average_exact"] = frame["average_score"]
    cuts = cut_points(frame, RULES, tables_missing=())
    frame = frame.merge(unadjusted_segment(frame, cuts, RULES), on="trust_code")
    deficit = pd.Series(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    recovery = pd.Series(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    frame["adjusted_segment"], _ = adjusted_segment(frame["unadjusted_segment"], deficit, RULES)
    frame["final_segment"] = final_segment(frame["adjusted_segment"], recovery, RULES)
    assert frame["final_segment"].between(1, 5).all()
    assert frame["unadjusted_segment"].between(1, 4).all()
    # lower average never sits in a worse unadjusted segment
    ordered = frame.sort_values("average_score")
    assert ordered["unadjusted_segment"].is_monotonic_increasing
    frame["rank"] = league_rank(frame, RULES)
    for _, table in frame.groupby("table"):
        key = list(zip(table["adjusted_segment"], table["average_score"]))
        for rank, k in zip(table["rank"], key):
            assert rank == 1 + sum(other < k for other in key)  # competition ranking: ties share the best


CHANGEABLE = [m for m in load_catalogue().metrics if m.method in ("rank", "brackets")]


@QUICK
@given(data=st.data())
def test_improving_one_metric_value_never_worsens_that_trusts_own_score(store, bases, data):
    quarter = data.draw(st.sampled_from(store.quarters))
    base = bases[quarter]
    metric = data.draw(st.sampled_from(CHANGEABLE))
    rows = base.scores[(base.scores["metric_id"] == metric.id) & base.scores["value"].notna()
                       & (base.scores["model"] != "count")]
    if rows.empty:
        return
    row = rows.iloc[data.draw(st.integers(0, len(rows) - 1))]
    step = data.draw(st.floats(0.01, 50, allow_nan=False))
    better = row["value"] - step if metric.direction == "lower" else row["value"] + step
    after = score_quarter(store, quarter, changes={row["trust_code"]: {metric.value_id: better}}, base=base)
    new = after.scores[(after.scores["metric_id"] == metric.id) & (after.scores["trust_code"] == row["trust_code"])]
    assert new["score"].iloc[0] <= row["score"]


def test_incremental_what_if_equals_a_full_run(store, bases):
    changes = {"RAX": {"OF0013": 80.0, "OF0082": 3.9}, "RTF": {"OF0079": -1.5}}
    full = score_quarter(store, "Q1 2025/26", changes=changes)
    quick = score_quarter(store, "Q1 2025/26", changes=changes, base=bases["Q1 2025/26"])
    columns = ["trust_code", "average_score", "unadjusted_segment", "adjusted_segment", "rank"]
    pd.testing.assert_frame_equal(full.trusts[columns].sort_values("trust_code").reset_index(drop=True),
                                  quick.trusts[columns].sort_values("trust_code").reset_index(drop=True))
    assert full.trust("RAX")["average_score"] < bases["Q1 2025/26"].trust("RAX")["average_score"]


def test_what_if_inside_an_inferred_pool_stays_exact_for_others(store, bases):
    """Q2 sickness absence is ranked against 144 trusts not in the data; moving one trust shifts its
    neighbours by exactly one rank step and leaves the rest alone."""
    base = bases["Q2 2025/26"]
    sickness = base.scores[base.scores["metric_id"] == "OF1082"].set_index("trust_code")
    worst = sickness["value"].idxmax()
    after = score_quarter(store, "Q2 2025/26", changes={worst: {"OF0082": float(sickness["value"].min()) - 0.5}},
                          base=base)
    moved = after.scores[after.scores["metric_id"] == "OF1082"].set_index("trust_code")
    assert moved.loc[worst, "score"] == 1.0
    others = sickness.index.drop(worst)
    step = np.round(3 / (sickness["pool_size"].iloc[0] - 1), 4)
    difference = (moved.loc[others, "score_exact"].map(float) - sickness.loc[others, "score_exact"].map(float))
    assert ((difference.abs() < 1e-12) | ((difference - step).abs() < 1e-4)).all()
