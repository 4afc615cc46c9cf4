"""Article → Extraction: find mentions, resolve them to entities, and assemble the facts.

Stages, in order: sentences, organizations and places, persons and posts, the meeting,
directives, indicators. Each reads the article text and what earlier stages resolved;
none imports rdflib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import TypeVar

from kg.errors import ExtractionError
from kg.extract.consistency import consistent
from kg.extract.context import place_context
from kg.extract.dates import reference_year
from kg.extract.directives import DirectiveClue, find_directives
from kg.extract.indicators import assessment_for, find_assessments, find_observations
from kg.extract.meetings import MeetingClues, find_meeting, organizer_end
from kg.extract.orgs import OrgMention, find_orgs
from kg.extract.people import PersonMention, PostReference, find_bylines, find_people
from kg.extract.titles import Post
from kg.keys import short_hash, slug
from kg.model import (
    Article,
    Assessment,
    Directive,
    Extraction,
    Meeting,
    Observation,
    Organization,
    Sentence,
    Span,
)
from kg.normalize import matching_view
from kg.resolve import Registry
from kg.segment import sentences as split_sentences

_T = TypeVar("_T")
_PRONOUN = re.compile(r"(?<![\w])(?:đồng chí|ông|bà)(?![\w])", re.I)
_COORDINATED = re.compile(r"(?<![\w])(?:và|đồng thời)[ \t\u00a0]*$", re.I)
_LEAD_BLOCKS = 3  # title, lead paragraph, and the one after: where the event is reported


@dataclass(slots=True)
class _Said:
    """Who is named where: per sentence, persons, post references and bodies."""

    people: dict[int, list[tuple[PersonMention, str]]] = field(default_factory=dict)
    refs: dict[int, list[PostReference]] = field(default_factory=dict)
    orgs: dict[int, list[OrgMention]] = field(default_factory=dict)


def extract(article: Article) -> Extraction:
    """Extract every fact of one article.

    Matching runs on `kg.normalize.matching_view` of the text (same length, invisible and
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
    context = place_context(text, mentions)
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
        said.orgs[s.index] = [
            m for m in mentions if s.span.start <= m.span.start < s.span.end and not _inside_title(m, posts)
        ]
        for org in said.orgs[s.index]:
            registry.org(org)
    authors = []
    for byline in find_bylines(text):
        authors.append(registry.person(byline.name, byline.span).key)
    year = reference_year(article, sents)
    meeting = _meeting(text, sents, year, registry, said)
    directives = _directives(text, sents, registry, said, meeting, article.sha256)
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
        meetings=(meeting,) if meeting else (),
        observations=observations,
        assessments=assessments,
        directives=directives,
    )


def _statistics(
    article: Article, sents: tuple[Sentence, ...], place: str | None, year: int | None, meeting: str | None
) -> tuple[tuple[Observation, ...], tuple[Assessment, ...]]:
    """Values and achievement statements; a statement that holds values gives them its status
    ("thu ngân sách đạt 540,1 tỷ đồng, vượt 53,2%": both values exceeded) instead of standing alone."""
    assessments = find_assessments(article, sents, place, year)
    observations = []
    used: set[Assessment] = set()
    for o in find_observations(article, sents, place, year):
        holder = assessment_for(o, assessments)
        if holder is not None:
            used.add(holder)
        observations.append(replace(o, meeting=meeting, status=holder.status if holder else None))
    rest = tuple(replace(a, meeting=meeting) for a in assessments if a not in used)
    return tuple(observations), rest


def _inside_title(mention: OrgMention, posts: list[Post]) -> bool:
    """True for words of a title read as a body ("Thường trực Tỉnh ủy" in "Phó Bí thư Thường trực
    Tỉnh ủy"), or a body that is part of someone's post (it is registered with the post)."""
    return any(p.span.start <= mention.span.start < p.span.end for p in posts)


def _lead(text: str, sents: tuple[Sentence, ...]) -> int:
    blocks = 0
    for i, s in enumerate(sents):
        if i == 0 or "\n" in text[sents[i - 1].span.end : s.span.start]:
            blocks += 1
        if blocks > _LEAD_BLOCKS:
            return i
    return len(sents)


def _meeting(
    text: str, sents: tuple[Sentence, ...], year: int | None, reg: Registry, said: _Said
) -> Meeting | None:
    clues = find_meeting(text, sents, _lead(text, sents))
    if clues is None:
        return None
    organizer = _organizer(text, clues, said, reg)
    chair, co_chairs = _chairs(clues, said, reg)
    if chair is None and clues.kind == "visit":
        chair = _visitor(clues, said)
    if clues.date is None and chair is None and organizer is None:
        return None
    date = _iso(clues, year)
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
        part_of_day=clues.date.part_of_day if clues.date else None,
        organizer=organizer.key if organizer else None,
        chair=chair,
        chair_membership=chair_membership,
        co_chairs=co_chairs,
        discussion_groups=clues.discussion_groups,
        opinions=clues.opinions,
        attendees=clues.attendees,
    )


