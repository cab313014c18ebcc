"""Two or more trusts side by side: position, segment, average, measures scored, and the override."""

from __future__ import annotations

from assistant.answer_types import Answer
from assistant.citations import cite_all
from assistant.compose.position import position_facts
from assistant.compose.replies import PARTIAL_DECLINES
from assistant.compose.scope import scope_for, trust_table
from assistant.query import Query
from scoring.explain import explain
from scoring.explain.facts import Fact, ordinal, show
from scoring.store import Store

KEY_FACTS = ("segment", "rank", "table_size", "average_score", "unadjusted_segment", "financial_override",
             "in_deficit", "final_segment", "metrics_scored", "adjusted_segment")


def compose_compare(query: Query, store: Store, selected: str | None, audience: str) -> Answer:
    audience = query.register or audience
    explanations, facts, lines, not_held = [], [], [], []
    corrects = False
    for code in query.trusts[:4]:
        scope = scope_for(store, trust_table(store, code), query, selected)
        facts += list(scope.facts)
        not_held += list(scope.not_held)
        if scope.note:
            lines.append(scope.note)
        if scope.held:
            explanations.append(explain(store, code, scope.quarter, audience))
    opening = PARTIAL_DECLINES.get(query.decline or "", "")
    if opening and explanations:
        lines.insert(0, opening.format(name=explanations[0].trust_name))
    for e in explanations:
        book = {f.key: f for f in e.facts if f.trust in (e.trust_code, None)}
        facts += position_facts(e, KEY_FACTS)
        override = (" It is held at segment " + show(book["adjusted_segment"].value) + " by the financial override; its"
                    " scores alone would put it in segment " + show(book["unadjusted_segment"].value) + "."
                    if book["financial_override"].value else "")
        lines.append(f"- {e.trust_name}, {e.quarter}: {ordinal(book['rank'].value)} of "
                     f"{show(book['table_size'].value)} in the {e.table} table, segment "
                     f"{show(book['adjusted_segment'].value)}, average score {show(book['average_score'].value, '2dp')} "
                     f"over {show(book['metrics_scored'].value)} measures.{override}")
    same_table = len({(e.table, e.quarter) for e in explanations}) == 1
    if same_table and len(explanations) >= 2:
        ranked = sorted(explanations, key=lambda e: next(f.value for f in e.facts if f.key == "rank"))
        first_rank = next(f.value for f in ranked[0].facts if f.key == "rank")
        tied = [e for e in ranked if next(f.value for f in e.facts if f.key == "rank") == first_rank]
        lines.append((f"{ranked[0].trust_name} is placed higher." if len(tied) == 1 else
                      "They share the same position.") + " A lower average score is better; the league position "
                     "orders by segment first, then average.")
        if query.premise in ("below", "above") and len(explanations) == 2:
            # "is DRI really lower than Rotherham?": the claim about the first trust, answered first
            first_higher = ranked[0] is explanations[0] and len(tied) == 1
            holds = (not first_higher and len(tied) == 1) if query.premise == "below" else first_higher
            corrects = not holds
            word = "below" if query.premise == "below" else "above"
            lines.insert(0, f"{'Yes' if holds else 'No'}. {explanations[0].trust_name} is "
                            f"{'placed ' + word if holds else 'not placed ' + word} {explanations[1].trust_name}.")
        if len(explanations) == 2 and len(tied) == 1:
            gap_line, gap_facts = _gap(ranked[0], ranked[1])
            lines.append(gap_line)
            facts += gap_facts
    elif len(explanations) >= 2:
        lines.append("These trusts are in different tables or quarters, so their positions are not directly "
                     "comparable: each is ranked only against trusts of its own type.")
    if any(next((f.value for f in e.facts if f.key == "coverage.specialist"), False) for e in explanations):
        lines.append("A specialist trust is scored on fewer measures, often without A&E measures, so a comparison "
                     "with a general hospital needs care.")
    citations = cite_all([("league-positions", "like with like"), ("specialist-trusts", "compare a specialist"),
                          ("financial-override", "not a judgement")])
    follow_ups = [f"Why is {e.trust_name} placed where it is?" for e in explanations[:2]]
    quarter = explanations[0].quarter if explanations else None
    return Answer("\n".join(lines), audience, "compare", list(query.trusts),
                  quarter, _unique(facts), citations, follow_ups, declined=query.declined, corrects_premise=corrects,
                  unavailable=list(dict.fromkeys(not_held)), question=query.question)


def _gap(higher, lower) -> tuple[str, list[Fact]]:
    """How far apart two trusts of one table are: places and average score (from the rounded averages)."""
    value = {e.trust_code: {f.key: f.value for f in e.facts if f.trust in (e.trust_code, None)}
             for e in (higher, lower)}
    places = int(value[lower.trust_code]["rank"]) - int(value[higher.trust_code]["rank"])
    score_gap = round(float(value[lower.trust_code]["average_score"]) - float(value[higher.trust_code]["average_score"]),
                      2)
    source = f"our engine: {higher.table} table, {higher.quarter}, the two trusts' positions and average scores"
    facts = [Fact("rank_gap", "places between the two trusts", places, source, None, higher.quarter),
             Fact("average_gap", "difference in average score", score_gap, source, None, higher.quarter)]
    return (f"They are {show(places)} place{'s' if places != 1 else ''} apart, and {higher.trust_name}'s average score "
            f"is {show(score_gap, '2dp')} lower.", facts)


def _unique(facts: list[Fact]) -> list[Fact]:
    return list({(f.key, f.trust, f.quarter, f.label): f for f in facts}.values())
