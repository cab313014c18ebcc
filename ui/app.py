"""The Streamlit app: ``nhs-league app`` (or ``streamlit run ui/app.py``).

Four pages: ask a question (chat), a trust's profile, the league tables, and about. Deep links:
``?q=<question>`` asks that question on load; ``?trust=<ODS code>`` opens that trust's profile.
All numbers and words come from ``assistant`` and ``scoring``; this layer only lays them out.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="NHS league tables, explained", page_icon="🏥", layout="wide",
                   initial_sidebar_state="auto", menu_items={"About": "Explains NHS England's trust league tables "
                                                             "(NHS Oversight Framework 2025/26)."})

from nhs_league.errors import LeagueError  # noqa: E402
from ui import resources  # noqa: E402

try:
    resources.store()
except LeagueError as error:
    st.error(f"The published data could not be loaded. {error}")
    st.stop()

deep_trust = "trust" in st.query_params and "q" not in st.query_params
pages = [
    st.Page("pages/chat.py", title="Ask a question", icon=":material/chat:", url_path="ask", default=not deep_trust),
    st.Page("pages/profile.py", title="Trust profile", icon=":material/local_hospital:", url_path="profile",
            default=deep_trust),
    st.Page("pages/league.py", title="League tables", icon=":material/table_chart:", url_path="league"),
    st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
]
st.navigation(pages, position="top").run()
