"""Publication-day digest: a quarter against the one before (that holds the table), table by table.

Who crossed a segment line and why (the movement chain: own measures, measures added or dropped, the override
switching on or off, cut points, other trusts moving), the biggest risers and fallers, whose own measures
really changed (the paired change test: our threshold, not NHS England's) and whose change could be chance,
how many trusts the override holds back, and the best non-specialist acute trust.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nhs_league.errors import UnknownTable
from scoring.catalogue import TABLES
from scoring.explain import release_cache
from scoring.explain.coverage import best_non_specialist
from scoring.explain.facts import Fact, FactBook, show
from scoring.explain.movers import Mover, movers
from scoring.explain.quarter_results import base_result, quarters
from scoring.frameworks import table_label
from scoring.quarters import parse_quarter, sort_key
from scoring.store import Store

TABLE_WORDS = {"acute": "acute", "mental-health-community": "mental-health-community", "mh": "mental-health-community",
               "mhc": "mental-health-community", "non-acute": "mental-health-community",
               "mental health and community": "mental-health-community",
               "mental health & community": "mental-health-community", "ambulance": "ambulance"}
TOP = 5


@dataclass
class TableDigest:
    table: str
    size: int
    previous_quarter: str | None
    moves: list[Mover]
    crossings: list[Mover]
    risers: list[Mover]
    fallers: list[Mover]
    override_held: int

    def to_dict(self) -> dict:
        return {"table": self.table, "size": self.size, "previous_quarter": self.previous_quarter,
                "override_held": self.override_held,
                "crossings": [m.to_dict() for m in self.crossings], "risers": [m.to_dict() for m in self.risers],
                "fallers": [m.to_dict() for m in self.fallers],
                "real": [m.trust_code for m in self.moves if m.real],
                "could_be_chance": [m.trust_code for m in self.moves if not m.real and m.rank_change]}


@dataclass
class Digest:
    quarter: str
    previous_quarter: str | None
    tables: list[TableDigest]
    best_non_specialist: dict | None
    facts: list[Fact] = field(default_factory=list)
    text: str = ""

    def to_dict(self) -> dict:
        return {"quarter": self.quarter, "previous_quarter": self.previous_quarter,
                "tables": [t.to_dict() for t in self.tables], "best_non_specialist": self.best_non_specialist,
                "facts": [f.to_dict() for f in self.facts], "text": self.text}


def table_id(text: str | None) -> str | None:
    if text is None:
        return None
    key = text.strip().lower().replace("_", " ")
    found = TABLE_WORDS.get(key) or TABLE_WORDS.get(key.replace(" ", "-"))
    if found is None:
        raise UnknownTable(f"Unknown table {text!r}: use acute, mental-health-community (or mh) or ambulance.")
    return found


def reasons(m: Mover) -> tuple[str, ...]:
    """What changed the trust's segment (several can): the parts of the movement chain that moved it."""
    move = m.movement
    out = []
    if move.measures_segment_effect:
        out.append("own measures")
    if move.added_dropped_segment_effect:
        out.append("measures added or dropped")
    if move.override_segment_effect:
        out.append("override switched on" if move.override_segment_effect > 0 else "override switched off")
    if move.cut_points_segment_effect:
        out.append("cut points moving")
    if move.moving_segment_effect:
        out.append("other trusts moving")
    return tuple(out)


REASONS = ("own measures", "measures added or dropped", "override switched on", "override switched off",
           "cut points moving", "other trusts moving")


def digest(store: Store, quarter: str | None = None, table: str | None = None) -> Digest:
    q = parse_quarter(quarter, quarters(store))
    wanted = table_id(table)
    cached = release_cache.digest(store, q, wanted)  # computed once per release, if built
    if cached is not None:
        return cached
    result = base_result(store, q)
    present = [t for t in TABLES if (result.trusts["table"] == t).any()]
    if wanted is not None and wanted not in present:
        raise UnknownTable(f"The {table_label(wanted, q)} table is not in the {q} data; tables present: "
                           f"{', '.join(table_label(t, q) for t in present)}.")
    book = FactBook(None, q)
    tables = []
    for t in [wanted] if wanted else present:
        rows = result.trusts[result.trusts["table"] == t]
        earlier = [x for x in quarters(store) if sort_key(x) < sort_key(q)
                   and (base_result(store, x).trusts["table"] == t).any()]
        prev_q = max(earlier, key=sort_key) if earlier else None
        moves = movers(store, t, prev_q, q).rows if prev_q else []
        crossings = [m for m in moves if m.segment_change]
        risers = sorted([m for m in moves if m.rank_change < 0], key=lambda m: (m.rank_change, m.trust_code))[:TOP]
        fallers = sorted([m for m in moves if m.rank_change > 0], key=lambda m: (-m.rank_change, m.trust_code))[:TOP]
        held = int(rows["financial_override"].sum())
        td = TableDigest(t, len(rows), prev_q, moves, crossings, risers, fallers, held)
        _facts(td, book, q, prev_q)
        tables.append(td)
    best = best_non_specialist(result) if "acute" in present else None
    if best:
        book.add("best_non_specialist.name", "Best non-specialist acute trust", best["trust_name"],
                 f"engine: best-ranked acute trust not 'Acute - Specialist', {q}", trust=best["trust_code"])
        book.add("best_non_specialist.rank", "Best non-specialist acute trust: position", best["rank"],
                 f"engine: league rank, {q}", trust=best["trust_code"])
    book.add("quarter", "Quarter", q, "store: quarters", trust=None)
    previous = [td.previous_quarter for td in tables if td.previous_quarter]
    prev_q = max(previous, key=sort_key) if previous else None
    if prev_q:
        book.add("previous_quarter", "Previous quarter", prev_q, "store: quarters", trust=None)
    d = Digest(q, prev_q, tables, best, book.facts)
    d.text = digest_text(d, book)
    return d


