"""Sentences → indicator observations ("đạt 94,2%") and target assessments ("đạt và vượt kế hoạch").

A *value* is a number with a unit from ``lexicons/units.tsv`` ("540,1 tỷ đồng", "30/32 chỉ
tiêu"), or a ratio of anything ("47/148 xã"). Sentences split into clauses at ";", ":", "…"
and at commas outside numbers and unit names ("chi, đảng bộ"). An observation's span runs
from its clause start to the clause end (or to the next value of the clause), so that it
holds the indicator's words, the value and its complement ("vượt 53,2% so với dự toán").
An assessment is a phrase of ``lexicons/achievement.tsv`` in a clause; its indicator is the
object after the phrase, else the subject before it, else (a clause that opens with the
phrase: "..., vượt 53,2% so với dự toán") the subject of the clause before. A phrase that
ends a clause with "như" opens a list: one assessment per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from kg.errors import LexiconError
from kg.extract.dates import find_dates, find_period, opening_periods
from kg.extract.numbers import NUMBER, parse_number
from kg.lexicons import read_tsv
from kg.model import Article, Assessment, Observation, Sentence, Span

STATUSES = ("exceeded", "achieved", "at-risk", "not-achieved")
# measured quantities are indicators wherever they occur; a bare count ("04 phường") only
# when its clause says what was achieved ("khen thưởng 04 tập thể", "120 hộ thoát nghèo")
_MEASURES = frozenset(
    {
        "percent",
        "ty-dong",
        "trieu-dong",
        "nghin-dong",
        "ty-usd",
        "trieu-usd",
        "usd",
        "ha",
        "km",
        "tan",
        "ta-ha",
        "lan",
        "luot-khach",
    }
)
_COUNT_CUE = re.compile(
    r"(?<!\w)(?:khen thưởng|kết nạp|giải quyết|hỗ trợ|thu hút|đào tạo|tạo việc làm|thoát nghèo|trồng|"
    r"cấp|tuyển|vận động|tặng|trao|giảm|tăng|đạt|vượt|còn|có|gồm|đại diện cho|thành lập mới|ban hành|"
    r"thông qua|thẩm tra|công nhận|bầu|trúng cử|đăng ký|tổ chức|về đích)(?!\w)",
    re.I,
)
_ATTENDANCE = re.compile(r"(?<!\w)(?:tham dự|dự hội nghị|có mặt|tham gia hội nghị)(?!\w)", re.I)
# nouns of meeting logistics, counted by the meeting stage, and words before a number that
# make it a date, a document or a term rather than a value
_NOT_COUNTED = re.compile(r"[ \t]*(?:tổ thảo luận|ý kiến|đại biểu|lượt|lần|ngày|tháng|năm)(?!\w)", re.I)
# ("sáp nhập 4 xã": units merged into a new one are no result)
_NOT_BEFORE = re.compile(
    r"(?<!\w)(?:tháng|ngày|(?<!tổng )số|năm|quý|khóa|khoá|kỳ|lần|sáp nhập|hợp nhất)[ \t]*$", re.I
)
_TYPO_BEFORE = re.compile(r"\d[ \t]$")  # "0 68%": a split number, value unknown
_LEAD = re.compile(
    r"^(?:(?:và|với|đưa|có|trong đó|đồng thời|hiện nay|theo đó|cụ thể|lũy kế|ngoài ra|nhìn chung|"
    r"đặc biệt|những|các)(?!\w)[\s,]*)+",
    re.I,
)
_TAIL = re.compile(
    r"(?:(?:^|[\s,]+)(?:đạt|tăng|giảm|vượt|là|có|được|còn|chiếm|bằng|ước|với|của|trên|hơn|gần|khoảng|"
    r"lên|xuống|tới|đến|thêm|đã|đều|cơ bản|dẫn đến|và))+$",
    re.I,
)
_REPORTING = re.compile(r"(?<!\w)(?:cho thấy|cho biết|nêu rõ|khẳng định)(?!\w)", re.I)
_COMPLEMENT = re.compile(
    r"^(?:so với|kế hoạch|dự toán|cùng kỳ|đề ra|(?:chỉ tiêu|mục tiêu)(?: đề ra)?$)", re.I
)
_IRREALIS = re.compile(
    r"(?<!\w)(?:để|nhằm|phấn đấu|quyết tâm|tập trung|cần|phải|sẽ|yêu cầu|đề nghị|bảo đảm|đảm bảo|nếu)(?!\w)",
    re.I,
)
# an effort the text reports as made ("đã nỗ lực phấn đấu hoàn thành ...") is a result, not a goal
_PAST_EFFORT = re.compile(
    r"(?<!\w)đã[ \t]+(?:(?:nỗ lực|cố gắng|đoàn kết)[ \t,]+)*(?:phấn đấu|quyết tâm|tập trung)(?!\w)", re.I
)
# a percentage of the plan ("đạt 127% chỉ tiêu", "bằng 100% kế hoạch", "đạt 174% so với nghị
# quyết") says by its size whether the target was met: above 100 exceeded, 100 achieved
_OF_PLAN = re.compile(
    r"[ \t]*(?:so với|so)?[ \t]*(?:kế hoạch|KH|chỉ tiêu|dự toán|nghị quyết|mục tiêu)(?!\w)", re.I
)
_PLAN_VERB = re.compile(r"(?<!\w)(?:đạt|bằng|tăng)[ \t]+(?:(?:hơn|trên|gần|khoảng)[ \t]+)?$", re.I)
# a value the plan percentage right after it judges: "gieo cấy 350 ha, đạt 100% kế hoạch"
_JUDGED = re.compile(
    r"(?:[ \t]+[^\W\d]+){0,2}[ \t]*,?[ \t]*(?:đạt|bằng|tăng)[ \t]+(?:(?:hơn|trên|gần|khoảng)[ \t]+)?", re.I
)
# the agenda of a meeting ("đã hoàn thành toàn bộ nội dung chương trình đề ra") is logistics
_AGENDA = re.compile(r"^(?:(?:toàn bộ|tất cả|các)[ \t]+)*nội dung(?!\w)", re.I)
_LIST_OPENER = re.compile(r"(?<!\w)(?:như|gồm|là)[ \t]*$", re.I)
# magnitude words between a number and its unit are multiplied out: "05 ngàn tỷ đồng" is 5000 tỷ đồng
_MAGNITUDES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1000000}
_MULTIPLE = re.compile(r"(?<!\w)(?:gấp|tăng)[ \t]+(?:(?:hơn|trên|gần|khoảng)[ \t]+)?$", re.I)
_REPRESENTED = re.compile(r"(?<!\w)đại diện cho[ \t]+(?:(?:hơn|trên|gần|khoảng)[ \t]+)?$", re.I)
# a sentence about a race: its lengths and counts are results, not indicators ("cự ly 42km")
_RACE = re.compile(r"(?<!\w)(?:cự ly|(?<!thi )đua|giải chạy|marathon)(?!\w)", re.I)
# words that open an adverbial, not a list item: "Đến nay, 40/42 chi bộ ..."
_ADVERBIAL = re.compile(
    r"(?:đến|theo|trong|bên cạnh|qua|ngoài ra|cụ thể|nhìn chung|hiện nay|tuy nhiên|đặc biệt|nhờ|do|sau|"
    r"trước|từ|tính đến|năm|tháng|quý|giai đoạn|nhiệm kỳ|nhìn lại|như vậy|vì vậy|bên cạnh)(?!\w)",
    re.I,
)
_TRAILING_YEAR = re.compile(r"\s+(?:trong\s+)?năm\s+\d{4}$", re.I)
_JOINT = re.compile(r"(?<!\w)(?:và|với|trong đó)(?!\w)", re.I)
_DELIMITER = re.compile(r"[;:…]|,")


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of ``lexicons/units.tsv``."""

    code: str
    label_vi: str
    label_en: str
    forms: tuple[str, ...]


