"""The servers as processes (slow: they start real servers on 127.0.0.1 and free ports).

- killing the ``nhs-league app`` process (SIGTERM, or Ctrl+C's SIGINT) stops the Streamlit server: the port
  closes and nothing of it is left running;
- ``nhs-league serve`` answers over HTTP from its workers, and a kill of its process stops them all;
- ``./setup.sh`` on a set-up checkout prints only its own progress lines and ends with "ready".
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(url: str, process: subprocess.Popen, limit: float = 180.0) -> None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        assert process.poll() is None, f"the server exited early: {process.stderr.read().decode()[-500:]}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {limit:.0f} s")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def start(*arguments: str) -> subprocess.Popen:
    """``nhs-league ARGUMENTS`` in its own process group (so the test can check nothing of it is left)."""
    return subprocess.Popen([sys.executable, "-m", "nhs_league.cli", *arguments], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "NO_PROXY": "127.0.0.1"})


def stop_and_check(process: subprocess.Popen, signum: int, port: int) -> None:
    try:
        process.send_signal(signum)          # the process we started, and nothing else
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while (port_open(port) or group_alive(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not port_open(port), "the server still listens after its process was killed"
        assert not group_alive(process.pid), "a process of the server is still running"
    finally:
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.stderr.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_killing_the_app_process_stops_the_streamlit_server(signum: int) -> None:
    port = free_port()
    app = start("app", "--port", str(port))
    wait_for(f"http://127.0.0.1:{port}/_stcore/health", app)
    stop_and_check(app, signum, port)


def test_serve_answers_from_its_workers_and_stops_with_its_process() -> None:
    port = free_port()
    server = start("serve", "--port", str(port), "--workers", "2", "--no-warm", "--rate-limit", "0")
    wait_for(f"http://127.0.0.1:{port}/health", server)
    request = urllib.request.Request(f"http://127.0.0.1:{port}/ask", method="POST",
                                     data=json.dumps({"question": "Where does Moorfields Eye Hospital rank?"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        reply = json.loads(response.read())
    # NHS England's Q1 2025/26 acute league table: Moorfields Eye Hospital (RP6) first of 134
    facts = {(f["key"], f["trust"]): f["value"] for f in reply["facts"]}
    assert reply["trusts"] == ["RP6"] and facts[("rank", "RP6")] == 1
    stop_and_check(server, signal.SIGTERM, port)


def test_setup_on_a_set_up_checkout_prints_only_its_progress_lines() -> None:
    result = subprocess.run(["./setup.sh"], cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("setup: ") for line in lines), lines
    assert lines[-1].startswith("setup: ready") and result.stdout == ""
