"""One trust's rows in a cached engine result: its league row, its metric scores, and scores as they enter the
average. Lookups over :mod:`scoring.explain.quarter_results`, indexed once per store and quarter."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from scoring.engine import QuarterResult
from scoring.explain.quarter_results import derived
from scoring.store import Store


def metric_rows(result: QuarterResult) -> dict[str, pd.DataFrame]:
    """metric id → every trust's score row for it."""
    return {m: g for m, g in result.scores.groupby("metric_id", sort=False)}


def trust_rows(result: QuarterResult) -> dict[str, pd.Series]:
    """trust code → its league row (a namedtuple)."""
    return {row.trust_code: row for row in result.trusts.itertuples(index=False)}


def trust_row(store: Store, quarter: str, code: str):
    """The engine's row for one trust (a namedtuple), or None when the trust is not in that quarter."""
    rows = derived(store, quarter, "rows", trust_rows)
    return rows.get(code)


def scores_by_trust(result: QuarterResult) -> dict[str, pd.DataFrame]:
    return {code: g for code, g in result.scores.groupby("trust_code", sort=False)}


def trust_scores(store: Store, quarter: str, code: str) -> pd.DataFrame:
    """One trust's metric score rows (empty when it is not in that quarter)."""
    return derived(store, quarter, "scores", scores_by_trust).get(code, pd.DataFrame())


def entered_score(result: QuarterResult, metric_id: str, score_exact: Fraction) -> Fraction:
    """The score as it enters the average: unrounded, or as published (the rules' decimals) for metrics
    NHS England imported at that precision that quarter."""
    if metric_id in result.rules.published_precision(result.quarter):
        return result.rules.round_score(score_exact)
    return score_exact
