"""The one error shape: ``{"error": {"code": "...", "message": "..."}}`` for every 4xx and 5xx.

``kb.errors`` classes carry their status; validation errors become 422, unknown routes 404, a full disk
507 ``insufficient_storage`` (whatever raised it: SQLite, the OS, the store engine), and anything else
unexpected a 500 ``internal_error`` whose message says nothing of the internals. Every response carries
an ``X-Request-ID``; a 5xx body carries it too (``error.request_id``) and the server's log line of the
error starts with it, so an operator finds the details a caller was not shown. ``message`` is Vietnamese,
English when the request asks for it (``Accept-Language: en``; ``search_api.messages``); ``code`` is
the same in both.
"""

from __future__ import annotations

import logging
import re
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.errors import AuthError, InsufficientStorage, KBError, disk_full
from search_api import messages
from search_api.messages import language

log = logging.getLogger(__name__)

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 415: "unsupported_format", 422: "invalid_request"}


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["Không có văn bản nào mang mã 'abc'."],
                         description="Vietnamese; English with Accept-Language: en")
    request_id: str | None = Field(None, description="5xx only: the id of the server's log line with the details")


class ErrorBody(BaseModel):
    """The one error shape of every 4xx and 5xx."""

    error: ErrorDetail


_DESCRIPTIONS = {400: "Bad request", 401: "Missing or wrong API key", 403: "Key without the needed role",
                 404: "Not found", 409: "Conflict", 413: "Upload too large", 415: "Unsupported file type",
                 422: "Invalid request or unreadable document",
                 503: "Store or embedder unavailable, or the upload queue full (Retry-After)",
                 507: "The server's disk is full"}
ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorBody, "description": text} for status, text in _DESCRIPTIONS.items()}


def error_body(code: str, message: str, request_id: str | None = None) -> dict:
    detail = {"code": code, "message": message} | ({"request_id": request_id} if request_id else {})
    return {"error": detail}


REQUEST_ID = "kb.request_id"  # where a request's id is kept in its ASGI scope
_CALLER_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id(scope: dict) -> str:
    """The request's id: the caller's ``X-Request-ID`` if it is a plain token, else a new one; kept in ``scope``."""
    if REQUEST_ID not in scope:
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        scope[REQUEST_ID] = given if _CALLER_ID.fullmatch(given) else uuid.uuid4().hex[:16]
    return scope[REQUEST_ID]


def _methods_of(request: Request) -> set[str]:
    """The methods the OpenAPI description lists for the requested path."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = "^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, request.url.path):
            methods |= {m.upper() for m in operations}
    return methods


def error_response(request: Request, exc: KBError) -> JSONResponse:
    """A ``KBError`` in the one shape, in the request's language (a 401 says how to authenticate)."""
    headers = {"WWW-Authenticate": 'Bearer realm="kb"'} if isinstance(exc, AuthError) else {}
    if retry := getattr(exc, "retry_after", None):  # e.g. the upload queue is full
        headers["Retry-After"] = str(retry)
    rid = request_id(request.scope)
    headers["X-Request-ID"] = rid
    if exc.status >= 500:  # the cause (an engine's or the OS's words) goes to the log only
        log.error("[%s] %s %s: %s", rid, request.method, request.url.path, exc.message, exc_info=exc.__cause__)
    message = exc.text(language(request))
    body = error_body(exc.code, message, rid if exc.status >= 500 else None)
    if (dify_code := getattr(exc, "dify_code", None)) is not None:  # what Dify's External Knowledge API reads
        body |= {"error_code": dify_code, "error_msg": message}
    return JSONResponse(body, status_code=exc.status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(KBError)
    async def kb_error(request: Request, exc: KBError) -> JSONResponse:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        message = messages.validation_message(list(exc.errors()), language(request))
        return JSONResponse(error_body("invalid_request", message), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        message = messages.status_message(exc.status_code, detail, request.method, language(request))
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every method the path has, not only those of the first route matched
            headers["Allow"] = ", ".join(sorted(_methods_of(request)))
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_response(request, exc)


def unexpected_response(request: Request, exc: BaseException) -> JSONResponse:
    """What is not a ``KBError``: 507 if it says the disk is full, else 500; the details in the log only."""
    rid = request_id(request.scope)
    if disk_full(exc):
        full = InsufficientStorage("the server's disk is full")
        full.__cause__ = exc  # logged by error_response
        return error_response(request, full)
    log.error("[%s] unexpected error on %s %s", rid, request.method, request.url.path, exc_info=exc)
    body = error_body("internal_error", messages.INTERNAL[language(request)], rid)
    return JSONResponse(body, status_code=500, headers={"X-Request-ID": rid})
