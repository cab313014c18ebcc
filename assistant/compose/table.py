"""Table questions over the engine's league frame: any combination of filters, top or bottom N, counts and
shares, breakdowns by region or kind of trust, movers between two quarters, and the trusts around one trust.

A question that names no table covers every table held, each at its own latest quarter (or the quarter asked
for). Every answer states the table(s), quarter(s) and filter it used; every number in it is a Fact: each
listed trust's position, segment and average, every count and share, and the columns the question asks
about (for the override: the segment and position each trust would have without it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from assistant.answer_types import Answer
from assistant.citations import cite_all
from assistant.compose.scope import Scope, held_summary, scope_for, tables_for, trust_table, when
from assistant.query import Filters, Query
from assistant.understanding.tables import NAMED_KINDS, REGIONS, region_matches
from scoring.catalogue import TABLES
from scoring.explain.facts import Fact, ordinal, show
from scoring.explain.placement import place
from scoring.explain.movement import movement_between
from scoring.explain.quarter_results import base_result
from scoring.explain.trust_rows import trust_row
from scoring.explain.text import in_a_list
from scoring.explain.uncertainty import PUBLISHED, likely_ranges, published_pair
from scoring.frameworks import AS_PUBLISHED, framework_for, is_recomputed, not_recomputed_reason, table_label
from scoring.published import as_engine_columns, published_table
from scoring.quarters import Quarter
from scoring.store import Store

LISTED = 25            # trusts listed before "and N more"
COUNTED = 15           # trusts listed under a count
AROUND = 10            # trusts listed just above or just below one trust
MOVERS = 5             # movers listed when no number is asked for
SPECIALIST = "Acute - Specialist"


@dataclass
class Part:
    """One table's share of the answer."""

    lines: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    trusts: list[str] = field(default_factory=list)
    quarter: str | None = None
    not_held: list[str] = field(default_factory=list)
    corrects: bool | None = None        # a claim about the whole group ("every … is in segment 1") is wrong
    per_trust: dict[str, str] = field(default_factory=dict)   # words added to a listed trust's line (a verdict)


def _source(table: str, quarter: str) -> str:
    return f"NHS England's {table_label(table)} league table, {quarter} (recomputed by our engine)"


def league_frame(store: Store, table: str, quarter: str, likely: bool = False) -> pd.DataFrame:
    """The engine's league rows of one table and quarter; with ``likely``, each trust's likely ranges too
    (NHS England's where published, else our estimate by their method). A quarter this tool has no rules for
    gives NHS England's published rows, never recomputed (``scoring.published``)."""
    if not is_recomputed(quarter):
        return _published_frame(store, table, quarter)
    result = base_result(store, quarter)
    frame = result.table(table)
    if likely:
        frame = frame.merge(likely_ranges(result, table, store.league), on="trust_code", how="left")
    return frame


def _published_frame(store: Store, table: str, quarter: str) -> pd.DataFrame:
    """A published-only quarter's table under the engine's column names, with NHS England's likely ranges where
    its league-table file gives them."""
    rows = as_engine_columns(published_table(store, quarter, table))
    rows = rows[rows["rank"].notna() & rows["adjusted_segment"].notna() & rows["average_score"].notna()].copy()
    rows["financial_override"] = rows["financial_override"].fillna(False).astype(bool)
    rows["recovery_support"] = rows["recovery_support"].fillna(False).astype(bool)
    if not rows["likely_range_of_rank"].notna().any():
        return rows.drop(columns=["likely_range_of_rank", "likely_range_of_average_score"])
    rows["likely_range_source"] = "NHS England's likely range"
    for name, column, cast in (("rank", "likely_range_of_rank", int),
                               ("average", "likely_range_of_average_score", float)):
        pairs = [published_pair(text, cast) or (pd.NA, pd.NA) for text in rows[column]]
        rows[f"likely_{name}_low"], rows[f"likely_{name}_high"] = [p[0] for p in pairs], [p[1] for p in pairs]
    return rows


def needs_likely_ranges(query: Query) -> bool:
    return (query.output == "likely_span" or query.filters.could_rank is not None
            or query.filters.likely_span_over is not None or "likely_range" in query.asks)


