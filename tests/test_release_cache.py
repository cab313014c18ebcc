"""The release cache (``scoring.explain.release_cache``): what it hands back is exactly what the engine computes.

A sample cache is built in a throw-away ``NHS_LEAGUE_HOME`` (the best, middle and last trust of every table in
every quarter, plus a digest); each cached explanation, in all three registers, must equal a fresh computation
field by field (and so must every fact and its source), as must "what it would take" and the digest. A missing,
stale, damaged or half-written cache never changes an answer. The figures themselves are checked against NHS
England's published files elsewhere (``test_scoring_golden``, ``test_explain_core``): this file checks only that
the cache is transparent.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import math
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.explain import digest, explain, release_cache, what_it_would_take
from scoring.explain.facts import FactBook
from scoring.engine import score_quarter
from scoring.explain.quarter_results import base_result
from scoring.explain.release_cache import DIGEST, EXPLANATION, QUARTER_RESULT
from scoring.explain.uncertainty import likely_ranges

AUDIENCES = ("public", "staff", "press")


def differences(a: object, b: object, path: str = "") -> list[str]:
    """Where two results differ, field by field (NaN equals NaN; compare=False fields are compared too)."""
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} vs {type(b).__name__}"]
    if isinstance(a, FactBook):
        return differences(a.facts, b.facts, f"{path}.facts")
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return [d for f in dataclasses.fields(a)
                for d in differences(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")]
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    if isinstance(a, dict):
        if list(a) != list(b):
            return [f"{path}: keys {list(a)} vs {list(b)}"]
        return [d for k in a for d in differences(a[k], b[k], f"{path}[{k!r}]")]
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return []
    if isinstance(a, pd.DataFrame):
        return [] if a.equals(b) and list(a.dtypes) == list(b.dtypes) else [f"{path}: frames differ"]
    if isinstance(a, np.ndarray):
        return [] if np.array_equal(a, b, equal_nan=a.dtype.kind == "f") else [f"{path}: arrays differ"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def sample(store) -> list[tuple[str, str, str]]:
    """Each quarter's engine results, the best, middle and last trust of every table in every quarter, and each
    quarter's all-table digest."""
    work = []
    for quarter in store.quarters:
        work.append((QUARTER_RESULT, quarter, ""))
        for table in store.tables_in(quarter):
            ranked = base_result(store, quarter).table(table).sort_values(["rank", "trust_code"])["trust_code"]
            codes = list(dict.fromkeys([ranked.iloc[0], ranked.iloc[len(ranked) // 2], ranked.iloc[-1]]))
            work += [(EXPLANATION, quarter, code) for code in codes]
        work.append((DIGEST, quarter, release_cache.ALL_TABLES))
    return work


@pytest.fixture(scope="module")
def built(store, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NHS_LEAGUE_HOME", str(tmp_path_factory.mktemp("home")))
        work = sample(store)
        report = release_cache.build(store, workers=1, only=work)
        yield report, work


def test_cached_explanations_equal_fresh_ones_in_every_table_quarter_and_register(store, built):
    report, work = built
    assert report.failures == [] and report.entries[EXPLANATION] == sum(k == EXPLANATION for k, _, _ in work)
    tables = set()
    for kind, quarter, code in work:
        if kind != EXPLANATION:
            continue
        for audience in AUDIENCES:
            cached = release_cache.explanation(store, code, quarter, audience)
            assert cached is not None
            with release_cache.bypassed():
                fresh = explain(store, code, quarter, audience)
            assert differences(cached, fresh) == [], (code, quarter, audience)
            assert json.dumps(cached.to_dict(), default=str) == json.dumps(fresh.to_dict(), default=str)
            assert explain(store, code, quarter, audience).text == fresh.text  # explain() itself reads the cache
        tables.add((quarter, str(store.trust(code)["table"])))
    assert tables == {(q, t) for q in store.quarters for t in store.tables_in(q)}  # every table in every quarter


def test_cached_engine_results_what_it_would_take_and_digests_equal_fresh_ones(store, built):
    _, work = built
    for kind, quarter, subject in work:
        if kind == QUARTER_RESULT:
            cached, fresh_call = release_cache.quarter_result(store, quarter), functools.partial(score_quarter, store, quarter)
        elif kind == DIGEST:
            cached, fresh_call = release_cache.digest(store, quarter, None), functools.partial(digest, store, quarter)
        elif subject == work[1][2]:  # one verified search is enough here (each is several engine runs)
            cached, fresh_call = (release_cache.next_segment(store, subject, quarter),
                                  functools.partial(what_it_would_take, store, subject, quarter))
        else:
            continue
        with release_cache.bypassed():
            fresh = fresh_call()
        assert cached is not None and differences(cached, fresh) == [], (kind, quarter, subject)
        if kind == QUARTER_RESULT:  # each table's likely ranges, read through the cached result
            for table in store.tables_in(quarter):
                with release_cache.bypassed():
                    expected = likely_ranges(fresh, table, store.league)
                assert release_cache.table_value(cached, table, "estimate") is not None
                assert differences(likely_ranges(cached, table, store.league), expected) == [], (quarter, table)


def test_a_cached_result_is_a_copy_the_caller_may_change(store, built):
    _, work = built
    _, quarter, code = work[1]
    first = explain(store, code, quarter)
    first.text, first.facts = "changed", []
    again = explain(store, code, quarter)
    assert again.text != "changed" and again.facts


def test_preload_reads_every_entry_once_and_keeps_them(store, built):
    report, work = built
    assert release_cache.preload(store) == sum(report.entries.values())
    reader = release_cache._reader(store)
    assert reader is not None and reader.limit is None and len(reader.memory) == sum(report.entries.values())
    _, quarter, code = work[1]
    with release_cache.bypassed():
        fresh = explain(store, code, quarter, "press")
    assert differences(explain(store, code, quarter, "press"), fresh) == []


def test_no_cache_changes_nothing_and_is_logged(store, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("NHS_LEAGUE_HOME", str(tmp_path))
    caplog.set_level(logging.INFO, logger=release_cache.__name__)
    code, quarter = "RAX", store.quarters_of("acute")[-1]
    assert release_cache.explanation(store, code, quarter, "public") is None
    assert "none at" in caplog.text and not release_cache.status(store).ready
    with release_cache.bypassed():
        assert differences(explain(store, code, quarter), explain(store, code, quarter)) == []


def test_a_damaged_file_or_entry_is_computed_instead_and_logged(store, built, tmp_path, monkeypatch, caplog):
    report, work = built
    _, quarter, code = work[1]
    with release_cache.bypassed():
        fresh = explain(store, code, quarter, "staff")
    damaged = tmp_path / "entry" / release_cache.FOLDER / report.path.name
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(report.path.read_bytes())
    with sqlite3.connect(damaged) as connection:
        connection.execute("UPDATE entries SET value = ? WHERE subject = ?", (b"not a pickle", code))
    connection.close()
    monkeypatch.setenv("NHS_LEAGUE_HOME", str(tmp_path / "entry"))
    with caplog.at_level(logging.WARNING, logger=release_cache.__name__):
        assert differences(explain(store, code, quarter, "staff"), fresh) == []
    assert "unreadable" in caplog.text
    garbage = tmp_path / "file" / release_cache.FOLDER / report.path.name
    garbage.parent.mkdir(parents=True)
    garbage.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("NHS_LEAGUE_HOME", str(tmp_path / "file"))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=release_cache.__name__):
        assert differences(explain(store, code, quarter, "staff"), fresh) == []
    assert "unreadable" in caplog.text and "unreadable" in release_cache.status(store).reason


def test_new_data_or_new_code_means_another_cache(store, built, monkeypatch):
    report, work = built
    _, quarter, code = work[1]
    changed = dataclasses.replace(store, metrics=store.metrics.assign(
        value=store.metrics["value"].where(store.metrics["trust_code"] != code, store.metrics["value"] + 1)))
    assert release_cache.data_hash(changed) != release_cache.data_hash(store)
    assert release_cache.explanation(changed, code, quarter, "public") is None
    monkeypatch.setattr(release_cache, "code_version", lambda: "another version of the code")
    assert release_cache.cache_path(store) != report.path and not release_cache.status(store).ready
    assert release_cache.explanation(store, code, quarter, "public") is None


def test_the_code_version_follows_the_source_files(tmp_path, monkeypatch):
    source = tmp_path / "scoring" / "explain" / "text.py"
    source.parent.mkdir(parents=True)
    source.write_text("WORDS = 'before'\n")
    monkeypatch.setattr(release_cache, "SOURCE_ROOTS", (tmp_path / "scoring",))
    monkeypatch.setattr(release_cache, "_code_versions", {})
    before = release_cache.code_version()
    source.write_text("WORDS = 'after'\n")
    monkeypatch.setattr(release_cache, "_code_versions", {})
    assert release_cache.code_version() != before


def test_an_interrupted_build_leaves_the_live_cache_alone(store, built, tmp_path, monkeypatch):
    report, work = built
    live = tmp_path / "live.sqlite"
    live.write_bytes(report.path.read_bytes())

    def interrupted(store, task):
        raise KeyboardInterrupt

    monkeypatch.setattr(release_cache, "compute", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release_cache.build(store, workers=1, path=live, only=work[:2])
    assert live.read_bytes() == report.path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["live.sqlite"]


def test_the_cache_command_builds_on_every_core_then_says_it_is_ready(tmp_path):
    data = str(Path(__file__).parent / "fixtures" / "made_up_2026_27")  # one quarter, seven trusts

    def cache(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "nhs_league.cli", "cache", "--data", data, *args],
                              capture_output=True, text=True, env={**os.environ, "NHS_LEAGUE_HOME": str(tmp_path)}, check=False)

    missing = cache("--check")
    assert missing.returncode == 1 and missing.stdout.startswith("Release cache missing")
    built = cache("--json", "--workers", "2")
    report = json.loads(built.stdout)
    assert built.returncode == 0 and report["workers"] == 2 and report["failures"] == []
    assert report["entries"]["explanation"] == 7 and Path(report["path"]).is_file()
    ready = cache()
    assert ready.returncode == 0 and ready.stdout.startswith("Release cache ready: 0 quarter results, 0 table values, "
                                                             "7 explanations")
    assert "Traceback" not in built.stderr + ready.stderr


def test_importing_the_module_does_no_work():
    code = "import scoring.explain.release_cache as c; print(c._code_versions, c._build_store)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "{} None"
