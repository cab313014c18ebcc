"""``nhs-league eval``: run the question sets through the assistant and print the figures."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval", help="score the assistant on the evaluation question sets",
        description="Ask every evaluation question, compare the answers with NHS England's published figures and "
                    "print the figures. Exits 1 when a figure is below its threshold.")
    parser.add_argument("--json", action="store_true", help="print the figures and failures as JSON")
    parser.add_argument("--set", action="append", dest="sets", metavar="NAME",
                        help="only this set (a file stem in the group's folder, or method_questions); repeatable")
    parser.add_argument("--group", choices=("dev", "paraphrase", "heldout"), action="append", dest="groups",
                        help="the dev set (evals/questions, tuned on), its paraphrases (evals/paraphrases) or the "
                             "held-out set (evals/heldout, never tuned on); default: all three, reported apart")
    parser.add_argument("--write-docs", action="store_true", help="write the figures to docs/results.md")
    parser.set_defaults(handler=run_eval)

    bench = subparsers.add_parser("bench", help="measure speed and memory on this machine (prints figures)")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--write-docs", action="store_true", help="add the figures to docs/results.md")
    bench.set_defaults(handler=run_bench)


def run_eval(args: argparse.Namespace) -> int:
    from evals.report import render_table, to_json, write_results_doc
    from evals.runner import GROUPS, run

    groups = args.groups or list(GROUPS)
    reports = [run(sets=args.sets, group=group) for group in groups]
    if args.json:
        print(json.dumps({r.group: to_json(r) for r in reports}, indent=2))
    else:
        print("\n\n".join(render_table(r) for r in reports))
    if args.write_docs:
        path = write_results_doc(reports, sets=args.sets)
        if not args.json:
            print(f"wrote {path}")
    return 0 if all(r.passed for r in reports) else 1


def run_bench(args: argparse.Namespace) -> int:
    from evals.bench import render, run_bench as measure, write_doc
    from nhs_league.settings import DOCS_DIR

    figures = measure()
    print(json.dumps(figures, indent=2) if args.json else render(figures))
    if args.write_docs:
        write_doc(figures, DOCS_DIR / "results.md")
    return 0
