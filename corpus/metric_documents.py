"""The metric catalogue → one corpus document per metric (``documents/metrics/of1xxx.md``) and the metric
reference page (``docs/metrics.md``).

Generated, never edited by hand: ``nhs-league docs`` rewrites them and a test fails when the checked-in files
differ from what this module produces. Every fact comes from ``scoring/frameworks/2025-26/metrics.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nhs_league.settings import DOCS_DIR, METRIC_DOCUMENTS
from scoring.catalogue import Catalogue, Metric, load_catalogue

REFERENCE_PAGE = DOCS_DIR / "metrics.md"
GENERATED_BY = "Generated from scoring/frameworks/2025-26/metrics.yaml by `nhs-league docs`; do not edit."
GENERATED_NOTE = f"<!-- {GENERATED_BY} -->"

TABLE_NAMES = {"acute": "acute trusts", "mental-health-community": "mental health and community trusts",
               "ambulance": "ambulance trusts"}
SOURCE_TITLES = {
    "nhs-oversight-framework-technical-metric-specification-document-2025-26":
        "NHS Oversight Framework 2025/26: technical metric specification",
    "nhs-oversight-framework-2025-26-methodology-manual": "NHS Oversight Framework 2025/26: methodology manual",
    "summary-hospital-level-mortality-indicator-shmi": "NHS England Digital: Summary Hospital-level Mortality Indicator",
    "nhs-sickness-absence-rates": "NHS England Digital: NHS sickness absence rates",
    "adult-inpatient-survey": "CQC adult inpatient survey",
    "community-mental-health-survey": "CQC community mental health survey",
    "www.cqc.org.uk/": "Care Quality Commission (CQC)",
    "nhsstaffsurveys.com": "NHS Staff Survey",
}
OPERATORS = {"<": "below", "<=": "at or below", ">": "above", ">=": "at or above"}


@dataclass(frozen=True)
class GeneratedFile:
    path: Path
    text: str


def document_id(metric: Metric) -> str:
    return f"metric-{metric.id.lower()}"


def source_title(url: str) -> str:
    for fragment, title in SOURCE_TITLES.items():
        if fragment in url:
            return title
    return "Official definition"


def _tables(tables: tuple[str, ...]) -> str:
    names = [TABLE_NAMES[t] for t in tables]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _value(number: float, units: str) -> str:
    text = f"{number:g}"
    return {"percent": f"{text}%", "mins": f"{text} minutes", "days": f"{text} days", "count": f"{text} cases",
            "rate": f"a rate of {text}"}.get(units, f"{text} {units}")


def _weight(metric: Metric) -> str:
    if not metric.in_average:
        return ("This score does not enter the average score directly: the combined finance score (OF1080) takes "
                "the single finance slot, and this score is one of its two inputs.")
    if abs(metric.weight - 1 / 3) < 1e-9:
        return ("It counts one third in the average metric score: the three infection metrics (MRSA, E. coli and "
                "C. difficile) share one slot between them.")
    return f"It counts with weight {metric.weight:g} in the average metric score, like most metrics."


def _direction(metric: Metric) -> str:
    if metric.direction is None:
        return ("NHS England publishes only the score for this metric, from 1 (best) to 4 (worst); a lower score "
                "is better.")
    better = "A higher value is better." if metric.direction == "higher" else "A lower value is better."
    return f"{better} Metric scores run from 1 (best) to 4 (worst)."


def _pool(metric: Metric) -> str:
    if metric.pool == "own-table":
        return ("Peer pool: each trust is compared only with trusts in its own league table "
                "(for example acute trusts with acute trusts).")
    return (f"Peer pool: one national pool across tables. {_tables(metric.pool).capitalize()} that report it are "
            "ranked together, so a trust's score also depends on trusts in the other table"
            f"{'s' if len(metric.pool) > 2 else ''}.")


def _rank_scoring(metric: Metric) -> list[str]:
    better = "highest" if metric.direction == "higher" else "lowest"
    lines = [f"Rank-based: trusts in the peer pool are ranked on the value, {better} value first."]
    if metric.standard:
        lines.append(f"Standard: a trust whose value is {OPERATORS[metric.standard.comparison]} "
                     f"{_value(metric.standard.threshold, metric.units)} meets the standard and scores 1.00. "
                     "Trusts that miss it are ranked among themselves and score from 2.00 (best) to 4.00 (worst): "
                     "score = 2 + 2 × (rank − 1) / (number missing − 1).")
    elif metric.floor:
        lines.append(f"Floor: a trust whose value is {OPERATORS[metric.floor.comparison]} "
                     f"{_value(metric.floor.threshold, metric.units)} fails the floor and scores 4.00. "
                     "Trusts above the floor are ranked among themselves and score from 1.00 (best) to 3.00: "
                     "score = 1 + 2 × (rank − 1) / (number meeting − 1).")
    else:
        lines.append("There is no standard or floor: scores spread evenly from 1.00 (best) to 4.00 (worst) by rank: "
                     "score = 1 + 3 × (rank − 1) / (number ranked − 1).")
    lines.append("Tied values share the better rank, and the published score is rounded half up to 2 decimal "
                 "places.")
    if metric.value_units:
        lines.append(f"Only trusts that publish a {' or '.join(metric.value_units)} value are ranked.")
    if metric.count_rows:
        lines.append(f"Small specialist trusts published as a count instead score "
                     f"min({metric.count_rows.base} + count, {metric.count_rows.cap}) and are not part of the "
                     "ranking.")
    return lines


def _brackets(metric: Metric) -> list[str]:
    assert metric.brackets is not None
    rows = ["Fixed bands of the value (the first band that fits gives the score):", "",
            "| Value | Score |", "|---|---|"]
    for bracket in metric.brackets:
        if bracket.at_least is not None:
            band = f"at or above {_value(bracket.at_least, metric.units)}"
        elif bracket.above is not None:
            band = f"above {_value(bracket.above, metric.units)}"
        else:
            band = "anything lower"
        rows.append(f"| {band} | {bracket.score} |")
    return ["\n".join(rows), "Trusts are not ranked against each other for this metric."]


def _lookup(metric: Metric, catalogue: Catalogue) -> list[str]:
    assert metric.lookup is not None
    row_id, column_id = metric.lookup.inputs
    row, column = catalogue.get(row_id), catalogue.get(column_id)
    header = "| " + row.short_name + " score ↓ / " + column.short_name + " score → | 1 | 2 | 3 | 4 |"
    table = [header, "|---|---|---|---|---|"]
    for number, scores in enumerate(metric.lookup.scores, start=1):
        table.append(f"| {number} | " + " | ".join(str(s) for s in scores) + " |")
    return [f"The score is looked up from two other metric scores: {row.short_name} ({row_id}) picks the row and "
            f"{column.short_name} ({column_id}) the column.", "\n".join(table),
            "Trusts are not ranked against each other for this metric."]


def how_scored(metric: Metric, catalogue: Catalogue) -> list[str]:
    """Paragraphs describing the scoring rule, read off the catalogue."""
    if metric.method == "rank":
        return _rank_scoring(metric) + [_pool(metric)]
    if metric.method == "brackets":
        return _brackets(metric)
    if metric.method == "lookup":
        return _lookup(metric, catalogue)
    return ["Score-only input: NHS England publishes the score (from 1 to 4) without a value to rank, and the "
            "league table uses that score as given."]


def metric_document(metric: Metric, catalogue: Catalogue) -> str:
    value = f" Its value is published in {metric.units} (as {metric.value_id})." if metric.value_id else ""
    sections = [
        ("What it measures", f"{metric.meaning}\n\nOfficial name: {metric.name} (score {metric.id}).{value} "
                             f"Domain: {metric.domain} ({metric.sub_domain}). In our plain-English answers: "
                             f"{metric.everyday_name}. People also call it: {', '.join(metric.everyday_words)}."),
        ("Why it matters to patients", metric.why_it_matters),
        ("Which direction is better", _direction(metric)),
        ("Who it applies to", f"{metric.applies_to} It can score {_tables(metric.tables)}. A trust that does not "
                              "report this metric is not scored on it; its average metric score is then taken over "
                              "the metrics it is scored on."),
        ("How it is scored", "\n\n".join(how_scored(metric, catalogue))),
        ("Weight in the average score", _weight(metric)),
        ("Period covered", metric.period),
        ("Source", f"Official definition: [{source_title(metric.source)}]({metric.source})."),
    ]
    title = f"{metric.short_name} ({metric.id})"
    front = (f"---\n# {GENERATED_BY}\nid: {document_id(metric)}\ntitle: \"{title}\"\nsources:\n"
             f"  - title: \"{source_title(metric.source)}\"\n    url: {metric.source}\n---\n")
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections)
    return f"{front}# {title}\n\n{body}\n"


def reference_page(catalogue: Catalogue) -> str:
    lines = [
        "# Metric reference (NHS Oversight Framework " + catalogue.framework_year + ")", "",
        GENERATED_NOTE, "",
        "Every metric that scores trusts in the league tables, read from `scoring/frameworks/2025-26/metrics.yaml`. "
        "Scores run from 1 (best) to 4 (worst). Each metric also has a corpus document in "
        "`corpus/documents/metrics/`.", "",
        "| Score | Metric | Domain | Tables | Better | Scoring | Peer pool | Weight |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in catalogue.metrics:
        scoring = {"standard": f"standard ({OPERATORS[m.standard.comparison]} {_value(m.standard.threshold, m.units)})"
                   if m.standard else "", "floor": f"floor ({OPERATORS[m.floor.comparison]} "
                   f"{_value(m.floor.threshold, m.units)})" if m.floor else "",
                   "none": "rank", "brackets": "brackets", "lookup": "lookup", "input": "score only"}[m.scoring_model]
        pool = "own table" if m.pool == "own-table" else "national: " + ", ".join(m.pool)
        weight = "not in average" if not m.in_average else ("1/3" if abs(m.weight - 1 / 3) < 1e-9 else f"{m.weight:g}")
        lines.append(f"| {m.id} | [{m.short_name}]({m.source}) | {m.domain} | {', '.join(m.tables)} | "
                     f"{m.direction or '—'} | {scoring} | {pool} | {weight} |")
    for m in catalogue.metrics:
        lines += ["", f"## {m.id} {m.short_name}", "", f"**{m.name}.** {m.meaning}", "",
                  f"- In everyday words: {m.everyday_name}", f"- Applies to: {m.applies_to}",
                  f"- Period: {m.period}", f"- Source: <{m.source}>", ""]
        for paragraph in how_scored(m, catalogue):
            lines += [paragraph, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def generated_files(catalogue: Catalogue | None = None, metrics_dir: Path = METRIC_DOCUMENTS,
                    reference: Path = REFERENCE_PAGE) -> list[GeneratedFile]:
    """Every generated file and the text it should hold."""
    catalogue = catalogue or load_catalogue()
    files = [GeneratedFile(metrics_dir / f"{m.id.lower()}.md", metric_document(m, catalogue))
             for m in catalogue.metrics]
    files.append(GeneratedFile(reference, reference_page(catalogue)))
    return files


def stale_files(files: list[GeneratedFile] | None = None, metrics_dir: Path = METRIC_DOCUMENTS) -> list[Path]:
    """Generated files that are missing or differ, and metric documents no metric produces."""
    files = files if files is not None else generated_files()
    stale = [f.path for f in files if not f.path.is_file() or f.path.read_text(encoding="utf-8") != f.text]
    expected = {f.path for f in files}
    stale += [path for path in sorted(metrics_dir.glob("*.md")) if path not in expected]
    return stale


def write_generated(files: list[GeneratedFile] | None = None, metrics_dir: Path = METRIC_DOCUMENTS) -> list[Path]:
    """Write every generated file (removing orphaned metric documents); returns the paths that changed."""
    files = files if files is not None else generated_files()
    changed = stale_files(files, metrics_dir)
    metrics_dir.mkdir(parents=True, exist_ok=True)
    expected = {f.path for f in files}
    for path in sorted(metrics_dir.glob("*.md")):
        if path not in expected:
            path.unlink()
    for generated in files:
        generated.path.parent.mkdir(parents=True, exist_ok=True)
        if not generated.path.is_file() or generated.path.read_text(encoding="utf-8") != generated.text:
            generated.path.write_text(generated.text, encoding="utf-8")
    return changed
