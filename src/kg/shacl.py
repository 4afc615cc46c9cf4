"""A fast SHACL engine for the shapes kg ships: pySHACL's results, about 30× sooner.

Input: a small data graph (one article) as rdflib triples; output: the `Result` rows that
`kg.validate.validate` (pySHACL, inference "none", the ontology mixed in) gives for it.
`Engine.compile` reads a shapes graph once and accepts only the part of SHACL it
implements exactly as pySHACL does: targets by class and subjects-of; IRI paths; min/max
count, class, datatype, nodeKind, in, hasValue, languageIn, uniqueLang, pattern,
min/max inclusive/exclusive, lessThan, closed, or, not; SPARQL SELECT constraints, run by
pyoxigraph with ``$this`` pre-bound through ``VALUES``. Anything else raises `Unsupported`,
and the caller uses pySHACL. One deliberate difference: a SPARQL result keeps both its
messages (pySHACL drops their language tags and keeps one). tests/test_shacl.py checks the
equivalence on every shape fixture and every dev-corpus article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from pyshacl.rdfutil.inoculate import inoculate
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.validate import Result

Triple = tuple[Node, Node, Node]
_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf  # namespace attribute look-ups are slow
_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
_IGNORED = {RDF.type, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, RDFS.label}
_IGNORED |= {RDFS.comment, SH.property, SH.sparql, SH.path, *_TARGETS}
_SPARQL_KEYS = {RDF.type, SH.message, SH.prefixes, SH.select, RDFS.label, RDFS.comment}
_KINDS: dict[Node, tuple[type, ...]] = {
    SH.IRI: (URIRef,),
    SH.BlankNode: (BNode,),
    SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
}
_KINDS |= {SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal)}
_VALUE_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


class Unsupported(Exception):
    """The shapes use a feature this engine does not implement; use pySHACL."""


class _Data:
    """The validated graph: data triples plus the ontology axioms pySHACL mixes in."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.spo: dict[Node, dict[Node, list[Node]]] = {}
        self.ps: dict[Node, list[Node]] = {}
        self.by_type: dict[Node, set[Node]] = {}
        for s, p, o in set(triples):
            self.spo.setdefault(s, {}).setdefault(p, []).append(o)
            self.ps.setdefault(p, []).append(s)
            if p == _TYPE:
                self.by_type.setdefault(o, set()).add(s)
        self._supers: dict[Node, set[Node]] = {}

    def objects(self, s: Node, p: Node) -> list[Node]:
        return self.spo.get(s, {}).get(p, [])

    def supers(self, cls: Node) -> set[Node]:
        """``cls`` and every class it is an ``rdfs:subClassOf`` of, transitively."""
        if cls not in self._supers:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), _SUBCLASS):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._supers[cls] = seen
        return self._supers[cls]

    def is_instance(self, node: Node, cls: Node) -> bool:
        return not isinstance(node, Literal) and any(cls in self.supers(t) for t in self.objects(node, _TYPE))

    def instances(self, cls: Node) -> set[Node]:
        found: set[Node] = set()
        for t, members in self.by_type.items():
            if cls in self.supers(t):
                found |= members
        return found


# A check: (data, focus, value nodes) → the failing value nodes (None: the focus as a whole).
Check = Callable[[_Data, Node, list[Node]], Iterator[Node | None]]


@dataclass
class _Sparql:
    node: Node
    query: str  # with PREFIX lines; "{VALUES}" marks where the focus nodes go
    messages: tuple[Literal, ...]


@dataclass
class _Shape:
    node: Node
    path: Node | None = None
    severity: Node = SH.Violation
    messages: tuple[Literal, ...] = ()
    checks: list[tuple[Node, Check]] = field(default_factory=list)
    properties: list[_Shape] = field(default_factory=list)
    sparql: list[_Sparql] = field(default_factory=list)
    allowed: set[Node] | None = None  # the predicates a closed shape allows
    classes: list[Node] = field(default_factory=list)
    subjects_of: list[Node] = field(default_factory=list)

    def conforms(self, data: _Data, node: Node) -> bool:
        """Whether ``node`` passes this (nested, path-less) shape."""
        return not any(any(True for _ in check(data, node, [node])) for _, check in self.checks)


