"""kg.rdf.mapping: a hand-built Extraction (every model class) → the triples docs/rdf.md promises."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from decimal import Decimal

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, QB, RDF, SKOS

from kg.errors import KgError
from kg.lexicons.keys import short_hash, slug, tone_key
from kg.model import (
    Article,
    Assessment,
    Directive,
    Extraction,
    Meeting,
    Membership,
    Observation,
    Organization,
    Person,
    Place,
    Role,
    Sentence,
    Span,
)
from kg.rdf.iris import Minter
from kg.rdf.mapping import to_graph
from kg.rdf.vocab import NIF, OPENGOV, SDMX_A, SDMX_D, SDMX_M, UNIT, VNG
from kg.settings import Settings
from kg.validate.shapes import validate

# An invented article (no corpus text): places, bodies and people are made up.
LINES = (
    "Huyện ủy Sơn Hà sơ kết công tác 6 tháng",
    "Chiều ngày 5/7, Ban Chấp hành Đảng bộ huyện Sơn Hà tổ chức hội nghị "
    "sơ kết công tác 6 tháng đầu năm 2023.",
    "Đồng chí Lê Văn Minh, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Huyện ủy Sơn Hà chủ trì hội nghị.",
    "Tỷ lệ hộ nghèo của huyện giảm còn 4,5%; diện tích trồng rừng mới đạt 120 ha.",
    "Công tác thu ngân sách năm 2023 khó hoàn thành kế hoạch.",
    "Hội nghị có 35 ý kiến phát biểu tại 04 tổ thảo luận.",
    "Đồng chí Bí thư Huyện ủy yêu cầu UBND 04 xã vùng cao tập trung thu hoạch lúa vụ chiêm; "
    "không được chủ quan với mưa lũ.",
    "Nguyễn Thị Hoa",
)
TEXT = "\n".join(LINES) + "\n"
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
B = "https://w3id.org/vngov/id/"
C = "https://w3id.org/vngov/concept/"


def span(words: str, after: int = 0) -> Span:
    """The first occurrence of ``words`` at or after ``after``."""
    start = TEXT.index(words, after)
    return Span(start, start + len(words), words)


def sample() -> Extraction:
    """One object of every model class, with consistent keys and spans."""
    sentences = tuple(Sentence(i, span(line)) for i, line in enumerate(LINES, start=1))
    minh, hoa = "vn-99/le-van-minh", "vn-99/nguyen-thi-hoa"
    huyen_uy, tinh_uy, btv = "vn-99-999/cap-uy", "vn-99/cap-uy", "vn-99/cap-uy/ban-thuong-vu"
    group, meeting = "vn-99-999/ubnd-xa-vung-cao", "vn-99-999/cap-uy/2023-07-05"
    secretary = Membership(
        "ms-bi-thu", minh, huyen_uy, Role("bi-thu", "Bí thư", "Secretary"), span("Bí thư Huyện ủy Sơn Hà")
    )
    member = Membership(
        "ms-uy-vien", minh, btv, Role("uy-vien", "Ủy viên", "Member"), span("Ủy viên Ban Thường vụ Tỉnh ủy")
    )
    issuer = span("Bí thư Huyện ủy", TEXT.index("Đồng chí Bí thư"))
    return Extraction(
        article=Article(
            "a1",
            TEXT,
            SHA,
            "invented.txt",
            title=span(LINES[0]),
            url="https://example.org/bai-1",
            published="2023-07-06",
        ),
        sentences=sentences,
        places=(
            Place("vn-99", "tỉnh Núi Xanh", "tỉnh"),
            Place("vn-99-999", "huyện Sơn Hà", "huyện", "vn-99"),
        ),
        place="vn-99-999",
        persons=(
            Person(minh, "Lê Văn Minh", "vn-99", (span("Lê Văn Minh"), issuer)),
            Person(hoa, "Nguyễn Thị Hoa", "vn-99", (span("Nguyễn Thị Hoa"),)),
        ),
        authors=(hoa,),
        organizations=(
            Organization(tinh_uy, "cap-uy", ("Tỉnh ủy Núi Xanh",), place="vn-99"),
            Organization(
                btv,
                "ban-thuong-vu",
                ("Ban Thường vụ Tỉnh ủy Núi Xanh",),
                "vn-99",
                tinh_uy,
                spans=(span("Ban Thường vụ Tỉnh ủy"),),
            ),
            Organization(
                huyen_uy,
                "cap-uy",
                ("Ban Chấp hành Đảng bộ huyện Sơn Hà", "Huyện ủy Sơn Hà"),
                "vn-99-999",
                tinh_uy,
                spans=(span("Ban Chấp hành Đảng bộ huyện Sơn Hà"),),
            ),
            Organization(
                group,
                "ubnd",
                ("UBND 04 xã vùng cao",),
                "vn-99-999",
                is_group=True,
                group_size=4,
                spans=(span("UBND 04 xã vùng cao"),),
            ),
        ),
        memberships=(secretary, member),
        meetings=(
            Meeting(
                meeting,
                "conference",
                (sentences[1].span, sentences[2].span, sentences[5].span),
                name="hội nghị sơ kết công tác 6 tháng đầu năm 2023",
                date="2023-07-05",
                part_of_day="chieu",
                organizer=huyen_uy,
                chair=minh,
                chair_membership="ms-bi-thu",
                discussion_groups=4,
                opinions=35,
            ),
        ),
        observations=(
            Observation(
                "Tỷ lệ hộ nghèo",
                Decimal("4.5"),
                "percent",
                span("Tỷ lệ hộ nghèo của huyện giảm còn 4,5%"),
                period="6 tháng đầu năm 2023",
                place="vn-99-999",
                meeting=meeting,
            ),
            Observation(
                "diện tích trồng rừng mới",
                Decimal("120"),
                "ha",
                span("diện tích trồng rừng mới đạt 120 ha"),
                period="6 tháng đầu năm 2023",
                place="vn-99-999",
                meeting=meeting,
            ),
        ),
        assessments=(
            Assessment(
                "thu ngân sách",
                "at-risk",
                span("thu ngân sách năm 2023 khó hoàn thành kế hoạch"),
                period="2023",
                place="vn-99-999",
                meeting=meeting,
            ),
        ),
        directives=(
            Directive(
                f"{meeting}/1",
                "UBND 04 xã vùng cao tập trung thu hoạch lúa vụ chiêm",
                span("UBND 04 xã vùng cao tập trung thu hoạch lúa vụ chiêm"),
                1,
                issuer=minh,
                issuer_span=issuer,
                issuer_membership="ms-bi-thu",
                addressees=(group,),
                meeting=meeting,
            ),
            Directive(
                f"{meeting}/2",
                "không được chủ quan với mưa lũ",
                span("không được chủ quan với mưa lũ"),
                2,
                modality="prohibition",
                issuer=huyen_uy,
                addressees=(group,),
                meeting=meeting,
            ),
        ),
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_graph(sample())


def iri(path: str) -> URIRef:
    return URIRef(B + path)


TEXT_IRI = f"{B}text/{SHA[:16]}"
MINH = iri(f"person/vn-99/le-van-minh-{short_hash(tone_key('Lê Văn Minh'), 'vn-99', length=10)}")
MEETING = iri("meeting/vn-99-999/cap-uy/2023-07-05")


def test_article_and_context(graph: Graph) -> None:
    article, context = iri(f"article/{SHA[:16]}"), URIRef(f"{TEXT_IRI}#char=0,{len(TEXT)}")
    assert (article, RDF.type, ns.SDO.NewsArticle) in graph
    assert (article, ns.SDO.headline, Literal(LINES[0], lang="vi")) in graph
    assert (article, ns.SDO.url, Literal("https://example.org/bai-1", datatype=ns.XSD.anyURI)) in graph
    assert (article, ns.SDO.datePublished, Literal("2023-07-06", datatype=ns.XSD.date)) in graph
    assert (article, ns.SDO.contentLocation, iri("place/vn-99-999")) in graph
    assert (article, VNG.text, context) in graph
    assert (context, NIF.isString, Literal(TEXT)) in graph
    assert (context, NIF.endIndex, Literal(len(TEXT), datatype=ns.XSD.nonNegativeInteger)) in graph
    assert (context, VNG.sha256, Literal(SHA)) in graph
    assert (context, NIF.sourceUrl, article) in graph
    author = graph.value(article, ns.SDO.author)
    assert graph.value(author, FOAF.name) == Literal("Nguyễn Thị Hoa")


def test_sentences_and_spans(graph: Graph) -> None:
    second = sample().sentences[1].span
    node = URIRef(f"{TEXT_IRI}#char={second.start},{second.end}")
    assert (node, RDF.type, NIF.Sentence) in graph
    assert (node, VNG.sentenceIndex, Literal(2)) in graph
    phrase = span("4,5%", 0)
    evidence = span("Tỷ lệ hộ nghèo của huyện giảm còn 4,5%")
    phrase_node = URIRef(f"{TEXT_IRI}#char={evidence.start},{evidence.end}")
    assert (phrase_node, RDF.type, NIF.Phrase) in graph
    fourth = TEXT.index(LINES[3])
    assert graph.value(phrase_node, NIF.sentence) == URIRef(
        f"{TEXT_IRI}#char={fourth},{fourth + len(LINES[3])}"
    )
    assert phrase.text == "4,5%"
    # a fact whose span is a whole sentence points at the sentence node, not a second phrase
    assert (MEETING, PROV.wasDerivedFrom, node) in graph
    assert (node, RDF.type, NIF.Phrase) not in graph


def test_span_integrity(graph: Graph) -> None:
    """For every span: isString[begin:end] == anchorOf, and the IRI ends with #char=begin,end."""
    spans = list(graph.subjects(NIF.referenceContext, None))
    assert len(spans) > 10
    for node in spans:
        text = str(graph.value(graph.value(node, NIF.referenceContext), NIF.isString))
        begin, end = int(str(graph.value(node, NIF.beginIndex))), int(str(graph.value(node, NIF.endIndex)))
        assert text[begin:end] == str(graph.value(node, NIF.anchorOf))
        assert str(node).endswith(f"#char={begin},{end}")


