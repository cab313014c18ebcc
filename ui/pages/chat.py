"""Ask a question: the conversation, with how each answer was worked out and its sources.

The user's words are always shown literally (escaped Markdown, never HTML). Follow-up suggestions and the
candidate trusts of a clarifying question are buttons; ``?q=<question>`` asks a question on load.
Sources are named in plain words (``scoring.explain.sources``); staff also get the engine's trace under
"Technical detail". Below the conversation one status line (an ``st.info``, role="status", so a polite live
region) stays in the same place on every run; when an answer is ready its words change to say so, and screen
readers read the change once the answer is complete.
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from nhs_league.errors import LeagueError
from ui import charts, resources
from ui.safe_text import answer_markdown, cell, literal
from ui.suggestions import suggestion, suggestions

AUDIENCES = {"public": "Member of the public", "staff": "NHS staff", "press": "Press"}
LATEST = "Latest for each trust"
READ_LIMIT = 500      # the assistant reads this many characters of a question (assistant.understanding)
CHART_MEASURES = 10   # the driver chart under an answer shows the measures that move the trust most
EXAMPLES = ["Where does Moorfields Eye Hospital rank?", "Why is Kingston in segment 3?",
            "What is the financial override?", "How many trusts were held back by the override?"]


def session():
    from assistant.session import Session

    if "chat_session" not in st.session_state:
        st.session_state.chat_session = Session()
        st.session_state.chat_history = []
    return st.session_state.chat_session


def ask_later(question: str) -> None:
    """Button callback: ask ``question`` on the next run."""
    st.session_state.pending_question = question


def ensure_index() -> None:
    """Build the passage index on first run (with a progress bar); otherwise warm it in the background."""
    slot = st.container()   # always made, so everything after it keeps its place once the index is ready
    if st.session_state.get("index_ready"):
        return
    status = resources.index_status()
    if not status.ready:
        box = slot.container(border=True)
        box.markdown("**Getting the method guide ready.** Questions about how the tables work search our "
                     "plain-English guide. Its search index is built once on this computer, usually at set-up; "
                     "this time it is being built now.")
        bar = box.progress(0.0, text="Loading the search model (about 15 seconds)…")

        def on_batch(done: int, total: int) -> None:
            bar.progress(min(1.0, done / max(total, 1)), text=f"Indexing passages: {done} of {total}")

        try:
            report = resources.build_index(on_batch)
        except Exception:  # noqa: BLE001 - position questions still work without the index
            box.error("The method guide could not be got ready, so questions about how the tables work cannot "
                      "be answered just now. Questions about a trust's position still work. Restart the app to "
                      "try again, or ask whoever runs it to repeat the set-up.")
            return
        bar.progress(1.0, text=f"Done: {report.chunks} passages indexed in {report.seconds:.0f} s.")
    resources.warm_index()
    st.session_state.index_ready = True


def controls():
    data = resources.store()
    left, right = st.columns(2)
    audience = left.radio("Answer style", list(AUDIENCES), format_func=AUDIENCES.get, horizontal=True,
                          key="audience", help="The same figures, written for the public, for NHS staff or for "
                                               "press officers.")
    quarter = right.selectbox("Quarter", [LATEST, *reversed(data.quarters)], key="chat_quarter",
                              help="Which quarter's league table to answer from.")
    s = session()
    s.audience = audience
    s.quarter = None if quarter == LATEST else quarter
    return s


def facts_frame(reply) -> pd.DataFrame:
    """The figures the answer states, each with where it comes from in plain words."""
    from scoring.explain.sources import facts_in_text, plain_label, plain_source

    return pd.DataFrame([{"What": cell(plain_label(f.label)), "Value": _value(f.value),
                          "Where it comes from": cell(plain_source(f.source))}
                         for f in facts_in_text(reply.answer, reply.facts)],
                        columns=["What", "Value", "Where it comes from"])


def technical_frame(reply) -> pd.DataFrame:
    """Every fact behind the answer as the engine recorded it (for staff)."""
    return pd.DataFrame([{"Key": cell(f.key), "Label": cell(f.label), "Value": _value(f.value),
                          "Trust": cell(f.trust), "Quarter": cell(f.quarter), "Trace": cell(f.source)}
                         for f in reply.facts])


def _value(value) -> str:
    from scoring.explain.facts import show

    text = show(value, "2dp" if isinstance(value, float) else "auto")
    return text if len(text) < 400 else text[:400] + "…"


def quarter_note(reply) -> str:
    """"Figures for Q1 2025/26 (April to June 2025)." under every answer about a quarter: with "Latest for each
    trust" one conversation can mix quarters (Q1 for acute trusts, Q4 for mental health trusts), so each answer
    says which quarter its figures are from."""
    if not reply.quarter:
        return ""
    from scoring.quarters import Quarter

    try:
        months = Quarter.from_label(reply.quarter).months
    except (ValueError, LeagueError):
        return f"Figures for {reply.quarter}."
    return f"Figures for {reply.quarter} ({months})."


PLAIN_FAILURE = ("Sorry, I couldn't answer that just now: part of this tool is not ready on this computer. "
                 "Questions about a trust's position still work. Whoever runs the tool can find the reason under "
                 "\"Technical detail\".")


def show_answer(reply, index: int, latest: bool, asked: str = "") -> None:
    """One answer: text, notices, how it was worked out, sources, and (latest only) the buttons. An error
    written for whoever runs the tool (a command to run, a file) is shown in plain words, its text collapsed."""
    from scoring.explain.sources import mentions_code

    if reply.intent == "error" and mentions_code(reply.answer):
        st.markdown(PLAIN_FAILURE)
        with st.expander("Technical detail"):
            st.text(reply.answer)
    else:
        st.markdown(answer_markdown(reply.answer))
    for notice in reply.notices:
        st.caption(answer_markdown(notice))
    if reply.intent == "position" and len(reply.trusts) == 1 and reply.quarter and not reply.declined:
        drivers_chart(reply.trusts[0], reply.quarter)
    note = quarter_note(reply)
    if note:
        st.caption(note)
    figures = facts_frame(reply) if reply.facts else pd.DataFrame()
    if not figures.empty:
        with st.expander("How we worked this out"):
            st.caption("Each figure in the answer and where it comes from: a row of one of NHS England's "
                       "published files, or a step of NHS England's method worked out by this tool.")
            st.dataframe(figures, hide_index=True, width="stretch", column_config={
                "What": st.column_config.TextColumn(width="medium"),
                "Where it comes from": st.column_config.TextColumn(width="large")})
    if reply.facts and reply.audience == "staff":
        with st.expander("Technical detail"):
            st.caption(f"All {len(reply.facts)} facts behind the answer, with the trace the engine recorded "
                       "(file, row and metric code, or the step of the method).")
            st.dataframe(technical_frame(reply), hide_index=True, width="stretch", height=320)
    if reply.citations:
        with st.expander("Sources"):
            for c in reply.citations:
                title = f"{c.title} › {c.section}" if c.section else c.title
                title = suggestion(title)
                if c.url:
                    st.markdown(f"**[{literal(title)}]({c.url.replace(')', '%29').replace(' ', '%20')})**")
                else:
                    st.markdown(f"**{literal(title)}**")
                if c.text:
                    st.markdown(answer_markdown(c.text.strip()[:1200]))
    if not latest:
        return
    if reply.needs_clarification and reply.candidates:
        st.markdown("**Which trust do you mean?**")
        for k, candidate in enumerate(reply.candidates):
            name = candidate["trust_name"]
            st.button(name, key=f"candidate-{index}-{k}", on_click=ask_later, args=(name,))
    elif reply.follow_ups:
        offered = suggestions(reply, asked)
        if offered:
            st.markdown("**You could also ask:**")
        for k, follow_up in enumerate(offered):
            st.button(follow_up, key=f"follow-{index}-{k}", on_click=ask_later, args=(follow_up,))
    for code in reply.trusts[:2]:
        name = _trust_name(code)
        if name and st.button(f"Open the profile of {name}", key=f"profile-{index}-{code}", icon=":material/open_in_new:"):
            st.session_state.profile_trust = code
            st.switch_page("pages/profile.py")


def drivers_chart(code: str, quarter: str) -> None:
    """Under a position or why answer: the trust's measures by how much each pulls its average, worst first."""
    from scoring.explain.drivers import trust_drivers

    try:
        found = trust_drivers(resources.store(), code, quarter)
    except LeagueError:
        return
    frame = charts.driver_frame(found, limit=CHART_MEASURES)
    if frame.empty:
        return
    summary = charts.driver_summary(frame, _trust_name(code) or code, of=len(found.drivers))
    st.altair_chart(charts.driver_chart(frame), width="stretch", height=charts.driver_chart_height(frame) + 110,
                    alt=summary)
    total = len(found.drivers)
    shown = f"The {len(frame)} measures that move it most, of {total}. " if total > len(frame) else ""
    st.caption(f"{shown}Each bar is one measure: how much the trust's average metric score would change without "
               "it. Left (red) holds it back, right (blue) helps it; the black tick is the median for trusts in its "
               "table.")


