"""Graph → SHACL verdict, and graph files → rdflib Graph.

`validate` checks a graph against ``ontology/shapes.ttl`` (or another shapes file) with
pySHACL, inference "none" and the curated ontology mixed in (``ont_graph``); it never
mutates its input and returns a `ValidationReport`: conformance means no result of
severity Violation (Warnings and Infos do not break it). `load_graph` reads a Turtle,
TriG, N-Triples, N-Quads or JSON-LD file into one graph. Both raise `InputError`s with a
one-line message (`ShapesError` for the shapes file).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file
from pathlib import Path
from typing import Any, NamedTuple

import pyshacl
from pyshacl.entrypoints import meta_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult
from rdflib.term import Node

from kg.errors import InputError, KgError, ShapesError
from kg.resources import ontology_path, shapes_path
from kg.vocab import new_graph

_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}
_SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
_PARSE_ERRORS = (SyntaxError, ValueError, ParserError, UnicodeDecodeError)  # BadSyntax is a SyntaxError


class Result(NamedTuple):
    """One SHACL result.

    ``message`` is the English message (``message_vi`` the Vietnamese one); ``source`` is
    the rule that fired: the SPARQL constraint for SPARQL results, else the source shape.
    """

    focus: Node
    path: Node | None
    component: Node
    severity: Node
    message: str
    message_vi: str = ""
    source: Node | None = None


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The verdict on one graph.

    Attributes:
        conforms: no result has severity Violation.
        text: a deterministic, readable listing of every result, ending with a summary line.
        violations: every result (all severities), sorted; see `Result.severity`.
        warnings: how many results are Warnings.
    """

    conforms: bool
    text: str
    violations: tuple[Result, ...]
    warnings: int

    @property
    def summary(self) -> str:
        """One line: the verdict and the counts."""
        errors = len(self.violations) - self.warnings - self.infos
        verdict = "conforms" if self.conforms else "does NOT conform"
        return f"{verdict}: {errors} violation(s), {self.warnings} warning(s), {self.infos} info(s)"

    @property
    def infos(self) -> int:
        """How many results are Infos."""
        return sum(r.severity == SH.Info for r in self.violations)


def validate(graph: Graph, shapes: Path | None = None) -> ValidationReport:
    """SHACL-validate ``graph`` against ``shapes`` (default: the packaged ``shapes.ttl``).

    Raises:
        ShapesError: the shapes file cannot be read, parsed, or loaded as SHACL.
    """
    shapes_graph = _shapes(shapes)
    if shapes is not None:
        _check_shapes(shapes_graph, shapes)
    ontology = _ontology()
    work = _PreparedGraph()  # our own copy: pySHACL mixes the ontology into it, never into ``graph``
    for triple in graph:
        work.add(triple)
    try:
        _, results, _ = pyshacl.validate(
            work,
            shacl_graph=shapes_graph,
            ont_graph=ontology,
            inference="none",
            allow_warnings=True,
            allow_infos=True,
            inplace=True,
        )
    except ReportableRuntimeError as e:
        where = shapes or "shapes.ttl"
        raise ShapesError(f"{where}: not valid SHACL: {_one_line(e)}; fix the shapes file") from e
    return make_report(_result(results, r) for r in results.objects(None, SH.result))


def make_report(results: Iterable[Result]) -> ValidationReport:
    """The report of these results (sorted; conforms when none is a Violation)."""
    rows = tuple(sorted(results, key=_sort_key))
    conforms = not any(r.severity == SH.Violation for r in rows)
    report = ValidationReport(conforms, "", rows, sum(r.severity == SH.Warning for r in rows))
    return ValidationReport(conforms, _text(report), rows, report.warnings)


