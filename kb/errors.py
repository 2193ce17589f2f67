"""One exception tree for the whole knowledge base.

    KBError                      500  something on our side
    ├── InputError               400  the caller asked for something malformed
    │   ├── UnsupportedFormat    415  a file type we do not read
    │   └── DocumentUnreadable   422  a file we read but cannot understand (empty, broken, encrypted)
    ├── NotFound                 404  no such document or job
    ├── AuthError                401  missing or wrong key
    ├── Forbidden                403  key without the needed role
    ├── TooLarge                 413  upload over the limit
    ├── Conflict                 409  e.g. the data folder is locked by another process
    └── Unavailable              503  store or embedder cannot be reached

Every class carries its HTTP status and a short machine ``code``; ``search_api`` turns any of them
into the one error shape ``{"error": {"code", "message"}}`` and the CLI into a message and exit 2.
"""

from __future__ import annotations


class KBError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InputError(KBError):
    status = 400
    code = "bad_request"


class UnsupportedFormat(InputError):
    status = 415
    code = "unsupported_format"


class DocumentUnreadable(InputError):
    status = 422
    code = "unreadable_document"


class NotFound(KBError):
    status = 404
    code = "not_found"


class AuthError(KBError):
    status = 401
    code = "unauthorized"


class Forbidden(KBError):
    status = 403
    code = "forbidden"


class TooLarge(KBError):
    status = 413
    code = "too_large"


class Conflict(KBError):
    status = 409
    code = "conflict"


class Unavailable(KBError):
    status = 503
    code = "unavailable"
