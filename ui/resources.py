"""Heavy things the app needs, loaded once per server process with ``st.cache_resource``.

- the embedded data store and the metric catalogue (fast, needed by every page);
- engine results and explanations per (trust, quarter, audience), read off ``scoring.explain``;
- the passage index and the embedding model (slow: ~14 s of imports), needed only for method questions.
  If the index is already built it is warmed in a background thread at start-up, so the first method question
  does not wait; if it is missing, the chat page builds it once with a progress bar (:func:`build_index`).

Pages call these through the module (``resources.store()``), so tests can replace them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from nhs_league.errors import LeagueError


@st.cache_resource(show_spinner="Loading NHS England's published data…")
def store():
    """The embedded data store (raises ``StoreMissing`` with what to do)."""
    from scoring.explain import release_cache
    from scoring.store import load_store

    data = load_store()
    release_cache.open_for(data)  # once per server process: explanations are read from it when it is built
    return data


@st.cache_resource(show_spinner=False)
def catalogue():
    from scoring.catalogue import load_catalogue

    return load_catalogue()


def quarter_result(quarter: str):
    """The engine's result for one quarter (cached by ``scoring.explain.quarter_results``)."""
    from scoring.explain.quarter_results import base_result

    return base_result(store(), quarter)


@st.cache_resource(show_spinner="Working out the trust's position…", max_entries=256)
def explanation(code: str, quarter: str, audience: str = "staff"):
    """``scoring.explain.explain`` for one trust and quarter (cached: a profile reruns on every click)."""
    from scoring.explain import explain

    return explain(store(), code, quarter, audience)


def trust_quarters(code: str) -> list[str]:
    """The quarters (oldest first) whose data includes the trust's table."""
    data = store()
    table = str(data.trust(code)["table"])
    return [q for q in data.quarters if table in data.tables_in(q)]


# --- the passage index (method questions) -------------------------------------------------------------------

@dataclass
class IndexStatus:
    ready: bool
    message: str = ""


def index_status() -> IndexStatus:
    """Whether the passage index is built and up to date (cheap: no model is loaded)."""
    from corpus.index import open_index

    try:
        open_index(auto_build=False)
    except LeagueError as error:
        return IndexStatus(False, str(error))
    except Exception as error:  # noqa: BLE001 - anything unreadable means: build it
        return IndexStatus(False, f"The passage index could not be read ({type(error).__name__}).")
    return IndexStatus(True)


def build_index(on_batch: Callable[[int, int], None] | None = None):
    """Build the passage index (first run) and open it for searching; returns ``corpus.index.BuildReport``."""
    from corpus.index import build_index as build
    from corpus.retrieval import default_index

    report = build(on_batch=on_batch)
    default_index().close()
    default_index().open()
    return report


@dataclass
class Warmup:
    thread: threading.Thread
    started: float
    finished: float | None = None
    error: str | None = None

    @property
    def done(self) -> bool:
        return self.finished is not None


@st.cache_resource(show_spinner=False)
def warm_index() -> Warmup:
    """Load the embedding model and open the index in the background (once per process)."""

    def run() -> None:
        try:
            from corpus.retrieval import default_index

            index = default_index()
            index.open()
            index.embeddings.embed_query("warm up")
        except Exception as error:  # noqa: BLE001 - a method question will report it properly
            warm.error = f"{type(error).__name__}: {error}"
        finally:
            warm.finished = time.perf_counter()

    thread = threading.Thread(target=run, name="nhs-league-index-warmup", daemon=True)
    warm = Warmup(thread, time.perf_counter())
    thread.start()
    return warm