def test_organizations_groups_places(graph: Graph) -> None:
    huyen_uy, btv = iri("org/vn-99-999/cap-uy"), iri("org/vn-99/cap-uy/ban-thuong-vu")
    assert graph.value(huyen_uy, SKOS.prefLabel) == Literal("Ban Chấp hành Đảng bộ huyện Sơn Hà", lang="vi")
    assert (huyen_uy, SKOS.altLabel, Literal("Huyện ủy Sơn Hà", lang="vi")) in graph
    assert (huyen_uy, ORG.classification, URIRef(C + "org-type/cap-uy")) in graph
    assert (huyen_uy, ORG.subOrganizationOf, iri("org/vn-99/cap-uy")) in graph
    assert (huyen_uy, DCTERMS.spatial, iri("place/vn-99-999")) in graph
    assert (btv, RDF.type, ORG.OrganizationalUnit) in graph
    assert (huyen_uy, RDF.type, ORG.OrganizationalUnit) not in graph
    kind = URIRef(C + "org-type/cap-uy")
    labels = graph.objects(kind, SKOS.prefLabel)
    assert {label.language for label in labels if isinstance(label, Literal)} == {"vi", "en"}
    group = iri("group/vn-99-999/ubnd-xa-vung-cao")
    assert (group, RDF.type, VNG.OrganizationGroup) in graph
    assert (group, VNG.memberClassification, URIRef(C + "org-type/ubnd")) in graph
    assert (group, VNG.withinArea, iri("place/vn-99-999")) in graph
    assert (group, VNG.groupSize, Literal(4)) in graph
    assert (iri("place/vn-99-999"), DCTERMS.isPartOf, iri("place/vn-99")) in graph
    assert (iri("place/vn-99"), SKOS.notation, Literal("vn-99")) in graph


