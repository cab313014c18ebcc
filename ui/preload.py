"""Warm the app's server process before anyone visits: the embedded store, the release cache, the modules the
pages import, one answer (which builds the trust resolver), the passage index and the embedding model are loaded in a background thread as the server starts, so the first visitor waits no
longer than later ones (Streamlit runs the app's script only when a visitor connects).

``ui.resources`` reads the same process-wide objects (``load_store``, ``release_cache``, ``default_index``), so
what is loaded here is what every session then uses. Anything that fails is left for the page to load and report
in its usual way.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import time

log = logging.getLogger(__name__)


READY = "Warmed up: the data and the method guide are loaded"


def _warm() -> None:
    started = time.perf_counter()
    _warm_parts()
    print(f"{READY} ({time.perf_counter() - started:.0f} s).", file=sys.stderr, flush=True)


def _warm_parts() -> None:
    try:
        from scoring.explain import release_cache
        from scoring.store import load_store

        data = load_store()
        release_cache.open_for(data)
        release_cache.preload(data)
        for module in ("altair", "ui.charts", "ui.league_rows", "ui.safe_text"):   # what the pages import
            importlib.import_module(module)
        from assistant.answering import answer

        answer(f"how is {data.trusts['trust_code'].iloc[0]} doing?", store=data)   # the resolver and rules built
    except Exception:  # the page loads the store itself and says what is wrong
        log.warning("preload: the data could not be loaded ahead of the first visit", exc_info=True)
        return
    try:
        from corpus.index import open_index
        from corpus.retrieval import default_index

        open_index(auto_build=False)          # never build here: the chat page builds it with a progress bar
        index = default_index()
        index.open()
        index.embeddings.embed_query("warm up")
    except Exception:  # a missing index is built by the chat page; a method question reports other errors
        log.info("preload: the passage index was not warmed ahead of the first visit", exc_info=True)


def start() -> threading.Thread:
    """Start warming in a daemon thread and return it."""
    thread = threading.Thread(target=_warm, name="nhs-league-preload", daemon=True)
    thread.start()
    return thread
