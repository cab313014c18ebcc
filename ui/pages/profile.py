"""A trust's profile: segment, rank, average and override; metric by metric against peers; charts; movement;
what it would take to move up; and a press brief to download. Everything is read off ``scoring.explain``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nhs_league.errors import LeagueError
from scoring.explain.published_position import is_published_only
from scoring.explain.sources import plain_source
from scoring.frameworks import is_recomputed, year_of
from ui import charts, resources
from ui.brief import build_brief, to_markdown, to_pdf
from ui.layout import compact, signed, two_dp, with_units, yes_no
from ui.league_rows import published_note
from ui.safe_text import answer_markdown, literal

BAND_TINTS = {1: "#cce5d8", 2: "#d6eef9", 3: "#fbe3c4", 4: "#f6d2cf"}   # light tints: black text stays ≥ 7:1


def trust_options() -> dict[str, str]:
    """ODS code → "Name (CODE)", in name order."""
    trusts = resources.store().trusts.sort_values("trust_name")
    return {str(r.trust_code): f"{r.trust_name} ({r.trust_code})" for r in trusts.itertuples()}


def chosen_trust(options: dict[str, str], where) -> str | None:
    """The trust to show: the selectbox, else ``?trust=``, else one handed over from the chat page."""
    wanted = st.session_state.pop("profile_trust", None) or st.query_params.get("trust")
    if wanted:
        wanted = str(wanted).strip().upper()
        if wanted in options:
            st.session_state.profile_choice = wanted
        elif "profile_choice" not in st.session_state:
            st.warning(f"No trust has the ODS code {literal(wanted)}. Choose one from the list.")
    code = where.selectbox("Find a trust (type part of its name or ODS code)", list(options), format_func=options.get,
                        index=None, placeholder="Start typing a trust's name…", key="profile_choice")
    if code:
        st.query_params["trust"] = code
    return code


def card(e) -> None:
    p, o = e.position, e.override
    with st.container(border=True):
        st.header(e.trust_name)
        st.caption(f"{e.table.capitalize()} table · {_months(e.quarter)} · NHS organisation code {e.trust_code}")
        a, b, c, d = st.columns(4)
        a.metric("Segment (1 best, 4 worst)", p.segment)
        b.metric("League position", f"{p.rank} of {p.table_size}")
        c.metric("Average metric score", f"{p.average_score:.2f}", help="Lower is better: 1.00 best, 4.00 worst.")
        d.metric("Financial override", "Applied" if o.applied else "Not applied")
        if o.applied:
            st.warning(f"Held at segment {p.segment} by the financial override (the trust is in deficit or receives "
                       f"deficit support). Its scores alone would put it in segment {p.unadjusted_segment}; without "
                       f"the override it would be in segment {o.without_segment}, position {o.without_rank}. The "
                       "override is a financial rule, not a judgement on the quality of care.",
                       icon=":material/account_balance:")
        elif p.in_deficit:
            st.info("In deficit, but the financial override did not change the segment: its scores already place it "
                    "in segment 3 or below.")
        lo, hi = e.likely_range.rank
        st.caption(f"Likely range of the position: {lo} to {hi}. Scored on {p.metrics_scored} metrics. "
                   f"Cut points between segments: {', '.join(f'{c:.2f}' for c in p.cut_points)}.")


def _months(quarter: str) -> str:
    from scoring.quarters import Quarter

    try:
        return f"{quarter} ({Quarter.from_label(quarter).months})"
    except (ValueError, LeagueError):
        return quarter


# The columns a reader needs first; the rest are one toggle away.
MAIN_COLUMNS = ["Measure", "Score", "Band", "Value", "Peers' median", "Effect on the average"]


def metric_frame(e) -> pd.DataFrame:
    """One row per measure in the average, every cell written as a person reads it (text, fixed decimals)."""
    rows = []
    for m in e.metrics:
        if not m.in_average:
            continue
        band = charts.score_band(m.score)
        middle = ("–" if m.lower_quartile is None or m.upper_quartile is None
                  else f"{with_units(m.lower_quartile, m.units)} to {with_units(m.upper_quartile, m.units)}")
        rows.append({"Measure": m.name, "Score": two_dp(m.score), "Band": charts.BANDS[band],
                     "Value": with_units(m.value, m.units),
                     "Peers' median": "–" if m.median is None else with_units(m.median, m.units),
                     "Effect on the average": signed(m.effect_vs_median), "Area": m.domain,
                     "Middle half of peers": middle, "Median score in the table": two_dp(m.peer_median_score),
                     "Weight": "a third" if round(m.weight, 2) == 0.33 else two_dp(m.weight),
                     "Where it comes from": plain_source(m.source) or "NHS England's published score",
                     "_band": band})
    return pd.DataFrame(rows)


def styled(frame: pd.DataFrame):
    bands = frame["_band"]
    shown = frame.drop(columns=["_band"])

    def colour(column: pd.Series) -> list[str]:
        if column.name not in ("Score", "Band"):
            return [""] * len(column)
        return [f"background-color: {BAND_TINTS[int(b)]}; color: #212b32" for b in bands]

    return shown.style.apply(colour)


def metric_cards(frame: pd.DataFrame) -> None:
    """The measures as cards that wrap to the screen's width (one a row on a phone)."""
    grid = st.container(horizontal=True, gap="small")
    for row in frame.to_dict("records"):
        card = grid.container(border=True, width=300)
        card.markdown(f"**{literal(row['Measure'])}**")
        card.markdown(f"Score **{row['Score']}** · band {literal(row['Band'])}")
        median = row["Peers' median"]
        card.caption(f"Value: {literal(row['Value'])}. Peers' median: {literal(median)}. "
                     f"Effect on the average: {literal(row['Effect on the average'])}.")


