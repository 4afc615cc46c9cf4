"""What one article built to, kept under ``OUT/.cache/`` so an unchanged article is not redone.

An entry holds the article's graph (N-Quads, in the named graph of its IRI) and its SHACL
results. Its key is the SHA-256 of everything the graph depends on: the article's NFC text
and metadata (title, URL, publication date), the kg code, lexicons, ontology and shapes
(`fingerprint`), and the settings. Entries are files written atomically (a JSON header
line, then the N-Quads packed with zlib, about a tenth of their size); a missing,
unreadable or corrupt entry is simply rebuilt, and entries of articles no longer built
into the folder are removed after each build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib.term import Node
from rdflib.util import from_n3

from kg.model import Article
from kg.resources import ontology_path, shapes_path
from kg.settings import Settings, __version__
from kg.validate.report import Result

_PACKAGE = Path(__file__).resolve().parents[1]  # all of kg: its code and data
_SUFFIX = ".kgc"  # a JSON header line (IRI, counts, SHACL results), then the zlib-packed N-Quads


@dataclass(frozen=True, slots=True)
class Entry:
    """One article's cached build."""

    iri: str
    nquads: bytes
    triples: int
    results: tuple[Result, ...]


def fingerprint(settings: Settings) -> str:
    """A hash of the kg code and data files and of ``settings``: any change empties the cache."""
    digest = hashlib.sha256(f"kg {__version__} {settings!r}".encode())
    files = sorted(  # the ontology is hashed below, wherever it is: a wheel and a checkout agree
        p
        for p in _PACKAGE.rglob("*")
        if p.suffix in (".py", ".tsv", ".json", ".ttl") and p.is_file() and p.parent.name != "ontology"
    )
    for path in files:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for resource in (ontology_path(), shapes_path()):
        digest.update(resource.read_bytes())
    return digest.hexdigest()


def article_key(article: Article, fingerprint: str) -> str:
    """The cache key of ``article`` under a code-and-data ``fingerprint``."""
    title = None if article.title is None else (article.title.start, article.title.end)
    parts = [fingerprint, article.sha256, title, article.url, article.published]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


class Cache:
    """The entries under one folder (``OUT/.cache``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{_SUFFIX}"

    def get(self, key: str) -> Entry | None:
        """The entry of ``key``, or None (missing or unreadable: it will be rebuilt)."""
        try:
            header, _, packed = self._path(key).read_bytes().partition(b"\n")
            raw = json.loads(header)
            results = tuple(_result(row) for row in raw["results"])
            return Entry(raw["iri"], zlib.decompress(packed), int(raw["triples"]), results)
        except (OSError, ValueError, KeyError, TypeError, zlib.error):
            return None

    def put(self, key: str, entry: Entry) -> None:
        """Store ``entry`` atomically; a cache that cannot be written is not an error."""
        header = {"iri": entry.iri, "triples": entry.triples, "results": [_row(r) for r in entry.results]}
        data = json.dumps(header, ensure_ascii=True).encode() + b"\n" + zlib.compress(entry.nquads, 1)
        path = self._path(key)
        temp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except OSError:
            if temp is not None:
                Path(temp).unlink(missing_ok=True)

    def clear(self) -> None:
        """Forget every entry."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def prune(self, keep: Iterable[str]) -> int:
        """Delete the entries not in ``keep`` (articles no longer built here); how many."""
        wanted = {f"{k}{_SUFFIX}" for k in keep}
        removed = 0
        for path in self.folder.glob(f"*/*{_SUFFIX}") if self.folder.is_dir() else ():
            if path.name not in wanted:
                try:
                    path.unlink(missing_ok=True)
                except OSError:  # a cache that cannot be cleaned is not an error either
                    continue
                removed += 1
        return removed


def _row(r: Result) -> list[str | None]:
    n3 = [None if t is None else t.n3() for t in (r.focus, r.path, r.component, r.severity, r.source)]
    return [n3[0], n3[1], n3[2], n3[3], r.message, r.message_vi, n3[4]]


def _result(row: list[str | None]) -> Result:
    def term(text: str | None) -> Node:
        node = None if text is None else from_n3(text)
        if not isinstance(node, Node):
            raise ValueError(f"not an RDF term: {text!r}")
        return node

    focus, path, component, severity, message, message_vi, source = row
    return Result(
        focus=term(focus),
        path=None if path is None else term(path),
        component=term(component),
        severity=term(severity),
        message=message or "",
        message_vi=message_vi or "",
        source=None if source is None else term(source),
    )
