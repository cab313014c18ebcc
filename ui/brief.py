"""A press brief for one trust and quarter: Markdown and PDF (fpdf2), every figure with its source.

The brief is read off an ``Explanation`` (``scoring.explain``): its press-register text, the key facts with
their sources, the caveats that apply, and the data's provenance and licence. Nothing is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scoring.explain.facts import show
from scoring.explain.sources import plain_label, plain_source

KEY_FACTS = ("segment", "rank", "table_size", "average_score", "unadjusted_segment", "financial_override",
             "without_override_segment", "without_override_rank", "metrics_scored", "coverage.table_usual",
             "in_deficit", "borderline", "cut_point_1", "cut_point_2", "cut_point_3")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LICENCE = ("Contains public sector information from NHS England licensed under the Open Government Licence v3.0 "
           "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).")
SOURCE_PAGE = "https://www.england.nhs.uk/nhs-oversight-framework/segmentation-and-league-tables/"


@dataclass(frozen=True)
class Brief:
    title: str
    summary: str
    figures: list[tuple[str, str, str]]      # label, value, source
    caveats: list[str]
    sources: list[tuple[str, str]]           # title, url
    data_note: str
    file_stem: str


def caveats(e) -> list[str]:
    """The context that applies to this trust (from the explanation's own facts)."""
    out = []
    p, o, c = e.position, e.override, e.coverage
    if o.applied:
        out.append(f"The financial override applied: the trust is in deficit (or receives deficit support), so it "
                   f"cannot sit above segment 3. Without it, it would be in segment {o.without_segment}, position "
                   f"{o.without_rank}. The override is a financial rule, not a judgement on quality of care.")
    elif p.in_deficit:
        out.append("The trust is in deficit (or receives deficit support); its scores already place it in segment 3 "
                   "or below, so the financial override did not change its segment.")
    if c.specialist:
        out.append(f"Specialist trust: scored on {c.metrics_scored} metrics (most trusts in the table: "
                   f"{c.table_usual}); metrics such as A&E waits do not apply, so comparisons with general "
                   "hospitals need care.")
    if c.few_metrics:
        out.append(f"Scored on only {c.metrics_scored} metrics: one metric can move the average a long way.")
    lo, hi = e.likely_range.rank
    out.append(f"Likely range of the league position: {lo} to {hi} ({e.likely_range.whose}). Small differences "
               "between neighbouring trusts should not be over-read.")
    if p.borderline:
        out.append("The average is within 0.01 of a cut point: a tiny change would move the segment.")
    if e.movement is not None and not e.movement.outside_likely_range:
        out.append(f"The change since {e.movement.previous_quarter} is inside the likely range and may be noise.")
    out.append("The table scores whole trusts on published metrics. It says nothing about a particular hospital, "
               "ward or service (see CQC ratings), does not include clinical outcomes such as survival, and does "
               "not adjust for deprivation, rurality or old buildings.")
    return out


def build_brief(e, imported_at: str = "") -> Brief:
    facts = {f.key: f for f in e.facts}
    figures = [(plain_label(facts[k].label), show(facts[k].value, "2dp" if isinstance(facts[k].value, float) else "auto"),
                plain_source(facts[k].source)) for k in KEY_FACTS if k in facts]
    lo, hi = e.likely_range.rank
    figures.append(("Likely range of the league position", f"{lo} to {hi}",
                    f"{e.likely_range.whose[:1].upper()}{e.likely_range.whose[1:]}"))
    sources = [("NHS England: NHS Oversight Framework segmentation and league tables", SOURCE_PAGE),
               ("Open Government Licence v3.0",
                "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")]
    date = f" Data imported {imported_at}." if imported_at else ""
    return Brief(title=f"{e.trust_name}: NHS league table position, {e.quarter}",
                 summary=e.retell("press"), figures=figures, caveats=caveats(e), sources=sources,
                 data_note=f"Figures recomputed from NHS England's published files for {e.quarter} by the NHS league "
                           f"tables assistant; they match the published segments and ranks.{date} {LICENCE}",
                 file_stem=f"press-brief-{e.trust_code}-{e.quarter.replace(' ', '-').replace('/', '-')}")


def to_markdown(b: Brief) -> str:
    lines = [f"# {b.title}", "", "## Context", "", b.summary.strip(), "", "## The figures", "",
             "| Figure | Value | Source |", "|---|---|---|"]
    lines += [f"| {_cell(label)} | {_cell(value)} | {_cell(source)} |" for label, value, source in b.figures]
    lines += ["", "## Caveats", ""] + [f"- {c}" for c in b.caveats]
    lines += ["", "## Sources", ""] + [f"- {title}: {url}" for title, url in b.sources]
    lines += ["", "## About these figures", "", b.data_note, ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_pdf(b: Brief) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(b.title)
    pdf.set_author("NHS league tables assistant")
    pdf.set_lang("en-GB")
    family, clean = _font(pdf)
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 13) -> None:
        pdf.set_font(family, "B", size)
        pdf.multi_cell(width, 7, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text: str, size: int = 10) -> None:
        pdf.set_font(family, "", size)
        pdf.multi_cell(width, 5, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    heading(b.title, 15)
    heading("Context")
    for block in b.summary.strip().split("\n"):
        if block.strip():
            para(block.strip())
    heading("The figures")
    pdf.set_font(family, "", 8)
    with pdf.table(col_widths=(34, 14, 52), text_align=("LEFT", "LEFT", "LEFT"), line_height=4.2) as table:
        header = table.row()
        for text in ("Figure", "Value", "Source"):
            header.cell(text)
        for label, value, source in b.figures:
            row = table.row()
            for text in (label, value, source):
                row.cell(clean(text))
    pdf.ln(3)
    heading("Caveats")
    for c in b.caveats:
        para(f"- {c}")
    heading("Sources")
    for title, url in b.sources:
        para(f"{title}: {url}", 9)
    heading("About these figures")
    para(b.data_note, 9)
    return bytes(pdf.output())


def _font(pdf):
    """DejaVu Sans when installed (full Unicode); otherwise Helvetica with text reduced to Latin-1."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu", str
    swaps = {"–": "-", "—": "-", "−": "-", "›": ">", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "≤": "<=",
             "≥": ">=", "±": "+/-"}

    def latin1(text: str) -> str:
        for a, b in swaps.items():
            text = text.replace(a, b)
        return text.encode("latin-1", "replace").decode("latin-1")

    return "Helvetica", latin1
