"""Time in official documents, one grammar for all of it: deadlines, horizons, and the periods questions name.

* ``parse`` reads one time expression into a ``Deadline`` (kind, year, month, quarter, day, due date).
* ``find_deadline`` picks, in a whole item, the expression that sets its deadline ("…; hoàn thành trong
  năm 2025", "trước ngày 15/12/2025", "hằng quý"), skipping dates that belong to a cited document
  ("Nghị quyết số 214/NQ-CP ngày 23/7/2025").
* ``find_horizon`` the horizon of a target ("đến năm 2030", "giai đoạn 2026 - 2030").
* ``period`` the first and last day of a period a question names ("tháng 6/2025", "quý III năm 2026").

>>> parse("Tháng 10/2025").due, parse("Quý II/2025").due, parse("trước năm 2026").due
('2025-10-31', '2025-06-30', '2025-12-31')
>>> parse("Thường xuyên").kind, parse("2025-2026").due, parse("trước ngày 30/6/2025").due
('ongoing', '2026-12-31', '2025-06-30')
>>> find_deadline("Rà soát các công trình, hoàn thành trước ngày 31/12/2025 và báo cáo Sở Xây dựng.")
'trước ngày 31/12/2025'
>>> first_day(parse("Năm 2026")), first_day(parse("Quý IV/2026")), first_day(parse("trước ngày 15/11/2026"))
('2026-01-01', '2026-10-01', None)
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from kb.model import Deadline
from kb.text import DOC_NUMBER, fold, numeral

_YEAR = r"(20\d\d|19\d\d)"


def _last_day(year: int, month: int) -> str:
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _before(year: int, month: int = 1, day: int = 1) -> str:
    """The day before a period starts: "trước 6/2025" → 2025-05-31."""
    return date.fromordinal(date(year, month, day).toordinal() - 1).isoformat()


# how many, as a number or in words with the number after it: "02", "hai (02)", "06 (sáu)" (not "năm": a year)
_COUNT_WORDS = ("hai", "ba", "bốn", "sáu")
_COUNT = rf"(?:\d{{1,2}}|{'|'.join(_COUNT_WORDS)})(?:\s*\((?:\d{{1,2}}|[a-zà-ỹ]+)\))?"
# "06 tháng một lần", "3 tháng/lần", "mỗi 6 tháng": every so many months (folded)
_EVERY_N = (rf"(?:(?:\d{{1,2}}|{'|'.join(fold(w) for w in _COUNT_WORDS)})(?: ?\((?:\d{{1,2}}|[a-z]+)\))? "
            r"(?:thang|nam|quy|tuan|ngay) ?(?:mot|1|/) ?lan|moi \d{1,2} (?:thang|nam|quy|tuan|ngay)"
            r"|(?:moi|mot) (?:thang|nam|quy|tuan) (?:it nhat )?(?:hai|ba|2|3|\d \(\w+\)) lan)\b")
# "mỗi năm một lần", "một quý một lần": once a year, a quarter (folded)
_ONCE_A = r"\b(?:moi|mot) {} (?:it nhat )?(?:mot|1|01) lan\b"
_RECURRING = [("daily", r"\b(?:hang|hằng) ngay\b"), ("weekly", r"\b(?:hang|hằng) tuan\b"),
              ("monthly", r"\b(?:hang|hằng) thang\b"), ("quarterly", r"\b(?:hang|hằng) quy\b"),
              ("yearly", r"\b(?:hang|hằng) nam\b"), ("weekly", _ONCE_A.format("tuan")),
              ("monthly", _ONCE_A.format("thang")), ("quarterly", _ONCE_A.format("quy")),
              ("yearly", _ONCE_A.format("nam")), ("periodic", r"\bdinh ky\b"),
              ("periodic", rf"\b{_EVERY_N}")]


_STARTS = re.compile(r"(?:\bbat dau (?:thuc hien |trien khai )?|(?:^|(?<=[\s,]))ke )tu\s+")


def _first_day(since: Deadline) -> str | None:
    """The first day of the period a start names: "từ tháng 01/2026" → 2026-01-01."""
    if not since.year:
        return None
    return date(since.year, since.month or (3 * since.quarter - 2 if since.quarter else 1), since.day or 1).isoformat()


def parse(text: str) -> Deadline:
    """One time expression → what it means. Recurring and ongoing ones have no due date."""
    raw = " ".join(text.split())
    t = fold(raw)
    if start := _STARTS.search(t):  # "bắt đầu từ tháng 01/2026": a start, with no due date
        since = parse(raw[start.end():])
        first = _first_day(since)
        if start.start() > 0:  # "hằng tháng, bắt đầu thực hiện từ tháng 01/2026": how often, and since when
            return parse(raw[:start.start()].rstrip(" ,;")).model_copy(update={"text": raw, "start": first})
        return since.model_copy(update={"text": raw, "kind": "start", "due": None, "start": first})
    if months := re.search(rf"\bthang\s+(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})\s*/\s*{_YEAR}", t):  # "tháng 11-12/2025"
        first, last = (parse(f"tháng {months.group(i)}/{months.group(3)}") for i in (1, 2))
        return last.model_copy(update={"text": raw, "start": _first_day(first)})
    if (span := re.match(r"(?:từ|tu)\s+(.+?)\s+(?:đến|den|tới|toi)\s+(?:hết\s+|het\s+)?(.+)$", raw, re.I)) \
            and re.search(r"\d", span.group(1)) and not re.search(rf"^(?:nam\s+)?{_YEAR}\s*$", fold(span.group(2))):
        last = parse(span.group(2))  # "từ tháng 01/2026 đến tháng 6/2026": due with its end
        if last.due:
            return last.model_copy(update={"text": raw, "start": _first_day(parse(span.group(1)))})
    if re.match(r"ngay (?:sau )?khi\b|(?:truoc|sau) khi\b|trong thoi gian som nhat|(?:tai|vao|trong) ky hop\b", t) \
            or re.search(r"\b(?:thang|quy|nam) (?:tiep theo|ke tiep|lien ke|sau)$", t):
        return Deadline(text=raw, kind="relative")
    before = bool(re.search(r"\b(truoc|cham nhat)\b", t))
    if re.search(r"\b(thuong xuyen|lien tuc)\b|^24\s*/\s*(?:24|7)\b", t):
        return Deadline(text=raw, kind="ongoing")
    for kind, pattern in _RECURRING:
        if re.search(pattern, t) and not re.search(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*" + _YEAR, t):
            return Deadline(text=raw, kind=kind)
    if m := re.search(rf"\b(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}", t) or \
            re.search(rf"ngay (\d{{1,2}}) thang (\d{{1,2}}) nam {_YEAR}", t):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            due = date(year, month, day).isoformat()
        except ValueError:
            return Deadline(text=raw, kind="unknown")
        return Deadline(text=raw, kind="date", year=year, month=month, quarter=(month - 1) // 3 + 1, day=day, due=due)
    if re.search(r"\b(?:ngay|truoc|cham nhat)\s+\d{1,2}(?:\s+thang\s+\d{1,2}|\s*/\s*\d{1,2})\b"
                 r"(?!\s*(?:/|-|\.|nam)\s*\d)", t) \
            and not re.search(_YEAR, t):
        return Deadline(text=raw, kind="yearly")  # "trước ngày 15 tháng 6": every year by that day
    if m := re.search(rf"\bquy\s+(iv|iii|ii|i|[1-4])\b\s*(?:/|-|nam)?\s*(?:nam\s+)?{_YEAR}", t):
        quarter = numeral(m.group(1))
        year = int(m.group(2))
        due = _before(year, 3 * quarter - 2) if before else _last_day(year, 3 * quarter)
        return Deadline(text=raw, kind="quarter", year=year, quarter=quarter, due=due)
    if m := re.search(rf"\b{_YEAR}\s*(?:[-–]|den(?: nam)?|va)\s*(?:nam\s+)?{_YEAR}\b", t):
        first, last = int(m.group(1)), int(m.group(2))
        return Deadline(text=raw, kind="range", year=last, due=_last_day(last, 12) if last >= first else None)
    if m := re.search(rf"(?:\bthang\s+|\bt)?\b(\d{{1,2}})\s*(?:/|-|nam)\s*{_YEAR}", t) or \
            re.search(rf"\bthang\s+(\d{{1,2}})\s+nam\s+{_YEAR}", t):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            due = _before(year, month) if before else _last_day(year, month)
            return Deadline(text=raw, kind="month", year=year, month=month, quarter=(month - 1) // 3 + 1, due=due)
    if re.search(r"\btrong (?:(?:thoi han|vong) )?\d+(?:\s*-\s*\d+)? (?:ngay|thang|tuan|gio)"
                 r"|\bke tu ngay\b|\bngay sau khi\b",
                 t):
        return Deadline(text=raw, kind="relative")
    if m := re.search(rf"\b{_YEAR}\b", t):
        year = int(m.group(1))
        return Deadline(text=raw, kind="year", year=year, due=_before(year) if before else _last_day(year, 12))
    return Deadline(text=raw, kind="unknown")


def first_day(deadline: Deadline) -> str | None:
    """The first day of the period a deadline itself spans: "Năm 2026" → 2026-01-01, "Quý IV/2026" → 2026-10-01,
    "2025-2026" → 2025-01-01; None for a day, a time before which ("trước tháng 6/2025") or one that recurs."""
    if deadline.kind == "range":
        first = re.search(_YEAR, deadline.text)
        return f"{first.group(1)}-01-01" if first else None
    if deadline.kind in ("year", "quarter", "month") and not re.search(r"\b(truoc|cham nhat)\b", fold(deadline.text)):
        return _first_day(deadline)
    return None


# -- finding the deadline of an item -------------------------------------------------------------------

_D = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d\d|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d\d"
_M = r"tháng\s+\d{1,2}\s*(?:[/.-]|năm)\s*(?:19|20)\d\d|\d{1,2}\s*/\s*(?:19|20)\d\d"
_Q = r"quý\s+(?:IV|I{1,3}|[1-4])\s*(?:[/-]\s*|\s+năm\s+|\s+)(?:19|20)\d\d"
_Y = (r"năm\s+(?:19|20)\d\d(?:\s+và\s+(?:năm\s+)?(?:19|20)\d\d(?!\d)|\s+và\s+(?:các|những)\s+năm\s+tiếp\s+theo)?")
_R = r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d"
_TIME = rf"(?:ngày\s+)?(?:{_D})|{_Q}|{_M}|(?:{_R})|{_Y}"
# a span: "từ tháng 01/2026 đến tháng 6/2026", "từ năm 2026 đến năm 2030", "tháng 11-12/2025"
_SPAN = (rf"từ\s+(?:{_TIME}|tháng\s+\d{{1,2}})\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+|cuối\s+)?(?:{_TIME})"
         rf"|tháng\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s*/\s*(?:19|20)\d\d")
_LABEL = (r"(?:thời hạn(?:\s+hoàn thành)?|hạn hoàn thành|thời gian(?:\s+hoàn thành|\s+thực hiện)?"
          r"|tiến độ(?:\s+thực hiện)?)\s*:\s*")  # "Thời hạn: …", "Tiến độ: …"
# Strong: a cue that makes a time a deadline, a quarter, or a recurring period.
_VERB = re.compile(r"^(?:hoàn thành|xong|thực hiện|triển khai|ban hành|trình|báo cáo|gửi)\s+", re.I)
_STRONG = re.compile(
    # a yearly window: "vào tháng 11 đến ngày 15 tháng 12 hàng năm"
    rf"(?:vào|từ)\s+tháng\s+\d{{1,2}}\s+đến\s+(?:hết\s+)?ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}(?!\s*(?:/|năm)\s*\d)"
    rf"(?:\s+(?:hằng|hàng|mỗi)\s+năm)?|"
    rf"(?:trước|chậm nhất|vào)\s+ngày\s+\d{{1,2}}\s+(?:hằng|hàng)\s+tháng|"
    rf"(?:trước|chậm nhất|vào)\s+\d{{1,2}}(?::\d{{2}}|\s*giờ(?:\s*\d{{2}})?)\s+(?:ngày\s+)?(?:thứ\s+\w+|chủ nhật)"
    rf"\s+(?:hằng|hàng)\s+tuần|"
    rf"(?:(?:trước|chậm nhất|trong|vào|đến|hạn(?:\s+cuối|\s+chót)?(?:\s+là)?)\s+(?:ngày\s+)?\d{{1,2}}"
    rf"(?:\s+tháng\s+\d{{1,2}}|\s*/\s*\d{{1,2}})(?!\d)"
    rf"(?!\s*(?:/|-|\.|năm)\s*\d)(?:\s+(?:và|,)\s+(?:trước\s+)?ngày\s+\d{{1,2}}(?:\s+tháng\s+\d{{1,2}}|"
    rf"\s*/\s*\d{{1,2}})(?!\d)(?!\s*(?:/|-|\.|năm)\s*\d))?(?:\s+(?:hằng|hàng|mỗi)\s+năm)?)|"  # "… 15/11 hằng năm"
    rf"(?:(?:hoàn thành|xong|thực hiện|triển khai|ban hành|trình|báo cáo|gửi)\s+)?"
    rf"(?:trước|chậm nhất(?:\s+(?:là|vào|trước))?|trong|vào|đến hết|hạn)\s+(?:ngày\s+|cuối\s+|hết\s+)?(?:{_TIME})"
    # a day of the period after the one reported on: "trước ngày 01 của tháng tiếp theo", "trước ngày 15 của quý sau"
    rf"|(?:trước|chậm nhất|vào)\s+ngày\s+\d{{1,2}}\s+(?:của\s+)?(?:tháng|quý|năm)\s+(?:tiếp theo|kế tiếp|liền kề|sau)\b"
    rf"|từ nay (?:đến|tới)\s+(?:hết\s+|cuối\s+)?(?:ngày\s+)?(?:{_TIME})"  # "nhiệm vụ … từ nay đến tháng 6/2027"
    rf"|{_Q}"
    rf"|{_SPAN}"
    # a labelled field: "Thời hạn: 30/12/2025", "Thời gian hoàn thành: năm 2026", "Tiến độ: Năm 2026-2027"
    rf"|{_LABEL}(?:{_SPAN}|(?:năm\s+)?{_R}|(?:trước\s+|trong\s+|từ\s+)?(?:ngày\s+)?(?:{_TIME}))"
    rf"|định kỳ[^.;,]{{0,40}}?(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)"
    rf"|(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)"
    rf"|(?:định kỳ\s*:?\s*)?{_COUNT}\s+(?:năm|quý|tháng|tuần|ngày)\s*(?:một|1|/)\s*lần"  # "06 tháng một lần"
    rf"|định kỳ\s+(?:{_COUNT}\s+)?(?:năm|quý|tháng|tuần|ngày)"
    rf"|mỗi\s+\d{{1,2}}\s+(?:năm|quý|tháng|tuần|ngày)\b"
    rf"|(?:mỗi|một)\s+(?:năm|quý|tháng|tuần)\s+(?:ít nhất\s+)?(?:{_COUNT}|một)\s+lần"  # "mỗi quý một lần"
    # "trực 24/24": round the clock (not "24/24 xã")
    rf"|thường xuyên|liên tục|24\s*/\s*(?:24\s*giờ|(?:24|7)(?=\s*[.,;)]|\s*$))"
    rf"|(?:bắt đầu\s+(?:thực hiện\s+|triển khai\s+)?|kể\s+)từ\s+(?:ngày\s+|cuối\s+|đầu\s+)?(?:{_TIME})"
    rf"|ngay(?:\s+sau)?\s+khi\s+[^.;,]{{3,40}}|trong thời gian sớm nhất(?: có thể)?"
    rf"|(?:tại|vào|trong)\s+kỳ họp\s+(?:gần nhất|thường lệ(?:\s+(?:cuối|giữa)\s+năm)?|cuối năm|giữa năm)"
    rf"|trong (?:(?:thời hạn|vòng) )?\d+(?:\s*[-–]\s*\d+)? (?:ngày|tháng|tuần|giờ)(?: làm việc)?"
    rf"(?: kể từ[^.;,]{{0,60}})?",
    re.I)
# A paragraph that opens with the day something happened tells what happened ("Ngày 08 tháng 11 năm 2025, Thủ tướng
# Chính phủ … chủ trì Phiên họp …; tại điểm cầu … có …"); a duty's day is its deadline ("trước ngày …").
NARRATED = re.compile(r"^(?:Vào\s+)?[Nn]gày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
                      r"|\s*/\s*\d{1,2}\s*/\s*\d{4})\s*,")

# A table's column of times, by its folded name: "Thời gian hoàn thành", "Thời hạn", "Tiến độ", "Lộ trình", "Dự kiến
# thời gian vận hành".
TIME_COLUMN = re.compile(r"thoi gian|thoi han|hoan thanh|tien do|lo trinh")

# Weak: a time that may be the deadline when nothing stronger is written (a table's time column).
_WEAK = re.compile(rf"(?:đến|tới)\s+(?:hết\s+)?(?:{_TIME})|giai đoạn\s+{_R}|{_TIME}"
                   rf"|(?<![\d/.,])(?:19|20)\d\d(?![\d/.,%])", re.I)
# Last: a time set by an event ("… gửi thông báo cho xã trước khi thực hiện", "… báo cáo Giám đốc Sở sau khi kết thúc
# đợt kiểm tra"), when no date or period is written; not a clause opening with one ("Sau khi thực hiện, …": a condition)
_EVENT = re.compile(r"(?<=[\wÀ-ỹ] )(?:trước|sau)\s+khi\s+[^,.;:()\n]{3,50}?"
                    r"(?=\s+(?:mà|thì|để|nhằm|và|hoặc|theo|tại)\s|\s*[,.;:()\n]|\s*$)", re.I)
_CITED_BY = re.compile(r"(?:Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Kế hoạch|Công văn|Thông báo|"
                       r"Công điện|Văn bản|Hiến pháp|Pháp lệnh|Chiến lược|Quy hoạch)\b")


def _cited(text: str, start: int, named: bool = False) -> bool:
    """A time that belongs to a document cited just before it: "Quyết định số 142/QĐ-TTg ngày 02/02/2024";
    ``named``: also one right after a document's name ("Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025")."""
    if re.match(r"(?:trước|chậm nhất)\s", text[start:], re.I):
        return False  # "… Kế hoạch số 1505/KH-TTCP ngày 22/7/2025 trước ngày 26/11/2025": a deadline, not its date
    if re.search(r"(?:^|\s)(?:từ|sau|đến|trước)\s+$", text[max(0, start - 8):start], re.I):
        return False  # "Văn bản … được ban hành từ ngày 01 tháng 7 năm 2025": a document is dated "ngày …", not "từ"
    back = re.split(r"[;.:]\s", text[max(0, start - 90):start])[-1]
    return bool(DOC_NUMBER.search(back) or named and _CITED_BY.search(back[-60:]))


