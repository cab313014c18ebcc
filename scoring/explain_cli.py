"""``nhs-league explain | whatif | digest``: explanations of the league tables from the command line."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path


def _store(args: argparse.Namespace):
    from scoring.store import load_store
    return load_store(Path(args.data) if args.data else None)


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _print(obj, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(_clean(obj.to_dict()), indent=2, ensure_ascii=False, default=str))
    else:
        print(obj.text)


def _explain(args: argparse.Namespace) -> int:
    from scoring.explain import explain
    store = _store(args)
    _print(explain(store, args.trust, args.quarter, args.audience, verify_path=not args.fast, since=args.since),
           args.format)
    return 0


def _whatif(args: argparse.Namespace) -> int:
    from scoring.explain import resolve_trust, what_if
    from scoring.explain.whatif import parse_changes
    from scoring.quarters import parse_quarter
    store = _store(args)
    code = resolve_trust(store, args.trust)
    _print(what_if(store, code, parse_quarter(args.quarter, store.quarters), parse_changes(args.changes)),
           args.format)
    return 0


def _digest(args: argparse.Namespace) -> int:
    from scoring.explain import digest
    _print(digest(_store(args), args.quarter, args.type), args.format)
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quarter", help="e.g. 'Q1 2025/26' (default: the latest)")
    p.add_argument("--data", help="a folder of NHS England CSVs instead of the embedded store")
    p.add_argument("--format", choices=("text", "json"), default="text")


def register(subparsers) -> None:
    p = subparsers.add_parser("explain", help="explain one trust's segment and league position")
    p.add_argument("trust", help="ODS code (e.g. RAX) or trust name")
    _common(p)
    p.add_argument("--audience", choices=("public", "staff", "press"), default="public")
    p.add_argument("--since", help="measure the movement from this quarter (e.g. 'Q1') instead of the one before")
    p.add_argument("--fast", action="store_true",
                   help="estimate 'what it would take' with other trusts held fixed instead of engine re-runs")
    p.set_defaults(handler=_explain)

    p = subparsers.add_parser("whatif", help="re-run the quarter with changed metric values for one trust")
    p.add_argument("trust", help="ODS code or trust name")
    p.add_argument("changes", nargs="+", metavar="METRIC=VALUE", help="e.g. OF0013=80 OF0082=4.1")
    _common(p)
    p.set_defaults(handler=_whatif)

    p = subparsers.add_parser("digest", help="summarise a quarter against the one before")
    _common(p)
    p.add_argument("--type", help="table: acute, mental-health-community (mh) or ambulance (default: all)")
    p.set_defaults(handler=_digest)