def select(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The trusts that meet every condition, in league order."""
    rows = frame
    if filters.segments:
        rows = rows[rows["adjusted_segment"].isin(filters.segments)]
    if filters.unadjusted_segments:
        rows = rows[rows["unadjusted_segment"].isin(filters.unadjusted_segments)]
    if filters.regions:
        rows = rows[rows["region"].map(lambda r: any(region_matches(r, want) for want in filters.regions)).astype(bool)]
    if filters.regions_excluded:
        rows = rows[~rows["region"].map(lambda r: any(region_matches(r, out) for out in filters.regions_excluded))
                    .astype(bool)]
    if filters.subtypes:
        rows = rows[rows["subtype"].isin(filters.subtypes)]
    if filters.subtypes_excluded:
        rows = rows[~rows["subtype"].isin(filters.subtypes_excluded)]
    for word in filters.named_kinds:
        rows = rows[rows["trust_name"].str.contains(rf"\b{word}", case=False, regex=True)]
    if filters.specialist is not None:
        rows = rows[(rows["subtype"] == SPECIALIST) == filters.specialist]
    if filters.in_deficit is not None:
        rows = rows[rows["in_deficit"] == filters.in_deficit]
    if filters.override_applied:
        rows = rows[rows["financial_override"]]
    if filters.recovery_support:
        rows = rows[rows["recovery_support"]]
    if filters.average_below is not None:
        rows = rows[rows["average_score"] < filters.average_below]
    if filters.average_above is not None:
        rows = rows[rows["average_score"] > filters.average_above]
    if filters.could_rank is not None:
        end, _, n = filters.could_rank.partition(" ")
        places = len(frame) // 2 if n == "half" else int(n)
        if end == "position":                           # the likely range includes this place
            rows = rows[(rows["likely_rank_low"] <= places) & (rows["likely_rank_high"] >= places)]
        else:
            rows = rows[rows["likely_rank_low"] <= places] if end == "top" else \
                rows[rows["likely_rank_high"] > len(frame) - places]
    if filters.likely_span_over is not None:
        rows = rows[rows["likely_rank_high"] - rows["likely_rank_low"] > filters.likely_span_over]
    if filters.among:
        rows = rows[rows["trust_code"].isin(filters.among)]
    if filters.placed is not None:
        end, _, n = filters.placed.partition(" ")
        places = len(frame) // 2 if n == "half" else int(n)
        rows = rows[rows["rank"] <= places] if end == "top" else rows[rows["rank"] > len(frame) - places]
    return rows.sort_values(["rank", "trust_code"])


def _places_asked(filters: Filters, quarter: str) -> list[Fact]:
    """The number of places a filter names ("in the top 10", "could be in the bottom 20"), as the question set
    it: the answer repeats it."""
    facts = []
    for name, value in (("placed", filters.placed), ("could_rank", filters.could_rank)):
        n = (value or "").partition(" ")[2]
        if n.isdigit():
            facts.append(Fact("places_asked", f"the places the question asks about ({name})", int(n), "the question",
                              quarter=quarter))
    for segment in dict.fromkeys(filters.segments + filters.unadjusted_segments + filters.segments_before):
        facts.append(Fact("segment_asked", "a segment the question asks about", segment, "the question",
                          quarter=quarter))                # "0 … are in segment 1": the 1 is the question's
    return facts


_NTH_WORDS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _singular(who: str) -> str:
    """'acute trusts in London that are in segment 4' -> 'acute trust in London that is in segment 4'."""
    who = who.replace(" trusts", " trust", 1)
    return re.sub(r"\bthat (are|have|were)\b", lambda m: {"are": "that is", "have": "that has", "were": "that was"}[
        m.group(1)], who).replace(" and are ", " and is ").replace(" and have ", " and has ")


def the_region(region: str) -> str:
    """'London', 'the North West', 'the Midlands': a region as a sentence names it."""
    return region if region == "London" else "the " + region


def describe(filters: Filters, table: str, with_table: bool = True) -> str:
    """'teaching acute trusts in London that are in segment 1 or 2' (the filter in words)."""
    kinds = [NAMED_KINDS[word][1] for word in filters.named_kinds] + \
        [s.replace("Acute - ", "").lower() for s in filters.subtypes]
    noun = " and ".join(kinds) + " " if kinds else ""
    noun += "".join(f"non-{s.replace('Acute - ', '').lower()} " for s in filters.subtypes_excluded)
    if filters.specialist is True and not kinds:
        noun = "specialist "
    elif filters.specialist is False:
        noun = "non-specialist " + noun
    subject = f"{noun}{table_label(table)} trusts" if with_table else f"{noun}trusts"
    if filters.regions:
        subject += " in " + " or ".join(map(the_region, filters.regions))
    if filters.regions_excluded:
        subject += " outside " + " and ".join(map(the_region, filters.regions_excluded))
    conditions = []
    if filters.segments:
        conditions.append("are in segment " + " or ".join(str(s) for s in filters.segments))
    if filters.unadjusted_segments:
        conditions.append("had scores that alone would put them in segment "
                          + " or ".join(str(s) for s in filters.unadjusted_segments))
    if filters.override_applied:
        conditions.append("were held back by the financial override")
    if filters.in_deficit is True:
        conditions.append("are in deficit (or on deficit support)")
    if filters.in_deficit is False:
        conditions.append("are not in deficit")
    if filters.recovery_support:
        conditions.append("are in the Recovery Support Programme")
    if filters.average_below is not None:
        conditions.append(f"have an average score below {show(filters.average_below, '2dp')}")
    if filters.average_above is not None:
        conditions.append(f"have an average score above {show(filters.average_above, '2dp')}")
    if filters.moved:
        conditions.append({"up": "moved up the table", "down": "moved down the table", "segment": "changed segment",
                           "segment up": "moved to a better segment",
                           "segment down": "moved to a worse segment"}[filters.moved])
    if filters.segments_before:
        conditions.append("were in segment " + " or ".join(str(s) for s in filters.segments_before) + " before")
    if filters.could_rank is not None:
        end, _, n = filters.could_rank.partition(" ")
        reach = ("1st" if end == "top" else "last") if n == "1" else f"in the {end} {n}"
        if end == "position":
            reach = ordinal(int(n))
        conditions.append(f"could be {reach} going by the likely range of their position")
    if filters.placed is not None:
        conditions.append(f"are in the {filters.placed} of the table")
    if filters.among:
        conditions.append("are among those just listed")
    if filters.likely_span_over is not None:
        conditions.append(f"have a likely range of position wider than {show(filters.likely_span_over)} places")
    return subject + (" that " + " and ".join(conditions) if conditions else "")


def _trust_facts(row, quarter: str, table: str) -> list[Fact]:
    src = _source(table, quarter)
    code = row["trust_code"]
    return [Fact("rank", "league position", int(row["rank"]), src, code, quarter),
            Fact("table_size", f"trusts in the {table_label(table)} table", int(row["table_size"]), src, code,
                 quarter),
            Fact("segment", "segment", int(row["adjusted_segment"]), src, code, quarter),
            Fact("average_score", "average metric score", float(row["average_score"]), src, code, quarter)]


def _row_facts(row, quarter: str) -> list[Fact]:
    """One trust's position facts from its ``trust_row`` record."""
    record = {"trust_code": row.trust_code, "rank": row.rank, "table_size": row.table_size,
              "adjusted_segment": row.adjusted_segment, "average_score": row.average_score}
    return _trust_facts(record, quarter, row.table)


def _line(row, extra: str = "") -> str:
    return (f"- {ordinal(row['rank'])}: {row['trust_name']}. Segment {int(row['adjusted_segment'])}, average "
            f"{row['average_score']:.2f}.{extra}")


def _in_every_quarter(store: Store, table: str, quarter: str, filters: Filters, rows: pd.DataFrame,
                      part: Part) -> tuple[pd.DataFrame, str]:
    """The rows that met the filters in every quarter of the same year held, up to ``quarter``."""
    this = Quarter.from_label(quarter)
    year = [q for q in store.quarters_of(table)
            if Quarter.from_label(q).financial_year == this.financial_year and Quarter.from_label(q) <= this]
    keep = set(rows["trust_code"])
    for earlier in year:
        if earlier != quarter:
            frame = league_frame(store, table, earlier, likely=False)
            keep &= set(select(frame, replace(filters, every_quarter=None, could_rank=None,
                                              likely_span_over=None))["trust_code"])
    part.facts += [Fact("quarters_checked", "quarters the condition was checked in", len(year),
                        _source(table, q), quarter=q) for q in year]
    note = (f"Counted only if true in every quarter we hold of {this.financial_year}: {', '.join(year)}."
            if len(year) > 1 else f"We hold only one quarter of {this.financial_year} for this table ({quarter}).")
    return rows[rows["trust_code"].isin(keep)], note


def _likely_column(row, quarter: str, table: str, facts: list[Fact]) -> str:
    """' Likely position 1st to 9th (NHS England's likely range).' with its facts."""
    whose = str(row["likely_range_source"])
    src = f"{whose}, {table_label(table)} table, {quarter}"
    code = row["trust_code"]
    low, high = int(row["likely_rank_low"]), int(row["likely_rank_high"])
    facts += [Fact("likely_rank_low", f"likely range of the position: best ({whose})", low, src, code, quarter),
              Fact("likely_rank_high", f"likely range of the position: worst ({whose})", high, src, code, quarter),
              Fact("likely_rank_span", "places the likely range spans", high - low, src, code, quarter)]
    average = ""
    if pd.notna(row.get("likely_average_low")) and pd.notna(row.get("likely_average_high")):
        a_low, a_high = round(float(row["likely_average_low"]), 2), round(float(row["likely_average_high"]), 2)
        facts += [Fact("likely_average_low", f"likely range of the average score: low ({whose})", a_low, src, code,
                       quarter),
                  Fact("likely_average_high", f"likely range of the average score: high ({whose})", a_high, src,
                       code, quarter)]
        average = f"; average {show(a_low, '2dp')} to {show(a_high, '2dp')}"
    return f" Likely position {ordinal(low)} to {ordinal(high)} ({whose}, {show(high - low)} places wide{average})."


def _likely_span_part(store: Store, table: str, quarter: str, query: Query) -> Part:
    """The trusts whose likely range of position is narrowest (order 'top') or widest ('bottom')."""
    part = Part(quarter=quarter)
    rows = select(league_frame(store, table, quarter, likely=True), query.filters)
    rows = rows.assign(span=rows["likely_rank_high"] - rows["likely_rank_low"])
    widest = query.order == "bottom"
    rows = rows.sort_values(["span", "rank"], ascending=[not widest, True])
    n = min(query.limit or 1, len(rows))
    if n == 0:
        part.lines.append(f"No {describe(query.filters, table)} in {when(quarter)}.")
        return part
    cut = rows.iloc[n - 1]["span"]
    shown = rows[(rows["span"] < cut) | (rows["span"] == cut)] if not widest else rows[rows["span"] >= cut]
    word = "widest" if widest else "narrowest"
    who = describe(query.filters, table)
    part.lines.append(f"The {who if len(shown) > 1 else _singular(who)} with the {word} likely "
                      f"range of position in {when(quarter)} (a narrow range means the position is more certain):")
    _listing(store, shown, quarter, table, query, part, None)
    if len(shown) > n:
        part.lines.append("(Trusts with ranges of the same width are all listed.)")
    return part


def _override_column(store: Store, quarter: str, table: str, row, facts: list[Fact]) -> str:
    """', held at segment 3 by the override: its scores alone would put it in segment 1 and 8th'."""
    if not row["financial_override"]:
        return ""
    if not is_recomputed(quarter):                      # NHS England published its segment from scores alone
        facts.append(Fact("unadjusted_segment", "segment from its scores alone", int(row["unadjusted_segment"]),
                          _source(table, quarter), row["trust_code"], quarter))
        return (f" Held at segment {int(row['adjusted_segment'])} by the financial override (segment "
                f"{int(row['unadjusted_segment'])} on its scores alone, as published).")
    without = place(base_result(store, quarter), row["trust_code"], table=table, in_deficit=False)
    src = f"our engine: {table_label(table)} table, {quarter}, re-placed without the financial override"
    facts += [Fact("unadjusted_segment", "segment from its scores alone", int(row["unadjusted_segment"]),
                   _source(table, quarter), row["trust_code"], quarter),
              Fact("without_override_segment", "segment without the financial override", without.adjusted_segment,
                   src, row["trust_code"], quarter),
              Fact("without_override_rank", "league position without the financial override", without.rank, src,
                   row["trust_code"], quarter)]
    return (f" Held at segment {int(row['adjusted_segment'])} by the financial override. Without it: segment "
            f"{without.adjusted_segment}, {ordinal(without.rank)}.")


def _listing(store: Store, rows: pd.DataFrame, quarter: str, table: str, query: Query, part: Part,
             limit: int | None) -> None:
    shown = rows if limit is None else rows.head(limit)
    more = len(rows) - len(shown)
    for record in shown.to_dict("records"):
        part.facts += _trust_facts(record, quarter, table)
        if query.filters.recovery_support:
            part.facts.append(Fact("final_segment", "final segment (5: Recovery Support Programme)",
                                   int(record["final_segment"]), _source(table, quarter), record["trust_code"],
                                   quarter))
        extra = _override_column(store, quarter, table, record, part.facts) if (
            query.filters.override_applied or record["financial_override"]) else ""
        if "likely_rank_low" in record:
            extra += _likely_column(record, quarter, table, part.facts)
            if record.get("likely_range_source") != PUBLISHED and table in query.tables:
                part.not_held.append(f"NHS England's likely ranges for {quarter}")   # asked of that table
        if part.per_trust.get(record["trust_code"]):
            extra += " " + part.per_trust[record["trust_code"]]
        part.lines.append(_line(record, extra))
        part.trusts.append(record["trust_code"])
    if more > 0:
        part.facts.append(Fact("more", "trusts not listed", more, _source(table, quarter), quarter=quarter))
        part.lines.append(f"- … and {more} more.")


def group_size(who: str, size: int, source: str, quarter: str) -> Fact:
    """How many trusts a group has ("of the 21 acute trusts in London"): a count of trusts, labelled apart from
    the number the question counts."""
    return Fact("count", f"number of {who} in all", size, source, quarter=quarter)


def _size_fact(store: Store, table: str, quarter: str) -> tuple[int, Fact]:
    size = len(league_frame(store, table, quarter))
    return size, Fact("table_size", f"trusts in the {table_label(table)} table", size, _source(table, quarter),
                      quarter=quarter)


def _group_part(store: Store, table: str, quarter: str, query: Query) -> Part:
    """Top/bottom N, lists, counts and shares of one table and quarter."""
    part = Part(quarter=quarter)
    frame = league_frame(store, table, quarter, likely=needs_likely_ranges(query))
    size, size_fact = _size_fact(store, table, quarter)
    part.facts.append(size_fact)
    filters = query.filters
    if filters.recovery_support and not frame["recovery_support"].any() and not has_recovery_flags(store, quarter):
        part.lines.append(f"NHS England did not publish which {table_label(table)} trusts were in the Recovery "
                          f"Support Programme in {quarter}. So I can't say which trusts were in it.")
        part.not_held.append(f"Recovery Support Programme flags for {quarter}")
        return part
    rows = select(frame, filters)
    part.facts += _places_asked(filters, quarter)
    every_note = ""
    if filters.every_quarter:
        rows, every_note = _in_every_quarter(store, table, quarter, filters, rows, part)
    if filters.moved or filters.segments_before:
        rows = _moved(store, table, quarter, query, rows, part)
    subject = describe(filters, table)
    if query.claim in ("all", "most", "under_half") and query.claim_on:
        return _group_claim(store, frame, query, quarter, table, part)
    if query.claim == "none":
        part.corrects = len(rows) > 0
    if query.output in ("count", "share") or (query.order is None and filters):
        count = len(rows)
        part.facts.append(Fact("count", f"number of {subject}", count, _source(table, quarter), quarter=quarter))
        sentence, facts = _counted(frame, query, table, quarter, count)
        part.facts += facts
        if query.claim == "none":
            sentence = ("No. " if count else "That's right. ") + sentence
        whole_split = set(filters.segments) >= {1, 2, 3, 4} and filters == Filters(segments=filters.segments)
        if len(filters.segments) > 1 and count:            # "segments 1 or 2": how many in each, too
            each = [(s, int((rows["adjusted_segment"] == s).sum())) for s in filters.segments]
            part.facts += [Fact("count", f"number of {describe(replace(filters, segments=(s,)), table)}", n,
                                _source(table, quarter), quarter=quarter) for s, n in each]
            split = in_a_list([f"{show(n)} in segment {s}" for s, n in each])
            if whole_split:                                # "break the table down by segment": the whole table, segment by segment
                sentence = f"In {when(quarter)}, the {show(count)} {table_label(table)} trusts are split: {split}."
            else:
                sentence = sentence[:-1] + ": " + split + "."
        part.lines.append(sentence + (" " + every_note if every_note else ""))
        if count and not whole_split:
            default = COUNTED if query.output in ("count", "share") else LISTED
            _listing(store, rows, quarter, table, query, part, default if query.limit is None else query.limit)
        return part
    order = query.order or "top"
    limit = query.limit or LISTED
    ordered = rows if order == "top" else rows.iloc[::-1]
    placed = "top" if order == "top" else "bottom"
    who = describe(filters, table)
    nth = query.nth if query.nth and len(ordered) >= query.nth else None
    if nth:
        # "the second worst": the trust at that place (with any trust tied with it)
        at = ordered.iloc[nth - 1]["rank"]
        ordered = ordered[ordered["rank"] == at]
    n = min(limit, len(ordered))
    part.facts.append(Fact("listed", "trusts listed", n, _source(table, quarter), quarter=quarter))
    head = (f"This is the {_singular(who)} {_NTH_WORDS[nth]} from the {placed}" if nth else
            f"This is the {placed} {_singular(who)}" if n == 1 else
            f"These are the {placed} {show(n)} {who}")
    part.lines.append(f"{head} in {when(quarter)}. The "
                      f"{table_label(table)} table has {show(size)} trusts.")
    ties = _ties_at_cut(ordered, n)
    _listing(store, ordered.head(n + ties), quarter, table, query, part, None)
    if ties:
        part.lines.append("(Tied trusts share a position, so more than the number asked for are listed.)")
    if ordered.empty:
        part.lines[-1] = f"No {describe(filters, table)} in {when(quarter)}."
    return part


def _split_claim(filters: Filters, on: str) -> tuple[Filters, Filters]:
    """(the group a claim is about, the condition it claims of them): "is every trust in segment 4 in deficit?"
    -> (segment 4, in deficit)."""
    if on == "segments":
        return replace(filters, segments=()), Filters(segments=filters.segments)
    if on == "in_deficit":
        return replace(filters, in_deficit=None), Filters(in_deficit=filters.in_deficit)
    return replace(filters, override_applied=None), Filters(override_applied=filters.override_applied)


_GROUP_FIELDS = ("regions", "regions_excluded", "subtypes", "subtypes_excluded", "named_kinds", "specialist")


def _counted(frame: pd.DataFrame, query: Query, table: str, quarter: str, count: int) -> tuple[str, list[Fact]]:
    """'In Q1 2025/26, 6 of the 21 acute trusts in London are in segment 1: 29%.': a count said of the group the
    question names (the trusts just listed, a region, a kind of trust), else of the whole table, with its share
    when one was asked for."""
    filters, src = query.filters, _source(table, quarter)
    if filters.among:                           # "which of those are in deficit?"
        group_rows = select(frame, Filters(among=filters.among))
        condition = _asked_of(group_rows, replace(filters, among=(), placed=None))
        who, grouped = "trusts just listed", condition != Filters()
    else:
        group, condition = _split_claim(filters, query.claim_on) if query.claim_on else (
            Filters(**{name: getattr(filters, name) for name in _GROUP_FIELDS}),
            replace(filters, **{name: getattr(Filters(), name) for name in _GROUP_FIELDS}))
        group_rows = select(frame, group)
        who = describe(group, table)
        # "how many of the top 10 are specialist?" reads the other way round: said of the whole table, as does a
        # follow-up on the last list ("which of those are in London?" after segment 4)
        grouped = group != Filters() and condition != Filters() and filters.placed is None and not query.of_those
    facts = []
    if grouped:
        size = len(group_rows)
        facts.append(group_size(who, size, src, quarter))
        sentence = (f"In {when(quarter)}, {show(count) if count else 'none'} of the {show(size)} {who} "
                    f"{_predicate(count, condition, table)}.")
    else:
        size, who = len(frame), f"{table_label(table)} trusts"
        sentence = (f"In {when(quarter)}, {show(count)} of the {show(size)} {who} "
                    f"{_predicate(count, filters, table) if filters else 'are in the table'}.")
        if query.output == "share":
            facts.append(Fact("count", f"number of {who} in the table", size, src, quarter=quarter))
    if query.output == "share" and size:
        share = round(100 * count / size)
        facts.append(Fact("share", f"share of {who} (%)", share, src, quarter=quarter))
        sentence = sentence[:-1] + f": {show(share)}%."
    return sentence, facts


def _asked_of(listed: pd.DataFrame, filters: Filters) -> Filters:
    """The conditions a side question asks of a list, without those every listed trust meets already (the region
    of "the bottom 5 in the North West" carried on to "which of those are in deficit?")."""
    for name in ("regions", "subtypes", "named_kinds", "specialist", "segments", "in_deficit"):
        alone = replace(Filters(), **{name: getattr(filters, name)})
        if alone != Filters() and len(select(listed, alone)) == len(listed):
            filters = replace(filters, **{name: getattr(Filters(), name)})
    return filters


def _verb(condition: Filters, table: str, count: int) -> str:
    """The condition as said of ``count`` trusts: 'are in segment 1', 'is in deficit (or on deficit support)'."""
    said = describe(condition, table).split(" that ", 1)[1]
    return said if count != 1 else _singular(" trusts that " + said).split(" that ", 1)[1]


def _group_claim(store: Store, frame: pd.DataFrame, query: Query, quarter: str, table: str, part: Part) -> Part:
    """'Every specialist trust is in segment 1?', 'are all the bottom 10 in deficit?', 'more than half in
    deficit?': how many of the group meet the claimed condition, and the ones that do not (for "all") or do."""
    group_filters, claimed = _split_claim(query.filters, query.claim_on or "segments")
    if query.order and query.limit and group_filters.placed is None:     # "are all the bottom 10 in deficit?"
        group_filters = replace(group_filters, placed=f"{query.order} {query.limit}")
    group = select(frame, group_filters)
    meeting = select(group, claimed)
    others = group[~group["trust_code"].isin(meeting["trust_code"])]
    who = describe(group_filters, table)
    condition = _verb(claimed, table, 2)                                 # "are in segment 1", "are in deficit …"
    src = _source(table, quarter)
    part.facts += [Fact("count", f"number of {who} that {condition}", len(meeting), src, quarter=quarter),
                   Fact("count", f"number of {who} that do not meet it", len(others), src, quarter=quarter),
                   group_size(who, len(group), src, quarter)]
    sentence = (f"In {when(quarter)}, {show(len(meeting))} of the {show(len(group))} {who} "
                f"{_verb(claimed, table, len(meeting))}")
    if query.claim == "all":
        part.corrects = len(others) > 0
        rest = "This one does not:" if len(others) == 1 else f"These {show(len(others))} do not:"
        part.lines.append(("No. " if len(others) else "Yes. ") + sentence + "." + (f" {rest}" if len(others) else ""))
        _listing(store, others if len(others) else meeting, quarter, table, query, part, None)
        return part
    over_half = 2 * len(meeting) > len(group)
    part.corrects = over_half != (query.claim == "most")
    share = "more than half" if over_half else "exactly half" if 2 * len(meeting) == len(group) else "fewer than half"
    part.lines.append(("No. " if part.corrects else "Yes. ") + sentence + f": {share}.")
    _listing(store, meeting, quarter, table, query, part, None)
    return part


def _ties_at_cut(rows: pd.DataFrame, n: int) -> int:
    """How many trusts past the first ``n`` share the n-th trust's position (they are listed too)."""
    if len(rows) <= n or n == 0:
        return 0
    last = rows.iloc[n - 1]["rank"]
    return int((rows.iloc[n:]["rank"] == last).sum())


def _predicate(count: int, filters: Filters, table: str) -> str:
    """What the counted trusts have in common, after '3 of the 134 acute trusts ...' ('are in London and
    in segment 4'; 'is' for one)."""
    kinds = describe(replace(filters, regions=(), regions_excluded=()), table).split(f"{table_label(table)} trusts", 1)
    prefix, rest = kinds[0].strip(), (kinds[1].strip() if len(kinds) > 1 else "")
    conditions = [c.strip() for c in rest.removeprefix("that").split(" and ") if c.strip()] if rest else []
    if filters.regions:
        conditions.insert(0, "are in " + " or ".join(map(the_region, filters.regions)))
    if filters.regions_excluded:
        conditions.insert(0, "are outside " + " and ".join(map(the_region, filters.regions_excluded)))
    if prefix:                                          # "are community trusts", "are specialist trusts"
        kind = (f"is {'an' if prefix[0] in 'aeiou' else 'a'} {prefix} trust" if count == 1 else f"are {prefix} trusts")
        conditions.insert(0, kind)
    if not conditions:
        conditions = ["are in the table"]
    text = in_a_list(conditions)
    if count == 1:
        text = re.sub(r"\bare\b", "is", text)
        text = re.sub(r"\bhave\b", "has", text)
        text = text.replace("were held", "was held")
    return text


def has_recovery_flags(store: Store, quarter: str) -> bool:
    """NHS England published which trusts were in the Recovery Support Programme for ``quarter``."""
    result = base_result(store, quarter)
    flag = result.rules.recovery_support.flag
    m = store.metrics
    return bool(((m["quarter"] == quarter) & (m["metric_id"] == flag)).any())


def _previous(store: Store, table: str, quarter: str, query: Query) -> str | None:
    held = store.quarters_of(table)
    if query.since and query.since in held and query.since != quarter:
        return query.since
    index = held.index(quarter)
    return held[index - 1] if index > 0 else None


def _before(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Columns of the earlier quarter's frame, named '<column>_before' for joining beside the later one."""
    return frame[columns].add_suffix("_before")


def _moved(store: Store, table: str, quarter: str, query: Query, rows: pd.DataFrame, part: Part) -> pd.DataFrame:
    before = _previous(store, table, quarter, query)
    if before is None:
        part.lines.append(f"There is no earlier quarter than {quarter} for the {table_label(table)} table. So I "
                          "can't say who moved.")
        part.not_held.append(f"an earlier {table_label(table)} quarter than {quarter}")
        return rows.iloc[0:0]
    earlier = league_frame(store, table, before).set_index("trust_code")
    joined = rows.join(_before(earlier, ["rank", "adjusted_segment"]), on="trust_code").dropna(
        subset=["rank_before"])
    change = joined["rank_before"] - joined["rank"]               # + = moved up
    seg = joined["adjusted_segment_before"] - joined["adjusted_segment"]   # + = better segment
    keep = {"up": change > 0, "down": change < 0, "segment": seg != 0, "segment up": seg > 0,
            "segment down": seg < 0}[query.filters.moved or "segment"]
    if query.filters.segments_before:
        keep = keep & joined["adjusted_segment_before"].isin(query.filters.segments_before)
    part.lines.append(f"Compared with {when(before)}:")
    part.facts.append(Fact("quarter", "the earlier quarter compared", before, _source(table, before), quarter=before))
    for record in joined[keep].to_dict("records"):
        part.per_trust[record["trust_code"]] = _verdict(store, record["trust_code"], before, quarter, part)
        part.facts += [Fact("rank", "league position", int(record["rank_before"]), _source(table, before),
                            record["trust_code"], before),
                       Fact("segment", "segment", int(record["adjusted_segment_before"]), _source(table, before),
                            record["trust_code"], before)]
    return joined[keep]


def _movers_part(store: Store, table: str, scope: Scope, query: Query) -> Part:
    """The biggest rises (or falls) in league position between two quarters."""
    quarter = scope.quarter
    assert quarter is not None
    part = Part(quarter=quarter)
    before = _previous(store, table, quarter, query)
    if before is None:
        part.lines.append(f"There is only one quarter of the {table_label(table)} table in our data: "
                          f"{when(quarter)}. So there are no moves to show yet.")
        part.facts.append(Fact("quarter", "the quarter held", quarter, _source(table, quarter), quarter=quarter))
        part.not_held.append(f"an earlier {table_label(table)} quarter than {quarter}")
        return part
    now = select(league_frame(store, table, quarter), query.filters)
    earlier = league_frame(store, table, before).set_index("trust_code")
    joined = now.join(_before(earlier, ["rank", "adjusted_segment", "average_score"]), on="trust_code").dropna(
        subset=["rank_before"])
    joined["change"] = (joined["rank_before"] - joined["rank"]).astype(int)    # + = up the table
    rising = query.order != "bottom"
    chosen = joined[joined["change"] > 0] if rising else joined[joined["change"] < 0]
    chosen = chosen.sort_values(["change", "rank"], ascending=[not rising, True])
    n = min(query.limit or MOVERS, len(chosen))
    if n and len(chosen) > n:
        cut = chosen.iloc[n - 1]["change"]
        n = int((chosen["change"] >= cut).sum()) if rising else int((chosen["change"] <= cut).sum())
    part.facts.append(Fact("listed", "trusts listed", n, _source(table, quarter), quarter=quarter))
    verb = "rose" if rising else "fell"
    part.lines.append(f"These {table_label(table)} trusts {verb} furthest in the league table from "
                      f"{when(before)} to {when(quarter)}.")
    src_now, src_before = _source(table, quarter), _source(table, before)
    for record in chosen.head(n).to_dict("records"):
        code = record["trust_code"]
        places = abs(int(record["change"]))
        part.facts += [*_trust_facts(record, quarter, table),
                       Fact("rank", "league position", int(record["rank_before"]), src_before, code, before),
                       Fact("segment", "segment", int(record["adjusted_segment_before"]), src_before, code, before),
                       Fact("rank_change", "places moved", places, f"our engine: {before} to {quarter}", code,
                            quarter)]
        verdict = _verdict(store, code, before, quarter, part)
        part.lines.append(f"- {record['trust_name']}: {ordinal(record['rank_before'])} → {ordinal(record['rank'])}, "
                          f"{'up' if rising else 'down'} {show(places)} places. Segment "
                          f"{int(record['adjusted_segment_before'])} → {int(record['adjusted_segment'])}. {verdict}")
        part.trusts.append(code)
    if not n:
        part.lines.append(f"- No trust {verb} between those quarters.")
    part.lines.append("With this many trusts, a few moves will look real by chance alone; the test is ours, not "
                      "NHS England's.")
    del src_now
    return part


def _verdict(store: Store, code: str, before: str, quarter: str, part: Part) -> str:
    """Whether one trust's move is real (our paired change test) and what drove it, in words, as a fact too."""
    m = movement_between(store, code, before, quarter)
    if m is None or not m.verdict:
        return ""
    part.facts += [Fact("movement.real", "The change in its own measures is real (our test, not NHS England's)",
                        m.real, f"our engine: {m.method}", code, quarter),
                   Fact("movement.verdict", "Is the move real, and what drove it", m.verdict,
                        f"our engine: {m.method}", code, quarter)]
    label = m.verdict.split(":")[0].split(".")[0]           # "Real change", "Could be chance"
    driver = next((s.strip() for s in m.verdict.split(". ") if s.strip().startswith("The move came")), "")
    return f"{label}." + (f" {driver.rstrip('.')}." if driver else "")


def _override_cost_part(store: Store, table: str, quarter: str, query: Query) -> Part:
    """The trusts the financial override moved furthest down the table: places lost, most first."""
    part = Part(quarter=quarter)
    result = base_result(store, quarter)
    held = select(league_frame(store, table, quarter), replace(query.filters, override_applied=True))
    costs = []
    for record in held.to_dict("records"):
        without = place(result, record["trust_code"], table=table, in_deficit=False)
        costs.append((int(record["rank"]) - without.rank, record, without))
    if not costs:
        part.lines.append(f"No {table_label(table)} trust was held back by the financial override in {when(quarter)}.")
        return part
    costs.sort(key=lambda c: (-c[0], c[1]["rank"]))
    n = query.limit or 1
    cut = costs[min(n, len(costs)) - 1][0]
    shown = [c for c in costs if c[0] >= cut]
    part.lines.append(f"The {table_label(table)} trust{'s' if len(shown) > 1 else ''} the financial override moved "
                      f"furthest down the table in {when(quarter)}:")
    src = f"our engine: {table_label(table)} table, {quarter}, re-placed without the financial override"
    for lost, record, without in shown:
        code = record["trust_code"]
        part.facts += [*_trust_facts(record, quarter, table),
                       Fact("without_override_segment", "segment without the financial override",
                            without.adjusted_segment, src, code, quarter),
                       Fact("without_override_rank", "league position without the financial override", without.rank,
                            src, code, quarter),
                       Fact("override_places_lost", "places lost to the financial override", lost, src, code, quarter)]
        part.lines.append(f"- {record['trust_name']}: {ordinal(record['rank'])} in segment "
                          f"{int(record['adjusted_segment'])}; without the override, {ordinal(without.rank)} in segment "
                          f"{without.adjusted_segment} ({show(lost)} places)")
        part.trusts.append(code)
    return part


def ranked_on_measure(store: Store, quarter: str, table: str, value_id: str) -> pd.DataFrame:
    """NHS England's published rows of one measure's value in one table and quarter, for the trusts it ranked."""
    m = store.metrics
    return m[(m["quarter"] == quarter) & (m["metric_id"] == value_id) & (m["table"] == table) & m["rank"].notna()]


def _measure_part(store: Store, table: str, quarter: str, query: Query) -> Part | None:
    """The best or worst trusts on one measure, by NHS England's published rank of the measure's value ("who has
    the best A&E four-hour performance?"), with the value and rank of each; None for a table not scored on it."""
    part = Part(quarter=quarter)
    metric = framework_for(quarter).catalogue.get(query.metrics[0])
    if table not in metric.tables:
        return None
    value_id = metric.value_id or metric.id
    rows = ranked_on_measure(store, quarter, table, value_id)
    trusts = select(league_frame(store, table, quarter), replace(query.filters, placed=None))["trust_code"]
    rows = rows[rows["trust_code"].isin(set(trusts))].sort_values(["rank", "trust_code"],
                                                                  ascending=query.order != "bottom")
    if rows.empty:
        part.facts.append(Fact("ranked_on_measure", f"trusts NHS England ranked on {metric.short_name}", 0,
                               _source(table, quarter), quarter=quarter))
        part.lines.append(f"NHS England published no {metric.short_name} figures for {describe(query.filters, table)} "
                          f"in {when(quarter)}.")
        return part
    n = min(query.limit or 1, len(rows))
    source = f"{rows['source_file'].iloc[0]}, {value_id}, {quarter}"
    part.facts += [Fact("listed", "trusts listed", n, source, quarter=quarter),
                   Fact("ranked_on_measure", f"trusts NHS England ranked on {metric.short_name}", len(rows), source,
                        quarter=quarter)]
    best = "best" if query.order != "bottom" else "worst"
    unit = "%" if metric.units == "percent" else ""
    who = describe(query.filters, table)
    part.lines.append(f"{'The ' + best if n == 1 else f'The {best} {show(n)}'} {who if n > 1 else _singular(who)} on "
                      f"{metric.short_name.lower() if metric.short_name[:2] != 'A&' else metric.short_name} in "
                      f"{when(quarter)}, by NHS England's ranking of {show(len(rows))} trusts:")
    names = store.trusts.set_index("trust_code")["trust_name"]
    for r in rows.head(n).itertuples():
        src = f"{r.source_file} row {int(r.source_row)}, {value_id}, {quarter}"
        part.facts += [Fact(f"metric.{metric.id}.value", f"{metric.short_name}: value", float(r.value), src,
                            r.trust_code, quarter),
                       Fact(f"metric.{metric.id}.published_rank", f"{metric.short_name}: published rank among peers",
                            int(r.rank), src, r.trust_code, quarter)]
        part.lines.append(f"- {ordinal(int(r.rank))}: {names[r.trust_code]}, {show(float(r.value))}{unit}.")
        part.trusts.append(r.trust_code)
    return part


def _region_part(store: Store, table: str, quarter: str, query: Query) -> Part:
    """How many trusts meeting the filter each region has, most first."""
    part = Part(quarter=quarter)
    rows = select(league_frame(store, table, quarter), replace(query.filters, regions=()))
    counts = []
    for region in REGIONS:
        count = int(sum(region_matches(r, region) for r in rows["region"]))
        counts.append((count, region))
        part.facts.append(Fact("count", f"{describe(query.filters, table, False)} in {region}", count,
                               _source(table, quarter), quarter=quarter))
    counts.sort(key=lambda c: (-c[0], c[1]))
    top = counts[0][0] if query.order != "bottom" else counts[-1][0]
    leaders = [region for count, region in counts if count == top]
    most = "most" if query.order != "bottom" else "fewest"
    lead = " and ".join(leaders)
    verb = "have" if len(leaders) > 1 else "has"
    part.lines.append(f"{lead} {verb} the {most} {describe(query.filters, table)} in {when(quarter)} "
                      f"({show(top)}{' each' if len(leaders) > 1 else ''}). By region:")
    part.lines += [f"- {region}: {show(count)}" for count, region in counts]
    return part


def _subtype_part(store: Store, table: str, quarter: str, query: Query) -> Part:
    part = Part(quarter=quarter)
    rows = select(league_frame(store, table, quarter), replace(query.filters, subtypes=()))
    counts = rows.groupby("subtype").size().sort_values(ascending=False)
    part.lines.append(f"{describe(query.filters, table)} in {when(quarter)}, by kind of trust:")
    for subtype, count in counts.items():
        part.facts.append(Fact("count", f"{subtype} trusts", int(count), _source(table, quarter), quarter=quarter))
        part.lines.append(f"- {str(subtype).replace('Acute - ', '')}: {show(int(count))}")
    return part


def at_the_end(store: Store, query: Query, selected: str | None) -> str | None:
    """The trust at the top (or bottom) of the one table a question is about ("why is the bottom trust in the
    acute table bottom?"), or None when it covers several tables."""
    tables = tables_for(store, query, selected)
    if len(tables) != 1:
        return None
    scope = scope_for(store, tables[0], query, selected)
    if not scope.held or scope.quarter is None:
        return None
    rows = select(league_frame(store, tables[0], scope.quarter), query.filters)
    if rows.empty:
        return None
    return str((rows if query.order != "bottom" else rows.iloc[::-1]).iloc[0]["trust_code"])


def neighbour(store: Store, query: Query, selected: str | None) -> str | None:
    """The trust just above (``query.order`` "top") or just below one trust in its table, or None."""
    code = query.trusts[0]
    table = trust_table(store, code)
    scope = scope_for(store, table, query, selected)
    if not scope.held or scope.quarter is None:
        return None
    frame = league_frame(store, table, scope.quarter).reset_index(drop=True)
    found = frame.index[frame["trust_code"] == code]
    if not len(found):
        return None
    rank = frame.iloc[int(found[0])]["rank"]
    # the next place up or down, not a trust tied with this one (tied trusts share a place)
    others = frame[frame["rank"] > rank] if query.order == "bottom" else frame[frame["rank"] < rank].iloc[::-1]
    return str(others.iloc[0]["trust_code"]) if len(others) else None


def _around(store: Store, code: str, quarter: str, table: str, side: str | None) -> Part:
    """The trusts just above (``side`` "top"), just below ("bottom") or either side of one trust."""
    part = Part(quarter=quarter)
    frame = league_frame(store, table, quarter).reset_index(drop=True)
    index = int(frame.index[frame["trust_code"] == code][0])
    first, last = {"top": (index - AROUND, index + 1), "bottom": (index, index + AROUND + 1)}.get(
        side or "", (index - 3, index + 4))
    nearby = frame.iloc[max(0, first): last]
    row = frame.iloc[index]
    part.facts += _trust_facts(row, quarter, table)
    where = {"top": "just above", "bottom": "just below"}.get(side or "", "around")
    part.lines.append(f"The trusts {where} {row['trust_name']} ({ordinal(row['rank'])}) in {when(quarter)}:")
    for record in nearby.to_dict("records"):
        part.facts += _trust_facts(record, quarter, table)
        part.lines.append(_line(record) + (" ← this trust" if record["trust_code"] == code else ""))
        part.trusts.append(record["trust_code"])
    return part


def _members_part(store: Store, table: str, query: Query) -> Part:
    """A table we hold no figures for: the trusts NHS England places in it that the question's region names
    ("the ambulance services in the Midlands": East Midlands and West Midlands), by name only."""
    part = Part()
    regions = query.filters.regions
    if not regions:
        return part
    trusts = store.trusts[store.trusts["table"] == table]
    members = trusts[[any(region_matches(str(label), region) for region in regions) for label in trusts["region"]]]
    if members.empty:
        return part
    where = " and ".join(map(the_region, regions))
    names = in_a_list(list(members["trust_name"]))
    part.lines.append(f"The {table_label(table)} trusts in {where}: {names}.")
    part.trusts = list(members["trust_code"])
    return part


def compose_table_question(query: Query, store: Store, selected: str | None, audience: str) -> Answer:
    parts: list[Part] = []
    notes: list[str] = []
    facts: list[Fact] = []
    not_held: list[str] = []
    around = query.output == "around" and query.trusts
    covered = tables_for(store, query, selected)
    left_out = [t for t in tables_for(store, query) if t not in covered]
    if left_out and not query.quarter:                  # a quarter chosen in the app that some tables do not have
        summary, held_facts = held_summary(store)
        notes.append(f"The {' and '.join(table_label(t) for t in left_out)} table is not in this answer: we do not "
                     f"hold it for {selected}. We hold {summary}.")
        facts += held_facts + [Fact("quarter_selected", "the quarter chosen", selected, "the app", quarter=selected)]
    lacking = [t for t in TABLES if store.quarters_of(t) and t not in covered] if not query.tables else []
    if lacking and query.quarter_asked and query.quarter and not query.since and query.output != "movers" \
            and not around:
        # "how many trusts are in segment 1 this winter?": the tables that hold it, and one line on those that do not
        # (context, not something asked for: the question named no table)
        notes.append(f"We do not hold the {' or '.join(table_label(t) for t in lacking)} table for {query.quarter}, "
                     f"so {'it is' if len(lacking) == 1 else 'they are'} not in this answer.")
    for table in covered:
        scope = scope_for(store, table, query, selected)
        if scope.note:
            notes.append(scope.note)
            facts += scope.facts
            not_held += scope.not_held
        if not scope.held:
            members = _members_part(store, table, query)
            parts += [members] if members.lines else []
            continue
        assert scope.quarter is not None
        if around:
            if store.trusts.set_index("trust_code").loc[query.trusts[0], "table"] == table:
                parts.append(_around(store, query.trusts[0], scope.quarter, table, query.order))
        elif query.output == "movers" or (query.filters.moved and query.output == "list" and query.order):
            parts.append(_movers_part(store, table, scope, query))
        elif query.output == "likely_span":
            parts.append(_likely_span_part(store, table, scope.quarter, query))
        elif query.output == "override_cost":
            parts.append(_override_cost_part(store, table, scope.quarter, query))
        elif query.output == "by_region":
            parts.append(_region_part(store, table, scope.quarter, query))
        elif query.output == "by_subtype":
            parts.append(_subtype_part(store, table, scope.quarter, query))
        elif query.metrics and query.order and query.output == "list" and not query.filters.moved:
            measured = _measure_part(store, table, scope.quarter, query)
            parts += [measured] if measured is not None else []
        elif query.each_region:
            parts += [_group_part(store, table, scope.quarter,
                                  replace(query, filters=replace(query.filters, regions=(region,))))
                      for region in query.filters.regions]
        else:
            parts.append(_group_part(store, table, scope.quarter, query))
    estimated = sorted({n.rsplit(" for ", 1)[1] for p in parts for n in p.not_held
                        if n.startswith("NHS England's likely ranges for ")})
    notes += [f"NHS England has not published likely ranges for {q}: the ranges below are our estimate by their "
              "method." for q in estimated]
    published = sorted({p.quarter for p in parts if p.quarter and not is_recomputed(p.quarter)})
    notes += [f"These are NHS England's figures for {q}, {AS_PUBLISHED}: {not_recomputed_reason(q)}." for q in published]
    lines = list(dict.fromkeys(notes))
    for part in parts:
        if lines:
            lines.append("")
        lines += part.lines
        facts += part.facts
        not_held += part.not_held
    if not parts and not lines:
        lines.append("I couldn't find a table to answer that from.")
    corrects = any(p.corrects for p in parts) if any(p.corrects is not None for p in parts) else None
    if query.claim_trust and parts:
        claim_line, claim_facts, corrects = _claim_checked(store, query, parts)
        lines.insert(0, claim_line)
        facts += claim_facts
    if query.peer and parts:
        peer_line, peer_facts = _peer_placed(store, query.peer, query.filters, parts)
        lines.insert(0, peer_line)
        facts += peer_facts
    caveats = _caveats(query, parts, store)
    lines += [text for text, _ in caveats]
    if any(topic[0] == "financial-override" for _, topic in caveats) and parts and parts[0].quarter:
        cap = base_result(store, parts[0].quarter).rules.override.best_allowed_segment
        facts.append(Fact("scale.override_cap", "the best segment a trust in deficit can be in", cap,
                          "NHS Oversight Framework rules"))
    trusts = [code for part in parts for code in part.trusts]
    if query.claim_trust:                                # the trust the claim is about comes first
        trusts = [query.claim_trust] + [code for code in trusts if code != query.claim_trust]
    quarter = parts[0].quarter if parts else None
    citations = cite_all([("league-positions", "segment first"), *[topic for _, topic in caveats]])
    return Answer("\n".join(lines), audience, "table", trusts, quarter, facts, citations,
                  _follow_ups(query, store, trusts), unavailable=list(dict.fromkeys(not_held)),
                  corrects_premise=bool(corrects), question=query.question)


def _claim_checked(store: Store, query: Query, parts: list[Part]) -> tuple[str, list[Fact], bool]:
    """'Is it the best in the Midlands?': yes, or no with where the trust is; the trust's own facts."""
    code = query.claim_trust
    if code is None:
        return "", [], False
    part = next((p for p in parts if p.quarter and trust_row(store, p.quarter, code) is not None), parts[0])
    row = trust_row(store, part.quarter, code) if part.quarter else None
    if row is None or part.quarter is None:
        return "", [], False
    word = "best" if query.order != "bottom" else "worst"
    group = describe(query.filters, row.table)
    chosen = select(league_frame(store, row.table, part.quarter), query.filters)
    ranks = chosen["rank"]
    who = _singular(group)
    where = (f"{ordinal(row.rank)} of {show(int(row.table_size))} in the {table_label(row.table)} table, in segment "
             f"{show(int(row.adjusted_segment))}")
    if code not in set(chosen["trust_code"]):            # "is Leeds the best in London?": not one of them at all
        facts = _row_facts(row, part.quarter) + [
            group_size(group, len(ranks), _source(row.table, part.quarter), part.quarter)]
        return (f"No. {row.trust_name} is not one of the {group}. It is {where}. The {word} {who} is below.",
                facts, True)
    place = 1 + int((ranks < row.rank).sum())
    facts = _row_facts(row, part.quarter) + [
        Fact("group_place", f"place among the {group}", place, _source(row.table, part.quarter), code, part.quarter),
        group_size(group, len(ranks), _source(row.table, part.quarter), part.quarter)]
    among = f"{ordinal(place)} of the {show(len(ranks))} {group}"
    if code in part.trusts:
        return f"Yes. {row.trust_name} is the {word} {who}: {among}.", facts, False
    return f"No. {row.trust_name} is {among}, {where}. The {word} {who} is below.", facts, True


def _peer_placed(store: Store, code: str, filters: Filters, parts: list[Part]) -> tuple[str, list[Fact]]:
    """'How do we compare with the others in our region?': the trust's place among the trusts listed, first."""
    part = next((p for p in parts if p.quarter and code in p.trusts), None)
    row = trust_row(store, part.quarter, code) if part and part.quarter else None
    if part is None or part.quarter is None or row is None:
        return "", []
    ranks = select(league_frame(store, row.table, part.quarter), filters)["rank"]
    place = 1 + int((ranks < row.rank).sum())
    who = describe(filters, row.table)
    facts = _row_facts(row, part.quarter) + [
        Fact("group_place", f"place among the {who}", place, _source(row.table, part.quarter), code, part.quarter),
        group_size(who, len(ranks), _source(row.table, part.quarter), part.quarter)]
    return (f"{row.trust_name} is {ordinal(place)} of the {show(len(ranks))} {who} ({ordinal(row.rank)} of "
            f"{show(int(row.table_size))} in the whole {table_label(row.table)} table, segment "
            f"{show(int(row.adjusted_segment))})."), facts


CAVEATS = {
    "financial-override": "The financial override is about money, not the quality of care. A trust in deficit "
                          "cannot be above segment {cap}, however good its scores.",
    "specialist-trusts": "Specialist trusts fill the top of the acute table. They are scored on fewer measures, "
                         "usually with no A&E measures.",
}


def _caveats(query: Query, parts: list[Part], store: Store) -> list[tuple[str, tuple[str, str]]]:
    out = []
    held = any(f.key == "without_override_rank" for p in parts for f in p.facts)
    if query.filters.override_applied or query.filters.in_deficit or held:
        cap = base_result(store, parts[0].quarter).rules.override.best_allowed_segment if parts and parts[0].quarter \
            else 3
        out.append((CAVEATS["financial-override"].format(cap=cap), ("financial-override", "not a judgement")))
    if query.output == "count" and not query.filters:
        out.append(("NHS England ranks each kind of trust in its own table. A position only compares a trust with "
                    "others of its kind.", ("three-tables", "")))
    if query.filters.specialist is not None:
        out.append(("Specialist trusts are scored on fewer measures, usually with no A&E measures. So people often "
                    "set them apart when they compare general hospitals.", ("specialist-trusts",
                                                                             "compare a specialist")))
    specialists = [p for p in parts if p.trusts and query.order == "top" and query.output == "list"
                   and query.filters.specialist is None
                   and any(f.key == "table_size" and "acute" in f.label for f in p.facts)]
    if specialists:
        out.append((CAVEATS["specialist-trusts"], ("specialist-trusts", "top of the acute table")))
    return out


def _follow_ups(query: Query, store: Store, trusts: list[str]) -> list[str]:
    ideas = []
    if trusts:
        name = store.trusts.set_index("trust_code").loc[trusts[0], "trust_name"]
        ideas.append(f"Why is {name} placed where it is?")
    if query.filters.specialist is not False:
        ideas.append("What is the best non-specialist acute trust?")
    ideas.append("How many trusts were held back by the financial override?")
    return ideas[:3]
