"""The language of error messages: Vietnamese unless the request prefers English (``Accept-Language: en``).

``kb.errors`` classes carry their own Vietnamese (``KBError.text``); this module gives the messages that
FastAPI and Starlette make themselves: request validation (pydantic's English, e.g. "String should have at
most 2000 characters") and the statuses of unknown routes and methods.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from kb.errors import AuthError, Forbidden, InputError, KBError, TooLarge, UnsupportedFormat

Lang = str  # "vi" | "en"


def language(request: Request) -> Lang:
    """The first of "vi" and "en" in ``Accept-Language`` by preference (q), else "vi".

    ``"en-US,en;q=0.9"`` → "en"; ``"fr, en;q=0.5"`` → "en"; ``"vi-VN,en;q=0.8"`` → "vi"; none → "vi".
    """
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("vi", "en"):
            continue
        try:
            q = float(params.strip()[2:]) if params.strip().startswith("q=") else 1.0
        except ValueError:
            q = 0.0
        if q > 0:
            ranked.append((-q, i, primary))
    return min(ranked)[2] if ranked else "vi"


# pydantic error type → Vietnamese, formatted with the error's ``ctx``
_VALIDATION_VI = {
    "missing": "thiếu giá trị bắt buộc",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_too_long": "chỉ được có tối đa {max_length} ký tự",
    "string_type": "phải là chuỗi ký tự",
    "string_pattern_mismatch": "không đúng định dạng ({pattern})",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "literal_error": "phải là một trong các giá trị {expected}",
    "enum": "phải là một trong các giá trị {expected}",
    "json_invalid": "nội dung JSON không hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "list_type": "phải là một danh sách",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "too_long": "chỉ được có tối đa {max_length} phần tử",
    "extra_forbidden": "không phải là trường được chấp nhận",
    "value_error": "giá trị không hợp lệ",
    "year_range": "năm bắt đầu ({year_from}) không được sau năm kết thúc ({year_to})",
}
_INVALID_VI = "giá trị không hợp lệ"
_LOCATIONS = {"body", "query", "path", "header", "cookie"}


def _vi_reason(err: dict[str, Any]) -> str:
    if err.get("type") == "value_error" and (raised := (err.get("ctx") or {}).get("error")):
        return str(raised)  # our own validators say it in Vietnamese ("Yêu cầu chứa ký tự NUL …")
    template = _VALIDATION_VI.get(str(err.get("type")), _INVALID_VI)
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return _INVALID_VI


def validation_message(errors: list[dict[str, Any]], lang: Lang) -> str:
    """One line for a request's validation errors: ``question: chỉ được có tối đa 2000 ký tự``."""
    parts = []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ()) if x != "body"]
        if lang == "en":
            where, reason = ".".join(loc), str(err.get("msg"))
        else:
            where, reason = ".".join(x for x in loc if x not in _LOCATIONS and not x.isdigit()), _vi_reason(err)
        parts.append(f"{where}: {reason}" if where else reason)
    fallback = "invalid request" if lang == "en" else "Yêu cầu không hợp lệ."
    return "; ".join(parts) or fallback


_STATUS_VI = {cls.status: cls.vi_default for cls in (InputError, AuthError, Forbidden, TooLarge, UnsupportedFormat)}
_STATUS_VI |= {404: "Không tìm thấy đường dẫn này.", 405: "Đường dẫn này không hỗ trợ phương thức {method}.",
               422: InputError.vi_default}
INTERNAL = {"en": "internal error; the administrator can see the log", "vi": KBError.vi_default}


def status_message(status: int, detail: str, method: str, lang: Lang) -> str:
    """The message of an HTTP status raised by FastAPI or Starlette (English ``detail``)."""
    if lang == "en":
        return detail
    return _STATUS_VI.get(status, "Yêu cầu không thực hiện được ({status}).").format(method=method, status=status)
