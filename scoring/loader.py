"""Read NHS England's published NOF CSVs, recognising each by its columns, and validate them strictly.

Three kinds of file are understood:
- metric data files (every metric value and score per trust; with or without a ``Quarter`` column),
- league-table files (average score, segment, rank and their likely ranges per trust),
- the NHS ODS "etr" extract of trusts (no header; used for addresses, towns and postcodes).

Every problem is raised as one ``DataFileError`` naming the file, row and column and saying what to do.

**Metric ids.** A quarter of a framework year the product has rules for is checked against that year's catalogue
and rules: an id neither knows is refused (the catalogue would be out of date, and a score it cannot place
would silently drop out of the average). A quarter of a year without rules (say 2026/27 before its folder is
added) is *published-only*: every row is kept as published, ids unknown to any catalogue included, and none is
scored; the product shows NHS England's own segments, averages and ranks for it (``scoring.published``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nhs_league.errors import DataFileError
from scoring.catalogue import Table
from scoring.frameworks import framework_of_year, published_output_ids, year_of

METRIC_COLUMNS = ("Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Domain", "Sub-domain",
                  "Metric_ID", "Metric_description", "Reporting_date", "Units", "Value", "Median_value",
                  "Lower_quartile", "Upper_quartile", "Rank")
LEAGUE_COLUMNS = ("Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Average_score",
                  "Likely_range_of_average_score", "Segment", "Trust_in_financial_deficit", "Rank",
                  "Likely_range_of_rank")
ODS_FIELDS = 27
# A trust list (one row per league-table trust), e.g. a join of the league tables with ODS: gives the
# names, types and regions of trusts whose data files have not been published yet.
REFERENCE_COLUMNS = ("ods_code", "trust_name", "nof_trust_type", "nof_trust_subtype", "nof_region")
NUMERIC_METRIC_COLUMNS = ("Value", "Median_value", "Lower_quartile", "Upper_quartile", "Rank")
QUARTER_PATTERN = re.compile(r"^Q[1-4] \d{4}/\d{2}$")
MAX_FILE_BYTES = 100 * 1024 * 1024
FIX_CSV = "re-download the file from NHS England, or save it from Excel as 'CSV UTF-8'"


@dataclass(frozen=True)
class PublishedFile:
    """One file read and validated. ``kind`` is 'metrics', 'league', 'ods' or 'reference'."""

    path: Path
    kind: str
    frame: pd.DataFrame
    modified: float = 0.0   # the file's modification time: orders two releases running to the same quarter

    @property
    def latest_quarter(self) -> str | None:
        """The latest quarter the file holds (metric and league-table files), which dates the release."""
        if "Quarter" not in self.frame.columns or self.kind not in ("metrics", "league"):
            return None
        return max(self.frame["Quarter"], key=lambda q: (q[3:], q[:2]), default=None)


def table_of(trust_type: str) -> Table:
    """Normalise NHS England's trust type labels ('Non-acute hospital trust' in Q1…) to our three tables."""
    label = trust_type.strip().lower()
    if "ambulance" in label:
        return "ambulance"
    if "non-acute" in label or "mental" in label or "community" in label:
        return "mental-health-community"
    if "acute" in label:
        return "acute"
    raise ValueError(trust_type)