class Engine:
    """Shapes compiled once; `results` validates one graph."""

    def __init__(self, shapes: list[_Shape], mixin: Graph) -> None:
        self._shapes = shapes
        self._mixin = list(mixin)
        self._mixin_nt = mixin.serialize(format="nt", encoding="utf-8")
        self._names = mixin  # pySHACL prints nodes with the mixed-in graph's prefixes

    @classmethod
    def compile(cls, shapes: Graph, ontology: Graph) -> Engine:
        """Read ``shapes``; `Unsupported` if they need more than this engine implements."""
        mixin: Graph = inoculate(Graph(), ontology)  # type: ignore[arg-type]  # a Graph is a DataGraph
        tops = {s for t in _TARGETS for s in shapes.subjects(t)}
        for implicit in (RDFS.Class, OWL.Class):
            if (None, RDF.type, implicit) in shapes:
                raise Unsupported("implicit class targets")
        compiled = [_compile(shapes, s) for s in sorted(tops, key=str)]
        if any(s.path is not None for s in compiled):
            raise Unsupported("a property shape with targets")
        return cls(compiled, mixin)

    def results(self, graph: Graph, ntriples: bytes | None = None) -> list[Result]:
        """The SHACL results of ``graph`` (``ntriples``: the same graph, if already serialized)."""
        data = _Data([*self._mixin, *graph])
        store: list[ox.Store] = []  # made on first use: one store per call
        rows: list[Result] = []
        for shape in self._shapes:
            focus = set(data.ps.get(shape.subjects_of[0], ())) if shape.subjects_of else set()
            for target in shape.subjects_of[1:]:
                focus.update(data.ps.get(target, ()))
            for target in shape.classes:
                focus |= data.instances(target)
            if not focus:
                continue
            for node in sorted(focus, key=str):
                rows += self._validate(data, shape, node)
            for constraint in shape.sparql:
                if not store:
                    store.append(self._store(graph, ntriples))
                rows += self._sparql(store[0], shape, constraint, focus)
        return rows

    def _validate(self, data: _Data, shape: _Shape, focus: Node) -> Iterator[Result]:
        values = [focus] if shape.path is None else data.objects(focus, shape.path)
        for component, check in shape.checks:
            for value in check(data, focus, values):
                yield _result(shape, focus, shape.path, component, shape.messages, value)
        for prop in shape.properties:
            yield from self._validate(data, prop, focus)
        if shape.allowed is not None:
            for p, objects in data.spo.get(focus, {}).items():
                if p in shape.allowed:
                    continue
                for o in objects:
                    messages = shape.messages or (self._closed_message(focus, o),)
                    yield _result(shape, focus, p, SH.ClosedConstraintComponent, messages, o)

    def _closed_message(self, focus: Node, value: Node) -> Literal:
        node, val = stringify_node(self._names, focus), stringify_node(self._names, value)
        return Literal(f"Node {node} is closed. It cannot have value: {val}")

    def _store(self, graph: Graph, ntriples: bytes | None) -> ox.Store:
        store = ox.Store()
        store.load(self._mixin_nt, format=ox.RdfFormat.N_TRIPLES)
        data = ntriples if ntriples is not None else graph.serialize(format="nt", encoding="utf-8")
        store.load(data, format=ox.RdfFormat.N_TRIPLES)
        return store

    def _sparql(
        self, store: ox.Store, shape: _Shape, constraint: _Sparql, focus: set[Node]
    ) -> Iterator[Result]:
        if any(not isinstance(f, URIRef) for f in focus):
            raise Unsupported("a SPARQL constraint on a blank node")
        values = "VALUES $this { " + " ".join(f.n3() for f in sorted(focus, key=str)) + " } "
        solutions = store.query(constraint.query.replace("{VALUES}", values, 1))
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        seen = set()
        for solution in solutions:
            bound = {n: _rdflib(solution[n]) for n in names if solution[n] is not None}
            key = tuple(sorted((k, v) for k, v in bound.items()))
            if key in seen or "this" not in bound:
                continue
            seen.add(key)
            path = bound.get("path", shape.path)
            messages = tuple(_format(m, bound) for m in (*shape.messages, *constraint.messages))
            yield _result(
                shape, bound["this"], path, SH.SPARQLConstraintComponent, messages, None, constraint.node
            )