_PRECISION = {"date": 0, "weekly": 1, "monthly": 1, "month": 2, "start": 2, "quarter": 3, "relative": 3, "yearly": 4,
              "year": 5, "range": 6}
_HOW_OFTEN = re.compile(r"hằng|hàng|định kỳ|thường xuyên|liên tục", re.I)
# A frequency that qualifies a thing, not when to act: "Nghị quyết hằng năm", "nhiệm vụ thường xuyên", "chi thường
# xuyên", "thông tin kịp thời, thường xuyên về …", "mối quan hệ thường xuyên phối hợp".
_QUALIFIED = re.compile(r"(?:nghị quyết|kế hoạch|báo cáo|nhiệm vụ|chi|ngân sách|dự toán|chương trình|hoạt động|"
                        r"công tác|kinh phí|đánh giá|cải cách hành chính|quan hệ|,)\s*$", re.I)


def _describes(text: str, match: re.Match[str]) -> bool:
    """Whether a frequency describes something rather than sets when to act (see ``_QUALIFIED``)."""
    opening = re.split(r"[.;:]\s", text[:match.start()])[-1]
    if len(opening.strip()) <= 15:
        return False  # "Thường xuyên kiểm tra …", "Định kỳ hằng tháng, báo cáo …"
    # "thông tin … thường xuyên về …" describes; "báo cáo Thủ tướng hằng tuần về tiến độ" sets how often to act
    about = r"về|của|cho|đối với" if re.match(r"thường xuyên|liên tục", match.group(0), re.I) else r"của|cho|đối với"
    return bool(_QUALIFIED.search(text[max(0, match.start() - 30):match.start()])
                or re.match(rf"\s+(?:{about})\b", text[match.end():]))


