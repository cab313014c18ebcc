"""Plain English from an explanation's facts, in three registers: public, staff and press.

Every number is written by ``FactBook.show`` from a fact, never typed here, so a test can trace each one.
Caveats that apply (override, specialist coverage, few metrics, borderline, how far a movement verdict goes)
appear in every register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring.explain.facts import FactBook, show

if TYPE_CHECKING:
    from scoring.explain.explanation import Explanation

AUDIENCES = ("public", "staff", "press")
CQC = "For a particular hospital, ward or service, the Care Quality Commission's ratings say more."
CQC_PLAIN = "For one hospital or service, see the Care Quality Commission's ratings."


def _movement_words(b: FactBook) -> str:
    change = b.value("movement.rank_change")
    if change < 0:
        return f"moved up {b.show('movement.rank_change_size')} places"
    if change > 0:
        return f"moved down {b.show('movement.rank_change_size')} places"
    return "kept the same position"


def _likely_whose(b: FactBook, lower: bool = False) -> str:
    """Whose likely range is stated: NHS England's (published) or ours, by their method."""
    whose = str(b.value("likely_range.whose"))
    return whose if lower else whose[:1].upper() + whose[1:]


def caveats(e: Explanation, b: FactBook, audience: str) -> list[str]:
    out = []
    plain = audience == "public"
    if e.position.financial_override:
        out.append(("Its scores alone would put it in segment {u}. It is held at segment {s} because it is in "
                    "financial deficit. This rule is about money, not the quality of care. Without that rule it "
                    "would be {r}." if plain else
                    "The financial override applied: the trust is in deficit (or receives deficit support), so it "
                    "cannot sit above segment {s}; without the override it would be in segment {w}, {r}.").format(
            s=b.show("adjusted_segment"), w=b.show("without_override_segment"), u=b.show("unadjusted_segment"),
            r=b.show("without_override_rank", "ordinal")))
    if e.coverage.specialist:
        best = (f" The best-placed non-specialist trust was {b.show('best_non_specialist.name')}, "
                f"{b.show('best_non_specialist.rank', 'ordinal')}." if "best_non_specialist.name" in b else "")
        out.append(("It is a specialist trust. It was scored on {n} measures. Most trusts in its table had {u}. "
                    "Some, such as A&E waits, do not apply to it." if plain else
                    "Specialist trust: scored on {n} metrics against a usual {u} in its table (median {m}); "
                    "metrics that did not apply are left out of the average, which favours narrow case mixes."
                    ).format(n=b.show("coverage.metrics_scored"), u=b.show("coverage.table_usual"),
                             m=b.show("coverage.table_median")) + ("" if plain else best))
    if e.coverage.few_metrics:
        out.append(("It has only {n} measures, so one of them can move it a long way."
                    if plain else
                    "Few metrics: the average rests on {n} metrics, so one metric (or the finance score) can move "
                    "the trust a long way up or down.").format(n=b.show("coverage.metrics_scored")))
    if e.position.borderline:
        on_line = show(abs(e.position.distance_to_cut), "2dp") == "0.00"
        out.append(("Its average is {where} the line between segments {k} and {k1}. A very small change could "
                    "move it." if plain else
                    "Borderline: the average is {d} from cut point {k} (between segments {k} and {k1}).").format(
            d=show(abs(e.position.distance_to_cut), "2dp"), k=b.show("nearest_cut"),
            where="right on" if on_line else f"only {show(abs(e.position.distance_to_cut), '2dp')} from",
            k1=b.show("nearest_cut_next_segment")))
    if e.movement is not None:
        out.append(("Whether a change is real is our own test, not NHS England's. NHS England has not published "
                    "one. With {n} trusts in the table, a few changes will pass by chance alone. A trend needs at "
                    "least five quarters to test well." if plain else
                    "Is it real: our paired test and threshold, not NHS England's (theirs is unpublished); with {n} "
                    "trusts a few changes pass it by chance alone, and a formal trend test needs at least five "
                    "quarters.").format(n=b.show("table_size")))
    return [c for c in out if c]