def drivers_section(e) -> None:
    st.header("What holds it back and what helps")
    frame = charts.driver_frame(e.drivers) if e.drivers is not None else pd.DataFrame()
    if frame.empty:
        st.caption("Not available for this trust.")
        return
    summary = charts.driver_summary(frame, e.trust_name)
    st.altair_chart(charts.driver_chart(frame), width="stretch", height=charts.driver_chart_height(frame) + 110,
                    alt=summary)
    st.caption(summary)


def metrics_section(e) -> None:
    st.header("Metric by metric")
    st.caption("Each metric's score runs from 1.00 (best) to 4.00 (worst). The band is shown in words and by "
               "colour: 1 = 1.00–1.75, 2 = up to 2.50, 3 = up to 3.25, 4 = above 3.25. Value, quartiles and "
               "median are the published figures for the trust and its peers.")
    st.caption("Effect on the average: how much this score moves the trust's average compared with a median "
               "score (minus helps, plus holds it back).")
    frame = metric_frame(e)
    if compact("profile_compact"):
        metric_cards(frame)
    else:
        every = st.toggle("Show every column", key="profile_all_columns",
                          help="Area, the middle half of peers, the table's median score, weight and source.")
        columns = [c for c in frame.columns if c != "_band"] if every else MAIN_COLUMNS
        st.dataframe(styled(frame), hide_index=True, width="stretch", column_order=columns,
                     height=36 + 35 * len(frame))
    numbers = [m for m in e.metrics if m.in_average]
    chart_data = pd.DataFrame({"metric": [m.name for m in numbers], "score": [round(m.score, 2) for m in numbers],
                               "peer_median_score": [m.peer_median_score for m in numbers],
                               "band": frame["Band"]})
    summary = charts.metric_scores_summary(chart_data, e.trust_name)
    st.altair_chart(charts.metric_scores_chart(chart_data), width="stretch", height=120 + 26 * len(chart_data),
                    alt=summary)
    st.caption(summary)
    if e.coverage.not_applied:
        with st.expander(f"Metrics that did not apply ({len(e.coverage.not_applied)})"):
            st.dataframe(pd.DataFrame([{"Measure": n.name, "Who is scored on it": n.why}
                                       for n in e.coverage.not_applied]), hide_index=True, width="stretch")


def table_section(e) -> None:
    st.header(f"The whole {e.table} table")
    result = resources.quarter_result(e.quarter)
    table = result.trusts[result.trusts["table"] == result.trusts.set_index("trust_code").loc[e.trust_code, "table"]]
    table = table[["trust_code", "trust_name", "average_score", "adjusted_segment", "rank"]]
    summary = charts.league_summary(table, e.trust_code, e.position.cut_points, e.table)
    st.altair_chart(charts.league_dot_plot(table, e.trust_code, e.position.cut_points), width="stretch", alt=summary)
    st.caption(summary)