def deadline_matches(text: str, weak: bool = False) -> list[re.Match[str]]:
    """Every expression in ``text`` that may set a deadline (see ``find_deadline``), in order."""
    for pattern in (_STRONG, _WEAK, _EVENT) if weak else (_STRONG,):
        found = []
        for match in pattern.finditer(text):
            if _cited(text, match.start(), named=pattern is _WEAK) or match.group(0)[:1].isdigit() \
                    and re.search(r"(?:^|\s)(?:ngày|số)\s*$", text[:match.start()]):  # "số 12/2025", not "… số trước"
                continue
            if not weak and _HOW_OFTEN.match(match.group(0)) and _describes(text, match):
                continue
            found.append(match)
        if found:
            return _made_precise(found, text)
    return []


def _made_precise(found: list[re.Match[str]], text: str) -> list[re.Match[str]]:
    """Without a frequency the parenthesis after it makes precise: "Định kỳ hàng tháng (trước ngày 16 hàng tháng)"
    is one time, the one in the parenthesis."""
    return [m for m, n in zip(found, [*found[1:], None], strict=True)
            if not (n and not re.search(r"\d", m.group(0)) and re.fullmatch(r"\s*\(\s*", text[m.end():n.start()]))]


def as_written(match: re.Match[str]) -> str:
    """A deadline as the answer gives it: "hoàn thành trong năm 2025" → "trong năm 2025"."""
    return re.sub(rf"^{_LABEL}", "", _VERB.sub("", match.group(0)), flags=re.I).strip(" ,.;")


