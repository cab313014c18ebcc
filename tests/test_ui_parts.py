"""The UI's small parts: safe text, score bands, chart text alternatives, and the ``nhs-league app`` command."""

from __future__ import annotations

import argparse

import pandas as pd
import pytest

from ui.safe_text import answer_markdown, literal


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](http://x)",
                                  "$x^2$", ":red[alarm]", "# heading", "**bold**", "a\\b"])
def test_literal_escapes_every_markdown_character(text):
    escaped = literal(text)
    for char in "<>[]$*#:":
        assert char not in escaped.replace("\\" + char, "")


def test_answer_markdown_keeps_bold_and_lists_but_not_links_or_html():
    text = answer_markdown("**Segment 3**\n- one\nNo trust matches '<b>x</b> [y](javascript:z)'.")
    assert "**Segment 3**" in text and "\n- one" in text
    assert "\\<b\\>" in text and "\\[y\\]\\(javascript" in text


def test_score_bands_have_text_labels():
    from ui.charts import BANDS, band_label, score_band

    assert [score_band(s) for s in (1.0, 1.75, 1.76, 2.5, 3.25, 3.26, 4.0)] == [1, 1, 2, 2, 3, 4, 4]
    assert band_label(1.2) == "1 – best quarter" and len(BANDS) == 4


def test_chart_summaries_say_what_the_charts_show():
    from ui.charts import league_summary, metric_scores_summary

    metrics = pd.DataFrame({"metric": ["a", "b", "c"], "score": [1.0, 3.0, 2.0], "peer_median_score": [2.0, 2.0, 2.0],
                            "band": ["x", "y", "z"]})
    assert "better than the median on 1, worse on 1 and level on 1" in metric_scores_summary(metrics, "T")
    table = pd.DataFrame({"trust_code": ["A", "B", "C"], "trust_name": ["Alpha", "Beta", "Gamma"],
                          "average_score": [1.5, 2.2, 2.9], "adjusted_segment": [1, 2, 4], "rank": [1, 2, 3]})
    text = league_summary(table, "B", (2.0, 2.5, 2.8), "acute")
    assert "3 trusts in the acute table" in text and "Beta (diamond) has an average of 2.20" in text
    assert "1 trusts are at or below the first cut point" in text


def test_app_command_listens_on_loopback_by_default():
    from nhs_league.cli import build_parser
    from ui.cli import streamlit_flags

    args = build_parser().parse_args(["app"])
    assert (args.host, args.port) == ("127.0.0.1", 8501)
    assert streamlit_flags(args) == {"server.headless": True, "browser.gatherUsageStats": False,
                                     "server.address": "127.0.0.1", "server.port": 8501}
    assert streamlit_flags(argparse.Namespace(host="0.0.0.0", port=9000))["server.address"] == "0.0.0.0"


def test_ui_imports_nothing_heavy_at_import_time():
    import subprocess
    import sys

    code = ("import sys, ui.cli, ui.safe_text, ui.league_rows; "
            "print(any(m in sys.modules for m in ('torch', 'sentence_transformers', 'chromadb', 'streamlit')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_league_page_segment_is_nhs_englands_league_table_segment_with_segment_5_said_apart():
    from scoring.explain.quarter_results import base_result
    from scoring.store import load_store
    from ui.league_rows import Filters, shown_rows

    store = load_store()
    m = store.metrics
    published = {r.trust_code: int(r.value) for r in m[(m["quarter"] == "Q1 2025/26") & (m["metric_id"] == "OF5000")]
                 .itertuples()}
    rows = shown_rows(base_result(store, "Q1 2025/26").trusts, Filters("acute"))
    assert all(published[code] == segment for code, segment in zip(rows["ODS code"], rows["Segment"]))
    supported = rows[rows["Recovery Support Programme"]]
    assert len(supported) > 0 and set(supported["Segment"]) <= {1, 2, 3, 4}
