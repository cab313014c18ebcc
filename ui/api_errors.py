"""The API's errors: every one is JSON ``{"status": ..., "error": "one plain sentence"}`` (plus ``candidates``
for a trust that is unknown or ambiguous). Validation problems are put in words a person can act on; an
unexpected failure is logged on the server with its traceback and answered with a plain 500."""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from nhs_league.errors import AmbiguousTrust, LeagueError, StoreMissing, UnknownTrust

log = logging.getLogger("nhs_league.api")

MAX_QUESTION_CHARS = 500          # the same cap as the app's chat box


class ApiError(Exception):
    """An error with its HTTP status and the one sentence a client sees."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


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
        extra: dict[str, Any] = ({"candidates": _candidates(store, error)}
                                 if isinstance(error, (UnknownTrust, AmbiguousTrust)) else {})
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