def find_deadline(text: str, weak: bool = False) -> str | None:
    """The expression that sets the deadline of an item, as written; ``weak``: also a bare year or period
    (for a table's time column, where any time is the deadline). How often ("Thường xuyên kiểm tra …",
    "Định kỳ hằng tháng, …") counts where a clause opens with it, not inside a sentence ("… theo Nghị quyết
    hằng năm của HĐND", "… thông tin kịp thời, thường xuyên về …")."""
    found = deadline_matches(text, weak)
    if not found:
        return None
    # the most precise: a day before a month, a year or a bare frequency
    # an event ("ngay khi nước rút") only when no time is written
    best = min(found, key=lambda m: (not re.search(r"\d", m.group(0)) and parse(m.group(0)).kind == "relative",
                                     _PRECISION.get(parse(m.group(0)).kind, 9), not re.search(r"\d", m.group(0))))
    since = next((m for m in found if parse(m.group(0)).kind == "start"), None)
    if since and since is not best and parse(best.group(0)).kind in REPEATS:
        return f"{as_written(best)}, {as_written(since)}"  # "định kỳ hằng tháng, bắt đầu thực hiện từ tháng 01/2026"
    return as_written(best)


REPEATS = {"daily", "weekly", "monthly", "quarterly", "yearly", "periodic", "ongoing"}