def in_a_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _named_drivers(e: Explanation, b: FactBook) -> tuple[list[str], list[str]]:
    """Everyday names of the two measures holding the trust back most and the two helping it most. Naming two of
    each always names at least two of the three measures with the largest effect either way."""
    if e.drivers is None:
        return [], []
    return ([b.show(f"driver.{d.metric_id}.name") for d in e.drivers.holding_back(2)],
            [b.show(f"driver.{d.metric_id}.name") for d in e.drivers.helping(2)])


def why_sentences(e: Explanation, b: FactBook) -> list[str]:
    """The measures that hold the trust back most and help it most, in everyday words (public and press).
    A trust whose scores alone put it in the top half hears first what helps it."""
    if e.drivers is None:
        return []
    back, helps = _named_drivers(e, b)
    out = ([f"It is held back most by {in_a_list(back)}."] if back else []) + \
        ([f"It is helped most by {in_a_list(helps)}."] if helps else [])
    return out[::-1] if e.position.unadjusted_segment <= 2 else out


def months(quarter: str) -> str:
    """"Q1 2025/26 (April to June 2025)": a quarter with its months, for readers who do not think in quarters."""
    from scoring.quarters import Quarter

    try:
        return f"{quarter} ({Quarter.from_label(quarter).months})"
    except (ValueError, AttributeError):
        return quarter


def public_text(e: Explanation, b: FactBook) -> str:
    """Short sentences in everyday words: where it sits, its average, why, then what to bear in mind."""
    lines = [f"{e.trust_name} was {b.show('rank', 'ordinal')} out of {b.show('table_size')} "
             f"{b.show('table')} trusts. This was in {months(b.show('quarter'))}.",
             f"It was in segment {b.show('segment')}. Segment {b.show('scale.best_segment')} is the best and "
             f"{b.show('scale.worst_segment')} the lowest.",
             f"Its average metric score was {b.show('average_score', '2dp')}. Each of its "
             f"{b.show('metrics_scored')} measures is scored from {b.show('scale.best_score', '2dp')} (best) to "
             f"{b.show('scale.worst_score', '2dp')} (worst), so lower is better.",
             *why_sentences(e, b)]
    if e.position.recovery_support:
        lines.append(f"It also gets extra help to improve, in the Recovery Support Programme. NHS England shows "
                     f"this as segment {b.show('final_segment')}.")
    if e.movement is not None:
        lines.append(f"In {b.show('movement.previous_quarter')} it was {b.show('movement.previous_rank', 'ordinal')}, "
                     f"in segment {b.show('movement.previous_segment')}. So it has {_movement_words(b)}. "
                     f"{b.show('movement.verdict')}")
    lines += caveats(e, b, "public")
    lines.append(CQC_PLAIN)
    return " ".join(lines)


def staff_summary(e: Explanation, b: FactBook) -> list[str]:
    """Three lines: where it sits; why (the measures that move its average most); what would move it."""
    held = (f" (segment {b.show('unadjusted_segment')} on its scores alone; held by the financial override)"
            if e.position.financial_override else "")
    lines = [f"- Position: {b.show('rank', 'ordinal')} of {b.show('table_size')}, segment {b.show('segment')}{held}; "
             f"average {b.show('average_score', '2dp')} over {b.show('metrics_scored')} metrics."]
    if e.drivers is not None and e.drivers.drivers:
        def effects(ds) -> str:
            return ", ".join(f"{d.name} {b.show(f'driver.{d.metric_id}.effect', 'signed')}" for d in ds)
        parts = ([f"held back most by {effects(e.drivers.holding_back(3))}"] if e.drivers.holding_back(3) else []) \
            + ([f"helped most by {effects(e.drivers.helping(2))}"] if e.drivers.helping(2) else [])
        lines.append(f"- Why: {'; '.join(parts)} (change in the average if the metric were left out).")
    lines.append(f"- What would move it: {_would_move(e, b)}")
    return lines


