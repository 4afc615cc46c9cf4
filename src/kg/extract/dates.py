"""Text → day-level date mentions, and the year a yearless date can safely be anchored to.

Vietnamese news writes dates day first: "16/12", "ngày 16/12", "Sáng 7.8", "4-4-2022",
"ngày 30 tháng 12 năm 2021", ranges "từ 26 đến 28.10.2020", "Trong 2 ngày 7 và 8-5". A
day-month pair without a year is only read as a date after a context word ("ngày", "sáng",
"chiều", "tối", "trưa", "đêm", "từ", "đến") or at the start of a sentence before a comma,
so that ratios ("30/32", "47/148"), terms ("2021 – 2026"), months ("tháng 10/2021") and
decimals ("94,2%") are not taken for dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from kg.model import Article, Sentence, Span

_PARTS = {"sáng": "sang", "trưa": "trua", "chiều": "chieu", "tối": "toi", "đêm": None}
_SEP = r"[/.\-]"
_YEAR = r"(?:19|20)\d\d"
# the words that may open a date: a part of the day ("Sáng nay,"), then "ngày" / "từ" / "đến"
_OPEN = (
    r"(?:(?P<part>sáng|trưa|chiều|tối|đêm)(?:[ \t]+(?:nay|qua|mai))?(?:[ \t]*+,)?[ \t]++"
    r"(?P<ctx>(?:(?:hôm|vào)[ \t]+)?ngày[ \t]+)?"
    r"|(?P<ctx2>(?:(?:hôm|vào)[ \t]+)?ngày[ \t]+|(?:đến|tới)[ \t]+(?:ngày[ \t]+)?"
    r"|từ[ \t]+(?:(?P<part2>sáng|trưa|chiều|tối|đêm)[ \t]+)?(?:ngày[ \t]+)?))?"
)
# a day-month pair, then a year or nothing that continues the number ("16/12", "4-4-2022")
_DM = (
    rf"(?P<{{d}}>\d{{{{1,2}}}}){_SEP}(?P<{{m}}>\d{{{{1,2}}}})"
    rf"(?:{_SEP}(?P<{{y}}>{_YEAR})(?!\d)|(?!\d|{_SEP}\d))"
)
_DATE = re.compile(
    r"(?<![\w/.,\-])" + _OPEN + r"(?:"
    # "7 và 8-5", "26 đến 28.10.2020": a first day that shares the month of the second date
    r"(?P<rd>\d{1,2})[ \t]*(?:và|đến|tới|-|–|,)[ \t]*(?:ngày[ \t]+)?"
    + _DM.format(d="rd2", m="rm2", y="ry2")
    # "19/4/2009-19/4/2014", "16/12", "4-4-2022"; optionally "đến 20/12"
    + "|"
    + _DM.format(d="d", m="m", y="y")
    + r"(?:[ \t]*(?:-|–|đến|tới)[ \t]*(?:ngày[ \t]+)?"
    + _DM.format(d="d2", m="m2", y="y2")
    + ")?"
    # "30 tháng 12 năm 2021"
    + rf"|(?P<wd>\d{{1,2}})[ \t]+tháng[ \t]+(?P<wm>\d{{1,2}})(?:[ \t]*(?:năm|,)[ \t]*(?P<wy>{_YEAR}))?(?!\d)"
    r")",
    re.IGNORECASE,
)
_MONTH = re.compile(
    rf"(?<!\w)tháng[ \t]+(?P<m>\d{{1,2}})(?:[ \t]*[/\-][ \t]*|[ \t]+năm[ \t]+)(?P<y>{_YEAR})(?!\d)", re.I
)
# a document's number before its issue date: "số 11-NQ/TU ngày", "Nghị quyết số 41 ngày"
_DOC_BEFORE = re.compile(
    r"(?:\d+[ \t]*[-/][ \t]*[A-ZĐ][\w/\-]*|(?<!\w)số[ \t]+\d[\w/\-]*)[ \t]*,?[ \t]*(?:ngày[ \t]+)?$", re.I
)
_COMMA = re.compile(r"[ \t]*+,")
_CLAUSE_START = re.compile(r"(?:^|[.!?;:\n]|/\.)[\s\-–•*()\"“]*$")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A day-level date as written; ``end_*`` are set for a range ("7 và 8-5")."""

    span: Span
    day: int
    month: int
    year: int | None = None
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    part_of_day: str | None = None  # sang | trua | chieu | toi

    def iso(self, year: int | None = None) -> str:
        """The ISO date with the stated (else the given) year, or ``--MM-DD`` without one.

        >>> find_dates("Sáng 16/12, hội nghị")[0].iso(2020)
        '2020-12-16'
        """
        return iso_day(self.day, self.month, self.year or year)