def _trust_name(code: str) -> str | None:
    trusts = resources.store().trusts
    row = trusts[trusts["trust_code"] == code]
    return None if row.empty else str(row.iloc[0]["trust_name"])


def long_question_note(question: str) -> str:
    """A visible note, with a count, when a question is longer than the assistant reads."""
    size = len(question)
    if size <= READ_LIMIT:
        return ""
    return (f"Your question is {size:,} characters long. I read the first {READ_LIMIT} characters only, so "
            f"{size - READ_LIMIT:,} were left out. To ask about the rest, send it as a new question.")


WAITING = "Ask a question to start. Each answer appears above this line, and this line says when it is ready."


def announcement(reply, seconds: float) -> str:
    """The status line's words once an answer is ready: its first sentence, so a screen reader hears it."""
    import re

    first = re.split(r"(?<=[.!?:])\s", reply.answer.strip().split("\n")[0].lstrip("- "), maxsplit=1)[0]
    first = first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"
    return f"Answer ready ({seconds:.1f} s): {first}"


def ask(question: str, s) -> None:
    """Ask, show the exchange, and keep it in the history."""
    from assistant.answering import answer

    with st.chat_message("user"):
        st.markdown(literal(question))
        note = long_question_note(question)
        if note:
            st.warning(note, icon=":material/content_cut:")
    with st.chat_message("assistant"):
        started = time.perf_counter()
        with st.spinner("Working it out…"):
            try:
                reply = answer(question, s, audience=s.audience, store=resources.store())
            except Exception as error:  # noqa: BLE001 - never a traceback on screen
                st.error(f"Sorry, the assistant failed on that question ({type(error).__name__}). "
                         "Please try rephrasing it.")
                return
        elapsed = time.perf_counter() - started
        history = st.session_state.chat_history
        history.append({"question": question, "answer": reply, "seconds": elapsed})
        show_answer(reply, len(history) - 1, latest=True, asked=question)
        st.caption(f"Answered in {elapsed:.1f} s.")
    st.session_state.announcement = announcement(reply, elapsed)