def _compile(g: Graph, node: Node) -> _Shape:
    shape = _Shape(node, path=g.value(node, SH.path))
    if shape.path is not None and not isinstance(shape.path, URIRef):
        raise Unsupported(f"complex path on {node}")
    shape.severity = g.value(node, SH.severity) or SH.Violation
    shape.messages = tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal))
    shape.classes = list(g.objects(node, SH.targetClass))
    shape.subjects_of = list(g.objects(node, SH.targetSubjectsOf))
    shape.properties = [_compile(g, p) for p in g.objects(node, SH.property)]
    shape.sparql = [_compile_sparql(g, c) for c in g.objects(node, SH.sparql)]
    if g.value(node, SH.closed) == Literal(True):
        ignored = g.value(node, SH.ignoredProperties)
        shape.allowed = {p.path for p in shape.properties if p.path is not None}
        shape.allowed |= set(Collection(g, ignored)) if ignored is not None else set()
    for p, o in g.predicate_objects(node):
        if p in _IGNORED or p in (SH.closed, SH.ignoredProperties, SH.flags):
            continue
        factory = _FACTORIES.get(p)
        if factory is None:
            raise Unsupported(f"{p} on {node}")
        shape.checks.append((_COMPONENTS[p], factory(g, node, o)))
    return shape


def _compile_sparql(g: Graph, node: Node) -> _Sparql:
    unknown = {p for p, _ in g.predicate_objects(node)} - _SPARQL_KEYS
    select = str(g.value(node, SH.select) or "")
    if unknown or not select or re.search(r"[?$](failure|value|currentShape|shapesGraph|PATH)\b", select):
        raise Unsupported(f"SPARQL constraint {node}")
    prefixes = []
    for declared in g.objects(node, SH.prefixes):
        for decl in g.objects(declared, SH.declare):
            prefixes.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>\n")
    brace = select.index("{")
    query = "".join(prefixes) + select[: brace + 1] + " {VALUES}" + select[brace + 1 :]
    messages = tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal))
    return _Sparql(node, query, messages)


def _result(
    shape: _Shape,
    focus: Node,
    path: Node | None,
    component: Node,
    messages: Iterable[Literal],
    value: Node | None,
    constraint: Node | None = None,
) -> Result:
    by_lang = {m.language: str(m) for m in messages}
    source = constraint if constraint is not None else shape.node
    return Result(
        focus=focus,
        path=path,
        component=component,
        severity=shape.severity,
        message=by_lang.get("en") or by_lang.get(None) or next(iter(by_lang.values()), ""),
        message_vi=by_lang.get("vi", ""),
        source=source if isinstance(source, URIRef) else None,
    )


def _format(message: Literal, bound: dict[str, Node]) -> Literal:
    text = str(message)
    for var, val in bound.items():
        text = re.sub(f"{{[?$]{var}}}", str(val), text)
    return Literal(text, lang=message.language)


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise Unsupported("RDF-star term in a SPARQL result")


# ------------------------------------------------------------------ constraint components


def _count(g: Graph, node: Node, o: Node, minimum: bool) -> Check:
    n = int(o.toPython()) if isinstance(o, Literal) else -1

    def check(data: _Data, focus: Node, values: list[Node]) -> Iterator[None]:
        if (len(values) < n) if minimum else (len(values) > n):
            yield None

    return check


def _per_value(test: Callable[[_Data, Node], bool]) -> Check:
    def check(data: _Data, focus: Node, values: list[Node]) -> Iterator[Node]:
        return (v for v in values if not test(data, v))

    return check


def _datatype_ok(v: Node, dt: Node) -> bool:
    if not isinstance(v, Literal):
        return False
    if v.datatype == dt:
        if getattr(v, "ill_typed", None) is True:
            return False
    elif dt == RDFS.Literal or (dt == RDFS.Datatype and v.datatype):
        return True
    elif not (v.datatype is None and v.language is None and dt == XSD.string) and not (
        dt == RDF.langString and v.language
    ):
        return False
    expected = _VALUE_TYPES.get(dt)
    return expected is None or isinstance(v.value, expected)


def _languages(g: Graph, node: Node, o: Node) -> Check:
    wanted = {str(lang).lower() for lang in Collection(g, o)}

    def ok(data: _Data, v: Node) -> bool:
        lang = (v.language if isinstance(v, Literal) else None) or ""
        return bool(lang) and (
            "*" in wanted or lang.lower() in wanted or lang.split("-")[0].lower() in wanted
        )

    return _per_value(ok)


def _unique_lang(g: Graph, node: Node, o: Node) -> Check:
    def check(data: _Data, focus: Node, values: list[Node]) -> Iterator[None]:
        seen: set[str] = set()
        duplicates: set[str] = set()
        for v in values:
            if isinstance(v, Literal) and v.language:
                (duplicates if v.language.lower() in seen else seen).add(v.language.lower())
        for _ in duplicates:
            yield None

    if o != Literal(True):
        raise Unsupported(f"sh:uniqueLang {o} on {node}")
    return check


