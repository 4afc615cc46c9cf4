"""Sentences → requirements: which words are tasks, and which sentence introduced them.

A sentence where someone is named right before a verb of ``lexicons/directive_verbs.tsv``
introduces a speaker. After a requirement verb ("yêu cầu", "đề nghị", "giao") each clause
(split at ";" and at numbered items) is a task; after a verb of saying ("nhấn mạnh", "nêu rõ")
only the clauses worded as tasks are. The speaker keeps the floor over the following
sentences and paragraphs: those worded as tasks ("Các sở, ngành cần…", "Tập trung…") are
his requirements too, until someone else is named or takes the floor ("báo cáo"). A verb
followed by ":" opens a list: the rest of its paragraph is tasks, however worded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from kg.lexicons import alternation, lexicon
from kg.model import Sentence, Span

_S = r"[ \t\u00a0]"
# a requirement ends at ";" or where a numbered item "(2)" / "2)" begins
_CLAUSE = re.compile(r"(?:\(?\d{1,2}\)[ \t\u00a0]*)?(?:[^;(\d]|\((?!\d{1,2}\))|\d(?!\d?\)))+")
# "giao nhiệm vụ cho X …", "yêu cầu X …": a requirement verb, then whom it addresses
_ORDER_WORDS = (
    r"(?:(?:yêu cầu|đề nghị|giao(?!{_S}+(?:ban|lưu|thông|thừa|dịch|thương|nhận|tiếp|đất|rừng)(?![\w]))"
    r"(?:{_S}+nhiệm vụ)?)(?:{_S}+cho)?)(?![\w])"
).replace("{_S}", _S)
# words before the task itself: an item's number ("2.", "b)"), a short framing phrase closed by
# a comma ("Thời gian tới,", "Sau hội nghị này,", "Hai là,"), a linking word, a requirement verb
_NUMBER = rf"(?:\(?(?:\d{{1,2}}|[a-zđ])[.)]{_S}+|[-–+•*]{_S}*)"
_LEAD_IN = re.compile(
    rf"^{_NUMBER}?(?:(?:(?:trong|đến|từ|sau|năm|nhiệm kỳ|thời gian|ngay|trước mắt|trước hết|bên cạnh|do đó"
    rf"|vì vậy|qua đó|trên cơ sở|đồng thời|mặt khác|ngoài ra|cuối cùng|hiện nay|tới đây|từ nay|để|thứ"
    rf"|(?:một|hai|ba|bốn|năm|sáu) là)\b[^,;:]{{0,40}},{_S}*"
    rf"|(?:đồng thời|và|trong đó|nhất là|đặc biệt(?: là)?){_S}+|{_ORDER_WORDS}{_S}+)|(?=.))",
    re.I,
)
_LINK = re.compile(rf"^(?:(?:đồng thời|và){_S}*,?{_S}*)?({_ORDER_WORDS}{_S}+)?", re.I)
_LIST_LEAD = re.compile(rf"^[^;:]{{0,80}}(?:sau|như|gồm|là){_S}*:{_S}*", re.I)  # "các nhiệm vụ sau:"
_MODAL = re.compile(
    rf"(?<![\w])(?:cần|phải|không được|không để|nghiêm cấm)(?![\w])(?!{_S}+(?:thiết|chăng|là)\b)", re.I
)
# an award or a wish is not a requirement, nor is a report of what was done or is being done
_AWARD = re.compile(r"(?<![\w])(?:tặng|trao tặng|khen thưởng|bằng khen|chúc|chúc mừng)(?![\w])", re.I)
_DONE = re.compile(r"(?<![\w])(?<!nếu )(?<!Nếu )(?<!không )(?<!Không )(?:đã|đang|được)(?![\w])", re.I)
# "vẫn còn một số hạn chế cần khắc phục" describes, it does not require
_REMAINS = re.compile(r"(?<![\w])còn(?![\w])", re.I)
# what a task is about, never who must do it: "các dự án …", "những hạn chế …"
_THINGS = (
    r"(?:dự án|công trình|chỉ tiêu|nhiệm vụ|giải pháp|chương trình|kế hoạch|nội dung|vấn đề|hoạt động"
    r"|văn bản|thủ tục|hồ sơ|khoản|tuyến|chính sách|mục tiêu|phong trào|lĩnh vực|kết quả|sản phẩm"
    r"|công việc|tồn tại|hạn chế|khó khăn|vướng mắc|loại|mặt)(?![\w])"
)
_COLLECTIVE = (
    rf"(?:(?:các|những|mỗi|từng|toàn thể)[ \t\u00a0]+(?!{_THINGS})[^;:]{{1,80}}?"
    r"|(?:đội ngũ|người đứng đầu|cán bộ|đảng viên|cấp ủy|cấp uỷ|chi ủy|chi bộ|lãnh đạo)\b[^;:]{0,60}?)"
)
# "Đối với xã X, …", "Riêng dự án Y giao …": what the requirement is about, before its verb
_FRAMING = re.compile(rf"^(?:đối với|về|riêng|với)\b[^;:]{{0,120}}?(?:,{_S}*|{_S}+(?={_ORDER_WORDS}))", re.I)
_ADVERB_WORDS = r"(?:cũng|đều|đặc biệt|nhất là)"  # between who must act and the task's verb
_PASSIVE = re.compile(rf"{_S}+(?:{_ADVERB_WORDS}{_S}+)?(?:cần|phải)?{_S}*được(?![\w])", re.I)
_BULLET = re.compile(rf"^(?:[-–+•*]|\(?(?:\d{{1,2}}|[a-zđ])[.)]){_S}*")  # "- …", "2. …", "b) …"
# a sentence opening with the day something happened is narrative, not a task ("Sáng ngày 2/7,",
# "Chiều 15-3,"); a deadline ("Trước ngày 30/6, các xã phải …") opens otherwise
_DATED = re.compile(
    rf"^(?:(?:sáng|trưa|chiều|tối|đêm)(?:{_S}+(?:nay|qua))?,?{_S}+)?(?:(?:hôm|vào){_S}+)?(?:ngày{_S}+)?"
    r"\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{4})?,",
    re.I,
)
_ITEM_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[a-zđ])[.)]$")
_HEADING = re.compile(r"^[^a-zà-ỹđ]{12,}$")  # a section heading in capitals


@dataclass(frozen=True, slots=True)
class DirectiveClue:
    """One requirement's words, with the sentence and verb that introduced its speaker."""

    span: Span
    intro: Sentence  # the sentence where the speaker is named
    verb: Span
    modality: str
    subject: Span | None  # who the task is addressed to, named at the clause start, if any


