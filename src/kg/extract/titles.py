"""Titles and title chains: "Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy, Chủ tịch HĐND thành phố Bắc Kạn".

A chain is TITLE [ORG] joined by ",", "-", "–" or "kiêm"; a title with no body of its own
takes the next title's body ("Bộ trưởng, Chủ nhiệm UBDT"), or the one its words name
("Huyện ủy viên", "Ủy viên Trung ương Đảng").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.orgs import OrgMention, parse_org
from kg.lexicon import Title, lexicon
from kg.model import Span

_SEP = re.compile(r"[ \t\u00a0]*(?:,|[-–]|kiêm)[ \t\u00a0]*|[ \t\u00a0]+")
_SPACE = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class Post:
    """One title of a chain, with the body it is held in (None when no body can be read)."""

    title: Title
    org: OrgMention | None
    span: Span


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Title]]:
    by_form = {f.casefold(): t for t in lexicon().titles for f in t.forms if not f.isupper()}
    caps = {f: t for t in lexicon().titles for f in t.forms if f.isupper()}
    mixed = sorted(by_form, key=len, reverse=True)
    upper = sorted(caps, key=len, reverse=True)
    any_case = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in mixed) + r")(?![\w])", re.I)
    exact = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in upper) + r")(?![\w])")
    return any_case, exact, {**by_form, **caps}


def title_at(text: str, pos: int, end: int | None = None) -> tuple[Title, int] | None:
    """The longest title starting exactly at ``pos`` and where it ends."""
    any_case, exact, table = _patterns()
    end = len(text) if end is None else end
    best: tuple[Title, int] | None = None
    for pattern in (any_case, exact):
        m = pattern.match(text, pos, end)
        if m and (best is None or m.end() > best[1]):
            key = m.group() if pattern is exact else m.group().casefold()
            best = (table[key], m.end())
    return best


def find_titles(text: str, start: int, end: int) -> list[int]:
    """Positions in ``text[start:end]`` where a capitalized title begins."""
    any_case, exact, _ = _patterns()
    hits = {m.start() for p in (any_case, exact) for m in p.finditer(text, start, end)}
    return sorted(p for p in hits if text[p].isupper())


def read_chain(text: str, pos: int, end: int | None = None) -> tuple[list[Post], int]:
    """Read a title chain starting at ``pos``; returns its posts and where it ends."""
    end = len(text) if end is None else end
    posts: list[Post] = []
    cursor = pos
    while True:
        found = title_at(text, cursor, end)
        if found is None:
            break
        title, after = found
        gap = _SPACE.match(text, after, end)
        org = parse_org(text, gap.end(), end) if gap else None
        stop = org.span.end if org else after
        if org is None:
            org = _implied_org(text, cursor, after, title)
        posts.append(Post(title, org, Span(cursor, stop, text[cursor:stop])))
        sep = _SEP.match(text, stop, end)
        if sep is None or title_at(text, sep.end(), end) is None:
            cursor = stop
            break
        cursor = sep.end()
    return _share_orgs(posts), (posts[-1].span.end if posts else pos)


def _implied_org(text: str, start: int, end: int, title: Title) -> OrgMention | None:
    """The body a title names by itself: "Huyện ủy viên" → Huyện ủy; "Tổng Bí thư" → Trung ương."""
    for pos in range(start, end):
        if text[pos - 1].isspace() or pos == start:
            org = parse_org(text, pos, end)
            if org is not None:
                return org
    implied = parse_org(title.implied_org, 0) if title.implied_org else None
    return OrgMention(Span(start, end, text[start:end]), implied.head) if implied else None


def _share_orgs(posts: list[Post]) -> list[Post]:
    """Give a title with no body the body of the next title that has one."""
    out: list[Post] = []
    following: OrgMention | None = None
    for post in reversed(posts):
        if post.org is None and following is not None:
            post = Post(post.title, following, post.span)
        following = post.org or following
        out.append(post)
    return out[::-1]
