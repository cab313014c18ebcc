"""``explain``: one trust's position in one quarter, as structured facts and plain-English text."""

from __future__ import annotations

from dataclasses import dataclass, field

from nhs_league.errors import LeagueError
from scoring.explain import release_cache
from scoring.explain.breakdown import DomainLine, MetricLine, breakdown, peer_median_scores, strongest_weakest
from scoring.explain.coverage import Coverage, coverage
from scoring.explain.drivers import Drivers, drivers
from scoring.explain.facts import Fact, FactBook
from scoring.explain.movement import Movement, earlier_quarter, movement
from scoring.explain.override import OverrideView, override_view
from scoring.explain.peers import Peers, peers
from scoring.explain.position import Position, position, scale_facts
from scoring.explain.published_position import PublishedExplanation, explain_published
from scoring.explain.quarter_results import base_result, derived, quarters
from scoring.explain.text import AUDIENCES, render
from scoring.explain.trust_lookup import resolve_trust
from scoring.explain.uncertainty import LikelyRange, likely_range
from scoring.explain.next_segment import NextSegment, what_it_would_take
from scoring.explain.trust_rows import trust_row, trust_scores
from scoring.frameworks import Framework, is_recomputed
from scoring.quarters import parse_quarter, sort_key
from scoring.store import Store


class TrustNotInQuarter(LeagueError):
    """The trust exists but the quarter's data does not include it."""


class UnknownAudience(LeagueError):
    """An audience other than public, staff or press was asked for."""


@dataclass
class Explanation:
    trust_code: str
    trust_name: str
    quarter: str
    table: str
    audience: str
    position: Position
    metrics: list[MetricLine]
    strongest: list[MetricLine]
    weakest: list[MetricLine]
    domains: list[DomainLine]
    override: OverrideView
    coverage: Coverage
    peers: Peers
    movement: Movement | None
    likely_range: LikelyRange
    next_segment: NextSegment | None
    notes: tuple[str, ...] = ()
    facts: list[Fact] = field(default_factory=list)
    text: str = ""
    drivers: Drivers | None = None     # each measure's effect on the average, worst first
    framework: Framework | None = field(default=None, repr=False, compare=False)   # the year's ids and wording
    _book: FactBook | None = field(default=None, repr=False, compare=False)
    recomputed = True                  # a PublishedExplanation (a year without rules) says False

    def retell(self, audience: str) -> str:
        """The same facts in another register (public, staff or press)."""
        if audience not in AUDIENCES:
            raise UnknownAudience(f"Unknown audience {audience!r}: use public, staff or press.")
        if self._book is None:
            raise ValueError("this explanation was made without its facts, so it cannot be retold; call explain()")
        return render(self, self._book, audience)

    def fact(self, key: str) -> Fact:
        return next(f for f in self.facts if f.key == key)

    def _finance(self) -> dict:
        """The finance figures keyed by the year's ids: {value id of each input: value, combined id: score}."""
        finance = self.framework.finance if self.framework else None
        if finance is None:
            return {}
        first, second = (self.framework.finance_value_id(i) or i for i in finance.inputs)  # type: ignore[union-attr]
        return {first: self.override.planned_deficit_value, second: self.override.plan_variance_value,
                finance.combined: self.override.finance_score}

    def to_dict(self) -> dict:
        p = self.position
        return {
            "trust_code": self.trust_code, "trust_name": self.trust_name, "quarter": self.quarter,
            "recomputed": True,
            "table": self.table, "audience": self.audience, "segment": p.segment, "rank": p.rank,
            "table_size": p.table_size, "average_score": p.average_score,
            "unadjusted_segment": p.unadjusted_segment, "adjusted_segment": p.adjusted_segment,
            "financial_override": p.financial_override, "in_deficit": p.in_deficit,
            "without_override": {"segment": self.override.without_segment, "rank": self.override.without_rank},
            "finance": self._finance(),
            "cut_points": list(p.cut_points), "nearest_cut": p.nearest_cut, "distance_to_cut": p.distance_to_cut,
            "borderline": p.borderline,
            "metrics": [vars(m) for m in self.metrics],
            "strongest": [m.metric_id for m in self.strongest], "weakest": [m.metric_id for m in self.weakest],
            "domains": [vars(d) for d in self.domains],
            "coverage": self.coverage.to_dict(), "peers": self.peers.to_dict(),
            "movement": self.movement.to_dict() if self.movement else None,
            "likely_range": self.likely_range.to_dict(),
            "what_it_would_take": self.next_segment.to_dict() if self.next_segment else None,
            "drivers": self.drivers.to_dict() if self.drivers else None,
            "notes": list(self.notes),
            "facts": [f.to_dict() for f in self.facts], "text": self.text,
        }


