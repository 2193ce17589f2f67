"""Upload routes read no byte of a body before the caller's key and the body's size pass.

FastAPI parses a multipart body (spooling it to a temporary file) before it runs a route's
dependencies, so for ``POST /documents`` and ``PUT /documents/{id}`` this route class checks first:
401/403 for a missing or weak key, 413 for a ``Content-Length`` over the limit, and for a body sent
without one (chunked), 413 as soon as what has arrived passes the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive

from kb.config import Settings
from kb.errors import TooLarge
from search_api.deps import authorize

_FRAMING = 1 << 16  # what multipart adds around the file


def file_limit(settings: Settings) -> int:
    """The largest file accepted, in bytes (``KB_MAX_UPLOAD_MB``)."""
    return int(settings.max_upload_mb * (1 << 20))


def too_large(settings: Settings) -> TooLarge:
    mb = settings.max_upload_mb
    return TooLarge(f"the upload is larger than the limit of {mb:g} MB (KB_MAX_UPLOAD_MB)",
                    vi=f"Tệp tải lên vượt quá giới hạn {mb:g} MB (KB_MAX_UPLOAD_MB).")


class _Counted:
    """A ``receive`` that stops the body once more than ``limit`` bytes have come."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive, self.limit, self.size, self.over = receive, limit, 0, False

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                self.over = True
                raise HTTPException(413)  # FastAPI passes it on; the route turns it into ``too_large``
        return message


class UploadRoute(APIRoute):
    """A route that takes an upload: the editor key, then the size, before the body is read."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            authorize(request, "editor")
            settings: Settings = request.app.state.kb.settings
            limit = file_limit(settings) + _FRAMING
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise too_large(settings)
            body = _Counted(request.receive, limit)
            try:
                return await handler(Request(request.scope, body))
            except HTTPException:
                if body.over:
                    raise too_large(settings) from None
                raise

        return guarded