@cache
def units() -> dict[str, Unit]:
    """The unit lexicon by code, validated."""
    out: dict[str, Unit] = {}
    seen: set[str] = set()
    for line, (code, vi, en, cell) in read_tsv("units.tsv", 4):
        if not re.fullmatch(r"[a-z0-9-]+", code) or code in out or not vi or not en:
            raise LexiconError(f"lexicons/units.tsv:{line}: bad or repeated code, or a missing label")
        forms = tuple(f.strip() for f in cell.split("|") if f.strip())
        if repeated := seen & {f.lower() for f in forms}:
            raise LexiconError(f"lexicons/units.tsv:{line}: {sorted(repeated)} already name another unit")
        seen |= {f.lower() for f in forms}
        out[code] = Unit(code, vi, en, forms)
    for code in (*_MEASURES, "count"):
        if code not in out:
            raise LexiconError(f"lexicons/units.tsv: the unit {code!r} is required; add its row")
    return out


@cache
def achievements() -> dict[str, str]:
    """Achievement phrase (lower case) → status, validated."""
    out: dict[str, str] = {}
    for line, (phrase, status) in read_tsv("achievement.tsv", 2):
        if status not in STATUSES:
            raise LexiconError(f"lexicons/achievement.tsv:{line}: status {status!r} is not one of {STATUSES}")
        if phrase.lower() in out:
            raise LexiconError(f"lexicons/achievement.tsv:{line}: {phrase!r} is listed twice")
        out[phrase.lower()] = status
    return out


