"""Questions about particular trusts: position and why, comparisons, movement, what-ifs.

The text and numbers come from ``scoring.explain`` (every figure a Fact); this module picks the register,
corrects a wrong premise, adds the method passages that back the caveats, and suggests follow-ups.
"""

from __future__ import annotations

from assistant.answers import Answer
from assistant.citations import cite_all
from assistant.compose.table import quarter_for
from scoring.explain import explain, what_if, what_it_would_take
from scoring.explain.facts import Fact, FactBook, ordinal, show
from scoring.explain.results import table_label
from scoring.store import Store

KEY_FACTS = ("segment", "rank", "table_size", "average_score", "unadjusted_segment", "financial_override",
             "in_deficit", "final_segment", "metrics_scored", "adjusted_segment")


def _name(store: Store, code: str) -> str:
    return str(store.trusts.set_index("trust_code").loc[code, "trust_name"])


def _table(store: Store, code: str) -> str:
    return str(store.trusts.set_index("trust_code").loc[code, "table"])


def _no_data(store: Store, code: str, intent: str, audience: str, question: str) -> Answer | None:
    table = _table(store, code)
    if any(table in store.tables_in(q) for q in store.quarters):
        return None
    text = (f"{_name(store, code)} is in the {table_label(table)} table, but NHS England's {table_label(table)} "
            "data is not in this product's data yet, so I cannot explain its position. When the file is published "
            "it can be imported with `nhs-league import`.")
    return Answer(text, audience, intent, [code], None, question=question)


def _citations(explanation) -> list:
    topics = [("league-positions", "segment first"), ("four-steps", "")]
    facts = {f.key: f.value for f in explanation.facts}
    if facts.get("financial_override"):
        topics.insert(0, ("financial-override", "not a judgement"))
    if facts.get("coverage.specialist"):
        topics.append(("specialist-trusts", "fewer metrics"))
    if explanation.table.startswith("mental health"):  # Explanation.table is the table's label
        topics.append(("few-metrics", "handful"))
    if facts.get("borderline"):
        topics.append(("segment-cut-points", "borderline"))
    if explanation.movement is not None:
        topics.append(("volatility-and-likely-ranges", "noise"))
    if facts.get("recovery_support"):
        topics.append(("segment-5", ""))
    topics.append(("what-tables-do-not-show", "where to look"))
    return cite_all(topics)


def _premise(understood, explanation, store: Store) -> tuple[str, bool]:
    """A sentence correcting a wrong premise ('why is X at the bottom?' when it is 31st), if the premise is wrong."""
    premise = getattr(understood, "premise", None)
    if not premise:
        return "", False
    claim, _, value = str(premise).lower().partition(" ")  # "bottom", "top", "segment 3", "rank 5", "bottom half"
    facts = {f.key: f.value for f in explanation.facts if f.trust in (explanation.trust_code, None)}
    rank, size, segment = facts.get("rank"), facts.get("table_size"), facts.get("adjusted_segment")
    if rank is None or size is None:
        return "", False
    name, table = explanation.trust_name, explanation.table
    where = f"it is {ordinal(rank)} of {show(size)} in the {table} table, in segment {show(segment)}"
    shared = _shares_rank(store, explanation, rank)
    if value == "half":
        wrong = rank <= size / 2 if claim == "bottom" else rank > size / 2
    elif claim in ("bottom", "worst", "last"):
        wrong = rank < size - max(2, size * 0.05)
    elif claim in ("top", "best", "first"):
        wrong = rank > 1 or shared
    elif claim == "segment" and value.isdigit():
        wrong = int(value) != segment
    elif claim == "rank" and value.isdigit():
        wrong = int(value) != rank
    else:
        return "", False
    if not wrong:
        return "", False
    if claim in ("top", "best", "first") and rank == 1 and shared:
        return f"In fact, {name} shares first place: {where}, tied with another trust on the same average.", True
    return f"In fact, {name} is not where the question suggests: {where}.", True


def _shares_rank(store: Store, explanation, rank: int) -> bool:
    from scoring.explain.results import base_result

    table = base_result(store, explanation.quarter).table(_table(store, explanation.trust_code))
    return int((table["rank"] == rank).sum()) > 1


def _follow_ups(explanation) -> list[str]:
    name = explanation.trust_name
    ideas = [f"What would it take for {name} to move up a segment?", f"How does {name} compare with similar trusts?"]
    if any(f.key == "financial_override" and f.value for f in explanation.facts):
        ideas.insert(0, "What is the financial override?")
    if explanation.movement is not None:
        ideas.append(f"Did {name} really change since last quarter?")
    return ideas[:3]


def compose_position(store: Store, code: str, quarter: str, audience: str, understood=None) -> Answer:
    explanation = explain(store, code, quarter, audience)
    correction, corrected = _premise(understood, explanation, store) if understood is not None else ("", False)
    text = (correction + "\n\n" if correction else "") + explanation.text
    return Answer(text, audience, "position", [code], quarter, list(explanation.facts), _citations(explanation),
                  _follow_ups(explanation), corrects_premise=corrected)


