"""Table questions: top and bottom N, counts and lists by segment, region, subtype, override or support.

Numbers come from the engine's results for the quarter; each listed trust's rank, segment and average is a
fact with its source, and every count is a fact computed from the table it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from assistant.answers import Answer
from nhs_league.errors import LeagueError
from assistant.citations import cite_all
from scoring.explain.facts import Fact, FactBook, ordinal, show
from scoring.explain.results import base_result, table_label
from scoring.store import Store

MAX_LISTED = 25


@dataclass(frozen=True)
class TableRequest:
    """What a table question asks: an operation over the trusts that pass the filters."""

    op: str = "top"                 # top | bottom | count | list
    n: int = 5
    table: str | None = None
    segment: int | None = None
    region: str | None = None
    subtype: str | None = None      # a word of the subtype ("Teaching", "Specialist"), or "non-specialist"
    held_back: bool = False         # the override applied (deficit and scores in segment 1 or 2)
    in_deficit: bool = False        # the deficit flag, whether or not it changed the segment
    recovery_support: bool = False
    unadjusted_segment: int | None = None


def _region_matches(region: str, wanted: str) -> bool:
    region, wanted = region.lower(), wanted.lower().replace("east of england", "east")
    if wanted in ("north east", "yorkshire", "north east and yorkshire"):
        return region.startswith("north east")
    return region == wanted


def select(result_trusts: pd.DataFrame, request: TableRequest, table: str) -> pd.DataFrame:
    rows = result_trusts[result_trusts["table"] == table]
    if request.segment is not None:
        rows = rows[rows["adjusted_segment"] == request.segment]
    if request.unadjusted_segment is not None:
        rows = rows[rows["unadjusted_segment"] == request.unadjusted_segment]
    if request.region:
        rows = rows[[_region_matches(r, request.region) for r in rows["region"]]]
    if request.subtype == "non-specialist":
        rows = rows[~rows["subtype"].str.contains("Specialist")]
    elif request.subtype:
        rows = rows[rows["subtype"].str.lower().str.contains(request.subtype.lower())]
    if request.held_back:
        rows = rows[rows["financial_override"]]
    if request.in_deficit:
        rows = rows[rows["in_deficit"]]
    if request.recovery_support:
        rows = rows[rows["recovery_support"]]
    return rows.sort_values(["rank", "trust_code"])


def _subject(request: TableRequest, table: str) -> str:
    kind = ("non-specialist " if request.subtype == "non-specialist"
            else f"{request.subtype.lower()} " if request.subtype else "")
    region = f" in {request.region}" if request.region else ""
    return f"{kind}{table_label(table)} trusts{region}"


def _predicate(request: TableRequest) -> str:
    parts = []
    if request.segment is not None:
        parts.append(f"are in segment {request.segment}")
    if request.unadjusted_segment is not None:
        parts.append(f"had scores placing them in segment {request.unadjusted_segment}")
    if request.held_back:
        parts.append("were held back by the financial override")
    if request.in_deficit:
        parts.append("have the financial deficit flag")
    if request.recovery_support:
        parts.append("are in the Recovery Support Programme")
    return " and ".join(parts) or "are in the table"


CAVEAT_TEXT = {
    "financial-override": "The financial override is about money, not the quality of care: a trust in deficit "
                          "cannot be placed above segment 3 however good its scores.",
    "specialist-trusts": "Specialist trusts fill the top of the acute table: they are scored on fewer metrics, "
                         "usually without A&E measures.",
    "segment-5": "Trusts in the Recovery Support Programme get the most intensive support from NHS England.",
}


def compose_table(store: Store, request: TableRequest, quarter: str, audience: str,
                  chosen_override: pd.DataFrame | None = None, heading: str | None = None) -> Answer:
    table = request.table or "acute"
    result = base_result(store, quarter)
    chosen = select(result.trusts, request, table) if chosen_override is None else chosen_override
    book = FactBook(quarter=quarter)
    subject, predicate = _subject(request, table), _predicate(request)
    size = int((result.trusts["table"] == table).sum())
    book.add("table_size", f"trusts in the {table_label(table)} table", size,
             f"engine: {table_label(table)} table, {quarter}", trust=None)
    lines: list[str] = []
    listed = chosen
    if request.op in ("top", "bottom"):
        n = max(1, min(request.n, MAX_LISTED))
        listed = chosen.head(n) if request.op == "top" else chosen.tail(n).iloc[::-1]
        placed = "highest placed" if request.op == "top" else "lowest placed"
        which = "" if predicate == "are in the table" else f" that {predicate}"
        lines.append(heading or f"The {placed} {subject}{which} in {quarter} (the {table_label(table)} table has "
                                f"{show(size)} trusts):")
    else:
        count = len(chosen)
        book.add("count", f"number of {subject} that {predicate}", count,
                 f"engine: {table_label(table)} table, {quarter}", trust=None)
        if predicate == "are in the table" and not request.region and not request.subtype:
            lines.append(f"The {table_label(table)} table has {show(count)} trusts in {quarter}.")
        else:
            lines.append(f"In {quarter}, {show(count)} of the {show(size)} {table_label(table)} trusts "
                         f"{'(' + subject + ') ' if subject != table_label(table) + ' trusts' else ''}{predicate}.")
        if request.op == "count" and count > MAX_LISTED:
            listed = chosen.iloc[0:0]
        elif count > MAX_LISTED:
            listed = chosen.head(MAX_LISTED)
            lines.append(f"The first {show(MAX_LISTED)} by league position:")
    facts: list[Fact] = list(book.facts)
    for row in listed.to_dict("records"):
        code = row["trust_code"]
        source = f"engine: league position, {quarter} (published as OF5000 rank)"
        facts += [Fact("rank", "league position", int(row["rank"]), source, code, quarter),
                  Fact("segment", "segment", int(row["adjusted_segment"]), source, code, quarter),
                  Fact("average_score", "average metric score", float(row["average_score"]), source, code, quarter)]
        flag = " (held at segment 3 by the financial override)" if row["financial_override"] else ""
        lines.append(f"- {ordinal(row['rank'])}: {row['trust_name']} ({code}), segment {int(row['adjusted_segment'])}, "
                     f"average {row['average_score']:.2f}{flag}")
    if chosen.empty:
        lines.append("No trust matches all of that in this quarter's data.")
    caveats = _caveats(request, table, listed)
    lines += [CAVEAT_TEXT[doc] for doc, _ in caveats if doc in CAVEAT_TEXT]
    if any(doc == "financial-override" for doc, _ in caveats):
        cap = result.rules.override.best_allowed_segment
        facts.append(Fact("override_cap", "best segment a trust in deficit can have", cap,
                          f"rules: NHS Oversight Framework {result.rules.framework_year} financial override"))
    citations = cite_all([("league-positions", "segment first"), *caveats])
    follow_ups = _follow_ups(request, table, listed)
    return Answer("\n".join(lines), audience, "table", [r["trust_code"] for r in listed.to_dict("records")], quarter,
                  facts, citations, follow_ups)


def _caveats(request: TableRequest, table: str, chosen: pd.DataFrame) -> list[tuple[str, str]]:
    """Method passages the answer should cite, given the trusts it shows."""
    topics = []
    if request.held_back or request.in_deficit or (not chosen.empty and chosen["financial_override"].any()):
        topics.append(("financial-override", "not a judgement"))
    if table == "acute" and request.op == "top" and not chosen.empty and chosen.head(3)["subtype"].str.contains(
            "Specialist").any():
        topics.append(("specialist-trusts", "top of the acute table"))
    if request.recovery_support:
        topics.append(("segment-5", ""))
    if request.subtype == "non-specialist" or (request.subtype or "").lower() == "specialist":
        topics.append(("specialist-trusts", "top of the acute table"))
    if request.op == "count" and not (request.segment or request.held_back or request.in_deficit
                                      or request.recovery_support or request.region or request.subtype):
        topics.append(("three-tables", ""))
    return topics


def _follow_ups(request: TableRequest, table: str, listed: pd.DataFrame) -> list[str]:
    ideas = []
    if not listed.empty:
        ideas.append(f"Why is {listed.iloc[0]['trust_name']} placed where it is?")
    if table == "acute" and request.subtype != "non-specialist":
        ideas.append("What is the best non-specialist acute trust?")
    ideas.append("How many trusts were held back by the financial override?")
    return ideas[:3]


def quarter_for(store: Store, table: str, asked: str | None, selected: str | None) -> str:
    """The quarter a question means for a table: the one asked for, else the one selected, else the latest."""
    from scoring.quarters import parse_quarter

    available = [q for q in store.quarters if table in store.tables_in(q)]
    if asked:
        return parse_quarter(asked, available)
    if selected and selected in available:
        return selected
    return parse_quarter(None, available)


OPS = {"top": "top", "bottom": "bottom", "count_segment": "count", "count_override": "count", "count_table": "count",
       "list_segment": "list", "list_override": "list", "best_non_specialist": "top", "by_region": "list",
       "by_subtype": "list", "above": "above"}


def request_from(understood) -> TableRequest:
    """Turn the understood table query into a TableRequest."""
    query = understood.table_query
    kind = getattr(query, "kind", None) or "top"
    op = OPS.get(kind, "top")
    n = getattr(query, "n", None) or (1 if kind == "best_non_specialist" else 5)
    segment = getattr(query, "segment", None)
    recovery = segment == 5
    segment = None if recovery else segment
    override = getattr(query, "override", None)
    subtype = "non-specialist" if kind == "best_non_specialist" else _subtype_word(getattr(query, "subtype", None))
    unadjusted = None
    if override == "held_back" and segment in (1, 2) and re.search(r"\bfrom segment\b|\bout of segment\b",
                                                                     understood.cleaned_question.lower()):
        unadjusted, segment = segment, None  # "held back from segment 1": their scores put them there
    return TableRequest(op=op, n=int(n), table=understood.table, segment=segment, region=getattr(query, "region", None),
                        subtype=subtype, held_back=override == "held_back", in_deficit=override == "flag",
                        recovery_support=recovery, unadjusted_segment=unadjusted)


def _subtype_word(label: str | None) -> str | None:
    """'Acute - Specialist' → 'Specialist' (matched as a word of the store's subtype)."""
    if not label:
        return None
    return label.split(" - ", 1)[-1]


def _above(store: Store, understood, quarter: str, audience: str) -> Answer:
    """The trusts just above the trust in play (\"who is above it?\")."""
    code = next(iter(understood.trusts or getattr(understood.context, "trusts", ()) or ()), None)
    if code is None:
        return Answer("Which trust do you mean? Name a trust first, then ask who is above it.", audience, "table",
                      needs_clarification=True, question=understood.cleaned_question)
    result = base_result(store, quarter)
    row = result.trust(code)
    request = TableRequest(op="list", table=row["table"])
    ahead = select(result.trusts, request, row["table"])
    ahead = ahead[ahead["rank"] < row["rank"]].tail(10)
    reply = compose_table(store, TableRequest(op="top", n=10, table=row["table"]), quarter, audience,
                          chosen_override=ahead, heading=f"The trusts just above {row['trust_name']} "
                                                         f"({ordinal(row['rank'])}) in {quarter}:")
    reply.facts.append(Fact("rank", "league position", int(row["rank"]), f"engine: league position, {quarter}",
                            code, quarter))
    return reply


def _default_table(store: Store, asked_quarter: str | None) -> str:
    """Acute, unless the quarter asked for has no acute data (then the first table it has)."""
    from scoring.quarters import parse_quarter

    if asked_quarter:
        try:
            quarter = parse_quarter(asked_quarter, store.quarters)
        except LeagueError:
            return "acute"
        tables = store.tables_in(quarter)
        return "acute" if "acute" in tables or not tables else tables[0]
    return "acute"


def compose_table_question(store: Store, understood, session, audience: str) -> Answer:
    request = request_from(understood)
    table = request.table or _default_table(store, understood.quarter)
    if request.table is None:
        request = TableRequest(**{**request.__dict__, "table": table})
    quarter = quarter_for(store, table, understood.quarter, session.quarter)
    if request.op == "above":
        reply = _above(store, understood, quarter, audience)
    else:
        reply = compose_table(store, request, quarter, audience)
    reply.question = understood.cleaned_question
    return reply
