"""Steps 2–5 of the method: average metric score, cut points, segments, override, league position."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd

from scoring.exact import half_up_float, near_half
from scoring.rules import Rules


def _weighted_average(scores, weights) -> Fraction:
    return sum((s * w for s, w in zip(scores, weights)), Fraction(0)) / sum(weights, Fraction(0))


def _entered(slots: pd.DataFrame, column: str, rules: Rules, at_published: frozenset[str]) -> list[Fraction]:
    """Scores as they enter the average: unrounded, or as published (``metric_scores.decimals``) for the metrics
    the rules list that quarter."""
    return [rules.round_score(s) if m in at_published else s for s, m in zip(slots[column], slots["metric_id"])]


def _rounded_averages(slots: pd.DataFrame, keys: list[str], column: str, rules: Rules,
                      at_published: frozenset[str]) -> pd.DataFrame:
    """Weighted averages per group, rounded half up to the rules' ``average.decimals``.

    Sums run in floating point; a group whose average lands within 1e-9 of a rounding boundary (x.xx5 at 2 dp)
    is recomputed with exact fractions, so every rounding decision is exact.
    """
    places = rules.average.decimals
    entered = _entered(slots, column, rules, at_published)
    frame = slots[keys].copy()
    frame["w"] = [float(w) for w in slots["weight"]]
    frame["ws"] = [float(e) * w for e, w in zip(entered, frame["w"])]
    frame["entered"] = entered
    sums = frame.groupby(keys, sort=True).agg(ws=("ws", "sum"), w=("w", "sum"), n=("w", "size"))
    average = sums["ws"] / sums["w"]
    scale = rules.average_scale
    rounded = np.floor(average * scale + 0.5) / scale
    for key in average.index[[near_half(a, places) for a in average]]:
        group = frame.set_index(keys).loc[[key]]
        exact = _weighted_average(group["entered"], slots.set_index(keys).loc[[key], "weight"])
        rounded[key] = half_up_float(exact, places)
    return pd.DataFrame({"average": average, "rounded": rounded, "n": sums["n"], "w": sums["w"]})


def average_score(scored: pd.DataFrame, rules: Rules, quarter: str) -> pd.DataFrame:
    """Per trust: Σ w·s / Σ w over the metrics in the average, rounded half up to ``average.decimals`` (2 dp).

    Scores enter unrounded, except metrics NHS England imported at their published precision that quarter (the
    rules file lists them). ``average_low``/``average_high`` carry the range when a score's rank could not be fixed.
    """
    slots = scored[scored["in_average"]]
    at_published = rules.published_precision(quarter)
    keys = ["trust_code", "table"]
    point = _rounded_averages(slots, keys, "score_exact", rules, at_published)
    low = _rounded_averages(slots, keys, "score_low_exact", rules, at_published)
    high = _rounded_averages(slots, keys, "score_high_exact", rules, at_published)
    out = pd.DataFrame({"metrics_scored": point["n"], "weighted_slots": point["w"].round(6),
                        "average_exact": point["average"], "average_score": point["rounded"],
                        "average_low": low["rounded"], "average_high": high["rounded"]})
    return out.reset_index()


def domain_scores(scored: pd.DataFrame, rules: Rules, quarter: str) -> pd.DataFrame:
    """Context only: the same average within each domain (published as OF4000–OF4005)."""
    slots = scored[scored["in_average"]]
    ids = {name: domain_id for domain_id, name in rules.domains.items()}
    averages = _rounded_averages(slots, ["trust_code", "domain"], "score_exact", rules,
                                 rules.published_precision(quarter))
    out = averages.reset_index()[["trust_code", "domain", "rounded"]].rename(columns={"rounded": "domain_score"})
    out["domain_id"] = out["domain"].map(ids).fillna("")
    return out


@dataclass(frozen=True)
class CutPoints:
    """The averages separating the segments (segments − 1 of them: 1|2, 2|3 and 3|4 in 2025/26), and how they
    were found.

    ``bounds[k]`` is the interval in which cut k must lie: exact cuts have equal ends; cuts bounded by
    published segments span the gap between the worst average of one segment and the best of the next.
    """

    values: tuple[float, ...]
    bounds: tuple[tuple[float, float], ...]
    basis: str
    pool_size: int
    notes: tuple[str, ...] = field(default=())
    on_cut_uncertain: bool = False  # computed without a whole table: an average exactly on a cut could go either way

    def segment_of(self, average: float, ties: str = "better") -> tuple[int, bool]:
        """(segment, certain): certain is False when the average lies where a bounded cut could fall."""
        segment, certain = 1, True
        for value, (low, high) in zip(self.values, self.bounds):
            beyond = average > value if ties == "better" else average >= value
            if (low != high and low < average < high) or (self.on_cut_uncertain and average == value):
                certain = False
            if beyond:
                segment += 1
        return segment, certain


def pool_cut_points(averages: np.ndarray, rules: Rules) -> tuple[float, ...]:
    """The cut points the rules give for a pool of averages: the fixed thresholds, or the pool's quantiles at
    1/segments, 2/segments, … (its quartiles for four segments)."""
    if rules.segmentation.method == "thresholds":
        return tuple(rules.segmentation.thresholds or ())
    cuts = np.quantile(averages, list(rules.segmentation.quantiles), method=rules.segmentation.quantile)
    return tuple(float(c) for c in cuts)


def cut_points(averages: pd.DataFrame, rules: Rules, tables_missing: tuple[str, ...],
               published_unadjusted: pd.Series | None = None,
               given: tuple[float, ...] | None = None, *,
               published_averages: pd.DataFrame | None = None, pool: str = "the national pool") -> CutPoints:
    """Cut points for one pool (``averages``: every trust in it; ``pool`` names it in the basis).

    - ``given``: cut points the user supplied (e.g. NHS England's published ones) are used as they are.
    - Thresholds (2026/27 style) are fixed by the rules.
    - Quartiles over the pool are computed when every table is present, or when no published unadjusted
      segments are available.
    - Otherwise (a table is missing) the published unadjusted segments bound each cut point, read against
      ``published_averages`` (the averages those segments were given for; default ``averages``).
    """
    column = "average_score" if rules.segmentation.of == "rounded" else "average_exact"
    values = averages[column].astype(float).to_numpy()
    n = len(values)
    if given is not None:
        if len(given) != rules.segments - 1:
            raise ValueError(f"{len(given)} cut points given; the rules have {rules.segments} segments, so "
                             f"{rules.segments - 1} cut points")
        return CutPoints(tuple(given), tuple((c, c) for c in given), "supplied", n)
    if rules.segmentation.method == "thresholds":
        fixed = pool_cut_points(values, rules)
        return CutPoints(fixed, tuple((c, c) for c in fixed), "fixed thresholds (rules file)", n)
    computed = pool_cut_points(values, rules)
    missing_note = (f"the {', '.join(tables_missing)} table(s) are not in the data, so {pool} "
                    f"has {n} trusts") if tables_missing else ""
    usable = published_unadjusted is not None and published_unadjusted.reindex(averages["trust_code"]).notna().all()
    if not tables_missing or rules.segmentation.when_tables_missing != "bounded-by-published" or not usable:
        basis = f"quartiles ({rules.segmentation.quantile}) of {pool}"
        notes = (missing_note + "; computed from the trusts present, so they may differ slightly from NHS "
                 "England's",) if tables_missing else ()
        return CutPoints(computed, tuple((c, c) for c in computed), basis, n, notes, bool(tables_missing))
    assert published_unadjusted is not None  # usable above
    pinned = averages if published_averages is None else published_averages
    pinned_values = pinned[column].astype(float).to_numpy()
    published = published_unadjusted.reindex(pinned["trust_code"]).to_numpy(dtype=float)
    bounds, chosen = [], []
    for k in range(1, len(computed) + 1):
        better = pinned_values[published <= k]
        worse = pinned_values[published > k]
        low = float(better.max()) if len(better) else -np.inf
        high = float(worse.min()) if len(worse) else np.inf
        bounds.append((low, high))
        estimate = computed[k - 1]
        chosen.append(estimate if low <= estimate < high else low)
    notes = (missing_note + "; each cut point is bounded by NHS England's published unadjusted segments",)
    return CutPoints(tuple(chosen), tuple(bounds), "bounded by the published unadjusted segments", n, notes)


def unadjusted_segment(averages: pd.DataFrame, cuts: CutPoints, rules: Rules) -> pd.DataFrame:
    column = "average_score" if rules.segmentation.of == "rounded" else "average_exact"
    placed = [cuts.segment_of(float(a), rules.segmentation.ties) for a in averages[column]]
    out = averages[["trust_code"]].copy()
    out["unadjusted_segment"] = [s for s, _ in placed]
    out["segment_certain"] = [c for _, c in placed]
    distances = [[float(a) - c for c in cuts.values] for a in averages[column]]
    nearest = [min(range(len(cuts.values)), key=lambda k: abs(d[k])) for d in distances]
    out["nearest_cut"] = [k + 1 for k in nearest]
    out["distance_to_cut"] = [round(d[k], 4) for d, k in zip(distances, nearest)]
    out["borderline"] = [abs(d[k]) <= rules.borderline_margin + 1e-9 for d, k in zip(distances, nearest)]
    return out


def adjusted_segment(unadjusted: pd.Series, deficit: pd.Series, rules: Rules) -> tuple[pd.Series, pd.Series]:
    """The financial override: a trust in deficit cannot sit above the rules' ``best_allowed_segment`` (segment 3
    in 2025/26). It never lifts a trust."""
    cap = rules.override.best_allowed_segment
    applied = deficit.astype(bool) & (unadjusted < cap)
    return unadjusted.where(~applied, cap), applied


def final_segment(adjusted: pd.Series, recovery_support: pd.Series, rules: Rules) -> pd.Series:
    return adjusted.where(~recovery_support.astype(bool), rules.recovery_support.segment)


def league_rank(trusts: pd.DataFrame, rules: Rules) -> pd.Series:
    """Within each table: segment first, then average (lower is better); ties share the best rank."""
    segment = trusts["adjusted_segment" if rules.ranking.segment == "adjusted" else "final_segment"]
    average = (trusts["average_score"] * rules.average_scale).round().astype(int)
    key = segment.astype(int) * league_key_base(rules) + average
    return key.groupby(trusts["table"]).rank(method="min").astype(int)


def league_key_base(rules: Rules) -> int:
    """The multiplier that puts the segment before the average in one whole-number league-order key
    (segment × base + average × 10^decimals: 10,000 at 2 dp)."""
    return 100 * rules.average_scale


def rank_by_average(trusts: pd.DataFrame, rules: Rules) -> pd.Series:
    """The published ``Rank`` of the average score: within the table, by average alone."""
    key = (trusts["average_score"] * rules.average_scale).round().astype(int)
    return key.groupby(trusts["table"]).rank(method="min").astype(int)
