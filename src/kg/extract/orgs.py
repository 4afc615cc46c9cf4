"""Text → organization mentions ("Thành ủy Bắc Kạn", "Ban Thường vụ Tỉnh ủy", "UBND xã, phường").

A mention is an org head from ``lexicons/org_heads.tsv`` followed by what its slot asks for:
a level word and a place name, a parent body, or nothing. Place names are read here as
written; `kg.extract.context` resolves them to gazetteer codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.titles import title_at
from kg.lexicons import Lexicon, OrgHead, alternation, lexicon
from kg.model import Span

_WORD = re.compile(r"[^\s,;:.()\"“”!?]+")
_SPACE = re.compile(r"[ \t\u00a0]+")
# a quantity right before a noun ("55/55 chi, đảng bộ", "04 phường"); "năm 2020 …" is a date
_COUNTED = re.compile(r"(?:(\w+)[ \t\u00a0]+)?(?<![\w/.,-])\d+(?:[/.]\d+)*[ \t\u00a0]+$")
_TIME_WORDS = frozenset({"năm", "tháng", "ngày", "quý", "khóa", "khoá"})
_PLURAL = re.compile(r"(?<![\w])(?:các|những)[ \t\u00a0]+$", re.I)
_LIST_JOIN = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*")
_UNDER = re.compile(r"[ \t\u00a0]+(?:trực thuộc|thuộc)[ \t\u00a0]+")
_GROUP_JOIN = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*")
# a term ("HĐND huyện X Khóa XI") or a Roman numeral ends a place name
_NOT_A_NAME = re.compile(r"(?i:khóa|khoá|nhiệm)|[IVXLC]+")
# "HĐND các cấp", "UBND cấp xã": a kind of body at every level, or at every place of one level
_ANY_LEVEL = re.compile(r"[ \t\u00a0]+(?:các[ \t\u00a0]+)?cấp(?:[ \t\u00a0]+(?:tỉnh|huyện|xã))?(?!\w)", re.I)
_PARTY_AT_LARGE = "dang-bo"  # "Đảng bộ" with no place, or "các cấp": the members in general, not a body
_OF = re.compile(r"[ \t\u00a0]+(?:của[ \t\u00a0]+)?")
_NEAR = 200  # characters between a body and one named without its level after it
_COORDINATION = re.compile(r"[ \t\u00a0]*(?:,|[-–]|và)[ \t\u00a0]*|[ \t\u00a0]+và[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class OrgMention:
    """An organization named in the text, before place resolution."""

    span: Span
    head: OrgHead
    level: str | None = None  # canonical level word ("thành phố"), from the head or the text
    name: str | None = None  # place name as written ("Bắc Kạn"), if any
    parent: OrgMention | None = None
    group_levels: tuple[str, ...] = ()  # "UBND xã, phường" -> ("xã", "phường")
    implied: bool = False  # named by a title's own words ("HUV" → Huyện ủy), not written out


@cache
def _heads_pattern(any_case: bool = False) -> re.Pattern[str]:
    """Head forms; with ``any_case`` the first letter too ("Trưởng ban Dân vận": right after a
    title, a body's first word is often written in lower case)."""
    forms = sorted({f for h in lexicon().org_heads for f in h.forms}, key=len, reverse=True)
    if any_case:
        return re.compile(r"(?<![\w])(?:" + alternation(forms) + r")(?![\w])", re.I)
    cased = "|".join(re.escape(f[:1]) + "(?i:" + re.escape(f[1:]) + ")" for f in forms)
    return re.compile(r"(?<![\w])(?:" + cased + r")(?![\w])")


@cache
def _head_by_form() -> dict[str, OrgHead]:
    return {f.casefold(): h for h in lexicon().org_heads for f in h.forms}


@cache
def _levels_pattern() -> re.Pattern[str]:
    return re.compile(r"(?:các[ \t\u00a0]+)?(" + alternation(lexicon().levels) + r")(?![\w])", re.I)


def find_orgs(text: str, start: int = 0, end: int | None = None) -> list[OrgMention]:
    """Every maximal organization mention in ``text[start:end]``, left to right.

    Left out: counted nouns ("55/55 chi, đảng bộ", "04 phường") and lower-case committee words
    that stand for committees in general ("các huyện ủy, thành ủy, thị ủy").
    """
    end = len(text) if end is None else end
    out: list[OrgMention] = []
    pos = start
    generic_end = -1
    while pos < end:
        m = _heads_pattern().search(text, pos, end)
        if m is None:
            break
        mention = parse_org(text, m.start(), end) or _beside(text, m, out)
        if mention is None:
            pos = m.end()
            continue
        before = text[max(start, mention.span.start - 12) : mention.span.start]
        if _generic(
            mention, before, listed=_LIST_JOIN.fullmatch(text[generic_end : mention.span.start]) is not None
        ):
            generic_end = mention.span.end
        elif not _counted(before):
            out.append(mention)
        pos = mention.span.end
    return out


def _beside(text: str, head: re.Match[str], earlier: list[OrgMention]) -> OrgMention | None:
    """A council, committee or front named without its level ("dưới sự lãnh đạo của Huyện ủy,
    giám sát của HĐND"): the one of the place of the body named just before, in the same paragraph."""
    found = _head_by_form()[head.group().casefold()]
    if found.slot != "level" or found.kind == _PARTY_AT_LARGE or _ANY_LEVEL.match(text, head.end()):
        return None
    for prev in reversed(earlier[-3:]):
        root = prev
        while root.parent is not None:
            root = root.parent
        if head.start() - prev.span.end > _NEAR or "\n" in text[prev.span.end : head.start()]:
            return None
        if root.level is not None and not root.group_levels and root.head.slot != "group":
            return OrgMention(_span(text, head.start(), head.end()), found, level=root.level, name=root.name)
    return None


def _counted(before: str) -> bool:
    m = _COUNTED.search(before)
    return m is not None and (m.group(1) or "").casefold() not in _TIME_WORDS


def _generic(mention: OrgMention, before: str, listed: bool) -> bool:
    """A lower-case committee word standing for committees in general: "các huyện ủy, thành ủy"."""
    committee = mention.head.slot in {level for level, _ in lexicon().levels.values()}
    if not committee or mention.name or mention.span.text[0].isupper():
        return False
    return listed or _PLURAL.search(before) is not None


def parse_org(text: str, pos: int, end: int | None = None, *, bare: bool = False) -> OrgMention | None:
    """The organization mention that starts exactly at ``pos``, or None.

    With ``bare``, a head that asks for a level word may stand alone ("Bí thư Đảng ủy"): the
    title chain it is part of supplies the level.
    """
    end = len(text) if end is None else end
    m = _heads_pattern(any_case=bare).match(text, pos, end)
    if m is None:
        return None
    head = _head_by_form()[m.group().casefold()]
    lex = lexicon()
    after = m.end()
    if head.slot == "group":
        return _under(text, OrgMention(_span(text, pos, after), head), end)
    if head.slot == "fixed":
        return OrgMention(_span(text, pos, after), head)
    if head.slot == "named":  # "Công ty TNHH Thịnh Phú": the capitalized words that follow name it
        name, stop = _proper_name(text, after, end)
        return OrgMention(_span(text, pos, stop), head, name=name) if name else None
    if head.slot == "units":  # "các ban [của] Tỉnh ủy": the departments of a body, together
        of = _OF.match(text, after, end)
        parent = parse_org(text, of.end(), end) if of else None
        if parent is None or parent.group_levels or parent.head.slot in {"group", "units"}:
            return None
        return OrgMention(_span(text, pos, parent.span.end), head, parent=parent)
    if head.slot.startswith("parent"):
        gap = _SPACE.match(text, after, end)
        start = gap.end() if gap else after  # "Ban tuyên giáoTỉnh ủy": a missing space is a typo
        parent = parse_org(text, start, end, bare=bare) if gap or text[after : after + 1].isupper() else None
        if parent is not None and parent.head.slot == "group":
            return None
        if parent is None:  # in a title chain the chain's next body may complete it
            return OrgMention(_span(text, pos, after), head) if bare else None
        return OrgMention(_span(text, pos, parent.span.end), head, parent=parent)
    if head.slot in {lv for lv, _ in lex.levels.values()}:  # "Tỉnh ủy [Bắc Kạn]"
        name, stop = read_place_name(text, after, end, lex)
        shared = _shared_place(text, after, end) if name is None else None
        if shared is not None and shared.level == head.slot:  # "Huyện ủy – HĐND huyện Tuy An"
            name = shared.name
        return OrgMention(_span(text, pos, stop), head, level=head.slot, name=name)
    gap = _SPACE.match(text, after, end)
    lm = _levels_pattern().match(text, gap.end(), end) if gap else None
    default = head.slot.partition(":")[2]  # "level:huyện": a "Phòng" is a district's unless said
    if lm is None and default:
        name, stop = read_place_name(text, after, end, lex)
        return OrgMention(_span(text, pos, stop), head, level=default, name=name)
    every = _ANY_LEVEL.match(text, after, end)
    if lm is None and every is not None and head.kind != _PARTY_AT_LARGE:  # "HĐND các cấp", "UBND cấp xã"
        levels = (" ".join(every.group().split()),)
        return OrgMention(_span(text, pos, every.end()), head, group_levels=levels)
    if lm is None:
        shared = _shared_place(text, after, end)
        if shared is not None:  # "HĐND, UBND xã Triệu Sơn": both the commune's
            return OrgMention(_span(text, pos, after), head, level=shared.level, name=shared.name)
        return OrgMention(_span(text, pos, after), head) if bare else None
    level = lex.levels[lm.group(1).casefold()][0]
    stop = lm.end()
    joined = _GROUP_JOIN.match(text, stop, end)
    second = _levels_pattern().match(text, joined.end(), end) if joined else None
    if second is not None and second.group(1).casefold() != lm.group(1).casefold():
        other = lex.levels[second.group(1).casefold()][0]
        group = OrgMention(_span(text, pos, second.end()), head, level=level, group_levels=(level, other))
        return _under(text, group, end)
    name, stop = read_place_name(text, stop, end, lex)
    return OrgMention(_span(text, pos, stop), head, level=level, name=name)


def _proper_name(text: str, pos: int, end: int) -> tuple[str | None, int]:
    """1-5 capitalized words right after ``pos`` ("Thịnh Phú", "QMH Computer"), up to a title or body."""
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < 5:
        gap = _SPACE.match(text, cursor, end)
        w = _WORD.match(text, gap.end(), end) if gap else None
        if w is None or not w.group()[0].isupper() or _starts_title_or_org(text, w.start()):
            break
        words.append(w)
        cursor = w.end()
    if not words:
        return None, pos
    return text[words[0].start() : words[-1].end()], words[-1].end()


def _shared_place(text: str, pos: int, end: int) -> OrgMention | None:
    """The next body of a list of bodies that share one level and place ("HĐND, UBND, Ủy ban MTTQ
    tỉnh", "Huyện ủy – HĐND – UBND huyện Tuy An"): the one that names them, or None."""
    sep = _COORDINATION.match(text, pos, end)
    nxt = parse_org(text, sep.end(), end) if sep else None
    if nxt is None or nxt.level is None or nxt.group_levels or nxt.parent is not None:
        return None
    return nxt


def _under(text: str, group: OrgMention, end: int) -> OrgMention:
    """A group with the body it belongs to: "chi, Đảng bộ trực thuộc Đảng bộ thành phố Bắc Kạn"."""
    m = _UNDER.match(text, group.span.end, end)
    parent = parse_org(text, m.end(), end) if m else None
    if parent is None or parent.head.slot == "group" or parent.group_levels:
        return group
    return replace(group, span=_span(text, group.span.start, parent.span.end), parent=parent)


def read_place_name(text: str, pos: int, end: int, lex: Lexicon) -> tuple[str | None, int]:
    """A place name of 1-4 capitalized words right after ``pos``, stopping where a personal name
    (a family name and at least one more word) begins: "Tỉnh ủy Bắc Kạn | Nguyễn Văn Lâm"."""
    gap = _SPACE.match(text, pos, end)
    if gap is None:
        return None, pos
    words: list[re.Match[str]] = []
    cursor = gap.end()
    while len(words) < 8:
        w = _WORD.match(text, cursor, end)
        if w is None or not w.group()[0].isupper() or _NOT_A_NAME.fullmatch(w.group()):
            break
        if _starts_title_or_org(text, w.start()):
            break
        words.append(w)
        nxt = _SPACE.match(text, w.end(), end)
        if nxt is None:
            break
        cursor = nxt.end()
    if words and words[0].group() in lex.surnames and len(words) >= 3:
        return None, pos  # "HĐND tỉnh Thiều Đình Duy": a person follows, not a place
    person = next((k for k in range(1, len(words) - 1) if words[k].group() in lex.surnames), len(words))
    words = words[: min(person, 4)]
    if not words:
        return None, pos
    return text[words[0].start() : words[-1].end()], words[-1].end()


def _starts_title_or_org(text: str, pos: int) -> bool:
    return _heads_pattern().match(text, pos) is not None or title_at(text, pos) is not None


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])
