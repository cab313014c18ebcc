"""Time loading NHS England's raw CSVs and scoring every table and quarter (prints, never asserts)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from nhs_league.settings import raw_data_dir


def bench_scoring(data: Path | None = None, repeat: int = 5) -> dict:
    from scoring.engine import score_quarter
    from scoring.explain.uncertainty import estimate_table
    from scoring.store import load_folder

    folder = Path(data) if data else raw_data_dir()
    load_times: list[float] = []
    score_times: list[float] = []
    totals: list[float] = []
    range_times: dict[str, list[float]] = {}
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        store = load_folder(folder)
        loaded = time.perf_counter()
        for quarter in store.quarters:
            score_quarter(store, quarter)
        done = time.perf_counter()
        load_times.append(loaded - start)
        score_times.append(done - loaded)
        totals.append(done - start)
        for quarter in store.quarters:   # likely ranges of every trust of a table (fresh results: no cache)
            result = score_quarter(store, quarter)
            for table in result.tables_present:
                begin = time.perf_counter()
                estimate_table(result, table)
                range_times.setdefault(f"likely_ranges_s_{table}", []).append(time.perf_counter() - begin)
    return {"quarters": len(store.quarters), "trusts": int(store.trusts.shape[0]),
            "load_s_median": round(statistics.median(load_times), 3),
            "score_all_s_median": round(statistics.median(score_times), 3),
            "scoring_all_s": round(statistics.median(totals), 3), "repeats": len(totals),
            **{key: round(statistics.median(times), 3) for key, times in range_times.items()}}
