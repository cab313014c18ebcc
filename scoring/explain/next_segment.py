"""What it would take: the smallest one-metric change that lifts a trust one segment.

"Segment" is the league-table segment (after the financial override: OF5000 in 2025/26). A trust in the
Recovery Support Programme (NHS England's final segment 5) is said to be in it separately; no one-metric
change is searched for it.

``what_it_would_take`` searches each metric the trust has a value for, in the metric's better direction.
A rank-based score changes only when the value crosses another trust's value (or a standard, floor or
band boundary), so the candidates are those values (and one step, 0.01, beyond each). A fast estimate
(others held fixed) finds the first candidate that would lift the trust; the engine then confirms it and
binary-searches the neighbouring candidates, so every reported answer comes from a full engine run
(``verified``). This is arithmetic about the published method, not advice to target a metric: each answer
says what the metric measures for patients.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd

from scoring.catalogue import Catalogue, Metric
from scoring.engine import QuarterResult, score_quarter
from scoring.explain import release_cache
from scoring.explain.facts import Fact, FactBook, show
from scoring.explain.override import without_override
from scoring.explain.placement import place
from scoring.explain.quarter_results import base_result
from scoring.explain.trust_rows import entered_score, metric_rows, trust_row, trust_scores
from scoring.metric_scores import BEST_SCORE, WORST_SCORE, _score
from scoring.store import Store

STEP = 0.01
MAX_VERIFIED = 4             # options confirmed by the engine (what the release cache holds)
_BY_METRIC: dict[int, tuple[QuarterResult, dict[str, pd.DataFrame]]] = {}


def _metric_rows(result: QuarterResult) -> dict[str, pd.DataFrame]:
    hit = _BY_METRIC.get(id(result))
    if hit is None or hit[0] is not result:
        if len(_BY_METRIC) > 16:
            _BY_METRIC.clear()
        hit = _BY_METRIC[id(result)] = (result, metric_rows(result))
    return hit[1]



@dataclass(frozen=True)
class Option:
    metric_id: str
    value_id: str
    name: str
    meaning: str
    units: str
    current: float
    needed: float
    change: float
    relative_change: float       # change ÷ the peer interquartile range (or the value), to compare metrics
    new_average: float
    new_segment: int
    new_rank: int
    verified: bool


@dataclass
class NextSegment:
    trust_code: str
    quarter: str
    current_segment: int
    target_segment: int | None
    status: str                  # top | recovery-support | held-by-override | possible | not-by-one-metric
    options: list[Option]
    without_override: dict | None
    engine_runs: int
    facts: list[Fact] = field(default_factory=list)
    text: str = ""

    @property
    def best(self) -> Option | None:
        return self.options[0] if self.options else None

    def to_dict(self) -> dict:
        d = {k: v for k, v in vars(self).items() if k not in ("facts", "options")}
        d["options"] = [vars(o) for o in self.options]
        d["facts"] = [f.to_dict() for f in self.facts]
        return d


def _segment(result: QuarterResult, row, average: float) -> int:
    """The league-table segment for an average with the trust's own deficit flag (fast form of placement.place)."""
    rules = result.rules
    seg, _ = result.cuts_for(row.table).segment_of(average, rules.segmentation.ties)
    if row.in_deficit and seg < rules.override.best_allowed_segment:
        seg = rules.override.best_allowed_segment
    return seg


def _crossing(test, want_pass: bool, current: float, better: int) -> float | None:
    for v in sorted({test.threshold, round(test.threshold + STEP, 6), round(test.threshold - STEP, 6)},
                    key=lambda x: abs(x - current)):
        if test.passes(v) == want_pass and (v - current) * better > 0:
            return v
    return None


def _candidates(metric: Metric, current: float, peers: np.ndarray) -> list[float]:
    better = 1 if metric.direction == "higher" else -1
    cands = set()
    for p in peers:
        if (p - current) * better > 0:
            cands.add(round(float(p), 6))
            cands.add(round(float(p) + better * STEP, 6))
    if metric.standard:
        v = _crossing(metric.standard, True, current, better)
        if v is not None:
            cands.add(v)
    if metric.floor:
        v = _crossing(metric.floor, False, current, better)
        if v is not None:
            cands.add(v)
    for band in metric.brackets or ():
        edge = band.at_least if band.at_least is not None else (
            round(band.above + STEP, 6) if band.above is not None else None)
        if edge is not None and (edge - current) * better > 0:
            cands.add(edge)
    return sorted(cands, key=lambda v: abs(v - current))


def _estimate_score(metric: Metric, value: float, row, peers: np.ndarray, peer_ranks: np.ndarray) -> Fraction:
    """This trust's score at ``value`` with others fixed: it takes the rank of the best peer it does not beat
    (that peer's rank already counts trusts missing from the data), or 1 if it beats them all."""
    if metric.method == "brackets":
        return Fraction(next(b for b in metric.brackets or () if b.contains(value)).score)
    if metric.standard and metric.standard.passes(value):
        return Fraction(BEST_SCORE)
    if metric.floor and metric.floor.passes(value):
        return Fraction(WORST_SCORE)
    bad = -peers if metric.direction == "higher" else peers
    mine = -value if metric.direction == "higher" else value
    n = int(row.pool_size) if not pd.isna(row.pool_size) else len(peers) + 1
    behind = peer_ranks[bad >= mine]
    rank = int(behind.min()) if len(behind) else n
    return _score(metric.scoring_model, min(rank, n), n)


