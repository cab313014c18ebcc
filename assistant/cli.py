"""``nhs-league ask``: one question, or one per line from standard input (JSON Lines with ``--json``).

Lines on standard input are independent questions, each answered as if asked alone; ``--conversation``
reads them as one conversation instead (follow-ups like "and why?" then refer to earlier lines).
"""

from __future__ import annotations

import argparse
import json
import sys

AUDIENCES = ("public", "staff", "press")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ask", help="ask a question in plain English")
    p.add_argument("question", nargs="?", help="the question (omit to read one per line from standard input)")
    p.add_argument("--audience", choices=AUDIENCES, default="public")
    p.add_argument("--quarter", help='the quarter in view, e.g. "Q1 2025/26" (default: the latest)')
    p.add_argument("--json", action="store_true", help="print the answer as JSON (JSON Lines for standard input)")
    p.add_argument("--data", help="a folder of NHS England CSVs to use instead of the embedded data")
    p.add_argument("--conversation", action="store_true",
                   help="read standard input as one conversation (default: each line is a separate question)")
    p.set_defaults(handler=ask_command)


def _render(answer, as_json: bool) -> str:
    if as_json:
        return json.dumps(answer.to_dict(), ensure_ascii=False, default=str)
    lines = [answer.answer]
    if answer.citations:
        lines.append("\nSources: " + "; ".join(f"{c.title} › {c.section} ({c.url})" for c in answer.citations))
    if answer.follow_ups:
        lines.append("You could also ask: " + " | ".join(answer.follow_ups))
    for notice in answer.notices:
        lines.append(f"Note: {notice}")
    return "\n".join(lines)


def ask_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.answering import answer
    from assistant.session import Session
    from scoring.store import load_store

    store = load_store(Path(args.data)) if args.data else load_store()
    session = Session(audience=args.audience, quarter=args.quarter)
    if args.question is not None:
        print(_render(answer(args.question, session=session, audience=args.audience, store=store), args.json))
        return 0
    for line in sys.stdin:
        if not line.strip():
            continue
        if not args.conversation:
            session = Session(audience=args.audience, quarter=args.quarter)
        reply = answer(line.rstrip("\n"), session=session, audience=args.audience, store=store)
        print(_render(reply, args.json) if args.json else _render(reply, False) + "\n")
        sys.stdout.flush()
    return 0
