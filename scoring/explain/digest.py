"""Publication-day digest: a quarter against the one before, table by table.

Who crossed a segment line and why (the movement chain: own metric scores, the override switching on or off,
others moving), the biggest risers and fallers, which moves lie outside the trust's likely range and which
may be noise, how many trusts the override holds back, and the best non-specialist acute trust.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nhs_league.errors import UnknownTable
from scoring.catalogue import TABLES
from scoring.explain.coverage import best_non_specialist
from scoring.explain.explanation import previous_quarter
from scoring.explain.facts import Fact, FactBook, show
from scoring.explain.movement import movement
from scoring.explain.results import base_result, catalogue, quarters, table_label, trust_row, trust_scores
from scoring.explain.uncertainty import likely_range
from scoring.quarters import parse_quarter
from scoring.store import Store

TABLE_WORDS = {"acute": "acute", "mental-health-community": "mental-health-community", "mh": "mental-health-community",
               "mhc": "mental-health-community", "non-acute": "mental-health-community",
               "mental health and community": "mental-health-community",
               "mental health & community": "mental-health-community", "ambulance": "ambulance"}
TOP = 5


@dataclass(frozen=True)
class Move:
    trust_code: str
    trust_name: str
    table: str
    previous_segment: int
    segment: int
    previous_rank: int
    rank: int
    rank_change: int
    average_change: float
    reasons: tuple[str, ...]
    outside_likely_range: bool
    likely_average: tuple[float, float]


@dataclass
class TableDigest:
    table: str
    size: int
    moves: list[Move]
    crossings: list[Move]
    risers: list[Move]
    fallers: list[Move]
    override_held: int

    def to_dict(self) -> dict:
        return {"table": self.table, "size": self.size, "override_held": self.override_held,
                "crossings": [vars(m) for m in self.crossings], "risers": [vars(m) for m in self.risers],
                "fallers": [vars(m) for m in self.fallers],
                "outside_likely_range": [m.trust_code for m in self.moves if m.outside_likely_range and m.rank_change],
                "within_likely_range": [m.trust_code for m in self.moves
                                        if not m.outside_likely_range and m.rank_change]}


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


def _reasons(m, row) -> tuple[str, ...]:
    out = []
    if m.own_segment_effect:
        out.append("own metric scores")
    if m.override_segment_effect:
        if m.previous_recovery_support != bool(row.recovery_support):
            out.append("recovery support started" if row.recovery_support else "recovery support ended")
        if m.previous_override != bool(row.financial_override) or m.previous_recovery_support == bool(
                row.recovery_support):
            out.append("override switched on" if row.financial_override else "override switched off")
    if m.others_segment_effect:
        out.append("other trusts and cut points moving")
    return tuple(out)


def digest(store: Store, quarter: str | None = None, table: str | None = None) -> Digest:
    q = parse_quarter(quarter, quarters(store))
    wanted = table_id(table)
    result = base_result(store, q)
    prev_q = previous_quarter(store, q)
    prev = base_result(store, prev_q) if prev_q else None
    present = [t for t in TABLES if (result.trusts["table"] == t).any()]
    if wanted is not None and wanted not in present:
        raise UnknownTable(f"The {table_label(wanted)} table is not in the {q} data; tables present: "
                           f"{', '.join(table_label(t) for t in present)}.")
    cat = catalogue()
    book = FactBook(None, q)
    tables = []
    for t in [wanted] if wanted else present:
        rows = result.trusts[result.trusts["table"] == t]
        moves = []
        for code in rows.sort_values("rank")["trust_code"]:
            row = trust_row(store, q, code)
            scratch = FactBook(code, q)
            rng = likely_range(result, row, store.league, scratch)
            prow = trust_row(store, prev_q, code) if prev_q else None
            if prow is None:
                continue
            m = movement(prev, prow, trust_scores(store, prev_q, code), result, row, trust_scores(store, q, code),
                         rng.average, cat, scratch)
            if m is None:
                continue
            moves.append(Move(code, str(row.trust_name), t, m.previous_segment, int(row.adjusted_segment),
                              m.previous_rank, int(row.rank), m.rank_change, m.average_change,
                              _reasons(m, row),
                              m.outside_likely_range, rng.average))
        crossings = [m for m in moves if m.segment != m.previous_segment]
        risers = sorted([m for m in moves if m.rank_change < 0], key=lambda m: (m.rank_change, m.trust_code))[:TOP]
        fallers = sorted([m for m in moves if m.rank_change > 0], key=lambda m: (-m.rank_change, m.trust_code))[:TOP]
        held = int(rows["financial_override"].sum())
        td = TableDigest(t, len(rows), moves, crossings, risers, fallers, held)
        _facts(td, book, q, prev_q)
        tables.append(td)
    best = best_non_specialist(result) if "acute" in present else None
    if best:
        book.add("best_non_specialist.name", "Best non-specialist acute trust", best["trust_name"],
                 f"engine: best-ranked acute trust not 'Acute - Specialist', {q}", trust=best["trust_code"])
        book.add("best_non_specialist.rank", "Best non-specialist acute trust: position", best["rank"],
                 f"engine: league rank, {q}", trust=best["trust_code"])
    book.add("quarter", "Quarter", q, "store: quarters", trust=None)
    if prev_q:
        book.add("previous_quarter", "Previous quarter", prev_q, "store: quarters", trust=None)
    d = Digest(q, prev_q, tables, best, book.facts)
    d.text = digest_text(d, book)
    return d


def _facts(td: TableDigest, book: FactBook, q: str, prev_q: str | None) -> None:
    t = td.table
    src = f"engine: movement chain {prev_q} → {q}"
    book.add(f"{t}.size", f"Trusts in the {table_label(t)} table", td.size, f"engine: {q}", trust=None)
    book.add(f"{t}.override_held", "Trusts the financial override holds back", td.override_held,
             f"engine: financial_override, {q}", trust=None)
    book.add(f"{t}.crossings", "Trusts that changed segment", len(td.crossings), src, trust=None)
    moved = [m for m in td.moves if m.rank_change]
    book.add(f"{t}.moved", "Trusts that changed position", len(moved), src, trust=None)
    book.add(f"{t}.outside", "Moves outside the likely range", sum(m.outside_likely_range for m in moved), src,
             trust=None)
    book.add(f"{t}.within", "Moves within the likely range", sum(not m.outside_likely_range for m in moved), src,
             trust=None)
    for reason in ("own metric scores", "override switched on", "override switched off",
                   "other trusts and cut points moving"):
        book.add(f"{t}.reason.{reason}", f"Segment changes involving {reason}",
                 sum(reason in m.reasons for m in td.crossings), src, trust=None)
    for m in {id(x): x for x in td.crossings + td.risers + td.fallers}.values():
        k = f"{t}.{m.trust_code}"
        book.add(f"{k}.previous_rank", "Previous position", m.previous_rank, f"engine: {prev_q}", trust=m.trust_code)
        book.add(f"{k}.rank", "Position", m.rank, f"engine: {q}", trust=m.trust_code)
        book.add(f"{k}.previous_segment", "Previous segment", m.previous_segment, f"engine: {prev_q}",
                 trust=m.trust_code)
        book.add(f"{k}.segment", "Segment", m.segment, f"engine: {q}", trust=m.trust_code)
        book.add(f"{k}.places", "Places moved", abs(m.rank_change), src, trust=m.trust_code)
        book.add(f"{k}.outside", "Move outside the likely range", m.outside_likely_range, src, trust=m.trust_code)


def _move_line(m: Move) -> str:
    range_words = "outside its likely range" if m.outside_likely_range else "within its likely range (may be noise)"
    why = f"; why: {', '.join(m.reasons)}" if m.reasons else ""
    return (f"{m.trust_name}: {show(m.previous_rank, 'ordinal')} → {show(m.rank, 'ordinal')}, segment "
            f"{m.previous_segment} → {m.segment}{why}; {range_words}")


def digest_text(d: Digest, b: FactBook) -> str:
    head = f"Publication-day digest for {b.show('quarter')}" + (
        f", against {b.show('previous_quarter')}" if d.previous_quarter else " (no earlier quarter to compare)")
    out = [head]
    for td in d.tables:
        t = td.table
        out += ["", f"{table_label(t).capitalize()} trusts ({b.show(t + '.size')})",
                f"- The financial override holds back {b.show(t + '.override_held')} trusts (their scores alone would "
                "put them in a better segment)."]
        if d.previous_quarter:
            out.append(f"- {b.show(t + '.crossings')} trusts changed segment: own metric scores in "
                       f"{b.show(t + '.reason.own metric scores')}, the override switching on in "
                       f"{b.show(t + '.reason.override switched on')} and off in "
                       f"{b.show(t + '.reason.override switched off')}, other trusts and cut points moving in "
                       f"{b.show(t + '.reason.other trusts and cut points moving')} (a change can have several).")
            out.append(f"- Of {b.show(t + '.moved')} trusts that changed position, {b.show(t + '.outside')} moved "
                       f"outside their likely range; {b.show(t + '.within')} moved within it, which may be noise.")
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
