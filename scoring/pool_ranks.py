"""Ranks within one metric's peer pool (step 1 of the method, not the league rank): who is ahead of whom on one
metric, with what the published data cannot tell left open. The league rank is ``segments.league_rank``.

Members of a peer pool are ordered by, in turn:
1. a pinned position (trusts placed by inference from published scores, and the missing trusts themselves),
2. NHS England's ``Rank`` column within one table (it ranks at full source precision),
3. the published 2 dp value (across tables, or for a trust whose value a what-if changed).
Equal 2 dp values in one table are ties; across tables their order is unknown, so a trust's competition
rank is a range [best, worst] rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Members:
    """Parallel arrays, one entry per pool member. ``badness``: lower is better (value signed by direction).

    ``low``/``high`` bound the badness of members whose value is only known to lie in an interval (trusts
    missing from the data); for others they equal ``badness``. ``table``: an integer per table, -1 unknown.
    ``published_rank`` and ``pin`` are NaN where not usable.
    """

    table: np.ndarray
    badness: np.ndarray
    low: np.ndarray
    high: np.ndarray
    published_rank: np.ndarray
    pin: np.ndarray


def order_matrices(m: Members) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Boolean n×n matrices: ``better[i, j]`` (i strictly ahead of j), ``tie[i, j]``, ``unknown[i, j]``."""
    n = len(m.table)
    eye = np.eye(n, dtype=bool)

    pinned = ~np.isnan(m.pin)
    by_pin = pinned[:, None] & pinned[None, :]
    ranked = ~np.isnan(m.published_rank)
    same_table = (m.table[:, None] == m.table[None, :]) & (m.table[:, None] >= 0)
    by_rank = same_table & ranked[:, None] & ranked[None, :] & ~by_pin
    by_value = ~by_pin & ~by_rank

    better = np.zeros((n, n), dtype=bool)
    tie = np.zeros((n, n), dtype=bool)
    with np.errstate(invalid="ignore"):
        better |= by_pin & (m.pin[:, None] < m.pin[None, :])
        tie |= by_pin & (m.pin[:, None] == m.pin[None, :])
        better |= by_rank & (m.published_rank[:, None] < m.published_rank[None, :])
        tie |= by_rank & (m.published_rank[:, None] == m.published_rank[None, :])
        value_better = m.high[:, None] < m.low[None, :]
        value_worse = m.low[:, None] > m.high[None, :]
        exact = (m.low == m.high)
        equal = exact[:, None] & exact[None, :] & (m.badness[:, None] == m.badness[None, :])
    better |= by_value & value_better
    tie |= by_value & equal & same_table
    unknown = by_value & ~value_better & ~value_worse & ~(equal & same_table)
    return better & ~eye, tie & ~eye, unknown & ~eye


def competition_ranks(m: Members) -> tuple[np.ndarray, np.ndarray]:
    """Best and worst possible competition rank (1 + number ahead; ties share the best position)."""
    better, _, unknown = order_matrices(m)
    ahead = better.sum(axis=0)
    return 1 + ahead, 1 + ahead + unknown.sum(axis=0)
