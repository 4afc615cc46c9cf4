"""Requirements → who issued them and whom they address, as keys of the article's entities.

The issuer is whoever is named right before the verb that gave them the floor: a person, a
post held by someone the article names ("Chủ tịch UBND tỉnh yêu cầu" → that person, else the
body of the post), a body ("Ban Thường vụ Tỉnh ủy đề nghị"), a delegation ("Đoàn kiểm tra
yêu cầu"), or "đồng chí" for the last person named speaking. The addressee is named at the
task's start or before its "cần": a body (the node the rest of the graph uses), a place
standing for its authorities ("huyện cần…"), a collective ("các sở, ngành"), else whom the
sentence's framing names ("Đối với các xã, …").
"""

from __future__ import annotations

import re
from functools import cache
from typing import Protocol

from kg.extract.directives import DirectiveClue, find_directives, verbs
from kg.extract.orgs import OrgMention, read_place_name
from kg.extract.people import PersonMention, PostReference
from kg.extract.resolve import Registry
from kg.lexicons import alternation, lexicon
from kg.lexicons.keys import short_hash, slug
from kg.model import Directive, Organization, Sentence, Span

_PRONOUN = re.compile(r"(?<![\w])(?:đồng chí|ông|bà)(?![\w])", re.I)
_COORDINATED = re.compile(r"(?<![\w])(?:và|đồng thời)[ \t\u00a0]*$", re.I)
# a delegation: "Đoàn công tác", "Đoàn kiểm tra của HĐND tỉnh", "Đoàn thẩm định … của tỉnh"
_S = r"[ \t\u00a0]"
_MISSION = r"(?:công tác|kiểm tra|giám sát|thẩm định|khảo sát|liên ngành)"
_DELEGATION = re.compile(
    rf"(?<![\w])[Đđ]oàn(?:{_S}+{_MISSION}(?:{_S}+{_MISSION})?)?(?=[ \t\u00a0,]+[a-zà-ỹđ])"
)
# its full name, where the article introduces it: "Đoàn thẩm định … của tỉnh do đồng chí X làm trưởng đoàn"
_DELEGATION_NAME = re.compile(
    rf"(?<![\w])Đoàn{_S}+{_MISSION}[^,.;:()\n–-]{{0,70}}?"
    rf"(?={_S}+(?:do|đã|đến|tại|làm|về|đi|gồm|có)(?![\w])|[,.;:()\n–-])",
    re.I,
)
_SENT_BY = re.compile(r"[ \t\u00a0]+của[ \t\u00a0]+[^,;:.]{1,60}?(?=[ \t\u00a0]*$)")
_PLACE_PREFERENCE = ("ubnd", "cap-uy", "dang-bo", "hdnd")  # who "huyện" stands for, when named


class Said(Protocol):
    """Who is named in which sentence (filled by `kg.extract` before directives are read)."""

    people: dict[int, list[tuple[PersonMention, str]]]
    refs: dict[int, list[PostReference]]
    orgs: dict[int, list[OrgMention]]


def directives(
    text: str, sents: tuple[Sentence, ...], reg: Registry, said: Said, meeting: str | None, sha: str
) -> tuple[Directive, ...]:
    """Every requirement of the article, with its issuer and addressees."""

    pending: dict[str, Organization] = {}  # delegations, until one issues a requirement

    def speaker(sentence: Sentence, pos: int) -> tuple[str, Span] | None:
        return _speaker(text, sentence, pos, reg, said, pending)

    def names_other(sentence: Sentence, intro: Sentence) -> bool:
        return _names_other(sentence, intro, reg, said)

    clues = find_directives(text, sents, lambda s, p: speaker(s, p) is not None, names_other)
    out = []
    for order, clue in enumerate(clues, start=1):
        who = speaker(clue.intro, clue.verb.start)
        if who is not None and who[0] in pending:
            reg.orgs.setdefault(who[0], pending[who[0]])
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
                addressees=_addressees(text, clue, said, reg),
                meeting=meeting,
            )
        )
    return tuple(out)


