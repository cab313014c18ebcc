"""What depends only on the data, computed once per release and looked up when answering.

The engine's results for every quarter, every trust's explanation in every quarter (in all three registers:
drivers, what would move it, likely ranges, movement and its verdict), every trust's verified "what it would
take" and every digest depend only on the published data and this code. ``build(store)`` computes them all (on
every core) and writes one SQLite file, atomically (a new file beside the old one, then a rename), named by two
hashes:

- the **data hash**: the store's contents (trusts, metric rows, league-table rows, revisions, the manifest
  without its import time), so new data never meets old answers;
- the **code version**: every source and rules file under ``scoring/`` and ``nhs_league/`` (not the data
  folder; the framework folders wherever ``NHS_LEAGUE_FRAMEWORKS_DIR`` puts them), the cache format and the
  Python, NumPy and pandas versions, so any change to the code or wording behind an explanation means a rebuild.

``base_result``, ``explain``, ``what_it_would_take`` and ``digest`` ask :func:`quarter_result`,
:func:`explanation`, :func:`next_segment` and :func:`digest` first (default options only); each returns the
stored object (explanations and the rest as a shallow copy, so a caller may reassign their fields) or None, and
then they compute as before. A missing, stale or unreadable cache never breaks an answer: it is logged (this
module's logger: missing at INFO, unreadable or mismatched at WARNING) and the answer is computed. Errors (an
unknown trust, a quarter without its table) are never stored: the computation raises them, as before. Each
process opens the file once per store (read-only) and unpickles each entry at most once while it stays among
the ``MEMORY_ENTRIES`` most recently used; an API worker reads them all before it takes requests (:func:`preload`).

The file lives in the user data folder (``$NHS_LEAGUE_HOME/release-cache/``), never in the repository. It holds
pickles written by this code: anyone who can write that folder can run code as the user, as with the index.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import json
import logging
import os
import pickle
import sqlite3
import sys
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from nhs_league.settings import EMBEDDED_STORE, REPO_ROOT, SCORING_DIR, frameworks_dir, user_data_dir
from scoring.store import Store

if TYPE_CHECKING:
    from scoring.explain.explanation import Explanation
    from scoring.explain.published_position import PublishedExplanation

FORMAT = 1                    # bump when the file's layout or an entry's form changes
FOLDER = "release-cache"
KEEP_FILES = 4                # caches for other data or code kept beside the live one (other checkouts)
MEMORY_ENTRIES = 256          # unpickled entries kept per process and store
AUDIENCES = ("public", "staff", "press")
SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".csv", ".md")
SOURCE_ROOTS = (SCORING_DIR, REPO_ROOT / "nhs_league")   # the code and rules behind every explanation
QUARTER_RESULT, EXPLANATION, NEXT_SEGMENT, DIGEST = "quarter_result", "explanation", "next_segment", "digest"
TABLE_VALUE = "table_value"   # a value worked out per table from a quarter's results (each trust's likely ranges)
ALL_TABLES = ""               # the subject of a digest of every table in the quarter

log = logging.getLogger(__name__)
_bypass = threading.local()
_origins: dict[int, tuple[object, Store, str]] = {}   # id(result) → (result, store, quarter) for results read here
_code_versions: dict[str, str] = {}
_lock = threading.Lock()


# ---------------------------------------------------------------- keys
def data_hash(store: Store) -> str:
    """A hash of everything in the store that an answer can read (computed once per store, ~20 ms)."""
    def build() -> str:
        import pandas as pd

        digest = hashlib.sha256()
        for name, frame in (("trusts", store.trusts), ("metrics", store.metrics), ("league", store.league)):
            digest.update(json.dumps([name, [str(c) for c in frame.columns],
                                      [str(t) for t in frame.dtypes]]).encode())
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        manifest = {k: v for k, v in store.manifest.items() if k != "imported_at"}
        digest.update(json.dumps(manifest, sort_keys=True, default=str).encode())
        digest.update(repr(store.revisions).encode())
        return digest.hexdigest()

    return store.derived("release cache: data hash", build)


def code_version() -> str:
    """A hash of the code and rules that produce explanations (once per process and frameworks folder, a few ms)."""
    frameworks = frameworks_dir()
    key = str(frameworks)
    if key not in _code_versions:
        import numpy
        import pandas

        digest = hashlib.sha256(f"format {FORMAT}; python {sys.version}; numpy {numpy.__version__}; "
                                f"pandas {pandas.__version__}".encode())
        roots = list(SOURCE_ROOTS)
        if not any(frameworks == root or root in frameworks.parents for root in roots):
            roots.append(frameworks)  # moved by NHS_LEAGUE_FRAMEWORKS_DIR
        for number, root in enumerate(roots):
            for path in sorted(root.rglob("*")):
                if (path.suffix in SOURCE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts
                        and EMBEDDED_STORE not in path.parents):
                    digest.update(f"{number}:{path.relative_to(root).as_posix()}".encode() + b"\0")
                    digest.update(path.read_bytes() + b"\0")
        _code_versions[key] = digest.hexdigest()
    return _code_versions[key]


def cache_folder() -> Path:
    return user_data_dir() / FOLDER


def cache_path(store: Store) -> Path:
    """Where the cache for this store's data and this code lives (whether or not it exists yet)."""
    return cache_folder() / f"{data_hash(store)[:16]}-{code_version()[:16]}.sqlite"


