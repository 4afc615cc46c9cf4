"""Text → person mentions with their posts, post references, and the byline.

Patterns (honorifics from ``lexicons/honorifics.tsv`` are dropped from names):

- HONORIFIC NAME [sep TITLE-CHAIN]     "đồng chí Cù Ngọc Cường, Bí thư Thành ủy"
- [HONORIFIC] TITLE-CHAIN NAME          "Bí thư Tỉnh ủy Nguyễn Thanh Bình" (NAME opens with a surname)
- NAME (được bầu làm | giữ chức | ...) TITLE-CHAIN
- [HONORIFIC] TITLE-CHAIN               a reference by post, resolved later ("đồng chí Bí thư Thành ủy")
- a photo credit: "Ảnh: NAME" (a person of the article, not its author)
- the byline: a last line of 2-4 capitalized words
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.posts import Post, read_chain
from kg.extract.titles import find_titles, title_at
from kg.lexicons import alternation, lexicon
from kg.model import Span

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_SPACE = re.compile(r"[ \t\u00a0]+")
_CREDIT = re.compile(r"(?<![\w])Ảnh[ \t\u00a0]*:[ \t\u00a0]*")
_LIST_ITEM = re.compile(r"(?:;|(?<![\w])và)[ \t\u00a0]*")
_AND = re.compile(r"[ \t\u00a0]+và[ \t\u00a0]+")
_NAME_SEP = re.compile(r"[ \t\u00a0]*(?:[,:]|[-–](?=[ \t\u00a0])|(?<=[ \t\u00a0])[-–])[ \t\u00a0]*")
_FORMER = re.compile(r"nguyên[ \t\u00a0]+")  # "nguyên Bí thư": held earlier
_BEFORE_NAME = re.compile(r"[ \t\u00a0]*[-–][ \t\u00a0]*|[ \t\u00a0]+")  # "Chủ tịch UBND huyện – Lê Văn A"
_BYLINE_CREDIT = re.compile(r"^\s*(?:Tin|Bài)(?:\s*(?:,|và)\s*ảnh)?\s*:", re.I)  # "Tin, ảnh: X"
_AFFILIATION = re.compile(r"\([^()]*\)")  # "(Đài TT-TH Lệ Thủy)"
_AFFILIATION_TAIL = re.compile(r"[ \t\u00a0]*\([^()]*\)[ \t\u00a0]*$")
_INITIAL_NAME = re.compile(r"[A-ZĐ]\.[ \t\u00a0]?[^\W\d_]+(?:[ \t\u00a0][^\W\d_]+)*")  # "N.ĐỨC"
_ELECTED = re.compile(
    r"[ \t\u00a0]+(?:tái đắc cử|đắc cử|được bầu(?: giữ)?|được bầu làm|giữ|tiếp tục giữ)"
    r"(?: chức(?: vụ)?| làm)?[ \t\u00a0]+"
)


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A named person and the posts the same phrase gives them."""

    name: str
    span: Span  # the name only
    posts: tuple[Post, ...] = ()
    is_author: bool = False


@dataclass(frozen=True, slots=True)
class PostReference:
    """A title chain naming nobody: the holder of the post is meant."""

    posts: tuple[Post, ...]
    span: Span


@cache
def _honorific() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w/])(?:" + alternation(lexicon().honorifics) + r")(?![\w/])[ \t\u00a0]*:?", re.I
    )


def find_people(text: str, start: int, end: int) -> tuple[list[PersonMention], list[PostReference]]:
    """Persons and post references in ``text[start:end]`` (one sentence or line)."""
    people: list[PersonMention] = []
    refs: list[PostReference] = []
    covered = start
    named = {m.end() for m in _honorific().finditer(text, start, end)} | set(find_titles(text, start, end))
    named |= {m.end() for m in _CREDIT.finditer(text, start, end)}  # "Ảnh: QUÝ ĐÔN": a photographer
    listed = {m.end() for m in _LIST_ITEM.finditer(text, start, end)} - named  # "…; Lê Thị Kim Dung, Phó…"
    for pos in sorted(named | listed):
        gap = _SPACE.match(text, pos, end)
        at = gap.end() if gap else pos
        if at < covered:
            continue
        found = _person_at(text, at, end)
        if isinstance(found, PersonMention) and (found.posts or pos not in listed):
            people.append(found)
            covered = max(found.span.end, found.posts[-1].span.end if found.posts else 0)
        elif isinstance(found, PostReference):
            if found.posts and pos not in listed:
                refs.append(found)
            covered = found.span.end  # a chain is read once, however many titles it has
    return _share_coordinated(text, people), refs


