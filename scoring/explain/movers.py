"""Movers: every trust of a table between any two quarters, with the change and whether it is real.

``movers(store, table, earlier, later)`` gives each trust held in both quarters its rank, segment and average in
each, the change, what drove it and the verdict of the paired change test (``movement``). The biggest rises and
falls are read off it (``Movers.risers`` / ``fallers``); every figure is also a ``Fact`` with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nhs_league.errors import UnknownQuarter, UnknownTable
from scoring.explain.facts import Fact, FactBook
from scoring.explain.movement import Movement, movement_between
from scoring.explain.quarter_results import base_result, quarters
from scoring.explain.trust_rows import trust_row
from scoring.frameworks import table_label
from scoring.quarters import parse_quarter, sort_key
from scoring.store import Store


@dataclass(frozen=True)
class Mover:
    trust_code: str
    trust_name: str
    table: str
    earlier_quarter: str
    quarter: str
    earlier_rank: int
    rank: int
    earlier_segment: int
    segment: int
    earlier_average: float
    average: float
    rank_change: int          # + = further down the table
    segment_change: int       # + = a worse segment
    average_change: float     # + = worse
    real: bool                # the change in its own measures is real (our test, not NHS England's)
    verdict: str
    driver: str
    interval: tuple[float, float] | None
    movement: Movement = field(repr=False, compare=False)

    @property
    def places(self) -> int:
        return abs(self.rank_change)

    def to_dict(self) -> dict:
        d = {k: v for k, v in vars(self).items() if k != "movement"}
        d["places"] = self.places
        d["interval"] = list(self.interval) if self.interval else None
        return d

    def facts(self) -> list[Fact]:
        """The figures as facts: shared keys (rank, segment, average_score) for each quarter, then the change."""
        m = self.movement
        chain, test = f"engine: {m.chain}", f"engine: {m.method}"
        out = []
        quarters = ((self.earlier_quarter, self.earlier_rank, self.earlier_segment, self.earlier_average),
                    (self.quarter, self.rank, self.segment, self.average))
        for q, rank, segment, average in quarters:
            src = f"engine: score_quarter for {q}"
            out += [Fact("rank", "League position", rank, src, self.trust_code, q),
                    Fact("segment", "Segment", segment, src, self.trust_code, q),
                    Fact("average_score", "Average metric score", average, src, self.trust_code, q)]
        out += [Fact("movement.rank_change", "Change in league position (+ = further down)", self.rank_change, chain,
                     self.trust_code, self.quarter),
                Fact("movement.rank_change_size", "Places moved", self.places, chain, self.trust_code, self.quarter),
                Fact("movement.segment_change", "Change in segment (+ = lower segment)", self.segment_change, chain,
                     self.trust_code, self.quarter),
                Fact("movement.average_change", "Change in average score (+ = worse)", self.average_change, chain,
                     self.trust_code, self.quarter),
                Fact("movement.real", "The change in its own measures is real (our test, not NHS England's)",
                     self.real, test, self.trust_code, self.quarter),
                Fact("movement.verdict", "Is the move real, and what drove it", self.verdict, test, self.trust_code,
                     self.quarter)]
        if self.interval:
            out += [Fact("movement.interval_low", "Interval for the change in its own measures: low end",
                         self.interval[0], test, self.trust_code, self.quarter),
                    Fact("movement.interval_high", "Interval for the change in its own measures: high end",
                         self.interval[1], test, self.trust_code, self.quarter)]
        return out


@dataclass
class Movers:
    table: str
    earlier_quarter: str
    quarter: str
    rows: list[Mover]
    facts: list[Fact] = field(default_factory=list)

    def risers(self, n: int | None = None) -> list[Mover]:
        """Biggest rises first (most places up; ties by the larger fall in average, then code)."""
        up = sorted((m for m in self.rows if m.rank_change < 0), key=lambda m: (m.rank_change, m.average_change,
                                                                                m.trust_code))
        return up[:n] if n else up

    def fallers(self, n: int | None = None) -> list[Mover]:
        down = sorted((m for m in self.rows if m.rank_change > 0), key=lambda m: (-m.rank_change, -m.average_change,
                                                                                  m.trust_code))
        return down[:n] if n else down

    def real(self) -> list[Mover]:
        return [m for m in self.rows if m.real]

    def crossings(self) -> list[Mover]:
        return [m for m in self.rows if m.segment_change]

    def to_dict(self) -> dict:
        return {"table": self.table, "earlier_quarter": self.earlier_quarter, "quarter": self.quarter,
                "rows": [m.to_dict() for m in self.rows], "facts": [f.to_dict() for f in self.facts]}


def movers(store: Store, table: str, earlier: str, later: str) -> Movers:
    """Every trust of ``table`` held in both quarters (as people write them: "Q1", "Q4 2025/26"), in the later
    quarter's league order."""
    held = quarters(store)
    first, last = parse_quarter(earlier, held), parse_quarter(later, held)
    if sort_key(first) >= sort_key(last):
        raise UnknownQuarter(f"{first} is not before {last}: give the earlier quarter first.")
    result = base_result(store, last)
    if table not in set(result.trusts["table"]) or table not in set(base_result(store, first).trusts["table"]):
        raise UnknownTable(f"The {table_label(table, last)} table is not in both {first} and {last}.")
    rows = []
    book = FactBook(None, last)
    for code in result.table(table)["trust_code"]:
        m = movement_between(store, code, first, last)
        if m is None:
            continue
        row = trust_row(store, last, code)
        rows.append(Mover(code, str(row.trust_name), table, first, last, m.previous_rank, int(row.rank),
                          m.previous_segment, int(row.adjusted_segment), m.previous_average, float(row.average_score),
                          m.rank_change, m.segment_change, m.average_change, m.real, m.verdict, m.driver, m.interval,
                          m))
    out = Movers(table, first, last, rows)
    src = f"engine: paired change test, {first} → {last}"
    book.add("movers.compared", "Trusts held in both quarters", len(rows), src, trust=None)
    book.add("movers.moved", "Trusts that changed position", sum(1 for m in rows if m.rank_change), src, trust=None)
    book.add("movers.real", "Trusts whose own measures really changed (our test)", len(out.real()), src, trust=None)
    book.add("movers.crossings", "Trusts that changed segment", len(out.crossings()), src, trust=None)
    out.facts = book.facts + [f for m in rows for f in m.facts()]
    return out
