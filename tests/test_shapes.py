"""ontology/shapes.ttl and ontology/vngov.ttl: per-rule fixtures (tests/shapes/), meta checks, sync.

Format of the fixtures: tests/shapes/README.md.
"""

from __future__ import annotations

from importlib.resources import as_file
from importlib.resources.abc import Traversable
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import namespace as ns
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import ShapesError
from kg.lexicons import lexicon, read_tsv
from kg.rdf import vocab
from kg.rdf.mapping import PERSON_GROUP
from kg.resources import ontology_path, shapes_path
from kg.validate.report import Result
from kg.validate.shapes import validate

HERE = Path(__file__).parent / "shapes"
CASES = sorted(HERE.glob("*/*.trig"))
REMOVE, EXPECT = URIRef("urn:kg-test:remove"), URIRef("urn:kg-test:expect")
SH, C = ns.SH, "https://w3id.org/vngov/concept/"
SHORTCUTS = {
    "ot": "org-type/", "mk": "meeting-kind/", "pod": "part-of-day/", "ach": "achievement/",
    "mod": "modality/", "role": "role/", "ind": "indicator/", "uc": "unit/",
}  # fmt: skip
HEADER = "BASE <https://w3id.org/vngov/id/>\n" + "".join(
    f"PREFIX {p}: <{iri}>\n"
    for p, iri in [*vocab.PREFIXES.items(), ("sh", str(SH)), *((k, C + v) for k, v in SHORTCUTS.items())]
)

Row = tuple[Node, Node | None, Node, Node, Node | None]


def _graph(resource: Traversable) -> Graph:
    with as_file(resource) as file:
        return Graph().parse(file, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _graph(shapes_path())


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _graph(ontology_path())


def load_case(path: Path) -> tuple[Graph, set[Row]]:
    """The base graph with the fixture's additions and removals, and its expected results."""
    dataset = Dataset()
    dataset.parse(data=HEADER + path.read_text(encoding="utf-8"), format="trig", publicID=str(path))
    data = Graph().parse(HERE / "base.ttl", format="turtle")
    for triple in dataset.graph(REMOVE):
        assert triple in data, f"{path.name}: cannot remove {triple}: not in base.ttl"
        data.remove(triple)
    for triple in dataset.graph(DATASET_DEFAULT_GRAPH_ID):
        data.add(triple)
    expect = dataset.graph(EXPECT)
    rows = set()
    for node in expect.subjects(SH.focusNode):
        source = expect.value(node, SH.sourceConstraint) or expect.value(node, SH.sourceShape)
        rows.add(
            (
                expect.value(node, SH.focusNode),
                expect.value(node, SH.resultPath),
                expect.value(node, SH.sourceConstraintComponent),
                expect.value(node, SH.resultSeverity) or SH.Violation,
                source,
            )
        )
    return data, rows  # type: ignore[return-value]


def rows(results: tuple[Result, ...]) -> set[Row]:
    return {(r.focus, r.path, r.component, r.severity, r.source) for r in results}


def rule_names(shapes: Graph) -> set[str]:
    """Every named rule: property shapes, SPARQL constraints and closed node shapes."""
    named = {
        *shapes.subjects(ns.RDF.type, SH.PropertyShape),
        *shapes.subjects(ns.RDF.type, SH.SPARQLConstraint),
        *shapes.subjects(SH.closed, None),
    }
    assert not any(isinstance(n, BNode) for n in shapes.subjects(SH.path, None)), "name every property shape"
    return {str(n).removeprefix(str(vocab.VNGSH)) for n in named if isinstance(n, URIRef)}


def test_cases_are_discovered() -> None:
    assert len(CASES) >= 150


def test_base_graph_conforms_with_no_result() -> None:
    report = validate(Graph().parse(HERE / "base.ttl", format="turtle"))
    assert report.violations == (), report.text


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_fixture(path: Path) -> None:
    data, expected = load_case(path)
    actual = rows(validate(data).violations)
    assert actual == expected
    rule, kind = path.name.split(".")[:2]
    if kind == "ok":
        assert expected == set()
    else:
        assert URIRef(str(vocab.VNGSH) + rule) in {row[4] for row in actual}, (
            "the bad fixture must fire its rule"
        )


def test_every_rule_has_an_ok_and_a_bad_fixture(shapes: Graph) -> None:
    names = rule_names(shapes)
    assert len(names) > 80
    have = {p.name.removesuffix(".trig") for p in CASES}
    assert {f"{n}.{kind}" for n in names for kind in ("ok", "bad")} == have


def test_every_constraint_has_bilingual_messages(shapes: Graph) -> None:
    for rule in {*shapes.subjects(SH.path, None), *shapes.subjects(ns.RDF.type, SH.SPARQLConstraint)}:
        languages = sorted(m.language for m in shapes.objects(rule, SH.message))  # type: ignore[attr-defined]
        assert languages == ["en", "vi"], rule
    for shape in shapes.subjects(ns.RDF.type, SH.NodeShape):
        languages = sorted(m.language for m in shapes.objects(shape, SH.message))  # type: ignore[attr-defined]
        if (shape, SH.closed, None) in shapes:  # the message of its one own constraint, sh:closed
            assert languages == ["en", "vi"], shape
        else:
            assert languages == [], f"{shape}: messages go on rules, not node shapes"


def test_validate_never_mutates_its_input() -> None:
    data, _ = load_case(HERE / "SpanShape" / "Span-anchor.bad.trig")
    before = set(data)
    assert not validate(data).conforms
    assert set(data) == before  # the ontology was mixed into a copy


def test_results_carry_both_messages() -> None:
    data, _ = load_case(HERE / "MeetingShape" / "Meeting-chairMissing.bad.trig")
    (result,) = validate(data).violations
    assert result.message == "The meeting's chair is unknown."
    assert result.message_vi == "Chưa xác định được người chủ trì hội nghị."


def test_shapes_are_valid_shacl(shapes: Graph, ontology: Graph) -> None:
    data = Graph().parse(HERE / "base.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", meta_shacl=True
    )
    assert conforms, text


def test_closed_shapes_ignore_only_type_and_provenance(shapes: Graph) -> None:
    closed = set(shapes.subjects(SH.closed, None))
    local = {str(s).removeprefix(str(vocab.VNGSH)) for s in closed}
    assert local == {"MeetingShape", "IndicatorObservationShape", "TargetAssessmentShape", "DirectiveShape"}
    for shape in closed:
        ignored = list(shapes.items(shapes.value(shape, SH.ignoredProperties)))  # type: ignore[arg-type]
        assert ignored == [ns.RDF.type, ns.PROV.wasDerivedFrom, ns.PROV.wasGeneratedBy]


def test_unparsable_shapes_raise_shapes_error(tmp_path: Path) -> None:
    bad = tmp_path / "shapes.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle", encoding="utf-8")
    with pytest.raises(ShapesError, match=r"shapes\.ttl: cannot parse: "):
        validate(Graph(), bad)
    with pytest.raises(ShapesError, match="cannot read"):
        validate(Graph(), tmp_path / "missing.ttl")
    bad.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    data = Graph()
    data.add((URIRef("http://example.org/x"), ns.RDF.type, URIRef("http://example.org/C")))
    with pytest.raises(ShapesError, match=r"shapes\.ttl: not valid SHACL: .*; fix the shapes file"):
        validate(data, bad)


