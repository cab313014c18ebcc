"""Change between two quarters: what drove it, and whether the trust's own measures really changed.

The move is split by a counterfactual chain that adds up exactly (each step's effect is the difference between
two consecutive states, so the effects telescope to the whole change):

0. Start: the trust as published in the earlier quarter.
(a) Its own measures: the earlier scores of the measures scored in both quarters replaced by the later ones,
    one at a time in catalogue order, placing the trust in the *earlier* table (earlier cut points, other
    trusts and deficit flag). Each measure's effect on average, segment and rank is its step.
(b) Measures added or dropped: a measure scored in only one of the quarters enters or leaves the average.
(c) Override: the deficit (and recovery support) flag switched to the later quarter's.
(d) Cut points: the later quarter's cut points, other trusts as they were.
(e) Other trusts moving: the rest (other trusts' averages and segments, the table's make-up).

Whether (a) is real is a separate question, answered by a paired sign-flip test over the measures scored in
both quarters (``change_test``): the threshold is ours, NHS England's is unpublished. Any two quarters can be
compared (``movement_between``), not only adjacent ones. Metric scores are rank-based, so part of (a) can come
from peers' values moving; ``what_if`` can separate the two for one metric.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import pandas as pd

from nhs_league.errors import UnknownQuarter
from scoring.catalogue import Catalogue
from scoring.engine import QuarterResult
from scoring.explain.change_test import ALPHA, CONFIDENCE, ChangeTest, paired_change_test
from scoring.explain.facts import FactBook
from scoring.explain.placement import place, rank_at
from scoring.explain.quarter_results import base_result, quarters
from scoring.explain.trust_rows import entered_score, trust_row, trust_scores
from scoring.explain.uncertainty import trust_estimate
from scoring.quarters import parse_quarter, sort_key

CHAIN = ("counterfactual chain in the earlier table: its own measures one at a time, then measures added or "
         "dropped, then the deficit flag, then the later cut points, then other trusts moving (the remainder); "
         "effects add up to the change")
DRIVERS = ("its own measures", "measures added or dropped", "the financial override", "the cut points moving",
           "other trusts moving")


@dataclass(frozen=True)
class MetricStep:
    metric_id: str
    name: str
    before: float | None
    after: float | None
    average_effect: float
    segment_effect: int
    rank_effect: int


@dataclass(frozen=True)
class Movement:
    previous_quarter: str
    previous_segment: int
    previous_rank: int
    previous_average: float
    segment_change: int             # + = worse (higher segment number)
    rank_change: int                # + = lower in the table
    average_change: float           # + = worse
    own: list[MetricStep]           # (a) and (b), one step per measure
    own_average_effect: float       # (a) + (b)
    own_segment_effect: int
    own_rank_effect: int
    override_segment_effect: int
    override_rank_effect: int
    others_segment_effect: int      # (d) + (e): everything outside the trust
    others_rank_effect: int
    outside_likely_range: bool      # the earlier average lies outside this quarter's likely range of the average
    previous_override: bool
    previous_recovery_support: bool = False
    measures_average_effect: float = 0.0      # (a)
    measures_segment_effect: int = 0
    measures_rank_effect: int = 0
    added: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    added_dropped_average_effect: float = 0.0  # (b)
    added_dropped_segment_effect: int = 0
    added_dropped_rank_effect: int = 0
    cut_points_segment_effect: int = 0         # (d)
    cut_points_rank_effect: int = 0
    moving_segment_effect: int = 0             # (e)
    moving_rank_effect: int = 0
    test: ChangeTest | None = None
    real: bool = False
    verdict: str = ""
    driver: str = ""
    interval: tuple[float, float] | None = None
    method: str = ""
    chain: str = CHAIN

    def to_dict(self) -> dict:
        d = {k: v for k, v in vars(self).items() if k not in ("own", "test")}
        d["own"] = [vars(s) for s in self.own]
        d["test"] = self.test.to_dict() if self.test else None
        d["interval"] = list(self.interval) if self.interval else None
        return d


def _slots(result: QuarterResult, scores: pd.DataFrame) -> dict[str, tuple[Fraction, Fraction]]:
    slots = scores[scores["in_average"]]
    return {r.metric_id: (entered_score(result, r.metric_id, r.score_exact), r.weight) for r in slots.itertuples()}


def _average(result: QuarterResult, state: dict[str, tuple[Fraction, Fraction]]) -> float:
    w = sum((x for _, x in state.values()), Fraction(0))
    return result.rules.average_value(sum((s * x for s, x in state.values()), Fraction(0)) / w)


def _cut_point_placement(previous: QuarterResult, current: QuarterResult, code: str, table: str, average: float,
                         in_deficit: bool, recovery: bool) -> tuple[int, int]:
    """(segment, rank) with the later quarter's cut points, every other trust as in the earlier table."""
    rules = current.rules
    unadjusted, _ = current.cuts_for(table).segment_of(average, rules.segmentation.ties)
    held = in_deficit and unadjusted < rules.override.best_allowed_segment
    adjusted = rules.override.best_allowed_segment if held else unadjusted
    ranked = adjusted if rules.ranking.segment == "adjusted" else (rules.recovery_support.segment if recovery
                                                                   else adjusted)
    return adjusted, rank_at(previous, code, table, ranked, average)