# ---------------------------------------------------------------- reading
class _Reader:
    """One open cache file: entries unpickled on first use and kept while recently used."""

    def __init__(self, path: Path, connection: sqlite3.Connection, meta: dict[str, str]) -> None:
        self.path, self.connection, self.meta = path, connection, meta
        self.memory: OrderedDict[tuple[str, str, str], object] = OrderedDict()
        self.limit: int | None = MEMORY_ENTRIES   # None once everything is loaded (``preload``)
        self.lock = threading.Lock()
        self.failed: set[tuple[str, str, str]] = set()

    def preload(self) -> int:
        """Unpickle every entry now and keep them all (a server worker, before it takes requests)."""
        with self.lock:
            rows = self.connection.execute("SELECT kind, quarter, subject, value FROM entries").fetchall()
        for kind, quarter, subject, blob in rows:
            key = (kind, quarter, subject)
            try:
                value = _unpack(blob)
            except Exception as error:  # noqa: BLE001 - as in ``get``: that entry is computed when asked
                log.warning("release cache %s: entry %s unreadable (%s: %s); computing it instead",
                            self.path, key, type(error).__name__, error)
                with self.lock:
                    self.failed.add(key)
                continue
            with self.lock:
                self.memory[key] = value
        with self.lock:
            self.limit = None
        return len(rows)

    def get(self, kind: str, quarter: str, subject: str) -> object | None:
        key = (kind, quarter, subject)
        with self.lock:
            if key in self.memory:
                self.memory.move_to_end(key)
                return self.memory[key]
            if key in self.failed:
                return None
            try:
                row = self.connection.execute("SELECT value FROM entries WHERE kind = ? AND quarter = ? AND "
                                              "subject = ?", key).fetchone()
                value = None if row is None else _unpack(row[0])
            except Exception as error:  # noqa: BLE001 - a damaged entry: compute instead, and say so in the log
                self.failed.add(key)
                log.warning("release cache %s: entry %s unreadable (%s: %s); computing it instead",
                            self.path, key, type(error).__name__, error)
                return None
            if value is not None:
                self.memory[key] = value
                if self.limit is not None and len(self.memory) > self.limit:
                    self.memory.popitem(last=False)
            return value


def _open(path: Path, store: Store) -> _Reader | None:
    if not path.is_file():
        log.info("release cache: none at %s for this data and code; answers are computed as asked "
                 "(`nhs-league cache` builds it)", path)
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error as error:
        log.warning("release cache %s is unreadable (%s); answers are computed as asked until it is rebuilt "
                    "(`nhs-league cache --rebuild`)", path, error)
        return None
    expected = {"format": str(FORMAT), "data_hash": data_hash(store), "code_version": code_version()}
    wrong = [k for k, v in expected.items() if meta.get(k) != v]
    if wrong:
        connection.close()
        log.warning("release cache %s does not match this data and code (%s); answers are computed as asked",
                    path, ", ".join(wrong))
        return None
    return _Reader(path, connection, meta)


def _reader(store: Store) -> _Reader | None:
    path = cache_path(store)
    key = ("release cache", str(path))
    if key not in store.memo:
        with _lock:
            store.derived(key, lambda: _open(path, store))
    return store.memo[key]