def _peer_values(result: QuarterResult, metric: Metric, table: str, code: str) -> tuple[np.ndarray, np.ndarray]:
    s = _metric_rows(result)[metric.id]
    pool = metric.pool_tables(table)
    rows = s[s["table"].isin(pool) & (s["trust_code"] != code) & s["value"].notna()]
    if metric.method == "rank":
        rows = rows[rows["rank_low"].notna()]
    return rows["value"].to_numpy(dtype=float), rows["rank_low"].fillna(1).to_numpy(dtype=float)


def what_it_would_take(store: Store, trust_code: str, quarter: str, *, verify: bool = True,
                       max_verified: int = MAX_VERIFIED) -> NextSegment:
    """The smallest single-metric value changes that lift the trust one segment (see the module docstring).

    ``verify=False`` returns the fast estimates only (others held fixed, ``verified`` False).
    """
    if verify and max_verified == MAX_VERIFIED:
        cached = release_cache.next_segment(store, trust_code, quarter)  # computed once per release, if built
        if cached is not None:
            return cached
    result = base_result(store, quarter)
    catalogue = result.catalogue
    row = trust_row(store, quarter, trust_code)
    scores = trust_scores(store, quarter, trust_code)
    book = FactBook(trust_code, quarter)
    current = int(row.adjusted_segment)
    cap = result.rules.override.best_allowed_segment
    book.add("next.current_segment", "Segment now", current, "engine: league-table segment (after the override)")
    if row.recovery_support:
        return _finish(NextSegment(trust_code, quarter, current, None, "recovery-support", [], None, 0), book, row)
    if current == 1:
        return _finish(NextSegment(trust_code, quarter, current, None, "top", [], None, 0), book, row)
    target = current - 1
    book.add("next.target_segment", "Segment one better", target, "engine: league-table segment minus one")
    if row.in_deficit and target < cap:
        w = without_override(store, quarter, trust_code)
        book.add("without_override_segment", "Segment without the financial override", w.adjusted_segment,
                 "engine: deficit flag cleared")
        book.add("without_override_rank", "League position without the financial override", w.rank,
                 "engine: deficit flag cleared")
        return _finish(NextSegment(trust_code, quarter, current, target, "held-by-override", [],
                                   {"segment": w.adjusted_segment, "rank": w.rank}, 0), book, row)
    slots = scores[scores["in_average"]]
    state = {r.metric_id: (entered_score(result, r.metric_id, r.score_exact), r.weight) for r in slots.itertuples()}
    total_w = sum((w for _, w in state.values()), Fraction(0))
    total = sum((s * w for s, w in state.values()), Fraction(0))
    by_id = {r.metric_id: r for r in scores.itertuples()}
    estimates = []
    for r in scores.itertuples():
        metric = catalogue.get(r.metric_id)
        if metric.value_id is None or pd.isna(r.value) or metric.method not in ("rank", "brackets"):
            continue
        if metric.method == "rank" and metric.value_units and r.units not in metric.value_units:
            continue
        if metric.method == "rank" and pd.isna(r.rank_low) and float(r.score) == 1.0:
            continue  # meets the standard already
        peers, peer_ranks = _peer_values(result, metric, row.table, trust_code)
        cands = _candidates(metric, float(r.value), peers)
        slot = r.metric_id if metric.in_average else _combined_slot(catalogue, metric)
        if slot not in state:
            continue

        def est_avg(v: float, metric=metric, r=r, peers=peers, ranks=peer_ranks, slot=slot) -> float:
            new = _estimate_score(metric, v, r, peers, ranks)
            if not metric.in_average:   # an input of a combined score (finance): the combined score changes
                lookup = catalogue.get(slot).lookup
                assert lookup is not None, slot   # a combined slot is a lookup metric's
                first, second = lookup.inputs
                a, b = (int(new), int(by_id[second].score)) if metric.id == first else \
                    (int(by_id[first].score), int(new))
                new = Fraction(lookup.scores[a - 1][b - 1])
            s, w = state[slot]
            return result.rules.average_value((total - s * w + new * w) / total_w)

        lifts = [_segment(result, row, est_avg(v)) <= target for v in (cands[-1:] if cands else [])]
        if not lifts or not lifts[0]:
            continue
        lo, hi = 0, len(cands) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if _segment(result, row, est_avg(cands[mid])) <= target:
                hi = mid
            else:
                lo = mid + 1
        spread = abs(float(r.upper_quartile) - float(r.lower_quartile)) if not pd.isna(r.upper_quartile) else 0.0
        scale = spread or abs(float(r.value)) or 1.0
        estimates.append((abs(cands[lo] - float(r.value)) / scale, metric, r, cands, lo, est_avg, scale))
    estimates.sort(key=lambda e: (e[0], e[1].id))
    options: list[Option] = []
    runs = 0
    for rel, metric, r, cands, i0, est_avg, scale in estimates[: max_verified if verify else None]:
        if verify:
            found, n = _engine_search(store, quarter, trust_code, metric, cands, i0, target)
            runs += n
            if found is None:
                continue
            v, new = found
            options.append(Option(metric.id, metric.changed_by, metric.short_name, metric.meaning, r.units,
                                  float(r.value), v, round(v - float(r.value), 6),
                                  round(abs(v - float(r.value)) / scale, 4),
                                  float(new["average_score"]), int(new["adjusted_segment"]), int(new["rank"]), True))
        else:
            v = cands[i0]
            p = place(result, trust_code, table=row.table, average=est_avg(v))
            options.append(Option(metric.id, metric.changed_by, metric.short_name, metric.meaning, r.units,
                                  float(r.value), v, round(v - float(r.value), 6), round(rel, 4), p.average_score,
                                  p.adjusted_segment, p.rank, False))
    options.sort(key=lambda o: (o.relative_change, o.metric_id))
    status = "possible" if options else "not-by-one-metric"
    return _finish(NextSegment(trust_code, quarter, current, target, status, options, None, runs), book, row)


