"""``nhs-league serve``: the JSON API (FastAPI, served by uvicorn in several worker processes).

- ``POST /ask``: ``{"question": ..., "audience": "public|staff|press", "quarter": optional}`` → exactly what
  ``nhs-league ask --json`` prints for that question (``assistant.answering.answer`` → ``Answer.to_dict``);
- ``GET /trusts/{code}``: a trust's explanation (``scoring.explain.explain``, as the app shows it); a name may
  be given instead of the ODS code and resolves as on the command line; ``?quarter=``, ``?audience=``;
- ``GET /tables/{type}``: a league table, the same rows as ``nhs-league table`` (``?quarter=``, ``?format=json|csv``);
- ``GET /health``; OpenAPI at ``/openapi.json`` and its pages at ``/docs`` (assets served from here, no CDN).

Every request stands alone (no sessions), so any number of workers or replicas can serve it. The guards are
plain ASGI: a body over ``MAX_BODY_BYTES`` is refused with 413, a question over ``MAX_QUESTION_CHARS`` with 422,
and a client (by address) over its rate limit with 429 and ``Retry-After``. Every error is JSON
``{"status": ..., "error": "one plain sentence"}``; a traceback goes to the server's log, never to a client.
CORS is off unless origins are given. Heavy things load when a worker starts (``lifespan``), never at import.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import threading
import time
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from nhs_league.errors import AmbiguousTrust, LeagueError, QuestionRejected, StoreMissing, UnknownTrust

log = logging.getLogger("nhs_league.api")

RATE_LIMIT_ENV = "NHS_LEAGUE_RATE_LIMIT"
CORS_ENV = "NHS_LEAGUE_CORS_ORIGINS"
WARM_ENV = "NHS_LEAGUE_API_WARM"
DEFAULT_RATE_LIMIT = 120          # requests a minute per client address, per worker process
MAX_BODY_BYTES = 16 * 1024
MAX_QUESTION_CHARS = 500          # the same cap as the app's chat box
UNLIMITED_PATHS = ("/health", "/docs", "/openapi.json", "/static-offline-docs")
WARM_UP = ("how is Kingston doing", "what is the financial override")
Audience = Literal["public", "staff", "press"]


class ApiError(Exception):
    """An error with its HTTP status and the one sentence a client sees."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                          description=f"The question in plain English (at most {MAX_QUESTION_CHARS} characters).",
                          examples=["Why is Kingston in segment 3?"])
    audience: Audience = Field("public", description="Who the answer is written for.")
    quarter: str | None = Field(None, description='The quarter in view, e.g. "Q1 2025/26" (default: the latest).')


# ------------------------------------------------------------------------------------------------ settings
def rate_limit_from_env() -> int:
    """Requests a minute per client from ``NHS_LEAGUE_RATE_LIMIT`` (0 turns the limit off)."""
    text = os.environ.get(RATE_LIMIT_ENV, "").strip()
    if not text:
        return DEFAULT_RATE_LIMIT
    if not text.isdigit():
        raise LeagueError(f"{RATE_LIMIT_ENV} must be a whole number of requests a minute (0 turns the limit off), "
                          f"not {text!r}.")
    return int(text)


def cors_origins_from_env() -> list[str]:
    return [o.strip() for o in os.environ.get(CORS_ENV, "").split(",") if o.strip()]


# ------------------------------------------------------------------------------------------------ JSON
def plain_json(value: Any) -> Any:
    """JSON-safe: numpy scalars as Python numbers, NaN and infinities as null, anything else unknown as text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain_json(v) for v in value]
    if hasattr(value, "item"):
        return plain_json(value.item())
    return str(value)


def json_response(value: Any) -> Response:
    """``value`` as JSON text the way ``nhs-league ask --json`` writes it (``default=str``), but strict: a NaN or
    an infinity becomes null. Returned as a ready ``Response``, so FastAPI does not re-encode a large answer."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:
        text = json.dumps(plain_json(value), ensure_ascii=False, default=str)
    return Response(text, media_type="application/json")


def error_response(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"status": status, "error": message, **plain_json(extra)}, status_code=status,
                        headers=headers)


# ------------------------------------------------------------------------------------------------ guards
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

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]],
                       send: Callable[[dict], Awaitable[None]]) -> None:
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

    async def _read_body(self, scope: dict, receive: Callable[[], Awaitable[dict]]) -> tuple[bytes, bool]:
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


def _replay(body: bytes) -> Callable[[], Awaitable[dict]]:
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


