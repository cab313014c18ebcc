"""The API's guards, as plain ASGI middleware that runs before the application: a per-client rate limit (429
with ``Retry-After``) and a cap on the request body (413). The limit is kept in each worker's memory. And
``Turns``: a worker computes one answer at a time, in order of arrival."""

from __future__ import annotations

import math
import os
from collections import deque
from types import TracebackType
import threading
import time
from typing import Any

from starlette.types import Receive, Scope, Send

from nhs_league.errors import LeagueError
from ui.api_errors import MAX_QUESTION_CHARS, error_response

RATE_LIMIT_ENV = "NHS_LEAGUE_RATE_LIMIT"
DEFAULT_RATE_LIMIT = 120          # requests a minute per client address, per worker process
MAX_BODY_BYTES = 16 * 1024
UNLIMITED_PATHS = ("/health", "/docs", "/openapi.json", "/static-offline-docs")


def rate_limit_from_env() -> int:
    """Requests a minute per client from ``NHS_LEAGUE_RATE_LIMIT`` (0 turns the limit off)."""
    text = os.environ.get(RATE_LIMIT_ENV, "").strip()
    if not text:
        return DEFAULT_RATE_LIMIT
    if not text.isdigit():
        raise LeagueError(f"{RATE_LIMIT_ENV} must be a whole number of requests a minute (0 turns the limit off), "
                          f"not {text!r}.")
    return int(text)



class RateLimiter:
    """A token bucket per client address: ``per_minute`` requests, refilled evenly over the minute."""

    MAX_CLIENTS = 10_000

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.buckets: dict[str, tuple[float, float]] = {}   # client → (tokens, when last updated)
        self.lock = threading.Lock()

    def wait_seconds(self, client: str, now: float | None = None) -> float:
        """0 if ``client`` may go ahead now (and counts the request), else the seconds until it may."""
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self.lock:
            tokens, then = self.buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - then) * rate)
            if tokens >= 1.0:
                self.buckets[client] = (tokens - 1.0, now)
                if len(self.buckets) > self.MAX_CLIENTS:
                    self._forget_idle(now)
                return 0.0
            self.buckets[client] = (tokens, now)
            return (1.0 - tokens) / rate

    def _forget_idle(self, now: float) -> None:
        full_after = 60.0  # a bucket idle for a minute is full again: forgetting it changes nothing
        self.buckets = {c: (t, w) for c, (t, w) in self.buckets.items() if now - w < full_after}


class Guard:
    """ASGI middleware: the rate limit (429) and the body-size limit (413), before the application runs."""

    def __init__(self, app: Any, limiter: RateLimiter | None, max_body: int = MAX_BODY_BYTES) -> None:
        self.app, self.limiter, self.max_body = app, limiter, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if self.limiter is not None and not path.startswith(UNLIMITED_PATHS):
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.limiter.wait_seconds(client)
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                message = (f"Too many requests from your address: the limit is {self.limiter.per_minute} a minute. "
                           f"Wait {seconds} s and try again.")
                await error_response(429, message, {"Retry-After": str(seconds)})(scope, receive, send)
                return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            body, too_big = await self._read_body(scope, receive)
            if too_big:
                message = (f"The request body is too large: at most {self.max_body:,} bytes. "
                           f"Send one question of at most {MAX_QUESTION_CHARS} characters.")
                await error_response(413, message)(scope, receive, send)
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    async def _read_body(self, scope: Scope, receive: Receive) -> tuple[bytes, bool]:
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            return b"", True
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return b"", True
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), False


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class Turns:
    """One request computes at a time, first come first served (a context manager shared by a worker's threads).

    An answer is CPU-bound Python under one GIL, so threads computing side by side finish no sooner in total; they
    all finish late together. In turn, each waits only for those that arrived before it: under 50 clients on two
    workers the slowest answers come back sooner (docs/results.md). ``threading.Lock`` alone promises no order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._busy = False

    def __enter__(self) -> None:
        with self._lock:
            if not self._busy:
                self._busy = True
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # the one before hands its turn straight to this one

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._busy = False
