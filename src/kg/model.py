"""The typed, immutable intermediate model between extraction and RDF.

Extraction produces an `Extraction`; `mapping.to_graph` turns it into RDF. Nothing here
imports rdflib, and nothing after extraction looks at raw text again: every fact carries
the `Span`s (offsets into `Article.text`) it was read from.

Identity is carried by *keys*: plain, normalized strings built by `kg.lexicons.keys` (for example
``"vn-06-058/cap-uy"`` for Thành ủy Bắc Kạn, ``"vn-06/cu-ngoc-cuong"`` for a person in
Bắc Kạn province). Equal keys mean the same real-world thing, within and across articles;
`kg.rdf.mapping` is the only place that turns keys into IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Span:
    """The slice ``text[start:end]`` of the article's NFC text (0-based, end-exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a title, caption or byline line), numbered from 1."""

    index: int
    span: Span


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, decoded and normalized.

    ``text`` is the exact string all offsets index: decoded, BOM removed, CRLF→LF, NFC.
    """

    id: str
    text: str
    sha256: str
    source: str
    title: Span | None = None
    url: str | None = None
    published: str | None = None  # ISO date, when the input says so (HTML metadata)


@dataclass(frozen=True, slots=True)
class Place:
    """An administrative unit from the gazetteer (era of the article)."""

    code: str  # "vn-06", "vn-06-058", "vn-06-058-01840"
    name: str  # "thành phố Bắc Kạn": level + name, as the gazetteer spells it
    level: str  # tỉnh, thành phố, huyện, thị xã, quận, xã, phường, thị trấn
    parent: str | None = None  # code of the enclosing unit


@dataclass(frozen=True, slots=True)
class Organization:
    """A body (or, with ``is_group``, a collective addressee such as "UBND xã, phường")."""

    key: str
    kind: str  # org-type code from lexicons/org_types.tsv, e.g. "cap-uy", "ubnd"
    labels: tuple[str, ...]  # preferred label first, then aliases (as written or expanded)
    place: str | None = None  # Place.code of the area it governs
    parent: str | None = None  # key of the organization it is part of / answers to
    is_group: bool = False
    group_size: int | None = None  # "04 phường trung tâm" -> 4
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    """A named human. ``scope`` is the province code (or "vn") that disambiguates namesakes."""

    key: str
    name: str
    scope: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Role:
    """A title from lexicons/roles.tsv ("Bí thư" / "Secretary")."""

    code: str
    label_vi: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Membership:
    """A post a person holds in an organization, as one article states it."""

    key: str
    person: str  # Person.key
    organization: str  # Organization.key
    role: Role
    span: Span  # the title phrase, e.g. "Bí thư Thành ủy Bắc Kạn"
    former: bool = False  # held earlier: "nguyên Bí thư Huyện ủy"


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting, conference, session, congress or working visit that took place."""

    key: str
    kind: str  # meeting | conference | congress | session | visit
    spans: tuple[Span, ...]
    name: str | None = None  # the words naming it, e.g. "hội nghị mở rộng"
    date: str | None = None  # "2020-12-16", or "--12-16" when the year is unknown
    end_date: str | None = None
    part_of_day: str | None = None  # sang | chieu | toi
    organizer: str | None = None  # Organization.key
    chair: str | None = None  # Person.key
    chair_membership: str | None = None  # Membership.key of the post he chaired in
    co_chairs: tuple[str, ...] = ()
    discussion_groups: int | None = None
    opinions: int | None = None
    attendees: int | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    """A numeric indicator value: "tỷ lệ gia đình văn hóa đạt 94,2%"."""

    indicator: str  # the words naming the indicator, as written
    value: Decimal
    unit: str  # unit code from lexicons/units.tsv: "percent", "ha", "ty-dong", ...
    span: Span
    denominator: Decimal | None = None  # "30/32 chỉ tiêu" -> value 30, denominator 32
    period: str | None = None  # "2020", "9 tháng 2021", "quý I-2022"
    place: str | None = None  # Place.code of the area the value describes
    meeting: str | None = None  # Meeting.key where it was reported
    status: str | None = None  # achievement of this value ("đạt 540 tỷ, vượt 53%"), as in Assessment


@dataclass(frozen=True, slots=True)
class Assessment:
    """An achievement statement: "trồng rừng đạt và vượt kế hoạch"."""

    indicator: str
    status: str  # exceeded | achieved | at-risk | not-achieved
    span: Span
    period: str | None = None
    place: str | None = None
    meeting: str | None = None


@dataclass(frozen=True, slots=True)
class Directive:
    """One requirement a leader or body issues."""

    key: str
    instruction: str  # the requirement's words, as written
    span: Span
    order: int  # position in the article, from 1
    modality: str = "obligation"  # obligation | prohibition | recommendation
    issuer: str | None = None  # Person.key, or Organization.key for a body
    issuer_span: Span | None = None  # the words naming the issuer ("đồng chí Bí thư Thành ủy")
    issuer_membership: str | None = None  # Membership.key of the post he spoke in
    addressees: tuple[str, ...] = ()  # Organization / Person keys
    meeting: str | None = None  # Meeting.key


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article, resolved to canonical entities."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    places: tuple[Place, ...] = ()
    place: str | None = None  # Place.code of the article's main locality
    persons: tuple[Person, ...] = ()
    authors: tuple[str, ...] = ()  # Person keys of the byline
    organizations: tuple[Organization, ...] = ()
    memberships: tuple[Membership, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    observations: tuple[Observation, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    directives: tuple[Directive, ...] = ()
