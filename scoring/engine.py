"""The scoring engine: one quarter's published inputs in, NHS England's segments and league positions out.

``score_quarter`` runs the method step by step (metric scores → average → cut points → unadjusted segment
→ financial override → segment 5 → league rank), each step a function in ``metric_scores`` or ``segments``.
It reads only inputs: metric values, the published per-metric rank/median/quartiles, scores of metrics that
publish no value, the deficit and Recovery Support flags; and, where the data lacks trusts a pool needs,
the published scores or unadjusted segments that pin those trusts down (every such result is flagged).
What-ifs are the same run with changed inputs.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from nhs_league.errors import InvalidWhatIf, UnknownQuarter
from scoring.catalogue import TABLES, Catalogue
from scoring.frameworks import Framework, framework_for
from scoring.metric_scores import QuarterInputs, affected_metrics, metric_scores
from scoring.rules import Rules
from scoring.segments import (CutPoints, adjusted_segment, average_score, cut_points, domain_scores,
                              final_segment, league_rank, rank_by_average, unadjusted_segment)
from scoring.store import Store

Changes = Mapping[str, Mapping[str, float]]
LeaveOut = Mapping[str, Collection[str]]   # {trust: score ids to leave out of its average}


@dataclass(frozen=True)
class QuarterResult:
    """Everything the engine worked out for one quarter; explanations read these frames, never prose."""

    quarter: str
    framework: Framework        # the year's rules, catalogue, output ids, caps and wording
    scores: pd.DataFrame        # one row per (trust, metric scored): value, pool, rank, rule, score, basis
    trusts: pd.DataFrame        # one row per trust: average, segments, override, rank, table size
    cuts_by_table: Mapping[str, CutPoints]   # each table's cut points (one shared set for a national pool)
    tables_present: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def rules(self) -> Rules:
        return self.framework.rules

    @property
    def catalogue(self) -> Catalogue:
        return self.framework.catalogue

    def cuts_for(self, table: str) -> CutPoints:
        """The cut points that place ``table``'s trusts (the national pool's, or the table's own)."""
        return self.cuts_by_table[table]

    @property
    def cuts(self) -> CutPoints:
        """The quarter's one set of cut points (a national pool); with per-table pools use ``cuts_for(table)``."""
        distinct = {id(c): c for c in self.cuts_by_table.values()}
        if len(distinct) != 1:
            raise ValueError("each table has its own cut points under per-table pools: use cuts_for(table)")
        return next(iter(distinct.values()))

    @cached_property
    def domains(self) -> pd.DataFrame:
        """Domain scores (context only; published as the rules' domain ids), computed on first use."""
        return domain_scores(self.scores, self.rules, self.quarter)

    def trust(self, code: str) -> pd.Series:
        return self.trusts.set_index("trust_code").loc[code]

    def table(self, table: str) -> pd.DataFrame:
        return self.trusts[self.trusts["table"] == table].sort_values(["rank", "trust_code"])


def _flag(rows: pd.DataFrame, metric_id: str) -> pd.Series:
    flag = rows[rows["metric_id"] == metric_id].set_index("trust_code")["value"]
    return flag.fillna(0).astype(int).astype(bool)


def _example(catalogue: Catalogue, value: bool) -> str:
    """An id to quote in an error: the catalogue's first rank-based metric, as 'OF0013 (A&E within 4 hours)'."""
    metric = next((m for m in catalogue.metrics if m.method == "rank"), catalogue.metrics[0])
    return f"{(metric.value_id or metric.id) if value else metric.id} ({metric.short_name})"


