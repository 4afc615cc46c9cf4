"""Text → the article's places: every "LEVEL Name" the text names, resolved in the gazetteer,
and for each level the unit the article is about, so that "Tỉnh ủy" or "UBND huyện" can be
placed when the text leaves the name implicit.

Places resolve on the map of the article's era (`kg.lexicons.places`): the legacy map before 1 July
2025, the current one after. The era comes from the article's date when known; else from the
names themselves, when every name that only one map has points to the same map; else it is
unknown, and a name that both maps have is left unresolved.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from kg.extract.dates import find_dates, reference_year
from kg.extract.orgs import OrgMention, read_place_name
from kg.lexicons import alternation, lexicon
from kg.lexicons.places import Gazetteer, era_at, gazetteer
from kg.model import Article, Place, Sentence


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """The places of one article."""

    places: dict[str, Place] = field(default_factory=dict)  # code -> place, in text order
    by_level: dict[str, Place] = field(default_factory=dict)  # level word -> the article's unit
    era: str | None = None  # kg.lexicons.places.LEGACY or CURRENT: the map the article's names are on

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
            place = gazetteer().find(level, name, within, self.era)
            for unit in gazetteer().linked(place.code) if place else ():
                self.places.setdefault(unit.code, unit)  # every place a fact names is defined
            return place
        return self.by_level.get(level)


@cache
def _level_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(" + alternation(lexicon().levels) + r")(?![\w])", re.I)


def article_era(article: Article, sentences: tuple[Sentence, ...]) -> str | None:
    """The map in force when the article's event took place, from its date; None if unknown."""
    year = reference_year(article, sentences)
    if year is None:
        return None
    month = None
    if year == 2025:  # the reform took effect on 1 July: the month decides
        for s in (*sentences[1:5], *sentences[:1]):  # the lead's date, as for the year
            dates = find_dates(article.text, s.span.start, s.span.end)
            if dates:
                month = dates[0].month
                break
        else:
            if article.published and article.published.startswith("2025-"):
                month = int(article.published[5:7])
    return era_at(year, month)


def place_context(text: str, orgs: list[OrgMention], era: str | None = None) -> PlaceContext:
    """Resolve every named place of the text and pick the article's unit at each level.

    ``era``: the map of the article's date (`article_era`); when None, the names decide it.
    """
    lex = lexicon()
    gaz = gazetteer()
    mentions: list[tuple[str, str]] = []
    for m in _level_pattern().finditer(text):
        name, _ = read_place_name(text, m.end(), len(text), lex)
        if name:
            mentions.append((lex.levels[m.group(1).casefold()][0], name))
    mentions += [(o.level, o.name) for top in orgs for o in _with_parents(top) if o.name and o.level]
    if era is None:
        era = _evident_era(gaz, mentions)
    named = [p for level, name in mentions if (p := gaz.find(level, name, era=era)) is not None]
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
    places = {u.code: u for p in [*named, *by_level.values()] for u in gaz.linked(p.code)}
    return PlaceContext(places, by_level, era)


def _evident_era(gaz: Gazetteer, mentions: list[tuple[str, str]]) -> str | None:
    """The era that every name found on one map only points to ("huyện" names are legacy), or None."""
    single = set()
    for level, name in mentions:
        eras = gaz.eras(level, name)
        if len(eras) == 1:
            single |= eras
    return single.pop() if len(single) == 1 else None


def _with_parents(org: OrgMention | None) -> list[OrgMention]:
    """A mention and the bodies it is inside ("Văn phòng | Tỉnh ủy Bắc Kạn")."""
    out = []
    while org is not None:
        out.append(org)
        org = org.parent
    return out
