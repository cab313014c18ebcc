"""Expected values read straight from NHS England's published CSVs (never from this project's scoring code).

The evaluation sets name, for every expected figure, the published file and the 1-based line numbers it came
from. This module reads those files with the standard ``csv`` module, keeping each record's line number, and
exposes the summary fields the league table is built from:

==================  =========  ==============================================================
fact key            metric     published meaning
==================  =========  ==============================================================
segment             OF5000     adjusted segment (the league-table segment)
rank                OF5000     its ``Rank`` column: the league position within the table
average_score       OF5002     average metric score
unadjusted_segment  OF5003     segment before the financial override
in_deficit          OF5004     1 = in deficit or receiving deficit support (the override holds such a trust at segment 3 at best)
final_segment       OF5005     5 = Recovery Support Programme
==================  =========  ==============================================================

``table_size`` is the number of trusts with an ``OF5000`` row in that file and quarter. The acute Q1 file has
no ``Quarter`` column: all of it is "Q1 2025/26".
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nhs_league.errors import DataFileError
from nhs_league.settings import raw_data_dir

REFERENCE_FILE = "trust_reference_205_derived.csv"
# A metric file is recognised by its columns, whatever it is called; its table by the Trust_type column.
METRIC_FILE_COLUMNS = {"Trust_code", "Trust_type", "Metric_ID", "Value", "Rank", "Reporting_date"}
TABLES_BY_TRUST_TYPE = {"acute trust": "acute", "mental health and community trust": "mental-health-community",
                        "non-acute hospital trust": "mental-health-community", "ambulance trust": "ambulance"}

FACT_METRICS: dict[str, str] = {
    "segment": "OF5000",
    "rank": "OF5000",
    "table_size": "OF5000",
    "average_score": "OF5002",
    "unadjusted_segment": "OF5003",
    "in_deficit": "OF5004",
    "final_segment": "OF5005",
}
SUMMARY_METRICS = ("OF5000", "OF5002", "OF5003", "OF5004", "OF5005", "OF5007")

FactValue = int | float | bool


@dataclass(frozen=True)
class SummaryRow:
    """One summary (``OF50xx``) record of a published file, with the line it sits on."""

    file: str
    line: int
    quarter: str
    table: str
    region: str
    subtype: str
    trust_code: str
    trust_name: str
    metric_id: str
    value: float | None
    rank: float | None


@dataclass
class TrustQuarter:
    """A trust's summary rows for one quarter, keyed by metric id."""

    file: str
    quarter: str
    table: str
    trust_code: str
    trust_name: str
    region: str
    subtype: str
    rows: dict[str, SummaryRow] = field(default_factory=dict)
    table_size: int = 0

    def value(self, key: str) -> FactValue:
        """The published value behind a fact key (see the module docstring)."""
        if key == "table_size":
            return self.table_size
        row = self.rows[FACT_METRICS[key]]
        if key == "rank":
            if row.rank is None:
                raise DataFileError(row.file, "OF5000 has no Rank", row=row.line, column="Rank")
            return int(row.rank)
        if row.value is None:
            raise DataFileError(row.file, f"{row.metric_id} has no Value", row=row.line, column="Value")
        if key == "average_score":
            return round(row.value, 2)
        if key == "in_deficit":
            return row.value == 1
        return int(row.value)

    def line(self, key: str) -> int:
        """The 1-based line of the published record behind a fact key."""
        return self.rows[FACT_METRICS[key]].line

    def lines(self, keys: Iterable[str]) -> list[int]:
        return sorted({self.line(key) for key in keys})


@dataclass
class Published:
    """Every summary row of the published metric files, indexed by quarter and trust."""

    rows: list[SummaryRow]
    trusts: dict[tuple[str, str], TrustQuarter]
    by_line: dict[tuple[str, int], SummaryRow] = field(default_factory=dict, repr=False)

    def quarters(self, table: str | None = None) -> list[str]:
        return sorted({t.quarter for t in self.trusts.values() if table is None or t.table == table},
                      key=quarter_sort_key)

    def trust(self, code: str, quarter: str | None = None) -> TrustQuarter:
        """The trust's rows in ``quarter`` (default: the latest quarter its table has)."""
        if quarter is None:
            quarter = max((q for (q, c) in self.trusts if c == code), key=quarter_sort_key)
        return self.trusts[(quarter, code)]

    def table(self, table: str, quarter: str) -> list[TrustQuarter]:
        """The table in league order (rank, then code for ties)."""
        members = [t for t in self.trusts.values() if t.table == table and t.quarter == quarter]
        return sorted(members, key=lambda t: (t.value("rank"), t.trust_code))

    def row_at(self, file: str, line: int) -> SummaryRow | None:
        if not self.by_line:
            self.by_line.update({(row.file, row.line): row for row in self.rows})
        return self.by_line.get((file, line))


