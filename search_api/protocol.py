"""HTTP below the routes: a request id, HEAD as GET, NUL characters refused, uvicorn's own 400 in the error shape.

- Every response carries ``X-Request-ID`` (the caller's if it sent a plain one, else a new one; the
  error handlers put it in 5xx bodies and the log line with the details).

- ``HEAD`` answers wherever ``GET`` does, with the same status and headers and no body (RFC 9110 §9.3.2).
- A NUL character (``%00``) in a path or query, a question or a file name is refused with a 400/422
  in the one error shape: it is never part of a Vietnamese word and it truncates names in C code.
- A request uvicorn cannot parse (headers over h11's limit, a broken request line) never reaches the
  app; ``ErrorShapeH11Protocol`` makes uvicorn's own answer to it the error shape instead of plain text.
"""

from __future__ import annotations

import json

import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from kb.errors import InputError
from search_api.errors import error_body, request_id

NUL_MESSAGE = "Yêu cầu chứa ký tự NUL (\\0, %00): không dùng được trong tên tệp, câu hỏi hay từ khóa tìm kiếm."
UNPARSABLE = ("Yêu cầu HTTP không đọc được (phần đầu quá lớn hoặc sai cú pháp). "
              "Hãy rút gọn phần đầu (headers) và gửi lại.")


def refuse_nul(text: str) -> str:
    """``text`` unchanged, or ``InputError`` (400) if it holds a NUL character."""
    if "\x00" in text:
        raise InputError("the request holds a NUL character (\\0, %00)", vi=NUL_MESSAGE)
    return text


def no_nul(text: str) -> str:
    """The same rule as a pydantic validator (``AfterValidator``): a 422 naming the field."""
    if "\x00" in text:
        raise ValueError(NUL_MESSAGE)
    return text


def _encoded(code: str, message: str) -> bytes:
    return json.dumps(error_body(code, message), ensure_ascii=False, separators=(",", ":")).encode()


async def _answer(send: Send, status: int, content: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]})
    await send({"type": "http.response.body", "body": content})


def _with_request_id(send: Send, rid: bytes) -> Send:
    """``send`` adding ``X-Request-ID`` to the response's headers (unless an error handler did)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or [])
            if not any(k.lower() == b"x-request-id" for k, _ in headers):
                message = {**message, "headers": [*headers, (b"x-request-id", rid)]}
        await send(message)

    return sending


class RequestHygiene:
    """ASGI middleware: an ``X-Request-ID``; NUL in the path or query → 400; HEAD → GET without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        send = _with_request_id(send, request_id(scope).encode())
        if b"%00" in scope.get("query_string", b"") or "\x00" in scope["path"] or b"%00" in scope.get("raw_path", b""):
            return await _answer(send, 400, _encoded("bad_request", NUL_MESSAGE))
        if scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class ErrorShapeH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, whose answer to a request it cannot parse is in the one error shape."""

    def send_400_response(self, msg: str) -> None:
        content = _encoded("bad_request", UNPARSABLE)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode()),
                   (b"connection", b"close")]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                      h11.Data(data=content), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()