def adjacent(gap: str) -> bool:
    """True when a speaker is the subject of the verb: at most three words between, none of
    them marking a past or passive action ("đã chỉ đạo" reports, it does not require)."""
    words = gap.replace(",", " ").split()
    return len(words) <= 3 and not {"đã", "được", "của"} & {w.casefold() for w in words}


def _speaker(
    text: str, sentence: Sentence, pos: int, reg: Registry, said: Said, pending: dict[str, Organization]
) -> tuple[str, Span] | None:
    """Who is named right before the verb at ``pos`` (persons before bodies)."""
    found: list[tuple[int, int, str, Span]] = []
    for pm, key in said.people.get(sentence.index, []):
        end = max([pm.span.end] + [p.span.end for p in pm.posts])
        found.append((end, 2, key, pm.span))
    for ref in said.refs.get(sentence.index, []):
        holder = reg.holder(ref.posts)
        if holder:
            found.append((ref.span.end, 2, holder[0], ref.span))
        elif ref.posts[0].org is not None:  # a post nobody is named for: its body speaks
            body = reg.org(ref.posts[0].org)
            if not body.is_group:
                found.append((ref.span.end, 2, body.key, ref.span))
    for om in said.orgs.get(sentence.index, []):
        if not om.group_levels and om.head.slot != "group":
            found.append((om.span.end, 1, reg.org(om).key, om.span))
    # a delegation stands right before the verb ("Đoàn công tác của Ban … yêu cầu"): look no further
    for m in _DELEGATION.finditer(text, max(sentence.span.start, pos - 160), min(sentence.span.end, pos + 8)):
        if m.end() > pos:
            break
        if " " not in m.group() and text[m.end() : pos].strip() not in ("", "cũng"):
            continue  # a bare "Đoàn" speaks only right before its verb ("Đoàn thanh niên" is a union)
        key = _delegation(text, m, said, sentence, reg, pending)
        sent_by = _SENT_BY.match(text, m.end(), pos)  # "Đoàn công tác của Ban Tuyên giáo … yêu cầu"
        end = sent_by.end() if sent_by else m.end()
        found.append((end, 1, key, Span(m.start(), end, text[m.start() : end])))
    window = max(sentence.span.start, pos - 40)  # a speaker is at most three words before the verb
    pronoun = _PRONOUN.search(text, window, pos)
    earlier = _last_speakers(text, sentence, said)
    if pronoun and earlier:  # "Đồng chí lưu ý": the person who spoke last, else the last named
        found.append((pronoun.end(), 0, earlier[0], Span(pronoun.start(), pronoun.end(), pronoun.group())))
    found = [f for f in found if f[0] <= pos]
    if _COORDINATED.search(text, window, pos):
        # "X đánh giá cao …, đồng thời … và yêu cầu …": the sentence's subject speaks
        return min(found, key=lambda f: (f[3].start, -f[1]))[2:] if found else None
    found = [f for f in found if adjacent(text[f[0] : pos])]
    return max(found, key=lambda f: (f[0], f[1]))[2:] if found else None


def _last_speakers(text: str, sentence: Sentence, said: Said) -> list[str]:
    """Persons named before ``sentence``, nearest first; one named as the subject of a verb of
    saying comes before them all ("Ông A biểu dương bà B. … Ông nhấn mạnh": A, not B)."""
    named: list[str] = []
    for i in range(sentence.index - 1, 0, -1):
        for pm, key in said.people.get(i, []):
            end = max([pm.span.end] + [p.span.end for p in pm.posts])
            verb = verbs().search(text, end, end + 40)
            gap = text[end : verb.start()] if verb is not None else ""
            if verb is not None and adjacent(gap) and not re.search(r"[.!?\n]", gap):
                return [key, *named]  # the verb is in the same sentence
            named.append(key)
    return named


