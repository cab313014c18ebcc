"""``answer(question)``: understand the question once (a ``Query``), send it to the composer for its intent,
and return a grounded ``Answer``.

The same composers are exposed to LangChain agents in ``assistant.tools``. Every number in an answer comes
from a composer's facts; method claims cite corpus passages. An optional language model may rephrase the
composed answer, guarded so it cannot change a number or a name. No exception escapes: a ``LeagueError``
becomes its message, anything else a short apology.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from assistant.answer_types import Answer
from assistant.compose import compare, digest, method, movement, position, replies, table, whatif
from assistant.compose.scope import scope_for
from assistant.query import TRUST_INTENTS, Query
from assistant.session import Session
from nhs_league.errors import LeagueError, NotRecomputed
from scoring.explain.text import in_a_list
from scoring.names import trust_finder
from scoring.store import Store

AUDIENCES = ("public", "staff", "press")
log = logging.getLogger(__name__)

Composer = Callable[[Query, Store, "str | None", str], Answer]
COMPOSERS: dict[str, Composer] = {
    "position": position.compose_position,
    "compare": compare.compose_compare,
    "movement": movement.compose_movement,
    "whatif": whatif.compose_whatif,
    "table": table.compose_table_question,
}


def answer(question: object, session: Session | None = None, audience: str | None = None,
           store: Store | None = None) -> Answer:
    """Answer one question in the given register ('public', 'staff' or 'press')."""
    session = session if session is not None else Session()
    audience = audience if audience in AUDIENCES else (session.audience if session.audience in AUDIENCES else "public")
    started = time.perf_counter()
    data = None
    with session.lock:
        try:
            from assistant.understanding import understand
            from assistant.understanding.parts import understand_parts
            from scoring.store import load_store

            data = store if store is not None else load_store()
            text = question if isinstance(question, str) else ""
            start = replace(session.context, selected=session.quarter)
            whole = understand(text, start, data)
            parts = understand_parts(text, start, data, whole)
            reply = _joined([route(part, session, audience, data) for part in parts])
            query = next((part for part in parts if part.intent == reply.intent), parts[-1])
            context = query.context
            if query.intent == "table" and reply.trusts:
                context = context.after_answer(trusts=reply.trusts, quarter=reply.quarter,
                                               bottom_first=query.order == "bottom" and query.output == "list",
                                               side=query.of_those)
                if reply.intent == "position":           # "the one above them": one trust's answer, followed up as one
                    context = replace(context, intent="position")
            if query.truncated:
                reply.notices.append("Your question was long, so I read only its first 500 characters.")
        except LeagueError as error:
            reply, context = Answer(str(error), audience, "error", question=str(question)[:500]), session.context
        except Exception:  # a user never sees a traceback; the log keeps it for us
            log.exception("answer failed for %r", str(question)[:200])
            reply = Answer("Sorry, something went wrong while answering that. Please try rephrasing the question.",
                           audience, "error", question=str(question)[:500])
            context = session.context
        reply = _maybe_rephrase(reply, data)
        reply.elapsed_ms = round(1000 * (time.perf_counter() - started), 1)
        session.remember(reply.question, reply, context)
    return reply


def _joined(replies: list[Answer]) -> Answer:
    """One answer to a question that asked two separate things: the part about trusts leads (its intent,
    trusts and quarter); the texts in the order asked; every part's facts, so every number stays grounded."""
    if len(replies) == 1:
        return replies[0]
    main = next((r for r in replies if r.intent in TRUST_INTENTS), replies[0])
    return replace(main, answer="\n\n".join(r.answer for r in replies),
                   facts=[f for r in replies for f in r.facts],
                   citations=[c for r in replies for c in r.citations],
                   notices=list(dict.fromkeys(n for r in replies for n in r.notices)),
                   unavailable=list(dict.fromkeys(u for r in replies for u in r.unavailable)),
                   declined=any(r.declined for r in replies))


def _maybe_rephrase(reply: Answer, store: Store | None) -> Answer:
    from assistant.rephrase import configured_model, rephrase

    if reply.declined or reply.needs_clarification or configured_model() is None or store is None:
        return reply
    names = [str(n) for n in store.trusts["trust_name"]]
    result = rephrase(reply.answer, reply.audience, [n for n in names if n in reply.answer])
    if result.used:
        reply.answer, reply.rephrased = result.text, True
    elif result.reason != "no language model configured":
        reply.notices.append(f"Plain wording kept: {result.reason}.")
    return reply


def route(query: Query, session: Session, audience: str, store: Store) -> Answer:
    """Send a Query to the composer for its intent."""
    reply = _route(query, session, audience, store)
    reply.question = query.question
    tables_of = trust_finder(store).tables_by_code
    unheld = [t for t in query.tables if not store.quarters_of(t) and not any(tables_of.get(c) == t for c in reply.trusts)]
    if unheld and reply.intent in TRUST_INTENTS and reply.trusts:
        # "my local ambulance service and the Royal Lancaster, how are they doing?": the table we lack (in the words
        # every answer about it uses), then the rest
        scopes = [scope_for(store, t, query) for t in unheld]
        reply.answer = "\n\n".join([*dict.fromkeys(s.note for s in scopes), reply.answer])
        reply.facts = [*reply.facts, *(f for s in scopes for f in s.facts)]
        reply.unavailable = list(dict.fromkeys([*reply.unavailable, *(n for s in scopes for n in s.not_held)]))
    if query.not_measured and not reply.needs_clarification and reply.intent != "out_of_scope":
        # "is parking in the league table? how is it ranked anyway": say what is not measured, then the answer
        reply.answer = f"The league tables don't measure {in_a_list(list(query.not_measured))}.\n\n{reply.answer}"
        reply.unavailable = list(dict.fromkeys([*reply.unavailable, *query.not_measured]))
    return reply


