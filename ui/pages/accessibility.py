"""Accessibility statement, in the shape of the GOV.UK model statement for the Public Sector Bodies (Websites and
Mobile Applications) (No. 2) Accessibility Regulations 2018: the standard (WCAG 2.2 AA), what is known not to meet
it and why, how to report a problem, the enforcement procedure, and how the site was tested.

Whoever runs a copy of the app names their contact in ``NHS_LEAGUE_CONTACT`` (an email address or web page);
without it the page says to contact the organisation that runs the copy.
"""

from __future__ import annotations

import os

import streamlit as st

from ui.safe_text import literal

PREPARED = "30 November 2026"
TESTED = "30 November 2026"
WCAG = "https://www.w3.org/TR/WCAG22/"
EASS = "https://www.equalityadvisoryservice.com/"
ECNI = "https://www.equalityni.org/Home"

KNOWN_ISSUES = [
    ("Data tables are drawn as pictures on the page (a canvas), so some screen readers cannot move from cell to "
     "cell.", "1.3.1 Info and relationships",
     "Every figure in a table is also written out in words: in the answer, in the chart's description or in the "
     "press brief. The league table can be downloaded as a spreadsheet (CSV)."),
    ("Charts are pictures.", "1.1.1 Non-text content",
     "Each chart has a text description, shown under it and read out by screen readers, with every figure the "
     "chart shows."),
    ("The press brief PDF is not tagged, so a screen reader reads it as plain text without headings.",
     "1.3.1 Info and relationships", "The same brief can be downloaded as a text file (Markdown) with headings."),
    ("Keyboard-only use and screen readers have not yet been tested by hand; only automated checks have been run.",
     "2.1.1 Keyboard and 4.1.3 Status messages",
     "When an answer is ready, a short message saying so appears and is read out by screen readers."),
    ("On a phone, wide tables would be cut off.", "1.4.10 Reflow",
     "Phones get a compact layout (cards or two columns) by default, and anyone can switch it on or off."),
]


def contact() -> str:
    where = os.environ.get("NHS_LEAGUE_CONTACT", "").strip()
    if where:
        return f"Contact us at {literal(where)}."
    return "Contact the organisation that runs this copy of the tool (it is named where you found the link)."


def render() -> None:
    st.title("Accessibility statement")
    st.markdown(
        "This statement applies to this tool, which explains NHS England's trust league tables. We want as many "
        "people as possible to be able to use it. For example, you should be able to:\n"
        "- change colours, contrast levels and fonts using your browser or device settings;\n"
        "- zoom in up to 400% without the text spilling off the screen;\n"
        "- use most of the tool with a keyboard or with speech recognition software;\n"
        "- listen to most of the tool using a screen reader.\n\n"
        "We have also made the text as simple as we can. Answers for the public aim at a reading age of about "
        "11 to 12 years.")
    st.header("How accessible this tool is")
    st.markdown("We know some parts are not fully accessible:\n" +
                "\n".join(f"- {problem}" for problem, _, _ in KNOWN_ISSUES))
    st.header("Feedback and contact information")
    st.markdown("If you need information from this tool in a different format, such as large print or a plain "
                f"text file, or you find a problem not listed here: {contact()} Tell us the page, what you were "
                "trying to do, and the device and software you use. We aim to reply within 5 working days.")
    st.header("Enforcement procedure")
    st.markdown("The Equality and Human Rights Commission (EHRC) is responsible for enforcing the accessibility "
                "regulations. If you are not happy with how we respond to your complaint, contact the "
                f"[Equality Advisory and Support Service (EASS)]({EASS}). In Northern Ireland, contact the "
                f"[Equality Commission for Northern Ireland]({ECNI}).")
    st.header("Technical information about this tool's accessibility")
    st.markdown("We are committed to making this tool accessible, in line with the Public Sector Bodies (Websites "
                "and Mobile Applications) (No. 2) Accessibility Regulations 2018.\n\n"
                f"**Compliance status.** This tool is partially compliant with the [Web Content Accessibility "
                f"Guidelines version 2.2]({WCAG}) AA standard, because of the issues listed below.")
    st.subheader("Content that is not accessible")
    for problem, criterion, instead in KNOWN_ISSUES:
        st.markdown(f"- **{problem}** This fails WCAG 2.2 success criterion {criterion}. What we do instead: "
                    f"{instead}")
    st.header("How we tested this tool")
    st.markdown(f"This statement was prepared on {PREPARED}. The tool was last tested on {TESTED}: every page was "
                "checked with the axe-core accessibility engine in the Chromium browser, at desktop width "
                "(1280 pixels) and phone width (390 pixels), with no serious or critical problems found in our own "
                "content. Streamlit, the toolkit the tool is built with, draws some parts itself; problems found in "
                "those parts are listed above.")


render()
