"""What a document says about itself at its end: when it takes effect, what it repeals, who signed it.

* Effect: "Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026", "… có hiệu lực kể từ ngày ký
  (ban hành)" (then the date of issue), "… từ ngày 01/01/2026".
* Repeals: a sentence of the closing part with "bãi bỏ" or "hết hiệu lực" ("Bãi bỏ điểm l khoản 10 Điều 4 Nghị
  định số 85/2025/NĐ-CP …"); what it replaces is read with the other relations (``ingest.header``).
* Signer: the name under the last signature title of the text ("KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG / Trần Hồng Hà"),
  also when a table put them on one line; an appendix after it has none (titles there are in lower case).

>>> effect("Điều 5. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2026.", None)
('2026-01-01', 'kể từ ngày 01 tháng 01 năm 2026')
>>> signer("KT. THỦ TƯỚNG\\nPHÓ THỦ TƯỚNG\\nTrần Hồng Hà")
'Trần Hồng Hà'
"""

from __future__ import annotations

import re
from datetime import date

from kb.text import DOC_NUMBER, UPPER

_EFFECT = re.compile(r"(?:có|có\s+hiệu\s+lực|hiệu lực thi hành|hiệu lực)\s*(?:thi hành\s*)?(?:kể\s+)?từ\s+(?P<when>"
                     r"ngày\s+ký(?:\s+ban\s+hành)?|ngày\s+ban\s+hành|ngày\s+\d{1,2}\s*(?:tháng\s*|/)\s*\d{1,2}\s*"
                     r"(?:năm\s*|/)\s*\d{4})", re.I)
_DATE = re.compile(r"(\d{1,2})\s*(?:tháng\s*|/)\s*(\d{1,2})\s*(?:năm\s*|/)\s*(\d{4})")
_REPEALS = re.compile(r"[^.;\n]*(?:bãi bỏ|hết hiệu lực)[^.;\n]*", re.I)
_ROLE = re.compile(r"(?:THỦ TƯỚNG|CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|CHỦ NHIỆM|"
                   r"TỔNG BÍ THƯ|BÍ THƯ|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|TRƯỞNG ĐOÀN|THỦ TRƯỞNG|CỤC TRƯỞNG|"
                   r"VỤ TRƯỞNG|TRƯỞNG PHÒNG|CHÁNH THANH TRA|TRƯỞNG (?:THUẾ|KHO BẠC|HẢI QUAN|THỐNG KÊ))\b")
_NAME = re.compile(rf"(?<![{UPPER}\w])((?:[{UPPER}][a-zà-ỹđ]+\s+){{1,4}}[{UPPER}][a-zà-ỹđ]+)\s*$")
TAIL = 5000
SIGNATURE_LINES = 10  # a signer's name stands this close below the title signed under


def effect(text: str, issued: str | None) -> tuple[str | None, str | None]:
    """(ISO date it takes effect, the words that say so), or (None, None) when the text does not say."""
    match = _EFFECT.search(closing_part(text)) or _EFFECT.search(text)
    if not match:
        return None, None
    when = match.group("when")
    words = f"kể từ {when}" if "kể" in match.group(0) else f"từ {when}"
    if m := _DATE.search(when):
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat(), words
        except ValueError:
            return None, words
    return issued, words  # "kể từ ngày ký": the day it was signed


_CLOSING = re.compile(r"^\W*Điều\s+\d+\s*\.\s*(?:Hiệu lực|Điều khoản thi hành|Tổ chức thực hiện và hiệu lực|"
                      r"[^\n]{0,40}\bbãi bỏ\b|"
                      # an article that says so without a title: "Điều 2. Quyết định này có hiệu lực kể từ …"
                      r"(?:Quyết định|Nghị quyết|Nghị định|Thông tư|Chỉ thị)\s+này\s+có hiệu lực)", re.M | re.I)
_ITEM = re.compile(r"\n\s*(?:[a-zđ]\)|[-–+•])\s*([^\n]+)")


def closing_part(text: str) -> str:
    """The articles on effect and repeals ("Điều 89. Sửa đổi, bổ sung, bãi bỏ …", "Điều 42. Hiệu lực và trách
    nhiệm thi hành"), wherever they stand (forms may follow them), else the end of the text."""
    found = list(_CLOSING.finditer(text))
    return text[found[0].start():found[-1].start() + TAIL] if found else text[-TAIL:]


def repeals(text: str) -> list[str]:
    """What the closing part repeals or ends, as written: a sentence with "bãi bỏ" or "hết hiệu lực" that names a
    document, or each item of the list such a sentence opens ("Các nghị định sau hết hiệu lực …: a) Nghị định số
    45/2026/NĐ-CP …")."""
    tail = closing_part(text)
    out: list[str] = []
    for m in _REPEALS.finditer(tail):
        said = " ".join(m.group(0).split())
        if "này" in said[:40] and not re.search(r"\bsau\b", said):
            continue
        if DOC_NUMBER.search(said):
            out.append(said)
        elif said.endswith(":"):  # the list below names them
            out += [item for item in _list_after(tail[m.end():]) if DOC_NUMBER.search(item)]
    return out[:5]


def _list_after(text: str) -> list[str]:
    """The items of the list that opens ``text`` ("a) …", "- …"), up to the first line that is not one."""
    items = []
    for line in text.strip("\n").split("\n"):
        if not (m := _ITEM.match("\n" + line)):
            break
        items.append(" ".join(m.group(1).split()).rstrip(";."))
    return items


def signer(text: str) -> str | None:
    """The name under the last signature title of the document, as written."""
    lines = [line.strip() for line in text.split("\n") if line.strip() and len(line) < 2000]
    found = None
    for i, line in enumerate(lines):
        if not _ROLE.search(line):
            continue
        for candidate in [line, *lines[i + 1:i + 3]]:
            if m := _NAME.search(candidate.split("|")[-1].strip()):
                found = m.group(1)
                break
        else:  # a signature set beside the recipients ("Nơi nhận: … KT. GIÁM ĐỐC / - Như trên; / PHÓ GIÁM ĐỐC /
            # - Lãnh đạo Sở; / … / Phạm Năng Chung"): the first line below that is a name alone, past their items
            found = next((c for c in lines[i + 1:i + SIGNATURE_LINES]
                          if not c.startswith(("-", "+", "•")) and (m := _NAME.search(c)) and m.start(1) == 0), found)
    return found