def _alternation(forms: list[str]) -> str:
    words = (r"[ \t]+".join(re.escape(w) for w in f.split()) for f in sorted(forms, key=len, reverse=True))
    return "|".join(words)


@cache
def _unit_codes() -> dict[str, str]:
    return {f.lower(): u.code for u in units().values() for f in u.forms}


@cache
def _value_pattern() -> re.Pattern[str]:
    unit = _alternation(list(_unit_codes()))
    magnitude = "|".join(_MAGNITUDES)
    return re.compile(
        rf"(?P<num>{NUMBER})(?:/(?P<den>\d{{1,3}}(?:\.\d{{3}})+|\d+))?"
        rf"(?:[ \t]*+(?:(?P<unit>{unit})|(?P<magnitude>{magnitude})[ \t]+(?P<scaled>{unit}))(?!\w))?",
        re.I,
    )


@cache
def _phrase_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alternation(list(achievements()))})(?!\w)", re.I)


@cache
def _pairs_pattern() -> re.Pattern[str]:
    pairs = [f for u in units().values() for f in u.forms if "," in f]
    return re.compile(rf"(?<!\w)(?:{_alternation(pairs)})(?!\w)", re.I)


@dataclass(frozen=True, slots=True)
class _Value:
    start: int
    end: int
    value: Decimal
    denominator: Decimal | None
    unit: str


def _values(text: str, s: Sentence) -> list[_Value]:
    """The values of one sentence, dates and non-indicator numbers left out."""
    dates = [(d.span.start, d.span.end) for d in find_dates(text, s.span.start, s.span.end)]
    race = _RACE.search(text, s.span.start, s.span.end)
    out = []
    for m in _value_pattern().finditer(text, s.span.start, s.span.end):
        while dates and dates[0][1] <= m.start():
            dates.pop(0)
        before = text[max(s.span.start, m.start() - 16) : m.start()]
        unit_words = m["unit"] or m["scaled"]
        unit = _unit_codes()[" ".join(unit_words.lower().split())] if unit_words else None
        if (dates and dates[0][0] < m.end()) or _TYPO_BEFORE.search(before) or race:
            continue
        if _NOT_BEFORE.search(before) and unit not in _MEASURES:  # "năm 2020", not "hằng năm 2,97%"
            continue
        if _ATTENDANCE.search(text, max(s.span.start, m.start() - 40), min(s.span.end, m.end() + 30)):
            if not _REPRESENTED.search(before):  # "đại diện cho 1.800 đảng viên": the party's size
                continue
        if unit == "lan" and not _MULTIPLE.search(before):  # "tăng gấp 1,7 lần", not "họp 3 lần"
            continue
        den = parse_number(m["den"]) if m["den"] else None
        if unit is None and den is not None and re.match(r"[ \t]+\w", text[m.end() : m.end() + 2]):
            if _NOT_COUNTED.match(text, m.end()):
                continue
            unit = "count"
        if unit is None:
            continue
        value = parse_number(m["num"]) * _MAGNITUDES.get((m["magnitude"] or "").lower(), 1)
        if den is not None and (den == 0 or value > den):
            continue
        out.append(_Value(m.start(), m.end(), value, den, unit))
    return out


def _clauses(text: str, s: Sentence, values: list[_Value]) -> list[tuple[int, int, list[_Value]]]:
    """Clauses of a sentence with their values: commas inside values and unit names do not split."""
    protected = {(v.start, v.end) for v in values}
    protected |= {m.span() for m in _pairs_pattern().finditer(text, s.span.start, s.span.end)}
    kept = {i for a, b in protected for i in range(a, b) if text[i] == ","}
    cuts = [s.span.start]
    for m in _DELIMITER.finditer(text, s.span.start, s.span.end):
        if m.start() not in kept:
            cuts += [m.start(), m.end()]
    cuts.append(s.span.end)
    out, j = [], 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=True):
        if text[a:b].strip():
            a, b = _trim(text, a, b)
            while j < len(values) and values[j].start < a:
                j += 1
            k = j
            while k < len(values) and values[k].start < b:
                k += 1
            out.append((a, b, values[j:k]))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",."):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",.…/"):
        b -= 1
    return a, b


