"""Where one trust sits and why: the explanation in the register asked for, with the measures behind it,
a wrong premise corrected first, what the table cannot tell said first when the question asks something it
cannot answer (is it safe for my operation? a complaint, a CQC inspection), and a plain note when the quarter
or table asked for is not held.
"""

from __future__ import annotations

from assistant.answer_types import Answer
from assistant.citations import cite_all
from assistant.compose.replies import PARTIAL_DECLINES, not_held_answer
from assistant.compose.scope import scope_for, trust_table
from assistant.compose.table import describe, group_size, has_recovery_flags, league_frame, ranked_on_measure, select
from assistant.query import Query
from scoring.explain import explain
from scoring.explain.drivers import Direction, one_measure
from scoring.explain.facts import Fact, ordinal, show
from scoring.explain.quarter_results import base_result
from scoring.explain.uncertainty import PUBLISHED
from scoring.frameworks import framework_for, table_label
from scoring.store import Store

_HIGH = ("top", "best", "high", "first", "top half")
_LOW = ("bottom", "worst", "low", "last", "bottom half")


def citations_for(explanation) -> list:
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


_SUPERLATIVES = ("bottom", "worst", "last", "top", "best", "first")   # claims a group's best or worst can check


def premise_correction(query: Query, explanation, store: Store) -> str:
    """A sentence correcting a wrong premise ('why is X at the bottom?' when it is 31st); '' when it holds."""
    if not query.premise:
        return ""
    claim, _, value = query.premise.partition(" ")   # "bottom", "top", "segment 3", "rank 5", "bottom half"
    facts = {f.key: f.value for f in explanation.facts if f.trust in (explanation.trust_code, None)}
    rank, size, segment = facts.get("rank"), facts.get("table_size"), facts.get("adjusted_segment")
    if rank is None or size is None:
        return ""
    if query.filters.names_a_group and claim in _SUPERLATIVES and not value:
        return _group_claim(query, explanation, store, claim)[0]
    shared = _shares_rank(store, explanation, rank)
    last = _last_rank(store, explanation)
    if claim == "override":
        if facts.get("financial_override"):
            return ""
        return (f"In fact, the financial override does not hold {explanation.trust_name} back: its scores alone put "
                f"it in segment {show(segment)}, {ordinal(rank)} of {show(size)}.")
    if value == "half" or claim in ("low", "high"):
        wrong = rank <= size / 2 if claim in ("bottom", "low") else rank > size / 2
    elif claim in ("bottom", "top") and value.isdigit():
        wrong = rank <= size - int(value) if claim == "bottom" else rank > int(value)
    elif claim in ("bottom", "worst", "last") and value == "near":     # "near the bottom": its bottom quarter
        wrong = rank <= size - max(2, size / 4)
    elif claim in ("top", "best", "first") and value == "near":        # "near the top": its top quarter
        wrong = rank > max(2, size / 4)
    elif claim in ("bottom", "worst", "last"):
        wrong = rank != last
    elif claim in ("top", "best", "first"):
        wrong = rank > 1 or shared
    elif claim == "segment" and value.isdigit():
        wrong = int(value) != segment
    elif claim == "rank" and value.isdigit():
        wrong = int(value) != rank
    elif claim == "rank" and value == "second-last":
        wrong = rank != size - 1
    else:
        return ""
    if not wrong:
        return ""
    where = (f"{ordinal(rank)} of {show(size)} in the {explanation.table} table, in segment "
             f"{show(segment)}")
    if claim in ("top", "best", "first") and rank == 1 and shared:
        return f"In fact, {explanation.trust_name} shares first place with another trust. It is {where}."
    return f"In fact, {explanation.trust_name} is not where the question suggests. It is {where}."


def _group_claim(query: Query, explanation, store: Store, claim: str) -> tuple[str, str, list[Fact]]:
    """'X is the worst large hospital trust' / 'the best in London': checked against the trust's place among the
    trusts of its table that the question's group covers: (correction, confirmation, facts), one text empty."""
    quarter, code = explanation.quarter, explanation.trust_code
    table = trust_table(store, code)                    # the table's id (explanation.table is its label)
    rows = select(league_frame(store, table, quarter), query.filters)
    if code not in set(rows["trust_code"]):
        return "", "", []
    ranks = list(rows["rank"])
    mine = int(rows.loc[rows["trust_code"] == code, "rank"].iloc[0])
    place = 1 + sum(1 for r in ranks if r < mine)
    low = claim in ("bottom", "worst", "last")
    holds = mine == max(ranks) if low else mine == min(ranks)
    who = describe(query.filters, table)
    source = f"NHS England's {quarter} {table_label(table)} league positions"
    facts = [group_size(who, len(rows), source, quarter),
             Fact("group_place", f"place among the {who}", place, source, code, quarter)]
    best = "worst" if low else "best"
    if holds:
        return "", (f"Yes. {explanation.trust_name} is the {best} of the {show(len(rows))} {who} ({ordinal(mine)} "
                    "in the whole table)."), facts
    return (f"In fact, {explanation.trust_name} is not the {best} of the {show(len(rows))} {who}: it is "
            f"{ordinal(place)} of them ({ordinal(mine)} in the whole table)."), "", facts


