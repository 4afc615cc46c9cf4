"""kg.rdf.ntriples: an article's triples written as rdflib's N-Triples serializer writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.extract import extract
from kg.rdf.mapping import to_graph, to_triples
from kg.rdf.ntriples import ntriples
from kg.read.article import read_article

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _rdflib(graph: Graph) -> bytes:
    return b"".join(sorted(graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)))


def test_literals_are_escaped_as_rdflib_escapes_them() -> None:
    s, p = URIRef("urn:x:s"), URIRef("urn:x:p")
    objects = [
        Literal('Ông nói: "Phải làm ngay"\\n\r\nxong'),
        Literal("Hà Nội", lang="vi"),
        Literal("12", datatype=XSD.nonNegativeInteger),
        Literal(3.5),
        URIRef("urn:x:o"),
        BNode("b1"),
    ]
    graph = Graph()
    for o in objects:
        graph.add((s, p, o))
    assert ntriples((s, p, o) for o in objects) == _rdflib(graph)
    assert '\\"Phải làm ngay\\"\\\\n\\r\\nxong"'.encode() in ntriples([(s, p, objects[0])])


@pytest.mark.parametrize("path", sorted(DEV.glob("*.txt"))[::4], ids=lambda p: p.stem)
def test_every_article_graph_is_written_byte_for_byte_as_rdflib_writes_it(path: Path) -> None:
    extraction = extract(read_article(path))
    triples = to_triples(extraction)
    assert ntriples(triples) == _rdflib(to_graph(extraction))
    assert len(triples) == len(to_graph(extraction))
