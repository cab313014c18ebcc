"""The engine reproduces the positions NHS England published (golden file read straight from the raw CSVs)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scoring.engine import score_quarter

GOLDEN = Path(__file__).parent / "golden" / "published_positions.csv"


def _golden() -> list[dict]:
    with GOLDEN.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def results(store):
    return {quarter: score_quarter(store, quarter).trusts.set_index("trust_code") for quarter in store.quarters}


def test_golden_file_covers_every_published_trust_quarter():
    rows = _golden()
    assert len(rows) == 134 + 61 + 61
    assert {r["quarter"] for r in rows} == {"Q1 2025/26", "Q2 2025/26"}


@pytest.mark.parametrize("field,published,cast", [
    ("segment", "adjusted_segment", int), ("league_rank", "rank", int), ("average_score", "average_score", float),
    ("unadjusted_segment", "unadjusted_segment", int), ("final_segment", "final_segment", int),
])
def test_embedded_data_reproduces_published_positions(results, field, published, cast):
    wrong = []
    for row in _golden():
        ours = results[row["quarter"]].loc[row["trust_code"], published]
        if cast(float(row[field])) != cast(ours):
            wrong.append((row["quarter"], row["trust_code"], row[field], ours))
    assert wrong == []


def test_override_flag_matches_published_deficit_flag(results):
    for row in _golden():
        assert results[row["quarter"]].loc[row["trust_code"], "in_deficit"] == (float(row["financial_override_flag"]) == 1)


@pytest.mark.parametrize("quarter,code,segment,rank,size,average,unadjusted,override", [
    # Kingston and Richmond: held at segment 3 by the override although its scores put it in segment 1
    ("Q1 2025/26", "RAX", 3, 31, 134, 1.77, 1, True),
    # Moorfields top of the acute table; Northumbria the best non-specialist, 9th (press coverage of Q1)
    ("Q1 2025/26", "RP6", 1, 1, 134, 1.39, 1, False),
    ("Q1 2025/26", "RTF", 1, 9, 134, 1.74, 1, False),
    # South West London and St George's: 44th → 23rd, segment 3 → 2 between Q1 and Q2
    ("Q1 2025/26", "RQY", 3, 44, 61, None, None, None),
    ("Q2 2025/26", "RQY", 2, 23, 61, None, None, None),
])
def test_positions_quoted_in_public_coverage(results, quarter, code, segment, rank, size, average, unadjusted, override):
    trust = results[quarter].loc[code]
    assert (trust["adjusted_segment"], trust["rank"], trust["table_size"]) == (segment, rank, size)
    if average is not None:
        assert (trust["average_score"], trust["unadjusted_segment"], trust["financial_override"]) == (
            average, unadjusted, override)
