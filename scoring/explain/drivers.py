"""Drivers: how much each of a trust's measures moves its average, and where it would sit without one.

A measure's **effect** is the trust's average metric score without that measure minus the average with it,
weighted exactly as the published average (infection measures count a third; the two finance inputs enter only
through the combined finance score, which is the measure) and with the scores as they enter it (unrounded, or
at 2 dp where NHS England imported them so). A lower average is better, so a negative effect means the measure
holds the trust back and a positive one means it helps.

Where leaving a measure out moves the trust across a cut point, its segment and league position without it
are the engine's: when the engine's ``cut_points`` on the changed averages place every trust as before, the
engine's steps after the averages re-run for that one row (:func:`placement.place`, as the override
counterfactual does); otherwise ``score_quarter(store, quarter, leave_out={trust: [metric]})`` runs. Both equal
full re-runs (tests check). :func:`one_measure` answers "is it because of one measure?": the measure that
moves the trust most and where it would be without it (always a ``score_quarter`` run), with the caveat that
every trust has measures it does badly on.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np
import pandas as pd

from nhs_league.errors import LeagueError
from scoring.engine import (QuarterResult, cut_pools, missing_tables, pool_name, published_unadjusted_segments,
                            score_quarter)
from scoring.explain.facts import Fact, FactBook
from scoring.explain.placement import Placement, place
from scoring.explain.quarter_results import base_result, derived, quarters
from scoring.explain.trust_rows import entered_score, scores_by_trust, trust_row, trust_scores
from scoring.explain.trust_lookup import resolve_trust
from scoring.quarters import parse_quarter
from scoring.segments import cut_points, pool_cut_points
from scoring.store import Store

Direction = Literal["either", "holds_back", "helps"]


@dataclass(frozen=True)
class Driver:
    metric_id: str
    name: str                         # the catalogue's short name (staff register)
    everyday_name: str                # the catalogue's everyday name (public and press registers)
    score: float
    weight: float
    effect: float                     # average without − average with, unrounded; negative = holds the trust back
    average_without: float            # rounded half up as the engine rounds the average (2 dp in 2025/26)
    table_median_effect: float | None  # median effect of this measure among the trusts in the table
    without: Placement | None         # only where leaving it out changes the unadjusted segment
    without_source: str = ""          # how ``without`` was worked out (for its facts)

    @property
    def holds_back(self) -> bool:
        return self.effect < 0

    @property
    def helps(self) -> bool:
        return self.effect > 0

    def to_dict(self) -> dict:
        d = {k: v for k, v in vars(self).items() if k != "without"}
        d["without"] = vars(self.without) if self.without else None
        return d


@dataclass
class Drivers:
    trust_code: str
    quarter: str
    table: str
    average_score: float
    unadjusted_segment: int
    drivers: list[Driver]             # worst first: the measure holding the trust back most comes first
    facts: list[Fact] = field(default_factory=list)

    def holding_back(self, n: int = 3) -> list[Driver]:
        return [d for d in self.drivers if d.holds_back][:n]

    def helping(self, n: int = 2) -> list[Driver]:
        return sorted((d for d in self.drivers if d.helps), key=lambda d: (-d.effect, d.metric_id))[:n]

    def biggest(self, direction: Direction = "either") -> Driver | None:
        """The measure that moves the average most (in ``direction``; either way by default)."""
        pool = {"either": self.drivers, "holds_back": self.holding_back(len(self.drivers)),
                "helps": self.helping(len(self.drivers))}[direction] or self.drivers
        return min(pool, key=lambda d: (-abs(d.effect), d.effect, d.metric_id)) if pool else None

    def to_dict(self) -> dict:
        return {"average_score": self.average_score, "unadjusted_segment": self.unadjusted_segment,
                "drivers": [d.to_dict() for d in self.drivers],
                "holding_back": [d.metric_id for d in self.holding_back()],
                "helping": [d.metric_id for d in self.helping()]}


def effects(result: QuarterResult, scores: pd.DataFrame) -> dict[str, tuple[Fraction, Fraction]]:
    """metric id → (exact average without it, exact average with it) for one trust's scores."""
    columns = (scores[c].tolist() for c in ("metric_id", "score_exact", "weight", "in_average"))
    slots = [(m, entered_score(result, m, s), Fraction(w)) for m, s, w, counted in zip(*columns) if counted]
    total_w = sum((w for _, _, w in slots), Fraction(0))
    total = sum((s * w for _, s, w in slots), Fraction(0))
    if len(slots) < 2 or not total_w:
        return {}
    average = total / total_w
    return {m: ((total - s * w) / (total_w - w), average) for m, s, w in slots}


