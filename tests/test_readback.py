"""A graph read back from a store validates like the graph `kg build` wrote.

Oxigraph keeps a literal of a type derived from xsd:integer (nif:beginIndex and endIndex are
written as xsd:nonNegativeInteger, as NIF says) as xsd:integer, so the shapes accept both.
Build the reference article, read everything back from the embedded store and from an
Oxigraph server (after `kg load`) with a CONSTRUCT, validate: the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kg.build import build
from kg.load.loader import load
from kg.load.servers import StoreConfig
from kg.validate.report import ValidationReport
from kg.validate.shapes import validate
from servers import Server, oxigraph_server

EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("readback")
    build((), out, jobs=1)
    return out


@pytest.fixture(scope="module")
def written(built: Path) -> ValidationReport:
    report = validate(built / "graph.ttl")
    assert any(o.datatype == XSD.nonNegativeInteger for o in _literals(built / "graph.ttl"))
    return report


def _literals(path: Path) -> Iterator[Literal]:
    return (o for o in Graph().parse(path).objects() if isinstance(o, Literal))


def _same(readback: Graph, written: ValidationReport, built: Path) -> None:
    assert len(readback) >= len(Graph().parse(built / "graph.ttl")) > 500
    assert not any(o.datatype == XSD.nonNegativeInteger for o in readback.objects() if isinstance(o, Literal))
    report = validate(readback)
    assert report.violations == written.violations, report.text
    assert report.conforms


def test_the_embedded_store_reads_back_a_valid_graph(built: Path, written: ValidationReport) -> None:
    store = pyoxigraph.Store.read_only(str(built / "store"))
    data = pyoxigraph.serialize(store.query(EVERYTHING), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert data is not None
    _same(Graph().parse(data=data, format="nt"), written, built)


def test_an_oxigraph_server_reads_back_a_valid_graph(
    built: Path, written: ValidationReport, tmp_path: Path
) -> None:
    with oxigraph_server(tmp_path) as server:
        load(built / "graph.trig", StoreConfig(server.url, "oxigraph"))
        _same(_construct(server), written, built)


def _construct(server: Server) -> Graph:
    response = server.http.post(
        server.query_url, data={"query": EVERYTHING}, headers={"Accept": "application/n-triples"}
    )
    response.raise_for_status()
    return Graph().parse(data=response.text, format="nt")
