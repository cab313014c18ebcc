"""Replies that are not about figures: help, clarifying questions, "I didn't understand", kind declines with a
pointer to where to go instead (in whole, or as the opening of an answer that still gives the position), and
plain "we don't hold that" answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer_types import Answer
from scoring.explain.facts import Fact
from scoring.frameworks import current_framework

if TYPE_CHECKING:
    from assistant.compose.scope import Scope
    from assistant.query import Query
    from scoring.store import Store

DECLINES = {
    "medical_advice": "I can't give medical advice. For advice about your health, contact your GP or NHS 111 "
                      "(by phone or online). In an emergency, call 999. I can explain how NHS trusts are placed in "
                      "NHS England's league tables.",
    "choose_provider": "I can't tell you where to be treated. The league tables score whole trusts, not the service "
                       "or hospital you need. The Care Quality Commission (cqc.org.uk) rates each hospital and "
                       "service. The NHS website lets you compare them, and your GP can talk through your choices. "
                       "I can explain how a trust is placed and why.",
    "clinician": "I can't comment on doctors, nurses or other staff. The league tables say nothing about "
                 "individuals. For questions or worries about care, contact the trust's Patient Advice and Liaison "
                 "Service (PALS). I can explain how a trust as a whole is placed.",
    "outside_england": "NHS England's league tables cover NHS trusts in England only. Scotland, Wales and Northern "
                       "Ireland run their own health services. They publish their own figures.",
    "prediction": "I can't predict future positions. NHS England works out the tables again every quarter, and the "
                  "cut points move. Many changes between quarters are just chance. I can show what changed last "
                  "time and what it would take for a trust to move up.",
    "unrelated": "I can only help with NHS England's trust league tables (the NHS Oversight Framework). I can tell "
                 "you where a trust sits and why, how the tables work, and what the measures mean.",
    "injection": "I can only answer questions about NHS England's trust league tables. I always report the "
                 "published figures as they are. Ask me about a trust's position, a measure, or how the tables work.",
    "gaming": "I can't help a trust move up the table without better care. I can explain what each measure means "
              "for patients. I can also show, as plain sums, how much a real change in one would move the trust.",
    "not_covered": "The league tables cover NHS trusts only. GP practices, dentists, pharmacies and care homes are "
                   "not in them. The Care Quality Commission (cqc.org.uk) checks and rates those services.",
    "complaint": "I can't take or advise on complaints. To raise a concern or complain about care, contact the "
                 "trust's Patient Advice and Liaison Service (PALS). The NHS website explains how to complain. The "
                 "Parliamentary and Health Service Ombudsman looks at complaints the NHS has not resolved.",
    "advocacy": "I can't write material that argues a case, such as a release saying the tables are unfair. I can "
                "give the figures, what drives them and the method's known limits, each with its source, for you to "
                "use in your own words.",
    "records": "I can't see anyone's health records or test results. The NHS App, your GP or the hospital team "
               "looking after you can give you those. I can explain where a trust sits in NHS England's league tables "
               "and why.",
    "booking": "I can't book, move or hurry appointments. The hospital's appointments team, your GP or the NHS App "
               "can help with that. I can explain where a trust sits in NHS England's league tables and why.",
    "inspection": "I don't hold Care Quality Commission inspection reports or ratings. The CQC website (cqc.org.uk) "
                  "has the reports and ratings for each hospital and service.",
    "deaths": "The league tables don't report deaths in a ward or unit, and I can't comment on them. The trust, the "
              "Care Quality Commission (cqc.org.uk) and published reports are the places for that.",
    "one_site": "The league tables score whole trusts, not single wards, units or hospital sites. Name the trust "
                "and I can show where it sits.",
    "safety": "The league table can't tell you how safe an operation or service is. It scores whole trusts on a "
              "few measures. The Care Quality Commission (cqc.org.uk) rates each service. Your GP or consultant "
              "can talk through the risks of your own treatment.",
    "empty": "Please type a question, for example \"Why is Kingston in segment 3?\" or \"What is the financial "
             "override?\"",
}
# The opening of an answer that declines part of a question and still gives the position.
PARTIAL_DECLINES = {
    "safety": "The league table can't tell you how safe an operation or service at {name} is. It scores the whole "
              "trust on a few measures. The Care Quality Commission (cqc.org.uk) rates its services. Your GP or "
              "consultant can talk through the risks of your own treatment. This is what the table does show:",
    "complaint": "I can't help with a complaint. {name}'s Patient Advice and Liaison Service (PALS) is the place to "
                 "start, and the NHS website explains how to complain. This is where it sits in the league table:",
    "inspection": "I don't hold Care Quality Commission inspection reports. The CQC website (cqc.org.uk) has "
                  "{name}'s ratings and reports. This is where it sits in the league table:",
    "deaths": "The league tables don't report deaths in a ward or unit, and I can't comment on them. The trust and "
              "the Care Quality Commission (cqc.org.uk) are the places for that. This is where {name} sits in the "
              "league table:",
    "clinician": "I can't comment on doctors or other staff. The league tables say nothing about individuals. This "
                 "is where {name} as a whole sits:",
    "one_site": "The league tables score whole trusts, not single wards, units or hospital sites, so I can't give "
                "a score for one part of {name}. This is where the trust as a whole sits:",
    "choose_provider": "I can't tell you where to be treated. The tables score whole trusts, not the service you "
                       "need. The NHS website and the CQC compare services, and your GP can talk through choices. "
                       "This is where {name} sits:",
}
FOLLOW_UPS = ["How is my local hospital doing?", "What is the financial override?",
              "Which trusts are at the top of the acute table?"]


def compose_decline(reason: str, audience: str, question: str) -> Answer:
    text = DECLINES.get(reason, DECLINES["unrelated"])
    return Answer(text, audience, "out_of_scope", declined=reason != "empty", follow_ups=FOLLOW_UPS,
                  question=question)


def compose_clarification(candidates: list[tuple[str, str]], audience: str, question: str,
                          intent: str = "position") -> Answer:
    names = "\n".join(f"- {name}" for _, name in candidates)
    text = f"Which trust do you mean? Several match:\n{names}\n\nChoose one, or give its full name."
    return Answer(text, audience, intent, needs_clarification=True,
                  candidates=[{"trust_code": code, "trust_name": name} for code, name in candidates],
                  follow_ups=[f"How is {name} doing?" for _, name in candidates[:3]], question=question)


def compose_unclear(audience: str, question: str) -> Answer:
    """A question we could not read (random words, symbols, another language…): say what works instead."""
    text = ("I didn't understand that. I answer questions about NHS England's trust league tables, for example "
            "\"How is Kingston doing?\", \"Why is the Queen Elizabeth Hospital in King's Lynn ranked so low?\", "
            "\"Which acute trusts are at the top?\" or \"What is the financial override?\"")
    return Answer(text, audience, "help", follow_ups=FOLLOW_UPS, needs_clarification=True, question=question)


def compose_nothing_before(audience: str, question: str) -> Answer:
    """A follow-up ("why?", "which of those are in deficit?") with nothing before it to follow: ask what it is about."""
    text = ("I'm not sure what that refers to: there is no earlier question in this conversation. Name a trust or a "
            "table, for example \"Why is Kingston where it is?\" or \"Which acute trusts in London are in deficit?\"")
    return Answer(text, audience, "help", follow_ups=FOLLOW_UPS, needs_clarification=True, question=question)


def not_held_answer(query: Query, store: Store, code: str, scope: Scope, audience: str) -> Answer:
    """A trust whose table we hold no data for (an ambulance trust today): say so plainly, and what we hold."""
    from assistant.compose.scope import trust_name

    name = trust_name(store, code)
    text = f"{name} is in NHS England's league tables. But {scope.note}"
    return Answer(text, query.register or audience, query.intent, [code], None, list(scope.facts),
                  follow_ups=FOLLOW_UPS, unavailable=list(scope.not_held), question=query.question)


def compose_help(quarters: list[str], audience: str, question: str) -> Answer:
    facts = [Fact("quarter", "quarter in the data", q, "embedded data store (NHS England NOF CSVs)") for q in quarters]
    text = ("I explain NHS England's trust league tables (the NHS Oversight Framework). I use only the published "
            f"figures. The data covers {', '.join(quarters)}. You can ask:\n"
            "- where a trust sits and why (\"How is Kingston doing?\", \"Why is our segment lower than our scores?\");\n"
            "- how it compares with another trust, or how it moved since last quarter;\n"
            "- what it would take to move up a segment;\n"
            "- questions about the whole table (\"How many trusts were held back by the override?\");\n"
            "- how the method works and what a metric means (\"What is SHMI?\").\n"
            "Choose public, staff or press for the style of answer.")
    return Answer(text, audience, "help", facts=facts, follow_ups=FOLLOW_UPS, question=question)


def compose_not_held_topic(query: Query, store: Store, audience: str) -> Answer:
    """Something no league table we hold covers (integrated care boards: the framework year's ``not_ranked``)."""
    from assistant.compose.scope import held_summary

    summary, facts = held_summary(store)
    framework = current_framework()                       # the latest year we have rules for
    body = next(iter(framework.not_ranked), None)
    name, short = (body.name, body.short) if body else ("integrated care boards", "ICBs")
    facts.append(Fact("framework_year", "the framework year of the latest tables held", framework.year,
                      framework.name))
    text = (f"NHS England's {framework.year} league tables rank NHS trusts, not {name} ({short}). So there is "
            f"no {short.removesuffix('s')} ranking to show. We hold {summary}.")
    if body and body.ranked_from:
        facts.append(Fact("framework_year", f"the framework year NHS England plans to segment {short} from",
                          body.ranked_from, body.source))
        text += f" From {body.ranked_from} NHS England plans to place {short} in segments too."
    return Answer(text, query.register or audience, query.intent, list(query.trusts), None, facts,
                  follow_ups=FOLLOW_UPS, unavailable=list(query.not_held), question=query.question)