@dataclass(frozen=True, slots=True)
class _Floor:
    """Who has the floor: the sentence and verb that introduced them."""

    intro: Sentence
    verb: Span
    modality: str
    listing: bool  # the verb ended in ":", so its paragraph is a list of tasks


@cache
def _actions() -> str:
    return "(?:" + alternation(lexicon().action_verbs) + r"|cần|phải|không được|không để)(?![\w])"


_ADVERB = rf"(?:{_ADVERB_WORDS}{_S}+)?"


@cache
def _subject_pattern() -> re.Pattern[str]:
    """An addressee named at a clause start, up to the verb of its task."""
    return re.compile(rf"^{_COLLECTIVE}(?={_S}+{_ADVERB}{_actions()})", re.I)


@cache
def _named_pattern() -> re.Pattern[str]:
    """Whoever a requirement verb names before the task: "đề nghị [Đảng ủy Khối] tiếp tục…"."""
    task = rf"(?={_S}+{_ADVERB}(?:{_actions()}|yêu cầu|đề nghị))"
    return re.compile(rf"^(?!{_actions()})(?:[^;:\s]+{_S}+){{0,13}}?[^;:\s]+{task}", re.I)


@cache
def _opens_with_action() -> re.Pattern[str]:
    return re.compile(rf"^{_actions()}", re.I)


def verbs() -> re.Pattern[str]:
    """Any verb of ``lexicons/directive_verbs.tsv`` (group 1), and a ":" after it (group 2)."""
    return _verbs()


@cache
def _verbs() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(" + alternation(lexicon().directive_verbs) + rf")(?![\w]){_S}*(:?)", re.I)


