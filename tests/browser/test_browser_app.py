"""End to end in headless Chromium: ask, read the answer, open the profile, deep links, hostile input, and
axe-core on every page at desktop (1280×800) and phone (390×844) widths. Screenshots go to test-artifacts/.

axe findings are split into our own markup and Streamlit's own widgets (see ``streamlit_owned``); ours must
have no serious or critical violation, Streamlit's are written to test-artifacts/axe-report.json and listed
in docs/ui.md.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
QUESTION = "Where does Moorfields Eye Hospital rank?"
ANSWER_TEXT = "out of 134 acute trusts"
FIRST_RUN_TIMEOUT = 300_000   # ms: the first run builds the passage index (model load + embedding)

# Streamlit's own widgets and chrome: violations inside these come from Streamlit's components, not our markup.
STREAMLIT_WIDGETS = ("stToolbar", "stHeader", "stSidebar", "stTopNavLinkContainer", "stNavigation", "stChatInput",
                     "stSelectbox", "stRadio", "stDataFrame", "stDownloadButton", "stExpander", "stElementToolbar",
                     "stDecoration", "stStatusWidget", "stTooltipIcon", "stWidgetLabel")
AXE_RESULTS: list[dict] = []


def settle(page, timeout: int = 60_000) -> None:
    """Wait until the app has finished its run: no stale (fading) elements for half a second."""
    deadline = time.monotonic() + timeout / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        stale = page.evaluate("() => document.querySelectorAll('[data-stale=\"true\"]').length")
        if stale == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 0.5:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(100)
    raise AssertionError("the app did not settle")


def open_app(browser, url: str, viewport=DESKTOP):
    page = browser.new_page(viewport=viewport)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(url)
    return page


def wait_for_chat(page) -> None:
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=FIRST_RUN_TIMEOUT)
    settle(page)


def ask(page, question: str) -> float:
    """Type ``question``, press Enter, and wait for its answer; returns the seconds until the answer showed."""
    messages = page.get_by_test_id("stChatMessage")
    before = messages.count()
    started = time.perf_counter()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    messages.nth(before + 1).get_by_text("Answered in").wait_for(timeout=60_000)
    elapsed = time.perf_counter() - started
    settle(page)
    return elapsed


def streamlit_owned(node: dict) -> bool:
    """True when an axe node sits inside one of Streamlit's own widgets (by its data-testid ancestry)."""
    target = " ".join(str(t) for t in node.get("target", []))
    return any(widget in target for widget in STREAMLIT_WIDGETS) or "emotion-cache" in target and \
        "stMarkdown" not in target and "stCaption" not in target and "stAlert" not in target


def run_axe(page, axe_script, name: str) -> list[dict]:
    """Serious or critical violations in our own markup; everything is recorded for the report."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300), impact: n.impact,
                                      ancestry: n.ancestry,
                                      owner: (() => { const el = document.querySelector(n.target[0]);
                                                      const w = el && el.closest('[data-testid]');
                                                      const chain = [];
                                                      let e = el;
                                                      while (e) { if (e.dataset && e.dataset.testid) chain.push(e.dataset.testid);
                                                                  e = e.parentElement; }
                                                      return chain.join(' < '); })()}))}));
    }""")
    ours = []
    for violation in result:
        for node in violation["nodes"]:
            node["streamlit"] = any(w in node["owner"] for w in STREAMLIT_WIDGETS)
            AXE_RESULTS.append({"page": name, "rule": violation["id"], "impact": node["impact"] or violation["impact"],
                                "help": violation["help"], "owner": node["owner"], "target": node["target"],
                                "html": node["html"], "streamlit": node["streamlit"]})
            if not node["streamlit"] and (node["impact"] or violation["impact"]) in ("serious", "critical"):
                ours.append({"rule": violation["id"], "owner": node["owner"], "html": node["html"]})
    return ours


@pytest.fixture(scope="module", autouse=True)
def axe_report(artifacts):
    yield
    (artifacts / "axe-report.json").write_text(json.dumps(AXE_RESULTS, indent=1), encoding="utf-8")


