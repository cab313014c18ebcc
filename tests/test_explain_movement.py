"""Movement chain, digest, what-ifs and what it would take, checked against full engine re-runs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nhs_league.errors import InvalidWhatIf
from scoring.catalogue import load_catalogue
from scoring.engine import score_quarter
from scoring.explain import digest, explain, what_if, what_it_would_take
from scoring.explain.digest import reasons
from scoring.explain.quarter_results import base_result
from scoring.explain.whatif import parse_changes
from scoring.store import load_store

Q1, Q2 = "Q1 2025/26", "Q2 2025/26"
STORE = load_store()


def test_movement_decomposition_adds_up_for_every_trust():
    for code in base_result(STORE, Q2).trusts["trust_code"]:
        m = explain(STORE, code, Q2).movement
        assert m is not None
        assert sum(s.rank_effect for s in m.own) == m.own_rank_effect
        assert sum(s.segment_effect for s in m.own) == m.own_segment_effect
        assert m.own_rank_effect + m.override_rank_effect + m.others_rank_effect == m.rank_change
        assert m.own_segment_effect + m.override_segment_effect + m.others_segment_effect == m.segment_change
        assert round(sum(s.average_effect for s in m.own), 2) == m.own_average_effect == m.average_change


def test_rqy_movement_and_digest():
    e = explain(STORE, "RQY", Q2, "staff")
    m = e.movement
    assert (m.previous_rank, e.position.rank, m.previous_segment, e.position.segment) == (44, 23, 3, 2)
    d = digest(STORE, Q2, "mental-health-community")
    risers = {r.trust_code: r for r in d.tables[0].risers}
    assert "RQY" in risers
    line = next(x for x in d.text.splitlines() if "South West London and St George's" in x)
    assert "44th → 23rd" in line and "segment 3 → 2" in line
    assert ("real change in its own measures" in line) or ("could be chance" in line)
    assert risers["RQY"].real == m.real and risers["RQY"].verdict == m.verdict


def test_digest_counts_override_and_crossings():
    d = digest(STORE, Q2, "mh")
    t = d.tables[0]
    assert t.override_held == int(base_result(STORE, Q2).trusts["financial_override"].sum())
    assert all(m.segment != m.earlier_segment for m in t.crossings)
    assert all(reasons(m) for m in t.crossings)
    q1 = digest(STORE, Q1)
    assert q1.previous_quarter is None and q1.best_non_specialist["rank"] == 9


def test_what_if_equals_full_rerun():
    changes = {"OF0082": 4.1, "OF0061": 7.2}
    r = what_if(STORE, "RQY", Q2, changes)
    full = score_quarter(STORE, Q2, changes={"RQY": changes}).trust("RQY")
    assert r.after["rank"] == int(full["rank"]) and r.after["average_score"] == float(full["average_score"])
    assert r.after["segment"] == int(full["final_segment"])
    assert "What if" in r.text


def test_what_if_errors():
    with pytest.raises(InvalidWhatIf, match="METRIC=VALUE"):
        parse_changes(["OF0013"])
    with pytest.raises(InvalidWhatIf, match="not a scored metric"):
        what_if(STORE, "RQY", Q2, {"OF9999": 1.0})


def test_what_it_would_take_is_verified_by_the_engine():
    ns = what_it_would_take(STORE, "RDY", Q2)
    assert ns.status == "possible" and ns.best.verified
    o = ns.best
    lifted = score_quarter(STORE, Q2, changes={"RDY": {o.value_id: o.needed}}).trust("RDY")
    assert int(lifted["final_segment"]) == ns.target_segment and int(lifted["rank"]) == o.new_rank
    held = what_it_would_take(STORE, "RAX", Q1)
    assert held.status == "held-by-override" and "no change in a metric alone" in held.text


def _value_metrics(code: str) -> list[tuple[str, str]]:
    cat = load_catalogue()
    s = base_result(STORE, Q2).scores
    rows = s[(s["trust_code"] == code) & s["value"].notna()]
    return [(r.metric_id, cat.get(r.metric_id).direction) for r in rows.itertuples()
            if cat.get(r.metric_id).method == "rank"]


TRUSTS = list(base_result(STORE, Q2).trusts["trust_code"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TRUSTS), st.integers(0, 20), st.floats(0.001, 0.5))
def test_improving_one_metric_never_worsens_the_trusts_own_scores(code, pick, fraction):
    metrics = _value_metrics(code)
    metric_id, direction = metrics[pick % len(metrics)]
    s = base_result(STORE, Q2).scores
    row = s[(s["trust_code"] == code) & (s["metric_id"] == metric_id)].iloc[0]
    step = max(abs(float(row["value"])), 1.0) * fraction
    better = float(row["value"]) + (step if direction == "higher" else -step)
    cat = load_catalogue()
    after = score_quarter(STORE, Q2, changes={code: {cat.get(metric_id).value_id: better}})
    new = after.scores[(after.scores["trust_code"] == code) & (after.scores["metric_id"] == metric_id)].iloc[0]
    assert new["score"] <= row["score"]
    assert after.trust(code)["average_score"] <= base_result(STORE, Q2).trust(code)["average_score"]


def _traced(text: str, facts) -> list[str]:
    from scoring.numbers import unsupported_numbers

    return unsupported_numbers(text, facts)


def test_digest_whatif_and_path_texts_use_only_their_facts():
    for d in (digest(STORE, Q2), digest(STORE, Q1)):
        assert _traced(d.text, d.facts) == []
    r = what_if(STORE, "RQY", Q2, {"OF0082": 4.1})
    assert _traced(r.text, r.facts) == []
    for code, q in (("RDY", Q2), ("RAX", Q1)):
        ns = what_it_would_take(STORE, code, q)
        assert _traced(ns.text, ns.facts) == []


def test_likely_range_reports_agreement_with_a_published_league_file():
    import dataclasses

    import pandas as pd
    ours = explain(STORE, "RQY", Q2).likely_range
    assert ours.whose == "our estimate, by NHS England's method" and ours.average == ours.estimate_average
    league = pd.DataFrame([{"quarter": Q2, "table": "mental-health-community", "trust_code": "RQY",
                            "average_score": 2.29,
                            "likely_range_of_average_score": f"{ours.average[0]:.2f} to {ours.average[1]:.2f}",
                            "segment": 2, "in_financial_deficit": False, "rank": 23,
                            "likely_range_of_rank": f"{ours.rank[0]} to {ours.rank[1] + 3}",
                            "source_file": "league.csv", "source_row": 2}])
    store = dataclasses.replace(STORE, league=league)
    e = explain(store, "RQY", Q2, "staff")
    assert e.likely_range.whose == "NHS England's likely range"
    assert e.likely_range.published_average == ours.average and e.likely_range.agrees_with_published is False
    assert e.likely_range.rank == (ours.rank[0], ours.rank[1] + 3)     # the published range is the one stated
    assert "of NHS England's: no" in e.retell("staff")
