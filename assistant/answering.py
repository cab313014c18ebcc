"""``answer(question)``: understand the question, call the tools, compose a grounded answer.

The deterministic router below is the default; the same tools are exposed to LangChain agents in
``assistant.tools``. Every number in an answer comes from a tool's facts; method claims cite corpus passages.
An optional language model may rephrase the composed answer, guarded so it cannot change a number or a name.
No exception escapes: a ``LeagueError`` becomes its message, anything else a short apology.
"""

from __future__ import annotations

import logging
import time

from assistant.answers import Answer
from assistant.session import Session
from nhs_league.errors import LeagueError

AUDIENCES = ("public", "staff", "press")
log = logging.getLogger(__name__)


def _store(store):
    if store is not None:
        return store
    from scoring.store import load_store

    return load_store()


def answer(question: object, session: Session | None = None, audience: str | None = None, store=None) -> Answer:
    """Answer one question in the given register ('public', 'staff' or 'press')."""
    session = session if session is not None else Session()
    audience = audience if audience in AUDIENCES else (session.audience if session.audience in AUDIENCES else "public")
    started = time.perf_counter()
    with session.lock:
        try:
            from assistant.understanding import understand

            data = _store(store)
            understood = understand(question if isinstance(question, str) else "", session.context, data)
            reply = route(understood, session, audience, data)
            context = understood.context
            if reply.intent == "table" and reply.trusts and hasattr(context, "after_answer"):
                context = context.after_answer(trusts=reply.trusts, quarter=reply.quarter)
        except LeagueError as error:
            reply, context = Answer(str(error), audience, "error", question=str(question)[:500]), session.context
        except Exception:  # noqa: BLE001 - a user never sees a traceback; the log keeps it for us
            log.exception("answer failed for %r", str(question)[:200])
            reply = Answer("Sorry, something went wrong while answering that. Please try rephrasing the question.",
                           audience, "error", question=str(question)[:500])
            context = session.context
        reply = _maybe_rephrase(reply, data if "data" in locals() else None)
        reply.elapsed_ms = round(1000 * (time.perf_counter() - started), 1)
        session.remember(reply.question, reply, context)
    return reply


def _maybe_rephrase(reply: Answer, store) -> Answer:
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


def route(understood, session: Session, audience: str, store) -> Answer:
    """Send an understood question to the composer for its intent."""
    from assistant.compose import method, service, table, trust

    question = understood.cleaned_question
    intent = understood.intent
    if intent == "out_of_scope":
        return service.compose_decline(understood.decline_reason or "unrelated", audience, question)
    if understood.needs_clarification and understood.candidates:
        return service.compose_clarification(understood.candidates, audience, question, intent)
    if understood.needs_clarification:
        return service.compose_unclear(audience, question)
    if intent == "help":
        return service.compose_help(store.quarters, audience, question)
    if intent == "definition" and understood.metrics:
        found = method.compose_definition(understood.metrics, audience, question)
        if found is not None:
            return found
    if intent in ("definition", "method"):
        return method.compose_method(question, audience, intent)
    if intent == "table":
        return table.compose_table_question(store, understood, session, audience)
    return trust.compose_trust_question(store, understood, session, audience)
