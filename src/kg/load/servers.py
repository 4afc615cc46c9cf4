"""Triple stores by kind: their endpoints, and how each replaces a named graph safely.

Input: a `StoreConfig` (kind, base URL, overrides, credentials). Output: a `TripleStore`
whose ``replace(graph, triples)`` leaves either the old or the new graph in the store, never
a mix, and returns the count the store reports afterwards:

- `PutStore` (Oxigraph, Fuseki, GraphDB: stores that run a Graph Store Protocol ``PUT`` in one
  transaction): one ``PUT`` per graph, retried if the connection fails.
- `StagedStore` (Virtuoso, generic SPARQL 1.1 stores): the triples go into a temporary graph
  (GSP ``POST`` or ``INSERT DATA``, in chunks the store accepts), its count is checked, then
  one update ``MOVE``\\ s it over the target; on any failure the temporary graph is dropped
  and the target was never touched. The temporary IRI is derived from the target's, so a
  crashed run's leftover is cleared by the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import pyoxigraph

from kg.errors import StoreError
from kg.load.http import Auth, Credentials, SparqlClient, check_url, private_channel, public

StoreKind = Literal["oxigraph", "virtuoso", "fuseki", "graphdb", "generic"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreProfile:
    """The conventions of one kind of store: endpoint paths (under the base URL) and limits."""

    query: str
    update: str
    graph_store: str | None
    update_auth: str | None = None  # used instead of ``update`` when credentials are given
    graph_store_auth: str | None = None
    auth: Auth = "basic"
    atomic_put: bool = True  # a GSP PUT replaces the graph in one transaction
    chunk: int = 50_000  # triples per INSERT DATA request (and per POST after a 413)


PROFILES: dict[str, StoreProfile] = {
    "oxigraph": StoreProfile("/query", "/update", "/store"),
    "virtuoso": StoreProfile(
        "/sparql",
        "/sparql",
        "/sparql-graph-crud",
        update_auth="/sparql-auth",
        graph_store_auth="/sparql-graph-crud-auth",
        auth="digest",
        atomic_put=False,
        chunk=500,  # INSERT DATA: 2,000+ triples hit SP031 (10,000 lines of SQL) or SP030
    ),
    "fuseki": StoreProfile("/query", "/update", "/data"),
    "graphdb": StoreProfile("", "/statements", "/rdf-graphs/service"),
    "generic": StoreProfile("", "", None, auth="auto", atomic_put=False, chunk=1_000),
}
GSP_CHUNK = 100_000  # triples per GSP POST into a temporary graph


@dataclass(frozen=True)
class StoreConfig:
    """Where and how to load. ``endpoint`` is the base URL (the SPARQL endpoint for generic)."""

    endpoint: str
    kind: StoreKind = "generic"
    query: str | None = None
    update: str | None = None
    graph_store: str | None = None
    use_graph_store: bool = True
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    retries: int = 3  # for idempotent requests only
    backoff: float = 0.5  # seconds before the first retry, doubled for each next one
    chunk: int | None = None  # triples per staged request, instead of the kind's

    def endpoints(self) -> Endpoints:
        """The query, update and graph-store URLs: overrides, else the kind's conventions."""
        profile = PROFILES[self.kind]
        base = self.endpoint.rstrip("/")
        auth = self.user is not None
        update = profile.update_auth if auth and profile.update_auth else profile.update
        gsp = profile.graph_store_auth if auth and profile.graph_store_auth else profile.graph_store
        graph_store = self.graph_store or (base + gsp if gsp is not None else None)
        return Endpoints(
            query=self.query or base + profile.query,
            update=self.update or base + update,
            graph_store=graph_store if self.use_graph_store else None,
        )


@dataclass(frozen=True)
class Endpoints:
    """The absolute URLs of one store."""

    query: str
    update: str
    graph_store: str | None