def _iso(clues: MeetingClues, year: int | None) -> str | None:
    d = clues.date
    if d is None:
        return None
    if d.year or year:
        return f"{d.year or year:04d}-{d.month:02d}-{d.day:02d}"
    return f"--{d.month:02d}-{d.day:02d}"


def _organizer(text: str, clues: MeetingClues, said: _Said, reg: Registry) -> Organization | None:
    """The body named last before the event verb of the dated sentence ("…, tại Hội trường Tỉnh ủy,
    Ban Thường vụ Tỉnh ủy tổ chức Hội nghị"), else the subject of the title's event word."""
    if clues.date_sentence is not None:
        limit = organizer_end(text, clues.date_sentence)
        before = [m for m in said.orgs.get(clues.date_sentence.index, []) if m.span.end <= limit]
        if before:
            return reg.org(before[-1])
    if clues.title_event is not None:
        event = clues.title_event
        for m in said.orgs.get(1, []):
            if m.span.end <= event.start and _adjacent(text[m.span.end : event.start]):
                return reg.org(m)
    return None


def _visitor(clues: MeetingClues, said: _Said) -> str | None:
    """The head of a working visit: the person the dated sentence names before its event word
    ("Sáng 9/9, Bí thư Tỉnh ủy Nguyễn Thanh Bình đã đi kiểm tra …")."""
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
    return chair, tuple(k for k in dict.fromkeys(co) if k != chair)


def _directives(
    text: str, sents: tuple[Sentence, ...], reg: Registry, said: _Said, meeting: Meeting | None, sha: str
) -> tuple[Directive, ...]:
    def speaker(sentence: Sentence, pos: int) -> tuple[str, Span] | None:
        """Who is named right before the verb at ``pos`` (persons before bodies)."""
        found: list[tuple[int, int, str, Span]] = []
        for pm, key in said.people.get(sentence.index, []):
            end = max([pm.span.end] + [p.span.end for p in pm.posts])
            found.append((end, 2, key, pm.span))
        for ref in said.refs.get(sentence.index, []):
            holder = reg.holder(ref.posts)
            if holder:
                found.append((ref.span.end, 2, holder[0], ref.span))
        for om in said.orgs.get(sentence.index, []):
            if not om.group_levels and om.head.slot != "group":
                found.append((om.span.end, 1, reg.org(om).key, om.span))
        window = max(sentence.span.start, pos - 40)  # a speaker is at most three words before the verb
        pronoun = _PRONOUN.search(text, window, pos)
        earlier = [key for i in range(sentence.index - 1, 0, -1) for _, key in said.people.get(i, [])]
        if pronoun and earlier:  # "Đồng chí lưu ý": the person last named
            found.append(
                (pronoun.end(), 0, earlier[0], Span(pronoun.start(), pronoun.end(), pronoun.group()))
            )
        found = [f for f in found if f[0] <= pos]
        if _COORDINATED.search(text, window, pos):
            # "X đánh giá cao …, đồng thời … và yêu cầu …": the sentence's subject speaks
            return min(found, key=lambda f: (f[3].start, -f[1]))[2:] if found else None
        found = [f for f in found if _adjacent(text[f[0] : pos])]
        return max(found)[2:] if found else None

    clues = find_directives(text, sents, lambda s, p: speaker(s, p) is not None)
    out = []
    for order, clue in enumerate(clues, start=1):
        who = speaker(clue.intro, clue.verb.start)
        out.append(
            Directive(
                key=short_hash(sha, clue.span.text, str(clue.span.start)),
                instruction=clue.span.text,
                span=clue.span,
                order=order,
                modality=clue.modality,
                issuer=who[0] if who else None,
                issuer_span=who[1] if who else None,
                issuer_membership=None,
                addressees=_addressees(clue, said, reg),
                meeting=meeting.key if meeting else None,
            )
        )
    return tuple(out)


def _adjacent(gap: str) -> bool:
    """True when a speaker is the subject of the verb: at most three words between, none of
    them marking a past or passive action ("đã chỉ đạo" reports, it does not require)."""
    words = gap.replace(",", " ").split()
    return len(words) <= 3 and not {"đã", "được", "của"} & {w.casefold() for w in words}


def _addressees(clue: DirectiveClue, said: _Said, reg: Registry) -> tuple[str, ...]:
    words_in = clue.span.start + min(len(clue.span.text), 24)
    for sentence_orgs in said.orgs.values():
        for om in sentence_orgs:
            if clue.span.start <= om.span.start < words_in:
                return (reg.org(om).key,)
    if clue.subject is not None:
        label = clue.subject.text
        key = f"{reg.scope}/{slug(label)}"  # who "ban soạn thảo" is depends on the article
        reg.orgs.setdefault(
            key, Organization(key, "nhom-nguoi", (label,), is_group=True, spans=(clue.subject,))
        )
        return (key,)
    return ()