def test_persons_memberships_posts(graph: Graph) -> None:
    assert (MINH, RDF.type, FOAF.Person) in graph
    assert graph.value(MINH, FOAF.name) == Literal("Lê Văn Minh")  # plain string, no language tag
    secretary = iri(f"membership/{short_hash('vn-99/le-van-minh', 'vn-99-999/cap-uy', 'bi-thu')}")
    assert (secretary, ORG.member, MINH) in graph
    assert (secretary, ORG.role, URIRef(C + "role/bi-thu")) in graph
    assert (URIRef(C + "role/bi-thu"), SKOS.prefLabel, Literal("Bí thư", lang="vi")) in graph
    assert (URIRef(C + "role/bi-thu"), RDF.type, ORG.Role) in graph
    post = iri("post/vn-99-999/cap-uy/bi-thu")
    assert (secretary, OPENGOV.post, post) in graph
    assert (post, ORG.postIn, iri("org/vn-99-999/cap-uy")) in graph
    assert graph.value(post, SKOS.prefLabel) == Literal(
        "Bí thư Ban Chấp hành Đảng bộ huyện Sơn Hà", lang="vi"
    )
    member = iri(f"membership/{short_hash('vn-99/le-van-minh', 'vn-99/cap-uy/ban-thuong-vu', 'uy-vien')}")
    assert (member, RDF.type, ORG.Membership) in graph
    assert graph.value(member, OPENGOV.post) is None  # a member role is not a post


