"""Bad data files: every malformed CSV fails as one ``DataFileError`` line (file, row, column, what to do),
the CLI exits non-zero with that line and no traceback, and ``import`` never leaves a half-written store."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nhs_league.errors import DataFileError
from nhs_league.settings import REPO_ROOT
from scoring.loader import LEAGUE_COLUMNS, METRIC_COLUMNS, REFERENCE_COLUMNS, read_published_file
from scoring.store import load_folder, read_store, write_store

HEADER = ",".join(METRIC_COLUMNS)
ROW = ("London,Acute trust,Acute - Medium,RAX,Kingston and Richmond NHS Foundation Trust,Access to services,"
       "Urgent and emergency care,OF0013,A&E four hours,Q1 2025,percent,77.0,76.0,72.0,80.0,51.0")
ROW2 = ("London,Acute trust,Acute - Large,RJ1,Guy's and St Thomas' NHS Foundation Trust,Access to services,"
        "Urgent and emergency care,OF0013,A&E four hours,Q1 2025,percent,71.5,76.0,72.0,80.0,90.0")
SUMMARY = ("London,Acute trust,Acute - Medium,RAX,Kingston and Richmond NHS Foundation Trust,Summary,Summary,"
           "OF5002,Average metric score,Q1 2025/26,score,1.77,,,,13.0")
GOOD = "\n".join([HEADER, ROW, ROW2, SUMMARY]) + "\n"
LEAGUE = ("Quarter," + ",".join(LEAGUE_COLUMNS) + "\n"
          "Q1 2025/26,London,Acute trust,Acute - Medium,RAX,Kingston and Richmond NHS Foundation Trust,1.77,"
          "1.5 to 2.0,2,No,13,10 to 20\n")
REFERENCE = (",".join(REFERENCE_COLUMNS) + "\nRAX,Kingston and Richmond NHS Foundation Trust,Acute trust,"
             "Acute - Medium,London\n")
ODS = ('"RAX","KINGSTON AND RICHMOND NHS FOUNDATION TRUST","Y56","QWE","GALSWORTHY ROAD","","","KINGSTON UPON '
       'THAMES","","KT2 7QB","19920401"' + ',""' * 16 + "\n")
SAMPLES = {"metrics": GOOD, "league": LEAGUE, "reference": REFERENCE, "ods": ODS}

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(data: bytes, name: str = "data.csv"):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read_published_file(path)


def _assert_one_clear_line(error: DataFileError, name: str = "data.csv") -> None:
    message = str(error)
    assert message.startswith(name), message
    assert "\n" not in message and "\r" not in message, message
    assert "; " in message and message.endswith("."), message  # the problem, then what to do
    assert error.fix and error.problem


def _load_or_refuse(data: bytes, name: str = "data.csv") -> None:
    """The only acceptable outcomes: the file reads, or one clear DataFileError line."""
    try:
        _read(data, name)
    except DataFileError as error:
        _assert_one_clear_line(error, name)


# ---------------------------------------------------------------- named cases: each bad file, its one line
CASES = {
    "truncated mid-row": (GOOD[: GOOD.index(ROW2) + 40].encode(), "row 3: has 5 fields where the header has 16"),
    "truncated inside a quote": ((HEADER + "\n" + ROW + '\n"London,Acute').encode(), "row 3: has 1 fields"),
    "missing column": (GOOD.replace(",Units", "", 1).encode(), "row 1: lacks the column(s) Units"),
    "renamed column": (GOOD.replace("Metric_ID", "Metric ID", 1).encode(), "is not an NHS Oversight Framework"),
    "renamed numeric column": (GOOD.replace(",Value,", ",Val,", 1).encode(), "lacks the column(s) Value"),
    "repeated column": (GOOD.replace("\n", ",1\n").replace("Rank,1", "Rank,Value", 1).encode(),
                        "row 1: has the column(s) Value more than once"),
    "latin-1": (GOOD.replace("Kingston", "K\xf6ingston").encode("latin-1"), "row 2: is not UTF-8 text"),
    "utf-16 with BOM": (GOOD.encode("utf-16"), "is encoded as UTF-16"),
    "utf-16-le without BOM": (GOOD.encode("utf-16-le"), "is encoded as UTF-16"),
    "utf-16-be without BOM": (GOOD.encode("utf-16-be"), "is encoded as UTF-16"),
    "non-numeric value": (GOOD.replace(",77.0,", ",n/a,").encode(), "row 2, column 'Value': 'n/a' is not a number"),
    "infinite value": (GOOD.replace(",77.0,", ",1e999,").encode(), "column 'Value': '1e999' is not a finite"),
    "duplicate rows": ("\n".join([HEADER, ROW, ROW2, ROW, SUMMARY]).encode(), "row 4: repeats OF0013 for RAX"),
    "empty": (b"", "is empty"),
    "header only": ((HEADER + "\r\n").encode(), "has a header row but no data rows"),
    "blank lines only": (b"\r\n\r\n,,,\r\n", "has no rows"),
    "binary (PNG)": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text file"),
    "binary (zip)": (b"PK\x03\x04\x14\x06\x08" + random.Random(0).randbytes(256).replace(b"\x00", b"\x01"),
                     "is not UTF-8 text"),
    "field larger than csv allows": ((HEADER + '\n"' + "x" * 200_000 + '"\n').encode(), "is not valid CSV"),
    "unknown trust type": (GOOD.replace("Acute trust", "Dental practice", 1).encode(), "column 'Trust_type'"),
    "league file, unknown trust type": (LEAGUE.replace("Acute trust", "Care home").encode(), "column 'Trust_type'"),
    "league file, bad quarter": (LEAGUE.replace("Q1 2025/26", "2025 Q1").encode(), "column 'Quarter'"),
    "league file, text segment": (LEAGUE.replace(",2,No,", ",two,No,").encode(), "column 'Segment'"),
    "ODS extract, short row": ((ODS + '"RJ1","GUYS"\n').encode(), "row 2: has 2 fields where an ODS extract"),
    "reference, unknown type": (REFERENCE.replace("Acute trust", "Vet").encode(), "column 'nof_trust_type'"),
}


@pytest.mark.parametrize("data,message", CASES.values(), ids=CASES.keys())
def test_each_bad_file_fails_with_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        _read(data)
    assert message in str(raised.value)
    _assert_one_clear_line(raised.value)


def test_excel_style_csv_reads_the_same_as_the_published_one() -> None:
    """CRLF, a BOM, every cell quoted, thousands separators and trailing blank rows are Excel's, not errors."""
    rows = list(csv.reader(io.StringIO(GOOD)))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows + [[""] * 16, [""] * 16])
    excel = ("\ufeff" + out.getvalue().replace('"77.0"', '"1,077.0"')).encode("utf-8")
    file = _read(excel)
    assert file.kind == "metrics"
    assert file.frame["Value"].tolist()[:2] == [1077.0, 71.5]
    assert file.frame["Trust_code"].tolist() == ["RAX", "RJ1", "RAX"]


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no disk space, and is never read
    with pytest.raises(DataFileError, match=r"huge.csv: is 200 MB, far larger than any NOF file"):
        read_published_file(path)