def _decode(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DataFileError(path.name, f"cannot be opened ({error.strerror})", fix="check the path") from error
    if size == 0:
        raise DataFileError(path.name, "is empty", fix=FIX_CSV)
    if size > MAX_FILE_BYTES:
        raise DataFileError(path.name, f"is {size // 2**20} MB, far larger than any NOF file",
                            fix="check it is the right file")
    try:
        data = path.read_bytes()
    except OSError as error:  # a folder named *.csv, no permission, a file removed meanwhile
        raise DataFileError(path.name, f"cannot be read ({error.strerror})", fix="check the path") from error
    head = data[:4096]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(head):
        raise DataFileError(path.name, "is encoded as UTF-16", fix="save it as 'CSV UTF-8'")
    if b"\x00" in head:
        raise DataFileError(path.name, "is not a text file", fix=FIX_CSV)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataFileError(path.name, "is not UTF-8 text", row=line, fix="save it as 'CSV UTF-8'") from error


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL in every other byte."""
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd)


def _rows(path: Path, text: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise DataFileError(path.name, f"is not valid CSV ({error})", fix=FIX_CSV) from error
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # Excel leaves trailing blank rows
    if not rows:
        raise DataFileError(path.name, "has no rows", fix=FIX_CSV)
    return rows


def _number(path: Path, text: str, row: int, column: str) -> float:
    cleaned = text.strip().replace(",", "")
    if cleaned == "":
        return math.nan
    try:
        value = float(cleaned)
    except ValueError:
        raise DataFileError(path.name, f"{text!r} is not a number", row=row, column=column,
                            fix="fix or blank the cell") from None
    if not math.isfinite(value):
        raise DataFileError(path.name, f"{text!r} is not a finite number", row=row, column=column,
                            fix="fix or blank the cell")
    return value


def _tables(path: Path, frame: pd.DataFrame, column: str) -> list[str]:
    """Each row's table (acute, mental-health-community, ambulance) from its trust type label."""
    tables: list[str] = []
    for text, row in zip(frame[column], frame["_row"]):
        try:
            tables.append(table_of(text))
        except ValueError:
            raise DataFileError(path.name, f"trust type {text!r} is not acute, mental health and community or "
                                "ambulance", row=int(row), column=column, fix=FIX_CSV) from None
    return tables


def _check_quarters(path: Path, frame: pd.DataFrame) -> None:
    bad = frame[~frame["Quarter"].str.match(QUARTER_PATTERN)]
    if len(bad):
        raise DataFileError(path.name, f"quarter {bad['Quarter'].iloc[0]!r} is not like 'Q1 2025/26'",
                            row=int(bad["_row"].iloc[0]), column="Quarter", fix=FIX_CSV)


def _records(path: Path, rows: list[list[str]], expected: tuple[str, ...]) -> pd.DataFrame:
    header = [cell.strip() for cell in rows[0]]
    optional_quarter = header[:1] == ["Quarter"]
    columns = header[1:] if optional_quarter else header
    missing = [c for c in expected if c not in columns]
    if missing:
        raise DataFileError(path.name, f"lacks the column(s) {', '.join(missing)}", row=1,
                            fix="use the file exactly as NHS England published it")
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    if repeated:
        raise DataFileError(path.name, f"has the column(s) {', '.join(repeated)} more than once", row=1,
                            fix="use the file exactly as NHS England published it")
    if len(rows) < 2:
        raise DataFileError(path.name, "has a header row but no data rows", fix=FIX_CSV)
    width = len(header)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise DataFileError(path.name, f"has {len(row)} fields where the header has {width}", row=number,
                                fix="repair the row (a stray comma or quote?) or re-download the file")
    frame = pd.DataFrame([[cell.strip() for cell in row] for row in rows[1:]], columns=header, dtype=object)
    frame.insert(0, "_row", range(2, len(rows) + 1))
    return frame


def _check_metric_ids(path: Path, frame: pd.DataFrame) -> None:
    """Refuse ids unknown to the framework of a quarter we recompute; keep every row of a published-only one."""
    for quarter, rows_of_quarter in frame.groupby("Quarter"):
        framework = framework_of_year(year_of(str(quarter)))
        if framework is None:
            continue  # published-only: kept as published, never scored
        known = framework.rules.known_metric_ids(framework.catalogue)
        unknown = rows_of_quarter[~rows_of_quarter["Metric_ID"].isin(known)]
        if len(unknown):
            first = unknown.iloc[0]
            raise DataFileError(path.name, f"metric {first['Metric_ID']!r} is not in the metric catalogue",
                                row=int(first["_row"]), column="Metric_ID",
                                fix=f"add it to the {framework.year} metric catalogue (or the rules) first, or check "
                                    f"the file's quarters are {framework.year} quarters")


def _read_metrics(path: Path, rows: list[list[str]]) -> pd.DataFrame:
    frame = _records(path, rows, METRIC_COLUMNS)
    for column in NUMERIC_METRIC_COLUMNS:
        frame[column] = [_number(path, text, row, column) for text, row in zip(frame[column], frame["_row"])]
    for column in ("Trust_code", "Metric_ID", "Trust_type"):
        blank = frame[frame[column] == ""]
        if len(blank):
            raise DataFileError(path.name, "is blank", row=int(blank["_row"].iloc[0]), column=column,
                                fix="every row needs a trust code, trust type and metric id")
    frame["table"] = _tables(path, frame, "Trust_type")
    if "Quarter" not in frame.columns:
        frame["Quarter"] = _quarter_from_reporting_dates(path, frame)
    _check_quarters(path, frame)
    _check_metric_ids(path, frame)
    key = ["Quarter", "Trust_code", "Metric_ID", "Units"]
    duplicated = frame[frame.duplicated(key, keep="first")]
    if len(duplicated):
        first = duplicated.iloc[0]
        raise DataFileError(path.name, f"repeats {first['Metric_ID']} for {first['Trust_code']} in "
                            f"{first['Quarter']}", row=int(first["_row"]),
                            fix="remove the duplicate row (was the file appended twice?)")
    return frame


def _quarter_from_reporting_dates(path: Path, frame: pd.DataFrame) -> pd.Series:
    """Files without a Quarter column cover one quarter, named in the summary rows' Reporting_date."""
    summary = frame[frame["Metric_ID"].isin(published_output_ids())]["Reporting_date"].unique()
    labels = [label for label in summary if QUARTER_PATTERN.match(label)]
    if len(labels) != 1:
        raise DataFileError(path.name, "has no Quarter column and its average-score rows do not name one quarter",
                            column="Reporting_date", fix="add a Quarter column like 'Q1 2025/26'")
    return pd.Series(labels[0], index=frame.index, dtype=object)


def _read_league(path: Path, rows: list[list[str]]) -> pd.DataFrame:
    frame = _records(path, rows, LEAGUE_COLUMNS)
    for column in ("Average_score", "Segment", "Rank"):
        frame[column] = [_number(path, text, row, column) for text, row in zip(frame[column], frame["_row"])]
    if "Quarter" not in frame.columns and "Reporting_date" in frame.columns:
        frame["Quarter"] = frame["Reporting_date"]  # NHS England's Q1 league tables name the quarter there
    if "Quarter" not in frame.columns:
        raise DataFileError(path.name, "has no Quarter column", column="Quarter",
                            fix="add a Quarter column like 'Q1 2025/26'")
    _check_quarters(path, frame)
    frame["table"] = _tables(path, frame, "Trust_type")
    duplicated = frame[frame.duplicated(["Quarter", "Trust_code"], keep="first")]
    if len(duplicated):
        first = duplicated.iloc[0]
        raise DataFileError(path.name, f"repeats {first['Trust_code']} in {first['Quarter']}",
                            row=int(first["_row"]), fix="remove the duplicate row (was the file appended twice?)")
    return frame


def _read_ods(path: Path, rows: list[list[str]]) -> pd.DataFrame:
    for number, row in enumerate(rows, start=1):
        if len(row) != ODS_FIELDS:
            raise DataFileError(path.name, f"has {len(row)} fields where an ODS extract has {ODS_FIELDS}",
                                row=number, fix="re-download the ODS 'etr' extract unedited")
    frame = pd.DataFrame([row[:12] for row in rows], columns=[
        "ods_code", "ods_name", "nhs_region_code", "icb_code", "address1", "address2", "address3", "town",
        "county", "postcode", "open_date", "close_date"])
    return frame


def _read_reference(path: Path, rows: list[list[str]]) -> pd.DataFrame:
    frame = _records(path, rows, REFERENCE_COLUMNS)
    frame["table"] = _tables(path, frame, "nof_trust_type")
    return frame


def read_published_file(path: Path) -> PublishedFile:
    """Read one CSV, recognising what it is by its header (not its name)."""
    text = _decode(path)
    rows = _rows(path, text)
    header = [cell.strip() for cell in rows[0]]
    modified = path.stat().st_mtime
    if "Metric_ID" in header:
        return PublishedFile(path, "metrics", _read_metrics(path, rows), modified)
    if "Average_score" in header and "Segment" in header:
        return PublishedFile(path, "league", _read_league(path, rows), modified)
    if len(header) == ODS_FIELDS and re.fullmatch(r"[A-Z0-9]{3,5}", header[0]):
        return PublishedFile(path, "ods", _read_ods(path, rows), modified)
    if all(column in header for column in REFERENCE_COLUMNS):
        return PublishedFile(path, "reference", _read_reference(path, rows), modified)
    raise DataFileError(path.name, "is not an NHS Oversight Framework metric file, league table or ODS extract",
                        row=1, fix="check the header row matches NHS England's published CSV")


def read_folder(folder: Path) -> list[PublishedFile]:
    """Every CSV in a folder that is one of the understood kinds (other files are errors, not skipped)."""
    if not folder.is_dir():
        raise DataFileError(str(folder), "is not a folder", fix="give a folder of NHS England CSV files")
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    if not paths:
        raise DataFileError(str(folder), "holds no .csv files", fix="download NHS England's NOF CSVs into it")
    files = [read_published_file(path) for path in paths]
    if not any(f.kind == "metrics" for f in files):
        raise DataFileError(str(folder), "holds no NOF metric data file", fix="add NHS England's NOF data CSVs")
    return files