def test_ask_see_answer_open_profile(browser, app_url, artifacts):
    page = open_app(browser, app_url)
    wait_for_chat(page)
    page.screenshot(path=str(artifacts / "chat-empty-1280.png"))
    first = ask(page, QUESTION)
    assert page.get_by_text(ANSWER_TEXT).first.is_visible()
    page.get_by_text("How we worked this out").first.click()
    page.get_by_test_id("stDataFrame").first.wait_for()
    page.wait_for_timeout(800)   # the expander's opening animation
    page.screenshot(path=str(artifacts / "chat-answer-1280.png"))
    second = ask(page, "Why is Kingston in segment 3?")
    assert "financial" in page.get_by_test_id("stChatMessage").last.inner_text()
    (artifacts / "browser-timings.json").write_text(json.dumps({"first_answer_s": round(first, 2),
                                                                 "second_answer_s": round(second, 2)}))
    assert first < 10 and second < 5
    page.get_by_role("button", name="Open the profile of Kingston and Richmond NHS Foundation Trust").click()
    page.get_by_text("League position").first.wait_for(timeout=30_000)
    page.get_by_text("Press brief").first.wait_for(timeout=30_000)
    settle(page)
    assert "/profile" in page.url
    page.screenshot(path=str(artifacts / "profile-RAX-1280.png"))
    page.close()


def test_deep_link_answers_without_a_click(browser, app_url, artifacts):
    page = open_app(browser, f"{app_url}/?q={quote(QUESTION)}")
    page.get_by_text(ANSWER_TEXT).first.wait_for(timeout=FIRST_RUN_TIMEOUT)
    settle(page)
    assert page.get_by_text(QUESTION, exact=True).first.is_visible()
    page.screenshot(path=str(artifacts / "deep-link-1280.png"))
    page.close()


def test_deep_link_to_a_profile(browser, app_url, artifacts):
    page = open_app(browser, f"{app_url}/?trust=RAX", PHONE)
    page.get_by_text("Press brief").first.wait_for(timeout=FIRST_RUN_TIMEOUT)
    settle(page)
    assert page.get_by_text("Kingston and Richmond NHS Foundation Trust").first.is_visible()
    page.screenshot(path=str(artifacts / "profile-RAX-390.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("question", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_markup_in_a_question_is_shown_literally(browser, app_url, artifacts, question):
    page = open_app(browser, app_url)
    wait_for_chat(page)
    ask(page, question)
    shown = page.get_by_test_id("stChatMessage").first
    assert shown.inner_text().strip().endswith(question)
    assert page.locator("[data-testid=stChatMessage] script, [data-testid=stChatMessage] img[src=x]").count() == 0
    assert page.dialogs == []
    if question.startswith("<script"):
        page.screenshot(path=str(artifacts / "hostile-question-1280.png"))
    page.close()


PAGES = [("ask", "/", "Try one of these"), ("profile", "/profile?trust=RAX", "Press brief"),
         ("league", "/league", "Download these rows"), ("about", "/about", "Limitations")]


@pytest.mark.parametrize("viewport_name,viewport", [("1280", DESKTOP), ("390", PHONE)])
@pytest.mark.parametrize("name,path,ready", PAGES)
def test_accessibility_and_layout(browser, app_url, artifacts, axe_script, name, path, ready, viewport_name,
                                  viewport):
    page = open_app(browser, app_url + path, viewport)
    page.get_by_text(ready).first.wait_for(timeout=FIRST_RUN_TIMEOUT)
    settle(page)
    if name == "ask":
        ask(page, QUESTION)
        page.get_by_text("How we worked this out").first.click()
        settle(page)
    page.screenshot(path=str(artifacts / f"page-{name}-{viewport_name}.png"))
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name} scrolls sideways at {viewport_name}px ({overflow}px)"
    ours = run_axe(page, axe_script, f"{name}@{viewport_name}")
    assert ours == [], json.dumps(ours, indent=1)
    page.close()
