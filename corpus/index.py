"""Chunks → a Chroma collection, built beside the live one and swapped in atomically.

Embedded store (the default): ``index_dir()`` holds one folder per build ("generation", a Chroma
``PersistentClient`` path) and a ``CURRENT`` file naming the live one. A build writes a new generation,
re-using the stored vectors of chunks whose content hash is unchanged, verifies it (count and a test query),
then replaces ``CURRENT`` with ``os.replace`` (atomic). Until then readers keep using the old generation, so
a failed or killed build changes nothing. The previous generation is kept (a reader may still hold it open);
older ones and abandoned builds are deleted.

With ``CHROMA_HOST`` (and optionally ``CHROMA_PORT``) set, the same happens on a Chroma server: one collection
per generation and a small pointer collection whose metadata names the live one. If the server cannot be
reached the embedded store is used and a warning says so.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from corpus.chunks import Chunk, chunk_documents, corpus_fingerprint
from corpus.documents import load_documents
from nhs_league.errors import IndexUnavailable
from nhs_league.settings import CORPUS_DOCUMENTS, index_dir, use_offline_models

COLLECTION = "nhs-league-passages"
POINTER_COLLECTION = "nhs-league-pointer"
POINTER_FILE = "CURRENT"
HOST_ENV, PORT_ENV = "CHROMA_HOST", "CHROMA_PORT"
BATCH = 64

_build_lock = threading.Lock()


@dataclass(frozen=True)
class BuildReport:
    chunks: int
    embedded: int
    reused: int
    seconds: float
    location: str
    generation: str
    warning: str | None = None


@dataclass
class OpenIndex:
    """The live collection, where it lives, and anything the caller should tell the user."""

    collection: Any
    location: str
    generation: str
    notice: str | None = None
    warning: str | None = None


def _settings() -> Any:
    use_offline_models()
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def _generation_name() -> str:
    return f"g{time.time_ns()}-{os.getpid()}"


def _generation_time(name: str) -> int:
    try:
        return int(name[1:].split("-")[0])
    except (ValueError, IndexError):
        return 0


def _pid_alive(name: str) -> bool:
    try:
        pid = int(name.rsplit("-", 1)[1])
    except (ValueError, IndexError):
        return False
    if pid == os.getpid():
        return False  # our own earlier builds are finished: this process builds one at a time
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LocalStore:
    """Generations as folders under ``root``; ``root/CURRENT`` names the live one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._clients: dict[str, Any] = {}

    @property
    def location(self) -> str:
        return str(self.root)

    def current_name(self) -> str | None:
        try:
            name = (self.root / POINTER_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return name or None

    def _client(self, name: str) -> Any:
        if name not in self._clients:
            import chromadb

            self._clients[name] = chromadb.PersistentClient(path=str(self.root / name), settings=_settings())
        return self._clients[name]

    def collection(self, name: str) -> Any:
        if not (self.root / name / "chroma.sqlite3").is_file():
            raise FileNotFoundError(f"{self.root / name} holds no index")
        return self._client(name).get_collection(COLLECTION, embedding_function=None)

    def create(self, name: str, metadata: dict[str, Any]) -> Any:
        (self.root / name).mkdir(parents=True, exist_ok=False)
        return self._client(name).create_collection(
            COLLECTION, metadata=metadata, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)

    def publish(self, name: str) -> None:
        pointer = self.root / POINTER_FILE
        previous = self.current_name()
        temporary = self.root / f"{POINTER_FILE}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, pointer)
        (self.root / "PREVIOUS").write_text((previous or "") + "\n", encoding="utf-8")

    def prune(self) -> None:
        keep = {self.current_name(), _read(self.root / "PREVIOUS")}
        oldest_kept = min((_generation_time(n) for n in keep if n), default=0)
        for folder in self.root.glob("g*"):
            name = folder.name
            if name in keep or not folder.is_dir():
                continue
            if _generation_time(name) < oldest_kept or not _pid_alive(name):
                self.discard(name)

    def discard(self, name: str) -> None:
        client = self._clients.pop(name, None)
        if client is not None:
            with contextlib.suppress(Exception):  # closing a broken client must not stop the clean-up
                client.close()
        shutil.rmtree(self.root / name, ignore_errors=True)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


class ServerStore:
    """Generations as collections on a Chroma server; a pointer collection's metadata names the live one."""

    def __init__(self, client: Any, host: str, port: int) -> None:
        self.client = client
        self._location = f"chroma server {host}:{port}"

    @property
    def location(self) -> str:
        return self._location

    def _pointer(self) -> Any:
        return self.client.get_or_create_collection(POINTER_COLLECTION, embedding_function=None)

    def current_name(self) -> str | None:
        return (self._pointer().metadata or {}).get("current") or None

    def collection(self, name: str) -> Any:
        return self.client.get_collection(f"{COLLECTION}-{name}", embedding_function=None)

    def create(self, name: str, metadata: dict[str, Any]) -> Any:
        return self.client.create_collection(f"{COLLECTION}-{name}", metadata=metadata,
                                             configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)

    def publish(self, name: str) -> None:
        pointer = self._pointer()
        previous = (pointer.metadata or {}).get("current") or ""
        pointer.modify(metadata={"current": name, "previous": previous})

    def prune(self) -> None:
        meta = self._pointer().metadata or {}
        keep = {meta.get("current"), meta.get("previous")}
        oldest_kept = min((_generation_time(n) for n in keep if n), default=0)
        for collection in self.client.list_collections():
            name = getattr(collection, "name", collection)
            if not name.startswith(f"{COLLECTION}-g"):
                continue
            generation = name[len(COLLECTION) + 1:]
            if generation not in keep and _generation_time(generation) < oldest_kept:
                self.client.delete_collection(name)

    def discard(self, name: str) -> None:
        with contextlib.suppress(Exception):  # nothing to discard
            self.client.delete_collection(f"{COLLECTION}-{name}")


Store = LocalStore | ServerStore
_stores: dict[tuple[str, ...], Store] = {}
_stores_lock = threading.Lock()


def open_store() -> tuple[Store, str | None]:
    """The store to use and a warning if a configured server could not be reached."""
    host = os.environ.get(HOST_ENV, "").strip()
    if host:
        port_text = os.environ.get(PORT_ENV, "8000").strip() or "8000"
        key = ("server", host, port_text)
        with _stores_lock:
            if key in _stores:
                return _stores[key], None
        try:
            port = int(port_text)
            import chromadb

            client = chromadb.HttpClient(host=host, port=port, settings=_settings())
            client.heartbeat()
        except Exception as error:  # noqa: BLE001 - any failure to connect means: use the local store
            local, _ = _local_store()
            return local, (f"The Chroma server at {host}:{port_text} could not be reached "
                           f"({type(error).__name__}); using the local index at {local.location} instead.")
        store = ServerStore(client, host, port)
        with _stores_lock:
            _stores[key] = store
        return store, None
    return _local_store()


def _local_store() -> tuple[LocalStore, None]:
    root = index_dir()
    key = ("local", str(root))
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = LocalStore(root)
    assert isinstance(store, LocalStore)
    return store, None


def corpus_chunks(documents_root: Path = CORPUS_DOCUMENTS) -> list[Chunk]:
    return chunk_documents(load_documents(documents_root))


def _model_name(embeddings: Embeddings) -> str:
    return str(getattr(embeddings, "name", type(embeddings).__name__))


def _stored_vectors(store: Store, model: str) -> dict[str, list[float]]:
    """content hash → vector from the live generation (empty if none, unreadable or another model)."""
    name = store.current_name()
    if not name:
        return {}
    try:
        collection = store.collection(name)
        if (collection.metadata or {}).get("model") != model:
            return {}
        stored = collection.get(include=["embeddings", "metadatas"])
    except Exception:  # noqa: BLE001 - a broken old index just means nothing to re-use
        return {}
    vectors = {}
    for metadata, vector in zip(stored["metadatas"] or [], stored["embeddings"] if stored["embeddings"] is not None else []):
        if metadata and metadata.get("hash"):
            vectors[metadata["hash"]] = [float(x) for x in vector]
    return vectors


def _metadata(chunk: Chunk) -> dict[str, Any]:
    return {"doc": chunk.doc, "title": chunk.title, "section": chunk.section, "url": chunk.url,
            "hash": chunk.content_hash, "body": chunk.body}


def build_index(embeddings: Embeddings | None = None, *, chunks: Sequence[Chunk] | None = None,
                documents_root: Path = CORPUS_DOCUMENTS, rebuild: bool = False, progress: bool = False,
                on_batch: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build a new generation from the corpus, verify it and make it live. ``rebuild`` re-embeds everything."""
    if embeddings is None:
        from corpus.embeddings import get_embeddings

        embeddings = get_embeddings()
    chunk_list = list(chunks) if chunks is not None else corpus_chunks(documents_root)
    if not chunk_list:
        raise IndexUnavailable(f"The corpus at {documents_root} has no documents; add documents and run "
                               "`nhs-league index` again.")
    with _build_lock:
        started = time.perf_counter()
        store, warning = open_store()
        model = _model_name(embeddings)
        reuse = {} if rebuild else _stored_vectors(store, model)
        name = _generation_name()
        try:
            collection = store.create(name, {"model": model, "fingerprint": corpus_fingerprint(chunk_list),
                                             "chunks": len(chunk_list), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S")})
            vectors = _embed_missing(embeddings, chunk_list, reuse, progress, on_batch)
            for start in range(0, len(chunk_list), BATCH):
                batch = chunk_list[start:start + BATCH]
                collection.add(ids=[c.id for c in batch], embeddings=[vectors[c.content_hash] for c in batch],
                               documents=[c.text for c in batch], metadatas=[_metadata(c) for c in batch])
            _verify(collection, chunk_list, vectors)
            store.publish(name)
        except BaseException:
            store.discard(name)
            raise
        store.prune()
        embedded = len({c.content_hash for c in chunk_list if c.content_hash not in reuse})
        reused = sum(1 for c in chunk_list if c.content_hash in reuse)
        return BuildReport(chunks=len(chunk_list), embedded=embedded, reused=reused,
                           seconds=time.perf_counter() - started, location=store.location, generation=name,
                           warning=warning)


def _embed_missing(embeddings: Embeddings, chunks: Sequence[Chunk], reuse: dict[str, list[float]],
                   progress: bool, on_batch: Callable[[int, int], None] | None) -> dict[str, list[float]]:
    vectors = {c.content_hash: reuse[c.content_hash] for c in chunks if c.content_hash in reuse}
    todo: dict[str, str] = {}
    for chunk in chunks:
        if chunk.content_hash not in vectors:
            todo.setdefault(chunk.content_hash, chunk.text)
    hashes = list(todo)
    bar = None
    if progress and hashes:
        from tqdm import tqdm

        bar = tqdm(total=len(hashes), unit="passage", desc="Embedding")
    try:
        for start in range(0, len(hashes), 32):
            batch = hashes[start:start + 32]
            for content, vector in zip(batch, embeddings.embed_documents([todo[h] for h in batch])):
                vectors[content] = list(vector)
            if bar is not None:
                bar.update(len(batch))
            if on_batch is not None:
                on_batch(start + len(batch), len(hashes))
    finally:
        if bar is not None:
            bar.close()
    return vectors


def _verify(collection: Any, chunks: Sequence[Chunk], vectors: dict[str, list[float]]) -> None:
    count = collection.count()
    if count != len(chunks):
        raise IndexUnavailable(f"The new index holds {count} passages, expected {len(chunks)}; the old index "
                               "was kept. Run `nhs-league index --rebuild`.")
    probe = chunks[len(chunks) // 2]
    found = collection.query(query_embeddings=[vectors[probe.content_hash]], n_results=1, include=["distances"])
    distances = (found["distances"] or [[]])[0]
    if not distances or distances[0] > 1e-3:  # a stored vector must find itself (or an identical one)
        raise IndexUnavailable("The new index failed its test query; the old index was kept. "
                               "Run `nhs-league index --rebuild`.")


def open_index(embeddings: Embeddings | None = None, *, documents_root: Path = CORPUS_DOCUMENTS,
               auto_build: bool = True) -> OpenIndex:
    """The live collection, (re)building it first if it is missing, unreadable or out of date with the corpus.

    ``notice`` says what was done, for the caller to show; ``warning`` reports a server fallback."""
    store, warning = open_store()
    chunks = corpus_chunks(documents_root)
    name = store.current_name()
    problem: str | None
    if name is None:
        problem = f"No passage index was found at {store.location}"
    else:
        try:
            collection = store.collection(name)
            meta = collection.metadata or {}
            count = collection.count()
            if count == 0 or count != meta.get("chunks"):
                problem = f"The passage index at {store.location} is incomplete ({count} passages)"
            elif meta.get("fingerprint") != corpus_fingerprint(chunks):
                problem = "The method documents changed since the passage index was built"
            else:
                return OpenIndex(collection, store.location, name, None, warning)
        except Exception as error:  # noqa: BLE001 - any failure to read it means: rebuild it
            problem = f"The passage index at {store.location} could not be read ({type(error).__name__}: {error})"
    if not auto_build:
        raise IndexUnavailable(f"{problem}. Run `nhs-league index` to build it.")
    try:
        report = build_index(embeddings, chunks=chunks, documents_root=documents_root)
    except IndexUnavailable:
        raise
    except Exception as error:
        raise IndexUnavailable(f"{problem}, and rebuilding it failed ({type(error).__name__}: {error}). "
                               "Run `nhs-league index --rebuild`; if that fails, delete "
                               f"{store.location} and try again.") from error
    notice = (f"{problem}; rebuilt it ({report.chunks} passages, {report.embedded} embedded, "
              f"{report.seconds:.1f} s).")
    return OpenIndex(store.collection(report.generation), store.location, report.generation, notice,
                     warning or report.warning)


def reset_stores() -> None:
    """Forget cached stores and clients (tests change ``NHS_LEAGUE_HOME`` and ``CHROMA_HOST`` between runs)."""
    with _stores_lock:
        for store in _stores.values():
            if isinstance(store, LocalStore):
                for client in store._clients.values():
                    with contextlib.suppress(Exception):  # a broken client is forgotten all the same
                        client.close()
        _stores.clear()
