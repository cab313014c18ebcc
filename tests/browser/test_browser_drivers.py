"""In headless Chromium: a why answer shows the driver chart (each measure's pull on the trust's average) under
its text, with its text alternative and caption, and axe finds no serious or critical violation in our markup on
that page, at desktop and phone widths. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json

import pytest

from test_browser_app import DESKTOP, PHONE, ask, open_app, run_axe, settle, wait_for_chat

pytestmark = pytest.mark.browser

WHY = "Why is Kingston in segment 3?"


@pytest.mark.parametrize("viewport_name,viewport", [("1280", DESKTOP), ("390", PHONE)])
def test_why_answer_shows_the_driver_chart_and_passes_axe(browser, app_url, artifacts, axe_script, viewport_name,
                                                          viewport):
    page = open_app(browser, app_url, viewport)
    wait_for_chat(page)
    ask(page, WHY)
    answer = page.get_by_test_id("stChatMessage").last
    chart = answer.get_by_test_id("stVegaLiteChart")
    chart.wait_for(timeout=30_000)
    chart.locator("canvas, svg").first.wait_for(timeout=30_000)
    settle(page)
    box = chart.bounding_box()
    assert box is not None and box["height"] > 200 and box["width"] > 200
    text = answer.inner_text()
    assert text.index("held back most by") < text.index("Left (red) holds it back, right (blue) helps it")
    labelled = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] [aria-label],'
                                       + '[data-testid=stVegaLiteChart][aria-label]')]
                                       .map(e => e.getAttribute('aria-label'))""")
    assert any(label.startswith("Chart: how much the 10 of Kingston and Richmond") for label in labelled), labelled
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"chat-why-drivers-{viewport_name}.png"))
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the why answer scrolls sideways at {viewport_name}px ({overflow}px)"
    ours = run_axe(page, axe_script, f"ask-why@{viewport_name}")
    assert ours == [], json.dumps(ours, indent=1)
    page.set_viewport_size({"width": viewport["width"], "height": 2400})   # the whole answer, for the docs
    settle(page)
    answer.screenshot(path=str(artifacts / f"chat-why-drivers-answer-{viewport_name}.png"))
    page.close()
