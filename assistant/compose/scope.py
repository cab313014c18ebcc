"""Which table and quarter an answer covers, and what the question asked for that the data does not hold.

An answer never gives another quarter's or another table's figures silently: when the quarter asked for is
not held for the table, the answer says so, names what is held, and (where there is one) uses the latest
quarter held, labelled. A table with no data at all (the ambulance table today) gets a plain "not held yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.query import Query
from scoring.catalogue import TABLES
from scoring.explain.facts import Fact
from scoring.frameworks import table_label
from scoring.quarters import Quarter
from scoring.store import Store

SOURCE = "our copy of NHS England's published data"
FORECAST = "I can't predict future tables: NHS England works them out afresh each quarter. "


@dataclass(frozen=True)
class Scope:
    table: str
    quarter: str | None                 # the quarter answered; None: the table has no data at all
    asked: str | None = None            # the quarter the question asked for
    not_held: tuple[str, ...] = ()      # what was asked for and is not held, in plain words
    note: str = ""                      # a sentence saying so ("" when everything asked for is held)
    facts: tuple[Fact, ...] = field(default_factory=tuple)   # the quarters the note names

    @property
    def held(self) -> bool:
        return self.quarter is not None


def trust_table(store: Store, code: str) -> str:
    return str(store.trusts.set_index("trust_code").loc[code, "table"])


def trust_name(store: Store, code: str) -> str:
    return str(store.trusts.set_index("trust_code").loc[code, "trust_name"])


def when(quarter: str) -> str:
    """'Q1 2025/26 (April to June 2025)': a quarter with its months, for readers who do not think in quarters."""
    return f"{quarter} ({Quarter.from_label(quarter).months})"


def _span(quarters: list[str]) -> str:
    return quarters[0] if len(quarters) == 1 else f"{quarters[0]} to {quarters[-1]}"


def held_summary(store: Store) -> tuple[str, list[Fact]]:
    """'acute trusts for Q1 2025/26 and mental health and community trusts for Q1 2025/26 to Q4 2025/26'."""
    parts, facts = [], []
    for table in TABLES:
        quarters = store.quarters_of(table)
        if quarters:
            parts.append(f"{table_label(table)} trusts for {_span(quarters)}")
            facts += [Fact("quarter_held", f"a quarter held for the {table_label(table)} table", q, SOURCE,
                           quarter=q) for q in (quarters[0], quarters[-1])]
    return " and ".join(parts) or "no tables yet", facts


def not_held_note(store: Store, table: str, asked: str, used: str | None) -> tuple[str, list[Fact]]:
    """Why ``asked`` (a quarter label, or a financial year like '2024/25') is not held for ``table``."""
    held = store.quarters_of(table)
    label = table_label(table)
    facts = [Fact("quarter_asked", "what the question asked for", asked, "the question")]
    quarters = sorted(Quarter.from_label(q) for q in store.quarters)
    first, latest = quarters[0], quarters[-1]
    is_year = "Q" not in asked
    start_year = int(asked[:4]) if is_year else Quarter.from_label(asked).year
    what = f"{asked} tables" if is_year else f"{asked} table"
    if start_year < first.year:
        text = f"NHS England's league tables began with {first.label}, so there {'are' if is_year else 'is'} no {what}."
        facts.append(Fact("quarter_held", "the first quarter NHS England ranked trusts", first.label, SOURCE,
                          quarter=first.label))
    elif start_year > latest.year or (not is_year and Quarter.from_label(asked) > latest):
        newest = held[-1] if held else latest.label
        text = f"{asked} is not in our data: the latest {label} quarter we hold is {newest}."
        facts.append(Fact("quarter_held", f"the latest quarter held for the {label} table", newest, SOURCE,
                          quarter=newest))
    else:
        text = (f"We hold the {label} table for {_span(held)} only. NHS England's {label} figures for {asked} "
                "are not in our data yet.")
        facts += [Fact("quarter_held", f"a quarter held for the {label} table", q, SOURCE, quarter=q)
                  for q in dict.fromkeys((held[0], held[-1]))]
    if used:
        text += f" Here is the latest we hold, {when(used)}."
        facts.append(Fact("quarter", "the quarter shown", used, SOURCE, quarter=used))
    return text, facts


def scope_for(store: Store, table: str, query: Query, selected: str | None = None) -> Scope:
    """The quarter to answer for ``table``: the one asked for if held; else the one selected in the app if
    held; else the latest held, with a note when the one asked for is not held."""
    held = store.quarters_of(table)
    label = table_label(table)
    if not held:
        summary, facts = held_summary(store)
        note = (f"NHS England's {label} league table is not in our data yet. So I can't show figures for it. "
                f"We hold {summary}.")
        return Scope(table, None, query.quarter, (f"the {label} table",), note, tuple(facts))
    if query.years_not_held and not query.quarter:
        year = query.years_not_held[0]
        text, facts = not_held_note(store, table, year, held[-1])
        text = FORECAST + text if query.forecast else text
        return Scope(table, held[-1], year, (year,), text, tuple(facts))
    if query.quarter:
        if query.quarter in held and query.years_not_held:     # "where is it now, and what was it last year?"
            text, facts = not_held_note(store, table, query.years_not_held[0], None)
            text = FORECAST + text if query.forecast else text
            return Scope(table, query.quarter, query.quarter, query.years_not_held[:1], text, tuple(facts))
        if query.quarter in held:
            return Scope(table, query.quarter, query.quarter)
        text, facts = not_held_note(store, table, query.quarter, held[-1])
        text = FORECAST + text if query.forecast else text
        return Scope(table, held[-1], query.quarter, (query.quarter,), text, tuple(facts))
    if selected in held:
        return Scope(table, selected)
    if selected:                        # a quarter chosen in the app that this table does not have
        text, facts = not_held_note(store, table, selected, held[-1])
        return Scope(table, held[-1], selected, (selected,), text, tuple(facts))
    return Scope(table, held[-1])


def tables_for(store: Store, query: Query, selected: str | None = None) -> tuple[str, ...]:
    """The tables a question covers: those it names; else every table with data, or, when it names quarters (or
    a quarter is chosen in the app), every table holding them (so "who rose most from Q3 to Q4?" is not answered
    with "not held" for a table that was never asked about)."""
    if query.tables:
        return query.tables
    with_data = tuple(t for t in TABLES if store.quarters_of(t))
    asked = [q for q in (query.quarter or selected, query.since) if q]
    holding = tuple(t for t in with_data if asked and all(q in store.quarters_of(t) for q in asked))
    return holding or with_data
