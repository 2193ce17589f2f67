"""The field a question asks, read out of one record or one sentence: the lead body, who holds a post, who
receives, the agent of "do X công bố", the time (the one after the question's words; how long; a day), the
figure in the unit asked (not one the question states), the document a sentence cites."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kb.answer.terms import label_of, nearest, overlap
from kb.answer.whom import labelled_body
from kb.bodies import find_bodies
from kb.clauses import asked, subject
from kb.deadlines import NARRATED, REPEATS, as_written, deadline_matches, find_deadline, parse
from kb.model import Deadline
from kb.question import COUNTED, POSTS
from kb.text import UPPER, fold, syllables
from kb.values import UNIT_LABEL, figures

CLAUSE = 240  # characters of context a value read out of a sentence comes with


def _value_line(record: dict[str, Any], text: str = "") -> str | None:
    """A target's value as the answer gives it: with the table's unit, what the clause goes on to count ("12 cơ sở
    dữ liệu quốc gia"), and its horizon."""
    value = record.get("value")
    if not value:
        return None
    unit = record.get("unit_column") or ""
    if unit and unit.lower() not in value.lower() and not re.search(r"%|[^\d\s.,≥≤<>=~-]", value):
        value = f"{value} {unit}"
    elif "%" not in value and record.get("unit") not in (None, "ratio", "top", "group") \
            and (at := text.find(value)) >= 0 and (more := _COUNTED_ON.match(text[at + len(value):])):
        value = (value + more.group(0)).rstrip()  # "12 người" + " trên một vạn dân"
    horizon = record.get("horizon")
    return f"{value} ({horizon})" if horizon and horizon not in value else value


def record_field(asks: str, record: dict[str, Any], text: str = "") -> str | None:
    """The asked field of a record as the answer line gives it, or None when the record lacks it."""
    if asks == "body":
        names = [b["name"] for b in record.get("lead") or record.get("monitor") or []]
        return ", ".join(names) or None
    if asks == "deadline":
        return record.get("deadline")
    if asks == "value":
        return _value_line(record, text)
    return None


def _given(match: re.Match[str], sentence: str, question: str) -> bool:
    """A figure the question itself states, with its unit or else the word before it ("596 tỷ đồng", "mức độ 4"):
    given, not asked."""
    figure = " ".join(match.group(0).split())
    before = re.search(r"(\w+)\s*$", sentence[:match.start()])
    if not re.search(r"[^\W\d]", figure) and before:
        figure = f"{before.group(1)} {figure}"
    return bool(re.search(rf"(?<!\w){re.escape(fold(figure))}(?!\w)", fold(question)))


def _qualifies(match: re.Match[str], sentence: str, question: str) -> bool:
    """A frequency the question itself states with the word it qualifies ("… bố trí kinh phí chi thường xuyên theo chu
    kỳ nào?": "chi thường xuyên" is a kind of spending, not how often)."""
    before = re.search(r"(\w+)\s*$", sentence[:match.start()])
    return not re.search(r"\d", match.group(0)) and bool(before) and \
        f" {fold(before.group(1))} {fold(match.group(0))} " in f" {fold(question)} "


def _for_whom(found: list[re.Match[str]], sentence: str, question: str) -> re.Match[str] | None:
    """Of times each said "đối với" something ("trước ngày 01 … đối với báo cáo tháng và trước ngày 03 … đối với báo
    cáo quý, 6 tháng …"), the one whose "đối với" names what the question names and no other does, else the one the
    question's words cover best; None unless each time has one."""
    asked_words = set(fold(question).split())
    said_for = []
    for m, after in zip(found, [*found[1:], None], strict=True):
        said = re.search(r"\bđối với\s+(.+)", sentence[m.end():after.start() if after else len(sentence)], re.I)
        words = fold(said.group(1)).replace(",", " ").strip(" .;").split() if said else []
        words = words[:-1] if words and words[-1] in ("va", "hoac") else words
        if not words:
            return None
        said_for.append(words)
    scores = []
    for i, words in enumerate(said_for):
        others = {w for j, ws in enumerate(said_for) if j != i for w in ws}
        matched = [w for w in words if w in asked_words]
        scores.append((len({w for w in matched if w not in others}), len(matched) / len(words)))
    best = max(scores)
    return found[scores.index(best)] if scores.count(best) == 1 and best[1] > 0 else None


_OBLIGED = re.compile(r"\b(?:han|phai|can|cham nhat|truoc ngay|hoan thanh|thoi gian|bao gio|se|du kien)\b")


def _asks_event(question: str, told: str, terms: set[str]) -> bool:
    """The question asks on which day something the sentence narrates happened ("… nhận được công văn … vào ngày
    nào?" of "Ngày 18/11/2025, Thuế tỉnh … có nhận được Công văn số 144 …"), not by when something is to be done."""
    done = told[told.find(who) + len(who):] if (who := subject(told)) else told  # what happened, not to whom
    # the question is of this sentence, and what it asks happened is what the sentence tells
    return bool(question) and not _OBLIGED.search(fold(question)) and overlap(terms, told) >= 0.5 \
        and overlap(terms, done) >= 0.3


def _dates_given(question: str) -> set[str]:
    """The days a question itself states ("nền tảng đưa vào vận hành trước ngày 01/7/2027 …"): its conditions."""
    times = [parse(m.group(0)) for m in deadline_matches(question, weak=True)]
    # a year may be the document's own ("kế hoạch … 2025"); a span names what is asked of ("nhiệm kỳ 2026-2031")
    return {_given_key(t) for t in times if t.day and t.due or t.kind == "range"}


def _given_key(time: Deadline) -> str:
    return f"{time.kind}:{time.year}" if time.kind == "range" else time.due or ""


DURATION = re.compile(r"(?:(?:tối thiểu|tối đa|ít nhất|không quá|chậm nhất|trong(?: thời hạn| vòng)?)\s+)?(?<![\d:])\d+"
                      r"(?:\s*[-–]\s*\d+)?\s*(?:ngày làm việc|ngày|tháng|năm|giờ|tuần)(?![\d/])")
_THRESHOLD = re.compile(r"\s*trở (?:lên|xuống)")  # "thời hạn bảo quản từ 05 năm trở lên": what is kept, not a limit
_BOUND_ASKED = re.compile(r"\b(?:toi thieu|it nhat|toi da|tro len|tro xuong)\b")


_CITED = re.compile(r"\b(Nghị quyết|Nghị định|Quyết định|Kế hoạch|Chỉ thị|Công văn|Thông báo|Thông tư|Đề án|Luật|"
                    r"Văn bản|Tờ trình|Báo cáo)\s+"
                    r"(?:số\s+)?(\d{1,5}(?:\.\d{1,2})?(?:/\d{4})?(?:[/-][A-ZĐ][\w&]*(?:[/-][\w&]+)*)?)", re.I)


_BARE = re.compile(r"(?<=\bđạt )\d+(?:[.,]\d+)?(?![\d/%]|[.,]\d|\s*[^\W\d_])|(?<=\blà )\d+[.,]\d+(?![\d/%]|[.,]\d)"
                   r"|(?<=\bhệ số )\d+(?:[.,]\d+)?(?![\d/%]|[.,]\d)"  # a coefficient: "theo hệ số 2,34 so với …"
                   # a band reached: "Tổng số điểm đạt được từ 70 đến 84,5"
                   r"|(?<=\bđạt được )từ \d+(?:[.,]\d+)? đến \d+(?:[.,]\d+)?(?![\d/%]|[.,]\d)")


# what a count goes on to name, up to a verb or a joiner: "12 người| trên một vạn dân|, …"
_COUNTED_ON = re.compile(r"(?:\s(?!(?:sẽ|được|phải|đạt|là|có|và|với|để|nhằm|trong|vào|đến|từ|theo|tại)\b)[^\s,;.()]+)"
                         r"{1,6}")
TIME_UNITS = ("ngay", "thang", "nam", "gio", "tuan")
MONEY = "tiền"  # the unit asked by "bao nhiêu tiền"
_CURRENCY = re.compile(r" (?:dong|usd) ")
# verbs, conjunctions and prepositions after "bao nhiêu" ("đạt bao nhiêu theo Nghị quyết …", "bao nhiêu vào năm 2030")
_NOT_UNIT = set("la dat chiem duoc va thi tren trong so voi cua theo vao tai o khi cho de moi hay nhu sau truoc den tu "
                "ma neu mot".split())  # "bao nhiêu một tháng": a rate, not a unit


def unit_asked(question: str) -> str | None:
    """What the figure asked is counted in: "%" for a share ("chiếm bao nhiêu", "tỷ lệ … bao nhiêu", "bao nhiêu phần
    trăm"), the head word after "bao nhiêu" ("bao nhiêu dịch vụ công" → "dich"), else None (any figure)."""
    folded = fold(question)
    if re.search(r"\b(chiem|phan tram|ty le|ti le)\b", folded):
        return "%"
    m = re.search(rf"\bbao nhieu (\w+)(?: (\w+))?|\bmay (?={COUNTED})(\w+)(?: (\w+))?", folded)
    if m and m.group(3):  # "mấy tờ"
        return m.group(3)
    if not m or m.group(1) in _NOT_UNIT or m.group(1) == "nam" and re.match(r"(?:19|20)\d\d$", m.group(2) or ""):
        return None  # "đạt bao nhiêu năm 2025": the year, not years
    if m.group(1) == "tien":
        return MONEY  # "bao nhiêu tiền": in đồng, USD …
    # a head of two letters is read with the next word: "cơ quan", not the "có" of "có khả năng"
    return f"{m.group(1)} {m.group(2)}" if len(m.group(1)) <= 2 and m.group(2) else m.group(1)


_TIMES = re.compile(r"(?:(?:khoảng|gấp|hơn|trên)\s+)?\d+(?:[.,]\d+)?\s+lần\b", re.I)  # "khoảng 6 lần"
# a bare figure in a table cell: "11.400", "1,324,157" (thousands grouped with commas), "15,5"; not a tax code or
# another identifier ("4600400261")
_BARE_FIGURE = re.compile(r"\s*\d{1,3}(?:\.\d{3})+(?:,\d+)?\s*|\s*\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*"
                          r"|\s*\d{1,7}(?:,\d+)?\s*")


# a bound written before a cell's figure ("Tối đa 210" under "Đơn vị tính: triệu đồng")
_BOUND = re.compile(r"^\s*(?:[Tt]ối (?:đa|thiểu)|[Kk]hông (?:quá|dưới)|[Dd]ưới|[Tt]rên)\s+")


def _stated_unit(context: str) -> str | None:
    """The unit a table's caption states, as its row's context carries it ("Đơn vị: Triệu đồng" → "triệu đồng")."""
    stated = re.search(rf"^{UNIT_LABEL}(.+)$", context, re.M)
    return stated.group(1)[:1].lower() + stated.group(1)[1:] if stated else None


def in_stated_unit(row: str, context: str) -> str:
    """A table row's bare figures in the unit its caption states ("17 | HUẾ | 11.400" under "Đơn vị: Triệu đồng" →
    "17 | HUẾ | 11.400 triệu đồng"; the first cell is the row's number); any other text as it is."""
    unit = _stated_unit(context)
    if not unit or "|" not in row:
        return row
    cells = row.split("|")
    return "|".join(f" {c.strip()} {unit} " if i and _BARE_FIGURE.fullmatch(_BOUND.sub("", c)) else c
                    for i, c in enumerate(cells))


_YEAR_CELL = re.compile(r"(?:[Nn]ăm\s+)?((?:19|20)\d\d)")


def year_cell(row: str, context: str, years: set[int]) -> str | None:
    """A table row's figure in the column of a year asked, named by a line of its header with as many cells ("… |
    Năm 2025 | Năm 2026" over "1 | Công ty … | 255,476 | 297,830"), in the unit its caption states: "297,830 tấn CO2
    tương đương (năm 2026)"; None when no column is that year's."""
    cells = [c.strip() for c in row.split("|")]
    for line in context.split("\n"):
        heads = [c.strip() for c in line.split("|")]
        for i, head in enumerate(heads if len(heads) == len(cells) else []):
            if (year := _YEAR_CELL.fullmatch(head)) and int(year.group(1)) in years \
                    and _BARE_FIGURE.fullmatch(cells[i]):
                unit = _stated_unit(context)
                return f"{cells[i]} {unit} (năm {year.group(1)})" if unit else f"{cells[i]} (năm {year.group(1)})"
    return None


def unit_agrees(record: dict[str, Any], wanted: str | None) -> bool:
    """A target's value in the unit asked (see ``unit_asked``)."""
    if wanted is None:
        return True
    value = f"{record.get('value') or ''} {record.get('unit') or ''} {record.get('unit_column') or ''}"
    if wanted == "%":
        return "%" in value or record.get("unit") == "ratio"
    return _in_unit(value, wanted)


def _in_unit(text: str, wanted: str) -> bool:
    unglued = re.sub(r"(\d)(?=[^\W\d_])", r"\1 ", text)  # "0,3km": the unit written onto its figure
    words = f" {' '.join(syllables(unglued))} "
    return bool(_CURRENCY.search(words)) if wanted == MONEY else f" {wanted} " in words


def _fits(match: re.Match[str], sentence: str, wanted: str | None) -> bool:
    """A figure in the unit asked: a share is a percentage or a ratio, a part ("bao nhiêu phần") a ratio; a count has
    the asked word in its unit."""
    if wanted is None:
        return True
    if wanted == "%":
        return bool(match.group("pct") or match.group("ratio"))
    if wanted == "phan":  # "bao nhiêu phần nghĩa vụ": a fraction ("2/3 nghĩa vụ")
        return bool(match.group("ratio"))
    # money is in the figure's own unit ("2.615 tỷ đồng"), not in a later figure's ("27 địa phương số tiền 2.615 …");
    # a count's unit may follow it in its clause, not in the next ("~ 100 tỷ đồng; giảm được khoảng 6 lần")
    after = sentence[match.end():match.end() + (3 if wanted == MONEY else 25)]
    return _in_unit(sentence[match.start():match.end()] + re.split(r"[;,.](?:\s|$)", after, maxsplit=1)[0], wanted)


def holder(post: str, sentence: str) -> str | None:
    """Who holds ``post`` as the sentence says: "Trưởng ban là Chủ tịch UBND tỉnh X, …" → "Chủ tịch UBND tỉnh X";
    "… do đồng chí Tổng Bí thư làm Trưởng ban" → "đồng chí Tổng Bí thư"."""
    if m := re.search(rf"(?<![\w ]{{2}}Phó ){re.escape(post)}\s+(?:[^,;.]{{0,40}}?\s)?là\s+([^,;.]{{3,90}})", sentence,
                      re.I):
        return m.group(1).strip()
    if m := re.search(rf"(?:^|,)\s*(?:(?:do|là|gồm)\s+)?([^,;.()]{{3,90}}?)\s+làm\s+{re.escape(post)}\b", sentence,
                      re.I):
        return re.sub(r"^(?:do|là|gồm)\s+", "", m.group(1).strip())
    if m := _ROSTER.match(sentence):  # "1. Ông: Hoàng Văn Thuân - Phó Giám đốc Sở, Trưởng đoàn;": a member named
        role = m.group("role").strip(" ,;.")  # with the posts he holds, the last the one he holds here
        if re.search(rf"(?<!Phó )(?<!phó )\b{re.escape(post)}$", role, re.I):
            return f"{m.group('name').strip()} - {role}"
    return None


# a member of a team, board or committee as its list names him: "2. Bà: Nguyễn Thị A - Chuyên viên, Thành viên;"
_ROSTER = re.compile(rf"^\W*(?:\d{{1,2}}[.)]\s*)?(?:Ông|Bà|Đồng chí|Đ/c)\s*:?\s*(?P<name>(?:[{UPPER}]\w*\s+){{1,4}}"
                     rf"[{UPPER}]\w*)\s*[-–,]\s*(?P<role>[^;]{{3,120}}?)\s*[;.]?\s*$")


def _agent(sentence: str, terms: set[str]) -> str | None:
    """The body "do X <verb>" names, when the question asks who does that verb: "Kết quả đánh giá DTI 2021 do Bộ
    Thông tin và Truyền thông công bố" for "Cơ quan nào công bố …"."""
    for m in re.finditer(r"\bdo\s+(?=\S)", sentence):
        rest = sentence[m.end():m.end() + 160]
        names = [n for n in find_bodies(rest) if rest.startswith(n)] \
            or [p for p in POSTS if re.match(rf"{p}\b", rest)][-1:]  # "… do Trưởng đoàn phân công": a post
        if names:
            verb = syllables(rest[len(names[0]):])[:2]
            if len(verb) == 2 and f"{verb[0]}_{verb[1]}" in terms:
                return names[0]
    return None


_VIA_ASKED = re.compile(r"\bqua (?:co quan|don vi|so|bo|dau moi) nao\b")


@lru_cache(maxsize=256)
def _asks_via(question: str) -> bool:  # asked of every candidate sentence: the question folded once
    return bool(_VIA_ASKED.search(fold(question)))


def through(question: str, text: str) -> str | None:
    """The body reports go through, when the question asks it ("… báo cáo UBND tỉnh qua cơ quan nào?"): the one
    after "qua" ("… báo cáo kịp thời UBND tỉnh (qua Ban Quản lý Khu kinh tế Đông Nam)"); None when not asked."""
    if not _asks_via(question):
        return None
    via = re.search(r"\bqua\s+([^();]{3,100})", text)
    return next(iter(find_bodies(via.group(1))), None) if via else ""


def sentence_field(asks: str, sentence: str, terms: set[str], question: str = "") -> str | None:
    """The asked field read out of a plain sentence, or None. A value comes with the clause that states it."""
    if asks == "reference":  # the document the sentence cites: "… kiện toàn theo Quyết định 2156 ngày 28/9 …"
        cited = list(_CITED.finditer(sentence))  # of the type the question names ("kế hoạch … số hiệu là gì?")
        asked_type = [m for m in cited if re.search(rf"\b{fold(m.group(1))}\b", fold(question))]
        best = (asked_type or cited or [None])[0]
        return f"{best.group(1)} số {best.group(2)}" if best else None
    if asks == "body":
        if label := labelled_body(sentence):  # "Sở Tài chính: Căn cứ dự toán …, thực hiện thẩm định …"
            return label
        if agent := _agent(sentence, terms):
            return agent
        name = asked(sentence) or subject(sentence)
        named = [n for n in find_bodies(sentence) if len(n) > 6]
        return name or (named[0] if len(named) == 1 else None)
    if asks == "deadline" and dated_pattern(question) == HOW_LONG:
        # "trong bao lâu?": how long, "05 ngày làm việc", "72 giờ"; not a threshold a thing is counted by
        # … nor how often ("Định kỳ 06 tháng …": a periodic time of the one deadline grammar)
        periodic = [m.span() for m in deadline_matches(sentence, weak=True) if parse(m.group(0)).kind == "periodic"]
        bound = _BOUND_ASKED.search(fold(question))  # "tối thiểu bao lâu?": the threshold is what is asked
        spans = [m for m in DURATION.finditer(sentence) if (bound or not _THRESHOLD.match(sentence, m.end()))
                 and not any(a <= m.start() < b for a, b in periodic)]
        return " ".join(nearest(spans, sentence, terms).group(0).split()) if spans else None
    if asks == "deadline":
        dated = dated_pattern(question) if question else ""
        given = _dates_given(question)
        narrated = m.end() if (m := NARRATED.match(sentence)) else 0  # "Ngày 20 tháng 11 năm 2025, …" happened
        times = [m for m in deadline_matches(sentence, weak=True)
                 if not (given and _given_key(parse(m.group(0))) in given)
                 and not _qualifies(m, sentence, question) and m.start() >= narrated]
        found = [m for m in times if not dated or re.search(dated, m.group(0))]
        if how_often(question):  # "… bao lâu một lần?": "hằng năm", not the meeting it is reported at
            found = [m for m in found if parse(m.group(0)).kind in REPEATS] or found
        if _SINCE.search(fold(question)):  # "bắt đầu … từ khi nào?": when it starts, not how often
            found = [m for m in found if parse(m.group(0)).kind == "start"] or found
        if len(found) == 1:
            return as_written(found[0])
        if not times and narrated and _asks_event(question, sentence[narrated:], terms):
            return sentence[:narrated].strip(" ,")  # "Ngày 18/11/2025, Thuế tỉnh … nhận được Công văn số 144 …"
        if len(found) < 2:
            return find_deadline(sentence[narrated:], weak=True) if times or not (given or narrated) else None
        # two times in one sentence: the one with the cue the question asks by ("chậm nhất vào ngày nào?": "… chậm
        # nhất ngày 17 tháng 12", not the period's "… đến ngày 14 tháng 12"), else the one after the question's words
        # ("… mẫu báo cáo hằng tuần trước 15:00 ngày thứ Sáu …, kịp thời báo cáo Thủ tướng vào 15:00 ngày Chủ nhật")
        cued = [m for m in found if any(c in fold(question) and fold(m.group(0)).startswith(c) for c in _CUES)]
        chosen = _for_whom(found, sentence, question) or nearest(cued or found, sentence, terms)
        return _with_coordinated(chosen, found, sentence)
    if asks == "value":
        wanted = unit_asked(question)
        if wanted in TIME_UNITS:  # "bao nhiêu năm kinh nghiệm", "chậm nhất bao nhiêu ngày trước": a duration
            found = [m for m in DURATION.finditer(sentence) if fold(m.group(0)).split()[-1] == wanted
                     or wanted == "ngay" and fold(m.group(0)).endswith("ngay lam viec")]
        elif wanted == "lan":  # "giảm được bao nhiêu lần đi lại": how many times, no target's unit
            found = list(_TIMES.finditer(sentence))
        else:
            found = [m for m in figures(sentence) if not _given(m, sentence, question) and _fits(m, sentence, wanted)]
        if not found and wanted is None:  # "chỉ số ICT Index … đạt 0,4582": a bare figure, said to be reached
            found = [m for m in _BARE.finditer(sentence) if not _given(m, sentence, question)]
        if not found:
            return None
        best = nearest(found, sentence, terms)  # "… dịch vụ công trực tuyến đạt 80%"
        clause = next((c for c in re.split(r"[;:]\s", sentence) if best.group(0) in c), sentence).strip()
        if len(clause) > CLAUSE:  # the words around the figure: "… hỗ trợ không quá 30% …, tối đa 15 tỷ đồng"
            at = clause.find(best.group(0))
            clause = "…" + clause[max(0, at - CLAUSE // 2):at + CLAUSE // 2].strip() + "…"
        value = " ".join(best.group(0).split())
        return value if clause == value else f"{value} ({clause})"
    return None


_HOW_OFTEN = re.compile(r"\b(?:bao lau (?:mot|1) lan|may lan|tan suat|chu ky nao|dinh ky (?:nao|bao lau))\b")


@lru_cache(maxsize=256)
def how_often(question: str) -> bool:
    """The question asks how often ("… báo cáo bao lâu một lần?")."""
    return bool(_HOW_OFTEN.search(fold(question)))


_CUES = ("cham nhat", "truoc ngay", "han cuoi", "han chot")  # the words a deadline is asked and written by
_SINCE = re.compile(r"\bbat dau\b|\btu (?:khi nao|bao gio|ngay nao|thang nao|nam nao|luc nao)\b")


# "ngày nào" wants a day ("15/12/2025", "ngày 15 tháng 6", "ngày thứ Sáu hằng tuần"); "tháng nào" a month or
# finer; "năm nào" any year.
_PRECISE = {"ngay": r"(?<!\d)\d{1,2}\s*/\s*\d{1,2}(?!\d)|ngày\s+(?:\d|thứ|chủ nhật)",
            "thang": r"\d\s*/\s*\d|tháng\s+\d", "quy": r"[Qq]uý|\d/\d", "nam": r"\d{4}",
            "bao lau": r"^" + DURATION.pattern + "$"}
HOW_LONG = _PRECISE["bao lau"]  # what a deadline must be when the question asks how long


# "… phải xong trước khi nào?", "hạn hoàn thành …", "chậm nhất …", "Hạn gửi báo cáo …?": by when it must be done, which
# "thường xuyên" is not
_BY_WHEN = re.compile(r"\b(?:xong|hoan thanh|hoan tat|ket thuc|han chot|han cuoi|cham nhat"
                      r"|truoc (?:khi|thoi diem|ngay) nao|han (?:gui|nop|trinh|bao cao))\b|^\W*han\b")


def completed_by(question: str) -> bool:
    """The question asks by when something must be done."""
    return bool(_BY_WHEN.search(fold(question)))


_AND = re.compile(r"\s*(?:,|và|,\s*và)(?:\s+(?:cho|trong|vào))?\s*")  # "năm 2025 và cho năm 2026"


def _with_coordinated(chosen: re.Match[str], found: list[re.Match[str]], sentence: str) -> str:
    """A time as written with those joined to it by "và" or a comma alone ("cho năm 2025 và năm 2026", "trước ngày 01/6
    và 15/11 hằng năm"): together they are one answer, not two to choose between."""
    at = found.index(chosen)
    first = last = at
    while first and _AND.fullmatch(sentence[found[first - 1].end():found[first].start()]):
        first -= 1
    while last + 1 < len(found) and _AND.fullmatch(sentence[found[last].end():found[last + 1].start()]):
        last += 1
    if first == last:
        return as_written(chosen)
    between = sentence[found[first].end():found[last].start()]
    return " ".join(f"{as_written(found[first])}{between}{as_written(found[last])}".split())


def dated_pattern(question: str) -> str:
    """What a deadline must hold when the question asks for a day, a month, a year or how long ("" otherwise)."""
    # "trong bao lâu" asks how long; "bao lâu một lần" how often
    asked_when = re.search(r"\b(ngay|thang|nam|quy) nao\b|\b(bao lau)\b(?!.*\b(?:mot|1) lan\b)", fold(question))
    return _PRECISE[asked_when.group(1) or "bao lau"] if asked_when else ""


REPORT_WORDS = 10  # of the clause before a time: where its verb stands ("gửi báo cáo về Bộ Tư pháp trước …")
_REPORTING = re.compile(r"\b(bao cao|gui|nop|trinh)\b")  # the verbs of reporting: a report's deadline is their own


def of_report(question: str) -> bool:
    """The question asks of a report ("… gửi báo cáo trước ngày nào?")."""
    return bool(_REPORTING.search(fold(question)))


def reported(field: str, text: str) -> bool:
    """The time ``field`` is, in ``text``, the deadline of a report ("… báo cáo Bộ Tư pháp trước ngày 05/12")."""
    at = fold(text).find(fold(field))
    clause = re.split(r"[;:,]", fold(text[:at]))[-1].split()[-REPORT_WORDS:]  # its own clause's last words
    return at > 0 and bool(_REPORTING.search(" ".join(clause)))


def as_of(field: str, text: str) -> bool:
    """The time ``field`` is, in ``text``, the day things stood ("Theo báo cáo, đến ngày 19 tháng 11 năm 2025 đã có 15
    bộ … gửi đăng ký"): what was done by then, not a deadline."""
    at = text.find(field)
    until = re.match(r"(?:tính\s+)?đến\b", field, re.I) or re.search(r"\bđến\s*$", text[:max(at, 0)], re.I)
    return at >= 0 and bool(until) and bool(re.match(r"\s*,?\s*(?:[^\s|]+\s+){0,2}?(?:đã|vừa)\s",
                                                      text[at + len(field):]))


def labelled(field: str | None, text: str, label: set[str]) -> bool:
    """The first figure of ``field`` stands in ``text`` after words of the question."""
    figure = None if field is None else re.search(r"\d[\d.,/]*\d|\d", field)
    there = re.search(rf"(?<![\d.,/]){re.escape(figure.group(0))}(?![\d])", text) if figure else None
    return bool(there) and overlap(label, label_of(text, there.start())) > 0