def find_directives(
    text: str,
    sentences: tuple[Sentence, ...],
    issuer_before: Callable[[Sentence, int], bool],
    names_other: Callable[[Sentence, Sentence], bool],
) -> list[DirectiveClue]:
    """Every requirement of the text. ``issuer_before(sentence, pos)`` says whether someone who
    can issue one is named in the sentence right before ``pos``; ``names_other(sentence, intro)``
    whether the sentence names someone other than the speaker ``intro`` introduced."""
    out: list[DirectiveClue] = []
    floor: _Floor | None = None
    for i, sentence in enumerate(sentences):
        new_block = i == 0 or not _same_block(text, sentences[i - 1], sentence)
        if i == 0 and len(sentences) > 1 and not _same_block(text, sentence, sentences[1]):
            continue  # the headline: the article says again, in full, what it announces
        verb = _speaker_verb(text, sentence, issuer_before)
        if verb is not None:
            modality = lexicon().directive_verbs[verb.group(1).casefold()]
            floor = (
                None
                if modality == "hear"
                else _Floor(sentence, _span(verb, 1), modality, bool(verb.group(2)))
            )
            if floor is not None and modality != "speak":
                start, end = verb.end(), sentence.span.end
                if not text[start:end].strip(" .…!\"”'"):
                    start, end = _quote_before(text, sentence, verb.start())
                strict = modality == "say" or verb.group(1).casefold() == "chỉ đạo"
                out += _frame(
                    text, sentence, _clauses(text, start, end, floor, strict=strict, named=not strict)
                )
            continue
        if floor is None or _ITEM_NUMBER.match(sentence.span.text):
            continue  # "1." split from its item's words: the item follows
        if floor.listing and (not new_block or _BULLET.match(sentence.span.text)):
            # "giao:" — the rest of the paragraph, and the items below it, list tasks
            say = floor.modality == "say"
            out += _frame(
                text,
                sentence,
                _clauses(text, sentence.span.start, sentence.span.end, floor, strict=say, named=not say),
            )
            continue
        if _DATED.match(sentence.span.text):
            floor = None  # "Sáng ngày 28/6, Huyện ủy tổ chức …": the reporter tells of an event
            continue
        floor = _Floor(floor.intro, floor.verb, floor.modality, False)
        order = _order_verb(text, sentence)
        if order is not None:  # "Giao phường X …", "Đối với …, đề nghị …": the speaker goes on
            out += _frame(
                text,
                sentence,
                _clauses(text, order.end(), sentence.span.end, floor, strict=False, named=True),
            )
        elif _is_task(text, sentence.span.start, sentence.span.end):
            out += _frame(
                text, sentence, _clauses(text, sentence.span.start, sentence.span.end, floor, strict=True)
            )
            floor = _Floor(floor.intro, floor.verb, floor.modality, sentence.span.text.rstrip().endswith(":"))
        elif new_block or _HEADING.match(sentence.span.text) or _hands_over(text, sentence):
            floor = None  # a paragraph of narrative: the reporter speaks again
        elif names_other(sentence, floor.intro):
            floor = None
    return out


def _frame(text: str, sentence: Sentence, clues: list[DirectiveClue]) -> list[DirectiveClue]:
    """Clues without an addressee of their own take the one the sentence's framing names."""
    frame = _framed(text, sentence) if any(c.subject is None for c in clues) else None
    return [c if c.subject or frame is None else replace(c, subject=frame) for c in clues]


def _span(m: re.Match[str], group: int) -> Span:
    return Span(m.start(group), m.end(group), m.group(group))


def _order_verb(text: str, sentence: Sentence) -> re.Match[str] | None:
    """A requirement verb with nobody named before it, opening the sentence or after a framing
    phrase: "Giao phường X chủ trì …", "Đối với dự án Y, đề nghị …"."""
    framed = _FRAMING.match(sentence.span.text)
    start = sentence.span.start + (framed.end() if framed else 0)
    m = _verbs().match(text, start, sentence.span.end)
    if m is None or lexicon().directive_verbs[m.group(1).casefold()] not in ("obligation", "recommendation"):
        return None
    return None if m.group(1).casefold() == "chỉ đạo" else m


def _speaker_verb(
    text: str, sentence: Sentence, issuer_before: Callable[[Sentence, int], bool]
) -> re.Match[str] | None:
    """The first verb someone is named right before: a requirement or saying verb wins over one
    of taking the floor ("X biểu dương …, đồng thời yêu cầu …"), which wins over one of
    reporting ("Sau khi nghe Sở báo cáo, Chủ tịch kết luận:")."""
    found: dict[str, re.Match[str]] = {}
    for m in _verbs().finditer(text, sentence.span.start, sentence.span.end):
        modality = lexicon().directive_verbs[m.group(1).casefold()]
        if modality == "-" or (m.group(1)[0].isupper() and m.start() > sentence.span.start):
            continue  # "Ban Chỉ đạo" names a body
        kind = modality if modality in ("speak", "hear") else "order"
        if kind not in found and issuer_before(sentence, m.start()):
            found[kind] = m
            if kind == "order":
                break
    return found.get("order") or found.get("speak") or found.get("hear")


