"""Place the trusts a peer pool needs but the data lacks, from the gaps in the published scores.

Some metrics rank every trust in England together (sickness absence) or several tables together, but a
quarter may lack a table (no ambulance file; no acute file after Q1). The present trusts' published 2 dp
scores still pin down the pool: for pool size n, each score maps to at most one competition rank, so the
smallest n at which every score maps to a rank consistent with the known order (and with ties occupying
their positions) is the pool size, and the unoccupied positions are the missing trusts. Each missing
trust's value lies between its present neighbours' values. With those placed, every present trust's score
(and any what-if) is recomputed exactly; only a what-if value inside a missing trust's interval stays open.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.pool_ranks import Members, order_matrices

# (base, span) in hundredths: score = base + span·(r−1)/(n−1)
SCALE = {"none": (100, 300), "standard": (200, 200), "floor": (100, 200)}
MAX_EXTRA = 400


@dataclass(frozen=True)
class InferredPool:
    size: int                      # n: present and missing trusts in the ranked group
    pins: np.ndarray               # each present member's competition rank
    missing_positions: np.ndarray  # positions held by missing trusts
    missing_low: np.ndarray        # badness interval of each missing trust
    missing_high: np.ndarray


def score_hundredths(ranks: np.ndarray, n: int, model: str) -> np.ndarray:
    """Published score ×100 for competition ranks in a group of n (half-up rounding, integer arithmetic)."""
    base, span = SCALE[model]
    if n == 1:
        return np.full(len(ranks), base, dtype=np.int64)
    numerator = span * (ranks.astype(np.int64) - 1)
    return base + (2 * numerator + (n - 1)) // (2 * (n - 1))


def _ranks_for(scores: np.ndarray, n: int, model: str) -> np.ndarray | None:
    base, span = SCALE[model]
    if n == 1:
        return np.ones(len(scores), dtype=np.int64) if np.all(scores == base) else None
    ranks = 1 + np.rint((scores - base) * (n - 1) / span).astype(np.int64)
    if ranks.min() < 1 or ranks.max() > n:
        return None
    if not np.array_equal(score_hundredths(ranks, n, model), scores):
        return None
    return ranks


def _occupancy_fits(ranks: np.ndarray, n: int) -> bool:
    positions, counts = np.unique(ranks, return_counts=True)
    ends = positions + counts - 1
    return bool(np.all(ends[:-1] < positions[1:]) and ends[-1] <= n)


def infer_pool(members: Members, published: np.ndarray, model: str) -> InferredPool | None:
    """Smallest pool consistent with the present members' published scores (floats, 2 dp); None if none fits."""
    scores = np.rint(np.asarray(published, dtype=float) * 100).astype(np.int64)
    present = len(scores)
    if present == 0:
        return None
    better, tie, _ = order_matrices(members)
    for n in range(present, present + MAX_EXTRA + 1):
        ranks = _ranks_for(scores, n, model)
        if ranks is None or not _occupancy_fits(ranks, n):
            continue
        ahead = ranks[:, None] < ranks[None, :]
        same = ranks[:, None] == ranks[None, :]
        if np.any(better & ~ahead) or np.any(tie & ~same):
            continue
        return _place_missing(members, ranks, n)
    return None


def _place_missing(members: Members, ranks: np.ndarray, n: int) -> InferredPool:
    occupied = np.zeros(n + 1, dtype=bool)
    positions, counts = np.unique(ranks, return_counts=True)
    for position, count in zip(positions, counts):
        occupied[position:position + count] = True
    missing = np.flatnonzero(~occupied[1:]) + 1
    low = np.array([members.badness[ranks < p].max(initial=-np.inf) for p in missing], dtype=float)
    high = np.array([members.badness[ranks > p].min(initial=np.inf) for p in missing], dtype=float)
    return InferredPool(n, ranks, missing, low, high)
