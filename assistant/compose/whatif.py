"""What-ifs: changed values ("if A&E were 80%", "if it halved its 52-week waits"), the override switched off
("if it were not in deficit"), and what it would take to reach a segment — every figure through the engine."""

from __future__ import annotations

from assistant.answer_types import Answer
from assistant.citations import cite_all
from assistant.compose.position import follow_ups
from assistant.compose.replies import not_held_answer
from assistant.compose.scope import scope_for, trust_name, trust_table
from assistant.query import Query
from nhs_league.errors import InvalidWhatIf
from scoring.explain import explain, what_if, what_it_would_take
from scoring.explain.facts import Fact, ordinal, show
from scoring.explain.trust_rows import trust_row
from scoring.frameworks import table_label
from scoring.store import Store


def _factor_changes(store: Store, code: str, quarter: str, factors: dict[str, float]) -> tuple[dict[str, float],
                                                                                                 list[Fact]]:
    """'halved its 52-week waits': the published value times the factor, as changes and facts."""
    rows = store.metrics
    changes, facts = {}, []
    for value_id, factor in factors.items():
        hit = rows[(rows["quarter"] == quarter) & (rows["trust_code"] == code) & (rows["metric_id"] == value_id)]
        if hit.empty or hit["value"].isna().all():
            raise InvalidWhatIf(f"{trust_name(store, code)} has no published value for that measure in {quarter}, "
                                "so it can't be changed.")
        value = float(hit["value"].dropna().iloc[0])
        changes[value_id] = round(value * factor, 4)
        facts.append(Fact("whatif.factor", "the change asked for (times the published value)", factor,
                          "the question", code, quarter))
    return changes, facts


def _where_now(store: Store, code: str, quarter: str) -> tuple[str, list[Fact]]:
    """'Now: 110th of 134, in segment 4, with an average score of 2.68.' and its facts."""
    row = trust_row(store, quarter, code)
    src = f"NHS England's {table_label(row.table)} league table, {quarter} (recomputed by our engine)"
    facts = [Fact("rank", "league position", int(row.rank), src, code, quarter),
             Fact("table_size", "trusts in the table", int(row.table_size), src, code, quarter),
             Fact("segment", "segment", int(row.adjusted_segment), src, code, quarter),
             Fact("average_score", "average metric score", float(row.average_score), src, code, quarter)]
    return (f"Now: {ordinal(row.rank)} of {show(int(row.table_size))}, in segment {show(int(row.adjusted_segment))}, "
            f"with an average score of {show(float(row.average_score), '2dp')} (lower is better)."), facts


def compose_whatif(query: Query, store: Store, selected: str | None, audience: str) -> Answer:
    code = query.trusts[0]
    scope = scope_for(store, trust_table(store, code), query, selected)
    if not scope.held:
        return not_held_answer(query, store, code, scope, audience)
    quarter = scope.quarter
    assert quarter is not None
    audience = query.register or audience
    lead = [scope.note] if scope.note else []
    changes = dict(query.whatif_changes)
    extra: list[Fact] = list(scope.facts)
    if query.whatif_factors:
        factor_changes, factor_facts = _factor_changes(store, code, quarter, dict(query.whatif_factors))
        changes.update(factor_changes)
        extra += factor_facts
    now_line, now_facts = _where_now(store, code, quarter)
    if changes:
        result = what_if(store, code, quarter, changes)
        return Answer("\n\n".join(lead + [now_line, result.text]), audience, "whatif", [code], quarter,
                      list(result.facts) + extra + now_facts, cite_all([("metric-scores", ""), ("league-positions", "segment first")]),
                      [f"What would it take for {result.trust_name} to move up a segment?"],
                      unavailable=list(scope.not_held), question=query.question)
    if query.without_override:
        explanation = explain(store, code, quarter, "staff")
        book = {f.key: f for f in explanation.facts}
        if book["financial_override"].value:
            text = (f"{explanation.trust_name} is held at segment {show(book['adjusted_segment'].value)} by the "
                    f"financial override. Without it, its scores would place it in segment "
                    f"{show(book['without_override_segment'].value)}, "
                    f"{ordinal(book['without_override_rank'].value)} of {show(book['table_size'].value)} instead of "
                    f"{ordinal(book['rank'].value)}.")
        else:
            text = (f"The financial override does not change {explanation.trust_name}'s position: it is in segment "
                    f"{show(book['adjusted_segment'].value)}, {ordinal(book['rank'].value)} of "
                    f"{show(book['table_size'].value)}, "
                    + ("and its scores alone already place it there." if not book["in_deficit"].value else
                       "and although it is in deficit, its scores alone would not place it above segment "
                       + show(book["scale.override_cap"].value) + "."))
        return Answer("\n\n".join(lead + [text]), audience, "whatif", [code], quarter,
                      list(explanation.facts) + extra + now_facts, cite_all([("financial-override", "what it is")]),
                      follow_ups(explanation), unavailable=list(scope.not_held), question=query.question,
                      corrects_premise=not book["financial_override"].value)
    needed = what_it_would_take(store, code, quarter)
    text = now_line + "\n\n" + needed.text
    facts = list(needed.facts) + extra + now_facts
    current = int(trust_row(store, quarter, code).adjusted_segment)
    if query.target_segment and query.target_segment < current - 1:
        facts += [Fact("target_segment", "the segment asked about", query.target_segment, "the question"),
                  Fact("segment", "segment", current, "our engine", code, quarter)]
        text = (f"Segment {show(query.target_segment)} is more than one step away; here is what it would take to "
                f"reach the next segment up.\n\n" + text)
    elif query.target_segment and query.target_segment >= current:
        facts += [Fact("target_segment", "the segment asked about", query.target_segment, "the question")]
        text = (f"It is already in segment {show(current)}, so segment {show(query.target_segment)} is not a step "
                "up.\n\n" + text)
    return Answer("\n\n".join(lead + [text]), audience, "whatif", [code], quarter, facts,
                  cite_all([("metric-scores", ""), ("segment-cut-points", "what a cut point is")]),
                  [f"Why is {trust_name(store, code)} placed where it is?"], unavailable=list(scope.not_held),
                  question=query.question)
