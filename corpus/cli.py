"""``nhs-league index``, ``nhs-league passages`` and ``nhs-league docs``. Heavy imports stay in the handlers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict


def register(subparsers: argparse._SubParsersAction) -> None:
    index = subparsers.add_parser("index", help="build or update the passage index of the method documents")
    index.add_argument("--rebuild", action="store_true", help="re-embed every passage instead of re-using vectors")
    index.set_defaults(handler=run_index)

    passages = subparsers.add_parser("passages", help="show the method passages that best match a question")
    passages.add_argument("query", nargs="?", help="the question or keywords")
    passages.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    passages.add_argument("--json", action="store_true", help="print a JSON list of passages")
    passages.add_argument("--evaluate", action="store_true",
                          help="score retrieval on evals/method_questions.yaml (hit@3) instead of a query")
    passages.set_defaults(handler=run_passages)

    docs = subparsers.add_parser("docs", help="regenerate the metric documents and docs/metrics.md from the catalogue")
    docs.add_argument("--check", action="store_true", help="only report whether the generated files are up to date")
    docs.set_defaults(handler=run_docs)


def run_index(args: argparse.Namespace) -> int:
    from corpus.index import build_index

    report = build_index(rebuild=args.rebuild, progress=True)
    if report.warning:
        print(f"warning: {report.warning}", file=sys.stderr)
    print(f"Indexed {report.chunks} passages ({report.embedded} embedded, {report.reused} re-used) "
          f"in {report.seconds:.1f} s at {report.location}.")
    return 0


def run_passages(args: argparse.Namespace) -> int:
    if args.evaluate:
        from corpus.evaluate import evaluate_retrieval

        result = evaluate_retrieval(k=3)
        for miss in result.misses:
            print(f"miss {miss.id}: {miss.question!r} wanted {', '.join(miss.topics)}; got {', '.join(miss.got)}")
        print(f"hit@3 {result.hits}/{result.total} = {result.rate:.1%}")
        return 0
    if not args.query or not args.query.strip():
        from nhs_league.errors import QuestionRejected

        raise QuestionRejected("Give a question, e.g. nhs-league passages \"what is the financial override\".")
    from corpus.retrieval import default_index

    index = default_index()
    passages = index.search(args.query, k=args.k)
    for message in (index.warning, index.notice):
        if message:
            print(f"note: {message}", file=sys.stderr)
    if args.json:
        print(json.dumps([asdict(p) for p in passages], indent=2, ensure_ascii=False))
        return 0
    for number, passage in enumerate(passages, start=1):
        print(f"{number}. [{passage.score:.3f}] {passage.title} — {passage.section}  ({passage.id})")
        print(f"   {passage.text[:300]}{'…' if len(passage.text) > 300 else ''}")
        print(f"   {passage.url}")
    return 0


def run_docs(args: argparse.Namespace) -> int:
    from corpus.metric_documents import stale_files, write_generated

    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"out of date: {path}")
        print("generated docs are up to date." if not stale else "run `nhs-league docs` to regenerate them.")
        return 1 if stale else 0
    changed = write_generated()
    print(f"Regenerated metric documents and docs/metrics.md ({len(changed)} files changed).")
    return 0
