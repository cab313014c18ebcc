"""``nhs-league bench``: speed and memory on this machine, printed as figures (never asserted in tests).

Measured in one run:
- ``cold_start_s``: a new process from start to its first answer (a position question; the index exists),
  and ``cold_start_method_s`` for a method question (loads the embedding model too);
- ``warm_answer_ms``: p50/p95 over every evaluation question, asked again once everything is loaded;
- ``floor_ms``: one query embedding plus one vector search (p50), the least a retrieval answer can cost,
  and ``warm_to_floor_ratio`` (warm p50 / floor p50);
- ``scoring_all_s``: loading NHS England's raw CSVs and scoring every table and quarter;
- ``explain_ms``: explaining one trust, warm (p50);
- ``index_build_s``: building the retrieval index from scratch in a temporary folder (model already loaded);
- ``peak_rss_mb``: this process's peak resident memory.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POSITION_QUESTION = "How is Kingston doing?"
METHOD_QUESTION = "What is the financial override?"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _cold_start(question: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nhs_league.cli", "ask", question], check=True, capture_output=True,
                   env={**os.environ, "NHS_LEAGUE_LLM": ""})
    return time.perf_counter() - start


def _questions() -> list[str]:
    from evals.questions.schema import Conversation, load_sets

    out = []
    for items in load_sets().values():
        for item in items:
            out += [turn.question for turn in item.turns] if isinstance(item, Conversation) else [item.question]
    return out


def run_bench(repeat_floor: int = 50) -> dict:
    from nhs_league.settings import use_offline_models

    use_offline_models()
    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "date": time.strftime("%Y-%m-%d")}
    from corpus.index import open_index

    open_index()  # make sure the index exists before the cold starts are timed
    figures["cold_start_s"] = round(_cold_start(POSITION_QUESTION), 2)
    figures["cold_start_method_s"] = round(_cold_start(METHOD_QUESTION), 2)

    from scoring.bench import bench_scoring

    figures["scoring_all_s"] = bench_scoring(repeat=3)["scoring_all_s"]

    from assistant import Session, answer
    from corpus.embeddings import get_embeddings
    from scoring.explain import explain
    from scoring.store import load_store

    store = load_store()
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
    return figures


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


def render(figures: dict) -> str:
    lines = [f"{'figure':<22} value"]
    for key, value in figures.items():
        shown = ", ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else value
        lines.append(f"{key:<22} {shown}")
    return "\n".join(lines)


def write_doc(figures: dict, path: Path) -> Path:
    """Append the figures to the results page (the eval command writes the top of it)."""
    block = "\n## Speed and memory (`nhs-league bench`)\n\n| figure | value |\n|---|---|\n" + "".join(
        f"| {k} | {', '.join(f'{a} {b}' for a, b in v.items()) if isinstance(v, dict) else v} |\n"
        for k, v in figures.items())
    text = path.read_text(encoding="utf-8") if path.exists() else "# Results\n"
    marker = "\n## Speed and memory (`nhs-league bench`)"
    text = text.split(marker)[0].rstrip() + "\n" + block
    path.write_text(text, encoding="utf-8")
    return path