def _pattern(g: Graph, node: Node, o: Node) -> Check:
    flags = str(g.value(node, SH.flags) or "").lower()
    regex = re.compile(str(o), (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))

    def ok(data: _Data, v: Node) -> bool:
        if isinstance(v, BNode):
            return False
        plain = (
            isinstance(v, Literal)
            and v.value is not None
            and v.datatype in (None, RDF.langString, XSD.string)
        )
        return regex.search(str(v.value) if plain else str(v)) is not None  # type: ignore[attr-defined]

    if set(flags) - {"i", "m"}:
        raise Unsupported(f"sh:flags {flags} on {node}")
    return _per_value(ok)


def _range(g: Graph, node: Node, bound: Node, accept: Callable[[int], bool]) -> Check:
    if not isinstance(bound, Literal):
        raise Unsupported(f"non-literal range bound on {node}")
    bound_is_str = isinstance(bound.value, str)

    def ok(data: _Data, v: Node) -> bool:
        if not isinstance(v, Literal) or isinstance(v.value, str) != bound_is_str:
            return False
        try:
            return accept(compare_literal(v, bound))  # type: ignore[no-untyped-call]
        except (TypeError, NotImplementedError):
            return False

    return _per_value(ok)


def _less_than(g: Graph, node: Node, other: Node) -> Check:
    def plain(n: Node) -> tuple[bool, object]:
        if isinstance(n, URIRef):
            return True, str(n)
        if isinstance(n, Literal) and isinstance(n.value, str):
            return True, n.value
        return False, n

    def check(data: _Data, focus: Node, values: list[Node]) -> Iterator[Node]:
        for v in values:
            v_str, v_cmp = plain(v)
            for w in data.objects(focus, other):
                w_str, w_cmp = plain(w)
                if isinstance(v, BNode) or isinstance(w, BNode):
                    raise Unsupported("sh:lessThan on a blank node")
                if v_str != w_str or not v_cmp < w_cmp:  # type: ignore[operator]
                    yield v

    return check


def _nested(g: Graph, o: Node) -> _Shape:
    shape = _compile(g, o)
    if shape.properties or shape.sparql or shape.allowed is not None or shape.path is not None:
        raise Unsupported(f"nested shape {o} with more than value constraints")
    return shape


def _or(g: Graph, node: Node, o: Node) -> Check:
    members = [_nested(g, m) for m in Collection(g, o)]
    return _per_value(lambda data, v: any(m.conforms(data, v) for m in members))


def _not(g: Graph, node: Node, o: Node) -> Check:
    inner = _nested(g, o)
    return _per_value(lambda data, v: not inner.conforms(data, v))


def _has_value(g: Graph, node: Node, o: Node) -> Check:
    def check(data: _Data, focus: Node, values: list[Node]) -> Iterator[None]:
        if o not in values:
            yield None

    return check


def _in(g: Graph, node: Node, o: Node) -> Check:
    allowed = set(Collection(g, o))
    return _per_value(lambda data, v: v in allowed)


def _node_kind(g: Graph, node: Node, o: Node) -> Check:
    if o not in _KINDS:
        raise Unsupported(f"sh:nodeKind {o} on {node}")
    return _per_value(lambda data, v: isinstance(v, _KINDS[o]))


_FACTORIES: dict[Node, Callable[[Graph, Node, Node], Check]] = {
    SH.minCount: lambda g, n, o: _count(g, n, o, True),
    SH.maxCount: lambda g, n, o: _count(g, n, o, False),
    SH["class"]: lambda g, n, o: _per_value(lambda data, v: data.is_instance(v, o)),
    SH.datatype: lambda g, n, o: _per_value(lambda data, v: _datatype_ok(v, o)),
    SH.nodeKind: _node_kind,
    SH["in"]: _in,
    SH.hasValue: _has_value,
    SH.languageIn: _languages,
    SH.uniqueLang: _unique_lang,
    SH.pattern: _pattern,
    SH.minInclusive: lambda g, n, o: _range(g, n, o, lambda c: c >= 0),
    SH.maxInclusive: lambda g, n, o: _range(g, n, o, lambda c: c <= 0),
    SH.minExclusive: lambda g, n, o: _range(g, n, o, lambda c: c > 0),
    SH.maxExclusive: lambda g, n, o: _range(g, n, o, lambda c: c < 0),
    SH.lessThan: _less_than,
    SH["or"]: _or,
    SH["not"]: _not,
}
_COMPONENTS = {
    p: SH[str(p).rsplit("#", 1)[1][0].upper() + str(p).rsplit("#", 1)[1][1:] + "ConstraintComponent"]
    for p in _FACTORIES
}
