"""RDF graph → networkx graph: the entity graph a reader expects, or every triple.

`to_networkx` makes a ``networkx.MultiDiGraph`` whose node ids are IRIs and whose node and
edge attributes are scalars (str, int, float; never None), so GraphML and GEXF open in
Gephi and Cytoscape. The entity view keeps persons, organizations, groups, meetings,
indicator values, assessments, directives, places and articles; each ``org:Membership`` is
collapsed into one person → organization edge labelled with the role; concepts, periods
and units become attributes; spans, provenance and contexts stay out, except the words a
node was read from (``evidence``) and the sentences containing them (``sentence``).
`kg.export.formats` writes the result as files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.vocab import (
    DCTERMS,
    FOAF,
    NIF,
    OPENGOV,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SDMX_A,
    SDMX_D,
    SDMX_M,
    SKOS,
    UNIT,
    VNG,
)

if TYPE_CHECKING:
    import networkx as nx

# class → node type, most specific first (an org:OrganizationalUnit is also an org:Organization)
NODE_TYPES: dict[URIRef, str] = {
    FOAF.Person: "Person",
    VNG.OrganizationGroup: "OrganizationGroup",
    VNG.PersonGroup: "PersonGroup",
    ORG.Organization: "Organization",
    VNG.Meeting: "Meeting",
    VNG.IndicatorObservation: "IndicatorObservation",
    VNG.TargetAssessment: "TargetAssessment",
    VNG.Directive: "Directive",
    DCTERMS.Location: "Place",
    SCHEMA.NewsArticle: "Article",
}

# property → (relation, readable label, reversed: the edge runs object → subject)
RELATIONS: dict[URIRef, tuple[str, str, bool]] = {
    ORG.subOrganizationOf: ("sub_organization_of", "sub-organization of", False),
    DCTERMS.spatial: ("located_in", "located in", False),
    VNG.withinArea: ("located_in", "located in", False),
    DCTERMS.isPartOf: ("part_of", "part of", False),
    SCHEMA.organizer: ("organized", "organized", True),
    VNG.chairedBy: ("chaired", "chaired", True),
    VNG.coChairedBy: ("co_chaired", "co-chaired", True),
    VNG.issuedBy: ("issued", "issued", True),
    VNG.addressee: ("addressed_to", "addressed to", False),
    VNG.issuedAt: ("issued_at", "issued at", False),
    VNG.statedAt: ("stated_at", "stated at", False),
    SDMX_D.refArea: ("in_area", "in area", False),
    SCHEMA.author: ("wrote", "wrote", True),
    SCHEMA.contentLocation: ("about", "about", False),
}
HOLDS_POST = ("holds_post", "holds post in")  # a collapsed org:Membership

# property → attribute name; IRI values (concepts, periods, units) become their labels
ATTRIBUTES: dict[URIRef, str] = {
    FOAF.name: "name",
    SKOS.altLabel: "alt_labels",
    ORG.classification: "kind",
    VNG.memberClassification: "kind",
    VNG.groupSize: "size",
    SCHEMA.name: "name",
    SCHEMA.startDate: "start_date",
    SCHEMA.endDate: "end_date",
    VNG.meetingKind: "kind",
    VNG.partOfDay: "part_of_day",
    VNG.discussionGroupCount: "discussion_groups",
    VNG.opinionCount: "opinions",
    VNG.attendeeCount: "attendees",
    VNG.indicator: "indicator",
    SDMX_M.obsValue: "value",
    SDMX_A.unitMeasure: "unit",
    VNG.denominator: "denominator",
    SDMX_D.refPeriod: "period",
    VNG.achievementStatus: "status",
    VNG.instruction: "instruction",
    VNG.order: "order",
    VNG.modality: "modality",
    SKOS.notation: "code",
    SCHEMA.headline: "headline",
    SCHEMA.datePublished: "date_published",
    SCHEMA.url: "url",
}
_FLOATS = {"value", "denominator"}
_INTS = {"size", "discussion_groups", "opinions", "attendees", "order"}
_UNITS = {UNIT.PERCENT: "%"}
_LABELS = (SKOS.prefLabel, FOAF.name, SCHEMA.headline, RDFS.label, SCHEMA.name, NIF.anchorOf)
_SHORT = 90  # a directive's label is its instruction, cut to about this many characters


def to_networkx(graph: Graph, *, full: bool = False) -> nx.MultiDiGraph:
    """The entity graph of ``graph`` (or, with ``full``, every triple) as a networkx graph.

    Nodes are IRIs with ``label`` and ``type`` attributes; edges carry ``label`` (readable),
    ``relation`` (a stable key) and ``predicate``. In the ``full`` view every IRI or blank
    node is a node, every triple whose object is one is an edge, and literals and
    ``rdf:type`` become node attributes named by their compact property (``skos:prefLabel``).

    Example:
        >>> g = to_networkx(kg.load_graph(Path("output/graph.ttl")))
        >>> g.nodes["https://w3id.org/vngov/id/place/vn-06"]["label"]
        'tỉnh Bắc Kạn'
    """
    import networkx as nx

    nodes, edges = _full(graph) if full else _entities(graph)
    result = nx.MultiDiGraph(view="triples" if full else "entities")
    for node in sorted(nodes):
        result.add_node(node, **nodes[node])
    for (source, target, key), data in sorted(edges.items()):
        result.add_edge(source, target, key=key, **data)
    return result


Attrs = dict[str, Any]


def _entities(graph: Graph) -> tuple[dict[str, Attrs], dict[tuple[str, str, str], Attrs]]:
    types: dict[Node, str] = {}
    for cls, name in reversed(NODE_TYPES.items()):  # the most specific type is set last
        for subject in graph.subjects(RDF.type, cls):
            types[subject] = name
    nodes = {str(s): _entity_attrs(graph, s, kind) for s, kind in types.items() if isinstance(s, URIRef)}
    texts = {str(graph.value(a, VNG.text)): str(a) for a in graph.subjects(RDF.type, SCHEMA.NewsArticle)}
    for node, attrs in nodes.items():
        found = {node} if attrs["type"] == "Article" else articles(graph, URIRef(node), texts)
        if found:
            attrs["article"] = " ".join(sorted(found))
    edges: dict[tuple[str, str, str], Attrs] = {}
    for s, p, o in graph:
        if str(s) not in nodes or str(o) not in nodes or p == RDF.type or not isinstance(p, URIRef):
            continue
        relation, label, backwards = RELATIONS.get(p, (compact(p), compact(p), False))
        source, target = (str(o), str(s)) if backwards else (str(s), str(o))
        key = relation if (source, target, relation) not in edges else compact(p)
        edges[source, target, key] = {"label": label, "relation": relation, "predicate": compact(p)}
    for membership in graph.subjects(RDF.type, ORG.Membership):
        person, body = graph.value(membership, ORG.member), graph.value(membership, ORG.organization)
        role = graph.value(membership, ORG.role)
        if str(person) not in nodes or str(body) not in nodes:
            continue
        data = {"label": HOLDS_POST[1], "relation": HOLDS_POST[0], "predicate": "org:Membership"}
        if role is not None:
            data |= {"label": label_of(graph, role), "role": label_of(graph, role)}
        post = graph.value(membership, OPENGOV.post)
        if post is not None:
            data["post"] = label_of(graph, post)
        if found := articles(graph, membership, texts):
            data["article"] = " ".join(sorted(found))
        data |= evidence(graph, membership)
        edges[str(person), str(body), f"{HOLDS_POST[0]}:{_local(role)}"] = data
    return nodes, edges


def _entity_attrs(graph: Graph, subject: Node, kind: str) -> Attrs:
    attrs: Attrs = {"type": kind}
    for p, name in ATTRIBUTES.items():
        values = sorted({_value(graph, o, name) for o in graph.objects(subject, p)}, key=str)
        if values:
            attrs[name] = values[0] if len(values) == 1 else "; ".join(map(str, values))
    if kind in ("IndicatorObservation", "TargetAssessment"):
        attrs.pop("code", None)
    if kind == "TargetAssessment" and (status := graph.value(subject, VNG.achievementStatus)) is not None:
        attrs["status"] = str(graph.value(status, SKOS.notation) or _local(status))
        attrs["status_label"] = label_of(graph, status)
    attrs["label"] = _entity_label(graph, subject, attrs)
    attrs |= evidence(graph, subject)
    return attrs


def _entity_label(graph: Graph, subject: Node, attrs: Attrs) -> str:
    kind = attrs["type"]
    if kind == "IndicatorObservation" and "value" in attrs:
        unit = attrs.get("unit", "")
        value = str(graph.value(subject, SDMX_M.obsValue))
        return f"{attrs.get('indicator', 'indicator')}: {value}{'' if unit == '%' else ' '}{unit}".rstrip()
    if kind == "TargetAssessment":
        return f"{attrs.get('indicator', 'indicator')}: {attrs.get('status_label', '?')}"
    if kind == "Meeting" and "start_date" in attrs:
        return f"{attrs.get('name', 'meeting')} ({attrs['start_date']})"
    if kind == "Directive" and "instruction" in attrs:
        return shorten(attrs["instruction"], _SHORT)
    return label_of(graph, subject)


def _full(graph: Graph) -> tuple[dict[str, Attrs], dict[tuple[str, str, str], Attrs]]:
    resources = {t for s, p, o in graph for t in (s, o) if p != RDF.type or t == s}
    resources = {r for r in resources if isinstance(r, URIRef | BNode)}
    nodes: dict[str, Attrs] = {}
    for node in resources:
        types = sorted(compact(t) for t in graph.objects(node, RDF.type))
        known = [name for cls, name in NODE_TYPES.items() if (node, RDF.type, cls) in graph]
        label = _entity_attrs(graph, node, known[0])["label"] if known else label_of(graph, node)
        attrs: Attrs = {"label": label, "type": (known or types or ["Resource"])[0]}
        if types:
            attrs["rdf:type"] = ", ".join(types)
        literals: dict[str, list[str]] = {}
        for p, o in graph.predicate_objects(node):
            if isinstance(o, Literal):
                literals.setdefault(compact(p), []).append(str(o))
        attrs |= {name: " | ".join(sorted(values)) for name, values in literals.items()}
        nodes[str(node)] = attrs | evidence(graph, node)
    edges = {
        (str(s), str(o), compact(p)): {"label": compact(p), "relation": compact(p), "predicate": str(p)}
        for s, p, o in graph
        if p != RDF.type and not isinstance(o, Literal)
    }
    return nodes, edges


def evidence(graph: Graph, subject: Node) -> dict[str, str]:
    """The words ``subject`` was read from and the sentences containing them (when it has any).

    Returns:
        ``{"evidence": ..., "sentence": ...}``: the ``nif:anchorOf`` texts of its
        ``prov:wasDerivedFrom`` spans and of their ``nif:sentence``s, in text order, one a
        line; ``{}`` for a node without spans (a place from the gazetteer).
    """
    spans = sorted(graph.objects(subject, PROV.wasDerivedFrom), key=lambda s: _begin(graph, s))
    words = _unique(str(graph.value(span, NIF.anchorOf) or "") for span in spans)
    sentences = [graph.value(span, NIF.sentence) or span for span in spans]
    sentences.sort(key=lambda s: _begin(graph, s))
    lines = _unique(str(graph.value(s, NIF.anchorOf) or "") for s in sentences)
    return {"evidence": "\n".join(words), "sentence": "\n".join(lines)} if words else {}


def articles(graph: Graph, subject: Node, texts: dict[str, str]) -> set[str]:
    """The IRIs of the articles ``subject`` was read from (``texts``: article text IRI → article IRI)."""
    contexts = (
        graph.value(span, NIF.referenceContext) for span in graph.objects(subject, PROV.wasDerivedFrom)
    )
    return {texts[str(c)] for c in contexts if str(c) in texts}


def label_of(graph: Graph, node: Node) -> str:
    """The readable name of ``node``: its @vi (or any) label, name or headline, else its compact IRI."""
    for prop in _LABELS:
        values = sorted(graph.objects(node, prop), key=lambda o: (getattr(o, "language", None) != "vi", o))
        if values:
            return str(values[0])
    if isinstance(node, URIRef) and node in _UNITS:
        return _UNITS[node]
    return compact(node)


def compact(node: Node) -> str:
    """``node`` with the longest matching project prefix (``vng:Meeting``), else as is."""
    text = str(node)
    matches = [(len(str(ns)), prefix) for prefix, ns in PREFIXES.items() if text.startswith(str(ns))]
    if not matches:
        return text
    length, prefix = max(matches)
    return f"{prefix}:{text[length:]}"


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    >>> shorten("một hai ba bốn", 9)
    'một hai…'
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _value(graph: Graph, node: Node, name: str) -> str | int | float:
    if not isinstance(node, Literal):
        return label_of(graph, node)
    if name in _FLOATS:
        return float(node.toPython())
    if name in _INTS:
        return int(node.toPython())
    return str(node)


def _begin(graph: Graph, span: Node) -> tuple[int, str]:
    begin = graph.value(span, NIF.beginIndex)
    return (int(str(begin)) if begin is not None else -1, str(span))


def _local(node: Node | None) -> str:
    text = str(node or "")
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _unique(texts: Any) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))