def _hands_over(text: str, sentence: Sentence) -> bool:
    """True when someone else takes the floor ("Các đại biểu thảo luận", "… báo cáo")."""
    return any(
        lexicon().directive_verbs[m.group(1).casefold()] == "hear"
        for m in _verbs().finditer(text, sentence.span.start, sentence.span.end)
    )


def _quote_before(text: str, sentence: Sentence, verb: int) -> tuple[int, int]:
    """The quoted words a speaker named after them said: “…”, Bí thư nhấn mạnh."""
    m = re.match(r'^[“"]([^”"]+)[”"]', sentence.span.text)
    if m is None or sentence.span.start + m.end() > verb:
        return verb, verb
    return sentence.span.start + m.start(1), sentence.span.start + m.end(1)


def _same_block(text: str, a: Sentence, b: Sentence) -> bool:
    return "\n" not in text[a.span.end : b.span.start]


def _is_task(text: str, start: int, end: int) -> bool:
    """True for words worded as a task: opening with a task verb, or naming who must act and
    then the verb ("Các sở, ngành khẩn trương…"), or with a modal ("… cần …", "… phải …")."""
    first = _CLAUSE.match(text, start, end)
    clause = text[start : first.end() if first else end]
    lead = _LEAD_IN.match(clause)
    body = clause[lead.end() if lead else 0 :].lstrip(" -–+•*")
    if not body:
        return False
    if _AWARD.search(body[:60]):
        return False
    if _opens_with_action().match(body):
        return True  # "Làm rõ những kết quả đã đạt được": imperative
    negative = _DONE.search(body[:60])
    modal = _MODAL.search(body)
    if modal is not None:
        phrase = body[: modal.start()].rsplit(",", 1)[-1]  # "…đã thu hoạch 55%, huyện cần…" is a task
        if _DONE.search(phrase) is None and _REMAINS.search(phrase) is None:
            return True
    subject = _subject_pattern().match(body) or _place_subject().match(body)
    if subject is None and lead is not None and _ends_in_order(lead.group()):
        subject = _named_pattern().match(body)  # "yêu cầu Đảng ủy Khối tiếp tục …"
    return subject is not None and negative is None


def _clauses(
    text: str, start: int, end: int, floor: _Floor, *, strict: bool, named: bool = False
) -> list[DirectiveClue]:
    """The tasks of ``text[start:end]``; ``named``: the words follow a requirement verb, so the
    first task may open with whom it addresses ("yêu cầu ban soạn thảo tuân thủ…")."""
    out: list[DirectiveClue] = []
    subject: Span | None = None
    for m in _CLAUSE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and (text[s].isspace() or text[s] in ":,-–+•*"):
            s += 1
        number = re.match(_NUMBER, text[s:e])
        if number is not None and re.match(r"\(?\d|\(?[a-zđ]\)", number.group()):
            s += number.end()  # "2. Tăng cường…", "b) Rà soát…": the item's number is not its words
        while e > s and (text[e - 1].isspace() or text[e - 1] in "./…"):
            e -= 1
        if len(text[s:e].split()) < 3:
            continue
        if strict and not _is_task(text, s, e):
            continue
        if not strict and (_AWARD.search(text[s:e][:60]) or _DONE.match(_after_lead(text[s:e]))):
            continue
        link = _LINK.match(text[s:e])
        ordered = bool(link and link.group(1))
        if link is not None and len(text[s + link.end() : e].split()) >= 3:
            s += link.end()  # "đồng thời yêu cầu các sở…": the task begins after the linking words
        listed = _LIST_LEAD.match(text[s:e])
        if listed and len(text[s + listed.end() : e].split()) >= 3:
            s += listed.end()  # "các nhiệm vụ trọng tâm như: tổ chức…": the task is after the colon
        # a task without its own addressee keeps the last one's
        subject = _subject(text, s, e, named=(named and not out) or ordered) or subject
        out.append(
            DirectiveClue(
                Span(s, e, text[s:e]), floor.intro, floor.verb, _modality(text[s:e], floor.modality), subject
            )
        )
    return out


