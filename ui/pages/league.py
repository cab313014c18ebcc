"""The league tables as the engine recomputes them, filtered, sortable, and downloadable as shown; a quarter of a
year this tool has no rules for is shown as NHS England published it (``scoring.published``), never recomputed."""

from __future__ import annotations

import streamlit as st

from scoring.cli import csv_text
from scoring.frameworks import is_recomputed
from ui import resources
from ui.layout import compact
from ui.safe_text import literal
from ui.league_rows import (ALL, COLUMNS, MAIN_COLUMNS, TABLE_LABELS, Filters, compact_rows, for_display,
                             published_note, published_trusts, shown_rows)


def trusts_of(data, quarter: str):
    """Every trust's row for the quarter: the engine's result, or NHS England's published figures."""
    if is_recomputed(quarter):
        return resources.quarter_result(quarter).trusts
    from scoring.published import published_quarter

    return published_trusts(published_quarter(data, quarter).trusts)


def render() -> None:
    st.title("League tables")
    data = resources.store()
    top = st.columns(2)
    quarter = top[0].selectbox("Quarter", list(reversed(data.quarters)), key="league_quarter")
    tables = data.tables_in(quarter)
    table = top[1].selectbox("Table", tables, format_func=lambda t: TABLE_LABELS.get(t, t), key="league_table")
    recomputed = is_recomputed(quarter)
    trusts = trusts_of(data, quarter)
    in_table = trusts[trusts["table"] == table]
    cols = st.columns(4)
    subtype = cols[0].selectbox("Trust type", [ALL, *sorted(in_table["subtype"].dropna().unique())],
                                key="league_subtype")
    region = cols[1].selectbox("Region", [ALL, *sorted(in_table["region"].dropna().unique())], key="league_region")
    segments: list[int | str] = [ALL, *sorted(int(s) for s in in_table["adjusted_segment"].dropna().unique())]
    segment = cols[2].selectbox("Segment", segments, key="league_segment")
    override = (cols[3].selectbox("Financial override", [ALL, "Applied", "Not applied"], key="league_override")
                if recomputed else ALL)
    frame = shown_rows(trusts, Filters(table, subtype, region, segment, override), recomputed)
    if not recomputed:
        st.info(f"{published_note(quarter)} The segment, average score, position and deficit flag are NHS "
                "England's own; the segment from scores alone, the financial override and the number of measures "
                "scored come from this tool's rules, so they are not shown for this quarter.",
                icon=":material/info:")
    missing = sorted(set(TABLE_LABELS) - set(tables))
    names = " and ".join(TABLE_LABELS[t].lower() for t in missing)
    note = (f" The {names} {'tables are' if len(missing) > 1 else 'table is'} not in this quarter's data."
            if missing else "")
    st.caption(f"{len(frame)} of {len(in_table)} trusts in the {TABLE_LABELS.get(table, table).lower()} table, "
               f"{quarter}. Ordered by segment, then average score (lower is better); click a column heading to "
               f"sort.{note}")
    if compact("league_compact"):      # a list wraps on a small screen, where a table's cells would be cut off
        rows = compact_rows(frame)
        st.markdown("\n".join(f"- **{literal(r.Trust)}**  \n{literal(r.Result)}" for r in rows.itertuples()))
    else:
        main = [c for c in MAIN_COLUMNS if c in frame] + ([] if recomputed else ["In deficit"])
        more = st.multiselect("More columns", [c for c in COLUMNS.values() if c not in main and c in frame],
                              key="league_more", placeholder="Add columns: ODS code, region, type…")
        st.dataframe(for_display(frame), hide_index=True, width="stretch", column_order=[*main, *more],
                     column_config={"Average score": st.column_config.NumberColumn(format="%.2f"),
                                    "Trust": st.column_config.TextColumn(width="large")})
    slug = f"{table}-{quarter.replace(' ', '-').replace('/', '-')}"
    st.download_button("Download these rows (CSV, every column)", csv_text(frame).encode("utf-8"),
                       file_name=f"nhs-league-{slug}.csv", mime="text/csv", icon=":material/download:",
                       key="league-csv")
    basis = ("Recomputed from NHS England's published files; it matches the published segments and ranks." if recomputed
             else published_note(quarter))
    st.caption(f"{basis} Contains public sector information licensed under the Open Government Licence v3.0.")


render()
