"""The product's own copy of the published data: our schema, validated, shipped as package data.

``nhs-league import DIR…`` reads NHS England's CSVs (recognised by their columns) and writes the store
atomically: a new folder is written beside the live one and swapped in only when complete, so a bad file
or an interruption leaves the existing store untouched. Every command reads the embedded store unless given
``--data DIR``, a folder of NHS England CSVs read the same way in memory.

Contains public sector information licensed under the Open Government Licence v3.0 (NHS England).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import TypeVar

import pandas as pd

from nhs_league.errors import StoreMissing
from nhs_league.settings import EMBEDDED_STORE
from scoring.catalogue import TABLES
from scoring.loader import PublishedFile, read_folder, read_published_file
from scoring import releases
from scoring.releases import Revision

ATTRIBUTION = ("Contains public sector information from NHS England licensed under the Open Government "
               "Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).")
TRUST_COLUMNS = ["trust_code", "trust_name", "table", "subtype", "region", "icb_code", "postcode", "town",
                 "address"]
METRIC_COLUMNS = ["quarter", "table", "trust_code", "metric_id", "units", "value", "median", "lower_quartile",
                  "upper_quartile", "rank", "reporting_date", "source_file", "source_row"]
# Written on import, optional on reading (stores imported before it was kept lack it): NHS England's name for
# each metric, which names the metrics of a published-only year that no catalogue describes.
OPTIONAL_METRIC_COLUMNS = ["metric_description"]
LEAGUE_COLUMNS = ["quarter", "table", "trust_code", "average_score", "likely_range_of_average_score", "segment",
                  "in_financial_deficit", "rank", "likely_range_of_rank", "source_file", "source_row"]
FILES = {"trusts": "trusts.csv", "metrics": "metrics.csv.gz", "league": "league.csv.gz",
         "manifest": "manifest.json"}
IMPORT_FIX = "run `nhs-league import ../shared/data/raw` (or the folder holding NHS England's CSVs)"


T = TypeVar("T")


@dataclass(frozen=True)
class Store:
    """Everything the engine reads: trusts, metric rows and (when supplied) league-table rows."""

    trusts: pd.DataFrame
    metrics: pd.DataFrame
    league: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LEAGUE_COLUMNS))
    manifest: dict = field(default_factory=dict)
    revisions: tuple[Revision, ...] = ()   # values a later release changed (the later one is kept)
    # What is worked out once from this store's data (engine results, name lookups, quarter lists): kept on
    # the store itself, so a new store never sees another's and nothing is keyed on id(). Not an init field,
    # so ``dataclasses.replace(store, metrics=…)`` starts a fresh memo instead of sharing stale answers.
    memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def derived(self, key: object, build: Callable[[], T]) -> T:
        """``build()`` the first time ``key`` is asked for, then the same value for as long as the store lives."""
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]

    @property
    def quarters(self) -> list[str]:
        """Quarter labels, oldest first ('Q1 2025/26' sorts by year, then quarter)."""
        return list(self.derived("quarters", lambda: sorted(set(self.metrics["quarter"]),
                                                            key=lambda q: (q[3:], q[:2]))))

    def tables_in(self, quarter: str) -> list[str]:
        """The tables (in TABLES order) with metric data in ``quarter``."""
        def build() -> dict[str, list[str]]:
            present: dict[str, set[str]] = {}
            for q, table in self.metrics[["quarter", "table"]].drop_duplicates().itertuples(index=False):
                present.setdefault(q, set()).add(table)
            return {q: [t for t in TABLES if t in tables] for q, tables in present.items()}
        return list(self.derived("tables by quarter", build).get(quarter, []))

    def quarters_of(self, table: str) -> list[str]:
        """The quarters holding ``table``'s data, oldest first."""
        return [q for q in self.quarters if table in self.tables_in(q)]

    def trust(self, code: str) -> pd.Series:
        return self.trusts.set_index("trust_code").loc[code]


def _metric_rows(file: PublishedFile) -> pd.DataFrame:
    f = file.frame
    return pd.DataFrame({
        "quarter": f["Quarter"], "table": f["table"], "trust_code": f["Trust_code"], "metric_id": f["Metric_ID"],
        "units": f["Units"], "value": f["Value"], "median": f["Median_value"],
        "lower_quartile": f["Lower_quartile"], "upper_quartile": f["Upper_quartile"], "rank": f["Rank"],
        "reporting_date": f["Reporting_date"], "source_file": file.path.name, "source_row": f["_row"],
        "metric_description": f["Metric_description"],
    })


