"""The financial override: did it apply, the finance figures behind it, and the position without it.

The position without it is the engine's result with the trust's deficit flag cleared. By default this re-runs
the engine's steps after the averages (:mod:`placement`), which equals ``score_quarter(store, quarter,
deficit={code: False})`` because nothing before those steps reads the flag; ``rerun=True`` runs the whole
engine instead (tests check the two agree).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.engine import QuarterResult, score_quarter
from scoring.explain.facts import FactBook
from scoring.explain.placement import Placement, place
from scoring.explain.results import base_result
from scoring.store import Store

FINANCE = ("OF1079", "OF1081", "OF1080")


@dataclass(frozen=True)
class OverrideView:
    applied: bool
    in_deficit: bool
    planned_deficit_value: float | None     # OF0079, % of income
    plan_variance_value: float | None       # OF0081, % of income
    finance_score: float | None             # OF1080
    without_segment: int
    without_rank: int
    without_unadjusted_segment: int
    method: str


def without_override(store: Store, quarter: str, code: str, *, rerun: bool = False) -> Placement:
    """Segment and rank with the trust's deficit flag cleared (everything else as published)."""
    if rerun:
        result = score_quarter(store, quarter, deficit={code: False})
        row = result.trust(code)
        return Placement(float(row["average_score"]), int(row["unadjusted_segment"]), int(row["adjusted_segment"]),
                         int(row["final_segment"]), bool(row["financial_override"]), int(row["rank"]),
                         int(row["table_size"]))
    result = base_result(store, quarter)
    table = result.trust(code)["table"]
    return place(result, code, table=table, in_deficit=False)


def override_view(result: QuarterResult, store: Store, row, scores: pd.DataFrame, book: FactBook,
                  rerun: bool = False) -> OverrideView:
    q, code = result.quarter, row.trust_code
    without = without_override(store, q, code, rerun=rerun)
    method = ("engine: score_quarter re-run with the deficit flag cleared" if rerun else
              f"engine: override, segment 5 and league rank re-run with {code}'s deficit flag cleared "
              "(averages and cut points do not depend on it; equals score_quarter(deficit={code: False}))")
    by_id = {r.metric_id: r for r in scores.itertuples()}
    values = {}
    for metric_id in FINANCE:
        r = by_id.get(metric_id)
        if r is None:
            values[metric_id] = None
            continue
        if metric_id == "OF1080":
            values[metric_id] = float(r.score)
            book.add("finance.OF1080.score", "Combined finance score (OF1080)", float(r.score), f"engine: {r.rule}")
        elif not pd.isna(r.value):
            values[metric_id] = float(r.value)
            label = "Planned surplus or deficit, % of income" if metric_id == "OF1079" else \
                "Variance from the financial plan, % of income"
            book.add(f"finance.{r.value_id}.value", f"{label} ({r.value_id})", float(r.value),
                     f"{r.source_file} row {int(r.source_row)}, {r.value_id}, {q}")
    book.add("without_override_segment", "Segment without the financial override", without.adjusted_segment, method)
    book.add("without_override_rank", "League position without the financial override", without.rank, method)
    return OverrideView(bool(row.financial_override), bool(row.in_deficit), values.get("OF1079"),
                        values.get("OF1081"), values.get("OF1080"), without.adjusted_segment, without.rank,
                        without.unadjusted_segment, method)


def held_back(result: QuarterResult, table: str | None = None) -> pd.DataFrame:
    """Trusts whose segment the override lowered."""
    t = result.trusts
    t = t[t["financial_override"]]
    return t if table is None else t[t["table"] == table]
