"""Documents → chunks: one chunk per section, long sections split at paragraph boundaries.

Chunk ids are deterministic (``doc:section-slug:n``) so re-indexing is safe, and each chunk carries a content
hash of exactly what is embedded, so a rebuild re-embeds only chunks whose text changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.documents import Document

MAX_CHARS = 1200


@dataclass(frozen=True)
class Chunk:
    id: str
    doc: str
    title: str
    section: str
    text: str  # what is embedded and shown: "<doc title> — <section title>" then the body
    body: str  # the section text alone
    url: str
    content_hash: str


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "section"


def split_paragraphs(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Pieces of at most ``max_chars`` made of whole paragraphs (a single longer paragraph is split at
    sentence ends, or hard-wrapped as a last resort)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    units: list[str] = []
    for paragraph in paragraphs:
        if len(paragraph) <= max_chars:
            units.append(paragraph)
            continue
        sentences = re.split(r"(?<=[.!?])\s+|\n", paragraph)
        for sentence in sentences:
            while len(sentence) > max_chars:
                units.append(sentence[:max_chars])
                sentence = sentence[max_chars:]
            if sentence.strip():
                units.append(sentence.strip())
    pieces: list[str] = []
    for unit in units:
        if pieces and len(pieces[-1]) + 2 + len(unit) <= max_chars:
            pieces[-1] = f"{pieces[-1]}\n\n{unit}"
        else:
            pieces.append(unit)
    return pieces


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def chunk_document(doc: Document, max_chars: int = MAX_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    used: dict[str, int] = {}
    for section in doc.sections:
        slug = slugify(section.title)
        used[slug] = used.get(slug, 0) + 1
        if used[slug] > 1:  # two sections with the same title keep distinct, stable ids
            slug = f"{slug}-{used[slug]}"
        for n, body in enumerate(split_paragraphs(section.text, max_chars)):
            header = doc.title if section.title == doc.title else f"{doc.title} — {section.title}"
            text = f"{header}\n\n{body}"
            chunks.append(Chunk(id=f"{doc.id}:{slug}:{n}", doc=doc.id, title=doc.title, section=section.title,
                                text=text, body=body, url=doc.url, content_hash=content_hash(text)))
    return chunks


def chunk_documents(docs: Iterable[Document], max_chars: int = MAX_CHARS) -> list[Chunk]:
    return [chunk for doc in docs for chunk in chunk_document(doc, max_chars)]


def corpus_fingerprint(chunks: Iterable[Chunk]) -> str:
    """One hash for a whole chunk set (ids and contents): tells whether an index is up to date."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(f"{chunk.id}\0{chunk.content_hash}\0{chunk.url}\n".encode())
    return digest.hexdigest()[:32]
