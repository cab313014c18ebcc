"""What a question takes from the conversation: the trust it points back to ("it", "the first one", "compare the
two"), the last table question it continues ("and the bottom?", "and in Q1?"), the quarters of a move, and the
context the next question starts from. A question naming another trust, a table or a topic of its own never
inherits the last trust."""

from __future__ import annotations

import re
from dataclasses import fields, replace

from assistant.query import TRUST_INTENTS, Query
from assistant.session import Context, remember
from assistant.understanding.intents import NTH_ONE, ordinal_index
from assistant.understanding.mentions import prefer
from assistant.understanding.question import Said
from assistant.understanding.quarters import QuarterReading
from scoring.explain.trust_rows import trust_row
from scoring.names import TrustFinder

_THE_OTHER = re.compile(r"\bthe other (one|trust|hospital)\b|\bthe other\b(?! (\w+ )?(tables?|quarters?|way))")
_THEN_AND_NOW = re.compile(r"\b(now|too|still|again|as well|wasn t|wasnt|weren t|werent|was it|were we|were they|"
                           r"used to be|back then|since then|compared? (with|to)|compares (with|to)|against|versus|vs)\b")
_OF_THEM = re.compile(r"\b(of|among|amongst) (them|those|these|that list|this list|the list)\b|"
                      r"^(and |so |but )?(are|were) (they|those|these|them) all\b|"
                      r"\b(any|all|none) of (them|those|these)\b")
_LIST_THEM = re.compile(r"\b(list|name|show) (me )?(them|those|these|all|the ones)\b|\ball of them\b|\bwhich are they\b")
_COUNTED_BACK = re.compile(r"\b(last|previous|prior|latest|this|current|past) (quarter|table|time|one)\b|"
                           r"\bquarter before\b|\bthe one before\b")
_SPEAKS_FOR = re.compile(r"\b(we|we re|were|we are|our|us|my trust|i work (at|for|in))\b")
_WE_ARE = re.compile(r"\b(we re|we are|i work (at|for|in)|i m (at|from)|our trust is|my trust is|we at)\b")
_NATIONAL = re.compile(r"\bnationally\b|\bin england\b|\boverall\b|\bacross england\b|\ball regions\b|"
                       r"\bin the country\b|\bthe whole country\b")
WHY_ALONE = re.compile(r"^(but |and |so |ok |okay )?(why|how come|why is that|why so|how|explain|what caused that|"
                        r"why not|why was that|why did that happen|why is it|why is that so|explain why|"
                        r"tell me why|what s the reason|what is the reason)$")


_NOT_A_TRUST = re.compile(r"\bthe (first|last|second|third|fourth)( and (the )?(first|last|second|third|fourth))? "
                          r"(\w+ )?(quarters?|tables?|publications?|releases?|results)\b|"
                          r"\bwhen (it|they) (first )?(came out|started|began|(was|were) (first )?published)\b")


def referent_to_a_trust(masked: str) -> bool:
    """Whether the question points back at a trust ("it", "the first one"), not at a table ("the first table")."""
    return bool(re.search(r"\b(it|its|they|them|their|that one|this one|the trust|the hospital|the first one|"
                          r"the other one|the other trust|the other hospital|that trust|this trust|that hospital|"
                          r"this hospital|"
                          r"the second one|the last one|the top one|the bottom one|the best one|the worst one|the first|"
                          r"the last)\b", _NOT_A_TRUST.sub(" ", masked)))


# "the bottom one", "the second trust": one trust picked from the last list
PICKED_FROM_LIST = re.compile(rf"\bthe ({NTH_ONE}) (one|trust|hospital)\b")
# "who's bottom?", "the bottom one": one trust, not the list continued
_ONE_OF_THEM = re.compile(r"\b(one|who|whos|which trust|what trust|trust|hospital|1)\b")


def carried_limit(query: Query, previous: Query | None, said: Said) -> int | None:
    """The list's length for a follow-up at the same end: "and the bottom of the region in Q2?" after a bottom 5 is
    the bottom 5 again ("who's bottom?" is one trust)."""
    if previous is not None and query.order == previous.order and query.limit == 1 and (previous.limit or 0) > 1 \
            and not _ONE_OF_THEM.search(said.masked):
        return previous.limit
    return query.limit


_THEY_EACH = re.compile(r"\b(they|them) (each|all|both)\b|\beach of (them|those|these)\b")


