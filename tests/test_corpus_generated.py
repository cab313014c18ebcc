"""The metric documents and docs/metrics.md are generated from the catalogue and checked in."""

from __future__ import annotations

from corpus.documents import load_documents
from corpus.metric_documents import document_id, generated_files, stale_files
from nhs_league.settings import CORPUS_DOCUMENTS, METRIC_DOCUMENTS
from scoring.catalogue import load_catalogue


def test_checked_in_generated_files_match_the_generator() -> None:
    stale = stale_files(generated_files())
    assert not stale, f"run `nhs-league docs` and commit: {[str(p) for p in stale]}"


def test_every_catalogue_metric_has_its_document() -> None:
    ids = {doc.id for doc in load_documents(CORPUS_DOCUMENTS)}
    for metric in load_catalogue().metrics:
        assert document_id(metric) in ids, metric.id
        assert (METRIC_DOCUMENTS / f"{metric.id.lower()}.md").is_file()


def test_every_metric_document_cites_the_catalogue_source_and_explains_scoring() -> None:
    catalogue = load_catalogue()
    for doc in load_documents(CORPUS_DOCUMENTS):
        if doc.path.parent.name != "metrics":
            continue
        metric = catalogue.get(doc.id.removeprefix("metric-").upper())
        assert doc.url == metric.source
        text = "\n".join(s.text for s in doc.sections)
        assert metric.meaning in text and metric.period in text
        assert "How it is scored" in [s.title for s in doc.sections]


def test_scoring_rules_are_read_off_the_catalogue() -> None:
    texts = {f.path.stem: f.text for f in generated_files()}
    assert "at or above 78%" in texts["of1013"]  # A&E standard
    assert "fails the floor" in texts["of1057"] and "below 70%" in texts["of1057"]
    assert "| 1 | 1 | 1 | 2 | 3 |" in texts["of1080"]  # finance lookup matrix, first row
    assert "one third" in texts["of1048"] and "min(1 + count, 4)" in texts["of1048"]
    assert "does not enter the average" in texts["of1079"]
    assert "national pool" in texts["of1082"] and "Score-only input" in texts["of1046"]
    assert "| OF1013 |" in texts["metrics"]
