"""``nhs-league load``: a bounded load test of the assistant, in process or over HTTP against ``nhs-league serve``
(and optionally a burst of page loads on the Streamlit app)."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "load", help="answer the evaluation questions from many concurrent sessions and print latency figures",
        description="Start --sessions threads at once, each asking --questions evaluation questions through the "
                    "assistant (or, with --http, the JSON API); print answers, errors, throughput and p50/p95 "
                    "latency. Exits 1 if any error.")
    parser.add_argument("--sessions", type=int, default=50, help="concurrent sessions (default 50)")
    parser.add_argument("--questions", type=int, default=20, help="questions per session (default 20)")
    parser.add_argument("--set", action="append", dest="sets", metavar="NAME",
                        help="only this question set (a file stem in evals/questions); repeatable")
    parser.add_argument("--time-limit", type=float, default=600.0, help="stop asking after this many seconds")
    parser.add_argument("--http", nargs="?", const="start", default=None, metavar="URL",
                        help="ask over HTTP instead: start `nhs-league serve` on a free port (rate limit off), or "
                             "drive a running one at URL (e.g. http://127.0.0.1:8000; this machine only)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes for the API that --http starts (default: the number of cores)")
    parser.add_argument("--streamlit", action="store_true",
                        help="also start ui/app.py on 127.0.0.1 and make a burst of concurrent page loads")
    parser.add_argument("--page-loads", type=int, default=100, help="page loads in the Streamlit burst (max 1000)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(handler=run_load_command)


def run_load_command(args: argparse.Namespace) -> int:
    from evals.load import burst_streamlit, question_scripts, render, render_burst, run_load

    scripts = question_scripts(args.sets)
    if args.http is None:
        report = run_load(args.sessions, args.questions, scripts=scripts, time_limit=args.time_limit)
    else:
        report = _http_load(args, scripts)
    burst = burst_streamlit(args.page_loads) if args.streamlit else None
    if args.json:
        data = {"assistant": report.to_dict()}
        if burst is not None:
            data["streamlit"] = burst.to_dict()
        print(json.dumps(data, indent=2))
    else:
        print(render(report))
        if burst is not None:
            print(render_burst(burst))
    return 0 if report.errors == 0 and (burst is None or burst.errors == 0) else 1


def _http_load(args: argparse.Namespace, scripts: list) -> Any:
    from evals.load import run_http_load, serving_api

    if args.http != "start":
        return run_http_load(args.http, args.sessions, args.questions, scripts=scripts, time_limit=args.time_limit)
    with serving_api(workers=args.workers) as (url, start_seconds):
        report = run_http_load(url, args.sessions, args.questions, scripts=scripts, time_limit=args.time_limit)
    report.server_start_seconds = start_seconds
    return report
