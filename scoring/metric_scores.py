"""Step 1 of the method: every trust's score on every metric that applies to it, from the published values.

One row per (trust, scored metric) with everything that produced the score: the value, the peer pool and its
size, the trust's competition rank in it (a range where the published data cannot order two trusts), the
rule applied, and whether the score was computed from values, computed with missing trusts placed by
inference, or taken as published (metrics that publish a score only).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from nhs_league.errors import RulesError
from scoring.catalogue import TABLES, Catalogue, Metric
from scoring.exact import fraction, half_up_float, weight_fraction
from scoring.pool_inference import InferredPool, infer_pool
from scoring.pool_ranks import Members, competition_ranks

COMPUTED, INFERRED, PUBLISHED = "computed", "computed, missing trusts inferred", "published score"
BEST_SCORE, WORST_SCORE = 1, 4   # the metric score scale of the formulas below (1.00 best, 4.00 worst)
TABLE_IDS = {table: i for i, table in enumerate(TABLES)}


@dataclass(frozen=True)
class QuarterInputs:
    """The published inputs for one quarter, split by role."""

    values: pd.DataFrame            # OF0xxx rows (value, median, quartiles, published rank, source)
    scores: pd.DataFrame            # OF1xxx rows: used only for score-only metrics and incomplete pools
    tables_present: tuple[str, ...]


def _score(model: str, rank: int, n: int) -> Fraction:
    if model == "standard":
        return Fraction(2) if n == 1 else 2 + Fraction(2 * (rank - 1), n - 1)
    if model == "floor":
        return Fraction(1) if n == 1 else 1 + Fraction(2 * (rank - 1), n - 1)
    return Fraction(1) if n == 1 else 1 + Fraction(3 * (rank - 1), n - 1)


def _formula(model: str, rank: int, n: int) -> str:
    base, span = {"standard": ("2", "2"), "floor": ("1", "2"), "none": ("1", "3")}[model]
    return f"{base} + {span}×({rank}−1)/({n}−1)" if n > 1 else f"{base} (only trust ranked)"


def _row(metric: Metric, value_row: dict | None, trust: str, table: str, score: Fraction, **extra) -> dict:
    low = extra.pop("score_low", score)
    high = extra.pop("score_high", score)
    row = {
        "trust_code": trust, "table": table, "metric_id": metric.id, "value_id": metric.value_id,
        "domain": metric.domain, "weight": weight_fraction(metric.weight), "in_average": metric.in_average,
        "score_exact": score, "score_low_exact": low, "score_high_exact": high,
        "score": np.nan, "score_low": np.nan, "score_high": np.nan,   # rounded by _rounded (the rules' decimals)
        "model": metric.scoring_model, "basis": COMPUTED,
        "pool_size": np.nan, "missing_in_pool": 0, "rank_low": np.nan, "rank_high": np.nan,
        "value": np.nan, "units": metric.units, "median": np.nan, "lower_quartile": np.nan,
        "upper_quartile": np.nan, "published_rank": np.nan, "reporting_date": "", "source_file": "",
        "source_row": np.nan, "changed": False,
    }
    if value_row is not None:
        for key in ("value", "units", "median", "lower_quartile", "upper_quartile", "reporting_date",
                    "source_file", "source_row", "changed"):
            row[key] = value_row[key]
        row["published_rank"] = value_row["rank"]
    row.update(extra)
    return row


def _badness(metric: Metric, values: np.ndarray) -> np.ndarray:
    return values if metric.direction == "lower" else -values


def _members(metric: Metric, group: pd.DataFrame, pins: np.ndarray | None = None) -> Members:
    bad = _badness(metric, group["value"].to_numpy(dtype=float))
    prank = np.where(group["changed"].to_numpy(dtype=bool), np.nan, group["rank"].to_numpy(dtype=float))
    return Members(group["table"].map(TABLE_IDS).to_numpy(dtype=int), bad, bad, bad, prank,
                   np.full(len(group), np.nan) if pins is None else pins)


def _fixed(metric: Metric, value: float) -> Fraction | None:
    """1.00 for meeting a standard, 4.00 for failing a floor; None if the trust is ranked."""
    if metric.standard and metric.standard.passes(value):
        return Fraction(BEST_SCORE)
    if metric.floor and metric.floor.passes(value):
        return Fraction(WORST_SCORE)
    return None


def _ranked_pool(metric: Metric, group: pd.DataFrame, published: pd.Series, complete: bool,
                 original: pd.DataFrame) -> tuple[Members, int, str, int]:
    """Members to rank (present trusts first, in ``group`` order), their basis, and missing-trust count."""
    if complete:
        return _members(metric, group), len(group), COMPUTED, 0
    base = original[[_fixed(metric, v) is None for v in original["value"]]]
    scores = published.reindex(base["trust_code"]).to_numpy(dtype=float)
    inferred: InferredPool | None = None
    if len(base) and not np.isnan(scores).any():
        inferred = infer_pool(_members(metric, base), scores, metric.scoring_model)
    if inferred is None:
        raise _NoInference
    pin_of = dict(zip(base["trust_code"], inferred.pins.astype(float)))
    pins = np.array([np.nan if changed else pin_of.get(code, np.nan)
                     for code, changed in zip(group["trust_code"], group["changed"])])
    present = _members(metric, group, pins)
    k = len(inferred.missing_positions)
    nan = np.full(k, np.nan)
    members = Members(np.concatenate([present.table, np.full(k, -1)]),
                      np.concatenate([present.badness, nan]),
                      np.concatenate([present.low, inferred.missing_low]),
                      np.concatenate([present.high, inferred.missing_high]),
                      np.concatenate([present.published_rank, nan]),
                      np.concatenate([present.pin, inferred.missing_positions.astype(float)]))
    return members, len(group) + k, INFERRED, k


class _NoInference(Exception):
    pass


def rank_metric_scores(metric: Metric, rows: pd.DataFrame, published: pd.Series,
                       tables_present: tuple[str, ...]) -> list[dict]:
    """Scores for a rank-based metric: within each peer pool, fixed scores for the standard or floor,
    then 1 + span·(r−1)/(n−1) over the rest by competition rank."""
    out: list[dict] = []
    counted = rows if metric.value_units is None else rows[rows["units"].isin(metric.value_units)]
    for row in rows.drop(counted.index).to_dict("records"):
        rule = metric.count_rows
        if rule is None:
            raise RulesError(f"{metric.id}: rows in units other than {metric.value_units} need count_rows")
        score = Fraction(min(rule.base + int(row["value"]), rule.cap))
        out.append(_row(metric, row, row["trust_code"], row["table"], score, model="count",
                        rule=f"{int(row['value'])} case(s); small trusts are scored on the count: "
                             f"{rule.base} + count, at most {rule.cap}"))
    pools = ([counted[counted["table"] == t] for t in TABLES] if metric.pool == "own-table"
             else [counted[counted["table"].isin(metric.pool)]])
    for pool in pools:
        if pool.empty:
            continue
        tables_needed = set(pool["table"]) if metric.pool == "own-table" else set(metric.pool)
        complete = tables_needed <= set(tables_present)
        fixed = [_fixed(metric, v) for v in pool["value"]]
        for row, fixed_score in zip(pool.to_dict("records"), fixed):
            test = metric.standard or metric.floor
            if fixed_score is not None and test is not None:   # only a standard or a floor fixes a score
                word = "meets the standard" if metric.standard else "is below the floor"
                out.append(_row(metric, row, row["trust_code"], row["table"], fixed_score,
                                rule=f"{word} ({test.comparison} {test.threshold:g}): scores {float(fixed_score):.2f}"))
        group = pool[[s is None for s in fixed]]
        if group.empty:
            continue
        original = pool.assign(value=pool["original_value"], changed=False)
        try:
            members, n, basis, missing = _ranked_pool(metric, group, published, complete, original)
        except _NoInference:
            out.extend(_published_fallback(metric, group, published))
            continue
        low, high = competition_ranks(members)
        model = metric.scoring_model
        for i, row in enumerate(group.to_dict("records")):
            r_low, r_high = int(low[i]), int(high[i])
            rank_text = f"{r_low}" if r_low == r_high else f"{r_low}–{r_high} (order unknown at 2 dp)"
            where = "missing the standard" if model == "standard" else "above the floor" if model == "floor" else ""
            pool_text = f"{n} trusts{' ' + where if where else ''}" + (
                f", {missing} of them not in the data (placed from the published scores)" if missing else "")
            out.append(_row(metric, row, row["trust_code"], row["table"], _score(model, r_low, n),
                            score_low=_score(model, r_low, n), score_high=_score(model, r_high, n),
                            basis=basis, pool_size=n, missing_in_pool=missing, rank_low=r_low, rank_high=r_high,
                            rule=f"ranked {rank_text} of {pool_text}: {_formula(model, r_low, n)}"))
    return out


def _published_fallback(metric: Metric, group: pd.DataFrame, published: pd.Series) -> list[dict]:
    out = []
    for row in group.to_dict("records"):
        if row["trust_code"] in published.index and not np.isnan(published[row["trust_code"]]):
            out.append(_row(metric, row, row["trust_code"], row["table"], fraction(published[row["trust_code"]]),
                            basis=PUBLISHED, rule="published score taken as given: the peer pool lacks trusts "
                                                  "that could not be placed from the published scores"))
    return out


def bracket_scores(metric: Metric, rows: pd.DataFrame) -> list[dict]:
    out = []
    for row in rows.to_dict("records"):
        band = next(b for b in metric.brackets or () if b.contains(row["value"]))
        test = (f"≥ {band.at_least:g}" if band.at_least is not None else f"> {band.above:g}"
                if band.above is not None else "below the other bands")
        out.append(_row(metric, row, row["trust_code"], row["table"], Fraction(band.score),
                        rule=f"{row['value']:g} is in the band {test}: scores {band.score}"))
    return out


def _rounded(rows: list[dict], places: int) -> pd.DataFrame:
    """The rows as a frame with each score rounded half up to ``places`` (the rules' ``metric_scores.decimals``)."""
    frame = pd.DataFrame(rows)
    for column in ("score", "score_low", "score_high"):
        if len(frame):
            frame[column] = [half_up_float(s, places) for s in frame[f"{column}_exact"]]
    return frame


def lookup_scores(metric: Metric, scored: pd.DataFrame, catalogue: Catalogue) -> list[dict]:
    lookup = metric.lookup
    if lookup is None:
        raise RulesError(f"{metric.id}: method lookup needs lookup")
    first, second = lookup.inputs
    by_trust = scored[scored["metric_id"].isin([first, second])].pivot_table(
        index=["trust_code", "table"], columns="metric_id", values="score", aggfunc="first")
    out = []
    for (trust, table), row in by_trust.dropna().iterrows():
        a, b = int(row[first]), int(row[second])
        score = lookup.scores[a - 1][b - 1]
        out.append(_row(metric, None, trust, table, Fraction(score),
                        rule=f"{catalogue.get(first).short_name} score {a} and {catalogue.get(second).short_name} "
                             f"score {b} combine to {score}"))
    return out


def input_scores(metric: Metric, scores: pd.DataFrame) -> list[dict]:
    rows = scores[scores["metric_id"] == metric.id].dropna(subset=["value"])
    out = []
    for row in rows.to_dict("records"):
        r = _row(metric, None, row["trust_code"], row["table"], fraction(row["value"]), basis=PUBLISHED,
                 rule="NHS England publishes this score only (no value); taken as given")
        r.update(reporting_date=row["reporting_date"], source_file=row["source_file"], source_row=row["source_row"])
        out.append(r)
    return out


def affected_metrics(changed_ids: set[str], catalogue: Catalogue) -> set[str]:
    """Score ids whose scores can change when these metrics' inputs change (lookups follow their inputs)."""
    affected = {catalogue.get(i).id for i in changed_ids}
    for metric in catalogue.metrics:
        if metric.method == "lookup" and metric.lookup is not None and affected & set(metric.lookup.inputs):
            affected.add(metric.id)
    return affected


def metric_scores(inputs: QuarterInputs, catalogue: Catalogue, only: set[str] | None = None,
                  reuse: pd.DataFrame | None = None, *, places: int = 2) -> pd.DataFrame:
    """Every (trust, metric) score for the quarter, in catalogue order, rounded to ``places`` decimals (the rules'
    ``metric_scores.decimals``; the exact score is kept beside it).

    With ``only`` and ``reuse`` (a previous result for the same quarter), only those metrics are recomputed
    and every other metric's rows are taken from ``reuse``: a what-if changes only the metrics it touches.
    """
    values, scores = inputs.values, inputs.scores
    rows: list[dict] = []
    deferred: list[Metric] = []
    for metric in catalogue.metrics:
        if only is not None and metric.id not in only:
            continue
        if metric.method == "input":
            rows += input_scores(metric, scores)
        elif metric.method == "lookup":
            deferred.append(metric)
        else:
            metric_rows = values[(values["metric_id"] == metric.value_id)].dropna(subset=["value"])
            if metric.method == "brackets":
                rows += bracket_scores(metric, metric_rows)
            else:
                published = scores[scores["metric_id"] == metric.id].set_index("trust_code")["value"]
                rows += rank_metric_scores(metric, metric_rows, published, inputs.tables_present)
    frame = _rounded(rows, places)
    if only is not None and reuse is not None:
        frame = pd.concat([reuse[~reuse["metric_id"].isin(only)], frame], ignore_index=True)
    for metric in deferred:
        frame = pd.concat([frame, _rounded(lookup_scores(metric, frame, catalogue), places)], ignore_index=True)
    return frame.reset_index(drop=True)
