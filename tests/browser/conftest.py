"""Browser-test fixtures: a real ``streamlit run`` on a free loopback port, headless Debian Chromium via
Playwright (never Playwright's own browser download), and axe-core from npm for accessibility checks.

The server's ``NHS_LEAGUE_HOME`` is ``test-artifacts/browser-home`` (git-ignored), so the passage index is
built on the first run only (the app shows its progress bar) and reused afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nhs_league.settings import REPO_ROOT, UI_APP

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"
AXE_PREFIX = ARTIFACTS / "axe"
AXE_SCRIPT = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def app_url(artifacts):
    home = artifacts / "browser-home"
    home.mkdir(exist_ok=True)
    port = free_port()
    env = dict(os.environ, NHS_LEAGUE_HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    with open(artifacts / "browser-server.log", "w") as log:  # the server keeps its own copy of the file
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(UI_APP), "--server.headless",
                                   "true", "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1",
                                   "--server.port", str(port)], cwd=str(REPO_ROOT), env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start; see {artifacts / 'browser-server.log'}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            pytest.skip("node/npm are not installed, so axe-core cannot be installed")
        AXE_PREFIX.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--no-save", "--prefix", str(AXE_PREFIX), "axe-core"],
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0 or not AXE_SCRIPT.exists():
            pytest.skip(f"npm could not install axe-core: {done.stderr.strip()[-300:]}")
    return AXE_SCRIPT
