"""How one trust moved between two quarters, and what drove it: its own measures, the override, other trusts."""

from __future__ import annotations

from assistant.answer_types import Answer
from assistant.compose.position import citations_for, follow_ups, position_facts
from assistant.compose.replies import not_held_answer
from assistant.compose.scope import not_held_note, scope_for, trust_table, when
from assistant.query import Query
from scoring.explain import explain
from scoring.explain.facts import Fact, FactBook, ordinal, show
from scoring.explain.movement import Movement, movement_between
from scoring.explain.text import in_a_list
from scoring.explain.trust_rows import trust_row
from scoring.frameworks import table_label
from scoring.quarters import Quarter
from scoring.store import Store

_WORSE, _BETTER = ("worse",), ("better",)


def _places(change: int) -> str:
    return f"{show(abs(change))} place" + ("" if abs(change) == 1 else "s")


def _quarters(query: Query, store: Store, code: str, selected: str | None) -> tuple[str | None, str | None, str]:
    """(earlier, later, note): the move asked about, defaulting to the latest quarter and the one before."""
    table = trust_table(store, code)
    held = store.quarters_of(table)
    scope = scope_for(store, table, query, selected)
    later = scope.quarter
    if later is None:
        return None, None, scope.note
    earlier = query.since if query.since in held and query.since != later else None
    if earlier is None:
        before = [q for q in held if Quarter.from_label(q) < Quarter.from_label(later)]
        earlier = before[-1] if before else None
    if earlier is not None and Quarter.from_label(earlier) > Quarter.from_label(later):
        earlier, later = later, earlier
    return earlier, later, scope.note


def _quarters_between(store: Store, table: str, earlier: str, later: str) -> list[str]:
    first, last = Quarter.from_label(earlier), Quarter.from_label(later)
    return [q for q in store.quarters_of(table) if first <= Quarter.from_label(q) <= last]


def _held_back_now(explanation) -> str:
    """'What holds it back most now: A, B and C.' (the measures that raise its average most, as in a why answer)."""
    drivers = explanation.drivers.holding_back(3) if explanation.drivers is not None else []
    return f"What holds it back most now: {in_a_list([d.everyday_name for d in drivers])}." if drivers else ""


