"""``answer(question)``: understand the question, call the tools, compose a grounded answer.

The deterministic router below is the default; the same tools are exposed to LangChain agents in
``assistant.tools``. Every number in an answer comes from a tool's facts; method claims cite corpus passages.
An optional language model may rephrase the composed answer, guarded so it cannot change a number or a name.
No exception escapes: a ``LeagueError`` becomes its message, anything else a short apology.
"""

from __future__ import annotations

import logging
import re
import time

from assistant.answers import Answer
from assistant.session import Session
from nhs_league.errors import LeagueError

AUDIENCES = ("public", "staff", "press")
TRUST_INTENTS = ("position", "compare", "movement", "whatif")
log = logging.getLogger(__name__)
# Words that make a question about the method, not small talk: a trust-less "why"/"how" question or one the
# understanding step could not place is answered from the corpus when it uses them.
METHOD_WORDS = re.compile(
    r"\b(segment(s|ation|ed)?|league tables?|overrides?|adjustment|metrics?|measures?|indicators?|scor(e|es|ed|ing)|"
    r"averages?|cut ?points?|quartiles?|rank(ed|ing|ings|s)?|standards?|floors?|ties|tied|specialists?|"
    r"oversight framework|nof|amr|imr|icbs?|integrated care|recovery support|rsp|pip|capability|likely ranges?|"
    r"significan\w*|cqc|finances?|financial|deficits?|criticis\w*|method\w*|weight\w*|domains?|published|"
    r"positions?|quarters?|data|ods|codes?|official|figures|ratings?|wards?|services?|measured|improv\w*|"
    r"tables?|league|results?|fair\w*)\b", re.IGNORECASE)
# A forecast about the method ("will quartiles still be used next year?") is answerable; one about positions is not.
FORECAST_OF_METHOD = re.compile(r"\b(quartiles?|thresholds?|method\w*|rules?|metrics?|override|icbs?|framework|"
                                r"cut ?points?|2026)\b", re.IGNORECASE)
FORECAST_OF_POSITIONS = re.compile(r"\b(top|bottom|segment \d|rank\w*|position|first|last|best|worst)\b",
                                   re.IGNORECASE)
REFERS_TO_A_TRUST = re.compile(r"\b(we|we're|our|us|my|this trust)\b", re.IGNORECASE)
COUNT_OF_METRICS = re.compile(r"\bhow many (metrics|measures|indicators)\b", re.IGNORECASE)


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
    data = None
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
        reply = _maybe_rephrase(reply, data)
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
    from assistant.compose import digest, method, service, table, trust

    question = understood.cleaned_question
    intent = understood.intent
    about_method = bool(METHOD_WORDS.search(question) or understood.metrics)
    if intent == "out_of_scope":
        reason = understood.decline_reason
        forecast_of_method = (reason == "prediction" and FORECAST_OF_METHOD.search(question)
                              and not FORECAST_OF_POSITIONS.search(question))
        if not understood.trusts and reason == "unrelated" and digest.ASKS_FOR_CHANGES.search(question):
            return digest.compose_digest(store, understood.quarter, understood.table, audience, question)
        if not understood.trusts and ((reason == "unrelated" and about_method) or forecast_of_method):
            intent = "method"
        else:
            return service.compose_decline(understood.decline_reason or "unrelated", audience, question)
    if understood.candidates:
        return service.compose_clarification(understood.candidates, audience, question, intent)
    if intent in TRUST_INTENTS and not understood.trusts:
        return _without_a_trust(understood, intent, audience, about_method)
    if understood.needs_clarification:
        return service.compose_unclear(audience, question)
    if intent == "help":
        return service.compose_help(store.quarters, audience, question)
    if intent == "table" and (COUNT_OF_METRICS.search(question) or _asks_about_a_metric(understood)):
        intent = "definition" if understood.metrics else "method"
    if intent == "definition" and understood.metrics:
        found = method.compose_definition(understood.metrics, audience, question)
        if found is not None:
            return found
    if intent in ("definition", "method"):
        return method.compose_method(question, audience, intent)
    if intent == "table" and digest.ASKS_FOR_CHANGES.search(question):
        return digest.compose_digest(store, understood.quarter, understood.table, audience, question)
    if intent == "table":
        return table.compose_table_question(store, understood, session, audience)
    return trust.compose_trust_question(store, understood, session, audience)


def _asks_about_a_metric(understood) -> bool:
    """'How many ambulance patients get taken to A&E?' names a metric, not a count of trusts."""
    query = understood.table_query
    filtered = any(getattr(query, name, None) for name in ("segment", "region", "subtype", "override"))
    return bool(understood.metrics) and not filtered and getattr(query, "kind", "") in ("count_table", "top",
                                                                                         "bottom")


def _without_a_trust(understood, intent: str, audience: str, about_method: bool) -> Answer:
    """A trust question that names no trust: the general answer from the guide, and an invitation to name one.

    It counts as a clarifying question when there is no general answer to give, or for a what-if (which
    needs a trust's figures to mean anything).
    """
    from assistant.compose import method

    question = understood.cleaned_question
    if understood.metrics:
        reply = method.compose_definition(understood.metrics, audience, question) or method.compose_method(
            question, audience, intent)
    else:
        reply = method.compose_method(question, audience, intent)
    reply.intent = intent
    invitation = "Tell me which trust you mean (its name, a town or its ODS code) and I will show its own figures."
    if intent == "whatif" or not about_method:
        reply.answer = "Which trust do you mean? " + invitation + " In general, from our guide:\n\n" + reply.answer
        reply.needs_clarification = True
    elif REFERS_TO_A_TRUST.search(question):
        reply.answer = reply.answer + "\n\n" + invitation
    return reply
