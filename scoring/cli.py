"""Subcommands for the scoring engine: ``import``, ``table``, ``verify``, ``bench-scoring``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scoring.catalogue import TABLES

TABLE_COLUMNS = ["rank", "trust_code", "trust_name", "trust_subtype", "region", "segment", "average_score",
                 "unadjusted_segment", "financial_override", "metrics_scored", "quarter", "final_segment",
                 "table_size", "borderline", "in_deficit", "likely_average_low", "likely_average_high",
                 "likely_rank_low", "likely_rank_high", "likely_range_source", "basis"]
RECOMPUTED = "recomputed from the published inputs"


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, metavar="DIR",
                        help="a folder of NHS England CSVs to use instead of the embedded data")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="turn NHS England's CSVs into the product's embedded data store")
    p.add_argument("paths", nargs="+", type=Path, metavar="DIR_OR_FILE")
    p.add_argument("--to", type=Path, default=None, help="write the store here instead of the embedded one")
    p.add_argument("--no-cache", action="store_true",
                   help="do not build the release cache for the new data (answers are then computed as asked)")
    p.set_defaults(handler=import_command)

    p = subparsers.add_parser("cache", help="compute every trust's explanation, what it would take and the digests "
                                            "once for this data and code (built by import; quick when up to date)")
    p.add_argument("--rebuild", action="store_true", help="build it even when it is up to date")
    p.add_argument("--check", action="store_true", help="only say whether it is up to date (exit 1 when not)")
    p.add_argument("--workers", type=int, default=None, help="processes to build with (default: one per core)")
    p.add_argument("--json", action="store_true", help="print what was built as JSON")
    add_data_option(p)
    p.set_defaults(handler=cache_command)

    p = subparsers.add_parser("table", help="print a league table, recomputed from the published inputs (a year "
                                            "without rules: as published)")
    p.add_argument("--type", dest="table", choices=TABLES, default="acute")
    p.add_argument("--quarter", help='e.g. "Q1 2025/26" (default: the latest quarter with that table)')
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_data_option(p)
    p.set_defaults(handler=table_command)

    p = subparsers.add_parser("verify", help="recompute every table and quarter and compare with NHS England's figures")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--computed-cut-points", action="store_true",
                   help="compute cut points from the trusts present even where a table is missing")
    add_data_option(p)
    p.set_defaults(handler=verify_command)

    p = subparsers.add_parser("bench-scoring", help="time loading and scoring every table and quarter from raw CSVs")
    p.add_argument("--data", type=Path, default=None, help="folder of NHS England CSVs (default: ../shared/data/raw)")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=bench_command)


def import_command(args: argparse.Namespace) -> int:
    from nhs_league.settings import EMBEDDED_STORE
    from scoring.store import load_files, write_store

    store = load_files(args.paths)
    target = write_store(store, args.to or EMBEDDED_STORE)
    quarters = ", ".join(store.manifest["quarters"])
    print(f"Imported {len(store.metrics):,} metric rows for {len(store.trusts)} trusts ({quarters}) into {target}.")
    print_revisions(store.revisions)
    print(store.manifest["attribution"])
    if args.to is None and not args.no_cache:  # the store every command reads: compute its answers once
        from scoring.store import read_store

        print(_build_cache(read_store(target), None).line())
    return 0


def _build_cache(store, workers: int | None, quiet: bool = False):
    from scoring.explain import release_cache

    if not quiet:
        print(f"Computing every trust's explanation, what it would take and the digests for this data and code, "
              f"once (on {workers or release_cache.default_workers()} process(es); a minute or two)…", flush=True)
    return release_cache.build(store, workers=workers)


def cache_command(args: argparse.Namespace) -> int:
    from scoring.explain import release_cache
    from scoring.store import load_store

    store = load_store(args.data)
    state = release_cache.status(store)
    if args.check or (state.ready and not args.rebuild):
        print(json.dumps({"ready": state.ready, "reason": state.reason, "path": str(state.path)})
              if args.json else state.line())
        return 0 if state.ready else 1
    report = _build_cache(store, args.workers, quiet=args.json)
    if args.json:
        print(json.dumps({"path": str(report.path), "seconds": report.seconds, "size_bytes": report.size_bytes,
                          "entries": report.entries, "workers": report.workers, "failures": report.failures}))
    else:
        print(report.line())
        for failure in report.failures[:5]:
            print(f"  not cached (computed when asked): {failure}")
    return 0


def print_revisions(revisions) -> None:
    """Every value a later release changed, one plain line each (the later publication's value is kept)."""
    if not revisions:
        print("Revisions: none (files that overlap agree row for row).")
        return
    print(f"Revisions: {len(revisions)} published value(s) changed by a later release; the later value is used:")
    for revision in revisions:
        print(f"  {revision.line()}")


def table_frame(store, table: str, quarter: str | None):
    """One league table as rows (``TABLE_COLUMNS``) and what produced it: the engine's ``QuarterResult``, or for a
    quarter of a year without rules a ``PublishedQuarter`` (NHS England's figures as published; ``basis`` says)."""
    from nhs_league.errors import UnknownTable
    from scoring.explain.quarter_results import base_result
    from scoring.explain.uncertainty import likely_ranges
    from scoring.frameworks import is_recomputed
    from scoring.quarters import parse_quarter

    with_table = [q for q in store.quarters if table in store.tables_in(q)]
    if not with_table:
        raise UnknownTable(f"The data has no {table} table. Tables available: "
                           f"{', '.join(sorted({t for q in store.quarters for t in store.tables_in(q)}))}.")
    label = parse_quarter(quarter, with_table)
    if not is_recomputed(label):
        return published_table_frame(store, table, label)
    result = base_result(store, label)  # computed once per process (or read from the release cache)
    frame = result.table(table).rename(columns={"subtype": "trust_subtype", "adjusted_segment": "segment"})
    # NHS England's likely ranges where a league-table file publishes them, else our estimate by their method
    frame = frame.merge(likely_ranges(result, table, store.league), on="trust_code", how="left")
    frame["basis"] = RECOMPUTED
    return frame[TABLE_COLUMNS], result


def published_table_frame(store, table: str, quarter: str):
    """A published-only quarter's table in ``TABLE_COLUMNS``: NHS England's figures, never recomputed (what the
    engine alone works out, such as borderline or metrics scored, is left empty)."""
    import pandas as pd

    from scoring.explain.uncertainty import PUBLISHED, published_pair
    from scoring.published import published_quarter, published_table

    published = published_quarter(store, quarter)
    frame = published_table(store, quarter, table).rename(columns={"subtype": "trust_subtype"})
    frame["quarter"] = quarter
    frame["metrics_scored"] = pd.NA
    frame["borderline"] = pd.NA
    averages = [published_pair(v) for v in frame["likely_range_of_average_score"]]
    ranks = [published_pair(v, int) for v in frame["likely_range_of_rank"]]
    frame["likely_average_low"] = [a[0] if a else None for a in averages]
    frame["likely_average_high"] = [a[1] if a else None for a in averages]
    frame["likely_rank_low"] = [r[0] if r else None for r in ranks]
    frame["likely_rank_high"] = [r[1] if r else None for r in ranks]
    frame["likely_range_source"] = [PUBLISHED if a and r else None for a, r in zip(averages, ranks)]
    frame["basis"] = f"{published.basis} ({published.reason})"
    return frame[TABLE_COLUMNS], published


def csv_text(frame) -> str:
    """A table as CSV for people to open: averages and scores to two decimal places ("1.80", not "1.8"), other
    whole numbers as integers, flags as Yes/No, missing values empty. The one CSV format: ``nhs-league table``,
    the app's league-table download and the API's CSV all write it."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        present = values.dropna()
        if len(present) and present.map(lambda v: isinstance(v, bool) or type(v).__name__ == "bool_").all():
            out[column] = values.map(lambda v: "" if pd.isna(v) else ("Yes" if v else "No"))
        elif pd.api.types.is_float_dtype(values):
            decimals = any(word in column.lower() for word in ("average", "score")) or \
                not present.map(lambda v: float(v).is_integer()).all()
            out[column] = values.map(lambda v, decimals=decimals: "" if pd.isna(v)
                                     else (f"{v:.2f}" if decimals else str(int(v))))
    return out.to_csv(index=False, lineterminator="\n")


def table_command(args: argparse.Namespace) -> int:
    from scoring.store import load_store

    frame, result = table_frame(load_store(args.data), args.table, args.quarter)
    if args.format == "csv":
        sys.stdout.write(csv_text(frame))
    elif args.format == "json":
        print(frame.to_json(orient="records", indent=1))
    elif not getattr(result, "recomputed", True):
        print(f"{args.table} league table, {result.quarter} ({len(frame)} trusts): NHS England's figures "
              f"{result.basis} ({result.reason})")
        shown = frame.assign(override=frame["financial_override"].map({True: "held", False: ""}).fillna(""))
        print(shown[["rank", "trust_code", "trust_name", "segment", "average_score", "unadjusted_segment",
                     "override"]].to_string(index=False))
    else:
        cuts = result.cuts_for(args.table)
        print(f"{args.table} league table, {result.quarter} ({len(frame)} trusts); cut points "
              f"{', '.join(f'{c:.2f}' for c in cuts.values)} ({cuts.basis})")
        shown = frame.assign(override=frame["financial_override"].map({True: "held", False: ""}))
        print(shown[["rank", "trust_code", "trust_name", "segment", "average_score", "unadjusted_segment",
                     "override", "metrics_scored"]].to_string(index=False))
    return 0


def verify_command(args: argparse.Namespace) -> int:
    from scoring.store import load_store
    from scoring.verify import verify_all

    store = load_store(args.data)
    reports = verify_all(store, segmentation="computed" if args.computed_cut_points else None)
    if args.format == "json":
        print(json.dumps({"revisions": [r.to_dict() for r in store.revisions],
                          "tables": [{"quarter": r.quarter, "table": r.table, "cut_points": r.cut_points,
                                      "recomputed": r.recomputed, "not_recomputed": r.not_recomputed,
                                      "notes": r.notes,
                                      "checks": [{"name": c.name, "compared": c.compared, "exact": c.exact,
                                                  "consistent": c.consistent, "consistent_means": c.consistent_means,
                                                  "misses": c.misses}
                                                 for c in r.checks]}
                                     for r in reports]}, indent=1, default=str))
        return 0
    print_revisions(store.revisions)
    for report in reports:
        if not report.recomputed:
            print(f"{report.quarter} · {report.table}: not recomputed: {report.not_recomputed} (shown as published)")
            continue
        print(f"{report.quarter} · {report.table} (cut points: {report.cut_points})")
        for check in report.checks:
            extra = f", {check.consistent} {check.consistent_means}" if check.consistent != check.exact else ""
            print(f"  {check.name:<30} {check.exact:>5}/{check.compared:<5} exact ({check.rate:.1%}){extra}")
            if check.consistent_means != "consistent":   # tolerance checks: list only what falls outside it
                for miss in check.misses:
                    if miss["reason"].startswith("outside"):
                        print(f"      {miss['trust_code']}: published {miss['published']}, ours {miss['computed']}: "
                              f"{miss['reason']}")
                continue
            for miss in check.misses:
                what = f"{miss['trust_code']} {miss.get('metric_id', '')}".strip()
                print(f"      {what}: published {miss['published']}, computed {miss['computed']}: {miss['reason']}")
        for note in report.notes:
            print(f"  note: {note}")
    return 0


def bench_command(args: argparse.Namespace) -> int:
    from scoring.bench import bench_scoring

    figures = bench_scoring(args.data, args.repeat)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for key, value in figures.items():
            print(f"{key:<28} {value}")
    return 0
