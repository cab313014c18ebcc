"""Every path the product uses, resolved from the package location.

One environment variable moves the user's data (the retrieval index and anything else written at run
time): ``NHS_LEAGUE_HOME``. Everything shipped with the product (frameworks, embedded data, corpus
documents, evaluation sets) is read from the installed packages, never from the current directory;
``NHS_LEAGUE_FRAMEWORKS_DIR`` points the framework folders elsewhere (tests of a new framework year).
Nothing heavy happens at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

SCORING_DIR = REPO_ROOT / "scoring"
FRAMEWORKS_DIR = SCORING_DIR / "frameworks"    # one folder per framework year: 2025-26/, 2026-27/ …
EMBEDDED_STORE = SCORING_DIR / "data"

CORPUS_DIR = REPO_ROOT / "corpus"
CORPUS_DOCUMENTS = CORPUS_DIR / "documents"
METRIC_DOCUMENTS = CORPUS_DOCUMENTS / "metrics"

EVALS_DIR = REPO_ROOT / "evals"
UI_APP = REPO_ROOT / "ui" / "app.py"
DOCS_DIR = REPO_ROOT / "docs"

HOME_ENV = "NHS_LEAGUE_HOME"
RAW_ENV = "NHS_LEAGUE_RAW_DIR"
FRAMEWORKS_ENV = "NHS_LEAGUE_FRAMEWORKS_DIR"


def frameworks_dir() -> Path:
    """The folder holding one folder per framework year: ``$NHS_LEAGUE_FRAMEWORKS_DIR`` or the shipped one."""
    configured = os.environ.get(FRAMEWORKS_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return FRAMEWORKS_DIR


def user_data_dir() -> Path:
    """Where run-time data lives (the retrieval index): ``$NHS_LEAGUE_HOME`` or the platform's user data dir."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    from platformdirs import user_data_dir as platform_dir

    return Path(platform_dir("nhs-league", appauthor=False))


def index_dir() -> Path:
    """The folder holding the live Chroma index (swapped in whole by a rebuild)."""
    return user_data_dir() / "index"


def raw_data_dir() -> Path:
    """NHS England's published CSVs as downloaded: ``$NHS_LEAGUE_RAW_DIR`` or ``../shared/data/raw``.

    Only ``nhs-league import`` and the golden tests read these; the product itself uses the embedded store.
    """
    configured = os.environ.get(RAW_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return (REPO_ROOT.parent / "shared" / "data" / "raw").resolve()


def use_offline_models() -> None:
    """Forbid model downloads and telemetry before any Hugging Face or Chroma import."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
