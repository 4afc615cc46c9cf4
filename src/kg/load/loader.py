"""Load a built graph into a SPARQL 1.1 triple store, one named graph per article.

Input: a TriG or N-Quads file (``kg build`` writes ``output/graph.trig``: one named graph per
article, named by the article's IRI) and a `StoreConfig`. Output: a `LoadResult`. Each named
graph, and the ontology in a graph of its own (named by its ``owl:Ontology`` IRI), replaces
the graph of the same name in the store (see `kg.load.servers` for how each kind of store does it
safely) and is then verified by a count query. Loading the same file twice leaves the store
as after the first time; graphs that are not in the file are left alone.

A plain graph file (Turtle, N-Triples, JSON-LD: triples with no graph) is loaded the same
way into the one named graph the caller names (``kg load data.ttl --graph-name IRI``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from kg.errors import InputError, StoreError
from kg.load.http import public
from kg.load.servers import PROFILES, StoreConfig, StoreKind, TripleStore, open_store
from kg.resources import ontology_path

__all__ = ["PROFILES", "LoadResult", "StoreConfig", "StoreKind", "TripleStore", "load", "read_graphs"]

Graphs = dict[str, list[pyoxigraph.Triple]]
_QUAD_FORMATS = {".trig": pyoxigraph.RdfFormat.TRIG, ".nq": pyoxigraph.RdfFormat.N_QUADS}
_TRIPLE_FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
_OWL_ONTOLOGY = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class LoadResult:
    """What a load put into the store, as counted by the store afterwards."""

    endpoint: str
    graphs: tuple[tuple[str, int], ...]  # (graph IRI, triples), in load order
    seconds: float

    @property
    def triples(self) -> int:
        """All triples loaded, summed over the graphs."""
        return sum(n for _, n in self.graphs)


def load(
    graph_file: Path,
    config: StoreConfig,
    *,
    ontology: bool = True,
    progress: Callable[[int, int], None] | None = None,
    graph_name: str | None = None,
) -> LoadResult:
    """Replace each named graph of ``graph_file`` (and the ontology's) in the store.

    Args:
        graph_file: a ``.trig`` or ``.nq`` file whose triples are all in named graphs; with
            ``graph_name``, a ``.ttl``, ``.nt`` or ``.jsonld`` file of triples.
        config: the store and its credentials.
        ontology: also load ``ontology/vngov.ttl`` into its own named graph.
        progress: called after each graph with (triples loaded so far, triples in all).
        graph_name: the IRI of the one graph a plain graph file replaces.

    Raises:
        InputError: ``graph_file`` is unreadable, not of the expected format, has
            default-graph triples (TriG, N-Quads) or named graphs (a plain file).
        StoreError: a request failed (the graph being loaded keeps its previous content;
            the graphs loaded before it keep their new one), or a count after loading
            differs from what was sent.
    """
    graphs = read_graphs(graph_file) if graph_name is None else read_plain(graph_file, graph_name)
    if ontology:
        iri, triples = ontology_graph()
        graphs = {iri: triples, **graphs}
    total = sum(len(triples) for triples in graphs.values())
    store = open_store(config)
    start = time.monotonic()
    loaded: list[tuple[str, int]] = []
    done = 0
    try:
        for iri, triples in graphs.items():
            count = store.replace(iri, triples)
            if count != len(triples):
                where = public(config.endpoint)
                raise StoreError(
                    f"{where}: graph <{iri}> holds {count} triples after loading, not the "
                    f"{len(triples)} sent; the store changed or dropped some",
                    endpoint=where,
                )
            loaded.append((iri, count))
            done += count
            if progress is not None:
                progress(done, total)
    finally:
        store.close()
    return LoadResult(public(config.endpoint), tuple(loaded), time.monotonic() - start)


def read_graphs(path: Path) -> Graphs:
    """The named graphs of a TriG or N-Quads file, by graph IRI (duplicates removed).

    Raises:
        InputError: unreadable or unparsable file, another format, or default-graph triples.
    """
    rdf_format = _QUAD_FORMATS.get(path.suffix.lower())
    if rdf_format is None and path.suffix.lower() in _TRIPLE_FORMATS:
        raise InputError(
            f"{path}: a plain graph file has no graph names; add --graph-name IRI to load it "
            "into that named graph"
        )
    if rdf_format is None:
        raise InputError(
            f"{path}: not a TriG (.trig) or N-Quads (.nq) file; load needs one named graph per "
            "article, as in output/graph.trig written by kg build"
        )
    graphs: dict[str, dict[pyoxigraph.Triple, None]] = {}
    for quad in _quads(path, rdf_format, "no such file; run kg build first, or give the path"):
        if not isinstance(quad.graph_name, pyoxigraph.NamedNode):
            raise InputError(
                f"{path}: triple outside a named graph ({quad.triple}); "
                "every triple must be in an article's graph"
            )
        graphs.setdefault(quad.graph_name.value, {})[quad.triple] = None
    return {iri: list(triples) for iri, triples in graphs.items()}


def read_plain(path: Path, graph_name: str) -> Graphs:
    """The triples of a Turtle, N-Triples or JSON-LD file, as the one graph ``graph_name``.

    Raises:
        InputError: an invalid IRI, unreadable or unparsable file, another format, or a
            file that has named graphs of its own.
    """
    try:
        pyoxigraph.NamedNode(graph_name)
    except ValueError as e:
        raise InputError(f"--graph-name {graph_name}: not a valid IRI: {e}") from e
    rdf_format = _TRIPLE_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        kinds = ", ".join(_TRIPLE_FORMATS)
        raise InputError(
            f"{path}: --graph-name loads a plain graph file ({kinds}); "
            "a TriG or N-Quads file names its own graphs"
        )
    triples: dict[pyoxigraph.Triple, None] = {}
    for quad in _quads(path, rdf_format, "no such file"):
        if not isinstance(quad.graph_name, pyoxigraph.DefaultGraph):
            raise InputError(f"{path}: has a named graph ({quad.graph_name}); load it without --graph-name")
        triples[quad.triple] = None
    return {graph_name: list(triples)}


def _quads(path: Path, rdf_format: pyoxigraph.RdfFormat, missing: str) -> Iterator[pyoxigraph.Quad]:
    """The quads of an RDF file, a read or parse error raised as an `InputError` (``missing``
    says what to do about a file that is not there)."""
    try:
        yield from pyoxigraph.parse(path=str(path), format=rdf_format)
    except FileNotFoundError as e:
        raise InputError(f"{path}: {missing}") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    except SyntaxError as e:
        raise InputError(f"{path}: not valid RDF: {e}") from e


def ontology_graph() -> tuple[str, list[pyoxigraph.Triple]]:
    """The ontology's triples and the graph IRI they go to (its ``owl:Ontology`` IRI)."""
    data = ontology_path().read_bytes()
    triples = list(dict.fromkeys(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)))
    names = [t.subject for t in triples if t.predicate == _RDF_TYPE and t.object == _OWL_ONTOLOGY]
    if len(names) != 1 or not isinstance(names[0], pyoxigraph.NamedNode):
        raise InputError("ontology/vngov.ttl must declare exactly one owl:Ontology IRI")
    return names[0].value, triples
