"""Per-article N-Quads → the build's files: ``graph.ttl``, ``graph.trig``, ``validation.txt``, ``store/``.

`Merge` receives each article's N-Quads as it is built and spools them, and the triples
not seen in an earlier article, to temporary files in the output folder: memory stays flat
(16 bytes per distinct triple) however many articles there are. At the end:

- a small build (at most `SMALL` triples) is written as before by `kg.write`: rdflib's
  canonical long-form Turtle, byte-stable and diff-friendly (``output/`` is one);
- a large build's ``graph.ttl`` (each triple once) and ``graph.trig`` (one named graph per
  article) are streamed from the spools by Oxigraph's serializers, about 50× faster than
  rdflib, and deterministic (each article's lines sorted, articles in input order).

Every file is written to a temporary name and renamed into place; then the embedded store
``OUT/store`` is bulk-loaded from the spooled triples. Its default graph is the merged
graph: a union over per-article named graphs would repeat the triples articles share, and
so the rows of a query. (The store keeps ``xsd:nonNegativeInteger`` offsets as
``xsd:integer``, as Oxigraph does; the files keep the exact datatypes.)
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import OutputError
from kg.store import write_store
from kg.validate import Result, ValidationReport
from kg.vocab import PREFIXES
from kg.write import write_outputs

_STRING = "http://www.w3.org/2001/XMLSchema#string"
SMALL = 5_000  # triples: up to here, rdflib's readable canonical Turtle (about 2 s)


class Merge:
    """The build's outputs, accumulated article by article."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.articles = 0
        self.triples = 0  # distinct triples of the merged graph
        self.results: Counter[Result] = Counter()
        self._seen: set[bytes] = set()  # digests of the N-Triples lines spooled so far
        self._small: list[tuple[str, bytes]] | None = []
        self._spools: dict[str, IO[bytes]] = {}

    def add(self, iri: str, nquads: bytes, triples: int, results: tuple[Result, ...]) -> None:
        """One article: its graph (N-Quads in graph ``iri``) and its SHACL results."""
        if not self._spools:
            self._spools = {name: _temp(self.out_dir, name) for name in ("graph.nq", "graph.nt")}
        self._spools["graph.nq"].write(nquads)
        ntriples = nquads.replace(f" <{iri}> .\n".encode(), b" .\n")
        new = []
        for line in ntriples.splitlines(keepends=True):  # each triple once in the merged graph
            digest = hashlib.blake2b(line, digest_size=16).digest()
            if digest not in self._seen:
                self._seen.add(digest)
                new.append(line)
        self._spools["graph.nt"].write(b"".join(new))
        self.articles += 1
        self.triples += len(new)
        if self._small is not None:
            self._small.append((iri, ntriples))
            if self.triples > SMALL:
                self._small = None
        for result, n in Counter(results).items():  # a result stated by many articles counts once
            self.results[result] = max(self.results[result], n)

    def write(self, report: ValidationReport) -> list[Path]:
        """Write the files, then the store; the paths written.

        Raises:
            OutputError: the output folder cannot be written (earlier outputs are kept).
        """
        assert self._spools, "no article was added"
        self._seen.clear()  # no more articles: give its memory to the writers
        for spool in self._spools.values():
            spool.close()
        nquads, ntriples = (Path(self._spools[name].name) for name in ("graph.nq", "graph.nt"))
        if self._small is not None:
            graphs = [(URIRef(iri), rdflib_graph(nt)) for iri, nt in self._small]
            paths = write_outputs(graphs, report, self.out_dir)
        else:
            paths = self._write_large(nquads, ntriples, report)
        return [*paths, write_store(ntriples, self.out_dir, ox.RdfFormat.N_TRIPLES)]

    def discard(self) -> None:
        """Remove the spool files (after writing, or when the build fails)."""
        for spool in self._spools.values():
            spool.close()
            Path(spool.name).unlink(missing_ok=True)

    def _write_large(self, nquads: Path, ntriples: Path, report: ValidationReport) -> list[Path]:
        prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
        temps: list[tuple[Path, Path]] = []
        try:
            for name in ("graph.ttl", "graph.trig", "validation.txt"):
                handle = _temp(self.out_dir, name)
                handle.close()
                temps.append((Path(handle.name), self.out_dir / name))
            triples = ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES)
            ox.serialize(triples, temps[0][0], ox.RdfFormat.TURTLE, prefixes=prefixes)
            quads = ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS)
            ox.serialize(quads, temps[1][0], ox.RdfFormat.TRIG, prefixes=prefixes)
            temps[2][0].write_text(report.text, encoding="utf-8")
            for temp, final in temps:
                os.chmod(temp, 0o644)
                os.replace(temp, final)
        except (OSError, SyntaxError) as e:
            raise OutputError(f"cannot write to {self.out_dir}: {e}; choose another --out") from e
        finally:
            for temp, _ in temps:
                temp.unlink(missing_ok=True)
        return [final for _, final in temps]


def rdflib_graph(ntriples: bytes) -> Graph:
    """N-Triples → an rdflib graph, parsed by Oxigraph: rdflib's own N-Triples parser takes
    time quadratic in the length of a line (a long literal)."""
    graph = Graph()
    for triple in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
    return graph


def _term(term: object) -> Node:
    """An Oxigraph term as rdflib's N-Triples parser makes it (a simple literal has no datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _STRING else URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected RDF term {term!r}")


def _temp(out_dir: Path, name: str) -> IO[bytes]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        return tempfile.NamedTemporaryFile(dir=out_dir, prefix=f".{name}.", suffix=".tmp", delete=False)
    except OSError as e:
        raise OutputError(f"cannot write to {out_dir}: {e.strerror or e}; choose another --out") from e
