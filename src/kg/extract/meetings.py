"""Sentences → the meetings the article reports: kind, date, organizer, chair, counts.

The lead (title and first paragraphs) names the event ("tổ chức hội nghị", "họp", "làm
việc"); its first dated sentence gives the date (a range in the lead that holds that day
gives the whole event) and the organizer (the body named before the event verb, or the one
the event noun belongs to: "Đại hội đại biểu Đảng bộ huyện X"); a sentence with "chủ trì" /
"chủ tọa" gives the chair, "đồng chủ trì" the co-chairs, and "do X làm trưởng đoàn" the head
of a visit. Other events the text reports as held ("đã tổ chức thành công Đại hội …") are
meetings of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from kg.extract.dates import DateMention, find_dates, issue_date
from kg.extract.orgs import OrgMention
from kg.lexicons import alternation, lexicon
from kg.model import Sentence, Span

_CHAIR = re.compile(r"(?<![\w])(đồng chủ trì|chủ trì|chủ tọa|chủ toạ)(?![\w])", re.I)
_UNDER_CHAIR = re.compile(r"dưới sự (?:chủ trì|chủ tọa|chủ toạ)(?: của)?", re.I)
# "Tính đến ngày 28/5", "Đến ngày 20-8-2020": a cut-off date of a tally, not when the event was
_CUTOFF = re.compile(r"(?<![\w])(?:đến|tới)[ \t\u00a0]+(?:ngày[ \t\u00a0]+)?$", re.I)
_GROUPS = re.compile(r"(\d+)[ \t\u00a0]+tổ[ \t\u00a0]+thảo[ \t\u00a0]+luận")
_OPINIONS = re.compile(r"(\d+)[ \t\u00a0]+(?:lượt[ \t\u00a0]+)?ý[ \t\u00a0]+kiến")
_ATTENDEES = re.compile(
    r"(\d[\d.]*)[ \t\u00a0]+(?:đại[ \t\u00a0]+biểu|đảng[ \t\u00a0]+viên)[ \t\u00a0]+(?:tham[ \t\u00a0]+dự|dự)"
)

_VERB = re.compile(
    r"(?<![\w])(?:tổ chức|(?<!phòng )(?<!Phòng )họp|tiến hành|(?<!ngày )làm việc|kiểm tra)(?![\w])", re.I
)
# words that may stand between an event noun and the body it belongs to: "Đại hội đại biểu
# Đảng bộ huyện", "kỳ họp thứ 5 HĐND tỉnh", "cuộc họp thường kỳ của UBND tỉnh", "Hội nghị lần
# thứ 19 (mở rộng) Ban Chấp hành"
_NAME_GAP = re.compile(
    r"(?:[ \t\u00a0,]+|\([^()\n]{0,30}\)|(?<![\w])(?:đại biểu|thường kỳ|định kỳ|thường lệ|chuyên đề|"
    r"bất thường|mở rộng|trực tuyến|toàn thể|lần thứ[ \t\u00a0]+\w+|thứ[ \t\u00a0]+\w+|của|"
    r"tháng[ \t\u00a0]+\d+(?:[/-]\d{4})?|quý[ \t\u00a0]+\w+|năm[ \t\u00a0]+\d{4})(?![\w]))*",
    re.I,
)
_ORDINAL = re.compile(r"(?<![\w])thứ[ \t\u00a0]+\w+[ \t\u00a0]*,", re.I)
# "Đảng bộ xã A trực thuộc Huyện ủy B tổ chức …": the body after "thuộc" only locates the subject
_ATTACHED = re.compile(r"(?<![\w])(?:trực thuộc|thuộc|của|với|cùng)[ \t\u00a0]*$", re.I)
# "Tiểu ban nội dung Đại hội …", "Nghị quyết Đại hội …": the event noun names another thing,
# and a body after it ("… Đại hội đại biểu Đảng bộ huyện X") is part of that name
_NAMER = (
    r"(?<![\w])(?:tiểu ban|ban chỉ đạo|ban tổ chức|nghị quyết|văn kiện)(?:[ \t\u00a0]+\w+){0,3}[ \t\u00a0]+"
)
_NAMING = re.compile(_NAMER + "$", re.I)
_IN_NAME = re.compile(_NAMER + r"(?:đại hội|hội nghị|kỳ họp)(?:[ \t\u00a0]+đại biểu)?[ \t\u00a0]+$", re.I)
_DURATION = re.compile(r"(?<![\w])ngày[ \t\u00a0]+$", re.I)  # "sau hai ngày làm việc"
# "Đoàn … do đồng chí X, Phó Chủ tịch HĐND huyện làm trưởng đoàn", "… do Bí thư X dẫn đầu"
_HEADED = re.compile(
    r"(?<![\w])do[ \t\u00a0]+([^.;:]{1,160}?)[ \t\u00a0,]+(?:làm trưởng đoàn|dẫn đầu)(?![\w])", re.I
)
# "đã tổ chức thành công Đại hội …", "Đại hội … đã thành công tốt đẹp": reported as held
_HELD = re.compile(
    r"(?<![\w])(?:tổ chức thành công|đã thành công|thành công tốt đẹp|đã bế mạc)(?![\w])", re.I
)
# "hội nghị lần thứ nhất", "phiên họp thứ nhất": the first sitting of a body just elected
_FIRST = re.compile(r"[ \t\u00a0]+(?:lần[ \t\u00a0]+)?thứ[ \t\u00a0]+(?:nhất|1|I)(?![\w])", re.I)
_PLANNED = re.compile(r"(?<![\w])(?:sẽ|chuẩn bị|tiến tới|hướng tới|dự kiến|kế hoạch)(?![\w])", re.I)


@dataclass(frozen=True, slots=True)
class MeetingClues:
    """What the text says of the reported event, before entities are resolved."""

    kind: str
    name_span: Span
    date: DateMention | None
    date_sentence: Sentence | None
    chair_sentences: tuple[tuple[Sentence, bool], ...]  # (sentence, is co-chair)
    discussion_groups: int | None
    opinions: int | None
    attendees: int | None
    count_spans: tuple[Span, ...]
    title: Sentence | None  # the article's title, when it has one
    event_sentence: Sentence | None = None  # the sentence of the event noun
    head: tuple[Sentence, ...] = ()  # the lead sentences, where the event is reported


@cache
def _event_words() -> re.Pattern[str]:
    # "tại phòng họp": a room, not an event
    return re.compile(
        r"(?<![\w])(?<!phòng )(?<!Phòng )(" + alternation(lexicon().meeting_words) + r")(?![\w])", re.I
    )


def find_meeting(text: str, sentences: tuple[Sentence, ...], lead: int) -> MeetingClues | None:
    """The event the first ``lead`` sentences report, with its clues from the whole text."""
    head = sentences[:lead]
    event = None
    date = None
    date_sentence = None
    ranges = []
    for sentence in head:
        dates = [
            d
            for d in find_dates(text, sentence.span.start, sentence.span.end)
            if not _cutoff(text, d, sentence.span.start) and not issue_date(text, d)
        ]
        ranges += [d for d in dates if d.end_day is not None]
        words = event_words(text, sentence)
        if dates and date is None and sentence.index > 1:
            date, date_sentence = dates[0], sentence
        if words and (event is None or (date_sentence is sentence and event[1] is not sentence)):
            event = (words[0], sentence)
    if event is None:
        return None
    if date is not None and date.end_day is None:
        # "Sáng 28/9, … khai mạc Đại hội", then "Đại hội diễn ra từ ngày 27-29/9": the whole event
        date = next((r for r in ranges if _within(date, r)), date)
    word, kind = event[0]
    chairs = tuple(
        (s, _CHAIR.search(s.span.text).group(1).casefold() == "đồng chủ trì")  # type: ignore[union-attr]
        for s in sentences
        if _CHAIR.search(s.span.text) or _UNDER_CHAIR.search(s.span.text)
    )
    counts: dict[str, int] = {}
    spans: list[Span] = []
    for name, pattern in (("groups", _GROUPS), ("opinions", _OPINIONS), ("attendees", _ATTENDEES)):
        for sentence in sentences:
            m = pattern.search(sentence.span.text)
            if m:
                counts[name] = int(m.group(1).replace(".", ""))
                spans.append(sentence.span)
                break
    return MeetingClues(
        kind,
        word,
        date,
        date_sentence,
        chairs,
        counts.get("groups"),
        counts.get("opinions"),
        counts.get("attendees"),
        tuple(dict.fromkeys(spans)),
        sentences[0] if sentences and sentences[0].index == 1 else None,
        head=head,
        event_sentence=event[1],
    )


def organizer_end(text: str, sentence: Sentence) -> int:
    """Where the organizer must have been named by: the first event verb of the sentence."""
    m = _VERB.search(sentence.span.text)
    words = event_words(text, sentence)
    ends = [sentence.span.start + m.start()] if m else []
    ends += [words[0][0].start] if words else []
    return min(ends) if ends else sentence.span.end


def event_words(text: str, sentence: Sentence) -> list[tuple[Span, str]]:
    """The event nouns of a sentence, with the kind each denotes; not those that name another
    thing ("Tiểu ban nội dung Đại hội") or a duration ("sau hai ngày làm việc")."""
    return [
        (Span(m.start(), m.end(), m.group()), lexicon().meeting_words[m.group(1).casefold()])
        for m in _event_words().finditer(text, sentence.span.start, sentence.span.end)
        if not _NAMING.search(text, max(sentence.span.start, m.start() - 40), m.start())
        and not _DURATION.search(text, max(sentence.span.start, m.start() - 8), m.start())
    ]


def named_after(text: str, event: Span, mentions: Sequence[OrgMention]) -> OrgMention | None:
    """The body the event noun belongs to: the first mention after it that only event modifiers
    (and a comma after an ordinal) separate from it ("Đại hội đại biểu Đảng bộ huyện X", "kỳ
    họp thứ 6, HĐND tỉnh"); "tại hội nghị, UBND huyện báo cáo" names who spoke at it."""
    after = [m for m in mentions if m.span.start >= event.end]
    if not after:
        return None
    first = min(after, key=lambda m: m.span.start)
    gap = _NAME_GAP.match(text, event.end, first.span.start)
    if gap is None or gap.end() != first.span.start:
        return None
    return None if "," in gap.group() and not _ORDINAL.search(gap.group()) else first


def attached(text: str, start: int, floor: int) -> bool:
    """True for a body named as a modifier of the one before it ("… trực thuộc Huyện ủy B")."""
    return _ATTACHED.search(text, max(floor, start - 16), start) is not None


def in_name(text: str, start: int, floor: int) -> bool:
    """True for a body named inside another name ("Tiểu ban nội dung Đại hội Đảng bộ huyện X")."""
    return _IN_NAME.search(text, max(floor, start - 80), start) is not None


def delegation_heads(text: str, sentence: Sentence) -> list[Span]:
    """Where a sentence names the head of a delegation (the words between "do" and "làm trưởng
    đoàn" / "dẫn đầu")."""
    return [
        Span(m.start(1), m.end(1), m.group(1))
        for m in _HEADED.finditer(text, sentence.span.start, sentence.span.end)
    ]


def held_events(text: str, sentences: tuple[Sentence, ...]) -> list[tuple[Sentence, Span, str]]:
    """Event nouns (not visits) of the sentences that report an event as held ("Xã đã tổ chức
    thành công Đại hội …"), with their kind; a sentence that plans one reports none."""
    out = []
    for sentence in sentences:
        if _HELD.search(sentence.span.text) is None or _PLANNED.search(sentence.span.text):
            continue
        out += [(sentence, event, kind) for event, kind in event_words(text, sentence) if kind != "visit"]
    return out


def _cutoff(text: str, date: DateMention, floor: int) -> bool:
    """True for the cut-off date of a tally ("Tính đến ngày 28/5"), not for a range's end
    ("từ ngày 14 đến 16/5")."""
    words = re.match(r"\D*", date.span.text)
    head = text[max(floor, date.span.start - 12) : date.span.start] + (words.group() if words else "")
    return _CUTOFF.search(head) is not None


def _within(day: DateMention, span: DateMention) -> bool:
    """True when ``day`` falls inside the range ``span`` (years, when both state one, agree)."""
    if day.year and span.year and day.year != span.year:
        return False
    end = (span.end_month or span.month, span.end_day or span.day)
    return (span.month, span.day) <= (day.month, day.day) <= end


def first_sittings(text: str, sentences: tuple[Sentence, ...]) -> list[tuple[Sentence, Span, str]]:
    """The first sittings ("Tại hội nghị lần thứ nhất, …") that sentences report, with their kind."""
    out = []
    for sentence in sentences:
        if _PLANNED.search(sentence.span.text):
            continue
        out += [
            (sentence, event, kind)
            for event, kind in event_words(text, sentence)
            if kind in ("conference", "meeting") and _FIRST.match(text, event.end, sentence.span.end)
        ]
    return out