def _route(query: Query, session: Session, audience: str, store: Store) -> Answer:
    intent = query.intent
    if intent == "out_of_scope":
        return replies.compose_decline(query.decline or "unrelated", audience, query.question)
    if query.not_held:
        topic = replies.compose_not_held_topic(query, store, audience)
        if not (query.trusts and intent in TRUST_INTENTS):
            return topic
        # "the Kent and Medway ICB score, and where is Hampshire Hospitals?": what is not ranked, then the trust
        reply = _route(replace(query, not_held=()), session, audience, store)
        reply.answer = f"{topic.answer}\n\n{reply.answer}"
        reply.facts = [*topic.facts, *reply.facts]
        reply.unavailable = list(dict.fromkeys([*topic.unavailable, *reply.unavailable]))
        return reply
    if query.candidates:
        names = dict(zip(store.trusts["trust_code"], store.trusts["trust_name"]))
        return replies.compose_clarification([(c, names[c]) for c in query.candidates], audience, query.question,
                                             intent)
    if intent in TRUST_INTENTS and not query.trusts:
        return _without_a_trust(query, audience)
    if intent == "help":
        if query.nothing_before:
            return replies.compose_nothing_before(audience, query.question)
        if query.needs_clarification:
            return replies.compose_unclear(audience, query.question)
        return replies.compose_help(list(store.quarters), audience, query.question)
    if intent == "definition" and query.metrics:
        found = method.compose_definition(list(query.metrics), audience, query.question)
        if found is not None:
            return found
    if intent in ("definition", "method") and query.not_measured:     # "is parking measured?": what is, instead
        return method.compose_section("what-tables-do-not-show", "one number", audience, intent, query.question)
    if intent in ("definition", "method"):
        return method.compose_method(query.question, audience, intent)
    one = _the_one_trust(query, store, session.quarter)
    if one is not None:                                 # "the one above it?", "why is the bottom trust bottom?"
        return position.compose_position(replace(query, intent="position", trusts=(one,), output="list",
                                                 order=None, limit=None), store, session.quarter, audience)
    if intent == "table" and query.output == "digest":
        return digest.compose_digest(store, query, audience)
    try:
        return COMPOSERS[intent](query, store, session.quarter, audience)
    except NotRecomputed as error:
        if intent not in TRUST_INTENTS or not query.trusts:
            raise
        return _as_published(query, store, session.quarter, audience, error)


def _the_one_trust(query: Query, store: Store, selected: str | None) -> str | None:
    """The one trust a table question points at, answered with its position: the trust just above or below a
    trust, or the trust at the top or bottom of a table asked "why is it there?"."""
    if query.intent != "table" or query.limit != 1:
        return None
    if query.output == "around" and query.trusts:
        return table.neighbour(store, query, selected)
    if query.why and query.order and not query.trusts:
        return table.at_the_end(store, query, selected)
    return None


def _as_published(query: Query, store: Store, selected: str | None, audience: str, error: NotRecomputed) -> Answer:
    """A why, what-if or move about a quarter this tool has no rules for: where each trust sits as NHS England
    published it, and one plain sentence on what cannot be worked out without the year's rules."""
    plain = replace(query, intent="position", why=False, one_measure=False, premise=None, since=None,
                    whatif_changes={}, whatif_factors={}, without_override=False, target_segment=None)
    parts = [position.compose_position(replace(plain, trusts=(code,)), store, selected, audience)
             for code in query.trusts[:4]]
    reply = parts[0]
    if len(parts) > 1:
        reply.answer = "\n\n".join(p.answer for p in parts)
        reply.facts = [f for p in parts for f in p.facts]
        reply.trusts = [c for p in parts for c in p.trusts]
    cannot = {"whatif": "what it would take to move", "movement": "how it moved against a quarter worked out by other "
              "rules", "compare": "the comparison beyond the published figures"}.get(query.intent,
                                                                                 "which measures put it there")
    reply.answer = f"{reply.answer}\n\nWithout that year's scoring rules this tool cannot work out {cannot}."
    log.info("answered as published: %s", error)
    reply.intent = query.intent
    return reply


INVITATION = "Tell me which trust you mean (its name, a hospital, a town or its ODS code) and I will show its own figures."


def _without_a_trust(query: Query, audience: str) -> Answer:
    """A question about one trust that names none: the general answer from our guide, with a question back
    ("which trust?") unless the question is about the method anyway."""
    if query.metrics:
        reply = method.compose_definition(list(query.metrics), audience, query.question) or method.compose_method(
            query.question, audience, query.intent)
    else:
        reply = method.compose_method(query.question, audience, query.intent)
    reply.intent = query.intent
    if query.needs_clarification:
        reply.answer = f"Which trust do you mean? {INVITATION} In general, from our guide:\n\n{reply.answer}"
    else:
        reply.answer = f"{reply.answer}\n\n{INVITATION}"
    reply.needs_clarification = query.needs_clarification
    return reply
