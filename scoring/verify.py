"""Recompute every table and quarter and compare with NHS England's published figures.

Metric scores are compared at 2 dp. A score whose rank the published data cannot fix (two trusts in
different tables with the same 2 dp value) is "consistent" when the published score lies in its range.
Every published league-table row found is compared too: segment, average, rank and deficit flag exactly,
and the likely ranges against our estimate by NHS England's method (made without the league-table file),
"within" a tolerance: each average bound within 0.02, each rank bound within 2 places.
Every disagreement is listed with its reason.

A quarter of a framework year the product has no rules for is not recomputed (its report says "not recomputed:
no rules for 2026/27"): it is shown as published, and nothing is compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from scoring.catalogue import TABLES
from scoring.engine import QuarterResult, score_quarter
from scoring.explain.uncertainty import (AVERAGE_TOLERANCE, RANK_TOLERANCE, published_pair, table_estimate,
                                         within_tolerance)
from scoring.frameworks import is_recomputed, not_recomputed_reason
from scoring.store import Store


@dataclass
class Check:
    """Agreement on one published figure for one table and quarter."""

    name: str
    compared: int = 0
    exact: int = 0
    consistent: int = 0
    misses: list[dict] = field(default_factory=list)
    consistent_means: str = "consistent"      # what "consistent" stands for in this check (e.g. "within 0.02")

    @property
    def rate(self) -> float:
        return self.exact / self.compared if self.compared else 1.0


@dataclass
class TableReport:
    quarter: str
    table: str
    checks: list[Check]
    notes: tuple[str, ...]
    cut_points: str
    recomputed: bool = True
    not_recomputed: str = ""      # why not ("no rules for 2026/27"): the quarter is shown as published


def _published(result: QuarterResult, store: Store, metric_id: str, column: str = "value") -> pd.Series:
    rows = store.metrics[(store.metrics["quarter"] == result.quarter) & (store.metrics["metric_id"] == metric_id)]
    return rows.set_index("trust_code")[column]


def _compare(name: str, ours: pd.Series, theirs: pd.Series, reason) -> Check:
    check = Check(name)
    for code, value in theirs.dropna().items():
        if code not in ours.index:
            check.compared += 1
            check.misses.append({"trust_code": code, "published": value, "computed": None,
                                 "reason": "not computed (no scored metrics?)"})
            continue
        check.compared += 1
        if abs(float(ours[code]) - float(value)) < 1e-9:
            check.exact += 1
            check.consistent += 1
        else:
            check.misses.append({"trust_code": code, "published": value, "computed": ours[code],
                                 "reason": reason(code)})
    return check


def _score_check(result: QuarterResult, store: Store, table: str) -> Check:
    check = Check("metric scores")
    rows = store.metrics[(store.metrics["quarter"] == result.quarter) & (store.metrics["table"] == table)]
    published = rows[rows["metric_id"].isin(result.catalogue.by_id)].set_index(["trust_code", "metric_id"])["value"]
    ours = result.scores[(result.scores["table"] == table) & (result.scores["basis"] != "published score")
                         ].set_index(["trust_code", "metric_id"])
    for key, row in ours.iterrows():
        if key not in published.index:
            continue
        value = float(published[key])
        check.compared += 1
        if abs(row["score"] - value) < 1e-9:
            check.exact += 1
            check.consistent += 1
        elif row["score_low"] - 1e-9 <= value <= row["score_high"] + 1e-9:
            check.consistent += 1
            check.misses.append({"trust_code": key[0], "metric_id": key[1], "published": value,
                                 "computed": row["score"], "range": (row["score_low"], row["score_high"]),
                                 "reason": "cross-table tie at 2 dp: the published score lies in the range the "
                                           "data allows"})
        else:
            check.misses.append({"trust_code": key[0], "metric_id": key[1], "published": value,
                                 "computed": row["score"], "reason": row["rule"]})
    return check


def verify_quarter(store: Store, quarter: str, published: Store | None = None,
                   segmentation: str | None = None) -> list[TableReport]:
    """Score ``quarter`` from ``store`` and compare with the figures in ``published`` (default: the same store).

    Passing a store stripped of every output it can compute, with the full store as ``published``, shows
    the engine needs none of them. A published-only quarter (no rules for its year) gives one report per table
    saying so, with no checks.
    """
    if not is_recomputed(quarter):
        reason = not_recomputed_reason(quarter)
        return [TableReport(quarter, table, [], (), "", recomputed=False, not_recomputed=reason)
                for table in store.tables_in(quarter)]
    result = score_quarter(store, quarter, segmentation=segmentation)
    store = published or store
    rules = result.rules
    reports = []
    trusts = result.trusts.set_index("trust_code")

    def near_cut(code: str) -> str:
        t = trusts.loc[code]
        missing = ", ".join(sorted(set(TABLES) - set(result.tables_present)))
        return (f"average {t['average_score']:.2f} is {t['distance_to_cut']:+.2f} from cut point {t['nearest_cut']} "
                f"({result.cuts_for(t['table']).basis}); which side it falls depends on the trusts missing from the "
                f"data ({missing})")

    for table in result.tables_present:
        mine = trusts[trusts["table"] == table]
        checks = [_score_check(result, store, table)]
        published_avg = _published(result, store, rules.outputs.average)
        checks.append(_compare("average score", mine["average_score"], published_avg.reindex(mine.index),
                               lambda c: f"range {trusts.loc[c, 'average_low']:.2f}–{trusts.loc[c, 'average_high']:.2f}"))
        checks.append(_compare("unadjusted segment", mine["unadjusted_segment"],
                               _published(result, store, rules.outputs.unadjusted_segment).reindex(mine.index),
                               near_cut))
        checks.append(_compare("segment", mine["adjusted_segment"],
                               _published(result, store, rules.outputs.adjusted_segment).reindex(mine.index),
                               near_cut))
        final = _published(result, store, rules.outputs.final_segment).reindex(mine.index)
        if final.notna().any():
            checks.append(_compare("final segment", mine["final_segment"], final, near_cut))
        segment_misses = {m["trust_code"]: m for m in checks[2].misses}
        checks.append(_compare("league rank", mine["rank"],
                               _published(result, store, rules.outputs.adjusted_segment, "rank").reindex(mine.index),
                               partial(_rank_reason, segment_misses)))
        checks += _league_checks(result, store, table)
        reports.append(TableReport(quarter, table, checks, result.notes, result.cuts_for(table).basis))
    return reports


def verify_all(store: Store, published: Store | None = None, segmentation: str | None = None
               ) -> list[TableReport]:
    return [report for quarter in store.quarters
            for report in verify_quarter(store, quarter, published, segmentation)]


def _rank_reason(segment_misses: dict[str, dict], code: str) -> str:
    """Why a trust's league rank differs from the published one, given the table's segment differences."""
    if code in segment_misses:
        return "follows from its own segment difference"
    others = ", ".join(sorted(segment_misses))
    return (f"knock-on of {others}'s segment difference (its own segment and average agree)" if others
            else "its segment and average agree; check the tie rule")


def _league_checks(result: QuarterResult, store: Store, table: str) -> list[Check]:
    """Our segment, average, rank, deficit flag and likely ranges against every published league-table row."""
    league = store.league
    if league is None or not len(league):
        return []
    rows = league[(league["quarter"] == result.quarter) & (league["table"] == table)]
    if not len(rows):
        return []
    ours = result.trusts.set_index("trust_code")
    estimate = table_estimate(result, table)
    checks = {name: Check(f"league table: {name}") for name in ("segment", "average score", "rank", "deficit flag")}
    avg_range = Check("likely range of the average", consistent_means=f"within {AVERAGE_TOLERANCE:.2f}")
    rank_range = Check("likely range of the rank", consistent_means=f"within {RANK_TOLERANCE} places")
    for p in rows.itertuples():
        code = p.trust_code
        where = f"{p.source_file} row {int(p.source_row)}"
        if code not in ours.index:
            for check in [*checks.values(), avg_range, rank_range]:
                check.compared += 1
                check.misses.append({"trust_code": code, "published": where, "computed": None,
                                     "reason": "not in the metric data for this quarter"})
            continue
        mine = ours.loc[code]
        pairs = {"segment": (int(mine["adjusted_segment"]), int(p.segment)),
                 "average score": (float(mine["average_score"]), float(p.average_score)),
                 "rank": (int(mine["rank"]), int(p.rank)),
                 "deficit flag": (bool(mine["in_deficit"]), _flag(p.in_financial_deficit))}
        for name, (computed, published) in pairs.items():
            check = checks[name]
            check.compared += 1
            if computed == published:
                check.exact += 1
                check.consistent += 1
            else:
                check.misses.append({"trust_code": code, "published": published, "computed": computed,
                                     "reason": f"differs from {where}"})
        e = estimate.loc[code]
        ours_avg = (float(e["average_low"]), float(e["average_high"]))
        ours_rank = (int(e["rank_low"]), int(e["rank_high"]))
        pub_avg = published_pair(p.likely_range_of_average_score)
        pub_rank = published_pair(p.likely_range_of_rank, int)
        avg_ok, rank_ok = within_tolerance(ours_avg, ours_rank, pub_avg, pub_rank)
        ranges: tuple[tuple[Check, tuple, tuple | None, bool], ...] = ((avg_range, ours_avg, pub_avg, avg_ok),
                                                                        (rank_range, ours_rank, pub_rank, rank_ok))
        for check, ours_range, published_range, ok in ranges:
            check.compared += 1
            check.exact += ours_range == published_range
            check.consistent += ok
            if ours_range != published_range:
                check.misses.append({"trust_code": code, "published": published_range, "computed": ours_range,
                                     "reason": ("within the tolerance" if ok else "outside the tolerance")
                                     + f" ({where})"})
    return [*checks.values(), avg_range, rank_range]


def _flag(value) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("yes", "true", "1")
