"""Shared fixtures: the embedded store, the raw published files, and an offline, throw-away user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    from nhs_league.settings import raw_data_dir

    folder = raw_data_dir()
    if not (folder / "nof_2025-26_q1_acute_trust_data.csv").exists():
        pytest.skip(f"NHS England's raw files are not at {folder} (set NHS_LEAGUE_RAW_DIR)")
    return folder


@pytest.fixture(scope="session")
def store():
    from scoring.store import load_store

    return load_store()


@pytest.fixture(scope="session")
def raw_store(raw_dir):
    from scoring.store import load_folder

    return load_folder(raw_dir)
