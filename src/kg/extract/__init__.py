"""Article → Extraction: find mentions, resolve them to entities, and assemble the facts.

Stages, in order: sentences, organizations and places, persons and posts, the meeting,
directives, indicators. Each reads the article text and what earlier stages resolved;
none imports rdflib.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import TypeVar

from kg.errors import ExtractionError
from kg.extract.consistency import consistent
from kg.extract.context import article_era, place_context
from kg.extract.dates import iso_day, reference_year
from kg.extract.indicators import assessment_for, find_assessments, find_observations, once, status_of
from kg.extract.meetings import (
    MeetingClues,
    attached,
    delegation_heads,
    event_words,
    find_meeting,
    first_sittings,
    held_events,
    in_name,
    named_after,
    organizer_end,
)
from kg.extract.orgs import OrgMention, find_orgs
from kg.extract.people import PersonMention, PostReference, find_bylines, find_people
from kg.extract.posts import Post
from kg.extract.resolve import Registry
from kg.extract.speakers import adjacent as _adjacent
from kg.extract.speakers import directives as _find_directives
from kg.model import (
    Article,
    Assessment,
    Extraction,
    Meeting,
    Observation,
    Organization,
    Sentence,
    Span,
)
from kg.read.normalize import matching_view
from kg.read.sentences import sentences as split_sentences

_T = TypeVar("_T")
_ATTENDS = re.compile(r"(?<![\w])(?:tham dự|dự)(?![\w])", re.I)  # "… đến dự đại hội": a guest
_LEAD_BLOCKS = 3  # title, lead paragraph, and the one after: where the event is reported


@dataclass(slots=True)
class _Said:
    """Who is named where: per sentence, persons, post references and bodies."""

    people: dict[int, list[tuple[PersonMention, str]]] = field(default_factory=dict)
    refs: dict[int, list[PostReference]] = field(default_factory=dict)
    orgs: dict[int, list[OrgMention]] = field(default_factory=dict)


def extract(article: Article) -> Extraction:
    """Extract every fact of one article.

    Matching runs on `kg.read.normalize.matching_view` of the text (same length, invisible and
    look-alike characters replaced); the spans of the result quote the stored text itself.
    """
    view = matching_view(article.text, article.source)
    try:
        if view == article.text:
            return consistent(_extract(article))
        found = consistent(_extract(replace(article, text=view)))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
        raise ExtractionError(f"extraction failed on article {article.id}: {exc!r}") from exc
    return replace(_quoted(found, article.text), article=article)


def _quoted(value: _T, text: str) -> _T:
    """``value`` with every `Span` inside it quoting ``text`` (the stored text) again."""
    if isinstance(value, Span):
        return Span(value.start, value.end, text[value.start : value.end])  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_quoted(v, text) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _quoted(getattr(value, f.name), text) for f in fields(value)}
        return replace(value, **changes)
    return value


def _extract(article: Article) -> Extraction:
    text = article.text
    sents = split_sentences(article)
    mentions = find_orgs(text)
    by_start = sorted(mentions, key=lambda m: m.span.start)
    starts = [m.span.start for m in by_start]  # a sentence's mentions by bisection: linear in the text
    context = place_context(text, mentions, article_era(article, sents))
    registry = Registry(context, scope=f"a-{article.sha256[:10]}")
    said = _Said()
    for s in sents:
        people, refs = find_people(text, s.span.start, s.span.end)
        said.refs[s.index] = refs
        for post in (p for r in refs for p in r.posts if p.org is not None):
            registry.org(post.org)  # type: ignore[arg-type]
        posts = [p for pm in people for p in pm.posts] + [p for r in refs for p in r.posts]
        for pm in people:
            person = registry.person(pm.name, pm.span)
            for post in pm.posts:
                registry.post(person, post)
            said.people.setdefault(s.index, []).append((pm, person.key))
        in_title = _title_cover(posts)
        first, stop = bisect_left(starts, s.span.start), bisect_left(starts, s.span.end)
        said.orgs[s.index] = [m for m in by_start[first:stop] if not in_title(m.span.start)]
        for org in said.orgs[s.index]:
            registry.org(org)
    authors = []
    for byline in find_bylines(text):
        authors.append(registry.person(byline.name, byline.span).key)
    year = reference_year(article, sents)
    meetings = _meetings(text, sents, year, registry, said)
    meeting = meetings[0] if meetings else None  # the article's event: its facts were stated there
    directives = _find_directives(
        text, sents, registry, said, meeting.key if meeting else None, article.sha256
    )
    place = context.main.code if context.main else None
    meeting_key = meeting.key if meeting else None
    observations, assessments = _statistics(article, sents, place, year, meeting_key)
    return Extraction(
        article=article,
        sentences=sents,
        places=tuple(context.places.values()),
        place=place,
        persons=tuple(sorted(registry.persons.values(), key=lambda p: p.key)),
        authors=tuple(authors),
        organizations=registry.organizations(),
        memberships=tuple(sorted(registry.memberships.values(), key=lambda m: m.key)),
        meetings=meetings,
        observations=observations,
        assessments=assessments,
        directives=directives,
    )


def _statistics(
    article: Article, sents: tuple[Sentence, ...], place: str | None, year: int | None, meeting: str | None
) -> tuple[tuple[Observation, ...], tuple[Assessment, ...]]:
    """Values and achievement statements; a statement that holds values gives them its status
    ("thu ngân sách đạt 540,1 tỷ đồng, vượt 53,2%": both values exceeded) instead of standing alone;
    a status the value states itself ("bằng 100% kế hoạch", "12/12") comes first."""
    assessments = find_assessments(article, sents, place, year)
    observations = []
    used: set[Assessment] = set()
    for o in find_observations(article, sents, place, year):
        holder = assessment_for(o, assessments)
        if holder is not None:
            used.add(holder)
        observations.append(replace(o, meeting=meeting, status=status_of(o, holder)))
    rest = tuple(replace(a, meeting=meeting) for a in assessments if a not in used)
    return once(observations), rest


def _title_cover(posts: list[Post]) -> Callable[[int], bool]:
    """Whether an offset is inside one of ``posts``: a body named there is words of a title
    ("Thường trực Tỉnh ủy" in "Phó Bí thư Thường trực Tỉnh ủy") or part of someone's post
    (registered with the post). Sorted starts and running ends keep it linear in the posts."""
    spans = sorted((p.span.start, p.span.end) for p in posts)
    starts = [start for start, _ in spans]
    reach: list[int] = []
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)

    def inside(pos: int) -> bool:
        i = bisect_right(starts, pos)
        return i > 0 and reach[i - 1] > pos

    return inside


def _lead(text: str, sents: tuple[Sentence, ...]) -> int:
    blocks = 0
    for i, s in enumerate(sents):
        if i == 0 or "\n" in text[sents[i - 1].span.end : s.span.start]:
            blocks += 1
        if blocks > _LEAD_BLOCKS:
            return i
    return len(sents)


def _meetings(
    text: str, sents: tuple[Sentence, ...], year: int | None, reg: Registry, said: _Said
) -> tuple[Meeting, ...]:
    """The event the lead reports, then the other events the text reports as held ("Xã đã tổ
    chức thành công Đại hội đại biểu Đảng bộ xã …") with the body they belong to, each once;
    planned events are not meetings."""
    main = _meeting(text, sents, year, reg, said)
    found = [main] if main else []
    seen = {(m.organizer, m.kind) for m in found}
    for sentence, event, kind in held_events(text, sents):
        if main and (sentence.span in main.spans or main.kind == kind):
            continue  # the main event itself, told again ("Đại hội … đã thành công tốt đẹp")
        body = named_after(text, event, said.orgs.get(sentence.index, []))
        if body is None:
            continue
        organizer = reg.org(body)
        if (organizer.key, kind) in seen or organizer.is_group:
            continue
        seen.add((organizer.key, kind))
        key = f"{organizer.key}/undated/{kind}"
        if all(m.key != key for m in found):
            found.append(Meeting(key, kind, (sentence.span,), name=event.text, organizer=organizer.key))
    if main and main.kind == "congress":
        found += _first_sitting(text, sents, main, reg)
    return tuple(found)


def _first_sitting(text: str, sents: tuple[Sentence, ...], congress: Meeting, reg: Registry) -> list[Meeting]:
    """The new committee's first sitting that a congress report tells of ("Tại hội nghị lần thứ
    nhất, BCH Đảng bộ huyện khóa mới đã bầu …"): held by the committee of the congress's party
    organization, when the article names that committee."""
    party = reg.orgs.get(congress.organizer or "")
    if party is None or party.kind != "dang-bo":
        return []
    committee = next(
        (o.key for o in reg.orgs.values() if o.kind == "cap-uy" and o.place == party.place), None
    )
    sittings = first_sittings(text, sents)
    if committee is None or not sittings:
        return []
    sentence, event, kind = sittings[0]
    return [
        Meeting(f"{committee}/undated/{kind}", kind, (sentence.span,), name=event.text, organizer=committee)
    ]


def _meeting(
    text: str, sents: tuple[Sentence, ...], year: int | None, reg: Registry, said: _Said
) -> Meeting | None:
    clues = find_meeting(text, sents, _lead(text, sents))
    if clues is None:
        return None
    organizer = _organizer(text, clues, said, reg)
    chair, co_chairs = _chairs(clues, said, reg)
    if chair is None and clues.kind == "visit":
        chair = _visitor(text, clues, said)
    if clues.date is None and chair is None and organizer is None:
        return None
    date, end_date = _iso(clues, year)
    chair_membership = None
    if chair and organizer:
        targets = {organizer.key, organizer.parent}
        chair_membership = next(
            (m.key for m in reg.memberships.values() if m.person == chair and m.organization in targets), None
        )
    spans = [clues.date_sentence.span] if clues.date_sentence else []
    spans += [s.span for s, _ in clues.chair_sentences] + list(clues.count_spans)
    owner = organizer.key if organizer else reg.scope
    return Meeting(
        key=f"{owner}/{date or 'undated'}/{clues.kind}",
        kind=clues.kind,
        spans=tuple(dict.fromkeys(spans)) or (clues.name_span,),
        name=clues.name_span.text,
        date=date,
        end_date=end_date,
        part_of_day=clues.date.part_of_day if clues.date else None,
        organizer=organizer.key if organizer else None,
        chair=chair,
        chair_membership=chair_membership,
        co_chairs=co_chairs,
        discussion_groups=clues.discussion_groups,
        opinions=clues.opinions,
        attendees=clues.attendees,
    )


def _iso(clues: MeetingClues, year: int | None) -> tuple[str | None, str | None]:
    """The event's first and last day, ISO ("2020-08-05"), or "--08-05" without a year."""
    d = clues.date
    if d is None:
        return None, None
    first = d.iso(year)
    if d.end_day is None or d.end_month is None:
        return first, None
    return first, iso_day(d.end_day, d.end_month, d.end_year or d.year or year)


def _organizer(text: str, clues: MeetingClues, said: _Said, reg: Registry) -> Organization | None:
    """Who held the event, strongest clue first: the body named last before the dated
    sentence's event verb ("…, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị"), not counting a
    modifier ("… trực thuộc Huyện ủy B") or a guest ("… đến dự đại hội"); else the body its
    event noun belongs to ("Đại hội đại biểu Đảng bộ huyện X", "kỳ họp thứ 5 HĐND tỉnh"); then
    the same two clues in the title; for an undated event, the body a lead sentence names it by."""
    dated = clues.date_sentence
    if dated is None and clues.event_sentence is not clues.title:
        dated = clues.event_sentence
    for sentence in (dated, clues.title):
        if sentence is not None:
            limit = _verb_at(text, sentence, sentence is dated)
            found = _subject(text, sentence, limit, sentence is dated, said) or _named_body(
                text, sentence, said, limit
            )
            if found is not None:
                return reg.org(found)
    for sentence in clues.head if clues.date_sentence is None else ():
        found = _named_body(text, sentence, said, None)
        if found is not None:
            return reg.org(found)
    return None


def _verb_at(text: str, sentence: Sentence, dated: bool) -> int:
    """Where the event is named: the dated sentence's first event verb, the title's event noun."""
    if dated:
        return organizer_end(text, sentence)
    events = event_words(text, sentence)
    return events[0][0].start if events else sentence.span.start


def _subject(text: str, sentence: Sentence, limit: int, dated: bool, said: _Said) -> OrgMention | None:
    """The body named last before ``limit``; in a title, right before it."""
    floor = sentence.span.start
    orgs = said.orgs.get(sentence.index, [])
    before = [m for m in orgs if m.span.end <= limit and not in_name(text, m.span.start, floor)]
    subjects = [m for m in before if not attached(text, m.span.start, floor)] or before
    if not subjects:
        return None
    gap = text[subjects[-1].span.end : limit]
    return subjects[-1] if (dated or _adjacent(gap)) and not _ATTENDS.search(gap) else None


def _named_body(text: str, sentence: Sentence, said: _Said, limit: int | None) -> OrgMention | None:
    """The body an event noun of the sentence (up to ``limit``) belongs to; visits are named by
    whom they visit ("làm việc với UBND xã"), not by their own body."""
    for event, kind in event_words(text, sentence):
        if kind != "visit" and (limit is None or event.start <= limit):
            body = named_after(text, event, said.orgs.get(sentence.index, []))
            if body is not None:
                return body
    return None


def _visitor(text: str, clues: MeetingClues, said: _Said) -> str | None:
    """The head of a working visit: the person a lead sentence names as its head ("Đoàn giám
    sát do đồng chí X làm trưởng đoàn", "… do Bí thư X dẫn đầu"), else the person the dated
    sentence names before its event word ("Sáng 9/9, Bí thư Tỉnh ủy X đã đi kiểm tra …")."""
    for sentence in clues.head:
        for head in delegation_heads(text, sentence):
            inside = [
                key for m, key in said.people.get(sentence.index, []) if head.start <= m.span.start < head.end
            ]
            if inside:
                return inside[0]
    if clues.date_sentence is None:
        return None
    event = clues.name_span.start if clues.name_span.start > clues.date_sentence.span.start else None
    for mention, key in said.people.get(clues.date_sentence.index, []):
        if event is None or mention.span.end <= event:
            return key
    return None


def _chairs(clues: MeetingClues, said: _Said, reg: Registry) -> tuple[str | None, tuple[str, ...]]:
    chair: str | None = None
    co: list[str] = []
    for sentence, is_co in clues.chair_sentences:
        keys = [key for _, key in said.people.get(sentence.index, [])]
        keys += [h[0] for r in said.refs.get(sentence.index, []) if (h := reg.holder(r.posts))]
        if not keys:
            continue
        if is_co:
            co += keys
        elif chair is None:
            chair, co = keys[0], co + keys[1:]
    if chair is None and co:  # "Các ông: A - …; B - … đồng chủ trì": the first named presides
        chair, co = co[0], co[1:]
    return chair, tuple(k for k in dict.fromkeys(co) if k != chair)