def continue_table(query: Query, previous: Query, said: Said) -> Query:
    """'and the bottom?', 'and in Q1?', 'what about London?': the last table question with what this one says."""
    filters = previous.filters
    new = query.filters
    regions = () if _NATIONAL.search(said.masked) else (new.regions or filters.regions)
    merged = replace(filters, **{f.name: getattr(new, f.name) for f in fields(new)
                                 if getattr(new, f.name) not in ((), None) and f.name != "regions"}, regions=regions)
    pool = query.context.listed if len(query.context.listed) > 1 else query.context.trusts
    if _THEY_EACH.search(said.masked) and query.context.trusts and query.context.trusts != query.context.listed and \
            previous.of_those is False and len(query.context.trusts) > 1:
        # "where would they each be without it?" after "which of those are in London?": the trusts just named
        return replace(previous, intent="table", question=query.question, truncated=query.truncated,
                       filters=replace(previous.filters, among=query.context.trusts), order=None, limit=None,
                       output="list", uses_context=True, context=query.context, trusts=(), candidates=())
    if _OF_THEM.search(said.masked) and (previous.order and previous.limit and previous.output == "list" or
                                         len(query.context.listed) > 1 and previous.output == "around") and \
            merged.placed is None and (query.output in ("count", "share") or new) and pool:
        # "how many of them are community trusts?", "are any of those in deficit?" after a top-10 list, "going back
        # to that list, how many …?" after picking one of it: among the trusts it listed (the top ten of a region
        # are not the table's top ten)
        merged = replace(merged, among=pool)
        return replace(previous, intent="table", question=query.question, truncated=query.truncated, of_those=True,
                       filters=merged, order=None, limit=None, output=query.output if query.output != "list" else "count",
                       uses_context=True, context=query.context, trusts=(), candidates=())
    if query.tables or query.order:                     # another table, or another end of it: not "those" any more
        merged = replace(merged, among=())
    around = previous.output == "around" and not query.tables   # "and in Q1?" after "who is just above them?"
    # another table keeps a quarter named outright ("in Q2"), not one counted back ("last quarter")
    carried = previous.quarter_asked and not _COUNTED_BACK.search(previous.question.lower())
    output = query.output if query.output != "list" or query.order or _LIST_THEM.search(said.masked) \
        or (previous.output == "by_region" and new.regions) else previous.output
    limit = carried_limit(query, previous, said) if query.order else None if output in ("count", "share") and \
        previous.output not in ("count", "share") else previous.limit
    return replace(previous, intent="table", question=query.question, truncated=query.truncated,
                   tables=query.tables or previous.tables, filters=merged, of_those=bool(_OF_THEM.search(said.masked)),
                   quarter=query.quarter or (previous.quarter if carried or not query.tables else None),
                   quarter_asked=query.quarter_asked or (previous.quarter_asked and (carried or not query.tables)),
                   since=query.since or previous.since,
                   order=query.order or previous.order, limit=limit,
                   nth=query.nth if query.order else previous.nth, output=output,
                   uses_context=True, context=query.context, trusts=previous.trusts if around else (), candidates=(),
                   years_not_held=query.years_not_held)


def with_context(query: Query, context: Context, said: Said, finder: TrustFinder,
                 tables: tuple[str, ...]) -> Query:
    """Trusts the question points back to: 'it', 'the first one', 'compare the two', 'the hospital one'."""
    masked = said.masked
    if context.candidates and not query.trusts:
        picked = prefer(context.candidates, finder, tables, said.plain)
        if len(picked) == 1:
            return replace(query, trusts=(picked[0],), uses_context=True)
    if not (context.trusts or context.listed) or query.intent not in TRUST_INTENTS:
        return query
    if _THE_OTHER.search(masked) and not query.trusts:
        # "and the other one?": the other trust offered when a name fitted two, or the other of the last two
        pool = context.candidates or context.recent_trusts[-2:]
        others = [c for c in pool if c not in context.trusts[:1]]
        if len(others) == 1:
            return replace(query, trusts=(others[0],), uses_context=True)
    ordinal = re.search(rf"\bthe ({NTH_ONE})( one| trust| hospital)?\b"
                        r"(?! ?(\w+ )?(tables?|quarters?|league|publications?|releases?|results|figures|time)\b)",
                        masked)
    # "the second one" after a list or a comparison, even once "the first one" was picked from it, or after a side
    # question on the list ("which of those are in deficit?")
    pool = context.listed or context.trusts
    if ordinal and len(pool) > 1 and (
            pool == context.trusts or ordinal.group(1) not in ("first", "last") or len(context.recent_trusts) < 2
            or set(context.recent_trusts[-2:]) <= set(pool)):
        index = ordinal_index(ordinal.group(1))
        if context.listed_bottom_first:
            index = -1 - index                     # a bottom-N list starts with the bottom one: counted in league order
        if -len(pool) <= index < len(pool):
            return replace(query, trusts=(pool[index],), uses_context=True,   # in the list's quarter
                           quarter=query.quarter or (context.quarter if not query.years_not_held else None))
    if not context.trusts:
        return query
    if ordinal and len(context.trusts) == 1 and len(context.recent_trusts) >= 2 and \
            ordinal.group(1) in ("first", "second", "last"):
        pair = context.recent_trusts[-2:]              # "why is the first one lower?" after one trust, then another
        return replace(query, trusts=(pair[-1] if ordinal.group(1) == "last" else pair[0 if ordinal.group(1) == "first"
                                                                                      else 1],), uses_context=True)
    if query.intent == "compare" and len(context.recent_trusts) >= 2 and (re.search(
            r"\b(the two|both|them|they|these|those)\b", masked) or (not query.trusts and len(context.trusts) < 2)):
        # "compare the two", or "which is better?" after one trust and then another
        return replace(query, trusts=tuple(context.recent_trusts[-2:]), uses_context=True)
    trusts = list(query.trusts)
    if query.intent == "compare" and not trusts and len(context.trusts) >= 2:
        trusts = list(context.trusts[:4])               # "what about in Q2?" after comparing two trusts
    elif query.intent == "compare":
        trusts = [context.trusts[0]] + [t for t in trusts if t != context.trusts[0]]
    elif not trusts:
        trusts = [context.trusts[0]]
    quarter, since = query.quarter, query.since
    if query.intent == "movement":
        if since is None and quarter is None and context.quarter:
            since = context.quarter                 # "what about Q1?" then "why did it drop?": from Q1 to now
    elif quarter is None and context.quarter and not query.years_not_held:
        quarter = context.quarter
    return replace(query, trusts=tuple(trusts), quarter=quarter, since=since, uses_context=True)