def movement_section(e, quarters: list[str]) -> None:
    st.header("Movement across quarters")
    history = []
    for q in filter(is_recomputed, quarters):   # a published-only quarter has its own view (published_profile)
        try:
            other = resources.explanation(e.trust_code, q)
        except LeagueError:
            continue
        history.append({"quarter": q, "segment": other.position.segment, "rank": other.position.rank,
                        "average_score": other.position.average_score, "table_size": other.position.table_size,
                        "likely_low": other.likely_range.average[0], "likely_high": other.likely_range.average[1],
                        "whose": other.likely_range.whose})
    m = e.movement
    if m is None or len(history) < 2:
        st.caption("The data holds no earlier quarter for this trust's table, so there is no movement to show yet.")
        if history:
            st.dataframe(pd.DataFrame([{"Quarter": _months(h["quarter"]), "Segment": h["segment"],
                                        "Position": f"{h['rank']} of {h['table_size']}",
                                        "Average score": two_dp(h["average_score"]),
                                        "Likely range of the average": f"{two_dp(h['likely_low'])} to "
                                                                        f"{two_dp(h['likely_high'])}"}
                                       for h in history]), hide_index=True, width="stretch")
        return
    frame = pd.DataFrame(history)
    trend = charts.trend_summary(frame, e.trust_name)
    st.altair_chart(charts.trend_chart(frame), width="stretch", height=charts.TREND_HEIGHT + 120, alt=trend)
    st.caption(trend)
    summary = "Chart: league position by quarter (1 = top). The same figures: " + "; ".join(
        f"{h['quarter']}: segment {h['segment']}, position {h['rank']}, average {h['average_score']:.2f}"
        for h in history) + "."
    st.altair_chart(charts.movement_chart(frame), width="stretch", alt=summary)
    st.caption(summary)
    st.markdown(f"Since {m.previous_quarter}: position {m.previous_rank} → {e.position.rank}, segment "
                f"{m.previous_segment} → {e.position.segment}, average {m.previous_average:.2f} → "
                f"{e.position.average_score:.2f}. {m.verdict}")
    st.caption("Whether a change is real is our own paired test, not NHS England's (it has not published one). "
               f"With {e.position.table_size} trusts in the table, a few changes pass it by chance alone, and a trend "
               "needs at least five quarters to test properly.")
    parts = pd.DataFrame([
        {"Cause": "Its own measures (scored in both quarters)", "Segment change": m.measures_segment_effect,
         "Position change": m.measures_rank_effect},
        {"Cause": "Measures added or dropped", "Segment change": m.added_dropped_segment_effect,
         "Position change": m.added_dropped_rank_effect},
        {"Cause": "The financial override", "Segment change": m.override_segment_effect,
         "Position change": m.override_rank_effect},
        {"Cause": "The cut points moving", "Segment change": m.cut_points_segment_effect,
         "Position change": m.cut_points_rank_effect},
        {"Cause": "Other trusts moving", "Segment change": m.moving_segment_effect,
         "Position change": m.moving_rank_effect}])
    st.caption("Where the change came from (positive = worse; the parts add up to the whole change):")
    st.dataframe(parts, hide_index=True, width="stretch")
    if m.own:
        st.dataframe(pd.DataFrame([{"Measure": s.name, "Score before": two_dp(s.before), "Score after": two_dp(s.after),
                                    "Effect on the average": signed(s.average_effect),
                                    "Effect on the position": s.rank_effect}
                                   for s in m.own]), hide_index=True, width="stretch")


def next_segment_section(e) -> None:
    st.header("What it would take to move up")
    n = e.next_segment
    if n is None:
        st.caption("Not available for this trust.")
        return
    st.markdown(answer_markdown(n.text))
    if n.options:
        st.dataframe(pd.DataFrame([{"Measure": o.name, "Now": with_units(o.current, o.units),
                                    "Needed": with_units(o.needed, o.units), "New average": two_dp(o.new_average),
                                    "New segment": o.new_segment, "New position": o.new_rank}
                                   for o in n.options]), hide_index=True, width="stretch")
        st.caption("Each row is one change on its own, with every other trust as published. This is the arithmetic "
                   "of the method, not advice on what a trust should do.")


@st.cache_data(show_spinner=False, max_entries=64)
def brief_files(code: str, quarter: str) -> tuple[str, bytes, str]:
    e = resources.explanation(code, quarter)
    b = build_brief(e, str(resources.store().manifest.get("imported_at", "")))
    return to_markdown(b), to_pdf(b), b.file_stem


def brief_section(e) -> None:
    st.header("Press brief")
    st.caption("The figures, the caveats that apply and the sources, ready to quote.")
    markdown, pdf, stem = brief_files(e.trust_code, e.quarter)
    left, right = st.columns(2)
    left.download_button("Download the brief (Markdown)", markdown, file_name=f"{stem}.md", mime="text/markdown",
                         icon=":material/description:", key="brief-md")
    right.download_button("Download the brief (PDF)", pdf, file_name=f"{stem}.pdf", mime="application/pdf",
                          icon=":material/picture_as_pdf:", key="brief-pdf")
    with st.expander("Preview the brief"):
        st.markdown(answer_markdown(markdown.split("\n## The figures")[0].split("## Context", 1)[-1]))