# -- horizons of targets ---------------------------------------------------------------------------------

_HORIZON = re.compile(
    rf"(?:(?:đến|tới|vào|trước|trong|sau)\s+(?:hết\s+|cuối\s+|đầu\s+)?(?:năm\s+)?{_YEAR}"
    rf"|giai đoạn\s+{_YEAR}\s*[-–]\s*{_YEAR}(?:,?\s*(?:định hướng|tầm nhìn) đến năm\s+{_YEAR})?"
    rf"|(?:cuối|hết)\s+năm\s+{_YEAR}|(?<!\w)năm\s+{_YEAR})", re.I)


def find_horizon(text: str, title: bool = False) -> str | None:
    """The first time horizon a sentence states: "đến cuối năm 2025", "trước năm 2026", "giai đoạn 2021-2025".
    In a document's own ``title`` a year after a document's name is its own ("Kế hoạch … năm 2025"), not a cited
    one's date."""
    for match in _HORIZON.finditer(text):
        if not _cited(text, match.start(), named=not title) and not _BASELINE.search(text[:match.start()]):
            return match.group(0)
    return None


# the year a figure is compared with: "giảm phát thải … so với năm 2005: 8%" aims at no year 2005
_BASELINE = re.compile(r"\bso với(?:\s+(?:cùng kỳ|mức|giá trị|số liệu))?\s*$", re.I)


