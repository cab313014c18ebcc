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
from scoring.explain.quarter_results import base_result
from scoring.store import Store


@dataclass(frozen=True)
class OverrideView:
    applied: bool
    in_deficit: bool
    planned_deficit_value: float | None     # the first finance input's value (OF0079 in 2025/26), % of income
    plan_variance_value: float | None       # the second finance input's value (OF0081 in 2025/26), % of income
    finance_score: float | None             # the combined finance score (OF1080 in 2025/26)
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
    values = _finance(result, scores, book)
    book.add("without_override_segment", "Segment without the financial override", without.adjusted_segment, method)
    book.add("without_override_rank", "League position without the financial override", without.rank, method)
    return OverrideView(bool(row.financial_override), bool(row.in_deficit), values[0], values[1], values[2],
                        without.adjusted_segment, without.rank, without.unadjusted_segment, method)


def _finance(result: QuarterResult, scores: pd.DataFrame, book: FactBook
             ) -> tuple[float | None, float | None, float | None]:
    """(first input's value, second input's value, combined score) by the year's finance ids, each a fact."""
    finance = result.framework.finance
    if finance is None:
        return None, None, None
    by_id = {r.metric_id: r for r in scores.itertuples()}
    inputs: list[float | None] = []
    for metric_id in finance.inputs:
        r = by_id.get(metric_id)
        if r is None or pd.isna(r.value):
            inputs.append(None)
            continue
        inputs.append(float(r.value))
        metric = result.catalogue.get(metric_id)
        units = "% of income" if metric.units == "percent" else metric.units   # both 2025/26 inputs: % of income
        book.add(f"finance.{r.value_id}.value", f"{metric.short_name}, {units} ({r.value_id})", float(r.value),
                 f"{r.source_file} row {int(r.source_row)}, {r.value_id}, {result.quarter}")
    combined = by_id.get(finance.combined)
    score = None if combined is None else float(combined.score)
    if combined is not None:
        book.add(f"finance.{finance.combined}.score", f"{result.catalogue.get(finance.combined).short_name} "
                 f"({finance.combined})", score, f"engine: {combined.rule}")
    return inputs[0], inputs[1], score


def held_back(result: QuarterResult, table: str | None = None) -> pd.DataFrame:
    """Trusts whose segment the override lowered."""
    t = result.trusts
    t = t[t["financial_override"]]
    return t if table is None else t[t["table"] == table]
