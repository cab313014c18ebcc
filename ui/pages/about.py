"""About: what the product is and is not, the method in short, where the data comes from, and its limits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.frameworks import current_framework
from ui import resources
from ui.league_rows import TABLE_LABELS

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def render() -> None:
    data = resources.store()
    manifest = data.manifest
    st.title("About this tool")
    st.markdown(
        f"**What it is.** A tool that explains NHS England's trust league tables (the {current_framework().name}): "
        "where each NHS trust sits, why, what would move it, and whether a change since last quarter "
        "is real. Every number comes from NHS England's published files: the tool works through NHS England's "
        "method step by step and gets the same scores, segments and positions NHS England published. Every "
        "answer shows where its figures come from.\n\n"
        "**What it is not.** It is not NHS England, and not an official source. It does not give medical advice, "
        "rate individual hospitals, wards, services or staff, or predict future positions. To choose where to be "
        "treated, look at the Care Quality Commission's ratings (cqc.org.uk) and talk to your GP.")
    st.header("The method in short")
    st.markdown(
        "1. **Metric scores.** Each trust is scored from 1.00 (best) to 4.00 (worst) on each metric that applies "
        "to it: waiting times, cancer, A&E, infections, the staff survey, finance, productivity and others.\n"
        "2. **Average.** The scores are averaged (some metrics carry a different weight).\n"
        "3. **Segments.** Three cut points split the averages into segments 1 (best) to 4. A trust in financial "
        "deficit, or receiving deficit support, cannot sit above segment 3 (the *financial override*). Trusts in "
        "the Recovery Support Programme are in segment 5.\n"
        "4. **League position.** Each table is ordered by segment, then by average score.\n\n"
        "There are three tables: acute trusts, mental health and community trusts, and ambulance trusts.")
    st.header("The data")
    quarters = ", ".join(f"{q} ({', '.join(TABLE_LABELS.get(t, t).lower() for t in data.tables_in(q))})"
                         for q in data.quarters)
    st.markdown(f"- **Publisher:** {manifest.get('publisher', 'NHS England')} "
                f"([source page]({manifest.get('source_page', '')}))\n"
                f"- **Quarters and tables in this tool:** {quarters}\n"
                f"- **Data imported:** {manifest.get('imported_at', 'unknown')}\n"
                f"- **Licence:** Open Government Licence v3.0 ([read the licence]({OGL}))")
    st.caption(str(manifest.get("attribution", "")))
    files = manifest.get("files") or []
    if files:
        with st.expander(f"Technical detail: the published files ({len(files)}), for checking"):
            st.dataframe(pd.DataFrame([{"File": f.get("name"), "Kind": f.get("kind"), "Rows": f.get("rows"),
                                        "SHA-256": f.get("sha256")} for f in files]), hide_index=True,
                         width="stretch")
    st.header("Limitations")
    st.markdown(
        "- **The financial override is not a quality judgement.** Some trusts are held at segment 3 by small "
        "deficits; the profile always shows the segment and position without it.\n"
        "- **Specialist trusts are scored on fewer metrics** (for example no A&E metrics), often easier ones, so "
        "they tend to top the acute table.\n"
        "- **Mental health and community trusts are scored on few metrics**, so one metric can move a trust a "
        "long way.\n"
        "- **Most moves between quarters are noise.** Scores are relative to other trusts and cut points move; "
        "check the likely range before reading much into a change.\n"
        "- **Trust-wide averages hide services.** Nothing here describes a particular hospital, ward or "
        "specialty; clinical outcomes such as survival are not included; deprivation, rurality and old buildings "
        "are not adjusted for.\n"
        "- **Not every table is in the data yet.** Where NHS England's file for a table and quarter is not "
        "imported, the tool says so rather than guess.\n"
        "- **Method answers quote our own plain-English guide**, with links to NHS England's documents; where "
        "the guide has no answer, the tool says so.")
    st.page_link("pages/accessibility.py", label="Accessibility statement: how accessible the tool is and how to "
                                                 "report a problem", icon=":material/accessibility:")


render()
