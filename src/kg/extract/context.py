"""Text → the article's places: every "LEVEL Name" the text names, resolved in the gazetteer,
and for each level the unit the article is about, so that "Tỉnh ủy" or "UBND huyện" can be
placed when the text leaves the name implicit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from kg.extract.orgs import OrgMention, read_place_name
from kg.lexicon import alternation, lexicon
from kg.model import Place
from kg.places import gazetteer


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """The places of one article."""

    places: dict[str, Place] = field(default_factory=dict)  # code -> place, in text order
    by_level: dict[str, Place] = field(default_factory=dict)  # level word -> the article's unit

    @property
    def province(self) -> Place | None:
        return self.by_level.get("tỉnh")

    @property
    def main(self) -> Place | None:
        """The most local unit the article is about (district before province)."""
        for level in ("thành phố", "thị xã", "quận", "huyện", "tỉnh"):
            if level in self.by_level:
                return self.by_level[level]
        return None

    def resolve(self, level: str | None, name: str | None) -> Place | None:
        """The unit a (level, name) pair means here; a missing name means the article's own."""
        if level is None:
            return None
        if name:
            within = self.province.code if self.province else None
            place = gazetteer().find(level, name, within)
            for unit in gazetteer().chain(place.code) if place else ():
                self.places.setdefault(unit.code, unit)  # every place a fact names is defined
            return place
        return self.by_level.get(level)


@cache
def _level_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(" + alternation(lexicon().levels) + r")(?![\w])", re.I)


def place_context(text: str, orgs: list[OrgMention]) -> PlaceContext:
    """Resolve every named place of the text and pick the article's unit at each level."""
    lex = lexicon()
    gaz = gazetteer()
    named: list[Place] = []
    for m in _level_pattern().finditer(text):
        name, _ = read_place_name(text, m.end(), len(text), lex)
        if name:
            level = lex.levels[m.group(1).casefold()][0]
            place = gaz.find(level, name)
            if place is not None:
                named.append(place)
    for org in (o for top in orgs for o in _with_parents(top)):
        if org.name and org.level:
            place = gaz.find(org.level, org.name)
            if place is not None:
                named.append(place)
    provinces = Counter(gaz.province_of(p.code).code for p in named)
    by_level: dict[str, Place] = {}
    if provinces:
        province = gaz.get(provinces.most_common(1)[0][0])
        if province is not None:
            by_level["tỉnh"] = province
            inside = [p for p in named if p.code.startswith(province.code)]
            frequency = Counter(p.code for p in inside)
            for unit in sorted(inside, key=lambda p: -frequency[p.code]):
                by_level.setdefault(unit.level, unit)
            for unit in inside:
                for parent in gaz.chain(unit.code)[1:]:
                    by_level.setdefault(parent.level, parent)
    places = {u.code: u for p in [*named, *by_level.values()] for u in gaz.chain(p.code)}
    return PlaceContext(places, by_level)


def _with_parents(org: OrgMention | None) -> list[OrgMention]:
    """A mention and the bodies it is inside ("Văn phòng | Tỉnh ủy Bắc Kạn")."""
    out = []
    while org is not None:
        out.append(org)
        org = org.parent
    return out
