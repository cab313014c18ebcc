"""The method corpus as documents: Markdown files with YAML front matter, split into their ``##`` sections.

A document file looks like::

    ---
    id: segments
    title: How segments are set
    sources:
      - {title: NHS Oversight Framework 2025/26, url: https://www.england.nhs.uk/...}
    ---
    # How segments are set
    Opening paragraph (becomes the "Overview" section).
    ## A section
    Text ...

Loading is strict: the ``id`` must match the file name (``metric-<stem>`` for the generated metric documents
in ``documents/metrics/``), and a title and at least one source with a URL are required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from nhs_league.errors import LeagueError
from nhs_league.settings import CORPUS_DOCUMENTS

METRIC_PREFIX = "metric-"
OVERVIEW = "Overview"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_ALLOWED_KEYS = {"id", "title", "sources"}
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)  # notes for editors, not for readers


class CorpusDocumentError(LeagueError):
    """A corpus document is malformed (front matter, id or sources)."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    text: str


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    path: Path

    @property
    def url(self) -> str:
        """The first source's URL: what a passage from this document cites."""
        return self.sources[0].url


def expected_id(path: Path) -> str:
    """The id a file must declare: its stem, or ``metric-<stem>`` inside a ``metrics`` folder."""
    return f"{METRIC_PREFIX}{path.stem}" if path.parent.name == "metrics" else path.stem


def _fail(path: Path, problem: str) -> CorpusDocumentError:
    return CorpusDocumentError(f"{path}: {problem}. Fix the document's front matter and run again.")


def _sources(path: Path, raw: object) -> tuple[Source, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "'sources' must be a list with at least one {title, url}")
    sources = []
    for item in raw:
        if not isinstance(item, dict) or set(item) - {"title", "url"}:
            raise _fail(path, f"each source needs exactly 'title' and 'url', got {item!r}")
        url, title = item.get("url"), item.get("title")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise _fail(path, f"source {title!r} has no http(s) url")
        if not isinstance(title, str) or not title.strip():
            raise _fail(path, f"source {url} has no title")
        sources.append(Source(title=title.strip(), url=url.strip()))
    return tuple(sources)


def split_sections(body: str) -> tuple[str | None, tuple[Section, ...]]:
    """The ``# Title`` (if any) and the ``##`` sections of a Markdown body; text before the first ``##`` is
    the Overview section. Deeper headings stay inside their section's text."""
    heading: str | None = None
    sections: list[Section] = []
    current, lines = OVERVIEW, list[str]()

    def close() -> None:
        text = "\n".join(lines).strip()
        if text:
            sections.append(Section(title=current, text=text))

    in_fence = False
    for line in _COMMENT.sub("", body).splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("# ") and heading is None and not sections and not "".join(lines).strip():
            heading = line[2:].strip()
            continue
        if not in_fence and line.startswith("## "):
            close()
            current, lines = line[3:].strip(), []
            continue
        lines.append(line)
    close()
    return heading, tuple(sections)


def parse_document(path: Path) -> Document:
    """Read one document strictly."""
    try:
        raw_text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise _fail(path, f"cannot be read ({error})") from error
    match = _FRONT_MATTER.match(raw_text)
    if not match:
        raise _fail(path, "it does not start with '---' YAML front matter")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise _fail(path, f"the front matter is not valid YAML ({error})") from error
    if not isinstance(meta, dict):
        raise _fail(path, "the front matter is not a mapping")
    unknown = set(meta) - _ALLOWED_KEYS
    if unknown:
        raise _fail(path, f"unknown front matter keys {sorted(unknown)}")
    doc_id = meta.get("id")
    if doc_id != expected_id(path):
        raise _fail(path, f"id {doc_id!r} must be {expected_id(path)!r} (from the file name)")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _fail(path, "'title' is required")
    sources = _sources(path, meta.get("sources"))
    _, sections = split_sections(raw_text[match.end():])
    if not sections:
        raise _fail(path, "the document has no text")
    return Document(id=doc_id, title=title.strip(), sources=sources, sections=sections, path=path)


def document_paths(root: Path = CORPUS_DOCUMENTS) -> list[Path]:
    """Every document file: ``root/*.md`` then ``root/metrics/*.md``, each sorted by name."""
    return sorted(root.glob("*.md")) + sorted((root / "metrics").glob("*.md"))


def load_documents(root: Path = CORPUS_DOCUMENTS) -> list[Document]:
    """Every document under ``root`` (the shipped corpus by default); ids must be unique."""
    documents = [parse_document(path) for path in document_paths(root)]
    seen: dict[str, Path] = {}
    for doc in documents:
        if doc.id in seen:
            raise _fail(doc.path, f"id {doc.id!r} is also used by {seen[doc.id]}")
        seen[doc.id] = doc.path
    return documents
