"""Issue #16: an upload's key and size are checked before its body is read (a real ``kb serve``).

The requests are written on a plain socket, so the test sees how much of a body the server took
before it answered: a body it refuses must not be read (nor spooled to a temporary file).
"""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import clean_env, running_server, serve_args

EDITOR = "editor-key-0123456789abcdef"
READER = "reader-key-0123456789abcdef"
BOUNDARY = "kbtestboundary"
HUGE = 96 << 20  # what the client would send if the server kept reading
ENOUGH = 24 << 20  # more than the limit (1 MB) plus what the kernel's socket buffers can hold


@pytest.fixture(scope="module")
def base(module_tmp):
    data = module_tmp / "data"
    env = clean_env(KB_API_KEYS=f"editor:{EDITOR},reader:{READER}", KB_MAX_UPLOAD_MB="1")
    with running_server(serve_args(data), "/v1/healthz", env) as url:
        yield url


def _head(base: str, headers: dict[str, str], method: str = "POST", path: str = "/v1/documents") -> bytes:
    host = base.split("//")[1]
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}",
             f"Content-Type: multipart/form-data; boundary={BOUNDARY}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _body(total: int) -> Iterator[bytes]:
    yield (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
           "Content-Type: text/plain\r\n\r\n").encode()
    block = b"a" * (256 << 10)
    for _ in range(total // len(block)):
        yield block


def send_until_answered(base: str, headers: dict[str, str], chunked: bool = False) -> tuple[int, int, bytes]:
    """Writes a request of ``HUGE`` bytes until the server answers: (status, body bytes sent, reply)."""
    host, port = base.split("//")[1].split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(_head(base, headers))
        for chunk in _body(HUGE):
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
            except OSError:  # closed by the server after its answer
                break
            sent += len(chunk)
        reply = _read_reply(sock)
    return int(reply.split(b" ", 2)[1]), sent, reply


def _read_reply(sock: socket.socket) -> bytes:
    """The status line, headers and the whole body (``Content-Length`` of them) of the server's answer."""
    reply = b""
    while chunk := sock.recv(65536):
        reply += chunk
        head, sep, body = reply.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.lower().split(b"\r\n")
                       if line.startswith(b"content-length:")), None)
        if sep and length is not None and len(body) >= length:
            break
    return reply


def _assert_error(reply: bytes, code: str) -> None:
    """The reply's body is the one error shape with ``code``."""
    body = json.loads(reply.partition(b"\r\n\r\n")[2])
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"], body


def test_a_huge_body_without_a_key_is_refused_before_it_is_read(base):
    status, sent, reply = send_until_answered(base, {"Content-Length": str(HUGE)})
    assert status == 401 and sent < ENOUGH
    _assert_error(reply, "unauthorized")


def test_a_huge_body_with_a_reader_key_is_refused_before_it_is_read(base):
    status, sent, reply = send_until_answered(base, {"Content-Length": str(HUGE), "X-API-Key": READER})
    assert status == 403 and sent < ENOUGH
    _assert_error(reply, "forbidden")


def test_an_editor_declaring_a_body_over_the_limit_gets_413_at_once(base):
    status, sent, reply = send_until_answered(base, {"Content-Length": str(HUGE), "X-API-Key": EDITOR})
    assert status == 413 and sent < ENOUGH
    _assert_error(reply, "too_large")


def test_a_chunked_body_is_read_only_up_to_the_limit(base):
    status, sent, reply = send_until_answered(base, {"Transfer-Encoding": "chunked", "X-API-Key": EDITOR},
                                              chunked=True)
    assert status == 413 and sent < ENOUGH
    _assert_error(reply, "too_large")