def _delegation(
    text: str,
    m: re.Match[str],
    said: Said,
    sentence: Sentence,
    reg: Registry,
    pending: dict[str, Organization],
) -> str:
    """A delegation speaks for the body that sent it ("Đoàn công tác của Ban Tuyên giáo Tỉnh ủy"),
    else as itself, under the fullest name the article gives it."""
    of = re.match(r"[ \t\u00a0]+của[ \t\u00a0]+", text[m.end() : m.end() + 12])
    if of is not None:
        start = m.end() + of.end()
        for om in said.orgs.get(sentence.index, []):
            if om.span.start == start and not om.group_levels and om.head.slot != "group":
                return reg.org(om).key
        for org in list(reg.orgs.values()):  # a body the article names elsewhere, written here loosely
            if not org.is_group and any(
                _squeezed(text[start:]).startswith(_squeezed(label)) for label in org.labels
            ):
                return org.key
    named = _DELEGATION_NAME.search(text)
    label = named.group() if named else m.group()  # "Đoàn", "Đoàn công tác": the one named in full
    label = label[0].upper() + label[1:]
    key = f"{reg.scope}/{slug(label)}"
    # an ad hoc body ("co-quan"): an issuer is a person or a body, never a group; registered
    # only once it issues something (a delegation merely mentioned is no body of the graph)
    pending.setdefault(
        key, Organization(key, "co-quan", (label,), spans=(Span(m.start(), m.end(), m.group()),))
    )
    return key


def _squeezed(words: str) -> str:
    return slug(words[:120]).replace("-", "")


def _names_other(sentence: Sentence, intro: Sentence, reg: Registry, said: Said) -> bool:
    """True when a sentence names a person other than those of the speaker's sentence."""
    speakers = {key for _, key in said.people.get(intro.index, [])}
    speakers |= {h[0] for r in said.refs.get(intro.index, []) if (h := reg.holder(r.posts))}
    named = {key for _, key in said.people.get(sentence.index, [])}
    named |= {h[0] for r in said.refs.get(sentence.index, []) if (h := reg.holder(r.posts))}
    return bool(named - speakers)


def _addressees(text: str, clue: DirectiveClue, said: Said, reg: Registry) -> tuple[str, ...]:
    subject = clue.subject
    start = subject.start if subject else clue.span.start
    # a body named where the addressee's words begin ("các" aside) is the one the graph knows
    words_in = start + (6 if subject else min(len(clue.span.text), 24))
    for sentence_orgs in said.orgs.values():
        for om in sentence_orgs:
            if start <= om.span.start < words_in:
                return (reg.org(om).key,)
    if subject is None:
        return ()
    place = _place(text, subject, reg)
    if place is not None:
        return (place,)
    label = subject.text
    key = f"{reg.scope}/{slug(label)}"  # who "ban soạn thảo" is depends on the article
    reg.orgs.setdefault(key, Organization(key, "nhom-nguoi", (label,), is_group=True, spans=(subject,)))
    return (key,)


@cache
def _level_word() -> re.Pattern[str]:
    return re.compile(r"(" + alternation(lexicon().levels) + r")(?![\w])", re.I)


def _place(text: str, subject: Span, reg: Registry) -> str | None:
    """The authorities a place stands for ("huyện cần…"): a body of that place the article names,
    else the place's people in charge, under the words written."""
    m = _level_word().match(subject.text)
    if m is None:
        return None
    name, end = read_place_name(text, subject.start + m.end(), subject.end, lexicon())
    if subject.start + len(subject.text) != (end if name else subject.start + m.end()):
        return None  # more words than a place: a collective
    level = lexicon().levels[m.group(1).casefold()][0]
    place = reg.context.resolve(level, name)
    if place is not None:
        bodies = [
            o for o in reg.orgs.values() if o.place == place.code and not o.is_group and o.parent is None
        ]
        bodies.sort(key=lambda o: _PLACE_PREFERENCE.index(o.kind) if o.kind in _PLACE_PREFERENCE else 9)
        if bodies:
            return bodies[0].key
    scope = place.code if place else reg.scope
    key = f"{scope}/chinh-quyen"
    reg.orgs.setdefault(
        key,
        Organization(
            key, "nhom-nguoi", (subject.text,), place.code if place else None, is_group=True, spans=(subject,)
        ),
    )
    return key