def test_meeting(graph: Graph) -> None:
    assert (MEETING, RDF.type, VNG.Meeting) in graph
    assert (MEETING, ns.SDO.startDate, Literal("2023-07-05", datatype=ns.XSD.date)) in graph
    assert (MEETING, VNG.partOfDay, URIRef(C + "part-of-day/chieu")) in graph
    assert (MEETING, VNG.meetingKind, URIRef(C + "meeting-kind/conference")) in graph
    assert (MEETING, VNG.chairedBy, MINH) in graph
    assert (MEETING, VNG.opinionCount, Literal(35)) in graph
    assert (MEETING, VNG.discussionGroupCount, Literal(4)) in graph
    assert (MEETING, ns.SDO.organizer, iri("org/vn-99-999/cap-uy")) in graph
    assert len(list(graph.objects(MEETING, PROV.wasDerivedFrom))) == 3
    assert len(list(graph.objects(MEETING, PROV.wasGeneratedBy))) == 1


def test_group_of_officials() -> None:
    extraction = sample()
    officials = Organization(
        "vn-99-999/can-bo-xa", "nhom-nguoi", ("đội ngũ cán bộ xã",), "vn-99-999", is_group=True
    )
    directive = replace(extraction.directives[0], addressees=(officials.key,))
    graph = to_graph(
        replace(extraction, organizations=(*extraction.organizations, officials), directives=(directive,))
    )
    node = iri("group/vn-99-999/can-bo-xa")
    assert (node, RDF.type, VNG.PersonGroup) in graph
    assert (node, VNG.withinArea, iri("place/vn-99-999")) in graph
    assert (iri("directive/vn-99-999/cap-uy/2023-07-05/1"), VNG.addressee, node) in graph
    assert validate(graph).violations == ()


def test_meeting_without_year_is_gmonthday() -> None:
    extraction = sample()
    meeting = replace(extraction.meetings[0], date="--07-05")
    graph = to_graph(replace(extraction, meetings=(meeting,)))
    assert (MEETING, ns.SDO.startDate, Literal("--07-05", datatype=ns.XSD.gMonthDay)) in graph


def test_observations_and_assessment(graph: Graph) -> None:
    observations = list(graph.subjects(RDF.type, VNG.IndicatorObservation))
    assert len(observations) == 2
    values = {graph.value(o, SDMX_M.obsValue) for o in observations}
    assert values == {Literal("4.5", datatype=ns.XSD.decimal), Literal("120.0", datatype=ns.XSD.decimal)}
    units = {graph.value(o, SDMX_A.unitMeasure) for o in observations}
    assert units == {UNIT.PERCENT, URIRef(C + "unit/ha")}
    assert graph.value(URIRef(C + "unit/ha"), SKOS.notation) == Literal("ha")
    for o in observations:
        assert graph.value(o, QB.dataSet) == iri("dataset/indicators")
        assert graph.value(o, SDMX_D.refArea) == iri("place/vn-99-999")
        assert graph.value(o, VNG.statedAt) == MEETING
    poverty = URIRef(C + "indicator/ty-le-ho-ngheo")
    assert (poverty, SKOS.prefLabel, Literal("Tỷ lệ hộ nghèo", lang="vi")) in graph
    period = iri("time/6-thang-dau-nam-2023")
    assert (period, RDF.type, ns.TIME.ProperInterval) in graph
    (assessment,) = graph.subjects(RDF.type, VNG.TargetAssessment)
    assert graph.value(assessment, VNG.achievementStatus) == URIRef(C + "achievement/at-risk")
    assert graph.value(URIRef(C + "achievement/at-risk"), SKOS.notation) == Literal("at-risk")
    assert graph.value(assessment, SDMX_D.refPeriod) == iri("time/year/2023")
    assert graph.value(iri("time/year/2023"), VNG.year) == Literal("2023", datatype=ns.XSD.gYear)
    assert str(assessment).startswith(B + "assessment/")


