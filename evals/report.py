"""Present an evaluation: a text table of figures, a JSON document, and ``docs/results.md``."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path
from typing import Any

from evals.runner import FIGURES, EvalReport
from nhs_league.settings import DOCS_DIR

RESULTS_DOC = DOCS_DIR / "results.md"
LABELS = {
    "accuracy": "Answered correctly (every check passed)",
    "trust_resolution": "Trust resolution accuracy",
    "intent": "Intent accuracy",
    "fact_recall": "Expected-fact recall",
    "faithfulness": "Faithfulness (every number in a fact)",
    "citation_topic_hit": "Citation topic hit rate",
    "retrieval_hit_at_3": "Retrieval hit@3",
    "decline_clarify": "Decline / clarify accuracy",
    "referent": "Follow-up referent accuracy",
    "premise_correction": "Premise-correction accuracy",
    "markup_safe": "Markup never echoed",
    "unavailable": "Says plainly when data is not held",
    "drivers_named": "Why answers name the measures behind it",
    "reading_grade_median": "Reading grade of public answers, median (Flesch–Kincaid; lower is easier)",
    "reading_grade_p90": "Reading grade of public answers, 90th percentile",
    "latency_p50_s": "Latency p50 (s)",
    "latency_p95_s": "Latency p95 (s)",
}


def _status(report: EvalReport, name: str) -> str:
    value = report.figures.get(name)
    limit = report.thresholds.get(name)
    if value is None:
        return "not measured"
    if limit is None:
        return ""
    return "ok" if name not in report.below else "BELOW"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def rows(report: EvalReport) -> list[tuple[str, str, str, str]]:
    """(figure, value, threshold, status) for every figure."""
    out = []
    for name in FIGURES:
        limit = report.thresholds.get(name)
        out.append((LABELS[name], _fmt(report.figures.get(name)), f">= {limit:g}" if limit is not None else "",
                    _status(report, name)))
    return out


GROUP_TITLES = {"dev": "Dev set (evals/questions: the set we develop against)",
                "paraphrase": "Paraphrases of the dev set (evals/paraphrases: accuracy here is the agreement)",
                "heldout": "Held-out set (evals/heldout: written before the change, never tuned on)"}


def render_table(report: EvalReport, max_failures: int = 40) -> str:
    table = rows(report)
    widths = [max(len(r[i]) for r in table + [("figure", "value", "threshold", "status")]) for i in range(4)]
    lines = [GROUP_TITLES.get(report.group, report.group), f"Questions asked: {report.figures['questions']}"]
    if report.group == "heldout":
        max_failures = 0  # read its figures, not its answers: nobody tunes on the held-out set
    header = ("figure", "value", "threshold", "status")
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in table]
    lines += [f"note: {note}" for note in report.notes]
    failures = report.failures()
    if failures:
        lines.append(f"\n{len(failures)} answers with problems" + (f" (first {max_failures})" if
                                                                     len(failures) > max_failures else "") + ":")
        lines += [f"  {f['id']}: {'; '.join(f['problems'])}" for f in failures[:max_failures]]
    if report.group == "heldout" and failures:
        lines.append("(held-out answers are not listed: run with --json to see them when a question is suspect)")
    lines.append("\nPASSED" if report.passed else f"\nFAILED: below threshold: {', '.join(report.below)}")
    lines += [f"TARGET NOT MET: {name} {report.figures[name]:.3f}, target {report.targets[name]:g} (the threshold "
              "above is a floor against regressions)" for name in report.targets_missed]
    return "\n".join(lines)


def to_json(report: EvalReport) -> dict[str, Any]:
    return {
        **report.figures,
        "passed": report.passed,
        "below_threshold": report.below,
        "thresholds": report.thresholds,
        "targets": report.targets,
        "targets_missed": report.targets_missed,
        "notes": report.notes,
        "failures": report.failures(),
    }


def machine() -> str:
    return f"{platform.node() or 'unknown host'} ({platform.system()} {platform.machine()}, " \
           f"{os.cpu_count()} CPUs, Python {platform.python_version()})"


def write_results_doc(reports: EvalReport | list[EvalReport], path: Path | None = None,
                      sets: list[str] | None = None, now: dt.datetime | None = None) -> Path:
    """Write the latest figures of each group, with the date and the machine, to ``docs/results.md``'s
    evaluation section (other sections of the file are kept)."""
    reports = [reports] if isinstance(reports, EvalReport) else reports
    path = path or RESULTS_DOC
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        EVAL_START,
        "## Answer quality (`nhs-league eval`)",
        "",
        "Written by `nhs-league eval --write-docs` (do not edit this section by hand). Expected values come from",
        "NHS England's published CSVs. The dev set (`evals/questions/`) is what the assistant is developed",
        "against; the held-out set (`evals/heldout/`) was written before the change by people who did not see the",
        "code, and is never tuned on.",
        "",
        f"- Date: {stamp}",
        f"- Machine: {machine()}",
        f"- Sets: {', '.join(sets) if sets else 'all'}",
    ]
    for report in reports:
        lines += [
            "",
            f"### {GROUP_TITLES.get(report.group, report.group)}",
            "",
            f"- Questions asked: {report.figures['questions']}",
            f"- Result: {'passed' if report.passed else 'failed (' + ', '.join(report.below) + ')'}",
            *[f"- Target not met: {name} {report.figures[name]:.3f} against a target of {report.targets[name]:g} (the "
              "threshold is a floor against regressions, about two points under the last measured figure)"
              for name in report.targets_missed],
            "",
            "| figure | value | threshold | status |",
            "|---|---|---|---|",
        ]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(report)]
        if report.notes:
            lines += ["", *[f"- Note: {note}" for note in report.notes]]
        lines += ["", f"Answers with problems: {len(report.failures())}."]
    lines.append(EVAL_END)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_section(path, "\n".join(lines), EVAL_START, EVAL_END, title="# Results")
    return path


EVAL_START = "<!-- eval:start -->"
EVAL_END = "<!-- eval:end -->"


def replace_section(path: Path, section: str, start: str, end: str, title: str) -> None:
    """Put ``section`` (which begins with ``start`` and ends with ``end``) in ``path``, replacing the one there."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{title}\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