def _last_rank(store: Store, explanation) -> int:
    table = base_result(store, explanation.quarter).table(trust_table(store, explanation.trust_code))
    return int(table["rank"].max())


def _shares_rank(store: Store, explanation, rank: int) -> bool:
    table = base_result(store, explanation.quarter).table(trust_table(store, explanation.trust_code))
    return int((table["rank"] == rank).sum()) > 1


def follow_ups(explanation) -> list[str]:
    name = explanation.trust_name
    ideas = [f"Is {name}'s position down to one measure?", f"What would it take for {name} to move up a segment?",
             f"How does {name} compare with similar trusts?"]
    if any(f.key == "financial_override" and f.value for f in explanation.facts):
        ideas.insert(0, "What is the financial override?")
    if explanation.movement is not None:
        ideas.append(f"Did {name} really change since last quarter?")
    return ideas[:3]


def compose_position(query: Query, store: Store, selected: str | None, audience: str) -> Answer:
    code = query.trusts[0]
    scope = scope_for(store, trust_table(store, code), query, selected)
    if not scope.held:
        return not_held_answer(query, store, code, scope, audience)
    register = query.register or audience
    quarter = scope.quarter
    assert quarter is not None
    opening = PARTIAL_DECLINES.get(query.decline or "", "")
    named_measure = ""
    if query.one_measure:
        direction: Direction = "helps" if query.premise in _HIGH else "holds_back" if query.premise in _LOW else "either"
        explanation = explain(store, code, quarter, register)
        if direction == "either" and (query.metrics or query.holds_back):
            direction = "holds_back"                    # "is it just the A&E that's the problem?"
        elif direction == "either":                     # a low position is down to what holds it back
            segment = next((f.value for f in explanation.facts if f.key == "unadjusted_segment"), None)
            direction = "holds_back" if segment is not None and int(segment) >= 3 else "helps" \
                if segment is not None else "either"
        view = one_measure(store, code, quarter, register, direction=direction)
        text, facts = view.text, list(view.facts) + list(explanation.facts)
        if query.metrics and view.driver.metric_id not in query.metrics:
            named_measure = (f"Not mainly. The measure that pulls this trust down most is {view.driver.everyday_name}, "
                             "not the one you asked about.")
        elif query.metrics:
            text = f"Yes. {view.driver.everyday_name[:1].upper()}{view.driver.everyday_name[1:]} is the measure " \
                   f"that pulls this trust down most.\n\n{text}"
    else:
        explanation = explain(store, code, quarter, register)
        text, facts = explanation.text, list(explanation.facts)
        measured = [measure_line(store, explanation, metric, quarter) for metric in query.metrics[:3]]
        if measured:                                    # "where does York rank on A&E?": that measure first
            text = "\n".join(line for line, _ in measured) + "\n\n" + text
            facts += [fact for _, more in measured for fact in more]
    correction = named_measure or premise_correction(query, explanation, store)
    parts = [p.format(name=explanation.trust_name) for p in (opening,) if p]
    if query.filters.names_a_group and not correction and query.premise in _SUPERLATIVES:
        _, confirmed, claimed = _group_claim(query, explanation, store, query.premise)
        facts += claimed
        parts += [confirmed] if confirmed else []
    if query.premise == "override" and not correction:
        held_back = _without_override(explanation)
        parts += ["Yes. " + held_back] if held_back else []
    asked, asked_not_held = asked_first(query, explanation)
    if "recovery_support" in query.asks:
        line, not_held, more = _in_recovery_support(store, explanation)
        asked, asked_not_held, facts = [line, *asked], not_held + asked_not_held, more + facts
    parts += [scope.note, correction, *asked, text]
    facts += list(scope.facts)
    return Answer("\n\n".join(p for p in parts if p), register, "position", [code], quarter, facts,
                  citations_for(explanation), follow_ups(explanation), declined=query.declined,
                  corrects_premise=bool(correction), unavailable=list(scope.not_held) + asked_not_held,
                  question=query.question)