def test_directives(graph: Graph) -> None:
    first, second = (
        iri(f"directive/{MEETING.removeprefix(B + 'meeting/')}/1"),
        iri("directive/vn-99-999/cap-uy/2023-07-05/2"),
    )
    assert (
        first,
        VNG.instruction,
        Literal("UBND 04 xã vùng cao tập trung thu hoạch lúa vụ chiêm", lang="vi"),
    ) in graph
    assert (first, VNG.issuedBy, MINH) in graph
    assert (first, VNG.addressee, iri("group/vn-99-999/ubnd-xa-vung-cao")) in graph
    assert (first, VNG.issuedAt, MEETING) in graph
    assert (first, VNG.order, Literal(1)) in graph
    assert len(list(graph.objects(first, PROV.wasDerivedFrom))) == 2  # requirement + issuer words
    assert (second, VNG.modality, URIRef(C + "modality/prohibition")) in graph
    assert (second, VNG.issuedBy, iri("org/vn-99-999/cap-uy")) in graph  # a body can issue


def test_every_fact_has_provenance(graph: Graph) -> None:
    (run,) = graph.subjects(RDF.type, PROV.Activity)
    facts = (
        FOAF.Person,
        ORG.Membership,
        VNG.Meeting,
        VNG.IndicatorObservation,
        VNG.TargetAssessment,
        VNG.Directive,
    )
    for cls in facts:
        for fact in graph.subjects(RDF.type, cls):
            assert list(graph.objects(fact, PROV.wasDerivedFrom)), fact
            assert list(graph.objects(fact, PROV.wasGeneratedBy)) == [run]
    assert graph.value(run, PROV.used) == URIRef(f"{TEXT_IRI}#char=0,{len(TEXT)}")


def test_every_iri_is_strictly_valid(graph: Graph) -> None:
    for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        pyoxigraph.NamedNode(str(term))


def test_deterministic() -> None:
    one, two = to_graph(sample()), to_graph(sample())
    assert set(one) == set(two)
    assert isomorphic(one, two)


def test_base_iri_is_configurable() -> None:
    graph = to_graph(sample(), Settings(base_iri="https://example.org/kg/"))
    assert (URIRef(f"https://example.org/kg/article/{SHA[:16]}"), RDF.type, ns.SDO.NewsArticle) in graph
    assert not any(str(s).startswith(B) for s in graph.subjects())


def test_sample_conforms_without_warnings(graph: Graph) -> None:
    report = validate(graph)
    assert report.violations == (), report.text
    assert report.conforms


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda e: replace(e, authors=("vn-99/nobody",)),
            "author 'vn-99/nobody' is referenced but not defined",
        ),
        (
            lambda e: replace(e, persons=(replace(e.persons[0], key="Lê Văn Minh"),) + e.persons[1:]),
            "person key 'Lê Văn Minh' is not normalized",
        ),
        (lambda e: replace(e, meetings=(replace(e.meetings[0], date="5/7/2023"),)), "neither YYYY-MM-DD"),
        (
            lambda e: replace(
                e, memberships=(replace(e.memberships[0], organization="vn-99-999/ubnd-xa-vung-cao"),)
            ),
            "is a group, not a body",
        ),
    ],
)
def test_bad_input_raises_kg_error(change, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KgError, match=re.escape(message)):
        to_graph(change(sample()))


def test_bad_base_iri() -> None:
    with pytest.raises(KgError, match="must end with '/'"):
        to_graph(sample(), Settings(base_iri="https://example.org/kg"))


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=40), scope=st.sampled_from(["vn", "vn-99", "vn-01"]))
def test_person_iris_are_valid_for_any_name(name: str, scope: str) -> None:
    """Any name gives a strictly valid person IRI; only the tone-digit key decides the hash."""
    mint = Minter("https://w3id.org/vngov/id/", SHA)
    key = f"{scope}/{slug(name)}"
    iri = mint.person(key, name, scope)
    pyoxigraph.NamedNode(str(iri))
    assert iri == mint.person(key, unicodedata.normalize("NFD", name), scope)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_keys_are_either_valid_iris_or_kg_errors(value: str) -> None:
    mint = Minter("https://w3id.org/vngov/id/", SHA)
    try:
        iri = mint.org(value)
    except KgError:
        return
    pyoxigraph.NamedNode(str(iri))