def test_a_folder_named_like_a_csv_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "odd.csv").mkdir()
    with pytest.raises(DataFileError, match=r"odd.csv: cannot be read"):
        read_published_file(tmp_path / "odd.csv")


# ---------------------------------------------------------------- fuzzing: nothing but DataFileError escapes
def _mutate(text: str, data: st.DataObject) -> bytes:
    """One of the ways a published file gets damaged between NHS England and our importer."""
    lines = text.splitlines()
    kind = data.draw(st.sampled_from([
        "truncate", "drop_column", "rename_column", "cell", "duplicate", "encoding", "excel", "insert_bytes",
        "shuffle_header", "swap_delimiter"]))
    if kind == "truncate":
        return text.encode()[: data.draw(st.integers(0, len(text.encode())))]
    if kind in ("drop_column", "rename_column", "shuffle_header"):
        header = lines[0].split(",")
        i = data.draw(st.integers(0, len(header) - 1))
        if kind == "drop_column":
            header.pop(i)
        elif kind == "rename_column":
            header[i] = data.draw(st.text(max_size=12))
        else:
            header = data.draw(st.permutations(header))
        return "\n".join([",".join(header)] + lines[1:]).encode()
    if kind == "cell":
        r = data.draw(st.integers(1, len(lines) - 1)) if len(lines) > 1 else 0
        cells = next(csv.reader([lines[r]]))
        c = data.draw(st.integers(0, len(cells) - 1))
        cells[c] = data.draw(st.one_of(st.text(max_size=20), st.sampled_from(
            ["", "nan", "inf", "-", "*", "1,234.5", "1.2.3", "1e308", "9" * 400, "N/A", "Q9 2025/26", " "])))
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        lines[r] = out.getvalue()
        return "\n".join(lines).encode()
    if kind == "duplicate":
        r = data.draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[: r + 1] + [lines[r]] + lines[r + 1:]).encode()
    if kind == "encoding":
        encoding = data.draw(st.sampled_from(["latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252"]))
        return text.replace("Kingston", "Kingst\xf6n").encode(encoding)
    if kind == "excel":
        blank = "," * (len(lines[0].split(",")) - 1)
        return ("\ufeff" + "\r\n".join(lines + [blank] * data.draw(st.integers(0, 3)))).encode()
    if kind == "swap_delimiter":
        return text.replace(",", data.draw(st.sampled_from([";", "\t", "|"]))).encode()
    raw = bytearray(text.encode())
    position = data.draw(st.integers(0, len(raw)))
    raw[position:position] = data.draw(st.binary(min_size=1, max_size=16))
    return bytes(raw)