def _ends_in_order(lead: str) -> bool:
    """True for lead-in words that end in a requirement verb ("yêu cầu", "giao nhiệm vụ cho")."""
    return re.search(rf"{_ORDER_WORDS}{_S}*$", lead, re.I) is not None


def _after_lead(clause: str) -> str:
    lead = _LEAD_IN.match(clause)
    return clause[lead.end() if lead else 0 :]


def _modality(clause: str, default: str) -> str:
    if re.search(r"(?<![\w])(?:không được|không để|nghiêm cấm)(?![\w])", clause[:80], re.I):
        return "prohibition"
    # a speaker's floor ("nhấn mạnh", "phát biểu") words its tasks as obligations
    return default if default in ("obligation", "recommendation") else "obligation"


def _subject(text: str, start: int, end: int, *, named: bool = False) -> Span | None:
    """Who a task is addressed to, named at its start: "các phòng, ban … cần", "huyện cần"."""
    lead = _LEAD_IN.match(text[start:end])
    s = start + (lead.end() if lead else 0)
    named = named or bool(lead and _ends_in_order(lead.group()))
    m = _subject_pattern().match(text[s:end]) or _place_subject().match(text[s:end])
    if m is None and named:
        m = _named_pattern().match(text[s:end])
    if m is None:
        return _before_modal(text, s, end)
    if _PASSIVE.match(text, s + m.end()):
        return None  # "Các tuyến đường cần được …": what is to be done, not who
    e = s + len(m.group().rstrip(" ,"))
    return Span(s, e, text[s:e])


def _framed(text: str, sentence: Sentence) -> Span | None:
    """Whom a sentence framed by "Đối với X, …" addresses, when X names bodies or a place:
    "Đối với các sở, ngành, cần …", "Đối với huyện Chợ Đồn, cần …" (not "Đối với các dự án, …")."""
    m = re.match(rf"(?:đối với|riêng|với){_S}+([^,;:]{{2,60}}),", sentence.span.text, re.I)
    if m is None or re.match(rf"(?:các|những){_S}+{_THINGS}", m.group(1), re.I):
        return None
    words = m.group(1)
    if re.match(rf"{_COLLECTIVE}$", words, re.I) is None and _place_subject().match(words + " cần") is None:
        return None
    s = sentence.span.start + m.start(1)
    return Span(s, s + len(words), words)


def _before_modal(text: str, start: int, end: int) -> Span | None:
    """Who must act, named right before the modal in the clause's last phrase: "Trong tháng 9,
    bên cạnh …, các cơ quan, địa phương cần tập trung…", "…đã thu hoạch 55%, huyện cần…"."""
    modal = _MODAL.search(text, start, end)
    if modal is None or re.match(rf"{_S}+được(?![\w])", text[modal.end() : modal.end() + 8]):
        return None  # "Công tác đền bù … cần được quan tâm": what is to be done, not who
    before = text[start : modal.start()].rstrip()
    before = re.sub(rf"{_S}+{_ADVERB_WORDS}$", "", before)  # "… cũng cần"
    phrase = re.split(r"[…;:]|(?<![\w])(?:đã|được|đang|và|để|thì)(?![\w])", before)[-1]
    # who must act opens the phrase or follows a comma: in "đền bù các công trình" they are an object
    collective = re.search(r"(?:^|,)[ \t\u00a0]*((?:các|những|mỗi|từng|toàn thể)[ \t\u00a0])", phrase, re.I)
    if collective is not None:
        s = start + len(before) - len(phrase) + collective.start(1)
    else:
        last = phrase.rsplit(",", 1)[-1]
        if _place_subject().match(last.strip() + " cần") is None:
            return None
        s = start + len(before) - len(last) + (len(last) - len(last.lstrip()))
    e = start + len(before)
    if len(text[s:e].split()) > 14:
        return None
    return Span(s, e, text[s:e])


@cache
def _place_subject() -> re.Pattern[str]:
    """A place standing for its authorities: "huyện cần…", "phường Long Phước tập trung…"."""
    levels = alternation(lexicon().levels)
    name = r"(?:[ \t\u00a0]+[A-ZĐÀ-Ỹ][\w]*){0,4}"  # capitalized words: case matters here
    return re.compile(rf"^(?i:{levels}){name}(?={_S}+(?i:{_ADVERB}{_actions()}))")