def _league_rows(file: PublishedFile) -> pd.DataFrame:
    f = file.frame
    return pd.DataFrame({
        "quarter": f["Quarter"], "table": f["table"], "trust_code": f["Trust_code"],
        "average_score": f["Average_score"], "likely_range_of_average_score": f["Likely_range_of_average_score"],
        "segment": f["Segment"], "in_financial_deficit": f["Trust_in_financial_deficit"].str.lower().eq("yes"),
        "rank": f["Rank"], "likely_range_of_rank": f["Likely_range_of_rank"], "source_file": file.path.name,
        "source_row": f["_row"],
    })


def _trust_rows(files: list[PublishedFile], metrics: pd.DataFrame) -> pd.DataFrame:
    """One row per trust: names, table and region from the latest data file, then the reference list."""
    named = []
    for file in files:
        if file.kind in ("metrics", "league"):
            f = file.frame.sort_values("Quarter")
            named.append(pd.DataFrame({"trust_code": f["Trust_code"], "trust_name": f["Trust_name"],
                                       "table": f["table"], "subtype": f["Trust_subtype"], "region": f["Region"]}))
        elif file.kind == "reference":
            f = file.frame
            named.insert(0, pd.DataFrame({"trust_code": f["ods_code"], "trust_name": f["trust_name"],
                                          "table": f["table"], "subtype": f["nof_trust_subtype"],
                                          "region": f["nof_region"]}))
    trusts = pd.concat(named).drop_duplicates("trust_code", keep="last").reset_index(drop=True)
    ods = [f.frame for f in files if f.kind == "ods"]
    if ods:
        o = pd.concat(ods).drop_duplicates("ods_code", keep="last")
        address = o[["address1", "address2", "address3", "town", "county"]].apply(
            lambda row: ", ".join(part.title() for part in row if part), axis=1)
        extra = pd.DataFrame({"trust_code": o["ods_code"], "icb_code": o["icb_code"], "postcode": o["postcode"],
                              "town": o["town"].str.title(), "address": address})
        trusts = trusts.merge(extra, on="trust_code", how="left")
    for column in TRUST_COLUMNS:
        if column not in trusts:
            trusts[column] = ""
    trusts["trust_name"] = trusts["trust_name"].map(readable_name)
    return trusts[TRUST_COLUMNS].fillna("").sort_values("trust_code").reset_index(drop=True)


_SMALL_WORDS = {"and", "of", "the", "for", "on", "in", "upon"}
_CAPITALS = {"nhs": "NHS", "uk": "UK"}


def readable_name(name: object) -> str:
    """A name the reference list gives in capitals ('LONDON AMBULANCE SERVICE NHS TRUST', as ODS writes it) in
    the form NHS England uses ('London Ambulance Service NHS Trust'); other names unchanged."""
    text = str(name)
    if not text.isupper():
        return text
    words = text.lower().split()
    return " ".join(_CAPITALS.get(w, w if (w in _SMALL_WORDS and i) else w.capitalize()) for i, w in enumerate(words))


