"""Where a trust would sit in its table if one input changed, using the engine's own last steps.

Cut points depend only on the averages, and the override, segment 5 and the league rank only on averages,
segments and flags. So changing one trust's deficit flag, or putting a different average in one trust's row
while every other row stays as the engine left it, is re-running the engine's steps after the averages
(``segments.adjusted_segment``, ``final_segment``, ``league_rank``) on that table. Tests check this against
full ``score_quarter`` re-runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.engine import QuarterResult
from scoring.segments import adjusted_segment, final_segment, league_rank


@dataclass(frozen=True)
class Placement:
    average_score: float
    unadjusted_segment: int
    adjusted_segment: int
    final_segment: int
    financial_override: bool
    rank: int
    table_size: int


def _table(result: QuarterResult, table: str) -> pd.DataFrame:
    return result.trusts[result.trusts["table"] == table]


def place(result: QuarterResult, code: str, *, table: str, average: float | None = None,
          in_deficit: bool | None = None, recovery_support: bool | None = None) -> Placement:
    """The trust's segments and league rank in ``result``'s table with its average and/or flags replaced.

    A trust not in ``result`` is added to its table (used when a trust is placed in another quarter's table).
    """
    rows = _table(result, table)
    mine = rows[rows["trust_code"] == code]
    others = rows[rows["trust_code"] != code]
    base = mine.iloc[0] if len(mine) else None
    avg = float(average if average is not None else base["average_score"])
    deficit = bool(in_deficit if in_deficit is not None else (base["in_deficit"] if base is not None else False))
    recovery = bool(recovery_support if recovery_support is not None
                    else (base["recovery_support"] if base is not None else False))
    rules = result.rules
    unadjusted, _ = result.cuts.segment_of(avg, rules.segmentation.ties)
    adjusted, applied = adjusted_segment(pd.Series([unadjusted]), pd.Series([deficit]), rules)
    final = final_segment(adjusted, pd.Series([recovery]), rules)
    row = pd.DataFrame({"trust_code": [code], "table": [table], "average_score": [avg],
                        "adjusted_segment": [int(adjusted.iloc[0])], "final_segment": [int(final.iloc[0])]})
    frame = pd.concat([others[["trust_code", "table", "average_score", "adjusted_segment", "final_segment"]], row],
                      ignore_index=True)
    ranks = league_rank(frame, rules)
    return Placement(avg, int(unadjusted), int(adjusted.iloc[0]), int(final.iloc[0]), bool(applied.iloc[0]),
                     int(ranks.iloc[-1]), len(frame))


def rank_at(result: QuarterResult, code: str, table: str, segment: int, average: float) -> int:
    """League rank an average would take in the table for a trust held at ``segment`` (others unchanged)."""
    others = _table(result, table)
    others = others[others["trust_code"] != code]
    column = "adjusted_segment" if result.rules.ranking.segment == "adjusted" else "final_segment"
    keys = others[column].astype(int) * 10_000 + (others["average_score"] * 100).round().astype(int)
    mine = int(segment) * 10_000 + int(round(average * 100))
    return int((keys < mine).sum()) + 1
