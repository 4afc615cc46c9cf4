"""One article file → its graph as N-Quads and its SHACL results: the unit of parallel work.

`process` runs in worker processes (or in the calling one) after `init`; it returns plain
bytes and tuples, never rdflib graphs, so results cross process boundaries cheaply. An
article whose cache entry exists (same text, metadata, code and data) is not re-extracted.
A file that cannot be built becomes a `Failed` outcome carrying its `KgError`: the build
goes on with the others.

`process` is three steps that a dask build (`kg.run.cluster`) splits between two machines:
`start` (read, cache lookup) and `finish` (cache write) in the calling process, `make_entry`
(extract, map, validate) on a worker.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SDO

from kg.errors import KgError
from kg.extract import extract
from kg.model import Article
from kg.rdf.mapping import to_triples
from kg.rdf.ntriples import Triple, ntriples
from kg.read.article import read_article
from kg.run.cache import Cache, Entry, article_key
from kg.settings import Settings
from kg.validate.report import Result
from kg.validate.shapes import check as check_ntriples

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Built:
    """An article built (or found in the cache)."""

    source: str
    sha256: str  # of the article text: the same text in two files is built once
    key: str  # its cache key
    entry: Entry
    cached: bool


@dataclass(frozen=True, slots=True)
class Failed:
    """A file that could not be built, and why."""

    source: str
    error: KgError


@dataclass(frozen=True, slots=True)
class Job:
    """What every worker needs to know: passed once, to `init`."""

    settings: Settings
    fingerprint: str
    cache: Path | None  # None: neither read nor write a cache
    force: bool = False


_JOB: list[Job] = []


def init(job: Job, pool: bool = False) -> None:
    """Set up this process for `process` (a pool's initializer); compile the shapes once.

    A pool's workers ignore Ctrl-C: the main process stops them (and exits 130).
    """
    if pool:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _JOB[:] = [job]
    if job.settings.validate:
        check_ntriples(b"")  # compiles the shapes once, before the first article


def process(path: str) -> Built | Failed:
    """Build one article file; never raises for a bad file."""
    job = _JOB[0]
    found = start(path, job)
    if not isinstance(found, Todo):
        return found
    made = guarded(path, make_entry, found.article, job.settings)
    return made if isinstance(made, Failed) else finish(found, made, job)


@dataclass(frozen=True, slots=True)
class Todo:
    """An article read whose graph is not in the cache: `make_entry` builds it, `finish` keeps it."""

    article: Article
    key: str


def start(path: str, job: Job) -> Built | Failed | Todo:
    """Read one article file and take its cache entry if there is one; never raises for a bad file."""
    return guarded(path, _start, Path(path), job)


def _start(path: Path, job: Job) -> Built | Todo:
    article = read_article(path)
    key = article_key(article, job.fingerprint)
    if job.cache is not None and not job.force:
        entry = Cache(job.cache).get(key)
        if entry is not None:
            return Built(str(path), article.sha256, key, entry, cached=True)
    return Todo(article, key)


def make_entry(article: Article, settings: Settings) -> Entry:
    """The article's graph (N-Quads in its own named graph, sorted) and its SHACL results."""
    triples = to_triples(extract(article), settings)
    iri = article_iri(triples, article.source)
    nt = ntriples(triples)  # sorted: a stable order
    results = check_ntriples(nt) if settings.validate else ()
    return Entry(iri, nt.replace(b" .\n", f" <{iri}> .\n".encode()), len(triples), results)


def finish(todo: Todo, entry: Entry, job: Job) -> Built:
    """The outcome of an article built into ``entry``, which goes into the cache."""
    if job.cache is not None:
        Cache(job.cache).put(todo.key, entry)
    article = todo.article
    return Built(article.source, article.sha256, todo.key, entry, cached=False)


def guarded(source: str, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failed:
    """``step(*args)``, or the `Failed` outcome of ``source`` when it raises."""
    try:
        return step(*args, **kwargs)
    except KgError as e:
        return Failed(source, e)
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception as e:  # a bug on one article must not stop thousands of others
        log.debug("internal error on %s", source, exc_info=True)
        return Failed(source, KgError(f"{source}: internal error ({type(e).__name__}: {e}); report it"))


def article_iri(triples: Iterable[Triple], source: str) -> str:
    """The article's IRI, as the mapping minted it (the graph's one ``schema:NewsArticle``)."""
    for node, p, o in triples:
        if p == RDF.type and o == SDO.NewsArticle and isinstance(node, URIRef):
            return str(node)
    raise KgError(f"{source}: the mapped graph has no schema:NewsArticle; this is a bug in kg")


def check(graph: Graph) -> tuple[Result, ...]:
    """The SHACL results of one article graph, as `kg build` validates it."""
    return check_ntriples(ntriples(graph))