def build_store(files: list[PublishedFile]) -> Store:
    """One store from files given oldest publication first or not: overlapping releases are merged (identical
    rows once, differing values revised by the later publication; see ``scoring.releases``)."""
    order = releases.publication_order([f.latest_quarter for f in files], [f.modified for f in files])
    ordered = [files[i] for i in order]
    metrics, metric_revisions = releases.merge_releases(
        [_metric_rows(f) for f in ordered if f.kind == "metrics"], releases.METRIC_KEY, releases.METRIC_VALUES)
    league_frames = [_league_rows(f) for f in ordered if f.kind == "league"]
    league, league_revisions = releases.merge_releases(league_frames, releases.LEAGUE_KEY, releases.LEAGUE_VALUES,
                                                       item="league table")
    if not league_frames:
        league = pd.DataFrame(columns=LEAGUE_COLUMNS)
    revisions = tuple(metric_revisions + league_revisions)
    manifest = {
        "attribution": ATTRIBUTION,
        "publisher": "NHS England, NHS Oversight Framework segmentation and league tables",
        "source_page": "https://www.england.nhs.uk/nhs-oversight-framework/segmentation-and-league-tables/",
        "files": [{"name": f.path.name, "kind": f.kind, "rows": len(f.frame), "latest_quarter": f.latest_quarter,
                   "sha256": hashlib.sha256(f.path.read_bytes()).hexdigest()} for f in ordered],
        "publication_order": "latest quarter held, then file modification time, then the order given",
        "quarters": sorted(set(metrics["quarter"]), key=lambda q: (q[3:], q[:2])),
        "revisions": [r.to_dict() for r in revisions],
        "imported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    metrics = metrics.sort_values(["quarter", "table", "metric_id", "trust_code", "units"]).reset_index(drop=True)
    return Store(_trust_rows(ordered, metrics), metrics, league.reset_index(drop=True), manifest, revisions)


def load_folder(folder: Path) -> Store:
    """Read a folder of NHS England CSVs into a Store in memory (what ``--data DIR`` does)."""
    return build_store(read_folder(Path(folder)))


def load_files(paths: list[Path]) -> Store:
    files: list[PublishedFile] = []
    for path in map(Path, paths):
        files.extend(read_folder(path) if path.is_dir() else [read_published_file(path)])
    return build_store(files)


def _write_gzip_csv(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
        zipped.write(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def write_store(store: Store, target: Path = EMBEDDED_STORE) -> Path:
    """Write the store atomically: into a new folder beside ``target``, then swap it in."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}.new-*"):  # from a write that was killed part-way
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    staging.chmod(0o755)
    try:
        store.trusts.to_csv(staging / FILES["trusts"], index=False, lineterminator="\n")
        _write_gzip_csv(store.metrics, staging / FILES["metrics"])
        _write_gzip_csv(store.league, staging / FILES["league"])
        (staging / FILES["manifest"]).write_text(json.dumps(store.manifest, indent=2) + "\n", encoding="utf-8")
        read_store(staging)  # the new store must read back before it replaces the old one
        retired = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _recover_interrupted_swap(folder: Path) -> None:
    """A write killed between its two renames leaves the previous store beside the target: put it back."""
    if folder.exists():
        return
    retired = sorted(folder.parent.glob(f".{folder.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if retired:
        os.replace(retired[-1], folder)


def read_store(folder: Path) -> Store:
    folder = Path(folder)
    _recover_interrupted_swap(folder)
    try:
        trusts = pd.read_csv(folder / FILES["trusts"], dtype=str, keep_default_na=False)
        metrics = pd.read_csv(folder / FILES["metrics"], dtype={"quarter": str, "table": str, "trust_code": str,
                                                                 "metric_id": str, "units": str,
                                                                 "reporting_date": str, "source_file": str,
                                                                 "metric_description": str},
                              keep_default_na=False, na_values={"value": [""], "median": [""],
                                                                "lower_quartile": [""], "upper_quartile": [""],
                                                                "rank": [""]})
        league = pd.read_csv(folder / FILES["league"], keep_default_na=False)
        manifest = json.loads((folder / FILES["manifest"]).read_text(encoding="utf-8"))
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise StoreMissing(f"The data store in {folder} is missing or unreadable ({error}); {IMPORT_FIX}.") from error
    missing = [c for c in TRUST_COLUMNS if c not in trusts] + [c for c in METRIC_COLUMNS if c not in metrics]
    if missing:
        raise StoreMissing(f"The data store in {folder} lacks columns {missing}; {IMPORT_FIX}.")
    for column in OPTIONAL_METRIC_COLUMNS:
        if column not in metrics:
            metrics[column] = ""
    revisions = tuple(Revision(**r) for r in manifest.get("revisions", []))
    return Store(trusts, metrics, league, manifest, revisions)


_embedded: Store | None = None


def load_store(data: Path | None = None) -> Store:
    """The embedded store (cached per process), or a folder of NHS England CSVs when ``data`` is given."""
    global _embedded
    if data is not None:
        return load_folder(Path(data))
    if _embedded is None:
        _embedded = read_store(EMBEDDED_STORE)
    return _embedded