def _engine_search(store: Store, quarter: str, code: str, metric: Metric, cands: list[float], i0: int,
                   target: int) -> tuple[tuple[float, pd.Series] | None, int]:
    runs: dict[int, pd.Series] = {}

    def lifted(i: int) -> bool:
        if i not in runs:
            runs[i] = score_quarter(store, quarter, changes={code: {metric.changed_by: cands[i]}},
                                    base=base_result(store, quarter)).trust(code)
        return int(runs[i]["adjusted_segment"]) <= target

    def first_true(lo: int, hi: int) -> int:
        while lo < hi:
            mid = (lo + hi) // 2
            if lifted(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo

    last = len(cands) - 1
    if lifted(i0):
        i = i0 if i0 == 0 or not lifted(i0 - 1) else first_true(0, i0 - 1)
    elif i0 < last and lifted(last):
        i = first_true(i0 + 1, last)
    else:
        return None, len(runs)
    return (cands[i], runs[i]), len(runs)


def _combined_slot(catalogue: Catalogue, metric: Metric) -> str:
    """The score that takes the average slot of a metric not in the average itself: the combined score it feeds
    (the combined finance score for the two finance inputs)."""
    return next((m.id for m in catalogue.metrics if m.lookup is not None and metric.id in m.lookup.inputs), metric.id)


def _finish(ns: NextSegment, book: FactBook, row) -> NextSegment:
    for k, o in enumerate(ns.options):
        key = f"next.{o.metric_id}"
        src = ("engine: score_quarter re-run with this value" if o.verified else
               "engine estimate: this trust's score recomputed against peers' values, others held fixed")
        book.add(f"{key}.name", f"{o.metric_id} name", o.name, "catalogue: short_name", trust=None)
        book.add(f"{key}.meaning", f"{o.metric_id}: what it measures", o.meaning, "catalogue: meaning", trust=None)
        book.add(f"{key}.current", f"{o.name}: current value ({o.units})", o.current, "published value")
        book.add(f"{key}.needed", f"{o.name}: value that lifts the trust one segment", o.needed, src)
        book.add(f"{key}.change", f"{o.name}: change needed", o.change, src)
        book.add(f"{key}.new_average", f"Average with {o.name} at that value", o.new_average, src)
        book.add(f"{key}.new_segment", f"Segment with {o.name} at that value", o.new_segment, src)
        book.add(f"{key}.new_rank", f"Position with {o.name} at that value", o.new_rank, src)
    ns.facts = book.facts
    ns.text = next_segment_text(ns, str(row.trust_name))
    return ns


def next_segment_text(ns: NextSegment, name: str) -> str:
    if ns.status == "top":
        return f"{name} is already in segment {ns.current_segment}, the best."
    if ns.status == "recovery-support":
        return (f"{name} is in segment {ns.current_segment} and in the Recovery Support Programme; no change in one "
                "metric alone moves it out of the programme.")
    if ns.status == "held-by-override":
        w = ns.without_override or {}
        return (f"{name} is held at segment {ns.current_segment} by the financial override, so no change in a "
                f"metric alone lifts it. If its deficit were cleared it would be in segment {w.get('segment')} "
                f"and {show(w.get('rank'), 'ordinal')}.")
    if not ns.options:
        return (f"No change in a single metric lifts {name} from segment {ns.current_segment} to segment "
                f"{ns.target_segment}; it would take changes in several.")
    lines = [f"To reach segment {ns.target_segment}, any one of these changes would be enough on its own "
             "(the arithmetic of the method, recomputed through the whole table):"]
    for o in ns.options:
        lines.append(f"- {o.name}: from {show(o.current)} to {show(o.needed)} {o.units}; the average would be "
                     f"{show(o.new_average, '2dp')} and the position {show(o.new_rank, 'ordinal')}. "
                     f"What it measures: {o.meaning}")
    return "\n".join(lines)