class TripleStore(Protocol):
    """A store that can replace one named graph and count its triples."""

    def replace(self, graph: str, triples: Sequence[pyoxigraph.Triple]) -> int:
        """Replace named graph ``graph`` by ``triples``; return the count the store then holds."""
        ...

    def count(self, graph: str) -> int:
        """The number of triples in named graph ``graph``."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def open_store(config: StoreConfig) -> TripleStore:
    """The `TripleStore` for ``config``: `PutStore` where PUT is atomic, else `StagedStore`."""
    profile = PROFILES[config.kind]
    endpoints = config.endpoints()
    for url in (endpoints.query, endpoints.update, endpoints.graph_store):
        try:
            check_url(url or "http://ok")
        except ValueError as e:
            raise StoreError(f"bad store URL: {e}; check --endpoint", endpoint=None) from None
    credentials = None
    if config.user is not None:
        credentials = Credentials(config.user, config.password or "", profile.auth)
        if profile.auth != "digest" and not private_channel(config.endpoint):
            log.warning(
                "the password may go in clear (Basic auth) over plain http to %s; use https",
                public(config.endpoint),
            )
    client = SparqlClient(credentials, timeout=config.timeout, retries=config.retries, backoff=config.backoff)
    inserts, posts = (config.chunk, config.chunk) if config.chunk else (profile.chunk, GSP_CHUNK)
    if endpoints.graph_store is not None and profile.atomic_put:
        return PutStore(client, endpoints, inserts, posts)
    return StagedStore(client, endpoints, inserts, posts)


class _Base:
    def __init__(self, client: SparqlClient, endpoints: Endpoints, inserts: int, posts: int) -> None:
        self.client = client
        self.endpoints = endpoints
        self.chunk = posts if endpoints.graph_store else inserts  # triples per request when staging
        self._sizes = inserts, posts

    def count(self, graph: str) -> int:
        return self.client.count(self.endpoints.query, graph)

    def close(self) -> None:
        self.client.close()


class PutStore(_Base):
    """Replaces a graph with one Graph Store Protocol PUT (for stores where PUT is atomic)."""

    def replace(self, graph: str, triples: Sequence[pyoxigraph.Triple]) -> int:
        assert self.endpoints.graph_store is not None
        try:
            self.client.put(self.endpoints.graph_store, graph, ntriples(triples))
        except StoreError as e:
            if e.status != 413:
                raise
            log.info("%s refused a graph as too large; loading it in chunks", e.endpoint)
            inserts = self._sizes[0]
            return StagedStore(self.client, self.endpoints, inserts, inserts).replace(graph, triples)
        return self.count(graph)


class StagedStore(_Base):
    """Loads into a temporary graph in chunks, checks its count, then MOVEs it over the target."""

    def replace(self, graph: str, triples: Sequence[pyoxigraph.Triple]) -> int:
        update = self.endpoints.update
        if not triples:
            self.client.update(update, f"DROP SILENT GRAPH <{graph}>", idempotent=True)
            return self.count(graph)
        temp = temp_graph(graph)
        try:
            for i, part in enumerate(chunks(triples, self.chunk)):
                self._add(temp, part, first=i == 0)
            staged = self.count(temp)
            if staged != len(triples):
                raise StoreError(
                    f"{public(update)}: the store holds {staged} of the {len(triples)} triples sent for "
                    f"<{graph}>; nothing was replaced",
                    endpoint=public(update),
                )
            self.client.update(update, f"MOVE GRAPH <{temp}> TO <{graph}>")
        except BaseException:
            with contextlib.suppress(StoreError):
                self.client.update(update, f"DROP SILENT GRAPH <{temp}>")
            raise
        return self.count(graph)

    def _add(self, temp: str, triples: Sequence[pyoxigraph.Triple], *, first: bool) -> None:
        """Add a chunk to ``temp``; the first one also clears what a crashed run left there."""
        body = ntriples(triples)
        if self.endpoints.graph_store:
            # Not a PUT: on Virtuoso 7.2, a MOVE after a GSP PUT of 100,000 triples over an
            # existing graph of that size timed out (SR171); after DROP + POST it took 3 s.
            if first:
                self.client.update(self.endpoints.update, f"DROP SILENT GRAPH <{temp}>", idempotent=True)
            self.client.post(self.endpoints.graph_store, temp, body)
        else:
            # Blank nodes are refused in INSERT DATA by Virtuoso, but fine in a template.
            form = "INSERT {{ {} }} WHERE {{}}" if any(map(_has_blank, triples)) else "INSERT DATA {{ {} }}"
            data = form.format(f"GRAPH <{temp}> {{\n{body.decode('utf-8')}}}")
            clear = f"DROP SILENT GRAPH <{temp}> ;\n" if first else ""
            self.client.update(self.endpoints.update, clear + data)


def temp_graph(graph: str) -> str:
    """The temporary graph a staged load of ``graph`` goes through (same for every run).

    >>> temp_graph("https://w3id.org/vngov/id/article/1")
    'urn:x-kg-load:3a51d819539e463587aee64be46fb758'
    """
    return "urn:x-kg-load:" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32]


def chunks(triples: Sequence[pyoxigraph.Triple], size: int) -> list[Sequence[pyoxigraph.Triple]]:
    """``triples`` in parts of at most ``size``, keeping every blank-node triple in the first.

    A blank node is scoped to one request, so the triples that mention blank nodes must
    travel together (that part may exceed ``size``).
    """
    blank = [t for t in triples if _has_blank(t)]
    ground = [t for t in triples if not _has_blank(t)]
    parts: list[Sequence[pyoxigraph.Triple]] = [blank] if blank else []
    parts.extend(ground[i : i + size] for i in range(0, len(ground), size))
    return parts


def ntriples(triples: Sequence[pyoxigraph.Triple]) -> bytes:
    """``triples`` as N-Triples (no prefixes, no Turtle escapes for Virtuoso to misread)."""
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def _has_blank(triple: pyoxigraph.Triple) -> bool:
    return isinstance(triple.subject, pyoxigraph.BlankNode) or isinstance(triple.object, pyoxigraph.BlankNode)
