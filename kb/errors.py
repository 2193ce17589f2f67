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
    ├── Unavailable              503  store or embedder cannot be reached
    │   └── DataDamaged          503  a file of the data folder cannot be read (corrupt catalog, store)
    └── InsufficientStorage      507  the disk is full (``disk_full`` tells one; ``kb.disk`` refuses writes before)

Every class carries its HTTP status and a short machine ``code``; ``search_api`` turns any of them
into the one error shape ``{"error": {"code", "message"}}`` and the CLI into a message and exit 2.
``message`` is English (the CLI, the logs); ``vi`` is what a user of the page reads, given where the
error is raised (``DocumentUnreadable("x.pdf: the file is empty", vi="x.pdf: tệp rỗng")``), else the
class's own Vietnamese sentence, so no English reaches the page.
"""

from __future__ import annotations

import errno


class KBError(Exception):
    status = 500
    code = "internal_error"
    vi_default = "Lỗi hệ thống; quản trị viên có thể xem nhật ký."
    operator = False  # the CLI says it in Vietnamese (with the English after): a damaged backup or data folder

    def __init__(self, message: str, *, code: str | None = None, vi: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.vi = vi
        if code:
            self.code = code

    def text(self, lang: str = "vi") -> str:
        """The message in ``lang``: "en" gives ``message``, anything else the Vietnamese one."""
        if lang == "en":
            return self.message
        return getattr(self, "vi", None) or self.vi_default


class InputError(KBError):
    status = 400
    code = "bad_request"
    vi_default = "Yêu cầu không hợp lệ."


class UnsupportedFormat(InputError):
    status = 415
    code = "unsupported_format"
    vi_default = "Định dạng tệp không được hỗ trợ; hãy dùng PDF, DOCX, TXT, MD hoặc HTML."


class DocumentUnreadable(InputError):
    status = 422
    code = "unreadable_document"
    vi_default = "Không đọc được nội dung tệp."


class NotFound(KBError):
    status = 404
    code = "not_found"
    vi_default = "Không tìm thấy."


class AuthError(KBError):
    status = 401
    code = "unauthorized"
    vi_default = "Khoá API không đúng hoặc còn thiếu."


class Forbidden(KBError):
    status = 403
    code = "forbidden"
    vi_default = "Khoá API này không có quyền thực hiện thao tác."


class TooLarge(KBError):
    status = 413
    code = "too_large"
    vi_default = "Tệp vượt quá giới hạn dung lượng."


class Conflict(KBError):
    status = 409
    code = "conflict"
    vi_default = "Thao tác xung đột với dữ liệu hiện có."


class Unavailable(KBError):
    status = 503
    code = "unavailable"
    vi_default = "Kho dữ liệu tạm thời không truy cập được; vui lòng thử lại sau."


class DataDamaged(Unavailable):
    code = "data_damaged"
    operator = True
    vi_default = ("Thư mục dữ liệu bị hỏng (danh mục hoặc kho đoạn văn không đọc được): hãy chạy "
                  "'kb check' và khôi phục từ bản sao lưu.")


class InsufficientStorage(KBError):
    status = 507
    code = "insufficient_storage"
    operator = True
    vi_default = ("Máy chủ đã hết dung lượng đĩa nên chưa thực hiện được thao tác này. "
                  "Hãy báo quản trị viên giải phóng dung lượng rồi thử lại.")


# how a full disk shows in what SQLite, the OS and the Qdrant engine (Rust: "os error 28") raise
_FULL_SIGNS = ("database or disk is full", "no space left on device", "os error 28", "disk quota exceeded")


def disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an exception it was raised from or during, says the disk is full."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(sign in str(exc).lower() for sign in _FULL_SIGNS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
