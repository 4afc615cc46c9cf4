"""Per-article N-Quads → the build's files: ``graph.ttl``, ``graph.trig``, ``validation.txt``, ``store/``.

`Merge` receives each article's N-Quads as it is built and spools them, and the triples
not seen in an earlier article, to temporary files in the output folder: memory stays flat
(16 bytes per distinct triple) however many articles there are. At the end:

- a small build (at most `SMALL` triples) is written as before by `kg.run.write`: rdflib's
  canonical long-form Turtle, byte-stable and diff-friendly (``output/`` is one);
- a large build's ``graph.ttl`` (each triple once) and ``graph.trig`` (one named graph per
  article) are streamed from the spools by Oxigraph's serializers, about 50× faster than
  rdflib, and deterministic (each article's lines sorted, articles in input order).

Every file is written to a temporary name and renamed into place; then the embedded store
``OUT/store``, bulk-loaded from the spooled triples (for a large build, in another process
while the files are written: `kg.run.storeload`), is renamed into place. Its default graph
is the merged graph: a union over per-article named graphs would repeat the triples
articles share, and so the rows of a query. (The store keeps ``xsd:nonNegativeInteger``
offsets as ``xsd:integer``, as Oxigraph does; the files keep the exact datatypes.)
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import OutputError
from kg.rdf.vocab import PREFIXES
from kg.run.storeload import StoreLoad
from kg.run.write import replacing, write_outputs
from kg.store.embedded import write_store
from kg.validate.report import Result, ValidationReport

_STRING = "http://www.w3.org/2001/XMLSchema#string"
SMALL = 5_000  # triples: up to here, rdflib's readable canonical Turtle (about 2 s)
BUCKETS = 256  # files the digests of a large build's lines are spread over
_RECORD = 24  # bytes per line in a bucket: its position (8) and digest (16)


class Merge:
    """The build's outputs, accumulated article by article.

    Each triple of the merged graph is kept where it first occurs. While the graph is small
    that is done with a set in memory; beyond `SMALL` triples, every line goes to a spool of
    all lines (``all.nt``) and its digest, with its position, to one of `BUCKETS` files by
    its first byte: at the end, each bucket in turn says which positions are a line's first
    occurrence (a bit per line), and ``graph.nt`` is those lines, in order. Memory holds one
    bucket at a time, however many articles there are.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.articles = 0
        self.triples = 0  # distinct triples of the merged graph (counted at the end when large)
        self.results: Counter[Result] = Counter()
        self._seen: set[bytes] | None = set()  # digests of the lines spooled, while small
        self._small: list[tuple[str, bytes]] | None = []
        self._spools: dict[str, IO[bytes]] = {}
        self._buckets: list[IO[bytes]] = []
        self._lines = 0  # lines in all.nt

    def add(self, iri: str, nquads: bytes, triples: int, results: tuple[Result, ...]) -> None:
        """One article: its graph (N-Quads in graph ``iri``) and its SHACL results."""
        if not self._spools:
            names = ("graph.nq", "graph.nt", "all.nt")
            self._spools = {name: _temp(self.out_dir, name) for name in names}
        self._spools["graph.nq"].write(nquads)
        ntriples = nquads.replace(f" <{iri}> .\n".encode(), b" .\n")
        self._spools["all.nt"].write(ntriples)
        lines = ntriples.splitlines(keepends=True)
        if self._seen is not None:
            new = []
            for line in lines:  # each triple once in the merged graph
                digest = _digest(line)
                if digest not in self._seen:
                    self._seen.add(digest)
                    new.append(line)
            self._spools["graph.nt"].write(b"".join(new))
            self.triples += len(new)
        else:
            self._bucket(lines, self._lines)
        self._lines += len(lines)
        self.articles += 1
        if self._small is not None:
            self._small.append((iri, ntriples))
        if self._seen is not None and self.triples > SMALL:
            self._go_large()
        for result, n in Counter(results).items():  # a result stated by many articles counts once
            self.results[result] = max(self.results[result], n)

    def _go_large(self) -> None:
        """Past `SMALL` triples: the lines spooled so far go to the buckets; no more set."""
        self._small = self._seen = None
        self._buckets = [_temp(self.out_dir, f"bucket{i:02x}") for i in range(BUCKETS)]
        spool = self._spools["all.nt"]
        spool.flush()
        with open(spool.name, "rb") as lines:
            self._bucket(lines, 0)

    def _bucket(self, lines: Iterable[bytes], first: int) -> None:
        buckets = self._buckets
        for position, line in enumerate(lines, first):
            digest = _digest(line)
            buckets[digest[0]].write(position.to_bytes(8, "big") + digest)

    def _first_lines(self) -> Path:
        """``graph.nt`` of a large build: each line of ``all.nt`` where it first occurs."""
        first = bytearray((self._lines + 7) // 8)  # a bit per line: its first occurrence
        for bucket in self._buckets:
            bucket.close()
            data = Path(bucket.name).read_bytes()
            Path(bucket.name).unlink()
            positions: dict[bytes, int] = {}
            for i in range(0, len(data), _RECORD):
                positions.setdefault(data[i + 8 : i + _RECORD], int.from_bytes(data[i : i + 8], "big"))
            for position in positions.values():
                first[position >> 3] |= 1 << (position & 7)
        graph_nt = self._spools["graph.nt"]
        graph_nt.seek(0)
        graph_nt.truncate()  # it held the triples of the first, small part
        self._spools["all.nt"].close()
        self.triples = 0
        with open(self._spools["all.nt"].name, "rb") as lines:
            for position, line in enumerate(lines):
                if first[position >> 3] >> (position & 7) & 1:
                    graph_nt.write(line)
                    self.triples += 1
        return Path(graph_nt.name)

    def write(self, report: ValidationReport) -> list[Path]:
        """Write the files, then the store; the paths written.

        Raises:
            OutputError: the output folder cannot be written (earlier outputs are kept).
        """
        assert self._spools, "no article was added"
        self._seen = None  # no more articles: give its memory to the writers
        if self._buckets:
            self._first_lines()
        for spool in self._spools.values():
            spool.close()
        nquads, ntriples = (Path(self._spools[name].name) for name in ("graph.nq", "graph.nt"))
        if self._small is not None:
            graphs = [(URIRef(iri), rdflib_graph(nt)) for iri, nt in self._small]
            paths = write_outputs(graphs, report, self.out_dir)
            return [*paths, write_store(ntriples, self.out_dir, ox.RdfFormat.N_TRIPLES)]
        store = StoreLoad(ntriples, self.out_dir)  # loads while the files are written
        try:
            paths = self._write_large(nquads, ntriples, report)
        except BaseException:
            store.cancel()
            raise
        return [*paths, store.finish()]

    def discard(self) -> None:
        """Remove the spool files (after writing, or when the build fails)."""
        for spool in [*self._spools.values(), *self._buckets]:
            spool.close()
            Path(spool.name).unlink(missing_ok=True)

    def _write_large(self, nquads: Path, ntriples: Path, report: ValidationReport) -> list[Path]:
        prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
        names = ("graph.ttl", "graph.trig", "validation.txt")
        try:
            with replacing(self.out_dir, names) as (ttl, trig, text):
                triples = ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES)
                ox.serialize(triples, ttl, ox.RdfFormat.TURTLE, prefixes=prefixes)
                quads = ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS)
                ox.serialize(quads, trig, ox.RdfFormat.TRIG, prefixes=prefixes)
                text.write_text(report.text, encoding="utf-8")
        except SyntaxError as e:
            raise OutputError(f"cannot write to {self.out_dir}: {e}; choose another --out") from e
        return [self.out_dir / name for name in names]


def _digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


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