def table_median_effects(result: QuarterResult) -> dict[tuple[str, str], float]:
    """(table, metric) → the median effect of that metric among the trusts of the table scored on it."""
    collected: dict[tuple[str, str], list[float]] = {}
    for scores in scores_by_trust(result).values():
        table = scores["table"].iloc[0]
        for metric_id, (without, with_) in effects(result, scores).items():
            collected.setdefault((table, metric_id), []).append(float(without - with_))
    return {key: statistics.median(values) for key, values in collected.items()}


def placement_of(row) -> Placement:
    return Placement(float(row["average_score"]), int(row["unadjusted_segment"]), int(row["adjusted_segment"]),
                     int(row["final_segment"]), bool(row["financial_override"]), int(row["rank"]),
                     int(row["table_size"]))


def without_measure(store: Store, quarter: str, code: str, metric_id: str) -> Placement:
    """The trust's placement with ``metric_id`` left out of its average: an engine run (cached per quarter)."""
    def run(base: QuarterResult) -> Placement:
        return placement_of(score_quarter(store, quarter, base=base, leave_out={code: [metric_id]}).trust(code))

    return derived(store, quarter, f"leave-out:{code}:{metric_id}", run)


def _column(result: QuarterResult) -> str:
    return "average_score" if result.rules.segmentation.of == "rounded" else "average_exact"


def _pools(result: QuarterResult) -> dict[str, tuple[str, pd.DataFrame, np.ndarray, np.ndarray, tuple[float, ...]]]:
    """table → (pool name, the pool's trusts, their codes, their averages, the rules' cut points for them)."""
    out = {}
    for pool, tables in cut_pools(result.trusts, result.framework, result.tables_present).items():
        members = result.trusts[result.trusts["table"].isin(tables)]
        values = members[_column(result)].astype(float).to_numpy()
        entry = (pool, members, members["trust_code"].to_numpy(), values, pool_cut_points(values, result.rules))
        out.update({table: entry for table in tables})
    return out


def cuts_would_move(store: Store, result: QuarterResult, code: str, average: float, table: str) -> bool:
    """Whether any trust's segment moves with the cut points when the trust's average becomes ``average`` (every
    other average as published): the engine's ``cut_points`` on the changed averages of the pool placing
    ``table``, worked out only when the pool's quartile estimates change (otherwise the cut points cannot move).
    A cut point that moves between the same two averages places every trust as before."""
    pools = derived(store, result.quarter, "cut-pools", _pools)
    pool, members, codes, values, estimates = pools[table]
    changed = np.where(codes == code, average, values)
    if pool_cut_points(changed, result.rules) == estimates:
        return False
    published = derived(store, result.quarter, "published-unadjusted", lambda r: published_unadjusted_segments(
        store.metrics[store.metrics["quarter"] == r.quarter], r.rules))
    averages = members[["trust_code", "table", "average_score", "average_exact"]].copy()
    averages[_column(result)] = changed
    cuts = cut_points(averages, result.rules, missing_tables(result.tables_present, result.framework), published,
                      published_averages=members, pool=pool_name(pool))
    ties, now = result.rules.segmentation.ties, result.cuts_for(table)
    return any(cuts.segment_of(a, ties)[0] != now.segment_of(a, ties)[0] for a in changed)