def _get(store: Store, kind: str, quarter: str, subject: str) -> object | None:
    if getattr(_bypass, "on", False):
        return None
    reader = _get_reader(store)
    return reader.get(kind, quarter, subject) if reader is not None else None


def _get_reader(store: Store) -> _Reader | None:
    try:
        return _reader(store)
    except Exception as error:  # noqa: BLE001 - e.g. an unreadable home folder: compute instead
        log.warning("release cache unavailable (%s: %s); answers are computed as asked", type(error).__name__, error)
        return None


def open_for(store: Store) -> bool:
    """Open this store's cache now (once per process; each server worker calls it at start): True when ready."""
    return _get_reader(store) is not None


def preload(store: Store) -> int:
    """Read every entry of this store's cache into memory now (about 2 s and 110 MB for four quarters): what an
    API worker does before taking requests, so no answer waits to unpickle. The number of entries (0: no cache)."""
    reader = _get_reader(store)
    return reader.preload() if reader is not None else 0


@contextmanager
def bypassed() -> Iterator[None]:
    """Compute everything in this thread as if there were no cache (for building it, and for tests)."""
    before = getattr(_bypass, "on", False)
    _bypass.on = True
    try:
        yield
    finally:
        _bypass.on = before


def explanation(store: Store, code: str, quarter: str, audience: str):
    """The stored ``explain(store, code, quarter, audience)`` (default options), or None."""
    payload = _get(store, EXPLANATION, quarter, code)
    if payload is None:
        return None
    form, value = cast(tuple[str, Any], payload)
    if form == "retold":
        base, texts = value
        return dataclasses.replace(base, audience=audience, text=texts[audience], facts=list(base.facts))
    return _copy(value[audience])


def quarter_result(store: Store, quarter: str):
    """The stored ``score_quarter(store, quarter)`` (the engine's results; read-only, shared), or None."""
    result = _get(store, QUARTER_RESULT, quarter, "")
    if result is not None:
        if len(_origins) > 64:
            _origins.clear()
        _origins[id(result)] = (result, store, quarter)
    return result


def table_value(result: object, table: str, name: str) -> object | None:
    """A value worked out for one table from a quarter result that came from the cache (e.g. the likely ranges:
    ``scoring.explain.uncertainty.TABLE_VALUES``), or None."""
    origin = _origins.get(id(result))
    if origin is None or origin[0] is not result:
        return None
    _, store, quarter = origin
    return _get(store, TABLE_VALUE, quarter, f"{table}:{name}")


def next_segment(store: Store, code: str, quarter: str):
    """The stored verified ``what_it_would_take(store, code, quarter)`` (default options), or None."""
    return _copy(_get(store, NEXT_SEGMENT, quarter, code))


def digest(store: Store, quarter: str, table: str | None):
    """The stored ``digest(store, quarter, table)`` (``table`` None: every table), or None."""
    return _copy(_get(store, DIGEST, quarter, table or ALL_TABLES))


def _copy(value):
    if value is None:
        return None
    out = copy.copy(value)
    if isinstance(getattr(out, "facts", None), list):
        out.facts = list(out.facts)
    return out


# ---------------------------------------------------------------- building
@dataclass
class BuildReport:
    path: Path
    seconds: float
    size_bytes: int
    entries: dict[str, int]
    workers: int
    failures: list[str] = field(default_factory=list)   # entries that could not be computed (computed when asked)

    def line(self) -> str:
        counts = ", ".join(f"{n:,} {kind.replace('_', ' ')}s" for kind, n in self.entries.items())
        return (f"Release cache built in {self.seconds:.0f} s on {self.workers} process(es): {counts}; "
                f"{self.size_bytes / 1e6:.1f} MB at {self.path}.")


Task = tuple[str, str, str]   # (kind, quarter, subject)
_build_store: Store | None = None


