"""Article files → one validated knowledge graph, written to an output folder.

The pipeline: read → extract → to_graph, per article; merge; validate; write. Every input
is read before anything is written, so a bad file leaves the output folder untouched.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SDO

from kg.errors import InputError, KgError, OutputError
from kg.extract import extract
from kg.mapping import to_graph
from kg.model import Article
from kg.read import read_article
from kg.resources import sample_article
from kg.settings import Settings
from kg.validate import ValidationReport, validate
from kg.write import write_outputs

log = logging.getLogger(__name__)
_DEFAULTS = Settings()  # frozen, so one shared default is safe


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What `build` did: counts, timing, the SHACL verdict and the files it wrote."""

    articles: int
    triples: int
    seconds: float
    report: ValidationReport
    outputs: tuple[Path, ...]
    graph_file: Path  # the merged Turtle graph, ``OUT/graph.ttl``


def build(inputs: Sequence[Path], out_dir: Path, settings: Settings = _DEFAULTS) -> BuildResult:
    """Build the knowledge graph of ``inputs`` (files or folders of ``.txt``) into ``out_dir``.

    No inputs means the bundled reference article. Articles with the same text are built
    once. The outputs are written even when the graph does not conform (the report says why).

    Raises:
        InputError: an input cannot be read or decoded (nothing is written).
        OutputError: ``out_dir`` cannot be written.
    """
    started = time.perf_counter()
    _check_writable(out_dir)
    graphs: list[tuple[URIRef, Graph]] = []
    for article in _read_all(inputs):
        graph = to_graph(extract(article), settings)
        graphs.append((_article_iri(graph, article), graph))
    merged = Graph()
    for _, graph in graphs:
        merged += graph
    report = validate(merged)
    outputs = tuple(write_outputs(graphs, report, out_dir))
    return BuildResult(
        articles=len(graphs),
        triples=len(merged),
        seconds=time.perf_counter() - started,
        report=report,
        outputs=outputs,
        graph_file=next((p for p in outputs if p.name == "graph.ttl"), out_dir / "graph.ttl"),
    )


def _read_all(inputs: Sequence[Path]) -> list[Article]:
    """Every article, read and decoded up front; duplicates (same text) kept once."""
    if not inputs:
        with as_file(sample_article()) as path:
            return [read_article(path)]
    articles: dict[str, Article] = {}
    for path in _expand(inputs):
        article = read_article(path)
        if article.sha256 in articles:
            log.info("%s: same text as %s; built once", path, articles[article.sha256].source)
            continue
        articles[article.sha256] = article
    return list(articles.values())


def _expand(inputs: Sequence[Path]) -> Iterator[Path]:
    for path in inputs:
        if not path.is_dir():
            yield path
            continue
        found = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        if not found:
            raise InputError(f"{path}: no .txt articles in this folder; pass article files or folders")
        yield from found


def _check_writable(out_dir: Path) -> None:
    """Fail early, before any work, when ``out_dir`` cannot become a writable folder."""
    existing = out_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing == out_dir and not existing.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another --out")
    if not existing.is_dir():
        raise OutputError(f"{existing}: is a file, so {out_dir} cannot be created; choose another --out")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{existing}: folder not writable; choose another --out or fix its permissions")


def _article_iri(graph: Graph, article: Article) -> URIRef:
    """The article's IRI, as the mapping minted it (the graph's one ``schema:NewsArticle``)."""
    for node in graph.subjects(RDF.type, SDO.NewsArticle):
        if isinstance(node, URIRef):
            return node
    raise KgError(f"{article.source}: the mapped graph has no schema:NewsArticle; this is a bug in kg")