def _without(store: Store, result: QuarterResult, row, metric_id: str,
             without: Fraction) -> tuple[Placement | None, str]:
    """The trust's placement without the measure, when that changes its unadjusted segment; and how it was found."""
    code, q = row.trust_code, result.quarter
    average = result.rules.average_value(without)
    pooled = average if result.rules.segmentation.of == "rounded" else float(without)
    if cuts_would_move(store, result, code, pooled, row.table):
        placed = without_measure(store, q, code, metric_id)
        how = (f"engine: score_quarter re-run with {metric_id} left out of {code}'s average (every other trust as "
               f"published), {q}")
    else:
        segment, _ = result.cuts_for(row.table).segment_of(pooled, result.rules.segmentation.ties)
        if segment == int(row.unadjusted_segment):
            return None, ""
        placed = place(result, code, table=row.table, average=average)
        how = (f"engine: segments, override and league rank re-run with {metric_id} left out of {code}'s average "
               f"(no trust changes segment by the cut points moving; equals score_quarter(leave_out="
               f"{{{code!r}: [{metric_id!r}]}})), {q}")
    return (placed, how) if placed.unadjusted_segment != int(row.unadjusted_segment) else (None, "")


def effect_source(code: str, metric_id: str, n: int, part_weight: str = "") -> str:
    """Where a driver's effect comes from; ``part_weight`` says which measures count for less (the framework's
    words, e.g. "infection metrics weigh a third")."""
    weights = f"; {part_weight}" if part_weight else ""
    return (f"engine: {code}'s weighted average of its {n} metric scores without {metric_id}, minus the average "
            f"with it (scores as they enter the average{weights})")


def drivers(store: Store, result: QuarterResult, row, scores: pd.DataFrame, book: FactBook) -> Drivers:
    """Every scored measure's effect on the trust's average, worst first, with a fact for each number."""
    cat, q, code = result.catalogue, result.quarter, row.trust_code
    part_weight = result.framework.part_weight.words if result.framework.part_weight else ""
    table_label = result.framework.table_label
    medians = derived(store, q, "driver-medians", table_median_effects)
    n = int(row.metrics_scored)
    out: list[Driver] = []
    rows = {r.metric_id: r for r in scores.itertuples()}
    for metric_id, (without, with_) in effects(result, scores).items():
        metric = cat.get(metric_id)
        r = rows[metric_id]
        crossed, how = _without(store, result, row, metric_id, without)
        median = medians.get((row.table, metric_id))
        out.append(Driver(metric_id, metric.short_name, metric.everyday_name, float(r.score), float(r.weight),
                          float(without - with_), result.rules.average_value(without), median, crossed, how))
    out.sort(key=lambda d: (d.effect, d.metric_id))
    before = {f.key for f in book.facts}
    for d in out:
        key, label = f"driver.{d.metric_id}", d.name
        book.add(f"{key}.name", f"{d.metric_id} in everyday words", d.everyday_name, "catalogue: everyday_name",
                 trust=None)
        book.add(f"{key}.effect", f"{label}: change in the average score if it were left out (negative: it holds "
                 "the trust back)", round(d.effect, 4), effect_source(code, d.metric_id, n, part_weight))
        book.add(f"{key}.average_without", f"Average score without {label}", d.average_without,
                 effect_source(code, d.metric_id, n).split(", minus")[0]
                 + f", rounded half up to {result.rules.average.decimals} dp")
        if d.table_median_effect is not None:
            book.add(f"{key}.table_median_effect", f"{label}: median change in the average among the "
                     f"{table_label(row.table)} trusts scored on it", round(d.table_median_effect, 4),
                     f"engine: median over the table's trusts of the same leave-one-out effect, {q}", trust=None)
        if d.without is not None:
            src = d.without_source
            book.add(f"{key}.unadjusted_segment_without", f"Segment from scores alone without {label}",
                     d.without.unadjusted_segment, src)
            book.add(f"{key}.segment_without", f"Segment without {label}", d.without.adjusted_segment, src)
            book.add(f"{key}.rank_without", f"League position without {label}", d.without.rank, src)
    return Drivers(code, q, table_label(row.table), float(row.average_score), int(row.unadjusted_segment), out,
                   [f for f in book.facts if f.key not in before])


def trust_drivers(store: Store, trust_code: str, quarter: str | None = None) -> Drivers:
    """:func:`drivers` for one trust and quarter (a name or ODS code; None = the latest quarter)."""
    code = resolve_trust(store, trust_code)
    q = parse_quarter(quarter, quarters(store))
    result = base_result(store, q)
    row = trust_row(store, q, code)
    if row is None:
        from scoring.explain.explanation import TrustNotInQuarter

        raise TrustNotInQuarter(f"{code} is not in the {q} data (its table is not in that quarter's files).")
    return drivers(store, result, row, trust_scores(store, q, code), FactBook(code, q))