def _share_coordinated(text: str, people: list[PersonMention]) -> list[PersonMention]:
    """ "Lê Thanh Hải và Nguyễn Văn Tuấn được bầu làm Phó Bí thư": both hold the post."""
    out = list(people)
    for i in range(len(out) - 2, -1, -1):
        first, second = out[i], out[i + 1]
        if not first.posts and second.posts and _AND.fullmatch(text[first.span.end : second.span.start]):
            out[i] = PersonMention(first.name, first.span, second.posts, first.is_author)
    return out


def _person_at(text: str, pos: int, end: int) -> PersonMention | PostReference | None:
    if title_at(text, pos, end) is not None:
        posts, stop = read_chain(text, pos, end)
        gap = _BEFORE_NAME.match(text, stop, end)
        name = read_name(text, gap.end(), end) if gap else None
        if name is not None and name.text.split()[0] in lexicon().surnames:
            return PersonMention(name.text, name, tuple(posts))
        held = tuple(p for p in posts if p.org is not None)
        return PostReference(held, Span(pos, stop, text[pos:stop]))  # with no post held: read past it
    name = read_name(text, pos, end)
    if name is None:
        return None
    sep = _NAME_SEP.match(text, name.end, end) or _ELECTED.match(text, name.end, end)
    former = _FORMER.match(text, sep.end(), end) if sep else None
    at = former.end() if former else sep.end() if sep else name.end
    if sep is None or title_at(text, at, end) is None:
        return PersonMention(name.text, name)
    posts = read_chain(text, at, end)[0]
    if former:  # "Nguyễn Văn A, nguyên Bí thư Huyện ủy, Chủ tịch UBND huyện": the whole chain
        posts = [replace(p, former=True) for p in posts]
    return PersonMention(name.text, name, tuple(posts))


def read_name(text: str, pos: int, end: int) -> Span | None:
    """A personal name of 2-4 capitalized words at ``pos`` (stops before a title or body)."""
    from kg.extract.orgs import parse_org

    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < 4:
        w = _WORD.match(text, cursor, end)
        if (
            w is None
            or not w.group()[0].isupper()
            or title_at(text, w.start(), end)
            or parse_org(text, w.start())
        ):
            break
        words.append(w)
        gap = _SPACE.match(text, w.end(), end)
        if gap is None:
            break
        cursor = gap.end()
    if len(words) < 2:
        return None
    return Span(words[0].start(), words[-1].end(), text[words[0].start() : words[-1].end()])


def find_bylines(text: str) -> list[PersonMention]:
    """The authors named on the last non-empty line: "Nông Văn Tám", "Tin, ảnh: CẨM NHUNG",
    "An Phương-Minh Linh" (above an affiliation line "(Đài TT-TH …)"), "Thu Hà - PVHTT", "N.ĐỨC"."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if lines and _AFFILIATION.fullmatch(lines[-1].group().strip()) and len(lines) > 1:
        lines.pop()
    if not lines:
        return []
    line = lines[-1]
    body = _AFFILIATION_TAIL.sub("", _BYLINE_CREDIT.sub("", line.group())).strip().rstrip(".").strip()
    offset = line.start() + line.group().index(body) if body else line.start()
    out: list[PersonMention] = []
    for part in re.finditer(r"[^-–]+", body):
        name = part.group().strip()
        if not name:
            continue
        start = offset + part.start() + part.group().index(name)
        if _is_byline_name(name):
            out.append(PersonMention(name, Span(start, start + len(name), name), is_author=True))
        elif not (name.isupper() and " " not in name):  # "PVHTT": the writer's desk, not a name
            return []
    return out


def _is_byline_name(name: str) -> bool:
    """A bare 2-4 word capitalized name, or an initial and a name ("N.ĐỨC"); not a title."""
    if title_at(name, 0) is not None:
        return False
    if _INITIAL_NAME.fullmatch(name):
        return True
    words = name.split()
    return 2 <= len(words) <= 4 and all(_WORD.fullmatch(w) and w[0].isupper() for w in words)