def _would_move(e: Explanation, b: FactBook) -> str:
    n = e.next_segment
    if n is None:
        return "not worked out for this trust."
    if n.status == "top":
        return f"it is already in segment {b.show('segment')}, the best."
    if n.status == "recovery-support":
        return "it is in the Recovery Support Programme; no change in one metric alone moves it out."
    if n.status == "held-by-override":
        return (f"clearing its deficit: it would then be in segment {b.show('without_override_segment')}, "
                f"{b.show('without_override_rank', 'ordinal')}; no metric alone lifts it past the override.")
    if n.best is None:
        return "no single metric change lifts it a segment; it would take changes in several."
    k = f"next.{n.best.metric_id}"
    return (f"{n.best.name} from {b.show(k + '.current')} to {b.show(k + '.needed')} {n.best.units} would put it in "
            f"segment {b.show(k + '.new_segment')}, {b.show(k + '.new_rank', 'ordinal')} (the smallest single change; "
            "others below).")


def _heading(title: str) -> list[str]:
    return ["", f"### {title}"]


def _metric_line(m, b: FactBook) -> str:
    """One measure in words, its code in brackets: value, peers, rank, score, and what it does to the average."""
    k = f"metric.{m.metric_id}"
    value = (f"{b.show(k + '.value')} {m.units}" if m.value is not None else "score only (no value published)")
    peers = (f"; peers' median {b.show(k + '.median')}, middle half {b.show(k + '.lower_quartile')} to "
             f"{b.show(k + '.upper_quartile')}" if k + ".upper_quartile" in b and k + ".median" in b else "")
    rank = (f"; ranked {b.show(k + '.scoring_rank')} of {b.show(k + '.pool_size')}"
            if k + ".scoring_rank" in b else "")
    weight = "" if b.value(k + ".weight") == 1 else f" (counts {b.show(k + '.weight')} of a measure)"
    moves = (f". Average if it scored the median: {b.show(k + '.average_if_median', '2dp')}; if it scored best: "
             f"{b.show(k + '.average_if_best', '2dp')}" if k + ".average_if_median" in b
             else ". Not in the average: it feeds the finance score")
    return f"- **{m.name}** ({m.metric_id}): {value}{peers}{rank}. Score {b.show(k + '.score', '2dp')}{weight}{moves}."