class NothingToLeaveOut(LeagueError):
    """The trust is scored on a single measure, so no measure can be left out of its average."""


@dataclass
class OneMeasure:
    """"Is it because of one measure?": the measure that moves the trust most and where it would be without it."""

    trust_code: str
    trust_name: str
    quarter: str
    audience: str
    driver: Driver
    now: Placement
    without: Placement                # always an engine run
    metrics_scored: int
    facts: list[Fact] = field(default_factory=list)
    text: str = ""

    def to_dict(self) -> dict:
        return {"trust_code": self.trust_code, "trust_name": self.trust_name, "quarter": self.quarter,
                "audience": self.audience, "driver": self.driver.to_dict(), "now": vars(self.now),
                "without": vars(self.without), "metrics_scored": self.metrics_scored,
                "facts": [f.to_dict() for f in self.facts], "text": self.text}


def one_measure(store: Store, trust_code: str, quarter: str | None = None, audience: str = "public", *,
                direction: Direction = "either") -> OneMeasure:
    """The single measure that moves the trust's average most (``direction``: either way, or only one that
    holds it back / helps it), and its segment and league position without that measure, through the engine."""
    from scoring.explain.explanation import UnknownAudience

    if audience not in ("public", "staff", "press"):
        raise UnknownAudience(f"Unknown audience {audience!r}: use public, staff or press.")
    found = trust_drivers(store, trust_code, quarter)
    code, q = found.trust_code, found.quarter
    row = trust_row(store, q, code)
    d = found.biggest(direction)
    if d is None:
        raise NothingToLeaveOut(f"{row.trust_name} is scored on only one measure in {q}, so there is no measure to "
                                "leave out: its position rests on that one score.")
    result = base_result(store, q)
    now = placement_of(result.trust(code))
    without = without_measure(store, q, code, d.metric_id)
    book = FactBook(code, q)
    book.extend(found.facts)
    src = (f"engine: score_quarter re-run with {d.metric_id} left out of {code}'s average (every other trust as "
           f"published), {q}")
    book.add("trust_name", "Trust", str(row.trust_name), "store: trusts")
    book.add("quarter", "Quarter", q, "store: quarter of the published data")
    book.add("table", "League table", result.framework.table_label(row.table), f"store: trust type of {code}")
    book.add("metrics_scored", "Metrics scored", int(row.metrics_scored), "engine: metrics in the average")
    book.add("average_score", "Average metric score", now.average_score,
             f"engine: weighted average, {result.rules.average.decimals} dp")
    book.add("segment", "Segment", now.adjusted_segment, "engine: segment after the financial override")
    book.add("unadjusted_segment", "Segment from scores alone (unadjusted)", now.unadjusted_segment,
             "engine: average placed against the cut points")
    book.add("rank", "League position", now.rank, "engine: league rank (segment first, then average)")
    book.add("table_size", "Trusts in the table", now.table_size, f"engine: trusts in the table, {q}")
    book.add("one_measure.name", "The measure that moves the trust most", d.everyday_name, "catalogue: everyday_name",
             trust=None)
    book.add("one_measure.effect", f"{d.name}: change in the average score if it were left out", round(d.effect, 4),
             effect_source(code, d.metric_id, int(row.metrics_scored),
                           result.framework.part_weight.words if result.framework.part_weight else ""))
    book.add("one_measure.score", f"{d.name}: score", d.score, f"engine: {d.metric_id} score")
    book.add("one_measure.average_without", f"Average score without {d.name}", without.average_score, src)
    book.add("one_measure.unadjusted_segment_without", f"Segment from scores alone without {d.name}",
             without.unadjusted_segment, src)
    book.add("one_measure.segment_without", f"Segment without {d.name}", without.adjusted_segment, src)
    book.add("one_measure.rank_without", f"League position without {d.name}", without.rank, src)
    book.add("one_measure.held_by_override", f"Still held by the financial override without {d.name}",
             without.financial_override, src)
    if without.financial_override:
        book.add("scale.override_cap", "Best segment a trust in deficit can have",
                 base_result(store, q).rules.override.best_allowed_segment, "rules: the financial override", trust=None)
    view = OneMeasure(code, str(row.trust_name), q, audience, d, now, without, int(row.metrics_scored))
    view.text = {"public": _one_public, "staff": _one_staff, "press": _one_press}[audience](view, book)
    view.facts = book.facts
    return view