def movement(previous: QuarterResult, prev_row, prev_scores: pd.DataFrame, current: QuarterResult, row,
             scores: pd.DataFrame, likely_average: tuple[float, float], catalogue: Catalogue,
             book: FactBook) -> Movement | None:
    if prev_row is None or prev_row.table != row.table:
        return None
    code, table = row.trust_code, row.table
    places = current.rules.average.decimals
    before, after = _slots(previous, prev_scores), _slots(current, scores)
    state = dict(before)
    seg, rank, avg = int(prev_row.adjusted_segment), int(prev_row.rank), float(prev_row.average_score)
    steps: list[MetricStep] = []
    # the later year's measures in its catalogue order, then any the earlier year alone had
    ids = list(dict.fromkeys([m.id for m in catalogue.metrics] + [m.id for m in previous.catalogue.metrics]))

    def name(metric_id: str) -> str:
        return (catalogue if metric_id in catalogue else previous.catalogue).get(metric_id).short_name

    def published(result: QuarterResult, score: Fraction) -> float:
        return result.rules.score_value(score)

    common = [m for m in ids if m in before and m in after]
    changed_only = [m for m in ids if (m in before) != (m in after)]
    totals = []
    for group in (common, changed_only):
        start = (seg, rank, avg)
        for metric_id in group:
            if before.get(metric_id) == after.get(metric_id):
                continue
            if metric_id in after:
                state[metric_id] = after[metric_id]
            else:
                state.pop(metric_id)
            new_avg = _average(previous, state)
            p = place(previous, code, table=table, average=new_avg)
            steps.append(MetricStep(metric_id, name(metric_id),
                                    published(previous, before[metric_id][0]) if metric_id in before else None,
                                    published(current, after[metric_id][0]) if metric_id in after else None,
                                    round(new_avg - avg, places), p.adjusted_segment - seg, p.rank - rank))
            seg, rank, avg = p.adjusted_segment, p.rank, new_avg
        totals.append((round(avg - start[2], places), seg - start[0], rank - start[1]))
    own_seg, own_rank = seg - int(prev_row.adjusted_segment), rank - int(prev_row.rank)
    flags = place(previous, code, table=table, average=avg, in_deficit=bool(row.in_deficit),
                  recovery_support=bool(row.recovery_support))
    over_seg, over_rank = flags.adjusted_segment - seg, flags.rank - rank
    cut_seg, cut_rank = _cut_point_placement(previous, current, code, table, avg, bool(row.in_deficit),
                                             bool(row.recovery_support))
    cut_seg, cut_rank = cut_seg - flags.adjusted_segment, cut_rank - flags.rank
    others_seg, others_rank = int(row.adjusted_segment) - flags.adjusted_segment, int(row.rank) - flags.rank
    low, high = likely_average
    prev_avg = float(prev_row.average_score)
    test = paired_change_test([float(after[m][0] - before[m][0]) for m in common], [float(after[m][1]) for m in common])
    m = Movement(previous.quarter, int(prev_row.adjusted_segment), int(prev_row.rank), prev_avg,
                 int(row.adjusted_segment) - int(prev_row.adjusted_segment), int(row.rank) - int(prev_row.rank),
                 round(float(row.average_score) - prev_avg, places), steps, round(avg - prev_avg, places), own_seg,
                 own_rank,
                 over_seg, over_rank, others_seg, others_rank, not (low <= prev_avg <= high),
                 bool(prev_row.financial_override), bool(prev_row.recovery_support),
                 measures_average_effect=totals[0][0], measures_segment_effect=totals[0][1],
                 measures_rank_effect=totals[0][2],
                 added=tuple(x for x in changed_only if x in after),
                 dropped=tuple(x for x in changed_only if x in before),
                 added_dropped_average_effect=totals[1][0], added_dropped_segment_effect=totals[1][1],
                 added_dropped_rank_effect=totals[1][2], cut_points_segment_effect=cut_seg,
                 cut_points_rank_effect=cut_rank, moving_segment_effect=others_seg - cut_seg,
                 moving_rank_effect=others_rank - cut_rank, test=test, real=test.real, interval=test.interval,
                 method=test.method)
    driver = main_driver(m)
    m = replace(m, driver=driver, verdict=verdict_words(m, driver, bool(row.financial_override)))
    _facts(m, previous.quarter, book)
    return m