def measure_line(store: Store, explanation, metric_id: str, quarter: str) -> tuple[str, list[Fact]]:
    """One measure for one trust: its value against its peers' median and NHS England's published rank of it among
    the trusts of its table measured on it ("A&E within 4 hours: 70.4% (peers' median 76%); 90th of 123")."""
    book = {f.key: f for f in explanation.facts if f.trust in (explanation.trust_code, None)}
    key = f"metric.{metric_id}"
    name = framework_for(quarter).catalogue.get(metric_id).short_name
    if f"{key}.value" not in book and f"{key}.score" in book:     # worked out from other figures (finance)
        score = book[f"{key}.score"]
        return f"**{name}**: its score is {show(score.value, '2dp')} (1 is best, 4 worst).", [score]
    if f"{key}.value" not in book:
        return f"{explanation.trust_name} has no published figure for {name} in {quarter}.", []
    value, units = book[f"{key}.value"], book.get(f"{key}.units")
    unit = "%" if units is not None and units.value == "percent" else ""
    line = f"**{name}**: {show(value.value)}{unit}"
    if f"{key}.median" in book:
        line += f" (the median of its peers: {show(book[f'{key}.median'].value)}{unit})"
    facts = [value]
    facts += [book[k] for k in (f"{key}.median", f"{key}.score") if k in book]
    rank = book.get(f"{key}.published_rank")
    if rank is not None:
        value_id = next((row.value_id for row in explanation.metrics if row.metric_id == metric_id), metric_id)
        ranked = len(ranked_on_measure(store, quarter, explanation.table, value_id))
        if ranked:
            facts += [rank, Fact("ranked_on_measure", f"trusts NHS England ranked on {name}", ranked,
                                 value.source.rsplit(" row ", 1)[0] + f", {value_id}, {quarter}", quarter=quarter)]
            line += f". NHS England ranks it {ordinal(int(rank.value))} of {show(ranked)} on this measure"
    if f"{key}.score" in book:
        line += f"; its score is {show(book[f'{key}.score'].value, '2dp')} (1 is best, 4 worst)"
    return line + ".", facts


def _in_recovery_support(store: Store, explanation) -> tuple[str, list[str], list[Fact]]:
    """Whether the trust was in the Recovery Support Programme that quarter, or that NHS England did not publish it."""
    name, quarter = explanation.trust_name, explanation.quarter
    if not has_recovery_flags(store, quarter):
        return (f"NHS England did not publish which trusts were in the Recovery Support Programme for {quarter}, so we "
                f"cannot say whether {name} was.", [f"Recovery Support Programme flags for {quarter}"], [])
    book = {f.key: f for f in explanation.facts if f.trust in (explanation.trust_code, None)}
    flag, final = book.get("recovery_support"), book.get("final_segment")
    if flag is None or final is None:
        return "", [], []
    if flag.value:
        return (f"Yes. {name} was in the Recovery Support Programme in {quarter}, which places it in segment "
                f"{show(final.value)}.", [], [flag, final])
    return f"No. {name} was not in the Recovery Support Programme in {quarter}.", [], [flag, final]


def _without_override(explanation) -> str:
    """'The financial override holds it at segment 3. Without it, its scores would place it in segment 1, 14th
    of 134 instead of 35th.' ('' when the override does not hold it back: the premise correction says so)."""
    book = {f.key: f.value for f in explanation.facts if f.trust in (explanation.trust_code, None)}
    if not book.get("financial_override") or "without_override_segment" not in book:
        return ""
    return (f"The financial override holds it at segment {show(book['adjusted_segment'])}. Without it, its "
            f"scores would place it in segment {show(book['without_override_segment'])}, "
            f"{ordinal(book['without_override_rank'])} of {show(book['table_size'])} instead of "
            f"{ordinal(book['rank'])}.")


def asked_first(query: Query, explanation) -> tuple[list[str], list[str]]:
    """The figures asked for outright, each in one sentence before the fuller answer, and what of them is not held:
    the likely range (NHS England's where published, else ours by their method, said not published), whether the
    trust is in deficit, and whether it is a specialist trust."""
    book = {f.key: f.value for f in explanation.facts if f.trust in (explanation.trust_code, None)}
    name, lines, not_held = explanation.trust_name, [], []
    if "likely_range" in query.asks and "likely_rank_low" in book:
        whose = "NHS England's likely range"
        if book.get("likely_range.whose") != PUBLISHED:
            whose = "NHS England has not published likely ranges for this quarter. Our estimate by their method"
            not_held.append(f"NHS England's likely ranges for {explanation.quarter}")
        lines.append(f"{whose} puts {name} between {ordinal(book['likely_rank_low'])} and "
                     f"{ordinal(book['likely_rank_high'])} of {show(book['table_size'])}, with an average score "
                     f"between {show(book['likely_average_low'], '2dp')} and {show(book['likely_average_high'], '2dp')}. "
                     "It allows for chance in the measures: a trust is not clearly better than others whose ranges overlap.")
    if "deficit" in query.asks and query.premise != "override" and "in_deficit" in book:
        if book["in_deficit"]:
            held = (f" It would be in segment {show(book['unadjusted_segment'])} on its scores alone."
                    if book.get("financial_override") else "")
            lines.append(f"Yes. {name} is in financial deficit or gets deficit support, so it cannot be placed above "
                         f"segment {show(book['scale.override_cap'])}.{held}")
        else:
            lines.append(f"No. {name} is not in financial deficit, so the financial override does not apply to it.")
    if "specialist" in query.asks and "coverage.specialist" in book:
        lines.append(f"Yes. {name} is a specialist trust: it is scored on fewer measures than most trusts in its table, "
                     "usually with no A&E measures." if book["coverage.specialist"] else
                     f"No. {name} is not a specialist trust.")
    return lines, not_held


def position_facts(explanation, keys: tuple[str, ...]) -> list[Fact]:
    """The explanation's facts with these keys (about the trust itself)."""
    book = {f.key: f for f in explanation.facts if f.trust in (explanation.trust_code, None)}
    return [book[k] for k in keys if k in book]