def compose_compare(store: Store, codes: list[str], quarter_of, audience: str) -> Answer:
    explanations = [explain(store, code, quarter_of(code), audience) for code in codes[:4]]
    facts: list[Fact] = []
    lines = []
    for e in explanations:
        book = {f.key: f for f in e.facts if f.trust in (e.trust_code, None)}
        facts += [book[k] for k in KEY_FACTS if k in book]
        override = (" It is held at segment " + show(book["adjusted_segment"].value) + " by the financial override; its"
                    " scores alone would put it in segment " + show(book["unadjusted_segment"].value) + "."
                    if book["financial_override"].value else "")
        lines.append(f"- {e.trust_name} ({e.trust_code}), {e.quarter}: {ordinal(book['rank'].value)} of "
                     f"{show(book['table_size'].value)} in the {e.table} table, segment "
                     f"{show(book['adjusted_segment'].value)}, average score {show(book['average_score'].value, '2dp')} "
                     f"over {show(book['metrics_scored'].value)} metrics.{override}")
    same_table = len({(e.table, e.quarter) for e in explanations}) == 1
    if same_table and len(explanations) >= 2:
        ranked = sorted(explanations, key=lambda e: next(f.value for f in e.facts if f.key == "rank"))
        lines.append(f"{ranked[0].trust_name} is placed higher. Lower average scores are better; the league "
                     "position orders by segment first, then average.")
    elif len(explanations) >= 2:
        lines.append("These trusts are in different tables or quarters, so their positions are not directly "
                     "comparable: each is ranked only against trusts of its own type.")
    if any(next(f.value for f in e.facts if f.key == "coverage.specialist") for e in explanations):
        lines.append("A specialist trust is scored on fewer metrics, often without A&E measures, so a comparison "
                     "with a general hospital needs care.")
    citations = cite_all([("league-positions", "like with like"), ("specialist-trusts", "compare a specialist"),
                          ("financial-override", "not a judgement")])
    follow_ups = [f"Why is {e.trust_name} placed where it is?" for e in explanations[:2]]
    return Answer("\n".join(lines), audience, "compare", [e.trust_code for e in explanations],
                  explanations[0].quarter, facts, citations, follow_ups)


def _places(change: int) -> str:
    return f"{show(abs(change))} place" + ("" if abs(change) == 1 else "s")


def compose_movement(store: Store, code: str, quarter: str, audience: str, understood=None) -> Answer:
    explanation = explain(store, code, quarter, "staff" if audience == "staff" else audience)
    facts = list(explanation.facts)
    if explanation.movement is None:
        from scoring.quarters import sort_key

        earlier = [q for q in store.quarters
                   if sort_key(q) < sort_key(quarter) and _table(store, code) in store.tables_in(q)]
        text = (f"There is no earlier quarter for {explanation.trust_name} in the data, so I cannot say how it has "
                f"moved. " + explanation.text) if not earlier else explanation.text
        return Answer(text, audience, "movement", [code], quarter, facts, _citations(explanation),
                      _follow_ups(explanation))
    m = explanation.movement
    book = {f.key: f for f in explanation.facts}
    claim = str(getattr(understood, "premise", "") or "")
    got_better = m.rank_change < 0 or m.segment_change < 0
    got_worse = m.rank_change > 0 or m.segment_change > 0
    corrected = (claim == "worse" and not got_worse) or (claim == "better" and not got_better)
    now_rank, now_segment = book["rank"].value, book["adjusted_segment"].value
    direction = "up" if m.rank_change < 0 else "down" if m.rank_change > 0 else "nowhere"
    lines = ([f"In fact, {explanation.trust_name} did not get {'worse' if claim == 'worse' else 'better'} "
              "in the table."] if corrected else [])
    lines += [f"{explanation.trust_name} moved {direction} from {ordinal(m.previous_rank)} in {m.previous_quarter} "
             f"(segment {show(m.previous_segment)}) to {ordinal(now_rank)} in {quarter} (segment {show(now_segment)}); "
             f"its average score went from {show(m.previous_average, '2dp')} to "
             f"{show(book['average_score'].value, '2dp')}."]
    parts = []
    if m.own_rank_effect:
        parts.append(f"its own metric scores account for {_places(m.own_rank_effect)} "
                     f"{'up' if m.own_rank_effect < 0 else 'down'}")
    if m.override_rank_effect:
        parts.append(f"the financial override switching {'off' if m.override_rank_effect < 0 else 'on'} for "
                     f"{_places(m.override_rank_effect)}")
    if m.others_rank_effect:
        parts.append(f"other trusts moving for {_places(m.others_rank_effect)} "
                     f"{'up' if m.others_rank_effect < 0 else 'down'}")
    if parts:
        lines.append("Of that move, " + "; ".join(parts) + ".")
    steps = sorted(m.own, key=lambda s: abs(s.average_effect), reverse=True)[:3]
    if steps and audience != "public":
        lines.append("Biggest changes in its own scores: " + "; ".join(
            f"{s.name} {show(s.before, '2dp')} → {show(s.after, '2dp')}" for s in steps
            if s.before is not None and s.after is not None) + ".")
    lines.append("This change lies outside the likely range of its average, so it is more than noise."
                 if m.outside_likely_range else
                 "This change lies within the likely range of its average, so it may be noise rather than a real "
                 "change in performance.")
    for s in steps:
        facts += [Fact(f"movement.metric.{s.metric_id}.before", f"{s.name}: previous score", s.before,
                       f"engine: {m.previous_quarter}", code, m.previous_quarter),
                  Fact(f"movement.metric.{s.metric_id}.after", f"{s.name}: score this quarter", s.after,
                       f"engine: {quarter}", code, quarter)]
    facts += [Fact("segment", "segment", m.previous_segment, f"engine: {m.previous_quarter}", code, m.previous_quarter),
              Fact("rank", "league position", m.previous_rank, f"engine: {m.previous_quarter}", code, m.previous_quarter)]
    return Answer("\n".join(lines), audience, "movement", [code], quarter, facts, _citations(explanation),
                  _follow_ups(explanation), corrects_premise=corrected)