def staff_text(e: Explanation, b: FactBook) -> str:
    """A three-line summary (position, why, what would move it), then one headed section per step."""
    p = e.position
    out = [*staff_summary(e, b),
           *_heading(f"{e.trust_name} ({e.trust_code}): position, step by step"),
           f"- {b.show('table').capitalize()} table, {b.show('quarter')}. Average metric score "
           f"{b.show('average_score', '2dp')} over {b.show('metrics_scored')} metrics (lower is better).",
           f"- Cut points {b.show('cut_point_1', '2dp')}, {b.show('cut_point_2', '2dp')} and "
           f"{b.show('cut_point_3', '2dp')} put it in segment {b.show('unadjusted_segment')} before the override. "
           f"The nearest cut point is {b.show('distance_to_cut', 'signed')} away"
           + (" (borderline)." if p.borderline else "."),
           f"- In financial deficit: {b.show('in_deficit')}. Override applied: {b.show('financial_override')}. "
           f"Segment after the override: {b.show('adjusted_segment')}; final segment {b.show('final_segment')}.",
           f"- League position {b.show('rank', 'ordinal')} of {b.show('table_size')} (segment first, then average); "
           f"{b.show('rank_by_average', 'ordinal')} on the average alone."]
    o = e.override
    # the year's finance inputs and combined score, as the override step recorded them (ids from the framework)
    finance = [f"{f.label} {b.show(f.key, '2dp' if f.key.endswith('.score') else 'auto')}"
               for f in b.facts if f.key.startswith("finance.")]
    out += [*_heading("Financial override"),
            f"- Finance: {'; '.join(finance) or 'no finance figures published'}.",
            f"- Without the override: segment {b.show('without_override_segment')}, "
            f"{b.show('without_override_rank', 'ordinal')} ({'it applied' if o.applied else 'it did not apply'})."]
    out += _heading("Metric by metric")
    out.append("Each measure's value, its peers' median and middle half, its score, and the trust's average if "
               "that measure scored the median or the best score.")
    out += [_metric_line(m, b) for m in e.metrics]
    out += _heading("Strongest and weakest")
    out.append("- Strongest: " + ", ".join(f"{m.name} ({b.show(f'metric.{m.metric_id}.score', '2dp')})"
                                            for m in e.strongest) + ".")
    out.append("- Weakest: " + ", ".join(f"{m.name} ({b.show(f'metric.{m.metric_id}.score', '2dp')})"
                                          for m in e.weakest) + ".")
    if e.domains:
        out.append("- Domains (context only): " + "; ".join(f"{d.domain} {b.show('domain.' + d.domain, '2dp')}"
                                                            for d in e.domains) + ".")
    c = e.coverage
    out += [*_heading("Coverage"),
            f"- Scored on {b.show('coverage.metrics_scored')} metrics; most trusts in the table "
            f"{b.show('coverage.table_usual')}, median {b.show('coverage.table_median')}. Specialist: "
            f"{b.show('coverage.specialist')}."]
    for n in c.not_applied:
        out.append(f"- Not scored on {n.name} ({n.metric_id}): it applies to {n.why[0].lower() + n.why[1:]}")
    if "best_non_specialist.name" in b:
        out.append(f"- Best non-specialist acute trust: {b.show('best_non_specialist.name')}, "
                   f"{b.show('best_non_specialist.rank', 'ordinal')}.")
    out += [*_heading("Peers"),
            f"- {b.show('peers.subtype.position', 'ordinal')} of {b.show('peers.subtype.size')} "
            f"{b.show('peers.subtype.name')} trusts (best: {b.show('peers.subtype.best_name')}, "
            f"{b.show('peers.subtype.best_rank', 'ordinal')}).",
            f"- {b.show('peers.region.position', 'ordinal')} of {b.show('peers.region.size')} trusts in "
            f"{b.show('peers.region.name')} (best: {b.show('peers.region.best_name')}, "
            f"{b.show('peers.region.best_rank', 'ordinal')})."]
    out += [*_heading("Likely range"),
            f"- {_likely_whose(b)}: average {b.show('likely_range.average_low', '2dp')} to "
            f"{b.show('likely_range.average_high', '2dp')}; position {b.show('likely_range.rank_best')} to "
            f"{b.show('likely_range.rank_worst')}.",
            f"- Method: each trust's metric scores resampled {b.show('likely_range.resamples')} times; the "
            f"{b.show('likely_range.lower_percentile')}th to {b.show('likely_range.upper_percentile')}th "
            "percentiles of the average; the position range ranks the whole table in every draw (segment, with "
            "the financial override, then average)."]
    if "likely_range.agrees" in b:
        out.append(f"- Our estimate by the same method: average {b.show('likely_range.estimate_average_low', '2dp')} "
                   f"to {b.show('likely_range.estimate_average_high', '2dp')}, position "
                   f"{b.show('likely_range.estimate_rank_best')} to {b.show('likely_range.estimate_rank_worst')}; "
                   f"within {b.show('likely_range.average_tolerance', '2dp')} and "
                   f"{b.show('likely_range.rank_tolerance')} places of NHS England's: {b.show('likely_range.agrees')}.")
    if e.movement is not None:
        out += [*_heading(f"Since {b.show('movement.previous_quarter')}"),
                f"- Was {b.show('movement.previous_rank', 'ordinal')}, segment {b.show('movement.previous_segment')}, "
                f"average {b.show('movement.previous_average', '2dp')}; {_movement_words(b)} "
                f"(average {b.show('movement.average_change', 'signed')}).",
                f"- Places moved (+ = down, − = up): its own measures "
                f"{b.show('movement.measures_rank_effect', 'signed-int')}, measures added or dropped "
                f"{b.show('movement.added_dropped_rank_effect', 'signed-int')}, override "
                f"{b.show('movement.override_rank_effect', 'signed-int')}, cut points "
                f"{b.show('movement.cut_points_rank_effect', 'signed-int')}, other trusts moving "
                f"{b.show('movement.moving_rank_effect', 'signed-int')}; these add up to "
                f"{b.show('movement.rank_change', 'signed-int')}.",
                f"- Segment change: own {b.show('movement.own_segment_effect', 'signed-int')}, override "
                f"{b.show('movement.override_segment_effect', 'signed-int')}, others "
                f"{b.show('movement.others_segment_effect', 'signed-int')}.",
                f"- Is it real? {b.show('movement.verdict')}"
                + (f" Paired test over the {b.show('movement.measures_compared')} measures scored in both quarters "
                   f"({b.show('movement.measures_changed')} changed): average change "
                   f"{b.show('movement.mean_change', 'signed')} (+ = worse), {b.show('movement.confidence')}% "
                   f"interval {b.show('movement.interval_low', 'signed')} to "
                   f"{b.show('movement.interval_high', 'signed')}." if "movement.interval_low" in b else "")]
        for s in sorted(e.movement.own, key=lambda s: -abs(s.average_effect))[:5]:
            if s.average_effect:
                out.append(f"- {s.name}: average {b.show(f'movement.metric.{s.metric_id}.average_effect', 'signed')}, "
                           f"places {b.show(f'movement.metric.{s.metric_id}.rank_effect', 'signed-int')}.")
    if e.next_segment is not None:
        estimate = not (any(o.verified for o in e.next_segment.options) or not e.next_segment.options)
        out += [*_heading("What it would take" + (" (an estimate: other trusts held as published)"
                                                  if estimate else "")),
                e.next_segment.text]
    cav = caveats(e, b, "staff")
    if cav:
        out += [*_heading("Caveats"), *[f"- {c}" for c in cav]]
    out += ["", CQC]
    return "\n".join(out)


