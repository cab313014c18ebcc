"""``nhs-league bench``: speed and memory on this machine, printed as figures (never asserted in tests).

Measured in one run:
- ``import_s``: ``nhs-league import`` of NHS England's raw CSVs into a temporary store (a new process, the store
  only), and ``store_mb``, the embedded store on disk;
- ``cache_build_s``, ``cache_mb``, ``cache_entries``: building the release cache (every trust's explanation,
  verified "what it would take" and every digest; ``scoring.explain.release_cache``) from nothing in a new
  process, on every core, in a temporary folder. When the live cache is missing or stale the new file is put in
  its place, so everything after is measured as ``make run`` leaves the product;
- ``cold_start_s``: a new process from start to its first answer with a number (a position question; the index
  and the cache exist), median of three; ``cold_start_method_s`` for a method question (loads the embedding model);
- ``warm_answer_ms``: p50/p95 over every evaluation question, asked again once everything is loaded;
- ``floor_ms``: one query embedding plus one vector search (p50), the least a retrieval answer can cost,
  and ``warm_to_floor_ratio`` (warm p50 / floor p50);
- ``scoring_all_s``: loading NHS England's raw CSVs and scoring every table and quarter;
- ``explain_ms``: explaining one trust, warm (p50);
- ``index_build_s``: building the retrieval index from scratch in a temporary folder (model already loaded);
- ``peak_rss_mb``: this process's peak resident memory;
- ``targets``: issue 14's targets (warm p50 at most 3× the floor, warm p95 at most 150 ms, cold start at most
  1.5 s), each met or not.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POSITION_QUESTION = "How is Kingston doing?"
METHOD_QUESTION = "What is the financial override?"
TARGETS = {"warm_to_floor_ratio": 3.0, "warm_p95_ms": 150.0, "cold_start_s": 1.5}
BENCH_START = "<!-- bench:start -->"
BENCH_END = "<!-- bench:end -->"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _cli(*args: str, env: dict | None = None) -> tuple[float, str]:
    """Run ``nhs-league ARGS`` in a new process: (wall seconds, standard output)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nhs_league.cli", *args], check=True, capture_output=True,
                          text=True, env={**os.environ, "NHS_LEAGUE_LLM": "", **(env or {})})
    return time.perf_counter() - start, done.stdout


def _cold_start(question: str, runs: int = 3) -> float:
    return statistics.median(_cli("ask", question)[0] for _ in range(runs))


def _questions() -> list[str]:
    from evals.questions.schema import Conversation, load_sets

    out = []
    for items in load_sets().values():
        for item in items:
            out += [turn.question for turn in item.turns] if isinstance(item, Conversation) else [item.question]
    return out


def _folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 2)


def _import(figures: dict) -> None:
    from nhs_league.settings import EMBEDDED_STORE, raw_data_dir

    figures["store_mb"] = _folder_mb(EMBEDDED_STORE)
    raw = raw_data_dir()
    if not raw.is_dir():
        figures["import_s"] = f"not measured (no raw files at {raw})"
        return
    with tempfile.TemporaryDirectory(prefix="nhs-league-bench-") as folder:
        figures["import_s"] = round(_cli("import", str(raw), "--to", str(Path(folder) / "store"))[0], 2)


def _release_cache(figures: dict, store) -> None:
    """Build the cache from nothing in a temporary home; put it in place when the live one is missing or stale."""
    from scoring.explain import release_cache

    with tempfile.TemporaryDirectory(prefix="nhs-league-bench-") as home:
        seconds, out = _cli("cache", "--rebuild", "--json", env={"NHS_LEAGUE_HOME": home})
        report = json.loads(out)
        figures["cache_build_s"] = round(report["seconds"], 1)
        figures["cache_mb"] = round(report["size_bytes"] / 1e6, 1)
        figures["cache_entries"] = {**report["entries"], "processes": report["workers"],
                                    "command_s": round(seconds, 1)}
        live = release_cache.status(store)
        if not live.ready:
            live.path.parent.mkdir(parents=True, exist_ok=True)
            staging = live.path.with_name(f".{live.path.name}.tmp-{os.getpid()}")
            shutil.copyfile(report["path"], staging)
            os.replace(staging, live.path)


