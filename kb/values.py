"""Figures that targets set, one grammar for reading them wherever they stand (extraction and answers).

>>> parse_value("ít nhất 80% hồ sơ")["value"], parse_value("đạt 2% GDP")["unit"], parse_value("Top 15")["number"]
('ít nhất 80%', '% GDP', 15.0)
"""

from __future__ import annotations

import re
from typing import Any

from kb.text import UPPER

# how a table row's context states the unit its caption gives ("Đơn vị: Triệu đồng"), written at ingestion and read by
# answers
UNIT_LABEL = "Đơn vị: "
_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_CMP = (r"ít nhất|tối thiểu|tối đa|không quá|không dưới|không thấp hơn|không vượt quá|trên|dưới|hơn|khoảng|đạt|"
        r"từ|vượt|tăng thêm|giảm thêm|tăng|giảm|bình quân|≥|≤|>=|<=|>|<")
# the joining words a unit's words stop at, already in the match ("0,3km của dự án" is "0,3km") …
_JOINERS = ("của", "và", "về", "là", "được", "theo", "tại", "trong", "cho", "với", "để", "đến", "từ", "thì", "mà",
            "hoặc", "nhằm")
_UNIT_ENDS = "|".join(_JOINERS)
# … and every word a record's unit stops at ("12 người năm 2025": "người")
_STOP_UNIT = {*_JOINERS, "năm", "tháng", "ngày", "quý", "như", "đạt", "vào", "phê", "có", "điều", "khoản", "trên",
              "dưới", "so", "trở", "các", "những", "này", "đó", "sẽ", "đã", "phải", "gồm", "hay", "bằng", "lần"}
_GLUED = r"(?:km|ha|kg|m2|m3|MW|kW|kWh|GB|TB|Gbps|Mbps)\b"  # units written onto their figure: "1.700km", "20ha"
VALUE = re.compile(
    rf"(?:(?P<cmp>{_CMP})\s*)?(?:"
    rf"(?P<pct>(?:{_NUM})(?:\s*[-–]\s*(?:{_NUM}))?)\s*%(?P<of>\s*(?:GDP|GRDP|tổng\s+\S+|dân số)|/\s?năm)?"
    rf"|[Tt]op\s*(?P<top>\d+)"
    rf"|(?P<ratio>(?<![\d/])\d{{1,5}}(?:[.,]\d{{3}})*/\d{{1,5}}(?:[.,]\d{{3}})*(?![\d/]))"
    rf"(?:\s+(?P<ratio_of>[^\W\d_]+(?: (?!(?:{_UNIT_ENDS})\b)[^\W\d_]+){{0,2}}))?"
    rf"|(?P<group>nhóm\s+(?:\d+|[A-ZĐ]\w*)\s+(?:tỉnh|địa phương|nước|quốc gia|bộ|cơ quan)[^,;.]{{0,40}})"
    rf"|(?<![\w.,/])(?P<count>(?!(?:19|20)\d\d\b)(?:{_NUM})(?:\s*[-–]\s*(?:{_NUM}))?)(?![\d/])"
    rf"(?:\s*\([^\W\d_]+(?:\s[^\W\d_]+){{0,3}}\))?"  # the number in words: "03 (ba) nhân viên"
    rf"(?:\s+|(?={_GLUED}))(?P<unit>[^\W\d_]+(?:[ /](?!(?:{_UNIT_ENDS})\b)[^\W\d_]+\d?){{0,3}}))"  # "tấn CO2"
    rf"(?P<more>\s*trở lên)?", re.I)
_NOT_FIGURE_BEFORE = re.compile(r"(?:Điều|khoản|điểm|số|Nghị định|Quyết định|Nghị quyết|Thông tư|Luật|ngày|tháng|"
                                r"Đề án|Chương trình|Kế hoạch|Chỉ thị|Công văn|Thông báo|Công điện|"
                                r"quý|năm|giai đoạn|lần thứ|Khóa|khóa|Mục|Phụ lục|phụ lục|lần|/|"
                                r"mức độ|cấp độ|(?<!phân )loại|hạng|bậc|thứ|Chương|chương|"
                                # labels: "mức độ 4"; a body's number: "Ban Chỉ đạo 389"
                                r"Ban Chỉ đạo|Dự án|thành phần|Tổ công tác|Đoàn công tác)\s*$")
