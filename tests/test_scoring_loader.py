"""The loader recognises NHS England's files by their columns and rejects bad ones with one clear line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nhs_league.errors import DataFileError
from scoring.loader import read_published_file, table_of
from scoring.store import load_folder, read_store, write_store

HEADER = ("Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Domain,Sub-domain,Metric_ID,Metric_description,"
          "Reporting_date,Units,Value,Median_value,Lower_quartile,Upper_quartile,Rank")
ROW = ("London,Acute trust,Acute - Medium,RAX,Kingston and Richmond NHS Foundation Trust,Access to services,"
       "Urgent and emergency care,OF0013,A&E four hours,Q1 2025,percent,77.0,76.0,72.0,80.0,51.0")
SUMMARY = ("London,Acute trust,Acute - Medium,RAX,Kingston and Richmond NHS Foundation Trust,Summary,Summary,"
           "OF5002,Average metric score,Q1 2025/26,score,1.77,,,,13.0")


def _write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _read(path: Path):
    return read_published_file(path)


def test_reads_a_well_formed_file_with_bom_crlf_and_trailing_blank_rows(tmp_path):
    text = "\ufeff" + "\r\n".join([HEADER, ROW, SUMMARY, ",,,,", ""])
    file = _read(_write(tmp_path, text))
    assert file.kind == "metrics"
    assert list(file.frame["Quarter"].unique()) == ["Q1 2025/26"]
    assert file.frame["table"].tolist() == ["acute", "acute"]


def test_quoted_numbers_with_thousands_separators_are_numbers(tmp_path):
    row = ROW.replace(",77.0,", ',"1,077.0",')
    file = _read(_write(tmp_path, "\n".join([HEADER, row, SUMMARY])))
    assert file.frame["Value"].iloc[0] == 1077.0


@pytest.mark.parametrize("text,message", [
    (HEADER.replace(",Rank", "") + "\n" + ROW.rsplit(",", 1)[0], "lacks the column(s) Rank"),
    ("\n".join([HEADER, ROW + ",extra", SUMMARY]), "row 2: has 17 fields where the header has 16"),
    ("\n".join([HEADER, ROW.replace(",77.0,", ",seventy,"), SUMMARY]), "row 2, column 'Value': 'seventy' is not a number"),
    ("\n".join([HEADER, ROW, ROW, SUMMARY]), "row 3: repeats OF0013 for RAX in Q1 2025/26"),
    ("\n".join([HEADER, ROW.replace("OF0013", "OF0999"), SUMMARY]), "metric 'OF0999' is not in the metric catalogue"),
    ("\n".join([HEADER, ROW.replace("Acute trust", "Dental practice"), SUMMARY]), "trust type 'Dental practice'"),
    ("\n".join([HEADER, ROW]), "has no Quarter column"),
    ("", "is empty"),
    ("name,colour\nfoo,blue\n", "is not an NHS Oversight Framework metric file"),
])
def test_bad_files_fail_with_one_line_naming_file_row_and_column(tmp_path, text, message):
    with pytest.raises(DataFileError) as raised:
        _read(_write(tmp_path, text))
    assert message in str(raised.value)
    assert str(raised.value).startswith("data.csv")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("data,message", [
    (("\n".join([HEADER, ROW, SUMMARY])).encode("utf-16"), "UTF-16"),
    (("\n".join([HEADER, ROW.replace("Kingston", "K\xf6ingston"), SUMMARY])).encode("latin-1"), "not UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
])
def test_wrong_encodings_and_binary_files_are_refused(tmp_path, data, message):
    with pytest.raises(DataFileError, match=message):
        _read(_write(tmp_path, data))


@pytest.mark.parametrize("label,table", [
    ("Acute trust", "acute"), ("Non-acute hospital trust", "mental-health-community"),
    ("Mental health and community trust", "mental-health-community"), ("Ambulance trust", "ambulance"),
])
def test_trust_types_normalise_to_three_tables(label, table):
    assert table_of(label) == table


def test_folder_is_recognised_by_contents_not_names(raw_dir, raw_store, tmp_path):
    for number, source in enumerate(sorted(raw_dir.glob("*.csv"))):
        shutil.copy(source, tmp_path / f"download-{number}.csv")
    store = load_folder(tmp_path)
    assert store.quarters == raw_store.quarters
    assert {"Q1 2025/26", "Q2 2025/26"} <= set(store.quarters)  # the first two quarters NHS England published
    assert len(store.metrics) == len(raw_store.metrics)
    assert len(store.league) == len(raw_store.league)
    assert store.trusts["table"].value_counts().to_dict() == {"acute": 134, "mental-health-community": 61,
                                                              "ambulance": 10}


def test_import_is_atomic_a_bad_file_leaves_the_store_untouched(raw_store, tmp_path):
    target = write_store(raw_store, tmp_path / "store")
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    bad = tmp_path / "incoming"
    bad.mkdir()
    _write(bad, "\n".join([HEADER, ROW + ",extra", SUMMARY]))
    from scoring.store import load_files

    with pytest.raises(DataFileError):
        write_store(load_files([bad]), target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_interrupted_write_leaves_the_store_untouched(raw_store, tmp_path, monkeypatch):
    target = write_store(raw_store, tmp_path / "store")
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("scoring.store._write_gzip_csv", fail)
    with pytest.raises(OSError):
        write_store(raw_store, target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_embedded_store_matches_a_fresh_import_of_the_raw_files(store, raw_store):
    assert store.quarters == raw_store.quarters
    assert len(store.metrics) == len(raw_store.metrics)
    assert store.manifest["attribution"].startswith("Contains public sector information")
    assert sorted(f["name"] for f in store.manifest["files"]) == sorted(p.name for p in raw_store_files(raw_store))


def raw_store_files(raw_store):
    return [Path(f["name"]) for f in raw_store.manifest["files"]]


def test_missing_store_says_how_to_fix_it(tmp_path):
    from nhs_league.errors import StoreMissing

    with pytest.raises(StoreMissing, match="nhs-league import"):
        read_store(tmp_path / "nowhere")