@FUZZ
@given(kind=st.sampled_from(sorted(SAMPLES)), data=st.data())
def test_fuzzed_files_read_or_fail_with_one_clear_line(kind: str, data: st.DataObject) -> None:
    _load_or_refuse(_mutate(SAMPLES[kind], data))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_read_or_fail_with_one_clear_line(blob: bytes) -> None:
    _load_or_refuse(blob)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["league", "reference", "ods"]), data=st.data())
def test_a_fuzzed_companion_file_never_crashes_building_the_store(kind: str, data: st.DataObject) -> None:
    """The store joins every file it reads; a damaged league, reference or ODS file must not break the join."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "metrics.csv").write_text(GOOD, encoding="utf-8")
        Path(folder, f"{kind}.csv").write_bytes(_mutate(SAMPLES[kind], data))
        try:
            store = load_folder(Path(folder))
        except DataFileError as error:
            assert "\n" not in str(error)
        else:
            assert "RAX" in set(store.trusts["trust_code"])


# ---------------------------------------------------------------- the CLI: one line on stderr, no traceback
def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NHS_LEAGUE_DEBUG": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "nhs_league.cli", *args], capture_output=True, text=True,
                          cwd=REPO_ROOT, env=environment, timeout=timeout, check=False)


CLI_CASES = ["truncated mid-row", "latin-1", "utf-16 with BOM", "non-numeric value", "binary (PNG)",
             "league file, unknown trust type"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_cli_import_and_table_print_one_line_and_exit_non_zero(case: str, tmp_path: Path) -> None:
    data, message = CASES[case]
    folder = tmp_path / "incoming"
    folder.mkdir()
    if case.startswith("league"):
        (folder / "metrics.csv").write_text(GOOD, encoding="utf-8")
    (folder / "data.csv").write_bytes(data)
    commands = [("import", str(folder), "--to", str(tmp_path / "store")), ("table", "--data", str(folder))]
    for command in commands if case in CLI_CASES[:2] else commands[:1]:
        result = _cli(*command)
        assert result.returncode == 2, (command, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: data.csv") and message in lines[0], result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "store").exists()


def test_cli_import_of_a_200_mb_file_and_of_an_empty_folder(tmp_path: Path) -> None:
    with open(tmp_path / "huge.csv", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    result = _cli("import", str(tmp_path), "--to", str(tmp_path / "store"))
    assert result.returncode == 2 and "huge.csv: is 200 MB" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "huge.csv").unlink()
    result = _cli("table", "--data", str(tmp_path))
    assert result.returncode == 2 and "holds no .csv files" in result.stderr and "download" in result.stderr


# ---------------------------------------------------------------- import never leaves a half-written store
def _rows_of(store) -> list[tuple]:
    return sorted(zip(store.metrics["trust_code"], store.metrics["metric_id"], store.metrics["value"].astype(float)))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def small_store(tmp_path: Path):
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "metrics.csv").write_text(GOOD, encoding="utf-8")
    return load_folder(folder)


@pytest.mark.parametrize("failing", ["scoring.store._write_gzip_csv", "scoring.store.read_store", "os.replace"])
def test_an_injected_failure_leaves_the_store_untouched(small_store, tmp_path: Path, monkeypatch, failing) -> None:
    target = write_store(small_store, tmp_path / "store")
    before = _snapshot(target)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(failing, fail)
    with pytest.raises(OSError):
        write_store(small_store, target)
    monkeypatch.undo()
    assert _snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published", "store"]  # no staging left behind
    assert _rows_of(read_store(target)) == _rows_of(small_store)


KILLED_IMPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import scoring.store as store_module
    from scoring.store import load_folder, write_store

    stage, source, target, ready = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    store = load_folder(source)

    def hang():
        ready.write_text("ready")
        time.sleep(60)

    if stage == "writing":
        real = store_module._write_gzip_csv
        def slow_write(frame, path):
            real(frame, path)
            if path.name.startswith("metrics"):
                hang()
        store_module._write_gzip_csv = slow_write
    else:  # between the two renames of the swap
        import os
        real_replace = os.replace
        calls = []
        def slow_replace(a, b):
            real_replace(a, b)
            calls.append(b)
            if len(calls) == 1:
                hang()
        store_module.os.replace = slow_replace
    write_store(store, target)
""")