def _words(text: str, limit: int, last: bool = True, one: bool = False) -> str:
    """The indicator words of a subject (``last``) or object phrase: connectives, verbs cut.

    With ``one``, an object phrase stops at "và" ("nông thôn mới và chương trình ...").
    """
    if last:
        text = _REPORTING.split(text)[-1]
    elif one:
        text = re.split(r"\s+và\s+", text, maxsplit=1)[0]
    words = _LEAD.sub("", _TAIL.sub("", " ".join(text.split()[-40:] if last else text.split()[:40]))).split()
    return " ".join(words[-limit:] if last else words[:limit]).strip(" ,;:-–")


def _span(text: str, a: int, b: int) -> Span:
    a, b = _trim(text, a, b)
    if text.startswith(("và ", "Và "), a):
        a = _trim(text, a + 3, b)[0]
    if text.endswith(" và", a, b):
        b = _trim(text, a, b - 3)[1]
    return Span(a, b, text[a:b])


def find_observations(
    article: Article, sentences: tuple[Sentence, ...], place: str | None = None, year: int | None = None
) -> tuple[Observation, ...]:
    """Every numeric indicator value the sentences state."""
    text = article.text
    out: list[Observation] = []
    openers = opening_periods(text, sentences)
    for s in sentences:
        values = _values(text, s)
        previous, last, last_end = "", -1, 0  # the last value's words, index in ``out`` and end
        clauses = _clauses(text, s, values)
        for k, (a, b, inside) in enumerate(clauses):
            counted = _phrase_pattern().search(text, a, b) or _COUNT_CUE.search(text, a, b)
            clause_period = find_period(text, a, b) or openers[s.index - 1] or (str(year) if year else None)
            irrealis = _irrealis(text, a, b)
            for i, v in enumerate(inside):
                start = _joint(text, inside[i - 1].end, v.start)[1] if i else _list_head(text, clauses, k)
                end = _joint(text, v.end, inside[i + 1].start)[0] if i + 1 < len(inside) else b
                span = _span(text, start, end)
                if v.unit not in _MEASURES and not v.denominator and not counted:
                    continue
                if irrealis < v.start:  # a target or a requirement, not a result
                    continue
                before = _words(text[span.start : v.start], 12)
                unit_start = v.start + len(text[v.start : v.end].split()[0])
                after = _words(text[unit_start : span.end], 10, last=False)
                name = (after or before) if v.unit not in _MEASURES else (before or previous or after)
                if not name and k:  # "Kim ngạch xuất khẩu đạt 277 triệu đô la, tăng 47,8%"
                    name = _words(text[clauses[k - 1][0] : clauses[k - 1][1]], 12)
                previous = name
                period = find_period(text, span.start, span.end) or clause_period
                status = _own_status(text, s.span.start, v)
                if status and last >= 0 and _JUDGED.fullmatch(text, last_end, v.start):
                    out[last] = replace(out[last], status=status)  # "350 ha, đạt 100% kế hoạch"
                last, last_end = len(out), v.end
                out.append(
                    Observation(name, v.value, v.unit, span, v.denominator, period, place, status=status)
                )
    return tuple(out)


def once(found: list[Observation]) -> tuple[Observation, ...]:
    """The observations, a quantity stated again (the title, then the body) kept once.

    Percentages repeat by chance ("đạt 100%"), so they are all kept."""
    seen: set[tuple[Decimal, str, Decimal | None]] = set()
    out = []
    for o in found:
        key = (o.value, o.unit, o.denominator)
        if o.unit == "percent" or key not in seen:
            out.append(o)
        seen.add(key)
    return tuple(out)


def _irrealis(text: str, a: int, b: int) -> int:
    """Where in ``text[a:b]`` the words begin that make what follows a target or a requirement
    ("phấn đấu đạt"), else ``b``; an effort reported as made ("đã phấn đấu") does not count."""
    efforts = [m.span() for m in _PAST_EFFORT.finditer(text, a, b)]
    for m in _IRREALIS.finditer(text, a, b):
        if not any(x <= m.start() < y for x, y in efforts):
            return m.start()
    return b


def _list_head(text: str, clauses: list[tuple[int, int, list[_Value]]], k: int) -> int:
    """Where the subject of clause ``k`` begins: items of a list before it that share its value
    ("tỷ trọng ngư, nông nghiệp đạt 70%") belong to it; they hold no number and a comma parts them."""
    start = clauses[k][0]
    for j in range(k - 1, max(k - 3, -1), -1):
        a, b, inside = clauses[j]
        if inside or re.search(r"\d", text[a:b]) or text[b:start].strip() != "," or _ADVERBIAL.match(text, a):
            break
        start = a
    return start