def effects(m: Movement) -> dict[str, tuple[int, int]]:
    """(segment effect, rank effect) of each part of the chain, named as the verdict names them."""
    return {"its own measures": (m.measures_segment_effect, m.measures_rank_effect),
            "measures added or dropped": (m.added_dropped_segment_effect, m.added_dropped_rank_effect),
            "the financial override": (m.override_segment_effect, m.override_rank_effect),
            "the cut points moving": (m.cut_points_segment_effect, m.cut_points_rank_effect),
            "other trusts moving": (m.moving_segment_effect, m.moving_rank_effect)}


def main_driver(m: Movement) -> str:
    """The part of the chain that moved the trust most: by segment when its segment changed, else by places
    (in the direction of the move); '' when it did not move."""
    parts = effects(m)
    if m.segment_change:
        moved = {k: v[0] for k, v in parts.items() if v[0] * m.segment_change > 0}
        if moved:
            return max(moved, key=lambda k: (abs(moved[k]), abs(parts[k][1])))
    if m.rank_change:
        moved = {k: v[1] for k, v in parts.items() if v[1] * m.rank_change > 0}
        if moved:
            return max(moved, key=lambda k: abs(moved[k]))
    return ""


def verdict_words(m: Movement, driver: str, override_now: bool) -> str:
    """Plain words: is the change in its own measures real, and what drove the move (no numbers)."""
    t = m.test
    direction = "worse" if (t and t.mean_change > 0) else "better"
    if t is None or t.measures == 0:
        own = "There are no measures scored in both quarters to test"
    elif m.real:
        own = (f"Real change: its scores on the measures scored in both quarters got {direction}, by more than "
               "chance would explain")
    elif t.changed == 0:
        own = "Its scores on the measures scored in both quarters did not change"
    else:
        own = ("Could be chance: the change in its scores on the measures scored in both quarters is within what "
               "chance would explain")
    if not m.rank_change and not m.segment_change:
        return f"{own}. Its position did not change."
    what = {"the financial override": ("the financial override switching on" if override_now
                                       else "the financial override switching off")}.get(driver, driver)
    if not driver:
        return f"{own}."
    return f"{own}. The move came mainly from {what}."


def movement_between(store, code: str, earlier: str, later: str, book: FactBook | None = None) -> Movement | None:
    """The movement of one trust between any two quarters it is in (e.g. since Q1), or None."""
    prev_row, row = trust_row(store, earlier, code), trust_row(store, later, code)
    if prev_row is None or row is None:
        return None
    current = base_result(store, later)
    likely_average, _ = trust_estimate(current, row.table, code)
    return movement(base_result(store, earlier), prev_row, trust_scores(store, earlier, code), current, row,
                    trust_scores(store, later, code), likely_average, current.catalogue, book or FactBook(code, later))