def press_text(e: Explanation, b: FactBook) -> str:
    s1 = (f"{e.trust_name} is {b.show('rank', 'ordinal')} of {b.show('table_size')} {b.show('table')} trusts in "
          f"NHS England's league table for {b.show('quarter')}, in segment {b.show('segment')} (segment "
          f"{b.show('scale.best_segment')} is the best).")
    if e.position.financial_override:
        s2 = (f"Its metric scores alone would place it in segment {b.show('unadjusted_segment')}, but it is held at "
              f"segment {b.show('adjusted_segment')} because it is in financial deficit; without that rule it would "
              f"be {b.show('without_override_rank', 'ordinal')}.")
    else:
        s2 = (f"Its average metric score of {b.show('average_score', '2dp')} across "
              f"{b.show('metrics_scored')} metrics places it in segment {b.show('unadjusted_segment')} on its "
              "scores alone.")
    reasons = _press_reasons(e, b)
    if reasons and not e.position.financial_override:
        s2 = (f"With an average metric score of {b.show('average_score', '2dp')} across {b.show('metrics_scored')} "
              f"measures (segment {b.show('unadjusted_segment')} on its scores alone), it is {reasons}.")
    elif reasons:
        s2 = f"It is {reasons}. {s2}"
    if e.movement is not None:
        s3 = (f"It was {b.show('movement.previous_rank', 'ordinal')} in {b.show('movement.previous_quarter')}. "
              f"{b.show('movement.verdict')}")
    else:
        s3 = (f"Allowing for chance in its metric scores, its likely position ({_likely_whose(b, lower=True)}) is "
              f"between {b.show('likely_range.rank_best', 'ordinal')} and "
              f"{b.show('likely_range.rank_worst', 'ordinal')}, so small differences between neighbouring trusts "
              "should not be over-read.")
    caveat = (f"Caveat: NHS England's table compares whole trusts on {b.show('metrics_scored')} published measures "
              "in one quarter. It does not rate the care in a particular hospital, ward or service (see CQC "
              "ratings), does not include outcomes such as survival, and small differences between neighbouring "
              "trusts may be down to chance.")
    notes = caveats(e, b, "press")
    return "\n".join([" ".join([s1, s2, s3]), "", caveat, *(["", "Also note:"] if notes else []),
                      *(f"- {x}" for x in notes)])


def _press_reasons(e: Explanation, b: FactBook) -> str:
    """"held back most by …, and helped most by …" in everyday words, or "" without drivers."""
    if e.drivers is None:
        return ""
    back, helps = _named_drivers(e, b)
    parts = ([f"held back most by {in_a_list(back)}"] if back else []) + ([f"helped most by {in_a_list(helps)}"]
                                                                          if helps else [])
    return ", and ".join(parts)


def render(e: Explanation, b: FactBook, audience: str) -> str:
    return {"public": public_text, "staff": staff_text, "press": press_text}[audience](e, b)
