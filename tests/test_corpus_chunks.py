"""Chunking: one chunk per section, long sections split at paragraphs, stable ids and content hashes."""

from __future__ import annotations

from pathlib import Path

from corpus.chunks import MAX_CHARS, chunk_document, chunk_documents, slugify, split_paragraphs
from corpus.documents import Document, Section, Source, load_documents
from nhs_league.settings import CORPUS_DOCUMENTS
from corpus_fixtures import write_sample_corpus


def make_doc(*sections: tuple[str, str]) -> Document:
    return Document(id="doc", title="Doc title", sources=(Source("S", "https://example.org"),),
                    sections=tuple(Section(t, x) for t, x in sections), path=Path("doc.md"))


def test_ids_are_doc_section_slug_and_number(tmp_path: Path) -> None:
    chunks = chunk_documents(load_documents(write_sample_corpus(tmp_path)))
    assert [c.id for c in chunks] == [
        "league-tables:three-tables:0", "league-tables:ranking:0",
        "segments:overview:0", "segments:from-average-score-to-segment:0", "segments:the-financial-override:0"]
    again = chunk_documents(load_documents(tmp_path))
    assert [(c.id, c.content_hash) for c in again] == [(c.id, c.content_hash) for c in chunks]


def test_chunk_text_carries_document_and_section_titles() -> None:
    (chunk,) = chunk_document(make_doc(("The override", "A trust in deficit stays in segment 3.")))
    assert chunk.text.startswith("Doc title — The override\n\n")
    assert chunk.body == "A trust in deficit stays in segment 3."
    assert chunk.url == "https://example.org" and chunk.section == "The override"


def test_long_sections_split_at_paragraphs_and_hashes_follow_content() -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 60 for i in range(12)]
    chunks = chunk_document(make_doc(("Long", "\n\n".join(paragraphs)), ("Long", "short")))
    long_ids = [c.id for c in chunks if c.section == "Long" and c.id.startswith("doc:long:")]
    assert long_ids == [f"doc:long:{n}" for n in range(len(long_ids))] and len(long_ids) > 1
    assert chunks[-1].id == "doc:long-2:0"  # a repeated section title keeps a distinct id
    assert all(len(c.body) <= MAX_CHARS for c in chunks)
    assert all(c.body.startswith("Paragraph") for c in chunks[:-1])  # never cut mid-paragraph
    assert len({c.content_hash for c in chunks}) == len(chunks)
    edited = chunk_document(make_doc(("Long", "\n\n".join(paragraphs[:-1] + ["changed"])), ("Long", "short")))
    same = {c.id for c in chunks} & {c.id for c in edited}
    changed = [i for i in same if next(c for c in chunks if c.id == i).content_hash
               != next(c for c in edited if c.id == i).content_hash]
    assert len(changed) == 1


def test_a_single_huge_paragraph_is_split_at_sentences() -> None:
    pieces = split_paragraphs("This is a sentence. " * 200)
    assert len(pieces) > 1 and all(len(p) <= MAX_CHARS for p in pieces)
    assert all(p.endswith(".") for p in pieces)


def test_slugs() -> None:
    assert slugify("What the A&E 4-hour standard is?") == "what-the-a-e-4-hour-standard-is"
    assert slugify("—") == "section"


def test_shipped_corpus_chunk_ids_are_unique_and_short() -> None:
    chunks = chunk_documents(load_documents(CORPUS_DOCUMENTS))
    assert len({c.id for c in chunks}) == len(chunks)
    assert all(len(c.body) <= MAX_CHARS for c in chunks)