def previous_quarter(store: Store, quarter: str) -> str | None:
    earlier = [q for q in sorted(quarters(store), key=sort_key) if sort_key(q) < sort_key(quarter)]
    return earlier[-1] if earlier else None


def _published_sources(store: Store, code: str, quarter: str) -> dict[str, str]:
    index = derived(store, quarter, "published-rows", lambda r: _index_outputs(store, quarter, r.framework))
    return index.get(code, {})


def _index_outputs(store: Store, quarter: str, framework: Framework) -> dict[str, dict[str, str]]:
    m = store.metrics
    m = m[(m["quarter"] == quarter) & m["metric_id"].isin(list(framework.output_ids.values()))]
    out: dict[str, dict[str, str]] = {}
    for r in m.itertuples():
        out.setdefault(r.trust_code, {})[r.metric_id] = f"{r.source_file} row {int(r.source_row)}, {r.metric_id}, {quarter}"
    return out


def explain(store: Store, trust_code: str, quarter: str | None = None, audience: str = "public", *,
            verify_path: bool = False, rerun_override: bool = False,
            since: str | None = None) -> Explanation | PublishedExplanation:
    """Explain one trust's position. ``trust_code`` may be an ODS code or a name; ``quarter`` as people write it
    (None = latest). ``verify_path`` checks "what it would take" through full engine runs (seconds);
    otherwise it is a fast estimate with other trusts held fixed. ``rerun_override`` re-runs the whole engine
    for the no-override position instead of its last steps (the same answer, slower). ``since`` measures the
    movement from that quarter (e.g. "Q1") instead of the one before.

    A quarter of a framework year without rules (``scoring.frameworks.is_recomputed`` False) gives a
    :class:`PublishedExplanation` instead: NHS England's published position, metric values, peers and movement,
    marked as published and not recomputed (``.recomputed`` is False on it, True on an ``Explanation``)."""
    if audience not in AUDIENCES:
        raise UnknownAudience(f"Unknown audience {audience!r}: use public, staff or press.")
    code = resolve_trust(store, trust_code)
    table = str(store.trusts.set_index("trust_code").loc[code, "table"])
    q = parse_quarter(quarter, store.quarters_of(table) or quarters(store))  # "latest" is the trust's table's latest
    if not (verify_path or rerun_override or since):
        cached = release_cache.explanation(store, code, q, audience)  # computed once per release, if built
        if cached is not None:
            return cached
    if not is_recomputed(q):
        return explain_published(store, code, q, audience, since=since)
    result = base_result(store, q)
    row = trust_row(store, q, code)
    if row is None:
        present = [x for x in quarters(store) if trust_row(store, x, code) is not None]
        raise TrustNotInQuarter(f"{code} is not in the {q} data (its table is not in that quarter's files). "
                                f"Quarters with {code}: {', '.join(present) or 'none'}.")
    cat = result.catalogue
    scores = trust_scores(store, q, code)
    book = FactBook(code, q)
    book.add("trust_name", "Trust", row.trust_name, "store: trusts", )
    scale_facts(book, result.framework)
    pos = position(result, row, book, _published_sources(store, code, q))
    medians = derived(store, q, "peer-medians", peer_median_scores)
    metrics, domains = breakdown(result, scores, row.table, medians, cat, book)
    strongest, weakest = strongest_weakest(metrics)
    effects = drivers(store, result, row, scores, book)
    over = override_view(result, store, row, scores, book, rerun=rerun_override)
    cov = coverage(result, row, scores, cat, book)
    peer = peers(result, row, book)
    rng = likely_range(result, row, store.league, book)
    prev_q = earlier_quarter(store, q, since)
    move = None
    # a published-only earlier quarter has no engine rows to compare with: no movement chain across it
    if prev_q is not None and is_recomputed(prev_q) and trust_row(store, prev_q, code) is not None:
        prev = base_result(store, prev_q)
        move = movement(prev, trust_row(store, prev_q, code), trust_scores(store, prev_q, code), result, row,
                        scores, rng.average, cat, book)
    path = what_it_would_take(store, code, q, verify=verify_path)
    book.extend(path.facts)
    e = Explanation(code, str(row.trust_name), q, result.framework.table_label(row.table), audience, pos, metrics,
                    strongest, weakest, domains, over, cov, peer, move, rng, path, tuple(result.notes),
                    drivers=effects, framework=result.framework)
    e._book = book
    e.text = render(e, book, audience)
    e.facts = book.facts
    return e
