"""Mentions → canonical entities: organization keys and names, the hierarchy, person keys,
memberships, and references by post ("đồng chí Bí thư Thành ủy" → the person who holds it).

Keys (see `kg.model`): a body at a gazetteer place is ``{place code}/{kind}``; a body inside
another is ``{parent key}/{kind}``; a person is ``{province code or "vn"}/{slug of the tone-digit
name}`` ("vn-06/cu2-ngoc5-cuong2"): tone placement does not matter, tones do.
Where no place can be resolved the key is scoped to the article, so that bodies of
unknown place in two articles never merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.extract.context import PlaceContext
from kg.extract.orgs import OrgMention
from kg.extract.posts import Post
from kg.lexicons import OrgHead, lexicon
from kg.lexicons.keys import short_hash, slug, tone_key
from kg.lexicons.places import bare_name
from kg.model import Membership, Organization, Person, Place, Span

# kinds with several bodies per parent
_SPLIT_BY_HEAD = {"ban-dang", "van-phong", "co-quan", "so-nganh", "doan-the"}


@dataclass(slots=True)
class Registry:
    """The entities of one article, merged by key as mentions arrive."""

    context: PlaceContext
    scope: str  # article-local scope for bodies of unknown place
    orgs: dict[str, Organization] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)

    def org(self, mention: OrgMention) -> Organization:
        """The organization a mention names, registered (labels and spans merged)."""
        org = self._canonical(mention)
        known = self.orgs.get(org.key)
        if known is not None:
            labels = known.labels + tuple(x for x in org.labels if x not in known.labels)
            org = replace(known, labels=labels, spans=known.spans + org.spans)
        self.orgs[org.key] = org
        return org

    def person(self, name: str, span: Span) -> Person:
        name = " ".join(name.split())  # a no-break space between names is a space
        province = self.context.province
        scope = province.code if province else "vn"
        key = f"{scope}/{slug(tone_key(name))}"  # tones kept as digits: Lê Văn Lệ ≠ Lệ Văn Lê
        known = self.persons.get(key)
        spans = (known.spans if known else ()) + (span,)
        self.persons[key] = Person(key, name, scope, spans)
        return self.persons[key]

    def post(self, person: Person, post: Post) -> Membership | None:
        if post.org is None:
            return None
        org = self.org(post.org)
        when = ("former",) if post.former else ()
        key = short_hash(person.key, org.key, post.title.role.code, *when)
        membership = self.memberships.get(key) or Membership(
            key, person.key, org.key, post.title.role, post.span, former=post.former
        )
        self.memberships[key] = membership
        return membership

    def holder(self, posts: tuple[Post, ...]) -> tuple[str, str] | None:
        """(person key, membership key) of whoever holds one of these posts in this article."""
        for post in posts:
            if post.org is None:
                continue
            org_key = self._canonical(post.org).key
            for m in self.memberships.values():
                if m.organization == org_key and m.role.code == post.title.role.code and not m.former:
                    return m.person, m.key
        return None

    def _canonical(self, mention: OrgMention) -> Organization:
        head = mention.head
        written = "" if mention.implied else mention.span.text
        spans = (mention.span,)
        if mention.parent is not None:
            parent = self.org(mention.parent)
            suffix = f"{head.kind}-{slug(head.forms[0])}" if head.kind in _SPLIT_BY_HEAD else head.kind
            labels = tuple(f"{head.forms[0]} {label}" for label in parent.labels)
            group = parent.is_group or head.slot == "units"
            return Organization(
                f"{parent.key}/{suffix}",
                head.kind,
                _unique(labels + (written,)),
                parent.place,
                None if group else parent.key,
                is_group=group,  # "Thường trực HĐND các huyện": one unit of each body; "các ban Tỉnh ủy"
                spans=spans,
            )
        if head.slot == "named" and mention.name:  # one company or school, whichever article names it
            key = f"vn/{head.kind}/{slug(mention.span.text)}"
            return Organization(key, head.kind, _unique((mention.span.text,)), spans=spans)
        if head.slot == "fixed":
            return Organization(
                f"vn/{slug(head.forms[0])}", head.kind, _unique((head.forms[0], written)), spans=spans
            )
        area = self.context.main
        area_key = area.code if area else self.scope
        if head.slot == "group" or mention.group_levels:
            # the preferred label is canonical, so that articles spelling it differently agree
            canonical = " ".join([head.forms[0], ", ".join(mention.group_levels)]).strip()
            bare = written.replace("các ", "").replace("Các ", "")
            labels = (canonical, written, bare)
            key = f"{area_key}/{slug(canonical)}"
            return Organization(
                key, head.kind, _unique(labels), area.code if area else None, is_group=True, spans=spans
            )
        kind = f"{head.kind}-{slug(head.forms[0])}" if head.kind in _SPLIT_BY_HEAD else head.kind
        place = self.context.resolve(mention.level, mention.name) or self._default_unit(mention)
        if place is not None:
            names = _names(head, place.level, bare_name(place))
            return Organization(
                f"{place.code}/{kind}", head.kind, _unique(names + (written,)), place.code, spans=spans
            )
        level = mention.level or ""
        where = slug(f"{level} {mention.name}") if mention.name else slug(level)
        key = f"{self.scope}/{where}/{kind}"
        return Organization(
            key, head.kind, _unique(_names(head, level, mention.name or "") + (written,)), spans=spans
        )

    def _default_unit(self, mention: OrgMention) -> Place | None:
        """The article's unit for a body whose level the text leaves out ("Phòng Nội vụ"): a
        district-level office is in the town or city the article is about as well."""
        if mention.name or not mention.head.slot.startswith("level:") or mention.level is None:
            return None
        levels = lexicon().levels
        rank = levels[mention.level][1]
        units = [self.context.by_level.get(lv) for lv, r in levels.values() if r == rank]
        return next((u for u in units if u is not None), None)

    def organizations(self) -> tuple[Organization, ...]:
        """The bodies, each linked to the body it belongs to when that body is in the article."""
        out = []
        for org in self.orgs.values():
            if org.parent is None and org.place is not None and not org.is_group:
                org = replace(org, parent=self._parent(org))
            out.append(org)
        return tuple(sorted(out, key=lambda o: o.key))

    def _parent(self, org: Organization) -> str | None:
        assert org.place is not None
        if org.kind == "cap-uy" and f"{org.place}/dang-bo" in self.orgs:
            return f"{org.place}/dang-bo"
        place = org.place
        while "-" in place[3:]:
            place = place.rsplit("-", 1)[0]
            if f"{place}/{org.kind}" in self.orgs:
                return f"{place}/{org.kind}"
        return None


def _names(head: OrgHead, level: str, name: str) -> tuple[str, ...]:
    names = lexicon().org_names
    templates = names.get((head.kind, level)) or names.get((head.kind, "*"), ())
    return tuple(" ".join(t.format(head=head.forms[0], level=level, name=name).split()) for t in templates)


def _unique(labels: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for label in labels:
        label = " ".join(label.split())
        if label:
            seen.setdefault(label, None)
    return tuple(seen)
