"""kg.shacl, the fast SHACL engine: exactly pySHACL's results on every shape fixture and dev article.

pySHACL (kg.validate.validate) is the reference. The one documented difference: a SPARQL
constraint's result keeps both its messages (pySHACL keeps one of the two, untagged).
"""

from __future__ import annotations

from collections import Counter
from importlib.resources import as_file
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg import worker
from kg.extract import extract
from kg.mapping import to_graph
from kg.read import read_article
from kg.resources import ontology_path, shapes_path
from kg.shacl import Engine, Unsupported
from kg.validate import Result, validate
from test_shapes import CASES, load_case

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    with as_file(shapes_path()) as path:
        return Graph().parse(path)


@pytest.fixture(scope="module")
def engine(shapes: Graph) -> Engine:
    with as_file(ontology_path()) as path:
        return Engine.compile(shapes, Graph().parse(path))


def _key(r: Result) -> tuple[object, ...]:
    if r.component == SH.SPARQLConstraintComponent:  # messages compared apart
        return (r.focus, r.path, r.component, r.severity, r.source)
    return tuple(r)


def assert_same(fast: list[Result], reference: tuple[Result, ...]) -> None:
    assert Counter(map(_key, fast)) == Counter(map(_key, reference))
    for ref in reference:
        if ref.component == SH.SPARQLConstraintComponent:
            mine = next(r for r in fast if _key(r) == _key(ref))
            assert ref.message in (mine.message, mine.message_vi)
            assert mine.message and mine.message_vi and mine.message != mine.message_vi


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fixture_results_equal_the_expected(engine: Engine, case: Path) -> None:
    """The exact expected rows, which tests/test_shapes.py checks pySHACL gives."""
    data, expected = load_case(case)
    rows = Counter((r.focus, r.path, r.component, r.severity, r.source) for r in engine.results(data))
    assert set(rows) == expected


TRICKY = {
    "SPARQL",
    "Closed",
    "Or",
    "Not",
    "Pattern",
    "LessThan",
    "UniqueLang",
    "LanguageIn",
    "Datatype",
    "In",
}


def _tricky(case: Path) -> bool:
    text = case.read_text(encoding="utf-8")
    return case.stem.endswith(".bad") and any(f"sh:{c}ConstraintComponent" in text for c in TRICKY)


@pytest.mark.parametrize("case", [c for c in CASES if _tricky(c)], ids=lambda p: p.stem)
def test_fixture_results_equal_pyshacl(engine: Engine, case: Path) -> None:
    """Row for row, messages included, on the bad fixtures of the subtler components."""
    data, _ = load_case(case)
    reference = validate(data).violations
    assert reference  # the comparison saw results, not two empty lists
    assert_same(engine.results(data), reference)


def test_dev_articles_results_equal_pyshacl(engine: Engine) -> None:
    articles = sorted(CORPUS.glob("*.txt"))
    assert articles
    seen = 0
    for path in articles:
        graph = to_graph(extract(read_article(path)))
        reference = validate(graph).violations
        assert_same(engine.results(graph, graph.serialize(format="nt", encoding="utf-8")), reference)
        seen += len(reference)
    assert seen > 0


def test_messages_of_sparql_results_are_filled_in_both_languages(engine: Engine) -> None:
    data, _ = load_case(next(c for c in CASES if c.name == "Context-length.bad.trig"))
    (result,) = [r for r in engine.results(data) if r.component == SH.SPARQLConstraintComponent]
    assert "{?e}" not in result.message and "{?e}" not in result.message_vi
    assert result.message.startswith("The context's end offset ")
    assert result.message_vi.startswith("Vị trí kết thúc ")


@pytest.mark.parametrize(
    "extra",
    [
        "vngsh:PersonShape sh:node vngsh:ArticleShape .",
        "vngsh:Person-name sh:minLength 3 .",
        "vngsh:Person-name sh:deactivated true .",
        "vngsh:X a sh:PropertyShape ; sh:targetClass foaf:Person ; sh:path foaf:name .",
        "vngsh:Y a sh:NodeShape ; sh:targetClass foaf:Person ; sh:property [ sh:path ( foaf:name ) ] .",
        "vngsh:Person-iri sh:severity sh:Warning .",
    ],
)
def test_unsupported_shapes_are_refused(shapes: Graph, extra: str) -> None:
    more = Graph()
    for triple in shapes:
        more.add(triple)
    prefixes = "PREFIX sh: <http://www.w3.org/ns/shacl#>\nPREFIX vngsh: <https://w3id.org/vngov/shapes#>\n"
    more.parse(data=prefixes + "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n" + extra, format="turtle")
    with pytest.raises(Unsupported):
        Engine.compile(more, Graph())


def test_worker_falls_back_to_pyshacl(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = Graph()
    graph.add(
        (URIRef("https://w3id.org/vngov/id/person/x"), RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person"))
    )
    monkeypatch.setattr(worker, "engine", lambda: None)
    fallback = worker.check(graph)
    assert fallback == validate(graph).violations
    assert any(r.path == URIRef("http://xmlns.com/foaf/0.1/name") for r in fallback)
    assert all(isinstance(r.message, str) and not isinstance(r.message, Literal) for r in fallback)
