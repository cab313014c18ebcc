"""Loading corpus documents strictly, and the shipped corpus's own guarantees."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.documents import CorpusDocumentError, load_documents, parse_document, split_sections
from nhs_league.errors import LeagueError
from nhs_league.settings import CORPUS_DOCUMENTS
from corpus_fixtures import write_sample_corpus

GOOD = """---
id: {id}
title: A title
sources:
  - {{title: Manual, url: https://example.org/manual}}
---
# A title

Opening words.

## First part
Text one.

### A detail
More of part one.

## Second part

Text two.
"""


def write(folder: Path, stem: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_sections_follow_level_two_headings(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "sample", GOOD.format(id="sample")))
    assert doc.id == "sample" and doc.title == "A title" and doc.url == "https://example.org/manual"
    assert [s.title for s in doc.sections] == ["Overview", "First part", "Second part"]
    assert "### A detail" in doc.sections[1].text and doc.sections[2].text == "Text two."


def test_metric_documents_are_prefixed(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path / "metrics", "of1003", GOOD.format(id="metric-of1003")))
    assert doc.id == "metric-of1003"


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.format(id="other"), "id 'other' must be 'sample'"),
    (GOOD.format(id="sample").replace("title: A title\n", ""), "'title' is required"),
    (GOOD.format(id="sample").replace("url: https://example.org/manual", "url: ''"), "has no http(s) url"),
    (GOOD.format(id="sample").replace("sources:\n  - {title: Manual, url: https://example.org/manual}\n",
                                      "sources: []\n"), "at least one"),
    (GOOD.format(id="sample").replace("title: A title\n", "title: A title\nauthor: me\n"), "unknown front matter"),
    ("# No front matter\n\nText.\n", "does not start with '---'"),
])
def test_malformed_documents_are_rejected_with_a_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CorpusDocumentError, match="Fix the document") as error:
        parse_document(write(tmp_path, "sample", text))
    assert message in str(error.value)
    assert isinstance(error.value, LeagueError)


def test_code_fences_do_not_start_sections() -> None:
    _, sections = split_sections("## Real\n\n```\n## not a heading\n```\n")
    assert [s.title for s in sections] == ["Real"]


def test_sample_corpus_loads(tmp_path: Path) -> None:
    docs = load_documents(write_sample_corpus(tmp_path))
    assert [d.id for d in docs] == ["league-tables", "segments"]


def test_every_shipped_document_loads_and_cites_a_source() -> None:
    docs = load_documents(CORPUS_DOCUMENTS)
    assert docs, "the corpus is empty"
    for doc in docs:
        assert doc.sources and all(s.url.startswith("https://") for s in doc.sources), doc.id
        assert all(section.text.strip() for section in doc.sections), doc.id
