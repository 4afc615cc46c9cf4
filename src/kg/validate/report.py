"""SHACL results as kg reports them: `Result` rows, sorted, and the `ValidationReport` verdict.

kg's verdict is that a graph conforms when no result has severity Violation (Warnings and
Infos do not break it); the report's RDF keeps the spec's ``sh:conforms``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.rdf.vocab import new_graph

_SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


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
        rdf: the ``sh:ValidationReport`` in Turtle (from `validate` only; empty otherwise).
    """

    conforms: bool
    text: str
    violations: tuple[Result, ...]
    warnings: int
    rdf: str = ""

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


def make_report(results: Iterable[Result]) -> ValidationReport:
    """The report of these results (sorted; conforms when none is a Violation)."""
    rows = tuple(sorted(results, key=_sort_key))
    conforms = not any(r.severity == SH.Violation for r in rows)
    report = ValidationReport(conforms, "", rows, sum(r.severity == SH.Warning for r in rows))
    return ValidationReport(conforms, _text(report), rows, report.warnings)


def result_of(results: Graph, node: Node) -> Result:
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