def tasks(store: Store) -> list[Task]:
    """Everything the cache holds for this store: each trust in each quarter it appears in, and each digest."""
    from scoring.frameworks import is_recomputed

    metrics = store.metrics
    out: list[Task] = []
    for quarter in store.quarters:
        codes = sorted(set(metrics.loc[metrics["quarter"] == quarter, "trust_code"]))
        recomputed = is_recomputed(quarter)  # a published-only quarter has no engine results and no digest
        out += [(QUARTER_RESULT, quarter, "")] if recomputed else []
        out += [(EXPLANATION, quarter, code) for code in codes]
        out += [(DIGEST, quarter, table) for table in [ALL_TABLES, *store.tables_in(quarter)]] if recomputed else []
    return out


def compute(store: Store, task: Task) -> list[tuple[str, str, str, bytes]]:
    """The entries for one task, pickled and compressed (an explanation task also yields its next segment)."""
    from scoring.explain.digest import digest as make_digest
    from scoring.explain.explanation import explain
    from scoring.explain.next_segment import what_it_would_take
    from scoring.explain.quarter_results import base_result

    kind, quarter, subject = task
    with bypassed():
        if kind == QUARTER_RESULT:
            from scoring.explain.uncertainty import table_values

            result = base_result(store, quarter)
            return [(QUARTER_RESULT, quarter, subject, _pack(result))] + [
                (TABLE_VALUE, quarter, f"{table}:{name}", _pack(value))
                for table in result.tables_present for name, value in table_values(result, table).items()]
        if kind == DIGEST:
            return [(DIGEST, quarter, subject, _pack(make_digest(store, quarter, subject or None)))]
        public = explain(store, subject, quarter, "public")
        entries = [(EXPLANATION, quarter, subject, _pack(_registers(store, public, subject, quarter)))]
        if getattr(public, "next_segment", None) is not None:  # a recomputed quarter: what it would take, verified
            entries.append((NEXT_SEGMENT, quarter, subject, _pack(what_it_would_take(store, subject, quarter))))
    return entries


def _registers(store: Store, public: Explanation | PublishedExplanation, code: str, quarter: str
               ) -> tuple[str, object]:
    """An explanation in all three registers: once with the other registers' texts where ``retell`` gives them
    (the facts do not depend on the register), else each register in full."""
    from scoring.explain.explanation import explain

    if dataclasses.is_dataclass(public) and hasattr(public, "retell"):
        return "retold", (public, {a: public.text if a == public.audience else public.retell(a) for a in AUDIENCES})
    return "full", {a: public if a == "public" else explain(store, code, quarter, a) for a in AUDIENCES}


def _pack(value: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return zlib.compress(buffer.getvalue(), 6)


def _unpack(blob: bytes) -> object:
    return _Unpickler(io.BytesIO(zlib.decompress(blob))).load()


class _Pickler(pickle.Pickler):
    """Framework years (rules, catalogue, wording) are stored by their year and read from this code's files."""

    def __init__(self, *args, **kwargs) -> None:
        from scoring.frameworks.framework import Framework

        super().__init__(*args, **kwargs)
        self.framework_type = Framework

    def persistent_id(self, obj: object) -> tuple[str, str] | None:
        return ("framework", obj.year) if isinstance(obj, self.framework_type) else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: tuple[str, str]) -> object:
        from scoring.frameworks import framework_of_year

        kind, year = pid
        framework = framework_of_year(year) if kind == "framework" else None
        if framework is None:
            raise pickle.UnpicklingError(f"no framework {year!r} in this code")
        return framework


def _compute_in_worker(task: Task) -> tuple[Task, list[tuple[str, str, str, bytes]], str | None]:
    from nhs_league.errors import LeagueError

    assert _build_store is not None
    try:
        return task, compute(_build_store, task), None
    except LeagueError:  # e.g. a trust whose table the quarter lacks: asking raises the same error, as before
        return task, [], None
    except Exception as error:  # noqa: BLE001 - one entry that cannot be computed is left out (computed when asked)
        return task, [], f"{task[0]} {task[1]} {task[2]}: {type(error).__name__}: {error}"


def _results(store: Store, work: list[Task], workers: int) -> Iterator[tuple[Task, list, str | None]]:
    global _build_store
    _build_store = store
    try:
        if workers <= 1:
            yield from map(_compute_in_worker, work)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: the workers share the parent's loaded store and code; each computes its own engine results
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_compute_in_worker, work, chunksize=1)
    finally:
        _build_store = None


def default_workers() -> int:
    import multiprocessing

    forking = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return max(1, os.cpu_count() or 1) if forking else 1


