"""Change since the previous quarter, split into the trust's own metric scores, the override, and others.

The split is a counterfactual chain that adds up exactly (each step's effect is the difference between two
consecutive states, so the effects telescope to the whole change):

0. Start: the trust as published in the earlier quarter.
(a) Own metric scores: replace the trust's earlier metric scores with this quarter's, one metric at a time
    in catalogue order (a metric added or dropped enters or leaves the average), recomputing the average
    and placing the trust in the *earlier* quarter's table (earlier cut points, earlier other trusts,
    earlier deficit flag). Each metric's effect on average, segment and rank is its step.
(b) Override: switch the deficit (and recovery support) flag to this quarter's, same earlier table.
(c) Others moving: the rest, i.e. this quarter's actual position minus state (b): other trusts' averages,
    this quarter's cut points and the table's make-up.

Metric scores are rank-based, so part of (a) can itself come from peers' values moving; ``what_if`` can
separate the two for one metric. Placements use the engine's override, segment 5 and rank steps
(:func:`placement.place`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from scoring.catalogue import Catalogue
from scoring.engine import QuarterResult
from scoring.exact import half_up
from scoring.explain.facts import FactBook
from scoring.explain.placement import place
from scoring.explain.results import entered_score


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
    own: list[MetricStep]
    own_average_effect: float
    own_segment_effect: int
    own_rank_effect: int
    override_segment_effect: int
    override_rank_effect: int
    others_segment_effect: int
    others_rank_effect: int
    outside_likely_range: bool
    previous_override: bool
    previous_recovery_support: bool = False
    method: str = field(default="")

    def to_dict(self) -> dict:
        d = {k: v for k, v in vars(self).items() if k != "own"}
        d["own"] = [vars(s) for s in self.own]
        return d


def _slots(result: QuarterResult, scores: pd.DataFrame) -> dict[str, tuple[Fraction, Fraction]]:
    slots = scores[scores["in_average"]]
    return {r.metric_id: (entered_score(result, r.metric_id, r.score_exact), r.weight) for r in slots.itertuples()}


def _average(state: dict[str, tuple[Fraction, Fraction]]) -> float:
    w = sum((x for _, x in state.values()), Fraction(0))
    return float(half_up(sum((s * x for s, x in state.values()), Fraction(0)) / w))


def movement(previous: QuarterResult, prev_row, prev_scores: pd.DataFrame, current: QuarterResult, row,
             scores: pd.DataFrame, likely_average: tuple[float, float], catalogue: Catalogue,
             book: FactBook) -> Movement | None:
    if prev_row is None or prev_row.table != row.table:
        return None
    code, table = row.trust_code, row.table
    before, after = _slots(previous, prev_scores), _slots(current, scores)
    state = dict(before)
    seg, rank, avg = int(prev_row.adjusted_segment), int(prev_row.rank), float(prev_row.average_score)
    steps: list[MetricStep] = []
    order = [m.id for m in catalogue.metrics if m.id in before or m.id in after]
    for metric_id in order:
        if before.get(metric_id) == after.get(metric_id):
            continue
        if metric_id in after:
            state[metric_id] = after[metric_id]
        else:
            state.pop(metric_id)
        new_avg = _average(state)
        p = place(previous, code, table=table, average=new_avg)
        steps.append(MetricStep(metric_id, catalogue.get(metric_id).short_name,
                                float(half_up(before[metric_id][0])) if metric_id in before else None,
                                float(half_up(after[metric_id][0])) if metric_id in after else None,
                                round(new_avg - avg, 2), p.adjusted_segment - seg, p.rank - rank))
        seg, rank, avg = p.adjusted_segment, p.rank, new_avg
    own_seg, own_rank = seg - int(prev_row.adjusted_segment), rank - int(prev_row.rank)
    flags = place(previous, code, table=table, average=avg, in_deficit=bool(row.in_deficit),
                  recovery_support=bool(row.recovery_support))
    over_seg, over_rank = flags.adjusted_segment - seg, flags.rank - rank
    others_seg, others_rank = int(row.adjusted_segment) - flags.adjusted_segment, int(row.rank) - flags.rank
    low, high = likely_average
    prev_avg = float(prev_row.average_score)
    outside = not (low <= prev_avg <= high)
    m = Movement(previous.quarter, int(prev_row.adjusted_segment), int(prev_row.rank), prev_avg,
                 int(row.adjusted_segment) - int(prev_row.adjusted_segment), int(row.rank) - int(prev_row.rank),
                 round(float(row.average_score) - prev_avg, 2), steps, round(avg - prev_avg, 2), own_seg, own_rank,
                 over_seg, over_rank, others_seg, others_rank, outside, bool(prev_row.financial_override),
                 bool(prev_row.recovery_support), method="counterfactual chain: own metric scores one at a time in the earlier table, then the "
                        "deficit flag, then others moving (the remainder); effects add up to the change")
    _facts(m, previous.quarter, book)
    return m


def _facts(m: Movement, prev_q: str, book: FactBook) -> None:
    pub = f"engine: score_quarter for {prev_q}"
    chain = f"engine: {m.method}"
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
    book.add("movement.override_rank_effect", "Places moved because the override switched", m.override_rank_effect,
             chain)
    book.add("movement.override_segment_effect", "Segment change from the override switching",
             m.override_segment_effect, chain)
    book.add("movement.others_rank_effect", "Places moved because other trusts moved", m.others_rank_effect, chain)
    book.add("movement.others_segment_effect", "Segment change from other trusts and cut points moving",
             m.others_segment_effect, chain)
    book.add("movement.outside_likely_range", "Previous average lies outside this quarter's likely range",
             m.outside_likely_range, "engine: previous average against the bootstrap likely range")
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
