"""Leave-one-out effects recomputed from NHS England's published metric scores, without the engine's code.

The published method (NHS Oversight Framework 2025/26, segmentation methodology): a trust's average metric score
is the weighted mean of its metric scores (the OF1xxx rows of the published files). The three healthcare-
associated infection metrics (MRSA OF1020, E. coli OF1048, C. difficile OF1088) carry a third of a weight each;
the two finance inputs (planned surplus or deficit OF1079, variance to plan OF1081) feed the combined finance
score OF1080 and are not averaged themselves. A measure's effect is the average without it minus the average
with it. The published scores are rounded to 2 dp, so these effects can differ from the engine's (which uses
unrounded scores) by a few thousandths: callers allow for near-ties.
"""

from __future__ import annotations

import pandas as pd

INFECTION = frozenset({"OF1020", "OF1048", "OF1088"})
FINANCE_INPUTS = frozenset({"OF1079", "OF1081"})
NEAR_TIE = 0.005


def published_scores(metrics: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """The quarter's published metric-score rows that enter the average, with their weights."""
    rows = metrics[(metrics["quarter"] == quarter) & metrics["metric_id"].str.fullmatch(r"OF1\d{3}")
                   & ~metrics["metric_id"].isin(FINANCE_INPUTS)].dropna(subset=["value"])
    return rows.assign(weight=[1 / 3 if m in INFECTION else 1.0 for m in rows["metric_id"]])


def published_effects(metrics: pd.DataFrame, quarter: str) -> dict[str, dict[str, float]]:
    """trust → {metric → average without it − average with it}, from the published scores."""
    out: dict[str, dict[str, float]] = {}
    for trust, g in published_scores(metrics, quarter).groupby("trust_code"):
        w, s = g["weight"].to_numpy(), g["value"].to_numpy(dtype=float)
        total_w, total = w.sum(), (w * s).sum()
        if len(g) < 2:
            continue
        out[trust] = {m: (total - wi * si) / (total_w - wi) - total / total_w
                      for m, wi, si in zip(g["metric_id"], w, s)}
    return out


def published_average(metrics: pd.DataFrame, quarter: str, trust: str, leave_out: str | None = None) -> float:
    """The trust's weighted average of its published scores (optionally without one metric), unrounded."""
    rows = published_scores(metrics, quarter)
    rows = rows[(rows["trust_code"] == trust) & (rows["metric_id"] != leave_out)]
    return float((rows["weight"] * rows["value"].astype(float)).sum() / rows["weight"].sum())


def largest(effects: dict[str, float], n: int = 3) -> tuple[list[str], set[str]]:
    """The ``n`` metrics with the largest effect either way, and every metric within ``NEAR_TIE`` of the n-th
    (which one of a near-tie comes first can differ between 2 dp published and unrounded scores)."""
    ranked = sorted(effects, key=lambda m: (-abs(effects[m]), m))
    top = ranked[:n]
    edge = abs(effects[top[-1]]) - NEAR_TIE
    return top, {m for m in ranked if abs(effects[m]) >= edge}


def named_of_largest(text: str, effects: dict[str, float], everyday_names: dict[str, str]) -> int:
    """How many of the three metrics with the largest published effect ``text`` names in everyday words (a metric
    in a near-tie with the third counts in its place)."""
    top, near = largest(effects)
    named = {m for m in effects if everyday_names[m].casefold() in text.casefold()}
    return max(len(named & set(top)), min(len(named & near), len(top)))
