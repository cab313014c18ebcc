"""Which metrics the trust was scored on, against its table's usual set, and why the others did not apply."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from scoring.catalogue import Catalogue
from scoring.engine import QuarterResult
from scoring.explain.facts import FactBook


@dataclass(frozen=True)
class NotApplied:
    metric_id: str
    name: str
    why: str


@dataclass(frozen=True)
class Coverage:
    metrics_scored: int
    table_usual: int              # most common count in the table
    table_median: float
    not_applied: list[NotApplied]
    specialist: bool
    few_metrics: bool
    best_non_specialist: dict | None = field(default=None)

    def to_dict(self) -> dict:
        return {"metrics_scored": self.metrics_scored, "table_usual": self.table_usual,
                "table_median": self.table_median, "specialist": self.specialist, "few_metrics": self.few_metrics,
                "not_applied": [vars(n) for n in self.not_applied], "best_non_specialist": self.best_non_specialist}


def best_non_specialist(result: QuarterResult) -> dict | None:
    acute = result.trusts[result.trusts["table"] == "acute"]
    general = acute[~acute["subtype"].fillna("").str.contains("Specialist")]
    if general.empty:
        return None
    top = general.sort_values(["rank", "average_score", "trust_code"]).iloc[0]
    return {"trust_code": top["trust_code"], "trust_name": top["trust_name"], "rank": int(top["rank"]),
            "average_score": float(top["average_score"]), "segment": int(top["adjusted_segment"])}


def coverage(result: QuarterResult, row, scores: pd.DataFrame, catalogue: Catalogue, book: FactBook) -> Coverage:
    q, table = result.quarter, row.table
    in_table = result.trusts[result.trusts["table"] == table]["metrics_scored"]
    usual = int(in_table.mode().min())
    median = float(in_table.median())
    scored = set(scores["metric_id"])
    missing = [NotApplied(m.id, m.short_name, m.applies_to) for m in catalogue.metrics
               if table in m.tables and m.in_average and m.id not in scored]
    specialist = "Specialist" in str(row.subtype or "")
    few = result.framework.few_metrics_for(table, int(row.metrics_scored))   # the year's few-metrics caveat
    for n in missing:
        book.add(f"metric.{n.metric_id}.name", f"{n.metric_id} name", n.name, "catalogue: short_name", trust=None)
        book.add(f"metric.{n.metric_id}.applies_to", f"{n.metric_id}: who is scored", n.why,
                 "catalogue: applies_to", trust=None)
    best = best_non_specialist(result)
    src = f"engine: metrics in the average, trusts in the {table} table, {q}"
    book.add("coverage.metrics_scored", "Metrics the trust was scored on", int(row.metrics_scored), src)
    book.add("coverage.table_usual", "Most common number of metrics in the table", usual, src, trust=None)
    book.add("coverage.table_median", "Median number of metrics in the table", median, src, trust=None)
    book.add("coverage.not_applied_count", "Metrics in the table's set that did not apply", len(missing),
             "catalogue: applies_to, against the metrics scored")
    book.add("coverage.specialist", "Specialist trust", specialist, f"store: subtype {row.subtype!r}")
    if best is not None:
        bsrc = f"engine: best-ranked acute trust whose subtype is not 'Acute - Specialist', {q}"
        book.add("best_non_specialist.name", "Best non-specialist acute trust", best["trust_name"], bsrc,
                 trust=best["trust_code"])
        book.add("best_non_specialist.rank", "Best non-specialist acute trust: position", best["rank"], bsrc,
                 trust=best["trust_code"])
    return Coverage(int(row.metrics_scored), usual, median, missing, specialist, few, best)
