"""Every expected value in the evaluation sets is what NHS England published on the lines it names.

The raw CSVs are re-read here with the ``csv`` module (independently of ``evals.sources``); each fact is
looked up among the rows its question names, and table filters are re-applied to the whole file.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest

from evals.questions.schema import Conversation, Expect, Select, Source, load_sets

METRIC = {"segment": "OF5000", "rank": "OF5000", "table_size": "OF5000", "average_score": "OF5002",
          "unadjusted_segment": "OF5003", "in_deficit": "OF5004", "final_segment": "OF5005"}


@lru_cache(maxsize=8)
def records(path: str) -> dict[int, dict[str, str]]:
    """line number → record, for every record of a published file. A file without a Quarter column (the first
    acute release) gives the quarter in its summary records' Reporting_date."""
    out: dict[int, dict[str, str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for record in reader:
            out[reader.line_num] = record
    if "Quarter" not in (reader.fieldnames or []):
        (quarter,) = {r["Reporting_date"] for r in out.values() if r["Metric_ID"] == "OF5002"}
        for record in out.values():
            record["Quarter"] = quarter
    return out


def sources(source: Source | list[Source]) -> list[Source]:
    return source if isinstance(source, list) else [source]


def published_value(record: dict[str, str], key: str) -> object:
    if key == "rank":
        return int(float(record["Rank"]))
    value = float(record["Value"])
    if key == "in_deficit":
        return value == 1
    if key == "average_score":
        return value
    return int(value)


def checked_items():
    for items in load_sets().values():
        for item in items:
            if isinstance(item, Conversation):
                for index, turn in enumerate(item.turns):
                    yield f"{item.id}#{index}", turn.expect, turn.source
            else:
                yield item.id, item.expect, item.source


ITEMS = [pytest.param(e, s, id=i) for i, e, s in checked_items() if s is not None]


def test_most_questions_name_their_source() -> None:
    assert len(ITEMS) >= 120


def _selected(rows: dict[int, dict[str, str]], select: Select) -> list[dict[str, str]]:
    """Re-apply a table filter to the whole file: each trust's OF5000 record, in league order."""
    summary: dict[str, dict[str, dict[str, str]]] = {}
    for record in rows.values():
        if record["Quarter"] == select.quarter and record["Metric_ID"].startswith("OF50"):
            summary.setdefault(record["Trust_code"], {})[record["Metric_ID"]] = record
    chosen = []
    for metrics in summary.values():
        head = metrics["OF5000"]
        if select.region and head["Region"] != select.region:
            continue
        if select.subtypes and head["Trust_subtype"] not in select.subtypes:
            continue
        if head["Trust_subtype"] in select.exclude_subtypes:
            continue
        if any(float(metrics[m]["Value"]) not in allowed for m, allowed in select.where.items()):
            continue
        chosen.append(head)
    chosen.sort(key=lambda r: (float(r["Rank"]), r["Trust_code"]), reverse=select.order == "bottom")
    return chosen[: select.n] if select.n else chosen


LIKELY = {"likely_average_low": ("Likely_range_of_average_score", 0, float),
          "likely_average_high": ("Likely_range_of_average_score", 1, float),
          "likely_rank_low": ("Likely_range_of_rank", 0, int), "likely_rank_high": ("Likely_range_of_rank", 1, int)}


LEAGUE_COLUMNS = {"rank": ("Rank", lambda v: int(float(v))), "segment": ("Segment", lambda v: int(float(v))),
                  "average_score": ("Average_score", float)}


def _same_figure(mentioned: str, published: str) -> bool:
    try:
        return float(mentioned) == pytest.approx(float(published))
    except ValueError:
        return False


def _is_score_or_summary(record: dict[str, str]) -> bool:
    """A metric file's summary (OF50xx), score (OF1xxx) or value (OF0xxx) record, or a league-table file's row."""
    metric = record.get("Metric_ID")
    return metric is None or metric.startswith(("OF50", "OF1", "OF0"))


@pytest.mark.parametrize(("expect", "source"), ITEMS)
def test_expected_values_match_the_rows_they_name(raw_dir: Path, expect: Expect,
                                                 source: Source | list[Source]) -> None:
    named: dict[tuple[str, int], dict[str, str]] = {}
    for part in sources(source):
        rows = records(str(raw_dir / part.file))
        for line in part.rows:
            assert line in rows, f"line {line} is past the end of {part.file}"
            named[(part.file, line)] = rows[line]
    assert all(_is_score_or_summary(r) for r in named.values()), "a named line is not a summary or score row"
    trusts_named = {r["Trust_code"] for r in named.values()}
    for fact in expect.facts:
        if fact.key == "count":
            continue
        if fact.key in LIKELY:      # NHS England's published likely range, from a league-table file's row
            column, side, kind = LIKELY[fact.key]
            rows = [r for r in named.values() if r.get("Metric_ID") is None and r["Trust_code"] == fact.trust]
            assert len(rows) == 1, f"{fact}: {len(rows)} league-table rows named"
            assert fact.value == kind(rows[0][column].split(" to ")[side])
            continue
        league_rows = [r for r in named.values() if r.get("Metric_ID") is None and r["Trust_code"] == fact.trust
                       and r["Quarter"] == fact.quarter]
        if fact.key in LEAGUE_COLUMNS and league_rows and not any(
                r.get("Metric_ID") and r["Trust_code"] == fact.trust for r in named.values()):
            # the figure read from NHS England's league-table file rather than the metric file
            column, kind = LEAGUE_COLUMNS[fact.key]
            assert fact.value == pytest.approx(kind(league_rows[0][column])), f"{fact} but the league table differs"
            continue
        key = "unadjusted_segment" if fact.key == "without_override_segment" else fact.key
        if fact.key == "without_override_rank":
            key = "unadjusted_segment"   # a position recomputed by the question's writer: its segment is named
        matches = [(file, r) for (file, _), r in named.items() if r["Trust_code"] == fact.trust
                   and r.get("Metric_ID") == METRIC[key] and (fact.quarter is None or r["Quarter"] == fact.quarter)]
        assert len(matches) == 1, f"{fact}: {len(matches)} named rows match"
        file, record = matches[0]
        if fact.key == "without_override_rank":
            continue
        if fact.key == "table_size":
            size = sum(1 for r in records(str(raw_dir / file)).values()
                       if r.get("Metric_ID") == "OF5000" and r["Quarter"] == record["Quarter"])
            assert fact.value == size
        else:
            expected = published_value(record, key)
            assert fact.value == pytest.approx(expected) if isinstance(expected, float) else fact.value == expected, \
                f"{fact} but the file says {expected}"
    figures = {str(r.get(column, "")).strip() for r in named.values() for column in ("Value", "Rank")}
    for mention in expect.mentions:                   # a measure's value or rank the answer must state
        if mention.replace(".", "", 1).isdigit():
            assert any(_same_figure(mention, figure) for figure in figures), \
                f"{mention} is not a value or rank of the rows named"
    fact_trusts = {f.trust for f in expect.facts if f.trust}
    # a trust whose table is not held (an ambulance trust in "compare NEAS with Newcastle") has no row to name
    expected_trusts = set() if expect.unavailable else set(expect.trusts)
    assert expected_trusts | fact_trusts <= trusts_named | set(), "a trust with no named row"
    selects = [part for part in sources(source) if part.select is not None]
    if not selects:
        # a table question's rows may include the trusts it counts; a what-if's, the table it is recomputed in
        counts = any(f.key == "count" for f in expect.facts)
        if expect.intent not in ("table", "whatif") and not counts:
            assert trusts_named <= set(expect.trusts) | fact_trusts, "a named row about another trust"
        return
    # one table filter per table the question covers ("how many trusts are in segment 4?" names no table: both)
    chosen_by = [(part, _selected(records(str(raw_dir / part.file)), part.select)) for part in selects]
    assert len({part.file for part, _ in chosen_by}) == len(chosen_by), "one table filter per file"
    chosen = [row for _, rows in chosen_by for row in rows]
    assert {r["Trust_code"] for r in chosen} == trusts_named, "named rows are not the filter's trusts"
    for fact in expect.facts:
        if fact.key == "count":
            fits = [rows for part, rows in chosen_by if len(chosen_by) == 1 or part.select.quarter == fact.quarter]
            assert len(fits) == 1 and fact.value == len(fits[0]), f"count {fact.value} in {fact.quarter}"
    if expect.trusts:
        assert expect.trusts == [r["Trust_code"] for r in chosen]


def test_expected_trust_codes_are_trusts_in_the_league_tables(raw_dir: Path) -> None:
    with open(raw_dir / "trust_reference_205_derived.csv", encoding="utf-8-sig", newline="") as handle:
        known = {row["ods_code"] for row in csv.DictReader(handle)}
    for item_id, expect, _ in checked_items():
        unknown = (set(expect.trusts) | set(expect.candidates) | {f.trust for f in expect.facts if f.trust}) - known
        assert not unknown, f"{item_id}: {unknown}"


def test_ambiguous_names_really_are_ambiguous(raw_dir: Path) -> None:
    """A clarification's candidates all carry the word the question turns on."""
    with open(raw_dir / "trust_reference_205_derived.csv", encoding="utf-8-sig", newline="") as handle:
        names = {row["ods_code"]: row["trust_name"].lower() for row in csv.DictReader(handle)}
    words = {"dec-020": "st george's", "dec-021": "leeds", "dec-022": "birmingham"}
    declines = {q.id: q for q in load_sets(names=["declines"])["declines"]}
    for qid, word in words.items():
        candidates = declines[qid].expect.candidates
        assert sorted(candidates) == sorted(c for c, n in names.items() if word in n), qid
