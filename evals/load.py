"""A bounded load test, in process: many concurrent sessions asking the evaluation questions.

``run_load(sessions=50, questions=20)`` starts one thread per session; all start together (a barrier) and each
asks ``questions`` questions through ``assistant.answering.answer`` with its own ``Session``, cycling through
the evaluation sets (``evals/questions/*.yaml``) from a different starting point, so the sessions ask different
questions at the same time. Conversations keep one session across their turns. An error is an exception, a
reply that is not an ``Answer`` with text, or the assistant's apology for an internal failure.

``run_http_load(url, sessions=50, questions=10)`` does the same over HTTP against ``nhs-league serve`` (started
by ``serving_api()`` on 127.0.0.1 and a free port with the rate limit off, or a running one): each client thread
keeps one connection and posts single questions to ``/ask`` (the API keeps no sessions, so conversations are
left out). An error is a failed connection, a status other than 200 or the internal-failure apology.

``burst_streamlit(loads=100)`` optionally starts ``streamlit run ui/app.py`` on 127.0.0.1 and a free port and
fetches the page and the health endpoint concurrently (loopback only, bounded in count and time). A plain HTTP
load returns the app's shell; the script itself runs over the websocket, which the browser tests cover.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from nhs_league.errors import LeagueError
from nhs_league.settings import REPO_ROOT, UI_APP

INTERNAL_FAILURE = "Sorry, something went wrong"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WARM_UP = ("how is Kingston doing", "what is the financial override", "how are the segment cut points worked out")


@dataclass(frozen=True)
class Turn:
    question: str
    audience: str = "public"
    quarter: str | None = None


@dataclass
class LoadReport:
    sessions: int
    questions_per_session: int
    answered: int
    errors: int
    seconds: float
    throughput: float            # answers per second, all sessions together
    p50_ms: float | None
    p95_ms: float | None
    max_ms: float | None
    warm_up_seconds: float
    error_samples: list[str] = field(default_factory=list)
    target: str = "in process"   # or the API's URL (``run_http_load``)
    server_start_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def question_scripts(names: Sequence[str] | None = None) -> list[list[Turn]]:
    """Each single question as a one-turn script, each conversation as its turns (in the sets' order)."""
    from evals.questions.schema import Conversation, load_sets

    scripts: list[list[Turn]] = []
    for items in load_sets(names=list(names) if names else None).values():
        for item in items:
            if isinstance(item, Conversation):
                scripts.append([Turn(t.question, item.audience, t.quarter) for t in item.turns])
            else:
                scripts.append([Turn(item.question, item.audience, item.quarter)])
    if not scripts:
        raise LeagueError("No evaluation questions were found in evals/questions; add a set first.")
    return scripts


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (rank - low), 1)


def _problem(reply: Any) -> str | None:
    from assistant.answer_types import Answer

    if not isinstance(reply, Answer):
        return f"returned {type(reply).__name__}, not an Answer"
    if not reply.answer or not reply.answer.strip():
        return "returned an empty answer"
    if reply.answer.startswith(INTERNAL_FAILURE):
        return "answered with the internal-failure apology"
    return None


def run_load(sessions: int = 50, questions: int = 20, *, scripts: list[list[Turn]] | None = None,
             answer_fn: Callable[..., Any] | None = None, session_factory: Callable[..., Any] | None = None,
             warm_up: bool = True, time_limit: float = 600.0) -> LoadReport:
    """``sessions`` threads, each asking ``questions`` questions at once; stops asking after ``time_limit`` s."""
    if sessions < 1 or questions < 1:
        raise LeagueError("Give at least one session and one question per session (--sessions, --questions).")
    if answer_fn is None or session_factory is None:
        from assistant.answering import answer
        from assistant.session import Session

        answer_fn, session_factory = answer_fn or answer, session_factory or Session
    scripts = scripts if scripts is not None else question_scripts()
    warm_started = time.perf_counter()
    if warm_up:  # load the data, the embedding model and the index once, outside the timed run
        for question in WARM_UP:
            answer_fn(question, session=session_factory())
    warm_up_seconds = time.perf_counter() - warm_started

    latencies: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(sessions)
    deadline = time.monotonic() + time_limit

    def one_session(number: int) -> None:
        barrier.wait()
        asked, script_number = 0, number * 7  # spread the sessions' starting points over the sets
        while asked < questions and time.monotonic() < deadline:
            turns = scripts[script_number % len(scripts)]
            script_number += 1
            session = session_factory(audience=turns[0].audience)
            for turn in turns[: questions - asked]:
                session.quarter = turn.quarter
                started = time.perf_counter()
                try:
                    reply = answer_fn(turn.question, session=session, audience=turn.audience)
                    problem = _problem(reply)
                except Exception as error:  # noqa: BLE001 - counted, never fatal to the run
                    problem = f"raised {type(error).__name__}: {error}"
                elapsed = 1000 * (time.perf_counter() - started)
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        problems.append(f"{turn.question[:80]!r}: {problem}")
                asked += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions, thread_name_prefix="load-session") as pool:
        for future in [pool.submit(one_session, n) for n in range(sessions)]:
            future.result()
    seconds = time.perf_counter() - started
    answered = len(latencies) - len(problems)
    return LoadReport(sessions=sessions, questions_per_session=questions, answered=answered, errors=len(problems),
                      seconds=round(seconds, 2), throughput=round(len(latencies) / seconds, 1) if seconds else 0.0,
                      p50_ms=_percentile(latencies, 0.50), p95_ms=_percentile(latencies, 0.95),
                      max_ms=round(max(latencies), 1) if latencies else None,
                      warm_up_seconds=round(warm_up_seconds, 2), error_samples=problems[:5])


