"""NHS England's likely ranges, reproduced with the league-table file withheld, and stated as whose they are."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest

from nhs_league.cli import main
from scoring.engine import score_quarter
from scoring.explain import explain
from scoring.explain.uncertainty import (ESTIMATE, PUBLISHED, estimate_table, published_pair, within_tolerance)
from scoring.store import LEAGUE_COLUMNS


@pytest.fixture(scope="module")
def withheld(raw_store):
    """The raw files without any league-table file: the estimate may not see a published range."""
    if not len(raw_store.league):
        pytest.skip("no published league-table file among the raw files")
    return dataclasses.replace(raw_store, league=pd.DataFrame(columns=LEAGUE_COLUMNS))


@pytest.fixture(scope="module")
def agreement(raw_store, withheld):
    """(trust, quarter, table, ours, published) for every published league-table row."""
    rows = []
    for (quarter, table), published in raw_store.league.groupby(["quarter", "table"]):
        ours = estimate_table(score_quarter(withheld, quarter), table).set_index("trust_code")
        for p in published.itertuples():
            e = ours.loc[p.trust_code]
            rows.append((p.trust_code, quarter, table, (e["average_low"], e["average_high"]),
                         (int(e["rank_low"]), int(e["rank_high"])), published_pair(p.likely_range_of_average_score),
                         published_pair(p.likely_range_of_rank, int)))
    return rows


def test_our_method_reproduces_nhs_englands_published_likely_ranges(agreement):
    """Average bounds within 0.02 for ≥ 95 % of trusts, rank bounds within 2 places for ≥ 90 %."""
    assert len(agreement) >= 61
    verdicts = [within_tolerance(avg, rank, pub_avg, pub_rank) for _, _, _, avg, rank, pub_avg, pub_rank in agreement]
    average_share = sum(a for a, _ in verdicts) / len(verdicts)
    rank_share = sum(r for _, r in verdicts) / len(verdicts)
    assert average_share >= 0.95, [row for row, (a, _) in zip(agreement, verdicts) if not a]
    assert rank_share >= 0.90, [row for row, (_, r) in zip(agreement, verdicts) if not r]


def test_ranking_by_the_average_alone_would_miss_the_override(agreement, raw_store):
    """Trusts held at segment 3 by the override: NHS England's best rank lies behind every trust in segments 1–2,
    which only a simulation that applies the override reproduces."""
    held = raw_store.league[raw_store.league["in_financial_deficit"].astype(bool) & (raw_store.league["segment"] == 3)]
    assert len(held)
    ours = {(code, q): rank for code, q, _, _, rank, _, _ in agreement}
    for p in held.itertuples():
        best_published = published_pair(p.likely_range_of_rank, int)[0]
        above = int((raw_store.league[(raw_store.league["quarter"] == p.quarter)]["segment"] < 3).sum())
        assert best_published > above // 2                     # far from rank 1
        assert abs(ours[(p.trust_code, p.quarter)][0] - best_published) <= 2


def test_the_estimate_is_deterministic_and_holds_the_trusts_own_average(withheld):
    quarter = withheld.quarters[-1]
    table = withheld.tables_in(quarter)[0]
    first = estimate_table(score_quarter(withheld, quarter), table)
    again = estimate_table(score_quarter(withheld, quarter), table)
    pd.testing.assert_frame_equal(first, again)
    result = score_quarter(withheld, quarter).trusts.set_index("trust_code")
    merged = first.join(result[["average_score"]], on="trust_code")
    assert (merged["average_low"] <= merged["average_score"]).all()
    assert (merged["average_score"] <= merged["average_high"]).all()
    assert (merged["rank_low"] <= merged["rank_high"]).all()
    assert merged["rank_high"].max() <= len(merged)


def test_facts_say_whose_range_it_is(store):
    league = store.league
    assert len(league)
    p = league.iloc[0]
    e = explain(store, p["trust_code"], p["quarter"], "staff")
    assert e.likely_range.whose == PUBLISHED
    assert (e.fact("likely_average_low").value, e.fact("likely_average_high").value) == published_pair(
        p["likely_range_of_average_score"])
    assert (e.fact("likely_rank_low").value, e.fact("likely_rank_high").value) == published_pair(
        p["likely_range_of_rank"], int)
    assert "NHS England's likely range" in e.fact("likely_average_low").label
    assert p["source_file"] in e.fact("likely_average_low").source
    assert "NHS England's likely range: average" in e.text
    earlier = [q for q in store.quarters if q != p["quarter"] and p["trust_code"] in
               set(store.metrics.loc[store.metrics["quarter"] == q, "trust_code"])]
    assert earlier
    other = explain(store, p["trust_code"], earlier[-1], "press")
    assert other.likely_range.whose == ESTIMATE
    assert ESTIMATE in other.fact("likely_rank_low").label
    assert other.fact("likely_rank_low").source.startswith("engine:")


def test_table_carries_likely_ranges_published_or_estimated(store, capsys):
    p = store.league.iloc[0]
    assert main(["table", "--type", p["table"], "--quarter", p["quarter"], "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("trust_code")
    row = frame.loc[p["trust_code"]]
    assert (row["likely_average_low"], row["likely_average_high"]) == published_pair(p["likely_range_of_average_score"])
    assert (row["likely_rank_low"], row["likely_rank_high"]) == published_pair(p["likely_range_of_rank"], int)
    assert set(frame["likely_range_source"]) == {PUBLISHED}
    earlier = [q for q in store.quarters if q != p["quarter"] and p["table"] in store.tables_in(q)][-1]
    assert main(["table", "--type", p["table"], "--quarter", earlier, "--format", "json"]) == 0
    rows = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert set(rows["likely_range_source"]) == {ESTIMATE}
    assert (rows["likely_average_low"] <= rows["average_score"]).all()
    assert rows[["likely_rank_low", "likely_rank_high"]].notna().all().all()


def test_table_matches_every_published_league_table_row(store, capsys):
    """`table` on the embedded data against NHS England's league-table file: segment, average, rank, deficit flag
    and likely ranges, for every published row."""
    for (quarter, table), published in store.league.groupby(["quarter", "table"]):
        assert main(["table", "--type", table, "--quarter", quarter, "--format", "csv"]) == 0
        ours = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("trust_code")
        assert len(ours) == len(published)
        for p in published.itertuples():
            row = ours.loc[p.trust_code]
            assert (row["segment"], row["average_score"], row["rank"]) == (p.segment, p.average_score, p.rank)
            assert row["in_deficit"] == ("Yes" if p.in_financial_deficit else "No")     # CSV flags are Yes/No
            assert (row["likely_rank_low"], row["likely_rank_high"]) == published_pair(p.likely_range_of_rank, int)


def test_a_tables_values_for_the_release_cache_survive_the_working_cache_being_cleared(withheld, monkeypatch):
    """The release cache stores ``table_values``: each must be the real value even when the working cache is
    cleared between two lookups (an empty placeholder stored there broke every later explanation of the table)."""
    from scoring.explain import uncertainty

    class ForgetsEverything(dict):
        def __setitem__(self, key, value):          # the worst case: every insert clears what was there
            self.clear()
            super().__setitem__(key, value)

    quarter = withheld.quarters[-1]
    table = withheld.tables_in(quarter)[0]
    result = score_quarter(withheld, quarter)
    expected = estimate_table(result, table).set_index("trust_code")
    monkeypatch.setattr(uncertainty, "_CACHE", ForgetsEverything())
    values = uncertainty.table_values(result, table)
    pd.testing.assert_frame_equal(values["estimate"], expected)
    assert list(values["ranks"].index) == list(expected.index)
    assert (values["ranks"]["rank_low"].to_numpy() == expected["rank_low"].to_numpy()).all()
    assert values["averages"] == {c: (r.average_low, r.average_high) for c, r in expected.iterrows()}
