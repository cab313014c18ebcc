"""The trust profile's trend chart (average with its likely range, segment and rank by quarter) and its text
alternative, through ``AppTest``; the summary's figures are NHS England's published ones where a league-table
file gives them."""

from __future__ import annotations

import pandas as pd
import pytest

from nhs_league.settings import UI_APP
from scoring.explain.uncertainty import published_pair

streamlit_testing = pytest.importorskip("streamlit.testing.v1")


@pytest.fixture(autouse=True)
def index_ready(monkeypatch):
    from ui import resources

    monkeypatch.setattr(resources, "index_status", lambda: resources.IndexStatus(True))
    monkeypatch.setattr(resources, "warm_index", lambda: None)


def test_profile_trend_chart_has_a_text_alternative_with_every_figure(store):
    league = store.league
    assert len(league)
    p = league.iloc[0]
    at = streamlit_testing.AppTest.from_file(str(UI_APP), default_timeout=90)
    at.query_params["trust"] = p["trust_code"]
    at.run()
    at.switch_page("pages/profile.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption if "average metric score by quarter" in c.value]
    assert len(captions) == 1
    text = captions[0]
    held = [q for q in store.quarters if p["trust_code"] in set(store.metrics.loc[store.metrics["quarter"] == q,
                                                                                   "trust_code"])]
    assert all(q in text for q in held)
    low, high = published_pair(p["likely_range_of_average_score"])
    assert f"likely range {low:.2f} to {high:.2f}, NHS England's likely range" in text
    assert "our estimate, by NHS England's method" in text          # the earlier quarters have no published file
    assert f"segment {int(p['segment'])}" in text
    assert "solid where NHS England published the range, dashed for our estimate" in text   # not colour alone


def test_trend_chart_encodes_whose_range_by_line_style_not_colour():
    from ui.charts import RANGE_STYLES, trend_chart

    history = pd.DataFrame({"quarter": ["Q1 2025/26", "Q2 2025/26"], "average_score": [2.26, 2.2],
                            "likely_low": [1.8, 1.7], "likely_high": [2.7, 2.73],
                            "whose": list(RANGE_STYLES), "segment": [2, 2], "rank": [23, 24], "table_size": [61, 61]})
    spec = trend_chart(history).to_dict()
    ranges = spec["layer"][0]["encoding"]
    assert "strokeDash" in ranges and "color" not in ranges
    labels = spec["layer"][2]["encoding"]["text"]
    assert labels["field"] == "label"