def render(report: LoadReport) -> str:
    how = ("concurrent threads, in process" if report.target == "in process"
           else f"concurrent HTTP clients, {report.target}")
    started = ("" if report.server_start_seconds is None
               else f"; server start {report.server_start_seconds} s")
    lines = [f"sessions            {report.sessions} ({how})",
             f"questions answered  {report.answered} of {report.sessions * report.questions_per_session}",
             f"errors              {report.errors}",
             f"wall time           {report.seconds} s (warm-up {report.warm_up_seconds} s, not counted{started})",
             f"throughput          {report.throughput} answers/s",
             f"latency             p50 {report.p50_ms} ms, p95 {report.p95_ms} ms, max {report.max_ms} ms"]
    lines += [f"  error: {sample}" for sample in report.error_samples]
    return "\n".join(lines)


# ---------------------------------------------------------------- over HTTP: many clients against `nhs-league serve`
def _post_question(connection: Any, path: str, turn: Turn) -> str | None:
    """Ask one question on an open connection; a problem as text, or None."""
    body = json.dumps({"question": turn.question, "audience": turn.audience, "quarter": turn.quarter})
    connection.request("POST", path, body=body.encode(), headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        return f"HTTP {response.status}: {data[:120].decode(errors='replace')}"
    reply = json.loads(data)
    if not str(reply.get("answer", "")).strip():
        return "returned an empty answer"
    if str(reply["answer"]).startswith(INTERNAL_FAILURE):
        return "answered with the internal-failure apology"
    return None


def run_http_load(url: str, sessions: int = 50, questions: int = 10, *, scripts: list[list[Turn]] | None = None,
                  warm_up: bool = True, time_limit: float = 600.0, timeout: float = 60.0) -> LoadReport:
    """``sessions`` client threads, each posting ``questions`` questions to ``url``/ask at once (loopback only)."""
    import http.client
    from urllib.parse import urlsplit

    if sessions < 1 or questions < 1:
        raise LeagueError("Give at least one session and one question per session (--sessions, --questions).")
    parts = urlsplit(url if "//" in url else f"http://{url}")
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise LeagueError(f"The HTTP load test only targets this machine (http://127.0.0.1:PORT), not {url!r}.")
    host, port, path = parts.hostname, parts.port or 80, parts.path.rstrip("/") + "/ask"
    singles = [s[0] for s in (scripts if scripts is not None else question_scripts()) if len(s) == 1]
    if not singles:
        raise LeagueError("No single questions to ask; choose a set with single questions (--set).")
    warm_started = time.perf_counter()
    if warm_up:  # every worker loads its data and model at start; this checks the path end to end
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            for question in WARM_UP:
                problem = _post_question(connection, path, Turn(question))
                if problem:
                    raise LeagueError(f"The API at {url} did not answer a warm-up question ({problem}).")
        except OSError as error:
            raise LeagueError(f"Could not reach the API at {url} ({error}); start it with `nhs-league serve`.") \
                from error
        finally:
            connection.close()
    warm_up_seconds = time.perf_counter() - warm_started

    latencies: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(sessions)
    deadline = time.monotonic() + time_limit

    def one_client(number: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        barrier.wait()
        try:
            for asked in range(questions):
                if time.monotonic() >= deadline:
                    break
                turn = singles[(number * 7 + asked) % len(singles)]
                started = time.perf_counter()
                try:
                    problem = _post_question(connection, path, turn)
                except (OSError, http.client.HTTPException, ValueError) as error:
                    problem = f"{type(error).__name__}: {error}"
                    connection.close()  # reconnect on the next question
                elapsed = 1000 * (time.perf_counter() - started)
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        problems.append(f"{turn.question[:80]!r}: {problem}")
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions, thread_name_prefix="http-client") as pool:
        for future in [pool.submit(one_client, n) for n in range(sessions)]:
            future.result()
    seconds = time.perf_counter() - started
    return LoadReport(sessions=sessions, questions_per_session=questions, answered=len(latencies) - len(problems),
                      errors=len(problems), seconds=round(seconds, 2),
                      throughput=round(len(latencies) / seconds, 1) if seconds else 0.0,
                      p50_ms=_percentile(latencies, 0.50), p95_ms=_percentile(latencies, 0.95),
                      max_ms=round(max(latencies), 1) if latencies else None,
                      warm_up_seconds=round(warm_up_seconds, 2), error_samples=problems[:5],
                      target=f"{parts.scheme}://{host}:{port}")


@contextmanager
def serving_api(workers: int | None = None, start_limit: float = 180.0) -> Iterator[tuple[str, float]]:
    """Start ``nhs-league serve`` on 127.0.0.1 and a free port (rate limit off); yield its URL and start time."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "nhs_league.cli", "serve", "--port", str(port), "--rate-limit", "0"]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "NO_PROXY": "127.0.0.1"}, start_new_session=True)
    started = time.perf_counter()
    try:
        while True:
            if server.poll() is not None:
                raise LeagueError("The API exited while starting: "
                                  f"{_stderr_tail(server)}")
            try:
                if _get(f"{base}/health", 2)[0] == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() - started > start_limit:
                raise LeagueError(f"The API did not become healthy within {start_limit:.0f} s; "
                                  "try `nhs-league serve` to see why.")
            time.sleep(0.2)
        yield base, round(time.perf_counter() - started, 2)
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    if server.stderr is not None:
        server.stderr.close()


# ---------------------------------------------------------------- optional: a burst against the Streamlit app
@dataclass
class BurstReport:
    loads: int
    ok: int
    errors: int
    seconds: float
    p50_ms: float | None
    p95_ms: float | None
    startup_seconds: float
    error_samples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stderr_tail(server: subprocess.Popen) -> str:
    """The end of a server's error output (it was started with stderr=PIPE)."""
    return (server.stderr.read() if server.stderr else b"").decode(errors="replace")[-300:].strip()


def _get(url: str, timeout: float) -> tuple[int, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status, 1000 * (time.perf_counter() - started)


def burst_streamlit(loads: int = 100, concurrency: int = 20, time_limit: float = 120.0) -> BurstReport:
    """Start the app on 127.0.0.1 and a free port, make ``loads`` concurrent page loads, then stop it."""
    if not UI_APP.is_file():
        raise LeagueError(f"There is no Streamlit app at {UI_APP}; run the load test without --streamlit.")
    loads, concurrency = max(1, min(loads, 1000)), max(1, min(concurrency, 50))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(UI_APP), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "NO_PROXY": "127.0.0.1"}, start_new_session=True)
    started = time.perf_counter()
    try:
        while True:
            if server.poll() is not None:
                raise LeagueError("The Streamlit app exited while starting: "
                                  f"{_stderr_tail(server)}")
            try:
                if _get(f"{base}/_stcore/health", 2)[0] == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() - started > 60:
                raise LeagueError("The Streamlit app did not become healthy within 60 s; try `nhs-league app`.")
            time.sleep(0.2)
        startup = time.perf_counter() - started
        deadline = time.monotonic() + time_limit
        latencies: list[float] = []
        problems: list[str] = []

        def load(number: int) -> None:
            if time.monotonic() > deadline:
                problems.append("time limit reached before this load")
                return
            url = base + ("/" if number % 2 == 0 else "/_stcore/health")
            try:
                status, elapsed = _get(url, 10)
                latencies.append(elapsed)
                if status != 200:
                    problems.append(f"{url}: HTTP {status}")
            except OSError as error:
                problems.append(f"{url}: {type(error).__name__}: {error}")

        burst_started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="page-load") as pool:
            list(pool.map(load, range(loads)))
        seconds = time.perf_counter() - burst_started
        return BurstReport(loads=loads, ok=loads - len(problems), errors=len(problems), seconds=round(seconds, 2),
                           p50_ms=_percentile(latencies, 0.5), p95_ms=_percentile(latencies, 0.95),
                           startup_seconds=round(startup, 2), error_samples=problems[:5])
    finally:
        _stop(server)


def render_burst(report: BurstReport) -> str:
    lines = [f"streamlit page loads {report.loads} ({report.ok} ok, {report.errors} errors) in {report.seconds} s "
             f"(server start {report.startup_seconds} s)",
             f"page-load latency    p50 {report.p50_ms} ms, p95 {report.p95_ms} ms"]
    lines += [f"  error: {sample}" for sample in report.error_samples]
    return "\n".join(lines)
