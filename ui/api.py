"""``nhs-league serve``: the JSON API (FastAPI, served by uvicorn in several worker processes).

- ``POST /ask``: ``{"question": ..., "audience": "public|staff|press", "quarter": optional}`` → exactly what
  ``nhs-league ask --json`` prints for that question (``assistant.answering.answer`` → ``Answer.to_dict``);
- ``GET /trusts/{code}``: a trust's explanation (``scoring.explain.explain``, as the app shows it); a name may
  be given instead of the ODS code and resolves as on the command line; ``?quarter=``, ``?audience=``;
- ``GET /tables/{type}``: a league table, the same rows as ``nhs-league table`` (``?quarter=``, ``?format=json|csv``);
- ``GET /health``; OpenAPI at ``/openapi.json`` and its pages at ``/docs`` (assets served from here, no CDN).

Every request stands alone (no sessions), so any number of workers or replicas can serve it. The guards
(``ui.api_limits``) are plain ASGI: a body over ``MAX_BODY_BYTES`` is refused with 413, and a client (by address)
over its rate limit with 429 and ``Retry-After``; a question over ``MAX_QUESTION_CHARS`` gets 422. Every error
is JSON ``{"status": ..., "error": "one plain sentence"}`` (``ui.api_errors``); a traceback goes to the server's
log, never to a client. CORS is off unless origins are given. Heavy things load when a worker starts
(``lifespan``), never at import.
"""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from nhs_league.errors import QuestionRejected
from ui.api_errors import MAX_QUESTION_CHARS, ApiError, install_error_handlers, json_response
from ui.api_limits import MAX_BODY_BYTES, Guard, RateLimiter, Turns, rate_limit_from_env

__all__ = ["MAX_BODY_BYTES", "MAX_QUESTION_CHARS", "RateLimiter", "create_app", "rate_limit_from_env", "serve_app"]

CORS_ENV = "NHS_LEAGUE_CORS_ORIGINS"
WARM_ENV = "NHS_LEAGUE_API_WARM"
WARM_UP = ("how is Kingston doing", "what is the financial override")
Audience = Literal["public", "staff", "press"]


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                          description=f"The question in plain English (at most {MAX_QUESTION_CHARS} characters).",
                          examples=["Why is Kingston in segment 3?"])
    audience: Audience = Field("public", description="Who the answer is written for.")
    quarter: str | None = Field(None, description='The quarter in view, e.g. "Q1 2025/26" (default: the latest).')


def cors_origins_from_env() -> list[str]:
    return [o.strip() for o in os.environ.get(CORS_ENV, "").split(",") if o.strip()]


def _warm(store: Any) -> None:
    """Load the engine results, the embedding model and the passage index before taking requests."""
    import torch

    from assistant.answering import answer
    from scoring.explain import release_cache
    from scoring.explain.quarter_results import base_result
    from scoring.frameworks import is_recomputed

    # One worker per core: a second intra-op thread per worker only contends with the other workers (on this
    # 2-core machine under load, a query embedding took a median 200 ms with two threads and 20 ms with one).
    torch.set_num_threads(1)
    release_cache.preload(store)  # every cached answer part in memory: none waits to be unpickled
    for question in WARM_UP:
        answer(question, store=store)
    for quarter in store.quarters:  # every quarter's engine results (read from the release cache when built)
        if is_recomputed(quarter):
            base_result(store, quarter)


def create_app(*, rate_limit: int | None = None, cors_origins: list[str] | None = None, warm: bool = False,
               store: Any = None) -> FastAPI:
    """The API. ``rate_limit`` in requests a minute per client (None: from the environment; 0: off)."""
    from fastapi_offline import FastAPIOffline

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.store is None:
            from scoring.store import load_store

            app.state.store = load_store()
        from scoring.explain import release_cache

        release_cache.open_for(app.state.store)  # once per worker; a missing cache is logged, answers computed
        if warm:
            _warm(app.state.store)
        yield

    app = FastAPIOffline(title="NHS league tables, explained", version=_version(), lifespan=lifespan,
                         redoc_url=None, description=(
                             "Plain-language answers and figures about NHS England's trust league tables (NHS "
                             "Oversight Framework). Every number comes from NHS England's published data."))
    app.state.store = store
    app.state.turns = Turns()  # answers are computed one at a time, in order of arrival (see Turns)
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
        with request.app.state.turns:
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
        with request.app.state.turns:
            return json_response(explain(store, code, quarter, audience).to_dict())

    @app.get("/tables/{table}", summary="A league table",
             description="The same rows as `nhs-league table`: `acute`, `mental-health-community` or `ambulance`.",
             response_model=None)
    def table(table: str, request: Request, quarter: str | None = None,
              format: Literal["json", "csv"] = Query("json")) -> Any:
        from scoring.catalogue import TABLES
        from scoring.cli import csv_text, table_frame

        if table not in TABLES:
            raise ApiError(404, f"There is no {table!r} table. Tables: {', '.join(TABLES)}.")
        with request.app.state.turns:
            frame, result = table_frame(request.app.state.store, table, quarter)
        if format == "csv":
            name = f"{table}-{result.quarter.replace(' ', '-').replace('/', '-')}.csv"
            return Response(csv_text(frame), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
        rows = json.loads(frame.to_json(orient="records"))
        return json_response({"table": table, "quarter": result.quarter, "count": len(rows), "rows": rows})