def run_bench(repeat_floor: int = 50) -> dict:
    from nhs_league.settings import use_offline_models

    use_offline_models()
    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "date": time.strftime("%Y-%m-%d"), "load_average_at_start": _load_average()}
    from corpus.index import open_index
    from scoring.store import load_store

    store = load_store()
    open_index()  # make sure the index exists before the cold starts are timed
    _import(figures)
    _release_cache(figures, store)
    figures["cold_start_s"] = round(_cold_start(POSITION_QUESTION), 2)
    figures["cold_start_method_s"] = round(_cold_start(METHOD_QUESTION, runs=1), 2)

    from scoring.bench import bench_scoring

    figures["scoring_all_s"] = bench_scoring(repeat=3)["scoring_all_s"]

    from assistant import Session, answer
    from corpus.embeddings import get_embeddings
    from scoring.explain import explain

    questions = _questions()
    for question in questions:  # warm-up: caches, model, index
        answer(question, session=Session(), store=store)
    timings = []
    for question in questions:
        start = time.perf_counter()
        answer(question, session=Session(), store=store)
        timings.append(1000 * (time.perf_counter() - start))
    figures["warm_answer_ms"] = {"p50": round(statistics.median(timings), 1), "p95": round(_percentile(timings, 0.95), 1),
                                 "questions": len(timings)}

    embeddings = get_embeddings()
    collection = open_index(embeddings).collection
    floor = []
    for i in range(repeat_floor):
        start = time.perf_counter()
        vector = embeddings.embed_query(f"how are segments decided {i}")
        collection.query(query_embeddings=[vector], n_results=3)
        floor.append(1000 * (time.perf_counter() - start))
    figures["floor_ms"] = {"p50": round(statistics.median(floor), 1)}
    figures["warm_to_floor_ratio"] = round(figures["warm_answer_ms"]["p50"] / figures["floor_ms"]["p50"], 2)

    explain(store, "RAX", "Q1 2025/26")
    explain_times = []
    for _ in range(9):
        start = time.perf_counter()
        explain(store, "RAX", "Q1 2025/26", "staff")
        explain_times.append(1000 * (time.perf_counter() - start))
    figures["explain_ms"] = {"p50": round(statistics.median(explain_times), 1)}

    figures["index_build_s"] = round(_index_build(embeddings), 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["load_average_at_end"] = _load_average()
    figures["targets"] = targets(figures)
    return figures


def targets(figures: dict) -> dict[str, str]:
    """Each of issue 14's targets: 'met' or 'not met' with the figure."""
    measured = {"warm_to_floor_ratio": figures["warm_to_floor_ratio"], "warm_p95_ms": figures["warm_answer_ms"]["p95"],
                "cold_start_s": figures["cold_start_s"]}
    return {name: f"{'met' if measured[name] <= limit else 'NOT met'} ({measured[name]} ≤ {limit})"
            for name, limit in TARGETS.items()}


def _load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def _index_build(embeddings) -> float:
    from corpus.index import build_index, reset_stores

    previous = os.environ.get("NHS_LEAGUE_HOME")
    with tempfile.TemporaryDirectory(prefix="nhs-league-bench-") as home:
        os.environ["NHS_LEAGUE_HOME"] = home
        reset_stores()
        try:
            start = time.perf_counter()
            build_index(embeddings, rebuild=True)
            return time.perf_counter() - start
        finally:
            if previous is None:
                os.environ.pop("NHS_LEAGUE_HOME", None)
            else:
                os.environ["NHS_LEAGUE_HOME"] = previous
            reset_stores()


def _shown(value: object) -> str:
    return ", ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)


def render(figures: dict) -> str:
    lines = [f"{'figure':<22} value"]
    lines += [f"{key:<22} {_shown(value)}" for key, value in figures.items()]
    return "\n".join(lines)


def write_doc(figures: dict, path: Path) -> Path:
    """Put the figures in the results page's bench section (between its markers); the rest of the page is kept."""
    from evals.report import replace_section

    lines = [BENCH_START, "## Speed and memory (`nhs-league bench`)", "",
             "Written by `nhs-league bench --write-docs` (do not edit this section by hand). Targets from issue 14: "
             "warm answer p50 at most 3× the floor (one query embedding plus one vector search), p95 at most "
             "150 ms, a new process's first answer with a number within 1.5 s.", "",
             "| figure | value |", "|---|---|"]
    lines += [f"| {key} | {_shown(value)} |" for key, value in figures.items()]
    lines.append(BENCH_END)
    replace_section(Path(path), "\n".join(lines), BENCH_START, BENCH_END, title="# Results")
    return Path(path)
