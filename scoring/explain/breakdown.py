"""Metric by metric: value against peers, score, weight, and how much each metric moves the average.

"Peer median score" is the median of that metric's scores among the trusts in the trust's own table.
``average_if_median`` and ``average_if_best`` replace only this metric's score (others as scored) and
recompute the weighted average exactly, rounded half up to 2 dp as the engine does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from scoring.catalogue import Catalogue
from scoring.engine import QuarterResult
from scoring.exact import fraction
from scoring.explain.facts import FactBook
from scoring.explain.trust_rows import entered_score


@dataclass(frozen=True)
class MetricLine:
    metric_id: str
    value_id: str | None
    name: str
    meaning: str
    domain: str
    value: float | None
    units: str
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    published_rank: int | None
    scoring_rank: int | None
    pool_size: int | None
    score: float
    weight: float
    in_average: bool
    rule: str
    peer_median_score: float | None
    average_if_median: float | None
    average_if_best: float | None
    effect_vs_median: float | None
    source: str


@dataclass(frozen=True)
class DomainLine:
    domain: str
    score: float
    metrics: int


def _num(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v) else float(v)


def peer_median_scores(result: QuarterResult) -> dict[tuple[str, str], float]:
    """(table, metric) → median score among that table's trusts."""
    med = result.scores.groupby(["table", "metric_id"])["score"].median()
    return {k: float(v) for k, v in med.items()}


def value_source(row, quarter: str) -> str:
    if not row.source_file:
        return ""
    date = f" (reporting period {row.reporting_date})" if row.reporting_date and row.reporting_date != quarter else ""
    return f"{row.source_file} row {int(row.source_row)}, {row.value_id or row.metric_id}, {quarter}{date}"


def breakdown(result: QuarterResult, scores: pd.DataFrame, table: str, medians: dict, catalogue: Catalogue,
              book: FactBook) -> tuple[list[MetricLine], list[DomainLine]]:
    q = result.quarter
    slots = scores[scores["in_average"]]
    entered = {r.metric_id: (entered_score(result, r.metric_id, r.score_exact), r.weight)
               for r in slots.itertuples()}
    total_w = sum((w for _, w in entered.values()), Fraction(0))
    total = sum((s * w for s, w in entered.values()), Fraction(0))

    def avg_with(metric_id: str, score: Fraction) -> float:
        s, w = entered[metric_id]
        return result.rules.average_value((total - s * w + score * w) / total_w)

    base_avg = result.rules.average_value(total / total_w) if total_w else None
    lines: list[MetricLine] = []
    for r in scores.itertuples():
        metric = catalogue.get(r.metric_id)
        med_score = medians.get((table, r.metric_id))
        if_median: float | None = None
        if_best: float | None = None
        effect: float | None = None
        if r.in_average and med_score is not None and base_avg is not None:
            if_median = avg_with(r.metric_id, fraction(med_score))
            if_best = avg_with(r.metric_id, Fraction(1))
            effect = round(base_avg - if_median, result.rules.average.decimals)
        src = value_source(r, q)
        rank = None if pd.isna(r.rank_low) else int(r.rank_low)
        line = MetricLine(r.metric_id, r.value_id, metric.short_name, metric.meaning, r.domain, _num(r.value),
                          r.units, _num(r.median), _num(r.lower_quartile), _num(r.upper_quartile),
                          None if pd.isna(r.published_rank) else int(r.published_rank), rank,
                          None if pd.isna(r.pool_size) else int(r.pool_size), float(r.score), float(r.weight),
                          bool(r.in_average), r.rule, med_score, if_median, if_best, effect, src)
        lines.append(line)
        key = f"metric.{r.metric_id}"
        who = f"engine: {r.rule}"
        book.add(f"{key}.name", f"{r.metric_id} name", metric.short_name, "catalogue: short_name", trust=None)
        book.add(f"{key}.score", f"{metric.short_name}: score", line.score, who)
        book.add(f"{key}.weight", f"{metric.short_name}: weight in the average", round(line.weight, 4),
                 "catalogue: weight" + ("" if r.in_average else " (not in the average: feeds the finance score)"))
        if line.value is not None:
            book.add(f"{key}.value", f"{metric.short_name}: value ({r.units})", line.value, src or who)
            book.add(f"{key}.units", f"{metric.short_name}: units", r.units, src or who)
            for name, v in (("median", line.median), ("lower_quartile", line.lower_quartile),
                            ("upper_quartile", line.upper_quartile)):
                if v is not None:
                    book.add(f"{key}.{name}", f"{metric.short_name}: peer {name.replace('_', ' ')}", v, src)
            if line.published_rank is not None:
                book.add(f"{key}.published_rank", f"{metric.short_name}: published rank among peers",
                         line.published_rank, src)
        if rank is not None:
            book.add(f"{key}.scoring_rank", f"{metric.short_name}: rank in the scoring pool", rank, who)
            book.add(f"{key}.pool_size", f"{metric.short_name}: trusts in the scoring pool", line.pool_size, who)
        if if_median is not None:
            book.add(f"{key}.peer_median_score", f"{metric.short_name}: peer median score", med_score,
                     f"engine: median of {r.metric_id} scores in the trust's table, {q}", trust=None)
            book.add(f"{key}.average_if_median", f"Average if {metric.short_name} scored the peer median",
                     if_median, "engine: weighted average recomputed with this one score replaced")
            book.add(f"{key}.average_if_best", f"Average if {metric.short_name} scored 1.00", if_best,
                     "engine: weighted average recomputed with this one score replaced")
            book.add(f"{key}.effect", f"{metric.short_name}: average minus average-if-median", effect,
                     "engine: how much this metric moves the average against a typical score")
    domains = [DomainLine(d, float(s), int((slots["domain"] == d).sum()))
               for d, s in _domain_scores(result, scores["trust_code"].iloc[0]).items()] if len(scores) else []
    for d in domains:
        book.add(f"domain.{d.domain}", f"Domain score: {d.domain}", d.score,
                 f"engine: average of the {d.metrics} metric scores in this domain (context only)")
    return lines, domains


def _domain_scores(result: QuarterResult, code: str) -> dict[str, float]:
    d = result.domains
    d = d[d["trust_code"] == code]
    return dict(zip(d["domain"], d["domain_score"]))


def strongest_weakest(lines: list[MetricLine], n: int = 3) -> tuple[list[MetricLine], list[MetricLine]]:
    """Best and worst ``n`` metrics in the average: by score, ties broken by effect on the average."""
    scored = [m for m in lines if m.in_average]
    best = sorted(scored, key=lambda m: (m.score, m.effect_vs_median or 0, m.metric_id))[:n]
    worst = sorted(scored, key=lambda m: (-m.score, -(m.effect_vs_median or 0), m.metric_id))[:n]
    return best, worst
