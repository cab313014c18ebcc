"""Step by step, where the trust sits: average → cut points → unadjusted segment → override → rank."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.engine import QuarterResult
from scoring.explain.facts import FactBook
from scoring.explain.results import table_label


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
    cut_points: tuple[float, float, float]
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


def position(result: QuarterResult, row, book: FactBook, published: dict[str, str | None]) -> Position:
    """The trust's position, with a fact per step; ``published`` maps output ids to their source rows."""
    q, table = result.quarter, row.table
    label = table_label(table)
    cuts = tuple(float(c) for c in result.cuts.values)

    def src(engine: str, output: str | None = None) -> str:
        pub = published.get(output) if output else None
        return f"engine: {engine}" + (f" (published: {pub})" if pub else "")

    book.add("quarter", "Quarter", q, "store: quarter of the published data")
    book.add("table", "League table", label, f"store: trust type of {row.trust_code}")
    book.add("metrics_scored", "Metrics scored", int(row.metrics_scored),
             f"engine: metrics in the average ({float(row.weighted_slots):g} weighted slots)")
    book.add("average_score", "Average metric score", float(row.average_score),
             src(f"weighted average of {int(row.metrics_scored)} metric scores, rounded half up to 2 dp", "OF5002"))
    for k, c in enumerate(cuts, start=1):
        book.add(f"cut_point_{k}", f"Cut point between segments {k} and {k + 1}", c,
                 f"engine: cut points, {result.cuts.basis}")
    book.add("unadjusted_segment", "Segment from scores alone (unadjusted)", int(row.unadjusted_segment),
             src("average placed against the cut points", "OF5003"))
    book.add("nearest_cut", "Nearest cut point (1 = between segments 1 and 2)", int(row.nearest_cut),
             "engine: nearest of the three cut points")
    book.add("nearest_cut_next_segment", "Segment on the worse side of the nearest cut point",
             int(row.nearest_cut) + 1, "engine: nearest cut point + 1")
    book.add("distance_to_cut", "Distance from the nearest cut point", float(row.distance_to_cut),
             "engine: average minus the nearest cut point (negative = on the better side)")
    book.add("borderline", "Borderline (within 0.01 of a cut point)", bool(row.borderline),
             f"engine: |distance| ≤ {result.rules.borderline_margin:g}")
    book.add("in_deficit", "In financial deficit or receiving deficit support", bool(row.in_deficit),
             published.get("OF5004") or "store: deficit flag (OF5004)")
    book.add("financial_override", "Financial override applied", bool(row.financial_override),
             "engine: in deficit and scores alone would place it above segment "
             f"{result.rules.override.best_allowed_segment}")
    book.add("adjusted_segment", "Segment after the financial override", int(row.adjusted_segment),
             src("financial override applied to the unadjusted segment", "OF5000"))
    book.add("recovery_support", "In the Recovery Support Programme (segment 5)", bool(row.recovery_support),
             published.get("OF5007") or "store: recovery support flag (OF5007)")
    book.add("final_segment", "Final segment", int(row.final_segment), src("segment after override and segment 5",
                                                                           "OF5005"))
    book.add("segment", "Segment", int(row.adjusted_segment),
             src("league-table segment: the segment after the financial override", "OF5000"))
    book.add("rank", "League position", int(row.rank),
             f"engine: league rank in the {label} table (segment first, then average; ties share a rank)")
    book.add("table_size", "Trusts in the table", int(row.table_size), f"engine: trusts in the {label} table, {q}")
    book.add("rank_by_average", "Position by average alone", int(row.rank_by_average),
             src("rank of the average within the table, ignoring segments", "OF5002"))
    return Position(label, q, int(row.adjusted_segment), int(row.adjusted_segment), int(row.unadjusted_segment),
                    int(row.rank), int(row.table_size), float(row.average_score), int(row.metrics_scored), cuts,
                    int(row.nearest_cut), float(row.distance_to_cut), bool(row.borderline), bool(row.in_deficit),
                    bool(row.financial_override), bool(row.recovery_support))


def scale_facts(book: FactBook) -> None:
    """The fixed ends of the scales, so the text can name them."""
    src = "NHS Oversight Framework 2025/26 method: scores 1.00 (best) to 4.00; segments 1 (best) to 4, 5 for recovery support"
    book.add("scale.best_score", "Best possible metric score", 1.0, src, trust=None)
    book.add("scale.worst_score", "Worst possible metric score", 4.0, src, trust=None)
    book.add("scale.best_segment", "Best segment", 1, src, trust=None)
    book.add("scale.worst_segment", "Lowest ordinary segment", 4, src, trust=None)
    book.add("scale.override_cap", "Best segment a trust in deficit can have", 3, src, trust=None)
