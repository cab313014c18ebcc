"""Engine results cached per (store, quarter): explanations read these, so one warm explanation is fast.

The cache holds the store itself beside each result, so a new store never reuses an old store's results even
if Python reuses its ``id``.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from scoring.catalogue import load_catalogue
from scoring.engine import QuarterResult, score_quarter
from scoring.exact import half_up
from scoring.store import Store

_RESULTS: dict[tuple[int, str], tuple[Store, QuarterResult]] = {}
_DERIVED: dict[tuple[int, str, str], object] = {}
_LIMIT = 16

TABLE_NAMES = {"acute": "acute", "mental-health-community": "mental health and community",
               "ambulance": "ambulance"}


def base_result(store: Store, quarter: str) -> QuarterResult:
    """``score_quarter(store, quarter)``, computed once per store and quarter."""
    key = (id(store), quarter)
    hit = _RESULTS.get(key)
    if hit is not None and hit[0] is store:
        return hit[1]
    if len(_RESULTS) >= _LIMIT:
        _RESULTS.clear()
        _DERIVED.clear()
    result = score_quarter(store, quarter)
    _RESULTS[key] = (store, result)
    return result


def derived(store: Store, quarter: str, name: str, build) -> object:
    """A value computed once from a cached result (e.g. per-table median scores)."""
    base_result(store, quarter)
    key = (id(store), quarter, name)
    if key not in _DERIVED:
        _DERIVED[key] = build(base_result(store, quarter))
    return _DERIVED[key]


_QUARTERS: dict[int, tuple[Store, list[str]]] = {}


def quarters(store: Store) -> list[str]:
    """``store.quarters`` (oldest first), computed once per store."""
    hit = _QUARTERS.get(id(store))
    if hit is None or hit[0] is not store:
        hit = _QUARTERS[id(store)] = (store, list(store.quarters))
    return hit[1]


def metric_rows(result: QuarterResult) -> dict[str, pd.DataFrame]:
    return {m: g for m, g in result.scores.groupby("metric_id", sort=False)}


def trust_rows(result: QuarterResult) -> dict[str, pd.Series]:
    return {row.trust_code: row for row in result.trusts.itertuples(index=False)}  # type: ignore[misc]


def trust_row(store: Store, quarter: str, code: str):
    """The engine's row for one trust (a namedtuple), or None when the trust is not in that quarter."""
    rows = derived(store, quarter, "rows", trust_rows)
    return rows.get(code)  # type: ignore[union-attr]


def scores_by_trust(result: QuarterResult) -> dict[str, pd.DataFrame]:
    return {code: g for code, g in result.scores.groupby("trust_code", sort=False)}


def trust_scores(store: Store, quarter: str, code: str) -> pd.DataFrame:
    return derived(store, quarter, "scores", scores_by_trust).get(code, pd.DataFrame())  # type: ignore[union-attr]


def entered_score(result: QuarterResult, metric_id: str, score_exact: Fraction) -> Fraction:
    """The score as it enters the average: unrounded, or at 2 dp for metrics imported at 2 dp that quarter."""
    if metric_id in result.rules.published_precision(result.quarter):
        return half_up(score_exact)
    return score_exact


def table_label(table: str) -> str:
    return TABLE_NAMES.get(table, table)


def catalogue():
    return load_catalogue()