# ---------------------------------------------------------------- the ontology


def test_ontology_declares_exactly_the_vng_terms(ontology: Graph) -> None:
    declared = {
        str(s).removeprefix(str(vocab.VNG))
        for s in ontology.subjects()
        if isinstance(s, URIRef) and str(s).startswith(str(vocab.VNG))
    }
    assert declared == set(vocab.VNG.__annotations__)


def test_every_vng_term_is_labelled_and_commented_in_both_languages(ontology: Graph) -> None:
    for name in vocab.VNG.__annotations__:
        term = URIRef(str(vocab.VNG) + name)
        for prop in (ns.RDFS.label, ns.RDFS.comment):
            languages = sorted(v.language for v in ontology.objects(term, prop))  # type: ignore[attr-defined]
            assert languages == ["en", "vi"], (name, prop)


def test_concepts_have_both_labels_and_a_notation(ontology: Graph) -> None:
    concepts = set(ontology.subjects(ns.RDF.type, ns.SKOS.Concept))
    assert len(concepts) > 40
    for concept in concepts:
        languages = sorted(v.language for v in ontology.objects(concept, ns.SKOS.prefLabel))  # type: ignore[attr-defined]
        assert languages == ["en", "vi"], concept
        assert str(ontology.value(concept, ns.SKOS.notation)) == str(concept).rsplit("/", 1)[1]


def test_org_types_match_the_lexicon(ontology: Graph, shapes: Graph) -> None:
    """org_types.tsv, the ontology's org-type concepts and the shapes' sh:in lists agree."""
    scheme = URIRef(C + "org-type")
    in_ontology = {
        str(c).removeprefix(C + "org-type/"): {
            label.language: str(label)  # type: ignore[attr-defined]
            for label in ontology.objects(c, ns.SKOS.prefLabel)
        }
        for c in ontology.subjects(ns.SKOS.inScheme, scheme)
    }
    in_lexicon = {code: {"vi": vi, "en": en} for code, (vi, en, _) in lexicon().org_types.items()}
    assert in_ontology == in_lexicon, "update ontology/vngov.ttl from src/kg/lexicons/org_types.tsv"
    for rule in ("Organization-classification", "Group-memberClassification"):
        listed = shapes.value(vocab.VNGSH[rule], SH["in"])
        codes = {str(c).removeprefix(C + "org-type/") for c in shapes.items(listed)}  # type: ignore[arg-type]
        wanted = set(in_lexicon) - {PERSON_GROUP}  # collectives of officials are vng:PersonGroup
        assert codes == wanted, f"update sh:in of vngsh:{rule} in ontology/shapes.ttl"


def test_units_match_the_lexicon(ontology: Graph) -> None:
    in_ontology = {
        str(c).removeprefix(C + "unit/"): {
            label.language: str(label)  # type: ignore[attr-defined]
            for label in ontology.objects(c, ns.SKOS.prefLabel)
        }
        for c in ontology.subjects(ns.SKOS.inScheme, URIRef(C + "unit"))
    }
    in_lexicon = {c[0]: {"vi": c[1], "en": c[2]} for _, c in read_tsv("units.tsv", 4) if c[0] != "percent"}
    assert in_ontology == in_lexicon, "update ontology/vngov.ttl from src/kg/lexicons/units.tsv"


@pytest.mark.parametrize(
    ("rule", "scheme"),
    [("Meeting-kind", "meeting-kind"), ("Meeting-partOfDay", "part-of-day"),
     ("Assessment-status", "achievement"), ("Directive-modality", "modality")],
)  # fmt: skip
def test_closed_code_lists_match_the_ontology(shapes: Graph, ontology: Graph, rule: str, scheme: str) -> None:
    listed = set(shapes.items(shapes.value(vocab.VNGSH[rule], SH["in"])))  # type: ignore[arg-type]
    assert listed == set(ontology.subjects(ns.SKOS.inScheme, URIRef(C + scheme)))
