"""Citations by document and section: method claims in composed answers point at our own corpus.

Reading the Markdown documents needs no embedding model, so answers about numbers cite passages without
loading one; free-text method questions go through ``corpus.retrieval`` instead.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.answer_types import Citation


@lru_cache(maxsize=1)
def _sections() -> dict[str, tuple]:
    from corpus.documents import load_documents

    return {doc.id: (doc, doc.sections) for doc in load_documents()}


def cite(doc_id: str, section_words: str = "") -> Citation | None:
    """The section of ``doc_id`` whose title contains ``section_words`` (first section if empty)."""
    entry = _sections().get(doc_id)
    if entry is None:
        return None
    doc, sections = entry
    chosen = next((s for s in sections if section_words.lower() in s.title.lower()), sections[0] if sections else None)
    if chosen is None:
        return None
    from corpus.chunks import slugify

    return Citation(doc=doc.id, section=chosen.title, url=doc.sources[0].url if doc.sources else "",
                    title=doc.title, text=chosen.text, id=f"{doc.id}:{slugify(chosen.title)}")


def cite_all(pairs: list[tuple[str, str]]) -> list[Citation]:
    found = [cite(doc, words) for doc, words in pairs]
    unique: dict[str, Citation] = {}
    for citation in found:
        if citation is not None:
            unique.setdefault(citation.id, citation)
    return list(unique.values())