def _apply_changes(values: pd.DataFrame, scores: pd.DataFrame, changes: Changes, catalogue: Catalogue
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    values = values.copy()
    scores = scores.copy()
    for trust, metric_changes in changes.items():
        for metric_id, new in metric_changes.items():
            if metric_id not in catalogue:
                raise InvalidWhatIf(f"{metric_id} is not a scored metric; use an id such as "
                                    f"{_example(catalogue, True)}. `nhs-league explain TRUST` lists a trust's "
                                    "metrics.")
            metric = catalogue.get(metric_id)
            if not np.isfinite(float(new)):
                raise InvalidWhatIf(f"{metric_id}={new} is not a number.")
            if metric.method == "input":
                hit = (scores["trust_code"] == trust) & (scores["metric_id"] == metric.id)
                if not float(new) in (1, 2, 3, 4):
                    raise InvalidWhatIf(f"{metric.id} publishes a score only: give a score of 1, 2, 3 or 4.")
                scores.loc[hit, "value"] = float(new)
            elif metric.method == "lookup":
                inputs = metric.lookup.inputs if metric.lookup else ()
                raise InvalidWhatIf(f"{metric.id} is combined from {' and '.join(inputs)}: "
                                    f"change those values ({', '.join(catalogue.get(i).value_id or i for i in inputs)}) instead.")
            else:
                hit = (values["trust_code"] == trust) & (values["metric_id"] == metric.value_id)
                values.loc[hit, "value"] = float(new)
                values.loc[hit, "changed"] = values.loc[hit, "value"] != values.loc[hit, "original_value"]
            if not hit.any():
                raise InvalidWhatIf(f"{trust} is not scored on {metric.id} ({metric.short_name}) this quarter, "
                                    "so it cannot be changed.")
    return values, scores


def quarter_inputs(store: Store, quarter: str, changes: Changes | None = None,
                   catalogue: Catalogue | None = None) -> QuarterInputs:
    catalogue = catalogue or framework_for(quarter).catalogue
    if quarter not in store.quarters:
        raise UnknownQuarter(f"No data for {quarter!r}. Quarters available: {', '.join(store.quarters)}.")
    rows = store.metrics[store.metrics["quarter"] == quarter]
    values = rows[rows["metric_id"].isin(catalogue.value_ids)].copy()
    values["original_value"] = values["value"]
    values["changed"] = False
    scores = rows[rows["metric_id"].isin(catalogue.by_id)].copy()
    if changes:
        values, scores = _apply_changes(values, scores, changes, catalogue)
    return QuarterInputs(values, scores, tuple(store.tables_in(quarter)))


def _leave_out(scored: pd.DataFrame, leave_out: LeaveOut, framework: Framework, quarter: str) -> pd.DataFrame:
    """``scored`` without the left-out (trust, metric) rows: the trust is scored as if those metrics did not
    apply to it, as the method treats any metric a trust does not report."""
    catalogue = framework.catalogue
    drop = pd.Series(False, index=scored.index)
    for trust, metric_ids in leave_out.items():
        mine = scored["trust_code"] == trust
        for metric_id in metric_ids:
            if metric_id not in catalogue:
                raise InvalidWhatIf(f"{metric_id} is not a scored metric; use an id such as "
                                    f"{_example(catalogue, False)}. `nhs-league explain TRUST` lists a trust's "
                                    "metrics.")
            metric = catalogue.get(metric_id)
            if not metric.in_average:
                combined = framework.finance.combined if framework.finance else "the combined score"
                raise InvalidWhatIf(f"{metric.id} ({metric.short_name}) is not in the average: it feeds the combined "
                                    f"finance score, so leave out {combined} instead.")
            hit = mine & (scored["metric_id"] == metric.id)
            if not hit.any():
                raise InvalidWhatIf(f"{trust} is not scored on {metric.id} ({metric.short_name}) in {quarter}, so it "
                                    "cannot be left out.")
            drop |= hit
        if not (mine & scored["in_average"] & ~drop).any():
            raise InvalidWhatIf(f"Leaving out every metric would leave {trust} with no average; keep at least one.")
    return scored[~drop]


def _averages(scored: pd.DataFrame, rules: Rules, quarter: str, base: QuarterResult | None,
              recompute: set[str]) -> pd.DataFrame:
    """``average_score(scored)``; with ``base``, only the ``recompute`` trusts' averages are worked out and the
    rest are the base run's (their scores are the base run's, so their averages are too)."""
    if base is None:
        return average_score(scored, rules, quarter)
    columns = ["trust_code", "table", "metrics_scored", "weighted_slots", "average_exact", "average_score",
               "average_low", "average_high"]
    kept = base.trusts.loc[~base.trusts["trust_code"].isin(recompute), columns]
    if not recompute:
        return kept.sort_values(["trust_code", "table"]).reset_index(drop=True)
    fresh = average_score(scored[scored["trust_code"].isin(recompute)], rules, quarter)
    both = pd.concat([kept, fresh], ignore_index=True)
    return both.sort_values(["trust_code", "table"]).reset_index(drop=True)


def missing_tables(tables_present: tuple[str, ...], framework: Framework) -> tuple[str, ...]:
    """Tables a national pool needs that the data lacks (per-table pools need no other table)."""
    if framework.rules.segmentation.pool != "national":
        return ()
    return tuple(t for t in TABLES if t in framework.tables and t not in tables_present)


def cut_pools(averages: pd.DataFrame, framework: Framework, tables_present: tuple[str, ...]
              ) -> dict[str, list[str]]:
    """The pools cut points are worked out over, each named by the tables it places: one national pool of every
    table present, or (``pool: per-table``) each table alone."""
    tables: list[str] = [t for t in TABLES if t in set(averages["table"])] or list(tables_present)
    if framework.rules.segmentation.pool == "national":
        return {"national": tables}
    return {table: [table] for table in tables}


def pool_name(pool: str) -> str:
    return "the national pool" if pool == "national" else f"the {pool} table"


def published_unadjusted_segments(rows: pd.DataFrame, rules: Rules) -> pd.Series | None:
    """NHS England's unadjusted segments in one quarter's rows (they bound the cut points when a table is
    missing), or None when none are published."""
    published = rows[rows["metric_id"] == rules.outputs.unadjusted_segment].set_index("trust_code")["value"]
    return published if len(published) else None


def _segments(averages: pd.DataFrame, framework: Framework, tables_present: tuple[str, ...], rows: pd.DataFrame,
              segmentation: str | None, given: tuple[float, ...] | None,
              published_averages: pd.DataFrame | None) -> tuple[pd.DataFrame, dict[str, CutPoints]]:
    """Each pool's cut points and every trust's unadjusted segment."""
    rules = framework.rules
    missing = missing_tables(tables_present, framework)
    published_unadjusted = None if segmentation == "computed" else published_unadjusted_segments(rows, rules)
    placed, cuts_by_table = [], {}
    for pool, tables in cut_pools(averages, framework, tables_present).items():
        members = averages[averages["table"].isin(tables)]
        pinned = None if published_averages is None else published_averages[published_averages["table"].isin(tables)]
        cuts = cut_points(members, rules, missing, published_unadjusted, given, published_averages=pinned,
                          pool=pool_name(pool))
        placed.append(unadjusted_segment(members, cuts, rules))
        cuts_by_table.update({table: cuts for table in tables})
    return pd.concat(placed, ignore_index=True), cuts_by_table


def score_quarter(store: Store, quarter: str, *, changes: Changes | None = None,
                  deficit: Mapping[str, bool] | None = None, given_cut_points: tuple[float, ...] | None = None,
                  segmentation: str | None = None, base: QuarterResult | None = None,
                  leave_out: LeaveOut | None = None) -> QuarterResult:
    """Run the whole method for one quarter.

    ``changes`` ({trust: {metric id: value}}) and ``deficit`` ({trust: flag}) make a what-if;
    ``given_cut_points`` uses published cut points; ``segmentation="computed"`` ignores published unadjusted
    segments even when a table is missing (to test the quartile rule on the trusts present). ``base``, the
    unchanged result for the same store and quarter, lets a what-if recompute only the metrics it changes
    (the result is identical to a full run; a test checks).

    ``leave_out`` ({trust: [score ids]}) scores each trust as if those metrics did not apply to it: their scores
    leave its average, and everything after the averages (cut points, segments, override, ranks) is re-run.
    Every other trust's scores and every peer pool stay as published. Where published unadjusted segments bound
    the cut points, they bound them at the averages they were published for (a left-out trust's published
    segment describes its published average, not its new one).
    """
    framework = framework_for(quarter)   # raises NotRecomputed for a year without rules: never another year's
    catalogue, rules = framework.catalogue, framework.rules
    rows = store.metrics[store.metrics["quarter"] == quarter]
    reuse = base if base is not None and base.quarter == quarter else None

    if reuse is not None and not changes:
        scored, tables_present = reuse.scores, reuse.tables_present
    else:
        inputs = quarter_inputs(store, quarter, changes, catalogue)
        tables_present = inputs.tables_present
        if reuse is not None:
            touched = {metric_id for trust_changes in (changes or {}).values() for metric_id in trust_changes}
            scored = metric_scores(inputs, catalogue, only=affected_metrics(touched, catalogue), reuse=reuse.scores,
                                   places=rules.metric_scores.decimals)
        else:
            scored = metric_scores(inputs, catalogue, places=rules.metric_scores.decimals)
    published_averages = None
    if leave_out:
        published_averages = _averages(scored, rules, quarter, reuse if not changes else None, set())
        scored = _leave_out(scored, leave_out, framework, quarter)
        averages = _averages(scored, rules, quarter, reuse if not changes else None, set(leave_out))
    else:
        averages = average_score(scored, rules, quarter)
    segments, cuts_by_table = _segments(averages, framework, tables_present, rows, segmentation, given_cut_points,
                                        published_averages)

    trusts = averages.merge(segments, on="trust_code")
    deficit_flag = _flag(rows, rules.override.flag).reindex(trusts["trust_code"]).fillna(False)
    if deficit:
        deficit_flag = deficit_flag.copy()
        for code, flag in deficit.items():
            deficit_flag[code] = bool(flag)
    trusts["in_deficit"] = deficit_flag.to_numpy(dtype=bool)
    trusts["adjusted_segment"], trusts["financial_override"] = adjusted_segment(
        trusts["unadjusted_segment"], trusts["in_deficit"], rules)
    recovery = _flag(rows, rules.recovery_support.flag).reindex(trusts["trust_code"]).fillna(False)
    trusts["recovery_support"] = recovery.to_numpy(dtype=bool)
    trusts["final_segment"] = final_segment(trusts["adjusted_segment"], trusts["recovery_support"], rules)
    trusts["rank"] = league_rank(trusts, rules)
    trusts["rank_by_average"] = rank_by_average(trusts, rules)
    trusts["table_size"] = trusts.groupby("table")["trust_code"].transform("size")
    info = store.trusts.set_index("trust_code")[["trust_name", "subtype", "region"]]
    trusts = trusts.join(info, on="trust_code")
    trusts["quarter"] = quarter

    notes = list(dict.fromkeys(n for cuts in cuts_by_table.values() for n in cuts.notes))
    inferred = scored[scored["basis"] != "computed"]
    for metric_id, g in inferred.groupby("metric_id"):
        if (g["basis"] == "computed, missing trusts inferred").any():
            notes.append(f"{metric_id}: the peer pool includes {int(g['missing_in_pool'].max())} trusts not in "
                         "the data; they were placed from the published scores")
    for trust, metric_ids in (leave_out or {}).items():
        notes.append(f"{trust}: {', '.join(metric_ids)} left out of its average")
    return QuarterResult(quarter, framework, scored, trusts.reset_index(drop=True), cuts_by_table, tables_present,
                         tuple(notes))