def compose_whatif(store: Store, code: str, quarter: str, audience: str, understood) -> Answer:
    changes = dict(getattr(understood, "whatif_changes", None) or {})
    text = understood.cleaned_question.lower()
    if changes:
        result = what_if(store, code, quarter, changes)
        return Answer(result.text, audience, "whatif", [code], quarter, list(result.facts),
                      cite_all([("metric-scores", ""), ("league-positions", "segment first")]),
                      [f"What would it take for {result.trust_name} to move up a segment?"])
    if any(word in text for word in ("deficit", "override", "finances were", "balanced")):
        explanation = explain(store, code, quarter, "staff")
        book = {f.key: f for f in explanation.facts}
        if book["financial_override"].value:
            lines = [f"{explanation.trust_name} is held at segment {show(book['adjusted_segment'].value)} by the "
                     f"financial override. Without it, its scores would place it in segment "
                     f"{show(book['without_override.segment'].value)}, "
                     f"{ordinal(book['without_override.rank'].value)} of {show(book['table_size'].value)} instead of "
                     f"{ordinal(book['rank'].value)}."]
        else:
            lines = [f"The financial override does not change {explanation.trust_name}'s position: it is in segment "
                     f"{show(book['adjusted_segment'].value)}, {ordinal(book['rank'].value)} of "
                     f"{show(book['table_size'].value)}, "
                     + ("and its scores alone already place it there." if not book["in_deficit"].value else
                        "and although it is in deficit, its scores alone would not place it above segment "
                        + show(book["scale.override_cap"].value) + ".")]
        return Answer("\n".join(lines), audience, "whatif", [code], quarter, list(explanation.facts),
                      cite_all([("financial-override", "what it is")]), _follow_ups(explanation))
    result = what_it_would_take(store, code, quarter)
    return Answer(result.text, audience, "whatif", [code], quarter, list(result.facts),
                  cite_all([("metric-scores", ""), ("segment-cut-points", "what a cut point is")]),
                  [f"Why is {_name(store, code)} placed where it is?"])


def _movement_quarter(store: Store, code: str, quarter: str) -> str:
    """A move is into a quarter: if the quarter in play is the trust's first, look at the move out of it."""
    from scoring.quarters import sort_key

    table = _table(store, code)
    available = sorted((q for q in store.quarters if table in store.tables_in(q)), key=sort_key)
    if available and quarter == available[0] and len(available) > 1:
        return available[1]
    return quarter


def compose_trust_question(store: Store, understood, session, audience: str) -> Answer:
    codes = list(understood.trusts)
    question = understood.cleaned_question
    if not codes:
        return Answer("Which trust do you mean? Give its name, a town, or its ODS code (for example RAX).",
                      audience, understood.intent, needs_clarification=True, question=question)
    missing = _no_data(store, codes[0], understood.intent, audience, question)
    if missing is not None:
        return missing

    def quarter_of(code: str) -> str:
        return quarter_for(store, _table(store, code), understood.quarter, session.quarter)

    intent = understood.intent
    if intent == "compare" and len(codes) >= 2:
        reply = compose_compare(store, codes, quarter_of, audience)
    elif intent == "movement":
        reply = compose_movement(store, codes[0], _movement_quarter(store, codes[0], quarter_of(codes[0])), audience,
                                 understood)
    elif intent == "whatif":
        reply = compose_whatif(store, codes[0], quarter_of(codes[0]), audience, understood)
    else:
        reply = compose_position(store, codes[0], quarter_of(codes[0]), audience, understood)
    reply.question = question
    return reply