def _facts(m: Movement, prev_q: str, book: FactBook) -> None:
    pub = f"engine: score_quarter for {prev_q}"
    chain = f"engine: {m.chain}"
    test = f"engine: {m.method}"
    book.add("movement.previous_quarter", "Previous quarter", prev_q, "store: quarters")
    book.add("movement.previous_segment", "Segment in the previous quarter", m.previous_segment, pub, quarter=prev_q)
    book.add("movement.previous_rank", "League position in the previous quarter", m.previous_rank, pub,
             quarter=prev_q)
    book.add("movement.previous_average", "Average score in the previous quarter", m.previous_average, pub,
             quarter=prev_q)
    book.add("movement.previous_override", "Override applied in the previous quarter", m.previous_override, pub,
             quarter=prev_q)
    book.add("movement.segment_change", "Change in segment (+ = lower segment)", m.segment_change, chain)
    book.add("movement.rank_change", "Change in league position (+ = further down)", m.rank_change, chain)
    book.add("movement.rank_change_size", "Places moved", abs(m.rank_change), chain)
    book.add("movement.average_change", "Change in average score (+ = worse)", m.average_change, chain)
    book.add("movement.own_average_effect", "Average change from the trust's own metric scores",
             m.own_average_effect, chain)
    book.add("movement.own_rank_effect", "Places moved because of its own metric scores", m.own_rank_effect, chain)
    book.add("movement.own_segment_effect", "Segment change from its own metric scores", m.own_segment_effect, chain)
    book.add("movement.measures_rank_effect", "Places moved because of its measures scored in both quarters",
             m.measures_rank_effect, chain)
    book.add("movement.added_dropped_rank_effect", "Places moved because measures were added or dropped",
             m.added_dropped_rank_effect, chain)
    book.add("movement.override_rank_effect", "Places moved because the override switched", m.override_rank_effect,
             chain)
    book.add("movement.override_segment_effect", "Segment change from the override switching",
             m.override_segment_effect, chain)
    book.add("movement.cut_points_rank_effect", "Places moved because the cut points moved",
             m.cut_points_rank_effect, chain)
    book.add("movement.cut_points_segment_effect", "Segment change from the cut points moving",
             m.cut_points_segment_effect, chain)
    book.add("movement.moving_rank_effect", "Places moved because other trusts moved", m.moving_rank_effect, chain)
    book.add("movement.others_rank_effect", "Places moved because other trusts and the cut points moved",
             m.others_rank_effect, chain)
    book.add("movement.others_segment_effect", "Segment change from other trusts and cut points moving",
             m.others_segment_effect, chain)
    book.add("movement.outside_likely_range", "Previous average lies outside this quarter's likely range",
             m.outside_likely_range, "engine: previous average against the likely range of the average")
    book.add("movement.real", "The change in its own measures is real (our test, not NHS England's)", m.real, test)
    book.add("movement.verdict", "Is the move real, and what drove it", m.verdict, test)
    book.add("movement.driver", "What moved it most", m.driver, chain)
    if m.test is not None:
        book.add("movement.measures_compared", "Measures scored in both quarters", m.test.measures, test)
        book.add("movement.measures_changed", "Measures whose score changed", m.test.changed, test)
        book.add("movement.mean_change", "Average change in those measures' scores (+ = worse)", m.test.mean_change,
                 test)
        book.add("movement.p_value", "Chance of a change this large if nothing really changed", m.test.p_value, test)
    if m.interval is not None:
        book.add("movement.interval_low", "Interval for that change: low end", m.interval[0], test)
        book.add("movement.interval_high", "Interval for that change: high end", m.interval[1], test)
    book.add("movement.confidence", "Interval confidence (per cent)", CONFIDENCE, test, trust=None)
    book.add("movement.alpha", "Threshold for calling a change real (our choice)", ALPHA, test, trust=None)
    for s in m.own:
        book.add(f"metric.{s.metric_id}.name", f"{s.metric_id} name", s.name, "catalogue: short_name", trust=None)
        book.add(f"movement.metric.{s.metric_id}.average_effect", f"{s.name}: effect on the average",
                 s.average_effect, chain)
        book.add(f"movement.metric.{s.metric_id}.rank_effect", f"{s.name}: places moved", s.rank_effect, chain)
        if s.before is not None:
            book.add(f"movement.metric.{s.metric_id}.before", f"{s.name}: previous score", s.before, pub,
                     quarter=prev_q)
        if s.after is not None:
            book.add(f"movement.metric.{s.metric_id}.after", f"{s.name}: score this quarter", s.after, chain)


def earlier_quarter(store, quarter: str, since: str | None) -> str | None:
    """The quarter a move is measured from: ``since`` (as people write it, e.g. "Q1") when given, else the one
    before ``quarter``. ``since`` must come before ``quarter``."""
    held = sorted(quarters(store), key=sort_key)
    if since is None:
        earlier = [q for q in held if sort_key(q) < sort_key(quarter)]
        return earlier[-1] if earlier else None
    label = parse_quarter(since, held)
    if sort_key(label) >= sort_key(quarter):
        raise UnknownQuarter(f"{label} is not before {quarter}: compare with an earlier quarter "
                             f"({', '.join(q for q in held if sort_key(q) < sort_key(quarter)) or 'none held'}).")
    return label
