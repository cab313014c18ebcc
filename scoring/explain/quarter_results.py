"""Engine results cached per (store, quarter): explanations read these, so one warm explanation is fast.

``base_result(store, quarter)`` is ``score_quarter(store, quarter)`` computed once (read from the release cache
when it is built: ``scoring.explain.release_cache``); ``derived`` keeps values
worked out from it (per-table medians, indexes); ``quarters(store)`` the store's quarter list. The cache holds
the store itself beside each result, so a new store never reuses an old store's results even if Python reuses
its ``id``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from scoring.engine import QuarterResult, score_quarter
from scoring.explain import release_cache
from scoring.store import Store

_RESULTS: dict[tuple[int, str], tuple[Store, QuarterResult]] = {}
_DERIVED: dict[tuple[int, str, str], object] = {}
_LIMIT = 16


def base_result(store: Store, quarter: str) -> QuarterResult:
    """``score_quarter(store, quarter)``, computed once per store and quarter."""
    key = (id(store), quarter)
    hit = _RESULTS.get(key)
    if hit is not None and hit[0] is store:
        return hit[1]
    if len(_RESULTS) >= _LIMIT:
        _RESULTS.clear()
        _DERIVED.clear()
    result = release_cache.quarter_result(store, quarter)  # computed once per release, if built
    if result is None:
        result = score_quarter(store, quarter)
    _RESULTS[key] = (store, result)
    return result


T = TypeVar("T")


def derived(store: Store, quarter: str, name: str, build: Callable[[QuarterResult], T]) -> T:
    """A value computed once from a cached result (e.g. per-table median scores)."""
    base_result(store, quarter)
    key = (id(store), quarter, name)
    if key not in _DERIVED:
        _DERIVED[key] = build(base_result(store, quarter))
    return cast(T, _DERIVED[key])


_QUARTERS: dict[int, tuple[Store, list[str]]] = {}


def quarters(store: Store) -> list[str]:
    """``store.quarters`` (oldest first), computed once per store."""
    hit = _QUARTERS.get(id(store))
    if hit is None or hit[0] is not store:
        hit = _QUARTERS[id(store)] = (store, list(store.quarters))
    return hit[1]
