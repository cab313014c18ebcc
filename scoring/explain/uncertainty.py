"""A likely range for the average score and the league rank.

Method (NHS England has not published theirs; this one reproduces the published RDY Q4 2025/26 range
"1.72 to 2.73" from its 11 scores):

1. Bootstrap: draw the trust's own metric slots (score and weight, as they enter the average) with
   replacement, as many as it has, 2,000 times with a fixed seed; take each draw's weighted mean.
2. The likely range of the average is the 2.5th to 97.5th percentile of those means, rounded outward to
   2 dp (the lower bound down, the upper bound up).
3. The likely range of the rank is where those two bounds would rank in the trust's table, with the
   trust's own segment and every other trust as published (segment first, then average).

A later quarter's move counts as outside the likely range when the earlier average lies outside this
quarter's range; inside it, the move may be noise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.engine import QuarterResult
from scoring.explain.facts import FactBook
from scoring.explain.placement import rank_at
from scoring.explain.results import entered_score

RESAMPLES = 2000
SEED = 20250909   # Q1 2025/26 publication day


@dataclass(frozen=True)
class LikelyRange:
    average: tuple[float, float]
    rank: tuple[int, int]
    method: str
    published_average: tuple[float, float] | None = None
    published_rank: tuple[int, int] | None = None
    agrees_with_published: bool | None = None

    def to_dict(self) -> dict:
        return {"average": list(self.average), "rank": list(self.rank), "method": self.method,
                "published_average": list(self.published_average) if self.published_average else None,
                "published_rank": list(self.published_rank) if self.published_rank else None,
                "agrees_with_published": self.agrees_with_published}


def bootstrap_average(scores: np.ndarray, weights: np.ndarray, resamples: int = RESAMPLES,
                      seed: int = SEED) -> tuple[float, float]:
    """2.5–97.5 percentile of the weighted mean over resampled slots, rounded outward to 2 dp."""
    n = len(scores)
    if n == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(resamples, n))
    means = (scores[idx] * weights[idx]).sum(axis=1) / weights[idx].sum(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return (math.floor(round(low * 100, 6)) / 100, math.ceil(round(high * 100, 6)) / 100)


def _pair(text: str, cast) -> tuple | None:
    numbers = re.findall(r"\d+(?:\.\d+)?", str(text))
    return (cast(numbers[0]), cast(numbers[1])) if len(numbers) >= 2 else None


def likely_range(result: QuarterResult, row, scores: pd.DataFrame, league: pd.DataFrame,
                 book: FactBook) -> LikelyRange:
    slots = scores[scores["in_average"]]
    s = np.array([float(entered_score(result, m, e)) for m, e in zip(slots["metric_id"], slots["score_exact"])])
    w = np.array([float(x) for x in slots["weight"]])
    low, high = bootstrap_average(s, w)
    segment = int(row.adjusted_segment if result.rules.ranking.segment == "adjusted" else row.final_segment)
    ranks = (rank_at(result, row.trust_code, row.table, segment, low),
             rank_at(result, row.trust_code, row.table, segment, high))
    method = (f"bootstrap of the trust's {len(s)} weighted metric scores ({RESAMPLES} resamples, fixed seed), "
              "2.5–97.5 percentiles rounded outward to 2 dp; rank range = where those bounds rank in the table "
              "at the trust's segment")
    book.add("likely_range.average_low", "Likely range of the average: lower bound", low, f"engine: {method}")
    book.add("likely_range.average_high", "Likely range of the average: upper bound", high, f"engine: {method}")
    book.add("likely_range.rank_best", "Likely range of the rank: best", ranks[0], f"engine: {method}")
    book.add("likely_range.rank_worst", "Likely range of the rank: worst", ranks[1], f"engine: {method}")
    book.add("likely_range.resamples", "Bootstrap resamples", RESAMPLES, f"engine: {method}", trust=None)
    book.add("likely_range.lower_percentile", "Lower percentile", 2.5, f"engine: {method}", trust=None)
    book.add("likely_range.upper_percentile", "Upper percentile", 97.5, f"engine: {method}", trust=None)
    pub_avg = pub_rank = agrees = None
    if league is not None and len(league):
        hit = league[(league["trust_code"] == row.trust_code) & (league["quarter"] == result.quarter)]
        if len(hit):
            p = hit.iloc[0]
            pub_avg = _pair(p["likely_range_of_average_score"], float)
            pub_rank = _pair(p["likely_range_of_rank"], int)
            agrees = pub_avg == (low, high) and pub_rank == ranks
            src = f"{p['source_file']} row {int(p['source_row'])}, likely range, {result.quarter}"
            if pub_avg:
                book.add("likely_range.published_average", "Published likely range of the average", list(pub_avg), src)
            if pub_rank:
                book.add("likely_range.published_rank", "Published likely range of the rank", list(pub_rank), src)
            book.add("likely_range.agrees", "Our likely range equals the published one", bool(agrees), src)
    return LikelyRange((low, high), ranks, method, pub_avg, pub_rank, agrees)
