"""Extraction → rdflib Graph: each model object becomes the triples ``docs/rdf.md`` lists.

Input: one `Extraction` (keys already resolved) and `Settings`. Output: a new `Graph` with
the project prefixes bound. IRIs come from `kg.rdf.iris` only, so the same input gives the same
triples. Raw text is only copied (``nif:isString``, span ``nif:anchorOf``), never read. A
key that an object references but the Extraction does not define raises `KgError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SKOS, TIME, XSD

from kg.errors import KgError
from kg.lexicons import lexicon
from kg.lexicons.keys import slug
from kg.lexicons.places import CURRENT_FROM, LEGACY, LEGACY_UNTIL, era_of, gazetteer
from kg.model import Extraction, Role
from kg.rdf.iris import Minter, Nodes, concept, decimal_lexical, indicator_code, scheme
from kg.rdf.ntriples import Triple
from kg.rdf.vocab import NIF, OPENGOV, SDMX_A, SDMX_D, SDMX_M, UNIT, VNG, new_graph
from kg.settings import Settings, __version__

_DEFAULTS = Settings()  # frozen, so safe as a default
PERSON_GROUP = "nhom-nguoi"  # org kind of collectives of officials, typed vng:PersonGroup
_MEMBER_ROLE = re.compile(r"(uy-vien|dai-bieu|thanh-vien|hoi-vien).*|.*-vien")  # held by many: no Post
_DATES = ((re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date), (re.compile(r"--\d{2}-\d{2}"), XSD.gMonthDay))


def to_graph(extraction: Extraction, settings: Settings = _DEFAULTS) -> Graph:
    """Map one article's extraction to RDF.

    Raises:
        KgError: a key or code is not normalized, a date is not ISO, or an object refers
            to a key the extraction does not define (a bug in the stage that made it).
    """
    graph = new_graph()
    for triple in to_triples(extraction, settings):
        graph.add(triple)
    return graph


def to_triples(extraction: Extraction, settings: Settings = _DEFAULTS) -> set[Triple]:
    """`to_graph`'s triples as a set, without the cost of an rdflib `Graph` (`kg build`'s call)."""
    nodes = Nodes(set(), Minter(settings.base_iri, extraction.article.sha256), extraction)
    _article(nodes)
    _places(nodes)
    _organizations(nodes)
    _persons(nodes)
    _memberships(nodes)
    _meetings(nodes)
    _statistics(nodes)
    _directives(nodes)
    return nodes.triples


def _article(n: Nodes) -> None:
    article, node, text = n.extraction.article, n.mint.article(), n.context()
    n.add(node, RDF.type, SDO.NewsArticle)
    n.add(node, VNG.text, text)
    if article.title is not None:
        n.add(node, SDO.headline, Literal(article.title.text, lang="vi"))
    if article.url:
        n.add(node, SDO.url, Literal(article.url, datatype=XSD.anyURI))
    if article.published:
        n.add(node, SDO.datePublished, _date(article.published[:10], "published date"))
    n.add(text, RDF.type, NIF.Context)
    n.add(text, RDF.type, NIF.RFC5147String)
    n.add(text, NIF.isString, Literal(article.text))
    n.add(text, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger))
    n.add(text, NIF.endIndex, Literal(len(article.text), datatype=XSD.nonNegativeInteger))
    n.add(text, VNG.sha256, Literal(article.sha256))
    n.add(text, NIF.sourceUrl, node)
    n.spans.add(text)
    for sentence in n.extraction.sentences:
        n.sentence(sentence.index, sentence.span)
    n.run, software = n.mint.run(__version__), n.mint.software(__version__)
    n.add(n.run, RDF.type, PROV.Activity)
    n.add(n.run, PROV.used, text)
    n.add(n.run, PROV.wasAssociatedWith, software)
    n.add(software, RDF.type, PROV.SoftwareAgent)
    n.add(software, RDFS.label, Literal(f"kg {__version__}"))
    n.add(software, OWL.versionInfo, Literal(__version__))


def _places(n: Nodes) -> None:
    for place in n.extraction.places:
        n.places[place.code] = n.mint.place(place.code)
    for place in n.extraction.places:
        node = n.places[place.code]
        n.add(node, RDF.type, DCTERMS.Location)
        n.add(node, SKOS.prefLabel, Literal(place.name, lang="vi"))
        n.add(node, SKOS.notation, Literal(place.code))
        if place.parent is not None:
            n.add(node, DCTERMS.isPartOf, n.ref(n.places, place.parent, "place"))
        if era_of(place.code) == LEGACY:
            n.add(node, SDO.validThrough, Literal(LEGACY_UNTIL, datatype=XSD.date))
        else:
            n.add(node, SDO.validFrom, Literal(CURRENT_FROM, datatype=XSD.date))
        for successor in gazetteer().successors(place.code):
            if successor.code in n.places:  # the extraction defines the successors it mentions
                n.add(node, DCTERMS.isReplacedBy, n.places[successor.code])
                n.add(n.places[successor.code], DCTERMS.replaces, node)
    if n.extraction.place is not None:
        n.add(n.mint.article(), SDO.contentLocation, n.ref(n.places, n.extraction.place, "place"))


def _organizations(n: Nodes) -> None:
    for org in n.extraction.organizations:
        n.orgs[org.key] = n.mint.group(org.key) if org.is_group else n.mint.org(org.key)
        if org.is_group:
            n.groups.add(org.key)
    for org in n.extraction.organizations:
        node = n.orgs[org.key]
        for i, label in enumerate(org.labels):
            n.add(node, SKOS.altLabel if i else SKOS.prefLabel, Literal(label, lang="vi"))
        place = None if org.place is None else n.ref(n.places, org.place, "place")
        for span in org.spans:
            n.add(node, PROV.wasDerivedFrom, n.span(span))
        if org.kind == PERSON_GROUP:
            n.add(node, RDF.type, VNG.PersonGroup)
            n.add(node, VNG.withinArea, place)
            continue
        kind = n.concept("org-type", org.kind)
        if org.is_group:
            n.add(node, RDF.type, VNG.OrganizationGroup)
            n.add(node, VNG.memberClassification, kind)
            n.add(node, VNG.withinArea, place)
            n.add(node, VNG.groupSize, None if org.group_size is None else Literal(org.group_size))
            continue
        n.add(node, RDF.type, ORG.Organization)
        if lexicon().org_types.get(org.kind, ("", "", False))[2]:
            n.add(node, RDF.type, ORG.OrganizationalUnit)
        n.add(node, ORG.classification, kind)
        n.add(node, DCTERMS.spatial, place)
        if org.parent is not None:
            n.add(node, ORG.subOrganizationOf, n.body(org.parent, "parent organization"))


def _persons(n: Nodes) -> None:
    for person in n.extraction.persons:
        node = n.mint.person(person.key, person.name, person.scope)
        n.persons[person.key] = node
        n.add(node, RDF.type, FOAF.Person)
        n.add(node, FOAF.name, Literal(person.name))
        n.fact(node, person.spans)
    for author in n.extraction.authors:
        n.add(n.mint.article(), SDO.author, n.ref(n.persons, author, "author"))


def _memberships(n: Nodes) -> None:
    org_labels = {o.key: o.labels[0] for o in n.extraction.organizations if o.labels}
    for ms in n.extraction.memberships:
        org = n.body(ms.organization, "organization")
        node = n.mint.membership(
            ms.person, ms.organization, ms.role.code, *(("former",) if ms.former else ())
        )
        n.memberships[ms.key] = node
        role = _role(n, ms.role)
        n.add(node, RDF.type, ORG.Membership)
        n.add(node, ORG.member, n.ref(n.persons, ms.person, "person"))
        n.add(node, ORG.organization, org)
        n.add(node, ORG.role, role)
        n.fact(node, (ms.span,))
        if ms.former:  # "nguyên Bí thư": held earlier; the post itself is someone else's now
            n.add(node, VNG.former, Literal(True))
            continue
        if _MEMBER_ROLE.fullmatch(ms.role.code):
            continue
        post = n.mint.post(ms.organization, ms.role.code)
        n.add(node, OPENGOV.post, post)
        n.add(post, RDF.type, ORG.Post)
        n.add(post, ORG.postIn, org)
        n.add(post, ORG.role, role)
        label = f"{ms.role.label_vi} {org_labels.get(ms.organization, '')}".strip()
        n.add(post, SKOS.prefLabel, Literal(label, lang="vi"))


def _role(n: Nodes, role: Role) -> URIRef:
    node = concept("role", role.code)
    n.add(node, RDF.type, ORG.Role)
    n.add(node, RDF.type, SKOS.Concept)
    n.add(node, SKOS.inScheme, scheme("role"))
    n.add(node, SKOS.notation, Literal(role.code))
    n.add(node, SKOS.prefLabel, Literal(role.label_vi, lang="vi"))
    n.add(node, SKOS.prefLabel, Literal(role.label_en, lang="en"))
    return node


def _meetings(n: Nodes) -> None:
    for meeting in n.extraction.meetings:
        n.meetings[meeting.key] = n.mint.meeting(meeting.key)
    for m in n.extraction.meetings:
        node = n.meetings[m.key]
        n.add(node, RDF.type, VNG.Meeting)
        n.add(node, VNG.meetingKind, n.concept("meeting-kind", m.kind))
        if m.name:
            n.add(node, SDO.name, Literal(m.name, lang="vi"))
        if m.date:
            n.add(node, SDO.startDate, _date(m.date, "meeting date"))
        if m.end_date:
            n.add(node, SDO.endDate, _date(m.end_date, "meeting end date"))
        if m.part_of_day:
            n.add(node, VNG.partOfDay, n.concept("part-of-day", m.part_of_day))
        if m.organizer:
            n.add(node, SDO.organizer, n.ref(n.orgs, m.organizer, "organizer"))  # a body or a group
        if m.chair:
            n.add(node, VNG.chairedBy, n.ref(n.persons, m.chair, "chair"))
        for co_chair in m.co_chairs:
            n.add(node, VNG.coChairedBy, n.ref(n.persons, co_chair, "co-chair"))
        if m.chair_membership:
            n.add(node, VNG.chairCapacity, n.ref(n.memberships, m.chair_membership, "membership"))
        for prop, count in (
            (VNG.discussionGroupCount, m.discussion_groups),
            (VNG.opinionCount, m.opinions),
            (VNG.attendeeCount, m.attendees),
        ):
            n.add(node, prop, None if count is None else Literal(count))
        n.fact(node, m.spans)


def _statistics(n: Nodes) -> None:
    """Observations and assessments, sharing one label per indicator and per period."""
    obs, assessments = n.extraction.observations, n.extraction.assessments
    rows = [(o.indicator, o.period, o.span.start) for o in obs] + [
        (a.indicator, a.period, a.span.start) for a in assessments
    ]
    indicators = _first_labels((words, start) for words, _, start in rows)
    periods = _first_labels((period, start) for _, period, start in rows if period)
    for o in obs:
        value = decimal_lexical(o.value)
        node = n.mint.observation(indicator_code(o.indicator), value, o.unit, o.period or "", o.place or "")
        n.add(node, RDF.type, VNG.IndicatorObservation)
        n.add(node, QB.dataSet, _dataset(n))
        n.add(node, SDMX_M.obsValue, Literal(value, datatype=XSD.decimal))
        n.add(node, SDMX_A.unitMeasure, UNIT.PERCENT if o.unit == "percent" else n.concept("unit", o.unit))
        if o.denominator is not None:
            n.add(node, VNG.denominator, Literal(decimal_lexical(o.denominator), datatype=XSD.decimal))
        if o.status is not None:
            n.add(node, VNG.achievementStatus, n.concept("achievement", o.status))
        _dimensions(n, node, o.indicator, indicators, o.period, periods, o.place, o.meeting)
        n.fact(node, (o.span,))
    for a in assessments:
        code = indicator_code(a.indicator)
        node = n.mint.assessment(code, a.status, a.period or "", a.place or "")
        n.add(node, RDF.type, VNG.TargetAssessment)
        n.add(node, VNG.achievementStatus, n.concept("achievement", a.status))
        _dimensions(n, node, a.indicator, indicators, a.period, periods, a.place, a.meeting)
        n.fact(node, (a.span,))


def _dimensions(
    n: Nodes,
    node: URIRef,
    indicator: str,
    indicators: dict[str, str],
    period: str | None,
    periods: dict[str, str],
    place: str | None,
    meeting: str | None,
) -> None:
    n.add(node, VNG.indicator, n.indicator(indicator, indicators[slug(indicator)]))
    if period:
        term = n.mint.period(period)
        n.add(node, SDMX_D.refPeriod, term)
        n.add(term, RDF.type, TIME.ProperInterval)
        n.add(term, SKOS.prefLabel, Literal(periods[slug(period)], lang="vi"))
        if re.fullmatch(r"\d{4}", period):
            n.add(term, VNG.year, Literal(period, datatype=XSD.gYear))
    if place:
        n.add(node, SDMX_D.refArea, n.ref(n.places, place, "place"))
    if meeting:
        n.add(node, VNG.statedAt, n.ref(n.meetings, meeting, "meeting"))


def _directives(n: Nodes) -> None:
    for d in n.extraction.directives:
        node = n.mint.directive(d.key)
        n.add(node, RDF.type, VNG.Directive)
        n.add(node, VNG.instruction, Literal(d.instruction, lang="vi"))
        n.add(node, VNG.order, Literal(d.order))
        n.add(node, VNG.modality, n.concept("modality", d.modality))
        if d.issuer:
            n.add(node, VNG.issuedBy, n.agent(d.issuer, "issuer"))
        if d.issuer_membership:
            n.add(node, VNG.issuerCapacity, n.ref(n.memberships, d.issuer_membership, "membership"))
        for addressee in d.addressees:
            n.add(node, VNG.addressee, n.agent(addressee, "addressee"))
        if d.meeting:
            n.add(node, VNG.issuedAt, n.ref(n.meetings, d.meeting, "meeting"))
        n.fact(node, (d.span, d.issuer_span))


def _dataset(n: Nodes) -> URIRef:
    node = n.mint.dataset()
    n.add(node, RDF.type, QB.DataSet)
    n.add(node, QB.structure, VNG.IndicatorDSD)
    n.add(node, RDFS.label, Literal("Chỉ tiêu kinh tế - xã hội", lang="vi"))
    n.add(node, RDFS.label, Literal("Socio-economic indicators", lang="en"))
    return node


def _first_labels(rows: Iterable[tuple[str, int]]) -> dict[str, str]:
    """One label per slug: the words written first (by offset), so labels never conflict."""
    best: dict[str, tuple[int, str]] = {}
    for words, start in rows:
        if slug(words) not in best or (start, words) < best[slug(words)]:
            best[slug(words)] = (start, words)
    return {code: words for code, (_, words) in best.items()}


def _date(value: str, what: str) -> Literal:
    for pattern, datatype in _DATES:
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    raise KgError(f"{what} {value!r} is neither YYYY-MM-DD nor --MM-DD")