def iso_day(day: int, month: int, year: int | None) -> str:
    """``YYYY-MM-DD``, or ``--MM-DD`` when the year is unknown or has no such day.

    >>> iso_day(29, 2, 2021), iso_day(29, 2, 2020)
    ('--02-29', '2020-02-29')
    """
    if year and _valid(day, month, year):
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"--{month:02d}-{day:02d}"


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date mention in ``text[start:end]``; spans index ``text``.

    >>> [(d.day, d.month, d.year, d.part_of_day) for d in find_dates("Chiều 06/7, có 30/32 chỉ tiêu")]
    [(6, 7, None, 'chieu')]
    >>> d = find_dates("Trong 2 ngày 7 và 8-5, đại hội")[0]
    >>> (d.span.text, d.day, d.end_day, d.end_month)
    ('ngày 7 và 8-5', 7, 8, 5)
    """
    stop = len(text) if end is None else end
    out = []
    for m in _DATE.finditer(text, start, stop):
        mention = _mention(text, m, start)
        if mention is not None:
            out.append(mention)
    return out


def _mention(text: str, m: re.Match[str], floor: int) -> DateMention | None:
    g = m.groupdict()
    word = g["part"] or g["part2"]
    part = _PARTS.get(word.lower()) if word else None
    if g["rd"]:
        day, month, year = int(g["rd"]), int(g["rm2"]), _int(g["ry2"])
        end = (int(g["rd2"]), month, year)
    elif g["wd"]:
        day, month, year, end = int(g["wd"]), int(g["wm"]), _int(g["wy"]), None
    else:
        day, month, year = int(g["d"]), int(g["m"]), _int(g["y"])
        end = (int(g["d2"]), int(g["m2"]), _int(g["y2"]) or year) if g["d2"] else None
    if year is None and end is not None and end[2] is not None and (end[1], end[0]) >= (month, day):
        year = end[2]
    if not (word or g["ctx"] or g["ctx2"]) and year is None:
        # a bare "29-9" is a date only when it opens a sentence and a comma follows it
        before = text[max(floor, m.start() - 40) : m.start()]
        if not (_CLAUSE_START.search(before) or m.start() == floor) or not _COMMA.match(text, m.end()):
            return None
    if not _valid(day, month, year) or (end is not None and not _valid(*end)):
        return None
    span = Span(m.start(), m.end(), m.group())
    if end is None:
        return DateMention(span, day, month, year, part_of_day=part)
    return DateMention(span, day, month, year, end[0], end[1], end[2], part)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _valid(day: int, month: int, year: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def reference_year(article: Article, sentences: tuple[Sentence, ...]) -> int | None:
    """The year a day-month date of this article can safely be anchored to, or None.

    Evidence, strongest first: the lead's own date when it states its year; the
    publication date; full dates elsewhere (not a document's issue date) within six months
    of the lead date, when they agree; "tháng M/YYYY" of the lead's month; a review of a
    period ("đánh giá kết quả ... năm 2020") held when such reviews are held (a year in
    October-December, or in January-February of the next year), or of a whole term ("tổng
    kết ... nhiệm kỳ 2021-2026" → 2026); the years the article's periods name ("6 tháng
    đầu năm 2025", "quý I/2025", "năm 2023") when they are one year, or a year and the
    next; the term the event opens (a congress, a first session: "Đại hội ... nhiệm kỳ
    2020 - 2025" → 2020) comes before those years unless they are later.
    """
    text = article.text
    lead = _lead_date(text, sentences)
    if lead is not None and lead.year:
        return lead.year
    if article.published and re.match(r"\d{4}-\d\d", article.published):
        year, month = int(article.published[:4]), int(article.published[5:7])
        return year - 1 if lead is not None and lead.month > month else year
    if lead is None:
        return _agreed(_full_years(text, None))
    for found in (
        _agreed(_full_years(text, lead.month)),
        _month_year(text, lead.month),
        _review_year(sentences, lead.month),
    ):
        if found is not None:
            return found
    opening, named = _opening_year(sentences, lead), _period_year(sentences, lead.month)
    if opening is not None and (named is None or named <= opening):
        return opening  # "năm 2019" in a congress of 2020 tells a past result
    return named


def _lead_date(text: str, sentences: tuple[Sentence, ...]) -> DateMention | None:
    for s in (*sentences[1:5], *sentences[:1]):
        dates = find_dates(text, s.span.start, s.span.end)
        if dates:
            return dates[0]
    return None


def issue_date(text: str, date: DateMention) -> bool:
    """True for a document's issue date ("Kế hoạch số 04/KH-HĐND ngày 2/6/2020")."""
    return _DOC_BEFORE.search(text[max(0, date.span.start - 40) : date.span.start]) is not None


def _full_years(text: str, month: int | None) -> list[int]:
    years = []
    for d in find_dates(text):
        if d.year is None or issue_date(text, d):
            continue
        if month is None or abs(d.month - month) <= 6:
            years.append(d.year)
    return years


def _agreed(years: list[int]) -> int | None:
    return years[0] if years and len(set(years)) == 1 else None


def _month_year(text: str, month: int) -> int | None:
    return _agreed([int(m["y"]) for m in _MONTH.finditer(text) if int(m["m"]) == month])


_REVIEW = re.compile(r"(?<!\w)(?:đánh giá|tổng kết|sơ kết|kết quả|kiểm điểm)(?!\w)", re.I)
_TERM_REVIEW = re.compile(r"(?<!\w)tổng kết(?!\w)", re.I)
_MID_TERM = re.compile(r"(?<!\w)giữa nhiệm kỳ(?!\w)", re.I)
_QUARTERS = {"I": 3, "II": 6, "III": 9, "IV": 12}


def _clauses(sentences: tuple[Sentence, ...]) -> list[str]:
    return [c for s in sentences for c in re.split(r"[,;:]", s.span.text)]


def _review_year(sentences: tuple[Sentence, ...], month: int) -> int | None:
    """The latest reviewed period's year, when the lead month is when such reviews are held;
    a whole term is reviewed in its last year ("tổng kết ... nhiệm kỳ 2021-2026" → 2026)."""
    found = []
    for clause in _clauses(sentences):
        for p in _PERIODS.finditer(clause) if _REVIEW.search(clause) else ():
            if p["y"] and not p["prep"]:
                ends, year = 12, int(p["y"])
            elif p["ny"]:
                ends, year = (
                    (12 if p["half"] and p["half"].lower() == "cuối" else int(p["n"])),
                    int(p["ny"]),
                )
            elif p["qy"]:
                ends, year = _QUARTERS[p["q"].upper()], int(p["qy"])
            elif p["t2"] and _TERM_REVIEW.search(clause) and not _MID_TERM.search(clause):
                found.append(int(p["t2"]))
                continue
            else:
                continue
            if ends - 2 <= month <= ends + 2:
                found.append(year)
            elif month <= ends + 2 - 12:
                found.append(year + 1)
    return max(found) if found else None


# a law or a resolution named with its year ("Luật Đất đai năm 2013") dates a document
_DOCUMENT = re.compile(
    r"(?<!\w)(?:luật|hiến pháp|nghị quyết|nghị định|quyết định|chỉ thị|kết luận|thông tư|quy định)(?!\w)",
    re.I,
)
# "được công nhận đạt chuẩn năm 2019", "trước đó, năm 2018": a past fact, dated before the event
_PAST = re.compile(r"(?<!\w)(?:công nhận|trước đây|trước đó)(?!\w)", re.I)
_PLAN = re.compile(r"(?<!\w)(?:kế hoạch|phương hướng|dự toán|dự kiến|năm tới|sẽ)(?!\w)", re.I)


def _period_year(sentences: tuple[Sentence, ...], month: int) -> int | None:
    """The year the article's own periods name, when they name one year or a year and the next.

    Reviews are `_review_year`'s; comparison bases and horizons ("so với năm 2020", "đến năm
    2030"), terms, past facts ("được công nhận … năm 2019") and the years of documents are
    no evidence. With a year and the next
    ("kết quả năm 2022, nhiệm vụ năm 2023"), a meeting of the second half-year is of the
    first, one of the first quarter of the second; a year only a plan names is left open
    from October on (a year-end meeting plans the next year).
    """
    named: dict[int, bool] = {}  # year -> named outside a plan
    for clause in _clauses(sentences):
        if _REVIEW.search(clause) or _PAST.search(clause):
            continue
        years = [int(m["y"]) for m in _MONTH.finditer(clause)]
        for p in _PERIODS.finditer(clause):
            if (p["ny"] or p["qy"] or (p["y"] and not p["prep"])) and not _DOCUMENT.search(
                clause, 0, p.start()
            ):
                years.append(int(p["ny"] or p["qy"] or p["y"]))
        for y in years:
            named[y] = named.get(y, False) or not _PLAN.search(clause)
    if not named:
        return None
    top = max(named)
    if top - 1 not in named:
        return top if named[top] or month < 10 else None
    if month >= 7:
        return top - 1
    return top if month <= 3 else None


_OPENING = re.compile(r"(?<![\w])(?:(?<!Nghị quyết )đại hội|kỳ họp (?:lần )?thứ (?:nhất|1|I)(?![\w]))", re.I)
_TERM = re.compile(rf"nhiệm kỳ[ \t(]*(?P<y>{_YEAR})[ \t]*[-–][ \t]*{_YEAR}", re.I)


# units merged mid-term hold a "first session" of the running term ("sau sắp xếp", "hợp nhất")
_MERGED = re.compile(r"(?<!\w)(?:sáp nhập|sắp xếp|hợp nhất)(?!\w)", re.I)


def _opening_year(sentences: tuple[Sentence, ...], lead: DateMention) -> int | None:
    """A congress or a first session of the term starting in Y is held in Y (a lead month up
    to October), when the title or the lead's dated sentence names it; not a first session
    in an article about merged units."""
    if lead.month > 10:
        return None
    merged = any(_MERGED.search(s.span.text) for s in sentences)
    dated = [s for s in sentences if s.span.start <= lead.span.start < s.span.end]
    years = [
        int(t["y"])
        for s in (*sentences[:2], *dated)
        for o in _OPENING.finditer(s.span.text)
        if not (merged and o.group().casefold().startswith("kỳ"))
        for t in _TERM.finditer(s.span.text)
    ]
    return max(years) if years else None


_PERIODS = re.compile(
    r"(?<!\w)(?:"
    rf"(?P<n>[369])[ \t]+tháng(?:[ \t]+(?P<half>đầu|cuối))?(?:[ \t]+năm)?(?:[ \t]+(?P<ny>{_YEAR}))?(?!\d)"
    rf"|quý[ \t]+(?P<q>IV|I{{1,3}})(?!\w)(?:[ \t]*(?:năm[ \t]+|[-/][ \t]*)(?P<qy>{_YEAR}))?"
    rf"|(?:nhiệm kỳ|giai đoạn)[ \t(]*(?P<t1>{_YEAR})[ \t]*[-–][ \t]*(?P<t2>{_YEAR})"
    rf"|(?:(?P<prep>so với(?:[ \t]+cùng kỳ)?|cùng kỳ|đến|tới|từ)[ \t]+)?năm[ \t]+(?P<y>{_YEAR})(?![\d\-–])"
    r"|vụ[ \t]+(?P<season>hè thu|đông xuân|thu đông|xuân hè|chiêm)"
    r")",
    re.I,
)
_OPENER = re.compile(r"[^,;:]{1,60}(?=,)")


def find_period(text: str, start: int = 0, end: int | None = None) -> str | None:
    """The first reporting period in ``text[start:end]``: "2020", "9 tháng 2021", "quý I-2022".

    Comparison bases and horizons ("so với năm 2020", "đến năm 2030") are not periods.

    >>> find_period("dịch vụ tăng 6,5% so với năm 2020 trong 9 tháng đầu năm 2021")
    '9 tháng đầu năm 2021'
    >>> find_period("quý I năm 2022"), find_period("nhiệm kỳ 2015 - 2020"), find_period("vụ hè thu")
    ('quý I-2022', '2015-2020', 'hè thu')
    """
    for m in _PERIODS.finditer(text, start, len(text) if end is None else end):
        if m["n"]:
            if not (m["half"] or m["ny"] or "năm" in m.group()):
                continue
            half = f" {m['half'].lower()} năm" if m["half"] else ""
            return f"{m['n']} tháng{half}" + (f" {m['ny']}" if m["ny"] else "")
        if m["q"]:
            return f"quý {m['q'].upper()}" + (f"-{m['qy']}" if m["qy"] else "")
        if m["t1"]:
            return f"{m['t1']}-{m['t2']}"
        if m["season"]:
            return m["season"].lower()
        if not m["prep"]:
            return m["y"]
    return None


def opening_periods(text: str, sentences: tuple[Sentence, ...]) -> tuple[str | None, ...]:
    r"""Per sentence, the period it or an earlier sentence of its paragraph opens with.

    "Năm 2020, Đảng bộ ... . Thu ngân sách vượt dự toán." → both sentences are of 2020.

    >>> from kg.model import Span
    >>> t = "Năm 2020, thành phố đạt kết quả tốt. Thu ngân sách vượt dự toán.\nKhác."
    >>> spans = [(0, 36), (37, 64), (65, 70)]
    >>> opening_periods(t, tuple(Sentence(i + 1, Span(a, b, t[a:b])) for i, (a, b) in enumerate(spans)))
    ('2020', '2020', None)
    """
    out: list[str | None] = []
    current: str | None = None
    for i, s in enumerate(sentences):
        if i == 0 or "\n" in text[sentences[i - 1].span.end : s.span.start]:
            current = None
        m = _OPENER.match(text, s.span.start, s.span.end)
        current = (find_period(text, m.start(), m.end()) if m else None) or current
        out.append(current)
    return tuple(out)