def like_the_last_trust(query: Query, context: Context, finder: TrustFinder, store) -> Query:
    """'How many are in the same boat?': the trusts of the last trust's table placed like it: held back by the
    override when that was the talk, else in its segment."""
    code = context.trusts[0]
    table = finder.tables_by_code.get(code)
    if table is None:
        return query
    held = store.quarters_of(table)
    quarter = query.quarter or (context.quarter if context.quarter in held else None) or (held[-1] if held else None)
    row = trust_row(store, quarter, code) if quarter else None
    if row is None:
        return query
    if context.about_override and bool(row.financial_override):
        filters = replace(query.filters, override_applied=True)
    else:
        filters = replace(query.filters, segments=(int(row.adjusted_segment),))
    return replace(query, tables=(table,), quarter=quarter, filters=filters, uses_context=True)


def movement_quarters(query: Query, reading: QuarterReading, masked: str) -> Query:
    """A move is into ``quarter`` from ``since``: 'since Q1' alone compares Q1 with the latest, and so does a
    claim about one past quarter ('it was segment 2 in Q1, wasn't it?', 'were we top last quarter too?')."""
    if reading.since and not reading.quarter:
        return replace(query, quarter=None, quarter_asked=False, since=reading.since)
    if reading.quarter and not reading.since and _THEN_AND_NOW.search(masked):
        return replace(query, quarter=None, quarter_asked=False, since=reading.quarter)
    return query


def _own_trust(query: Query, context: Context) -> str | None:
    """The trust the user speaks for: the one trust named with 'we', 'our' or 'us' (kept once said, unless
    they say 'we're …' of another)."""
    text = query.question.lower().replace("'", " ")
    if len(query.trusts) != 1 or query.uses_context:
        return context.own
    if _WE_ARE.search(text) or (context.own is None and _SPEAKS_FOR.search(text)):
        return query.trusts[0]
    return context.own


def next_context(query: Query, context: Context, finder: TrustFinder, store) -> Context:
    trusts = query.trusts
    tables = query.tables or tuple(dict.fromkeys(finder.tables_by_code[c] for c in trusts
                                                 if c in finder.tables_by_code))
    # a quarter none of the tables in play holds was said to be not held once; it is not carried on
    held = not tables or any(query.quarter in store.quarters_of(t) for t in tables)
    if tables and not any(store.quarters_of(t) for t in tables) and query.uses_context and \
            context.intent == "table" and context.table_query is not None:
        # "and the ambulance service there?" after a region's list: a table we hold nothing for is a side step,
        # so "and in Q1?" next still continues the list
        return replace(context, recent_trusts=remember(context.recent_trusts, trusts))
    return Context(
        trusts=trusts or ((query.claim_trust,) if query.claim_trust else
                          context.trusts if query.intent not in ("table", "method", "definition") else ()),
        recent_trusts=remember(context.recent_trusts, trusts),
        counted_from=query.quarter if query.quarter_asked else None,
        quarter=(query.quarter if query.quarter_asked and held else None if query.quarter_asked else
                 context.quarter if query.uses_context and query.intent != "movement" and not query.years_not_held
                 else None),
        metrics=query.metrics,
        intent=query.intent,
        tables=tables or (context.tables if query.uses_context else ()),
        # "which of those are in deficit?" is a side question: the next follow-up continues the list before it
        table_query=replace(query, context=Context(), tables=tables,       # a quarter not held is not carried on
                            quarter=query.quarter if held else None, quarter_asked=query.quarter_asked and held)
        if query.intent == "table" and not (
            query.of_those and context.table_query is not None) else context.table_query,
        candidates=query.candidates or (context.candidates if query.uses_context and (
            not query.trusts or query.trusts[0] in context.candidates) else ()),
        premise=query.premise or (context.premise if query.uses_context else None),
        own=_own_trust(query, context),
        about_override=query.without_override or query.premise == "override" or bool(query.filters.override_applied)
        or "deficit" in query.asks,
        listed=trusts if len(trusts) > 1 else context.listed if query.uses_context or query.intent == "table" else (),
        # a side question's list ("which of those are in deficit?") is in table order, whatever the list before
        listed_bottom_first=(query.order == "bottom" and query.output == "list") if query.intent == "table" and not query.of_those
        else context.listed_bottom_first and len(trusts) <= 1,
    )