def _kill_import_at(stage: str, small_store, tmp_path: Path) -> Path:
    target = write_store(small_store, tmp_path / "store")
    source = tmp_path / "published"
    ready = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, stage, str(source), str(target), str(ready)],
                             cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, child.communicate()[1].decode()
            assert time.monotonic() < deadline, "the import never reached the point to kill it"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    return target


def test_a_sigkilled_import_mid_write_leaves_the_store_readable_and_unchanged(small_store, tmp_path: Path) -> None:
    target = _kill_import_at("writing", small_store, tmp_path)
    before = _snapshot(target)
    # the half-written staging folder is left beside the store, but the store itself is untouched
    assert any(p.name.startswith(".store.new-") for p in tmp_path.iterdir())
    assert _rows_of(read_store(target)) == _rows_of(small_store)
    assert _snapshot(target) == before
    # and the next import succeeds
    write_store(small_store, target)
    assert _rows_of(read_store(target)) == _rows_of(small_store)


def test_a_sigkilled_import_between_the_two_renames_still_leaves_a_store(small_store, tmp_path: Path) -> None:
    """Found by these tests: the swap is two renames, and a kill between them used to leave no store at the
    target; ``read_store`` now recovers the retired copy."""
    target = _kill_import_at("swapping", small_store, tmp_path)
    assert _rows_of(read_store(target)) == _rows_of(small_store)