def load_graph(path: Path) -> Graph:
    """Read a graph file (``.ttl``, ``.trig``, ``.nt``, ``.nq``, ``.jsonld``) into one graph.

    Raises:
        InputError: the file is missing, unreadable, of an unknown kind, or does not parse.
    """
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(_FORMATS)
        raise InputError(f"{path}: unknown graph file type; use one of {known}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror}); build it first with `kg build`") from e
    if fmt == "json-ld" and _remote_context(data):
        raise InputError(f"{path}: the JSON-LD names a remote @context, which kg never fetches; inline it")
    dataset = Dataset()
    try:
        dataset.parse(data=data, format=fmt)
    except _PARSE_ERRORS as e:
        raise InputError(f"{path}: cannot parse as {fmt}: {_one_line(e)}") from e
    graph = new_graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _remote_context(data: bytes) -> bool:
    """True when a JSON-LD document refers to a context by URL (parsing would fetch it)."""
    try:
        document = json.loads(data)
    except ValueError:
        return False  # the parser reports the syntax error
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import") and (
                    isinstance(value, str)
                    or (isinstance(value, list) and any(isinstance(v, str) for v in value))
                ):
                    return True
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return False


class _PreparedGraph(Graph):
    """A graph that parses each SPARQL text once: pySHACL sends the same query per focus node.

    rdflib re-parses a query string on every call (~50 ms each), which made span checks
    cost seconds per article; a prepared query is reused with new ``initBindings``.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> QueryResult:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _check_shapes(shapes: Graph, path: Path) -> None:
    """A user's shapes file must itself conform to SHACL-SHACL (``sh:minCount "abc"`` does not)."""
    conforms, results, _ = meta_validate(shapes, inference="none")
    if not conforms:
        messages = results.objects(None, SH.resultMessage)
        problems = sorted(" ".join(str(m).split()) for m in messages) or ["not SHACL"]
        raise ShapesError(f"{path}: not valid SHACL: {problems[0]}; fix the shapes file")


def _shapes(path: Path | None) -> Graph:
    if path is None:
        with as_file(shapes_path()) as packaged:
            return _shapes(packaged)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ShapesError(f"{path}: cannot read ({e.strerror}); pass an existing shapes file") from e
    try:
        return _parsed(data)
    except _PARSE_ERRORS as e:
        raise ShapesError(f"{path}: cannot parse: {_one_line(e)}") from e


def _ontology() -> Graph:
    with as_file(ontology_path()) as path:
        try:
            return _parsed(path.read_bytes())
        except (OSError, *_PARSE_ERRORS) as e:
            raise KgError(f"{path}: the packaged ontology cannot be read: {_one_line(e)}") from e


@lru_cache(maxsize=8)
def _parsed(data: bytes) -> Graph:
    """A Turtle document parsed once per content (pySHACL only reads shapes and ontology)."""
    return Graph().parse(data=data, format="turtle")


def _result(results: Graph, node: Node) -> Result:
    messages = {m.language: str(m) for m in results.objects(node, SH.resultMessage) if isinstance(m, Literal)}
    component = _value(results, node, SH.sourceConstraintComponent)
    source = results.value(node, SH.sourceShape)
    if component == SH.SPARQLConstraintComponent:
        source = results.value(node, SH.sourceConstraint) or source
    return Result(
        focus=_value(results, node, SH.focusNode),
        path=results.value(node, SH.resultPath),
        component=component,
        severity=_value(results, node, SH.resultSeverity),
        message=messages.get("en") or messages.get(None) or next(iter(messages.values()), ""),
        message_vi=messages.get("vi", ""),
        source=source if isinstance(source, URIRef) else None,
    )


def _value(results: Graph, node: Node, prop: URIRef) -> Node:
    value = results.value(node, prop)
    return BNode() if value is None else value


def _sort_key(r: Result) -> tuple[int, str, str, str, str]:
    return (
        _SEVERITY_ORDER.get(URIRef(str(r.severity)), 3),
        str(r.focus),
        str(r.path),
        str(r.component),
        r.message,
    )


def _text(report: ValidationReport) -> str:
    names = new_graph().namespace_manager
    lines = []
    for r in report.violations:
        path = "" if r.path is None else f" {r.path.n3(names)}"
        severity = str(r.severity).rsplit("#", 1)[-1]
        component = str(r.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        rule = "" if r.source is None else f" {r.source.n3(names)}"
        lines.append(f"{severity}: {r.focus.n3(names)}{path} [{component}]{rule}")
        lines += [f"    {m}" for m in (r.message_vi, r.message) if m]
    return "\n".join([*lines, report.summary]) + "\n"


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:297] + "..."
