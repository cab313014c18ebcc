"""Where a trust would sit in its table if one input changed, using the engine's own last steps.

Cut points depend only on the averages, and the override, segment 5 and the league rank only on averages,
segments and flags. So changing one trust's deficit flag, or putting a different average in one trust's row
while every other row stays as the engine left it, is re-running the engine's steps after the averages
(``segments.adjusted_segment``, ``final_segment``, ``league_rank``, applied here to the one changed row) on
that table. Tests check this against full ``score_quarter`` re-runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.engine import QuarterResult
from scoring.segments import league_key_base


@dataclass(frozen=True)
class Placement:
    average_score: float
    unadjusted_segment: int
    adjusted_segment: int
    final_segment: int
    financial_override: bool
    rank: int
    table_size: int


_KEYS: dict[tuple[int, str], tuple] = {}


def _table(result: QuarterResult, table: str) -> pd.DataFrame:
    return result.trusts[result.trusts["table"] == table]


def _keys(result: QuarterResult, table: str) -> tuple[np.ndarray, np.ndarray]:
    """Trust codes and league-order keys (segment, then 2 dp average) of one table, as ``league_rank`` sorts."""
    hit = _KEYS.get((id(result), table))
    if hit is None or hit[0] is not result:
        rows = _table(result, table)
        column = "adjusted_segment" if result.rules.ranking.segment == "adjusted" else "final_segment"
        keys = (rows[column].astype(int).to_numpy() * league_key_base(result.rules)
                + (rows["average_score"] * result.rules.average_scale).round().astype(int).to_numpy())
        if len(_KEYS) > 32:
            _KEYS.clear()
        flags = {r.trust_code: (float(r.average_score), bool(r.in_deficit), bool(r.recovery_support))
                 for r in rows.itertuples()}
        hit = _KEYS[(id(result), table)] = (result, rows["trust_code"].to_numpy(), keys, flags)
    return hit[1], hit[2]


def _flags(result: QuarterResult, table: str) -> dict[str, tuple[float, bool, bool]]:
    _keys(result, table)
    return _KEYS[(id(result), table)][3]


def place(result: QuarterResult, code: str, *, table: str, average: float | None = None,
          in_deficit: bool | None = None, recovery_support: bool | None = None) -> Placement:
    """The trust's segments and league rank in ``result``'s table with its average and/or flags replaced.

    A trust not in ``result`` is added to its table (used when a trust is placed in another quarter's table).
    The rank is ``league_rank``'s competition rank (ties share the best rank), computed for this one row.
    """
    base = _flags(result, table).get(code)
    if average is None:
        if base is None:
            raise ValueError(f"{code} is not in the {table} table of {result.quarter}: give the average to place it at")
        average = base[0]
    avg = float(average)
    deficit = bool(in_deficit if in_deficit is not None else base is not None and base[1])
    recovery = bool(recovery_support if recovery_support is not None else base is not None and base[2])
    rules = result.rules
    unadjusted, _ = result.cuts_for(table).segment_of(avg, rules.segmentation.ties)
    # segments.adjusted_segment and final_segment for one row (tests compare with full engine re-runs)
    applied = deficit and unadjusted < rules.override.best_allowed_segment
    adjusted_i = rules.override.best_allowed_segment if applied else unadjusted
    final_i = rules.recovery_support.segment if recovery else adjusted_i
    codes, keys = _keys(result, table)
    others = keys[codes != code]
    segment = adjusted_i if rules.ranking.segment == "adjusted" else final_i
    rank = int((others < _key(result, segment, avg)).sum()) + 1
    return Placement(avg, int(unadjusted), adjusted_i, final_i, bool(applied), rank, len(others) + 1)


def rank_at(result: QuarterResult, code: str, table: str, segment: int, average: float) -> int:
    """League rank an average would take in the table for a trust held at ``segment`` (others unchanged)."""
    codes, keys = _keys(result, table)
    others = keys[codes != code]
    return int((others < _key(result, int(segment), average)).sum()) + 1


def _key(result: QuarterResult, segment: int, average: float) -> int:
    """The league-order key ``league_rank`` sorts by: segment first, then the rounded average."""
    return segment * league_key_base(result.rules) + round(average * result.rules.average_scale)
