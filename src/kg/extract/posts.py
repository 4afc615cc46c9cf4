"""Posts: title chains, each title with the body it is held in.

"Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy, Chủ tịch HĐND thành phố Bắc Kạn" is three posts.

A chain is TITLE [ORG] joined by ",", "-", "–" or "kiêm"; a title with no body of its own
takes the next title's body ("Bộ trưởng, Chủ nhiệm UBDT"), or the one its words name
("Huyện ủy viên", "Ủy viên Trung ương Đảng").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract.orgs import OrgMention, parse_org
from kg.extract.titles import title_at, titles_at
from kg.lexicons import Title, lexicon
from kg.model import Span

_SEP = re.compile(r"[ \t\u00a0]*(?:,|[-–]|kiêm)[ \t\u00a0]*|[ \t\u00a0]+")
_SPACE = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class Post:
    """One title of a chain, with the body it is held in (None when no body can be read)."""

    title: Title
    org: OrgMention | None
    span: Span
    former: bool = False  # "nguyên Bí thư Huyện ủy": a post held earlier


def read_chain(text: str, pos: int, end: int | None = None) -> tuple[list[Post], int]:
    """Read a title chain starting at ``pos``; returns its posts and where it ends."""
    end = len(text) if end is None else end
    posts: list[Post] = []
    cursor = pos
    while True:
        candidates = titles_at(text, cursor, end)
        if not candidates:
            break
        title, after, org = _title_with_body(text, candidates, end)
        stop = org.span.end if org else after
        unit = _implied_org(text, cursor, after, title)
        if org is None:
            org = unit
        elif unit is not None and unit.head.slot.startswith("parent") and unit.parent is None:
            # "Chánh Văn phòng Tỉnh ủy": the title heads the office of the body that follows
            org = replace(unit, parent=org, span=Span(cursor, stop, text[cursor:stop]))
        posts.append(Post(title, org, Span(cursor, stop, text[cursor:stop])))
        sep = _SEP.match(text, stop, end)
        if sep is None or title_at(text, sep.end(), end) is None:
            cursor = stop
            break
        cursor = sep.end()
    return _share_orgs(posts), (posts[-1].span.end if posts else pos)


def _title_with_body(
    text: str, candidates: list[tuple[Title, int]], end: int
) -> tuple[Title, int, OrgMention | None]:
    """The longest title that a body follows ("Trưởng | Đoàn ĐBQH tỉnh" rather than "Trưởng Đoàn |
    đại biểu…"); the longest title when no body follows any of them."""
    partial: OrgMention | None = None  # "Ủy viên | Ban Thường vụ, …": its body is the chain's
    for i, (title, after) in enumerate(candidates):
        gap = _SPACE.match(text, after, end)
        org = parse_org(text, gap.end(), end, bare=True) if gap else None
        if org is not None and (org.parent is not None or not org.head.slot.startswith("parent")):
            return title, after, org
        if i == 0:
            partial = org  # only the longest title may take a unit whose parent is left out
    return candidates[0][0], candidates[0][1], partial


def _implied_org(text: str, start: int, end: int, title: Title) -> OrgMention | None:
    """The body a title names by itself: "Huyện ủy viên" → Huyện ủy; "Tổng Bí thư" → Trung ương."""
    for pos in range(start, end):
        if text[pos - 1].isspace() or pos == start:
            org = parse_org(text, pos, end)
            if org is not None:
                return org
    implied = parse_org(title.implied_org, 0, bare=True) if title.implied_org else None
    return replace(implied, span=Span(start, end, text[start:end]), implied=True) if implied else None


def _share_orgs(posts: list[Post]) -> list[Post]:
    """Give a title with no body the body of the next title that has one ("Bộ trưởng, Chủ nhiệm
    UBDT"), or the body of its kind at that body's place ("Phó Bí thư, Chủ tịch UBND xã": the
    commune's party committee; "Ủy viên Ban Thường vụ, Phó Chủ tịch HĐND huyện": the district's)."""
    out: list[Post] = []
    following: OrgMention | None = None
    for post in reversed(posts):
        if post.org is not None and post.org.head.slot.startswith("parent") and post.org.parent is None:
            kind = post.org.head.slot.partition(":")[2]
            parent = _body_at(following, kind) if following else None
            post = Post(post.title, replace(post.org, parent=parent) if parent else None, post.span)
        if post.org is None and following is not None:
            held_in = post.title.held_in
            shared = _body_at(following, held_in.strip("*")) if held_in else following
            post = Post(post.title, shared, post.span)
        elif post.org is not None and post.org.level is None and following and following.level:
            # "Phó Bí thư Đảng ủy - Chủ tịch UBND phường": the bare "Đảng ủy" is the ward's
            post = Post(post.title, replace(post.org, level=following.level, name=following.name), post.span)
        following = post.org or following
        out.append(post)
    return out[::-1]


def _body_at(org: OrgMention, kind: str) -> OrgMention | None:
    """The body of ``kind`` that ``org`` is, is part of, or stands beside at the same place
    (any kind when ``kind`` is empty: the outermost body)."""
    root = org
    while root.parent is not None:
        root = root.parent
    if not kind or root.head.kind == kind:
        return root
    if root.level is None:
        return None
    head = next((h for h in lexicon().org_heads if h.kind == kind and h.slot == "level"), None)
    return replace(root, head=head, parent=None, group_levels=(), implied=True) if head else None