def _position_change(v: OneMeasure, b: FactBook) -> str:
    if (v.without.rank, v.without.adjusted_segment) == (v.now.rank, v.now.adjusted_segment):
        return (f"Its league position would stay the same: {b.show('rank', 'ordinal')} out of "
                f"{b.show('table_size')}, in segment {b.show('segment')}.")
    if v.without.adjusted_segment == v.now.adjusted_segment:
        return (f"It would be {b.show('one_measure.rank_without', 'ordinal')} out of {b.show('table_size')} instead "
                f"of {b.show('rank', 'ordinal')}, still in segment {b.show('segment')}.")
    return (f"It would be {b.show('one_measure.rank_without', 'ordinal')} out of {b.show('table_size')}, in segment "
            f"{b.show('one_measure.segment_without')}, instead of {b.show('rank', 'ordinal')} in segment "
            f"{b.show('segment')}. This one measure is enough to change its segment.")


def _one_public(v: OneMeasure, b: FactBook) -> str:
    how = "holds the trust back" if v.driver.holds_back else "helps the trust"
    lines = [f"The measure that makes the most difference to {b.show('trust_name')} in {b.show('quarter')} is "
             f"{b.show('one_measure.name')}. It {how}.",
             f"Without it, its average metric score would be {b.show('one_measure.average_without', '2dp')} instead "
             f"of {b.show('average_score', '2dp')} (lower is better).", _position_change(v, b)]
    if v.without.financial_override:
        lines.append(f"It would still be held at segment {b.show('scale.override_cap')} because it is in financial "
                     "deficit.")
    lines.append(f"Every trust has some measures it does badly on. Its position comes from all "
                 f"{b.show('metrics_scored')} of its measures together.")
    return " ".join(lines)


def _one_press(v: OneMeasure, b: FactBook) -> str:
    same = (v.without.rank, v.without.adjusted_segment) == (v.now.rank, v.now.adjusted_segment)
    where = (f"its position ({b.show('rank', 'ordinal')} of {b.show('table_size')}) would not change" if same else
             f"it would be {b.show('one_measure.rank_without', 'ordinal')} of {b.show('table_size')} (segment "
             f"{b.show('one_measure.segment_without')}) rather than {b.show('rank', 'ordinal')} (segment "
             f"{b.show('segment')})")
    return (f"The single measure that moves {b.show('trust_name')} most in {b.show('quarter')} is "
            f"{b.show('one_measure.name')}: without it, {where}.\n\n"
            f"Caveat: every trust has measures it does badly on; the league position combines all "
            f"{b.show('metrics_scored')} of its measures.")


def _one_staff(v: OneMeasure, b: FactBook) -> str:
    d = v.driver
    held = (f" (still held at segment {b.show('scale.override_cap')} by the financial override)"
            if v.without.financial_override else "")
    return (f"Largest single-metric effect for {b.show('trust_name')}, {b.show('quarter')}: {d.name} (score "
            f"{b.show('one_measure.score', '2dp')}). Left out of the average (engine re-run, every other trust as "
            f"published): average {b.show('average_score', '2dp')} → {b.show('one_measure.average_without', '2dp')} "
            f"(change before rounding {b.show('one_measure.effect', 'signed')}); segment from scores alone "
            f"{b.show('unadjusted_segment')} → {b.show('one_measure.unadjusted_segment_without')}; segment "
            f"{b.show('segment')} → {b.show('one_measure.segment_without')}{held}; position "
            f"{b.show('rank', 'ordinal')} → {b.show('one_measure.rank_without', 'ordinal')} of "
            f"{b.show('table_size')}.\n\nEvery trust has metrics it scores badly on; the position rests on all "
            f"{b.show('metrics_scored')}.")