def quarter_sort_key(label: str) -> tuple[str, str]:
    """'Q1 2025/26' sorts by year, then quarter."""
    quarter, _, year = label.partition(" ")
    return (year, quarter)


def _parse_float(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


def is_metric_file(path: Path) -> bool:
    """A published metric file: a CSV whose header has the metric file's columns."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError):
        return False
    return METRIC_FILE_COLUMNS <= set(header)


def read_summary_rows(path: Path) -> list[SummaryRow]:
    """The ``OF50xx`` records of one published metric file, each with its 1-based line number.

    A file without a ``Quarter`` column (NHS England's first acute release) states its quarter in the summary
    records' ``Reporting_date`` ("Q1 2025/26")."""
    name = path.name
    if not path.is_file():
        raise DataFileError(str(path), "file not found",
                            fix="set NHS_LEAGUE_RAW_DIR to the folder holding NHS England's CSVs")
    if not is_metric_file(path):
        raise DataFileError(name, "is not one of NHS England's published metric files")
    records: list[tuple[int, dict[str, str]]] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for record in reader:
            if record["Metric_ID"] in SUMMARY_METRICS:
                # the line the record ends on; no record spans lines in these files
                records.append((reader.line_num, record))
    named = {r["Reporting_date"] for _, r in records if not r.get("Quarter") and r["Reporting_date"]}
    if len(named) > 1:
        raise DataFileError(name, "has no Quarter column and its summary rows name several quarters")
    file_quarter = named.pop() if named else ""
    return [SummaryRow(file=name, line=line, quarter=record.get("Quarter") or file_quarter,
                       table=TABLES_BY_TRUST_TYPE[record["Trust_type"].strip().lower()], region=record["Region"],
                       subtype=record["Trust_subtype"], trust_code=record["Trust_code"],
                       trust_name=record["Trust_name"], metric_id=record["Metric_ID"],
                       value=_parse_float(record["Value"]), rank=_parse_float(record["Rank"]))
            for line, record in records]


def load_published(raw_dir: Path | None = None) -> Published:
    """Read every published metric file in ``raw_dir`` (default: ``settings.raw_data_dir()``).

    NHS England's releases are cumulative: when two files hold the same trust, quarter and summary field, the
    file that sorts last by name (the later release) is the one read."""
    folder = raw_dir or raw_data_dir()
    return _load(str(folder))


@lru_cache(maxsize=4)
def _load(folder: str) -> Published:
    latest: dict[tuple[str, str, str], SummaryRow] = {}
    for path in sorted(Path(folder).glob("*.csv")):
        if is_metric_file(path):
            for row in read_summary_rows(path):
                latest[(row.quarter, row.trust_code, row.metric_id)] = row
    rows = list(latest.values())
    trusts: dict[tuple[str, str], TrustQuarter] = {}
    for row in rows:
        key = (row.quarter, row.trust_code)
        if key not in trusts:
            trusts[key] = TrustQuarter(row.file, row.quarter, row.table, row.trust_code, row.trust_name,
                                       row.region, row.subtype)
        trusts[key].rows[row.metric_id] = row
    sizes: dict[tuple[str, str], int] = {}
    for trust in trusts.values():
        if "OF5000" in trust.rows:
            sizes[(trust.table, trust.quarter)] = sizes.get((trust.table, trust.quarter), 0) + 1
    for trust in trusts.values():
        trust.table_size = sizes.get((trust.table, trust.quarter), 0)
    return Published(rows=rows, trusts=trusts)


def select_trusts(published: Published, table: str, quarter: str, where: dict[str, Sequence[float]] | None = None,
                  region: str | None = None, subtypes: Sequence[str] = (), exclude_subtypes: Sequence[str] = (),
                  order: str | None = None, n: int | None = None) -> list[TrustQuarter]:
    """Trusts of one table and quarter whose published summary values meet every condition.

    ``where`` maps a summary metric id to the values it may take (e.g. ``{"OF5004": [1], "OF5003": [1, 2]}``).
    ``order`` "top" keeps league order, "bottom" reverses it; ``n`` keeps the first ``n``.
    """
    chosen = []
    for trust in published.table(table, quarter):
        if region is not None and trust.region != region:
            continue
        if subtypes and trust.subtype not in subtypes:
            continue
        if trust.subtype in exclude_subtypes:
            continue
        if where and any(metric not in trust.rows or trust.rows[metric].value not in [float(v) for v in allowed]
                         for metric, allowed in where.items()):
            continue
        chosen.append(trust)
    if order == "bottom":
        chosen.reverse()
    if n is not None:
        chosen = chosen[:n]
    return chosen


def read_reference(raw_dir: Path | None = None) -> list[dict[str, str]]:
    """The 205-trust reference list (names, types, regions) as published in the raw folder."""
    path = (raw_dir or raw_data_dir()) / REFERENCE_FILE
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
