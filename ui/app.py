"""The Streamlit app: ``nhs-league app`` (or ``streamlit run ui/app.py``).

Five pages: ask a question (chat), a trust's profile, the league tables, about, and the accessibility statement. Deep links:
``?q=<question>`` asks that question on load; ``?trust=<ODS code>`` opens that trust's profile.
All numbers and words come from ``assistant`` and ``scoring``; this layer only lays them out.
"""

from __future__ import annotations

import streamlit as st

from scoring.frameworks import current_framework

st.set_page_config(page_title="NHS league tables, explained", page_icon="🏥", layout="wide",
                   initial_sidebar_state="auto", menu_items={"About": "Explains NHS England's trust league tables "
                                                             f"({current_framework().name})."})

# Imported after set_page_config, which Streamlit needs before anything else touches the page.
from nhs_league.errors import LeagueError
from ui import resources

try:
    resources.store()
except LeagueError as error:
    st.error("The published data could not be loaded, so the tool cannot answer questions yet. Whoever runs it "
             "needs to import NHS England's files again; the details are below.")
    with st.expander("Technical detail"):
        st.text(str(error))
    st.stop()

chat = st.Page("pages/chat.py", title="Ask a question", icon=":material/chat:", url_path="ask", default=True)
profile = st.Page("pages/profile.py", title="Trust profile", icon=":material/local_hospital:", url_path="profile")
pages = [chat, profile,
         st.Page("pages/league.py", title="League tables", icon=":material/table_chart:", url_path="league"),
         st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
         st.Page("pages/accessibility.py", title="Accessibility", icon=":material/accessibility:",
                 url_path="accessibility")]
current = st.navigation(pages, position="top")
if current is chat and st.query_params.get("trust") and not st.query_params.get("q"):
    st.switch_page(profile, query_params={"trust": st.query_params["trust"]})   # ?trust=<ODS code> deep link
current.run()
