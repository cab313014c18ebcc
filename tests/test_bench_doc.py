"""``nhs-league bench --write-docs`` replaces only its own marked section of docs/results.md (fast; no timing)."""

from __future__ import annotations

from evals.bench import BENCH_END, BENCH_START, targets, write_doc

FIGURES = {"machine": "x86_64, 2 cores", "cold_start_s": 0.9, "warm_answer_ms": {"p50": 8.0, "p95": 60.0},
           "floor_ms": {"p50": 16.0}, "warm_to_floor_ratio": 0.5}
OTHERS = ("# Results\n\n<!-- eval:start -->\n## Answer quality\nkept\n<!-- eval:end -->\n\n"
          "## Written by hand\nkept too\n\n<!-- api-load:start -->\n## Load\nalso kept\n<!-- api-load:end -->\n")


def test_the_bench_section_is_added_then_replaced_and_nothing_else_changes(tmp_path):
    page = tmp_path / "results.md"
    page.write_text(OTHERS, encoding="utf-8")
    write_doc(FIGURES, page)
    first = page.read_text(encoding="utf-8")
    assert first.startswith(OTHERS.rstrip("\n")) and first.count(BENCH_START) == 1 and "| cold_start_s | 0.9 |" in first
    write_doc({**FIGURES, "cold_start_s": 1.1}, page)
    second = page.read_text(encoding="utf-8")
    assert second.count(BENCH_START) == second.count(BENCH_END) == 1
    assert "| cold_start_s | 1.1 |" in second and "| cold_start_s | 0.9 |" not in second
    assert second.replace("| cold_start_s | 1.1 |", "| cold_start_s | 0.9 |") == first  # only that line changed
    for kept in ("kept\n", "kept too", "also kept"):
        assert kept in second


def test_each_target_is_reported_met_or_not():
    met = targets({**FIGURES, "warm_answer_ms": {"p50": 8.0, "p95": 60.0}})
    assert all(value.startswith("met") for value in met.values())
    missed = targets({**FIGURES, "cold_start_s": 2.0, "warm_answer_ms": {"p50": 8.0, "p95": 200.0},
                      "warm_to_floor_ratio": 3.5})
    assert all(value.startswith("NOT met") for value in missed.values())
