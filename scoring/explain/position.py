"""Step by step, where the trust sits: average → cut points → unadjusted segment → override → rank."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from scoring.engine import QuarterResult
from scoring.explain.facts import FactBook
from scoring.frameworks import Framework
from scoring.metric_scores import BEST_SCORE, WORST_SCORE


@dataclass(frozen=True)
class Position:
    table: str
    quarter: str
    segment: int
    adjusted_segment: int
    unadjusted_segment: int
    rank: int
    table_size: int
    average_score: float
    metrics_scored: int
    cut_points: tuple[float, ...]
    nearest_cut: int
    distance_to_cut: float
    borderline: bool
    in_deficit: bool
    financial_override: bool
    recovery_support: bool


def published_source(store_metrics: pd.DataFrame, code: str, quarter: str, metric_id: str) -> str | None:
    """"file row N, ID, quarter" for a published output row, when the store holds one."""
    rows = store_metrics[(store_metrics["trust_code"] == code) & (store_metrics["metric_id"] == metric_id)
                         & (store_metrics["quarter"] == quarter)]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return f"{row['source_file']} row {int(row['source_row'])}, {metric_id}, {quarter}"


def position(result: QuarterResult, row, book: FactBook, published: Mapping[str, str | None]) -> Position:
    """The trust's position, with a fact per step; ``published`` maps output ids to their source rows."""
    q, table = result.quarter, row.table
    framework = result.framework
    ids = framework.output_ids
    label = framework.table_label(table)
    cuts = tuple(float(c) for c in result.cuts_for(table).values)

    def src(engine: str, output: str | None = None) -> str:
        pub = published.get(output) if output else None
        return f"engine: {engine}" + (f" (published: {pub})" if pub else "")

    book.add("quarter", "Quarter", q, "store: quarter of the published data")
    book.add("table", "League table", label, f"store: trust type of {row.trust_code}")
    book.add("metrics_scored", "Metrics scored", int(row.metrics_scored),
             f"engine: metrics in the average ({float(row.weighted_slots):g} weighted slots)")
    book.add("average_score", "Average metric score", float(row.average_score),
             src(f"weighted average of {int(row.metrics_scored)} metric scores, rounded half up to "
                 f"{result.rules.average.decimals} dp", ids["average_score"]))
    for k, c in enumerate(cuts, start=1):
        book.add(f"cut_point_{k}", f"Cut point between segments {k} and {k + 1}", c,
                 f"engine: cut points, {result.cuts_for(table).basis}")
    book.add("unadjusted_segment", "Segment from scores alone (unadjusted)", int(row.unadjusted_segment),
             src("average placed against the cut points", ids["unadjusted_segment"]))
    book.add("nearest_cut", "Nearest cut point (1 = between segments 1 and 2)", int(row.nearest_cut),
             f"engine: nearest of the {len(cuts)} cut points")
    book.add("nearest_cut_next_segment", "Segment on the worse side of the nearest cut point",
             int(row.nearest_cut) + 1, "engine: nearest cut point + 1")
    book.add("distance_to_cut", "Distance from the nearest cut point", float(row.distance_to_cut),
             "engine: average minus the nearest cut point (negative = on the better side)")
    book.add("borderline", f"Borderline (within {result.rules.borderline_margin:g} of a cut point)",
             bool(row.borderline),
             f"engine: |distance| ≤ {result.rules.borderline_margin:g}")
    book.add("in_deficit", "In financial deficit or receiving deficit support", bool(row.in_deficit),
             published.get(ids["in_deficit"]) or f"store: deficit flag ({ids['in_deficit']})")
    book.add("financial_override", "Financial override applied", bool(row.financial_override),
             "engine: in deficit and scores alone would place it above segment "
             f"{result.rules.override.best_allowed_segment}")
    book.add("adjusted_segment", "Segment after the financial override", int(row.adjusted_segment),
             src("financial override applied to the unadjusted segment", ids["segment"]))
    recovery = framework.recovery_support_segment
    book.add("recovery_support", f"In the Recovery Support Programme (segment {recovery})", bool(row.recovery_support),
             published.get(ids["recovery_support"]) or f"store: recovery support flag ({ids['recovery_support']})")
    book.add("final_segment", "Final segment", int(row.final_segment),
             src(f"segment after override and segment {recovery}", ids["final_segment"]))
    book.add("segment", "Segment", int(row.adjusted_segment),
             src("league-table segment: the segment after the financial override", ids["segment"]))
    book.add("rank", "League position", int(row.rank),
             f"engine: league rank in the {label} table (segment first, then average; ties share a rank)")
    book.add("table_size", "Trusts in the table", int(row.table_size), f"engine: trusts in the {label} table, {q}")
    book.add("rank_by_average", "Position by average alone", int(row.rank_by_average),
             src("rank of the average within the table, ignoring segments", ids["average_score"]))
    return Position(label, q, int(row.adjusted_segment), int(row.adjusted_segment), int(row.unadjusted_segment),
                    int(row.rank), int(row.table_size), float(row.average_score), int(row.metrics_scored), cuts,
                    int(row.nearest_cut), float(row.distance_to_cut), bool(row.borderline), bool(row.in_deficit),
                    bool(row.financial_override), bool(row.recovery_support))


def scale_facts(book: FactBook, framework: Framework) -> None:
    """The fixed ends of the year's scales, so the text can name them."""
    src = (f"{framework.method_source}: scores {BEST_SCORE:.2f} (best) to {WORST_SCORE:.2f}; segments 1 (best) to "
           f"{framework.segments}, {framework.recovery_support_segment} for recovery support")
    book.add("scale.best_score", "Best possible metric score", float(BEST_SCORE), src, trust=None)
    book.add("scale.worst_score", "Worst possible metric score", float(WORST_SCORE), src, trust=None)
    book.add("scale.best_segment", "Best segment", 1, src, trust=None)
    book.add("scale.worst_segment", "Lowest ordinary segment", framework.segments, src, trust=None)
    book.add("scale.override_cap", "Best segment a trust in deficit can have", framework.override_cap, src, trust=None)