def _own_status(text: str, start: int, v: _Value) -> str | None:
    """The status a percentage of the plan states by its size ("đạt 127% chỉ tiêu": exceeded)."""
    verb = _PLAN_VERB.search(text, max(start, v.start - 16), v.start)
    if v.unit != "percent" or verb is None or not _OF_PLAN.match(text, v.end):
        return None
    if v.value > 100 or (verb.group().lower().startswith("tăng") and v.value > 0):
        return "exceeded"
    return "achieved" if v.value == 100 else None


def _joint(text: str, a: int, b: int) -> tuple[int, int]:
    """Where two values of one clause part: around the last "và" between them, or before the
    last "với" ("3 đợt tặng quà với số tiền 130 triệu đồng": "với" opens the second one)."""
    joints = list(_JOINT.finditer(text, a, b))
    if not joints:
        return (b, a)
    last = joints[-1]
    return (last.start(), last.start() if last.group().lower() == "với" else last.end())


def find_assessments(
    article: Article, sentences: tuple[Sentence, ...], place: str | None = None, year: int | None = None
) -> tuple[Assessment, ...]:
    """Every achievement statement of the sentences, one per indicator it judges."""
    text = article.text
    out: list[Assessment] = []
    openers = opening_periods(text, sentences)
    for s in sentences:
        values = _values(text, s)
        clauses = _clauses(text, s, values)
        masked, base = _mask(text, s, values), s.span.start
        for k, (a, b, _) in enumerate(clauses):
            m = _phrase_pattern().search(masked, a - base, b - base)
            if m is None or _irrealis(text, a, base + m.start()) < base + m.start():
                continue
            status = achievements()[" ".join(m.group().lower().split())]
            period = find_period(text, a, b) or openers[s.index - 1] or (str(year) if year else None)
            start, end = base + m.start(), base + m.end()
            if _LIST_OPENER.search(text, end, b) or text.startswith(":", b):
                items = [(c, d) for c, d, _ in clauses[k + 1 :]]
                if len(items) > 1 and (last := _JOINT.search(text, *items[-1])) and last.group() == "và":
                    items[-1:] = [(items[-1][0], last.start()), (last.end(), items[-1][1])]
                for c, d in items:  # "khó hoàn thành những chỉ tiêu như: A, B; C và D"
                    item = _span(text, c, d)
                    name = _TRAILING_YEAR.sub("", _words(item.text, 12, last=False))
                    out.append(Assessment(name, status, item, find_period(text, c, d) or period, place))
                break
            before = _words(text[a:start], 12)
            after = _words(text[end:b], 12, last=False, one=True)
            if _AGENDA.match(after):
                continue
            if after and not _COMPLEMENT.match(after):
                name = after
            elif before:
                name = before
            elif k:  # ", vượt 53,2% so với dự toán": the subject of the clause before
                a, prev_end, prev_values = clauses[k - 1]
                name = _words(text[a : prev_values[0].start if prev_values else prev_end], 12)
                k -= 1
            else:
                continue
            if name:
                out.append(
                    Assessment(name, status, _span(text, _list_head(text, clauses, k), b), period, place)
                )
    return tuple(out)


def _mask(text: str, s: Sentence, values: list[_Value]) -> str:
    """The sentence with each value replaced by "#" and padding, so "vượt # so với" matches."""
    pieces, pos = [], s.span.start
    for v in values:
        pieces += [text[pos : v.start], "#" + " " * (v.end - v.start - 1)]
        pos = v.end
    return "".join([*pieces, text[pos : s.span.end]])


def assessment_for(observation: Observation, assessments: tuple[Assessment, ...]) -> Assessment | None:
    """The narrowest assessment whose span holds the observation's: the status of that value.

    "thu ngân sách đạt 540,1 tỷ đồng, vượt 53,2% so với dự toán" is one assessment
    (exceeded) over two observations; a graph can carry the status on each of them.
    """
    holding = [
        x
        for x in assessments
        if x.span.start <= observation.span.start and observation.span.end <= x.span.end
    ]
    return min(holding, key=lambda x: x.span.end - x.span.start, default=None)


def status_of(observation: Observation, holder: Assessment | None) -> str | None:
    """An observation's status: its own ("bằng 100% kế hoạch"), else its holder's, else
    achieved for a whole ratio ("12/12 xã đạt chuẩn"): all of them made it."""
    if observation.status or holder:
        return observation.status or (holder.status if holder else None)
    return "achieved" if observation.value == observation.denominator else None