PEER_GROUPS = {"subtype": "trusts of the same type", "region": "trusts in the same region"}


def published_profile(e, quarters: list[str]) -> None:
    """A quarter this tool has no rules for: NHS England's published figures (``scoring.explain.published_position``),
    said to be as published, and a plain sentence for what needs the rules."""
    with st.container(border=True):
        st.header(e.trust_name)
        st.caption(f"{e.table.capitalize()} table · {_months(e.quarter)} · NHS organisation code {e.trust_code}")
        st.info(published_note(e.quarter), icon=":material/info:")
        a, b, c, d = st.columns(4)
        a.metric("Segment (as published)", "–" if e.segment is None else str(e.segment))
        b.metric("League position", "–" if e.rank is None else f"{e.rank} of {e.table_size}")
        c.metric("Average metric score", two_dp(e.average_score), help="Lower is better: 1.00 best, 4.00 worst.")
        d.metric("In deficit (as published)", "–" if e.in_deficit is None else yes_no(e.in_deficit))
    with st.expander("In words", expanded=True):
        st.markdown(answer_markdown(e.retell("public")))
    if e.peers:
        st.markdown("\n".join(f"- Among {PEER_GROUPS.get(p.kind, 'similar trusts')} ({literal(p.name)}): "
                               f"{p.position} of {p.size}, by NHS England's published positions" for p in e.peers))
    if e.metrics:
        st.header("Published measures")
        st.caption("Each value as NHS England published it, with its peers' figures where published.")
        st.dataframe(pd.DataFrame([{
            "Measure": m.name, "Value": with_units(m.value, m.units),
            "Peers' median": "–" if m.median is None else with_units(m.median, m.units),
            "Middle half of peers": ("–" if m.lower_quartile is None or m.upper_quartile is None else
                                     f"{with_units(m.lower_quartile, m.units)} to {with_units(m.upper_quartile, m.units)}"),
            "Rank among peers": "–" if m.published_rank is None else str(m.published_rank),
            "Where it comes from": plain_source(m.source)} for m in e.metrics]), hide_index=True, width="stretch")
    m = e.movement
    if m is not None and None not in (m.previous_rank, e.rank, m.previous_segment, e.segment):
        st.header("Movement across quarters")
        st.markdown(f"Since {m.previous_quarter}: position {m.previous_rank} → {e.rank}, segment "
                    f"{m.previous_segment} → {e.segment}, as NHS England published them."
                    + (" The two quarters were scored under different yearly rules, so part of any change can come "
                       "from the new rules rather than the trust." if m.frameworks_differ else ""))
    st.header("Not shown for this quarter")
    st.markdown(f"What it would take to move up, what holds the trust back and what helps it, the whole table "
                f"with its cut points, the movement chart and the press brief are all worked out with this tool's "
                f"rules, and it has none for {year_of(e.quarter)} yet."
                + (" Choose an earlier quarter above to see them." if any(map(is_recomputed, quarters)) else ""))


def render() -> None:
    st.title("Trust profile")
    search, pick_quarter = st.columns([3, 1])
    options = trust_options()
    code = chosen_trust(options, search)
    if not code:
        st.caption("Choose a trust to see its position, metric by metric, and what would move it.")
        return
    quarters = resources.trust_quarters(code)
    if not quarters:
        table = resources.store().trust(code)["table"]
        st.info(f"{options[code]} is in the {table} table. NHS England's figures for that table are not in this "
                "tool yet, so there is no position to explain.")
        return
    quarter = pick_quarter.selectbox("Quarter", list(reversed(quarters)), key=f"profile_quarter_{code}")
    try:
        e = resources.explanation(code, quarter)
    except LeagueError as error:
        st.error(str(error))
        return
    if is_published_only(e):
        published_profile(e, quarters)
    else:
        card(e)
        with st.expander("In words", expanded=True):
            st.markdown(answer_markdown(e.retell("public")))
        drivers_section(e)
        metrics_section(e)
        table_section(e)
        movement_section(e, quarters)
        next_segment_section(e)
        brief_section(e)
    if st.button("Ask a question about this trust", icon=":material/chat:"):
        st.session_state.pending_question = f"How is {e.trust_name} doing?"
        st.switch_page("pages/chat.py")


render()