def render() -> None:
    st.title("Ask about NHS trust league tables")
    st.caption("Plain-language answers about where an NHS trust sits in NHS England's league tables and why. "
               "Every number comes from NHS England's published data.")
    s = controls()
    ensure_index()
    # no max_chars: Streamlit drops a longer paste without a word; the reply says what was read instead
    prompt = st.chat_input("Ask about a trust or how the tables work")
    new_question = st.session_state.pop("pending_question", None) or prompt
    deep = st.query_params.get("q")
    if deep and not st.session_state.get("deep_link_done"):
        st.session_state.deep_link_done = True
        new_question = new_question or deep
    history = st.session_state.chat_history
    conversation, status = st.container(), st.container()   # the status line keeps its place on every run
    with conversation:
        if not history and not new_question:
            st.markdown("**Try one of these:**")
            for k, example in enumerate(EXAMPLES):
                st.button(example, key=f"example-{k}", on_click=ask_later, args=(example,))
        for k, turn in enumerate(history):
            with st.chat_message("user"):
                st.markdown(literal(turn["question"]))
                note = long_question_note(turn["question"])
                if note:
                    st.warning(note, icon=":material/content_cut:")
            with st.chat_message("assistant"):
                show_answer(turn["answer"], k, latest=(k == len(history) - 1 and not new_question),
                            asked=turn["question"])
        if new_question:
            ask(str(new_question), s)
    status.info(st.session_state.get("announcement", WAITING))


render()