# ------------------------------------------------------------------------------------------------ errors
def _validation_message(error: RequestValidationError) -> tuple[int, str]:
    problems = error.errors()
    first = problems[0] if problems else {}
    kind, where = first.get("type", ""), [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    field_name = where[0] if where else ""
    if kind == "json_invalid":
        return 400, ('The request body is not valid JSON. Send an object such as '
                     '{"question": "How is Kingston doing?", "audience": "public"}.')
    if kind in ("model_attributes_type", "dict_type") or (not field_name and kind):
        return 422, 'Send a JSON object such as {"question": "How is Kingston doing?", "audience": "public"}.'
    if field_name == "question" and kind == "string_too_long":
        return 422, (f"The question is too long: at most {MAX_QUESTION_CHARS} characters. "
                     "Shorten it and ask again.")
    if field_name == "question":
        return 422, 'Give a question as text, e.g. {"question": "How is Kingston doing?"}.'
    if field_name == "audience":
        return 422, "audience must be one of public, staff or press."
    if field_name == "format":
        return 422, "format must be json or csv."
    return 422, f"{field_name or 'The request'} is not valid: {first.get('msg', 'check it and try again')}."


def _league_status(error: LeagueError) -> int:
    name = type(error).__name__
    if isinstance(error, StoreMissing):
        return 503
    if isinstance(error, (UnknownTrust, AmbiguousTrust)) or name in ("UnknownQuarter", "UnknownTable",
                                                                     "TrustNotInQuarter"):
        return 404
    return 422


def _candidates(store: Any, error: LeagueError) -> list[dict[str, str]]:
    if isinstance(error, AmbiguousTrust):
        return [{"trust_code": c, "trust_name": n} for c, n in error.candidates]
    if isinstance(error, UnknownTrust) and store is not None:
        codes = dict(zip(store.trusts["trust_name"], store.trusts["trust_code"]))
        return [{"trust_code": str(codes.get(n, "")), "trust_name": n} for n in error.suggestions]
    return []


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.message, **error.extra)

    @app.exception_handler(LeagueError)
    async def league_error(request: Request, error: LeagueError) -> JSONResponse:
        store = getattr(request.app.state, "store", None)
        extra = {"candidates": _candidates(store, error)} if isinstance(error, (UnknownTrust, AmbiguousTrust)) else {}
        return error_response(_league_status(error), str(error), **extra)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        status, message = _validation_message(error)
        return error_response(status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            message = f"There is no {request.url.path} here. The endpoints are listed at /docs."
        elif error.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}. The endpoints are listed at /docs."
        else:
            message = str(error.detail)
        return error_response(error.status_code, message, headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, "Something went wrong on the server; it has been logged. Try again later.")


# ------------------------------------------------------------------------------------------------ the app
def _warm(store: Any) -> None:
    """Load the engine results, the embedding model and the passage index before taking requests."""
    from assistant.answering import answer

    for question in WARM_UP:
        answer(question, store=store)


def create_app(*, rate_limit: int | None = None, cors_origins: list[str] | None = None, warm: bool = False,
               store: Any = None) -> FastAPI:
    """The API. ``rate_limit`` in requests a minute per client (None: from the environment; 0: off)."""
    from fastapi_offline import FastAPIOffline

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.store is None:
            from scoring.store import load_store

            app.state.store = load_store()
        if warm:
            _warm(app.state.store)
        yield

    app = FastAPIOffline(title="NHS league tables, explained", version=_version(), lifespan=lifespan,
                         redoc_url=None, description=(
                             "Plain-language answers and figures about NHS England's trust league tables (NHS "
                             "Oversight Framework). Every number comes from NHS England's published data."))
    app.state.store = store
    install_error_handlers(app)
    _routes(app)
    if cors_origins is None:
        cors_origins = cors_origins_from_env()
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"])
    limit = rate_limit_from_env() if rate_limit is None else rate_limit
    app.add_middleware(Guard, limiter=RateLimiter(limit) if limit > 0 else None)
    return app


def serve_app() -> FastAPI:
    """The factory uvicorn's workers call (settings come through the environment)."""
    return create_app(warm=os.environ.get(WARM_ENV, "1") != "0")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nhs-league-assistant")
    except PackageNotFoundError:
        return "0"


def _routes(app: FastAPI) -> None:
    @app.get("/health", summary="Is the service up?")
    def health(request: Request) -> dict[str, Any]:
        store = request.app.state.store
        return {"status": "ok", "quarters": list(store.quarters) if store is not None else []}

    @app.post("/ask", summary="Ask a question in plain English",
              description="Returns what `nhs-league ask --json` prints: the answer text, its facts (every number, "
                          "with its source), citations and follow-up questions. Each request stands alone.")
    def ask(body: AskRequest, request: Request) -> Response:
        from assistant.answering import answer
        from assistant.session import Session

        if not body.question.strip():
            raise QuestionRejected('Give a question as text, e.g. {"question": "How is Kingston doing?"}.')
        session = Session(audience=body.audience, quarter=body.quarter)
        reply = answer(body.question, session=session, audience=body.audience, store=request.app.state.store)
        return json_response(reply.to_dict())

    @app.get("/trusts/{trust}", summary="One trust's position, explained",
             description="The trust's segment, rank, average score, the override and each metric, with sources. "
                         "`trust` is an ODS code (e.g. RAX) or a name.")
    def trust(trust: str, request: Request, quarter: str | None = None,
              audience: Audience = "public") -> Response:
        from scoring.explain import explain, resolve_trust

        store = request.app.state.store
        code = resolve_trust(store, trust)
        if quarter is None:  # the latest quarter whose data includes the trust's table, as in the app
            table = str(store.trust(code)["table"])
            quarter = next((q for q in reversed(store.quarters) if table in store.tables_in(q)), None)
        return json_response(explain(store, code, quarter, audience).to_dict())

    @app.get("/tables/{table}", summary="A league table",
             description="The same rows as `nhs-league table`: `acute`, `mental-health-community` or `ambulance`.",
             response_model=None)
    def table(table: str, request: Request, quarter: str | None = None,
              format: Literal["json", "csv"] = Query("json")) -> Any:
        from scoring.catalogue import TABLES
        from scoring.cli import table_frame

        if table not in TABLES:
            raise ApiError(404, f"There is no {table!r} table. Tables: {', '.join(TABLES)}.")
        frame, result = table_frame(request.app.state.store, table, quarter)
        if format == "csv":
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False, lineterminator="\n")
            name = f"{table}-{result.quarter.replace(' ', '-').replace('/', '-')}.csv"
            return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
        rows = json.loads(frame.to_json(orient="records"))
        return json_response({"table": table, "quarter": result.quarter, "count": len(rows), "rows": rows})