def test_a_chunked_body_within_the_limit_is_ingested(base):
    text = "KẾ HOẠCH\nSở Nội vụ chủ trì số hóa hồ sơ cán bộ trước tháng 12/2026.".encode()
    parts = [(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="kh_nv.txt"\r\n'
              "Content-Type: text/plain\r\n\r\n").encode(), text, f"\r\n--{BOUNDARY}--\r\n".encode()]
    response = httpx.post(f"{base}/v1/documents", content=iter(parts), timeout=120,
                          headers={"X-API-Key": EDITOR, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    assert response.status_code == 201, response.text
    assert "content-length" not in response.request.headers


# -- item 10: HEAD, requests uvicorn cannot parse, NUL characters ----------------------------------

def test_head_answers_where_get_does(base):
    for path in ("/v1/healthz", "/v1/documents", "/"):
        head, get = httpx.head(f"{base}{path}"), httpx.get(f"{base}{path}")
        assert head.status_code == get.status_code == 200, (path, head.status_code)
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
    assert httpx.head(f"{base}/v1/documents/no-such-id").status_code == 404


def test_a_request_too_large_to_parse_gets_the_error_shape(base):
    host, port = base.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        try:  # the server may answer and close before the whole megabyte is sent, as a real client then sees
            sock.sendall(f"GET /v1/healthz HTTP/1.1\r\nHost: {host}\r\nX-Big: {'a' * (1 << 20)}\r\n\r\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = _read_reply(sock)
    assert reply.startswith(b"HTTP/1.1 400") and b"application/json" in reply.lower()
    _assert_error(reply, "bad_request")


@pytest.mark.parametrize("method,path,kwargs", [
    ("get", "/v1/search", {"params": {"q": "số hóa\x00"}}),
    ("get", "/v1/tasks", {"params": {"body": "Sở\x00"}}),
    ("post", "/v1/ask", {"json": {"question": "Ai chủ trì\x00 số hóa?"}}),
])
def test_nul_in_text_is_refused_with_a_clear_4xx(base, method, path, kwargs):
    response = getattr(httpx, method)(f"{base}{path}", **kwargs)
    assert response.status_code in (400, 422), response.text
    assert set(response.json()) == {"error"} and "NUL" in response.json()["error"]["message"]


def test_nul_in_a_file_name_is_refused_with_a_clear_4xx(base):
    body = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ke\x00hoach.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n").encode() + "KẾ HOẠCH\nSở Y tế chủ trì.".encode() \
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    response = httpx.post(f"{base}/v1/documents", content=body, timeout=60,
                          headers={"X-API-Key": EDITOR, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    assert response.status_code == 400 and "NUL" in response.json()["error"]["message"]


def test_a_second_file_part_is_refused_not_dropped(base):
    files = [("file", ("a.txt", "KẾ HOẠCH\nSở Y tế số hóa hồ sơ.".encode())),
             ("file", ("b.txt", "KẾ HOẠCH\nSở Tài chính số hóa ngân sách.".encode()))]
    before = httpx.get(f"{base}/v1/documents").json()
    refused = httpx.post(f"{base}/v1/documents", files=files, headers={"X-API-Key": EDITOR}, timeout=60)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "one_file_per_request", refused.text
    assert "2" in refused.json()["error"]["message"]
    assert httpx.get(f"{base}/v1/documents").json() == before  # neither was taken


def test_nul_characters_inside_a_file_are_not_stored(base):
    text = "KẾ HOẠCH\x00 số 7/KH-UBND\nSở Nội\x00 vụ chủ trì rà soát thủ tục hành chính trước tháng 6/2026."
    created = httpx.post(f"{base}/v1/documents", files={"file": ("nul_ben_trong.txt", text.encode())},
                         headers={"X-API-Key": EDITOR}, params={"wait": 120}, timeout=180)
    assert created.status_code == 201, created.text
    doc_id = created.json()["doc_id"]
    stored = httpx.get(f"{base}/v1/documents/{doc_id}/text").json()["text"]
    record = httpx.get(f"{base}/v1/documents/{doc_id}").text
    hits = httpx.get(f"{base}/v1/search", params={"q": "rà soát thủ tục", "doc_id": doc_id}).text
    assert "Sở Nội vụ" in stored and not any("\x00" in t or "\\u0000" in t for t in (stored, record, hits))
    assert httpx.delete(f"{base}/v1/documents/{doc_id}", headers={"X-API-Key": EDITOR}).status_code == 200