def horizon_year(horizon: str | None) -> int | None:
    """The year a horizon ends in: "giai đoạn 2026 - 2030" → 2030, "trước năm 2026" → 2025."""
    if not horizon:
        return None
    found = [int(y) for y in re.findall(_YEAR, horizon)]
    if not found:
        return None
    return max(found) - 1 if re.match(r"\s*trước", horizon, re.I) else max(found)


# -- periods that questions name -----------------------------------------------------------------------

def period(text: str) -> tuple[str, str] | None:
    """(first day, last day) of the period ``text`` names: "6/2025" → (2025-06-01, 2025-06-30),
    "quý III năm 2026" → (2026-07-01, 2026-09-30), "2026" → the whole year; None if it names none."""
    d = parse(text)
    if d.kind == "date" and d.due:
        return d.due, d.due
    if d.year is None:
        return None
    if d.kind == "month" and d.month:
        return f"{d.year:04d}-{d.month:02d}-01", _last_day(d.year, d.month)
    if d.kind == "quarter" and d.quarter:
        return f"{d.year:04d}-{3 * d.quarter - 2:02d}-01", _last_day(d.year, 3 * d.quarter)
    if d.kind == "range" and (first := re.match(r"\D*((?:19|20)\d\d)", d.text)):
        return f"{first.group(1)}-01-01", f"{d.year:04d}-12-31"  # "2026-2027": both years
    return f"{d.year:04d}-01-01", f"{d.year:04d}-12-31"


def time_cell(row: str, header: str) -> str | None:
    """The time a table row gives in its time column ("19 | NMNĐ Long Phú 1 | 1.200 | Cần Thơ | 2027 | …" under
    "TT | Dự án | … | Dự kiến thời gian vận hành | Ghi chú" → "2027"), or None."""
    columns = [fold(c) for c in header.split("|")]
    cells = [c.strip() for c in row.split("|")]
    at = next((i for i, c in enumerate(columns) if TIME_COLUMN.search(c)), None)
    if at is None or len(cells) != len(columns) or not cells[at]:
        return None
    return cells[at] if find_deadline(cells[at], weak=True) else None
