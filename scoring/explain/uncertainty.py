"""NHS England's likely ranges of the average score and the league rank, reproduced.

NHS England's league-table files give each trust a "likely range" for its average score and its rank, without
saying how they were made. This method reproduces the published Q4 2025/26 mental health & community ranges
with the league-table file withheld (figures and the variants tried: docs/scoring-rules.md, section 5):

1. **Resample each trust's own scores.** For every trust of the table, draw its metric slots (score as it
   enters the average, and weight) with replacement, as many as it has, ``RESAMPLES`` times; each draw's
   weighted mean is one resampled average. Each trust has its own fixed seed (from its ODS code), so the
   result is deterministic and does not depend on which other trusts are present.
2. **Likely range of the average:** the 2.5th and 97.5th percentiles of the trust's resampled averages,
   rounded half up to 2 dp.
3. **Likely range of the rank:** in each of the first ``RANK_RESAMPLES`` draws, every trust of the table
   takes its resampled average at once (rounded to 2 dp), its segment from the quarter's cut points, the
   financial override (a trust in deficit cannot sit above segment 3), and the table is ranked as the league
   table is (segment, then average; ties share the best rank). The range is the 2.5th to 97.5th percentiles
   of the trust's rank, rounded to whole places. Ranking by the average alone would miss the override: a
   trust it holds at segment 3 always ranks behind every trust in segments 1 and 2, and NHS England's ranges
   for such trusts start there.

Where a league-table file publishes a trust's range, that is the range stated ("NHS England's likely
range"); otherwise ours is ("our estimate, by NHS England's method"). Both are kept.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.engine import QuarterResult
from scoring.segments import league_key_base
from scoring.explain import release_cache
from scoring.explain.facts import FactBook

RESAMPLES = 100_000         # resampled averages per trust (fewer leave the 2 dp bounds noisy: docs/scoring-rules.md)
RANK_RESAMPLES = 10_000     # joint draws for the rank range (whole places: more do not move it)
PERCENTILES = (2.5, 97.5)
SEED = 20250909             # Q1 2025/26 publication day
AVERAGE_TOLERANCE = 0.02    # agreement with a published range: each average bound within this
RANK_TOLERANCE = 2          # and each rank bound within this many places
PUBLISHED = "NHS England's likely range"
ESTIMATE = "our estimate, by NHS England's method"
METHOD = (f"each trust's metric scores resampled {RESAMPLES:,} times (fixed seed); the 2.5th to 97.5th percentiles "
          f"of the average, rounded to 2 dp; the rank range from {RANK_RESAMPLES:,} draws in which every trust of "
          "the table is resampled at once and ranked by segment (with the financial override), then average")


@dataclass(frozen=True)
class LikelyRange:
    """The range stated (NHS England's where published, else ours) and our estimate beside it."""

    average: tuple[float, float]
    rank: tuple[int, int]
    method: str
    whose: str = ESTIMATE                              # PUBLISHED or ESTIMATE: whose range ``average``/``rank`` are
    estimate_average: tuple[float, float] | None = None
    estimate_rank: tuple[int, int] | None = None
    published_average: tuple[float, float] | None = None
    published_rank: tuple[int, int] | None = None
    agrees_with_published: bool | None = None          # our estimate within the tolerances of the published range

    @property
    def published(self) -> bool:
        return self.whose == PUBLISHED

    def to_dict(self) -> dict:
        pair = lambda p: list(p) if p else None
        return {"average": list(self.average), "rank": list(self.rank), "whose": self.whose, "method": self.method,
                "estimate_average": pair(self.estimate_average), "estimate_rank": pair(self.estimate_rank),
                "published_average": pair(self.published_average), "published_rank": pair(self.published_rank),
                "agrees_with_published": self.agrees_with_published}


def _slots(result: QuarterResult, table: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per trust of the table: scores as they enter the average, and their weights."""
    rows = result.scores[(result.scores["table"] == table) & result.scores["in_average"]]
    at_published = result.rules.published_precision(result.quarter)
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for code, g in rows.groupby("trust_code", sort=True):
        scores = [float(result.rules.round_score(s)) if m in at_published else float(s)
                  for m, s in zip(g["metric_id"], g["score_exact"])]
        out[str(code)] = (np.array(scores), np.array([float(w) for w in g["weight"]]))
    return out


def resampled_averages(scores: np.ndarray, weights: np.ndarray, code: str, resamples: int = RESAMPLES) -> np.ndarray:
    """``resamples`` weighted means of the trust's slots drawn with replacement, seeded by its ODS code.

    Draws come in blocks of ``RANK_RESAMPLES`` from one stream, so the first block (the one the rank range
    uses) is the same whether 10,000 or 50,000 are asked for.
    """
    n = len(scores)
    rng = np.random.default_rng([SEED, zlib.crc32(code.encode())])
    same_weights = bool(np.all(weights == weights[0]))
    # float32 sums of at most a few dozen scores of 1–4 are exact to ~1e-6, far inside 2 dp; half the memory
    s32, w32, sw32 = (np.asarray(x, dtype=np.float32) for x in (scores, weights, scores * weights))
    blocks = []
    for start in range(0, resamples, RANK_RESAMPLES):
        draw = rng.integers(0, n, size=(n, min(RANK_RESAMPLES, resamples - start)), dtype=np.int16)
        # one row per slot, so the sums run along contiguous rows (several times faster than across columns)
        blocks.append(s32[draw].sum(axis=0) / n if same_weights else sw32[draw].sum(axis=0) / w32[draw].sum(axis=0))
    return np.concatenate(blocks).astype(np.float64)


def _rounded(x, scale: int = 100):
    """Half up to 1/scale (2 dp by default), as the average is rounded."""
    return np.floor(x * scale + 0.5) / scale


def _league_keys(result: QuarterResult, table: str, averages: np.ndarray, deficit: np.ndarray, recovery: np.ndarray
                 ) -> np.ndarray:
    """Integer league-order keys (segment, then the rounded average) for resampled averages, as the engine ranks."""
    rules = result.rules
    scale = rules.average_scale
    cents = np.floor(averages * scale + 0.5)
    cuts = np.round(np.array(result.cuts_for(table).values) * scale)
    above = cents[..., None] > cuts if rules.segmentation.ties == "better" else cents[..., None] >= cuts
    segment = 1 + above.sum(axis=-1)
    best = rules.override.best_allowed_segment
    segment = np.where(deficit & (segment < best), best, segment)
    if rules.ranking.segment != "adjusted":
        segment = np.where(recovery, rules.recovery_support.segment, segment)
    return (segment * league_key_base(rules) + cents).astype(np.int64)


def _competition_ranks(keys: np.ndarray) -> np.ndarray:
    """Per row: 1 + the number of trusts strictly ahead (ties share the best rank)."""
    order = np.argsort(keys, axis=1, kind="stable")
    ordered = np.take_along_axis(keys, order, axis=1)
    starts = np.ones(keys.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(keys.shape[1]), 0), axis=1)  # where each tie begins
    ranks = np.empty(keys.shape, dtype=np.int32)
    np.put_along_axis(ranks, order, (first + 1).astype(np.int32), axis=1)
    return ranks


def average_range(means: np.ndarray, scale: int = 100) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of resampled averages, rounded half up as the average is (1/scale)."""
    low, high = np.percentile(means, PERCENTILES)
    return float(_rounded(low, scale)), float(_rounded(high, scale))


def rank_ranges(result: QuarterResult, table: str) -> pd.DataFrame:
    """Every trust of one table: rank_low/high from ``RANK_RESAMPLES`` joint draws (indexed by trust code)."""
    slots = _table_slots(result, table)
    codes = list(slots)
    rows = result.trusts.set_index("trust_code").loc[codes]
    joint = np.column_stack([resampled_averages(*slots[c], c, RANK_RESAMPLES) for c in codes])
    keys = _league_keys(result, table, joint, rows["in_deficit"].to_numpy(bool),
                        rows["recovery_support"].to_numpy(bool))
    low, high = np.floor(np.percentile(_competition_ranks(keys), PERCENTILES, axis=0) + 0.5).astype(int)
    return pd.DataFrame({"rank_low": low, "rank_high": high}, index=pd.Index(codes, name="trust_code"))


def estimate_table(result: QuarterResult, table: str) -> pd.DataFrame:
    """Our estimate for every trust of one table: trust_code, average_low/high, rank_low/high."""
    ranks = table_rank_ranges(result, table)
    averages = [trust_estimate(result, table, c)[0] for c in ranks.index]
    return pd.DataFrame({"trust_code": list(ranks.index), "average_low": [a[0] for a in averages],
                         "average_high": [a[1] for a in averages], "rank_low": ranks["rank_low"].to_numpy(),
                         "rank_high": ranks["rank_high"].to_numpy()})


_CACHE: dict[tuple[int, str, str], tuple[QuarterResult, object]] = {}
TABLE_VALUES = ("ranks", "averages", "estimate")   # a table's likely ranges, kept by the release cache


def _cached(result: QuarterResult, table: str, name: str, build):
    """``build()`` once per result, table and name (the result is kept beside it: ids can be reused), or the
    release cache's value when the result came from it."""
    key = (id(result), table, name)
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not result:
        if len(_CACHE) > 64:
            _CACHE.clear()
        stored = release_cache.table_value(result, table, name) if name in TABLE_VALUES else None
        hit = _CACHE[key] = (result, build() if stored is None else stored)
    return hit[1]


def table_values(result: QuarterResult, table: str) -> dict[str, object]:
    """Every trust's likely ranges in one table, as the values above (what the release cache stores). Each comes
    from its own builder: the working cache may be cleared between two of them, and an empty placeholder stored in
    the release cache would break every later explanation of that table."""
    estimate = table_estimate(result, table)
    averages = {code: (float(low), float(high))
                for code, low, high in zip(estimate.index, estimate["average_low"], estimate["average_high"])}
    return {"ranks": table_rank_ranges(result, table), "averages": averages, "estimate": estimate}


def _table_slots(result: QuarterResult, table: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return _cached(result, table, "slots", lambda: _slots(result, table))


def table_rank_ranges(result: QuarterResult, table: str) -> pd.DataFrame:
    return _cached(result, table, "ranks", lambda: rank_ranges(result, table))


def table_estimate(result: QuarterResult, table: str) -> pd.DataFrame:
    """``estimate_table`` once per result and table (indexed by trust code)."""
    return _cached(result, table, "estimate", lambda: estimate_table(result, table).set_index("trust_code"))


def trust_estimate(result: QuarterResult, table: str, code: str) -> tuple[tuple[float, float], tuple[int, int]]:
    """One trust's estimate: its average range (its own resamples) and its rank range (the table's joint draws)."""
    ranks = table_rank_ranges(result, table).loc[code]
    averages: dict = _cached(result, table, "averages", dict)
    if code not in averages:
        averages[code] = average_range(resampled_averages(*_table_slots(result, table)[code], code),
                                       result.rules.average_scale)
    return averages[code], (int(ranks["rank_low"]), int(ranks["rank_high"]))


def published_pair(text: object, cast=float) -> tuple | None:
    """'1.72 to 2.73' → (1.72, 2.73); None when the cell does not hold two numbers."""
    numbers = re.findall(r"\d+(?:\.\d+)?", str(text))
    return (cast(float(numbers[0])), cast(float(numbers[1]))) if len(numbers) >= 2 else None


def within_tolerance(ours_average, ours_rank, published_average, published_rank) -> tuple[bool, bool]:
    """(average bounds each within 0.02, rank bounds each within 2 places) of the published range."""
    avg = published_average is not None and all(
        abs(a - b) <= AVERAGE_TOLERANCE + 1e-9 for a, b in zip(ours_average, published_average))
    rank = published_rank is not None and all(
        abs(a - b) <= RANK_TOLERANCE for a, b in zip(ours_rank, published_rank))
    return avg, rank


def likely_ranges(result: QuarterResult, table: str, league: pd.DataFrame | None) -> pd.DataFrame:
    """Every trust of a table: the range stated (published where a league-table row gives it, else ours) as
    likely_average_low/high and likely_rank_low/high, with ``likely_range_source``."""
    est = table_estimate(result, table)
    columns = {"likely_average_low": est["average_low"].tolist(), "likely_average_high": est["average_high"].tolist(),
               "likely_rank_low": est["rank_low"].tolist(), "likely_rank_high": est["rank_high"].tolist()}
    sources = [ESTIMATE] * len(est)
    published = _published_rows(league, result.quarter)
    for i, code in enumerate(est.index):   # lists, not a cell at a time: a table answers in ms, not 0.5 s
        p = published.get(code)
        if p is None:
            continue
        avg, rank = published_pair(p["likely_range_of_average_score"]), published_pair(p["likely_range_of_rank"], int)
        if avg and rank:
            columns["likely_average_low"][i], columns["likely_average_high"][i] = avg
            columns["likely_rank_low"][i], columns["likely_rank_high"][i] = rank
            sources[i] = PUBLISHED
    return pd.DataFrame({"trust_code": est.index, **columns, "likely_range_source": sources})


def _published_rows(league: pd.DataFrame | None, quarter: str) -> dict[str, dict]:
    """trust code → its first league-table row in ``quarter`` (as ``_published_row`` finds it)."""
    if league is None or not len(league):
        return {}
    rows: dict[str, dict] = {}
    for row in league[league["quarter"] == quarter].to_dict("records"):
        rows.setdefault(row["trust_code"], row)
    return rows


def _published_row(league: pd.DataFrame | None, quarter: str, code: str) -> pd.Series | None:
    if league is None or not len(league):
        return None
    hit = league[(league["trust_code"] == code) & (league["quarter"] == quarter)]
    return hit.iloc[0] if len(hit) else None


def likely_range(result: QuarterResult, row, league: pd.DataFrame | None, book: FactBook) -> LikelyRange:
    """The trust's likely ranges as facts: NHS England's where published, else our estimate by their method."""
    ours_avg, ours_rank = trust_estimate(result, row.table, row.trust_code)
    engine = f"engine: {METHOD}"
    p = _published_row(league, result.quarter, row.trust_code)
    pub_avg = published_pair(p["likely_range_of_average_score"]) if p is not None else None
    pub_rank = published_pair(p["likely_range_of_rank"], int) if p is not None else None
    book.add("likely_range.resamples", "Resamples of each trust's metric scores", RESAMPLES, engine, trust=None)
    book.add("likely_range.lower_percentile", "Lower percentile", PERCENTILES[0], engine, trust=None)
    book.add("likely_range.upper_percentile", "Upper percentile", PERCENTILES[1], engine, trust=None)
    book.add("likely_range.estimate_average_low", f"Likely range of the average, {ESTIMATE}: lower bound",
             ours_avg[0], engine)
    book.add("likely_range.estimate_average_high", f"Likely range of the average, {ESTIMATE}: upper bound",
             ours_avg[1], engine)
    book.add("likely_range.estimate_rank_best", f"Likely range of the position, {ESTIMATE}: best", ours_rank[0],
             engine)
    book.add("likely_range.estimate_rank_worst", f"Likely range of the position, {ESTIMATE}: worst", ours_rank[1],
             engine)
    book.add("likely_range.average_tolerance", "Agreement tolerance for the average bounds", AVERAGE_TOLERANCE,
             engine, trust=None)
    book.add("likely_range.rank_tolerance", "Agreement tolerance for the position bounds (places)", RANK_TOLERANCE,
             engine, trust=None)
    if p is not None and pub_avg and pub_rank:
        stated_avg, stated_rank, whose = pub_avg, pub_rank, PUBLISHED
        source = f"{p['source_file']} row {int(p['source_row'])}, likely ranges, {result.quarter}"
        avg_ok, rank_ok = within_tolerance(ours_avg, ours_rank, pub_avg, pub_rank)
        agrees: bool | None = avg_ok and rank_ok
        book.add("likely_range.agrees", "Our estimate agrees with NHS England's published likely range (average "
                 "bounds within 0.02, position bounds within 2 places)", agrees, f"{source}; {engine}")
    else:
        stated_avg, stated_rank, whose, source, agrees = ours_avg, ours_rank, ESTIMATE, engine, None
    book.add("likely_range.whose", "Whose likely range is stated", whose, source)
    labels = (("average_low", "likely_average_low", "Likely range of the average: lower bound", stated_avg[0]),
              ("average_high", "likely_average_high", "Likely range of the average: upper bound", stated_avg[1]),
              ("rank_best", "likely_rank_low", "Likely range of the position: best", stated_rank[0]),
              ("rank_worst", "likely_rank_high", "Likely range of the position: worst", stated_rank[1]))
    for old_key, shared_key, label, value in labels:
        book.add(f"likely_range.{old_key}", f"{label} ({whose})", value, source)
        book.add(shared_key, f"{label} ({whose})", value, source)
    return LikelyRange(stated_avg, stated_rank, METHOD, whose, ours_avg, ours_rank, pub_avg, pub_rank, agrees)