def _facts(td: TableDigest, book: FactBook, q: str, prev_q: str | None) -> None:
    t = td.table
    src = f"engine: movement chain {prev_q} → {q}"
    test = f"engine: paired change test {prev_q} → {q} (our threshold, not NHS England's)"
    book.add(f"{t}.size", f"Trusts in the {table_label(t, q)} table", td.size, f"engine: {q}", trust=None)
    book.add(f"{t}.override_held", "Trusts the financial override holds back", td.override_held,
             f"engine: financial_override, {q}", trust=None)
    book.add(f"{t}.crossings", "Trusts that changed segment", len(td.crossings), src, trust=None)
    moved = [m for m in td.moves if m.rank_change]
    book.add(f"{t}.moved", "Trusts that changed position", len(moved), src, trust=None)
    book.add(f"{t}.real", "Trusts whose own measures really changed (our test)", sum(m.real for m in td.moves), test,
             trust=None)
    book.add(f"{t}.compared", "Trusts in both quarters", len(td.moves), test, trust=None)
    for reason in REASONS:
        book.add(f"{t}.reason.{reason}", f"Segment changes involving {reason}",
                 sum(reason in reasons(m) for m in td.crossings), src, trust=None)
    for m in {id(x): x for x in td.crossings + td.risers + td.fallers}.values():
        k = f"{t}.{m.trust_code}"
        book.add(f"{k}.previous_rank", "Previous position", m.earlier_rank, f"engine: {prev_q}", trust=m.trust_code,
                 quarter=prev_q)
        book.add(f"{k}.rank", "Position", m.rank, f"engine: {q}", trust=m.trust_code)
        book.add(f"{k}.previous_segment", "Previous segment", m.earlier_segment, f"engine: {prev_q}",
                 trust=m.trust_code, quarter=prev_q)
        book.add(f"{k}.segment", "Segment", m.segment, f"engine: {q}", trust=m.trust_code)
        book.add(f"{k}.places", "Places moved", m.places, src, trust=m.trust_code)
        book.add(f"{k}.real", "Its own measures really changed (our test)", m.real, test, trust=m.trust_code)
        book.add(f"{k}.verdict", "Is the move real, and what drove it", m.verdict, test, trust=m.trust_code)


def _move_line(m: Mover) -> str:
    real = "real change in its own measures" if m.real else "could be chance"
    why = (f"; segment changed by: {', '.join(reasons(m))}" if reasons(m)
           else f"; mainly {m.driver}" if m.driver else "")
    return (f"{m.trust_name}: {show(m.earlier_rank, 'ordinal')} → {show(m.rank, 'ordinal')}, segment "
            f"{m.earlier_segment} → {m.segment}{why}; {real}")


def digest_text(d: Digest, b: FactBook) -> str:
    head = f"Publication-day digest for {b.show('quarter')}" + (
        f", against {b.show('previous_quarter')}" if d.previous_quarter else " (no earlier quarter to compare)")
    out = [head]
    for td in d.tables:
        t = td.table
        out += ["", f"{table_label(t, d.quarter).capitalize()} trusts ({b.show(t + '.size')})",
                f"- The financial override holds back {b.show(t + '.override_held')} trusts (their scores alone would "
                "put them in a better segment)."]
        if td.previous_quarter:
            counts = ", ".join(f"{reason} in {b.show(f'{t}.reason.{reason}')}" for reason in REASONS
                               if b.value(f"{t}.reason.{reason}"))
            out.append(f"- {b.show(t + '.crossings')} trusts changed segment"
                       + (f": {counts} (a change can have several)." if counts else "."))
            out.append(f"- {b.show(t + '.moved')} trusts changed position. For {b.show(t + '.real')} of the "
                       f"{b.show(t + '.compared')} trusts, their own measures changed by more than chance would "
                       "explain "
                       "(our paired test, not NHS England's, whose threshold is unpublished); with this many trusts a "
                       "few pass it by chance alone, and a trend needs at least five quarters to test. For the rest "
                       "the change could be chance.")
            if td.crossings:
                out.append("Crossed a segment line:")
                out += [f"  - {_move_line(m)}" for m in td.crossings]
            if td.risers:
                out.append("Biggest risers:")
                out += [f"  - {_move_line(m)}" for m in td.risers]
            if td.fallers:
                out.append("Biggest fallers:")
                out += [f"  - {_move_line(m)}" for m in td.fallers]
    if d.best_non_specialist:
        out += ["", f"Best non-specialist acute trust: {b.show('best_non_specialist.name')}, "
                    f"{b.show('best_non_specialist.rank', 'ordinal')}."]
    return "\n".join(out)