_PROPER_NAME = re.compile(rf"(?<!^)(?<![.:;]\s)\b[{UPPER}]\w*\s+[{UPPER}]\w*\s*$")  # "Nhơn Trạch 4"
_COMPARATORS = {"ít nhất": ">=", "tối thiểu": ">=", "≥": ">=", ">=": ">=", "không dưới": ">=", "không thấp hơn": ">=",
                "trên": ">", "hơn": ">", ">": ">", "vượt": ">", "tối đa": "<=", "≤": "<=", "<=": "<=",
                "không quá": "<=", "không vượt quá": "<=", "dưới": "<", "<": "<", "khoảng": "~", "đạt": "="}
_RANK = re.compile(r"(?:vào|thuộc|trong)\s+nhóm\s+[^.;:]+", re.I)


def figures(text: str) -> list[re.Match[str]]:
    """The figures of ``text`` that can be targets: not years, article numbers, dates or document numbers."""
    out = []
    for m in VALUE.finditer(text):
        if m.group("count") and m.group("unit").split()[0].lower() in _STOP_UNIT:
            continue
        labelled = _NOT_FIGURE_BEFORE.search(text[max(0, m.start() - 15):m.start()])
        if labelled and not (m.group("cmp") and m.group("pct")):
            continue  # "Điều 5", "Dự án 7"; not "… của Dự án khoảng 61%"
        if m.group("count") and _PROPER_NAME.search(text[max(0, m.start() - 40):m.start()]):
            continue  # a proper name's number: "Nhà máy điện Nhơn Trạch 4 phục vụ …"
        if m.group("ratio") and re.fullmatch(r"\d{1,2}/(?:19|20)\d\d", m.group("ratio")):
            continue  # "6/2025" is a month
        out.append(m)
    return out


def value_of(m: re.Match[str]) -> dict[str, Any]:
    cmp_word = (m.group("cmp") or "").lower()
    if m.group("count"):
        words = m.group("unit").split()
        kept = words[:next((i for i, w in enumerate(words) if w.lower() in _STOP_UNIT), len(words))]
        unit = " ".join(kept) or None
        value = m.group(0)[:m.group(0).index(m.group("count")) + len(m.group("count"))] + (" " + unit if unit else "")
        number = m.group("count")
    elif m.group("group"):
        return {"value": m.group(0).strip(), "number": None, "unit": "group", "comparator": None}
    elif m.group("ratio"):  # "960/1.818 dịch vụ công": so many of so many
        return {"value": m.group("ratio"), "number": None, "unit": "ratio", "comparator": "="}
    else:
        unit = "%" + (m.group("of") or "") if m.group("pct") else "top"
        number, value = m.group("pct") or m.group("top"), m.group(0)
    value = value.strip() + (m.group("more") or "" if m.group("more") and "trở lên" not in value else "")
    first = re.split(r"\s*[-–]\s*", number)[0]
    try:
        parsed = float(first.replace(".", "").replace(",", ".")) if re.search(r"\.\d{3}", first) \
            else float(first.replace(",", "."))
    except ValueError:
        parsed = None
    return {"value": " ".join(value.split()), "number": parsed, "unit": unit,
            "comparator": _COMPARATORS.get(cmp_word, "=" if not cmp_word else None)}


def parse_value(text: str) -> dict[str, Any]:
    """"ít nhất 80% hồ sơ" → {value: "ít nhất 80%", number: 80.0, unit: "%", comparator: ">="};
    "vào nhóm các tỉnh … khá" → a value without a number."""
    found = figures(text)
    if not found:
        rank = _RANK.search(text)
        return {"value": rank.group(0).strip() if rank else text.strip(), "number": None, "unit": None,
                "comparator": None}
    return value_of(found[0])


