"""Whom a candidate answer is about: the body a question names, found among a record's bodies or in a sentence
(``about``); the body whose own duty is to coordinate (``coordinating``); whether the question names a body itself
(``named``). Read by ``kb.answer.fields``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kb.bodies import find_bodies
from kb.bodies import key as body_key
from kb.facts import body_matches
from kb.text import fold

# those a policy benefits or binds, not bodies of the state whose figures are asked
BENEFICIARY = re.compile(r"(?:cac |nhung )?(?:doanh nghiep|ca nhan|nguoi|ho gia dinh|ho kinh doanh|hop tac xa|"
                         r"nha dau tu|to chuc, ca nhan)\b")


def named(body: str, question: str) -> bool:
    """The question names ``body`` itself (as written, or folded when typed without diacritics; "Các thành viên Đoàn"
    in "… cho từng thành viên đoàn kiểm tra")."""
    core = re.sub(r"^(?:cac|nhung|tung|moi)\s+", "", fold(body))
    return body_key(body) in _named_bodies(question) or f" {fold(body)} " in f" {fold(question)} " \
        or len(core.split()) >= 2 and f" {core} " in f" {fold(question)} "


@lru_cache(maxsize=64)
def _named_bodies(question: str) -> frozenset[str]:
    return frozenset(body_key(n) for n in find_bodies(question))


def about(body: str, text: str, record: dict[str, Any] | None, issuer: str | None) -> bool:
    """``body`` acts in the record (leads, coordinates, monitors) or, for a sentence outside every record, the
    sentence names it; or ``body`` issued the document ("Quốc hội đặt mục tiêu … bao nhiêu?": every figure of its
    resolution is its own). "… báo cáo về Sở X" is not about Sở X's own deadline."""
    if record:
        keys = [b["key"] for b in [*(record.get("lead") or []), *(record.get("coordinators") or []),
                                   *(record.get("monitor") or [])]]
    else:
        keys = [body_key(n) for n in find_bodies(text)]
        wanted = body_key(body)  # "Ban Quản lý tổ chức đánh giá …": the short name a document uses for the body asked
        if any(len(k.split()) >= 3 and wanted.startswith(f"{k} ") for k in keys) or _words_in(wanted, text):
            return True  # or named in lower case, as what a rule is about ("… doanh nghiệp khởi nghiệp sáng tạo …")
    return body_matches(body, keys + ([body_key(issuer)] if issuer else []))


def _words_in(key: str, text: str) -> bool:
    """The words of a body's key, in a row, in ``text`` (folded, punctuation as spaces)."""
    words = " ".join(re.findall(r"\w+", key))
    return bool(words) and f" {words} " in " {} ".format(" ".join(re.findall(r"\w+", fold(text))))


_HELPS = re.compile(r"\W*(?:[a-zđ]\)\s*)?(?:([^:]{3,80}):\s*)?phối hợp\b(?!\s+với)", re.I)


def coordinating(text: str, record: dict[str, Any] | None) -> str | None:
    """The body whose own duty is to coordinate ("Thống kê tỉnh: Phối hợp cung cấp …"), named by its record or by the
    label the duty stands after; None when the text gives someone else's duty."""
    if record is not None:
        helps = _HELPS.match(record.get("task") or "")
        return (", ".join(b["name"] for b in record.get("lead") or []) or None) if helps else None
    helps = _HELPS.match(text)
    named = find_bodies(helps.group(1)) if helps and helps.group(1) else []
    return named[0] if named and helps.group(1).strip().endswith(named[0]) else None


# a duty labelled with its body: "5. Sở Thông tin và Truyền thông: Phối hợp với Công an tỉnh …", "b) Sở Tài chính:
# Căn cứ dự toán …, thực hiện thẩm định …"
_LABEL = re.compile(r"\W*(?:(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*)[.)]\s*)?([^:;.]{3,90}):\s")


def labelled_body(text: str) -> str | None:
    """The body a duty is labelled with (``_LABEL``): the whole label is one body's name; None otherwise."""
    label = _LABEL.match(text)
    names = find_bodies(label.group(1)) if label else []
    return names[0] if len(names) == 1 and fold(label.group(1)).strip().startswith(fold(names[0])) \
        and len(label.group(1).strip()) <= len(names[0]) + 3 else None

