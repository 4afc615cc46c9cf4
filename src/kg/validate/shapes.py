"""Graph → SHACL verdict, and graph files → rdflib Graph.

`validate` checks a graph against ``ontology/shapes.ttl`` (or another shapes file) with the
`shacl` engine (Rust, from PyPI; docs/shacl.md says why this one), inference "none", the
curated ontology added to the data as pySHACL's ``ont_graph`` adds it; it never mutates
its input and returns a `ValidationReport`: kg's verdict is that the graph conforms when no
result has severity Violation (Warnings and Infos do not break it), while the report's RDF
keeps the spec's ``sh:conforms`` (false when any result exists). `check` is the same
validation for `kg build`, on an article's N-Triples. `load_graph` reads a Turtle, TriG,
N-Triples, N-Quads or JSON-LD file into one graph. They raise `InputError`s with a one-line
message (`ShapesError` for the shapes file).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import NamedTuple

import shacl
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, NamespaceManager

from kg.errors import InputError, KgError, ShapesError
from kg.rdf.files import PARSE_ERRORS, load_graph, one_line, read_bytes
from kg.rdf.vocab import new_graph
from kg.resources import ontology_path, shapes_path
from kg.validate.report import Result, ValidationReport, make_report, result_of

_DIRECT = {".ttl": "turtle", ".nt": "ntriples"}  # graph files the engine reads as they are
_BASE = "urn:kg:data"  # N-Triples has no relative IRIs; the engine asks for a base all the same
_AXIOMS = (str(RDFS), str(OWL))
_DISALLOWS = URIRef(str(SH) + "conformanceDisallows")


def validate(graph: Graph | Path, shapes: Path | None = None) -> ValidationReport:
    """SHACL-validate ``graph`` (a graph, or a graph file) against ``shapes`` (default: kg's).

    A Turtle or N-Triples file goes to the engine as written (rdflib would normalize its
    literals, ``"1"^^xsd:boolean`` into ``"true"``); other kinds are read by `load_graph`.
    The returned report's ``rdf`` is the ``sh:ValidationReport`` in Turtle, whose
    ``sh:conforms`` follows the SHACL spec (false when any result exists).

    Raises:
        InputError: the graph file cannot be read or parsed.
        ShapesError: the shapes file cannot be read, parsed, or loaded as SHACL.
    """
    compiled = _compiled(shapes)
    if isinstance(graph, Path) and graph.suffix.lower() in _DIRECT:
        fmt = _DIRECT[graph.suffix.lower()]
        try:
            data = _Data(read_bytes(graph).decode("utf-8"), fmt, graph)
        except UnicodeDecodeError as e:
            why = f"not UTF-8 ({e.reason} at byte {e.start})"
            raise InputError(f"{graph}: cannot parse as {fmt}: {why}") from e
    else:
        data = _Data(_ntriples(load_graph(graph) if isinstance(graph, Path) else graph))
    report = _run(compiled, data, shapes)
    rdf = _report_graph(report)
    rows = make_report(result_of(rdf, node) for node in rdf.objects(None, SH.result))
    rdf.remove((None, _DISALLOWS, None))  # the engine's own term, not SHACL's
    return ValidationReport(rows.conforms, rows.text, rows.violations, rows.warnings, _turtle(rdf))


def check(ntriples: bytes) -> tuple[Result, ...]:
    """The results of one graph, given as N-Triples, against the packaged shapes: `kg build`'s call."""
    report = _run(_packaged(), _Data(ntriples.decode("utf-8")), None)
    if not len(report):
        return ()
    rdf = _report_graph(report)
    return tuple(result_of(rdf, node) for node in rdf.objects(None, SH.result))


class _Data(NamedTuple):
    """A data graph as text for the engine; ``file`` names it in errors and gives its base IRI."""

    text: str
    fmt: str = "ntriples"
    file: Path | None = None


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def _run(compiled: shacl.Shapes, data: _Data, shapes: Path | None) -> shacl.Report:
    """The engine's report on the data plus the ontology's axioms (its classes serve sh:class)."""
    text = data.text + "\n" + _ontology_ntriples()
    base = _BASE if data.file is None else data.file.resolve().as_uri()
    try:
        return compiled.validate_text(text, format=data.fmt, base=base)
    except ValueError as e:
        if str(e).startswith("parse error") and data.file is not None:
            raise InputError(f"{data.file}: cannot parse as {data.fmt}: {one_line(e)}") from e
        where = shapes or "shapes.ttl"  # e.g. a SPARQL constraint that fails at run time
        raise ShapesError(f"{where}: cannot be used: {one_line(e)}; fix the shapes file") from e


def _report_graph(report: shacl.Report) -> Graph:
    graph = Graph()
    graph.parse(data=report.serialize("ntriples"), format="nt")
    return graph


def _turtle(graph: Graph) -> str:
    for prefix, namespace in new_graph().namespace_manager.namespaces():
        graph.bind(prefix, namespace, override=False)
    return graph.serialize(format="turtle")


def _compiled(path: Path | None) -> shacl.Shapes:
    """The shapes file compiled by the engine (a user's file checked first)."""
    if path is None:
        return _packaged()
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ShapesError(f"{path}: cannot read ({e.strerror}); pass an existing shapes file") from e
    return _user_shapes(data, path)


@lru_cache(maxsize=1)
def _packaged() -> shacl.Shapes:
    with as_file(shapes_path()) as path:
        return _compile(path.read_text(encoding="utf-8"), path)


@lru_cache(maxsize=8)
def _user_shapes(data: bytes, path: Path) -> shacl.Shapes:
    """A user's Turtle shapes: checked against SHACL-SHACL, then compiled; once per content."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ShapesError(f"{path}: cannot parse: {e}") from e
    try:
        report = _meta().validate_text(text, format="turtle", base=path.resolve().as_uri())
    except ValueError as e:
        raise ShapesError(f"{path}: cannot parse: {one_line(e)}") from e
    if len(report):
        names = new_graph().namespace_manager
        problems = sorted(_problem(r, names) for r in report.results)
        raise ShapesError(f"{path}: not valid SHACL: {problems[0]}; fix the shapes file")
    return _compile(text, path)


def _compile(text: str, path: Path) -> shacl.Shapes:
    try:
        return shacl.Shapes.from_text(text, format="turtle", base=path.resolve().as_uri())
    except ValueError as e:
        raise ShapesError(f"{path}: not valid SHACL: {one_line(e)}; fix the shapes file") from e


@lru_cache(maxsize=1)
def _meta() -> shacl.Shapes:
    """SHACL-SHACL, the shapes of a valid shapes graph (kg/data/shacl-shacl.ttl says what kg changed)."""
    with as_file(files("kg").joinpath("data", "shacl-shacl.ttl")) as path:
        return _compile(path.read_text(encoding="utf-8"), path)


def _problem(r: shacl.Result, names: NamespaceManager) -> str:
    """One line on a SHACL-SHACL result: the node, the property and the rule it breaks."""
    path = "" if r.path is None else f" {_short(r.path, names)}"
    rule = r.component.removesuffix("ConstraintComponent")
    return f"{_short(r.focus_node, names)}{path} breaks {rule}"


def _short(term: str, names: NamespaceManager) -> str:
    """An IRI as the engine writes it (``<...>``) in prefixed form; anything else as it is."""
    if term.startswith("<") and term.endswith(">") and " " not in term:
        return URIRef(term[1:-1]).n3(names)
    return term


@lru_cache(maxsize=1)
def _ontology_ntriples() -> str:
    """The ontology's RDFS and OWL axioms, the part pySHACL's ``ont_graph`` mixes into the data.

    That is every triple whose predicate is an RDFS or OWL term, and every ``rdf:type`` of
    an RDFS or OWL class (the class hierarchy ``sh:class`` needs); not the concepts' SKOS
    labels and notations, which the data carries itself.
    """
    with as_file(ontology_path()) as path:
        try:
            ontology = Graph().parse(data=path.read_bytes(), format="turtle")
        except (OSError, *PARSE_ERRORS) as e:
            raise KgError(f"{path}: the packaged ontology cannot be read: {one_line(e)}") from e
    axioms = Graph()
    for s, p, o in ontology:
        if str(p).startswith(_AXIOMS) or (p == RDF.type and str(o).startswith(_AXIOMS)):
            axioms.add((s, p, o))
    return axioms.serialize(format="nt", encoding="utf-8").decode("utf-8")
