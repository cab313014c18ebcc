"""The driver chart: each measure's pull on a trust's average, under a position or why answer in the chat and on
the trust profile, with a text alternative and no meaning carried by colour alone."""

from __future__ import annotations

import pytest

from nhs_league.settings import UI_APP
from scoring.explain.drivers import trust_drivers
from ui import charts

streamlit_testing = pytest.importorskip("streamlit.testing.v1")
AppTest = streamlit_testing.AppTest

Q1 = "Q1 2025/26"


@pytest.fixture(autouse=True)
def index_ready(monkeypatch):
    from ui import resources

    monkeypatch.setattr(resources, "index_status", lambda: resources.IndexStatus(True))
    monkeypatch.setattr(resources, "warm_index", lambda: None)


def charts_in(block) -> list:
    return [c for c in block.children.values() if getattr(c, "type", None) == "vega_lite_chart"]


def test_frame_is_worst_first_and_says_which_way_in_words(store):
    frame = charts.driver_frame(trust_drivers(store, "RAX", Q1))
    assert frame["effect"].tolist() == sorted(frame["effect"])
    assert frame.iloc[0]["measure"] == "Very long A&E waits" and frame.iloc[0]["label"] == "holds back 0.09"
    assert all(label.startswith(("holds back", "helps")) for label in frame["label"])
    assert set(frame["direction"]) == {charts.HOLDS_BACK, charts.HELPS}


def test_chart_marks_the_table_median_and_labels_every_bar(store):
    frame = charts.driver_frame(trust_drivers(store, "RQY", "Q2 2025/26"))
    spec = charts.driver_chart(frame).to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks.count("bar") == 1 and "tick" in marks and marks.count("text") == 2
    tick = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "tick")
    assert tick["encoding"]["x"]["field"] == "table_median_effect"
    summary = charts.driver_summary(frame, "South West London and St George's")
    assert "Holding it back, most first: staff feeling safe to speak up 0.11" in summary
    assert "Helping it, most first: the trust's finances 0.16" in summary
    assert "median for the trusts in its table" in summary


def app(**query) -> AppTest:
    at = AppTest.from_file(str(UI_APP), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_why_answer_shows_the_chart_under_it():
    at = app()
    at.chat_input[0].set_value("Why is Kingston in segment 3?").run()
    assert not at.exception, [e.value for e in at.exception]
    message = at.chat_message[-1]
    found = charts_in(message)
    assert len(found) == 1
    children = list(message.children.values())
    assert children.index(found[0]) == 1                      # straight under the answer's text
    alt_text = found[0].proto.alt
    assert alt_text.startswith("Chart: how much the 10 of Kingston and Richmond NHS Foundation Trust's 20 measures "
                               "that move it most pull its average metric score")
    assert "Holding it back, most first: very long A&E waits 0.09" in alt_text
    caption = " ".join(c.value for c in message.caption)
    assert caption.startswith("The 10 measures that move it most, of 20.")
    assert "Left (red) holds it back, right (blue) helps it" in caption


def test_no_chart_under_a_table_answer():
    at = app()
    at.chat_input[0].set_value("How many trusts were held back by the override?").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not charts_in(at.chat_message[-1])


def test_profile_shows_the_chart_with_its_summary():
    at = app(trust="RAX")
    at.selectbox(key="profile_quarter_RAX").set_value(Q1).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "What holds it back and what helps" in [h.value for h in at.header]
    assert any(c.value.startswith("Chart: how much each of Kingston and Richmond") for c in at.caption)
    assert any(c.proto.alt.startswith("Chart: how much each of") for c in at.get("vega_lite_chart"))