def compose_movement(query: Query, store: Store, selected: str | None, audience: str) -> Answer:
    code = query.trusts[0]
    table = trust_table(store, code)
    scope = scope_for(store, table, query, selected)
    if not scope.held:
        return not_held_answer(query, store, code, scope, audience)
    audience = query.register or audience
    earlier, later, note = _quarters(query, store, code, selected)
    assert later is not None
    explanation = explain(store, code, later, audience)
    facts = list(explanation.facts) + list(scope.facts)
    lines = [note] if note else []
    not_held = list(scope.not_held)
    if query.since and query.since not in store.quarters_of(table):
        not_held.append(query.since)
        facts.append(Fact("quarter_asked", "the quarter asked for", query.since, "the question"))
        lines.append(f"We do not hold the {table_label(table)} table for {query.since}.")
    for year in query.years_not_held:
        if year not in not_held:                        # "every quarter of 2025/26 and 2024/25"
            text, year_facts = not_held_note(store, table, year, None)
            not_held.append(year)
            facts += year_facts
            lines.append(text)
    if earlier is None:
        lines.append(f"There is no earlier quarter than {when(later)} for {explanation.trust_name} in our data, so "
                     "I can't say how it has moved. Here is where it stands:")
        lines.append(explanation.text)
        return Answer("\n\n".join(lines), audience, "movement", [code], later, facts, citations_for(explanation),
                      follow_ups(explanation), unavailable=not_held or [f"a quarter before {later}"],
                      question=query.question)
    before = trust_row(store, earlier, code)
    now = trust_row(store, later, code)
    src_before = f"NHS England's {table_label(table)} league table, {earlier} (recomputed by our engine)"
    facts += [Fact("segment", "segment", int(before.adjusted_segment), src_before, code, earlier),
              Fact("rank", "league position", int(before.rank), src_before, code, earlier),
              Fact("average_score", "average metric score", float(before.average_score), src_before, code, earlier)]
    rank_change = int(now.rank) - int(before.rank)          # + = further down
    segment_change = int(now.adjusted_segment) - int(before.adjusted_segment)
    claim = query.premise or ""
    got_worse, got_better = rank_change > 0 or segment_change > 0, rank_change < 0 or segment_change < 0
    size = int(now.table_size)
    word, _, value = claim.partition(" ")
    near = value == "near"
    then = value == "then"                              # "since it came bottom in Q2": checked against Q2
    checked = before if then else now
    still_bottom = int(checked.rank) >= size - max(2, size * 0.05) if near else int(checked.rank) == size
    steps = _quarters_between(store, table, earlier, later)
    segments_held = [int(row.adjusted_segment) for q in steps if (row := trust_row(store, q, code)) is not None]
    claimed_places = int(value) if word in ("down", "up") and value.isdigit() else None
    corrected = ((claim in _WORSE and not got_worse) or (claim in _BETTER and not got_better)
                 or (claimed_places is not None and (rank_change != (claimed_places if word == "down"
                                                                     else -claimed_places)))
                 or (word in ("bottom", "worst", "last") and not still_bottom)
                 or (word in ("top", "best", "first") and int(checked.rank) != 1)
                 or (word == "segment" and value.isdigit() and any(s != int(value) for s in (
                     segments_held if query.filters.every_quarter else [int(now.adjusted_segment)]))))
    if corrected and claimed_places is not None:
        facts.append(Fact("places_claimed", "the places the question says it moved", claimed_places, "the question"))
        lines.append(f"In fact, {explanation.trust_name} did not move {word} {show(claimed_places)} places: it moved "
                     f"{'down' if rank_change > 0 else 'up' if rank_change < 0 else 'nowhere'} "
                     f"{_places(rank_change) if rank_change else ''}".rstrip() + ".")
    elif corrected and claim in _WORSE + _BETTER:
        lines.append(f"In fact, {explanation.trust_name} did not get {'worse' if claim == 'worse' else 'better'} "
                     "in the table.")
    elif corrected and word == "segment":
        lines.append(f"In fact, {explanation.trust_name} was not in segment {value} "
                     f"{'in every quarter' if query.filters.every_quarter else 'then'}.")
    elif corrected:
        where = "near the bottom" if word in ("bottom", "worst", "last") else "at the top"
        lines.append(f"In fact, {explanation.trust_name} {'was' if then else 'is'} not {where} "
                     f"{'then' if then else 'now'}.")
    direction = "up" if rank_change < 0 else "down" if rank_change > 0 else ""
    if rank_change:
        facts.append(Fact("rank_change", "places moved", abs(rank_change), f"our engine: {earlier} to {later}", code,
                          later))
    moved = (f"moved {direction} {_places(rank_change)} from" if rank_change else "kept the same place:")
    lines.append(f"{explanation.trust_name} {moved} "
                 f"{ordinal(before.rank)} in {when(earlier)} (segment {show(int(before.adjusted_segment))}) "
                 f"{'to' if rank_change else 'and'} "
                 f"{ordinal(now.rank)} in {when(later)} (segment {show(int(now.adjusted_segment))}); its average "
                 f"score went from {show(float(before.average_score), '2dp')} to {show(float(now.average_score), '2dp')}"
                 " (lower is better).")
    if len(steps) > 2:                                  # "every quarter this year": each quarter on the way
        trail = []
        for quarter in steps:
            row = trust_row(store, quarter, code)
            if row is None:
                continue
            src = f"NHS England's {table_label(table)} league table, {quarter} (recomputed by our engine)"
            facts += [Fact("rank", "league position", int(row.rank), src, code, quarter),
                      Fact("segment", "segment", int(row.adjusted_segment), src, code, quarter),
                      Fact("average_score", "average metric score", float(row.average_score), src, code, quarter)]
            trail.append(f"{quarter}: {ordinal(row.rank)} (segment {show(int(row.adjusted_segment))}, average "
                         f"{show(float(row.average_score), '2dp')})")
        lines.append("Quarter by quarter: " + "; ".join(trail) + ".")
    m = explanation.movement if isinstance(explanation.movement, Movement) else None   # recomputed quarters
    if m is None or m.previous_quarter != earlier:
        book = FactBook(code, later)                           # any two quarters: "since Q1", "over the year"
        m = movement_between(store, code, earlier, later, book)
        facts += book.facts
    if m is not None and m.previous_quarter == earlier:
        parts = []
        if m.own_rank_effect:
            parts.append(f"its own measures account for {_places(m.own_rank_effect)} "
                         f"{'up' if m.own_rank_effect < 0 else 'down'}")
        if m.override_rank_effect:
            parts.append(f"the financial override switching {'off' if m.override_rank_effect < 0 else 'on'} for "
                         f"{_places(m.override_rank_effect)}")
        if m.others_rank_effect:
            parts.append(f"other trusts moving for {_places(m.others_rank_effect)} "
                         f"{'up' if m.others_rank_effect < 0 else 'down'}")
        if parts:
            lines.append("Of that move, " + "; ".join(parts) + ".")
        largest = sorted(m.own, key=lambda s: abs(s.average_effect), reverse=True)[:3]
        shown = [s for s in largest if s.before is not None and s.after is not None]
        if shown:
            lines.append("Its own scores that changed most: " + "; ".join(
                f"{s.name} {show(s.before, '2dp')} → {show(s.after, '2dp')}" for s in shown) + ".")
            for s in shown:
                facts += [Fact(f"movement.metric.{s.metric_id}.before", f"{s.name}: score in {earlier}", s.before,
                               f"our engine: {earlier}", code, earlier),
                          Fact(f"movement.metric.{s.metric_id}.after", f"{s.name}: score in {later}", s.after,
                               f"our engine: {later}", code, later)]
        if query.why:                                   # "why did it drop?": what holds it back now, too
            lines.append(_held_back_now(explanation))
        lines.append(m.verdict or (
            "This change lies outside the likely range of its average, so it is more than noise."
            if m.outside_likely_range else
            "This change lies within the likely range of its average, so it may be noise rather than a real "
            "change in performance."))
        facts += [Fact("movement.real", "The change in its own measures is real (our test, not NHS England's)",
                       m.real, f"our engine: {m.method}", code, later),
                  Fact("movement.verdict", "Is the move real, and what drove it", m.verdict,
                       f"our engine: {m.method}", code, later)]
    else:
        lines.append("Many moves between quarters are within the range expected by chance; compare the quarters "
                     "one step at a time to see what drove each move.")
    facts += position_facts(explanation, ("table_size",))
    return Answer("\n".join(lines), audience, "movement", [code], later, facts, citations_for(explanation),
                  follow_ups(explanation), corrects_premise=corrected, unavailable=not_held,
                  question=query.question)
