"""Cumulative releases: overlapping files are one set of facts; a changed value is a revision the later
publication wins, and `import` and `verify` list it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from nhs_league.cli import main
from scoring.store import load_files, load_folder, read_store

HEADER = ("Quarter,Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Domain,Sub-domain,Metric_ID,"
          "Metric_description,Reporting_date,Units,Value,Median_value,Lower_quartile,Upper_quartile,Rank")
LEAGUE_HEADER = ("Quarter,Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Average_score,"
                 "Likely_range_of_average_score,Segment,Trust_in_financial_deficit,Rank,Likely_range_of_rank")
TRUST = "London,Acute trust,Acute - Medium,RAX,Kingston and Richmond NHS Foundation Trust"


def metric_row(quarter: str, value: float, trust: str = TRUST) -> str:
    return (f"{quarter},{trust},Access to services,Urgent and emergency care,OF0013,A&E four hours,"
            f"{quarter},percent,{value},76.0,72.0,80.0,51.0")


def league_row(quarter: str, rank: int, rank_range: str = "6 to 49") -> str:
    return f"{quarter},{TRUST},2.21,1.72 to 2.73,2.0,No,{rank}.0,{rank_range}"


def write(folder: Path, name: str, lines: list[str], age: float = 0.0) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stamp = 1_700_000_000 - age
    os.utime(path, (stamp, stamp))
    return path


def test_identical_overlap_is_one_fact_and_a_differing_value_is_a_revision_the_later_release_wins(tmp_path):
    # named so that name order is the opposite of publication order: names are never read for dates
    older = write(tmp_path, "z_release.csv", [HEADER, metric_row("Q1 2025/26", 77.0), metric_row("Q2 2025/26", 70.0)])
    newer = write(tmp_path, "a_release.csv", [HEADER, metric_row("Q1 2025/26", 77.0), metric_row("Q2 2025/26", 71.5),
                                               metric_row("Q3 2025/26", 73.0)])
    store = load_folder(tmp_path)
    rows = store.metrics.set_index("quarter")
    assert len(store.metrics) == 3                                   # Q1 held twice, identical: one fact
    assert rows.loc["Q2 2025/26", "value"] == 71.5                   # the release running to Q3 is later
    assert rows.loc["Q2 2025/26", "source_file"] == newer.name
    assert len(store.revisions) == 1
    r = store.revisions[0]
    assert (r.file, r.previous_file, r.trust_code, r.quarter, r.field, r.old, r.new) == (
        newer.name, older.name, "RAX", "Q2 2025/26", "value", 70.0, 71.5)
    assert r.line() == ("a_release.csv: RAX OF0013 (percent) value, Q2 2025/26: 70 → 71.5 (was z_release.csv)")
    # the same files given in either order give the same store
    again = load_files([older, newer])
    assert again.metrics["value"].tolist() == store.metrics["value"].tolist() and again.revisions == store.revisions


def test_two_releases_running_to_the_same_quarter_are_ordered_by_file_date(tmp_path):
    write(tmp_path, "b.csv", [HEADER, metric_row("Q1 2025/26", 60.0)], age=0)          # re-issued later
    write(tmp_path, "a.csv", [HEADER, metric_row("Q1 2025/26", 65.0)], age=86_400)     # a day older
    store = load_folder(tmp_path)
    assert store.metrics["value"].tolist() == [60.0]
    assert [(r.old, r.new, r.file) for r in store.revisions] == [(65.0, 60.0, "b.csv")]
    os.utime(tmp_path / "a.csv", (1_800_000_000, 1_800_000_000))                       # now a.csv is newer
    assert load_folder(tmp_path).metrics["value"].tolist() == [65.0]


def test_a_repeated_league_table_is_one_set_of_rows_and_its_revisions_are_listed(tmp_path):
    data = write(tmp_path, "data.csv", [HEADER, metric_row("Q4 2025/26", 77.0)])
    first = write(tmp_path, "league-1.csv", [LEAGUE_HEADER, league_row("Q4 2025/26", 24)], age=200)
    write(tmp_path, "league-2.csv", [LEAGUE_HEADER, league_row("Q4 2025/26", 24)], age=100)
    assert len(load_folder(tmp_path).league) == 1 and load_folder(tmp_path).revisions == ()
    write(tmp_path, "league-3.csv", [LEAGUE_HEADER, league_row("Q4 2025/26", 25, "7 to 50")], age=0)
    store = load_files([first, tmp_path / "league-3.csv", tmp_path / "league-2.csv", data])
    assert len(store.league) == 1 and int(store.league["rank"].iloc[0]) == 25
    lines = [r.line() for r in store.revisions]
    assert lines == ["league-3.csv: RAX league table rank, Q4 2025/26: 24 → 25 (was league-2.csv)",
                     "league-3.csv: RAX league table likely range of the rank, Q4 2025/26: 6 to 49 → 7 to 50 "
                     "(was league-2.csv)"]


def test_revisions_survive_the_written_store_and_import_lists_them(tmp_path, capsys):
    incoming = tmp_path / "incoming"
    write(incoming, "old.csv", [HEADER, metric_row("Q1 2025/26", 77.0)], age=10)
    write(incoming, "new.csv", [HEADER, metric_row("Q1 2025/26", 77.0), metric_row("Q2 2025/26", 1.0)], age=5)
    write(incoming, "reissue.csv", [HEADER, metric_row("Q1 2025/26", 78.25), metric_row("Q2 2025/26", 1.0)])
    assert main(["import", str(incoming), "--to", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert "Revisions: 1 published value(s) changed by a later release" in out
    assert "reissue.csv: RAX OF0013 (percent) value, Q1 2025/26: 77 → 78.25 (was new.csv)" in out
    back = read_store(tmp_path / "store")
    assert back.revisions == load_folder(incoming).revisions
    assert back.metrics.set_index("quarter").loc["Q1 2025/26", "value"] == 78.25


def test_a_cumulative_release_repeating_the_published_quarters_changes_nothing(raw_dir, raw_store, tmp_path):
    """NHS England's Q4 release repeats Q1–Q3: the two published halves joined into one file are the same facts."""
    halves = sorted(raw_dir.glob("*mental_health_community_trust_data.csv"))
    assert len(halves) >= 2
    for source in raw_dir.glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    lines = halves[0].read_text(encoding="utf-8-sig").splitlines()
    for half in halves[1:]:
        lines += half.read_text(encoding="utf-8-sig").splitlines()[1:]
    (tmp_path / "cumulative-release.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = load_folder(tmp_path)
    assert store.revisions == ()
    assert len(store.metrics) == len(raw_store.metrics)
    assert set(store.metrics["source_file"]) >= {"cumulative-release.csv"}


def test_verify_lists_a_revised_league_table_row(raw_dir, tmp_path, capsys):
    league = next(raw_dir.glob("*league_table*.csv"), None)
    if league is None:
        pytest.skip("no published league-table file")
    for source in raw_dir.glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
        os.utime(tmp_path / source.name, (1_700_000_000, 1_700_000_000))
    frame = pd.read_csv(league, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    code, quarter = frame["Trust_code"].iloc[0], frame["Quarter"].iloc[0]
    published = frame["Likely_range_of_rank"].iloc[0]
    frame.loc[0, "Likely_range_of_rank"] = "1 to 60"
    frame.to_csv(tmp_path / "reissued-league-table.csv", index=False)
    os.utime(tmp_path / "reissued-league-table.csv")
    assert main(["verify", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (f"reissued-league-table.csv: {code} league table likely range of the rank, {quarter}: "
            f"{published} → 1 to 60 (was {league.name})") in out


def test_the_embedded_store_records_how_it_ordered_its_files(store):
    assert "latest quarter" in store.manifest["publication_order"]
    assert all("latest_quarter" in f for f in store.manifest["files"])
