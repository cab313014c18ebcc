"""``nhs-league load --http``: concurrent HTTP clients against a running API, errors counted, never raised.

The API runs in a thread on 127.0.0.1 and a free port (uvicorn, one process); the questions need no embedding
model. No timing asserts: the figures for 50 clients are in docs/results.md.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn

from evals.load import Turn, render, run_http_load
from nhs_league.errors import LeagueError
from ui.api import MAX_QUESTION_CHARS, create_app


@pytest.fixture(scope="module")
def api_url(store):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(rate_limit=0, store=store), host="127.0.0.1", port=port,
                                           log_level="error", lifespan="on"))
    thread = threading.Thread(target=server.run, name="api-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the API did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_http_clients_ask_their_questions_and_count_the_refused_ones(api_url):
    scripts = [[Turn("Where does Moorfields Eye Hospital rank?")], [Turn("how is Kingston doing", "staff")],
               [Turn("x" * (MAX_QUESTION_CHARS + 1))],                        # refused: 422
               [Turn("how is Kingston doing"), Turn("and last quarter?")]]   # a conversation: left out
    report = run_http_load(api_url, sessions=3, questions=2, scripts=scripts, warm_up=False)
    # client n asks single questions (n * 7 + k) % 3 for k = 0, 1: the over-long one twice in all
    assert (report.answered, report.errors) == (4, 2)
    assert all("HTTP 422" in sample for sample in report.error_samples)
    assert report.target == api_url and report.p95_ms is not None and report.throughput > 0
    assert "concurrent HTTP clients" in render(report)


def test_the_http_load_only_targets_this_machine():
    with pytest.raises(LeagueError, match="only targets this machine"):
        run_http_load("http://192.0.2.1:8000", sessions=1, questions=1, scripts=[[Turn("hello")]], warm_up=False)


def test_an_unreachable_api_is_one_clear_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens here
    with pytest.raises(LeagueError, match="nhs-league serve"):
        run_http_load(f"http://127.0.0.1:{port}", sessions=1, questions=1, scripts=[[Turn("hello")]])
