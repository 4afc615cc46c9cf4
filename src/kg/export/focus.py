"""The neighbourhood of one entity in a `kg.to_networkx` graph (``kg export --focus``).

The entity is named by its IRI or by words of its name, matched as the named queries match
names (any case) and also without Vietnamese diacritics (``cuong`` finds ``Cù Ngọc Cường``).
The neighbourhood is every node within ``hops`` relations of it, either way; places and
articles are reached but not gone through, since they join almost everything. ``types``
keeps only nodes of those types (and the focus); ``article`` keeps one article's facts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from kg.errors import InputError
from kg.export.networkx import NODE_TYPES

TYPES = tuple(dict.fromkeys(NODE_TYPES.values()))
_HUBS = frozenset({"Place", "Article"})  # reached, not gone through
_UNNAMED = frozenset({"Directive", "IndicatorObservation", "TargetAssessment"})  # labels are texts, not names


class AmbiguousFocus(InputError):
    """Several entities match the name: ``matches`` lists them as (IRI, label, type)."""

    def __init__(self, message: str, matches: list[tuple[str, str, str]]) -> None:
        super().__init__(message)
        self.matches = matches


def fold(text: str) -> str:
    """``text`` lower-cased, without diacritics, spaces collapsed: ``Cù Ngọc  Cường`` → ``cu ngoc cuong``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def find(graph: Any, name_or_iri: str) -> list[str]:
    """The nodes ``name_or_iri`` names: the IRI itself, else the nodes whose name is it, else contains it.

    Directives, indicator values and assessments have no names (their labels are what they
    say), so only their IRIs find them.
    """
    if name_or_iri in graph:
        return [name_or_iri]
    words = fold(name_or_iri)
    if not words:
        return []
    names = {
        node: [fold(n) for n in _names(data)]
        for node, data in graph.nodes(data=True)
        if data.get("type") not in _UNNAMED
    }
    exact = [node for node, folded in names.items() if words in folded]
    return exact or [node for node, folded in names.items() if any(words in n for n in folded)]


def focus(
    graph: Any,
    name_or_iri: str,
    *,
    hops: int = 1,
    types: Iterable[str] = (),
    article: str | None = None,
) -> Any:
    """The subgraph of ``graph`` around the entity ``name_or_iri`` (a copy; ``graph`` is unchanged).

    Raises:
        InputError: no entity matches, an unknown type, or an unknown article.
        AmbiguousFocus: several entities match (an `InputError`).
    """
    if article is not None:
        graph = article_facts(graph, article)
    kept = set(types)
    if unknown := kept - set(TYPES):
        raise InputError(f"unknown node type {', '.join(sorted(unknown))}; use any of {', '.join(TYPES)}")
    matches = find(graph, name_or_iri)
    if not matches:
        where = " in that article" if article is not None else ""
        raise InputError(f"no entity is named {name_or_iri!r}{where}; give words of its name or its IRI")
    if len(matches) > 1:
        listed = sorted(
            (m, str(graph.nodes[m].get("label", m)), str(graph.nodes[m].get("type"))) for m in matches
        )
        raise AmbiguousFocus(
            f"{len(matches)} entities match {name_or_iri!r}; pass one's IRI to --focus", listed
        )
    centre = matches[0]
    if kept:
        graph = graph.subgraph([n for n, d in graph.nodes(data=True) if d.get("type") in kept or n == centre])
    reached, frontier = {centre}, [centre]
    for _ in range(hops):
        step = []
        for node in frontier:
            if node != centre and graph.nodes[node].get("type") in _HUBS:
                continue
            for other in (*graph.successors(node), *graph.predecessors(node)):
                if other not in reached:
                    reached.add(other)
                    step.append(other)
        frontier = step
    result = graph.subgraph(reached).copy()
    result.graph["focus"] = centre
    return result


def article_facts(graph: Any, article: str) -> Any:
    """The nodes and relations read from ``article`` (an article IRI), and the places they name.

    Raises:
        InputError: ``article`` is not an article of the graph.
    """
    if graph.nodes.get(article, {}).get("type") != "Article":
        raise InputError(f"{article}: not an article of this graph; give the IRI of a schema:NewsArticle")
    stated = {n for n, d in graph.nodes(data=True) if article in str(d.get("article", "")).split()}
    kept = set(stated)
    frontier = stated
    while frontier:  # the places named, and the places these are part of or were replaced by
        frontier = {
            other
            for node in frontier
            for other in (*graph.successors(node), *graph.predecessors(node))
            if graph.nodes[other].get("type") == "Place" and not graph.nodes[other].get("article")
        } - kept
        kept |= frontier
    result = graph.__class__(**graph.graph)
    result.add_nodes_from((n, graph.nodes[n]) for n in sorted(kept))
    for source, target, key, data in graph.edges(keys=True, data=True):
        if source in kept and target in kept and article in str(data.get("article", article)).split():
            result.add_edge(source, target, key=key, **data)
    return result


def _names(data: dict[str, Any]) -> list[str]:
    names = [str(data.get("label", "")), str(data.get("name", ""))]
    names += str(data.get("alt_labels", "")).split("; ")
    return [n for n in names if n]