def build(store: Store, *, workers: int | None = None, path: Path | None = None, only: list[Task] | None = None,
          progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Compute every entry for ``store`` (or ``only`` these tasks) and swap the file in atomically (see the module
    docstring). ``workers``: processes (default: one per core where processes can fork, else 1)."""
    started = time.perf_counter()
    target = Path(path) if path is not None else cache_path(store)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = tasks(store) if only is None else list(only)
    workers = max(1, min(workers or default_workers(), len(work) or 1))
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    staging.unlink(missing_ok=True)
    counts: dict[str, int] = {QUARTER_RESULT: 0, TABLE_VALUE: 0, EXPLANATION: 0, NEXT_SEGMENT: 0, DIGEST: 0}
    failures: list[str] = []
    connection = sqlite3.connect(staging)
    try:
        with connection:
            connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            connection.execute("CREATE TABLE entries (kind TEXT NOT NULL, quarter TEXT NOT NULL, subject TEXT NOT "
                               "NULL, value BLOB NOT NULL, PRIMARY KEY (kind, quarter, subject)) WITHOUT ROWID")
            for done, (_, entries, failure) in enumerate(_results(store, work, workers), 1):
                connection.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", entries)
                for kind, *_ in entries:
                    counts[kind] += 1
                if failure:
                    failures.append(failure)
                if progress is not None:
                    progress(done, len(work))
            seconds = time.perf_counter() - started
            meta = {"format": str(FORMAT), "data_hash": data_hash(store), "code_version": code_version(),
                    "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "build_seconds": f"{seconds:.1f}", "workers": str(workers), "entries": json.dumps(counts),
                    "failures": json.dumps(failures[:20])}
            connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.close()
        os.replace(staging, target)
    finally:
        connection.close()
        staging.unlink(missing_ok=True)
    store.memo.pop(("release cache", str(target)), None)  # this process reads the new file from now on
    _tidy(target)
    if failures:
        log.warning("release cache: %d entries could not be computed (they are computed when asked); first: %s",
                    len(failures), failures[0])
    return BuildReport(target, round(time.perf_counter() - started, 1), target.stat().st_size, counts, workers,
                       failures)


def _tidy(live: Path) -> None:
    """Keep the newest few caches (other checkouts may use them); drop leftovers of builds that were killed."""
    folder = live.parent
    others = sorted((p for p in folder.glob("*.sqlite") if p != live), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEEP_FILES - 1:]:
        old.unlink(missing_ok=True)
    for leftover in folder.glob(".*.tmp-*"):
        if time.time() - leftover.stat().st_mtime > 3600:
            leftover.unlink(missing_ok=True)


# ---------------------------------------------------------------- status
@dataclass(frozen=True)
class Status:
    path: Path
    ready: bool
    reason: str                 # "ready", "missing" or what is wrong
    size_bytes: int = 0
    built_at: str = ""
    build_seconds: float | None = None
    entries: dict = field(default_factory=dict)

    def line(self) -> str:
        if not self.ready:
            return f"Release cache {self.reason}: {self.path}."
        counts = ", ".join(f"{n:,} {kind.replace('_', ' ')}s" for kind, n in self.entries.items())
        return (f"Release cache ready: {counts}; {self.size_bytes / 1e6:.1f} MB, built {self.built_at} in "
                f"{self.build_seconds:.0f} s, at {self.path}.")


def status(store: Store) -> Status:
    """Whether this store's cache exists and matches this data and code (reads only its header)."""
    path = cache_path(store)
    if not path.is_file():
        return Status(path, False, "missing")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        finally:
            connection.close()
    except sqlite3.Error as error:
        return Status(path, False, f"unreadable ({error})")
    if (meta.get("format"), meta.get("data_hash"), meta.get("code_version")) != (str(FORMAT), data_hash(store),
                                                                                  code_version()):
        return Status(path, False, "for other data or code")
    return Status(path, True, "ready", path.stat().st_size, meta.get("built_at", ""),
                  float(meta.get("build_seconds", "nan")), json.loads(meta.get("entries", "{}")))


def ensure(store: Store, *, workers: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> BuildReport | None:
    """Build the cache if it is missing or stale; None when it is ready already."""
    return None if status(store).ready else build(store, workers=workers, progress=progress)
