"""The W3C SHACL Core test suite (../shared/conformance/shacl-core/) through `kg validate`.

Each test runs as ``kg validate DATA --shapes SHAPES --report FILE.ttl`` (in-process through
click, and a few as a real subprocess); the written ``sh:ValidationReport`` must have the
expected ``sh:conforms`` and number of results, and the exit code must be 4 exactly when a
result is a Violation (0 for Warnings or Infos only).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, Namespace

from kg.cli import cli

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "shacl-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass(frozen=True)
class Case:
    name: str
    data: Path
    shapes: Path
    conforms: bool
    results: int
    violations: int


def _path(iri: object) -> Path:
    assert isinstance(iri, URIRef) and iri.startswith("file://"), iri
    return Path(iri.removeprefix("file://"))


def _cases() -> list[Case]:
    """Every sht:Validate entry reached from the suite's top manifest through mf:include."""
    cases, todo, seen = [], [SUITE / "manifest.ttl"], set()
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        graph = Graph().parse(file, format="turtle")
        todo += [_path(i) for i in graph.objects(None, MF.include)]
        for entry in graph.subjects(RDF.type, SHT.Validate):
            action, result = graph.value(entry, MF.action), graph.value(entry, MF.result)
            rows = list(graph.objects(result, SH.result))
            cases.append(
                Case(
                    name=f"{file.parent.name}/{file.stem}",
                    data=_path(graph.value(action, SHT.dataGraph)),
                    shapes=_path(graph.value(action, SHT.shapesGraph)),
                    conforms=graph.value(result, SH.conforms) == Literal(True),
                    results=len(rows),
                    violations=sum(
                        graph.value(r, SH.resultSeverity, default=SH.Violation) == SH.Violation for r in rows
                    ),
                )
            )
    return sorted(cases, key=lambda c: c.name)


CASES = _cases() if SUITE.is_dir() else []


def _check_report(case: Case, report: Path, exit_code: int) -> None:
    graph = Graph().parse(report, format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(case.conforms)
    assert len(list(graph.objects(node, SH.result))) == case.results
    assert exit_code == (4 if case.violations else 0)


def test_the_whole_suite_is_here() -> None:
    assert len(CASES) == 98, f"{SUITE}: expected the 98 W3C SHACL Core tests"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_w3c_core(case: Case, tmp_path: Path) -> None:
    report = tmp_path / "report.ttl"
    args = ["validate", str(case.data), "--shapes", str(case.shapes), "--report", str(report)]
    run = CliRunner().invoke(cli, args)
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    _check_report(case, report, run.exit_code)


@pytest.mark.parametrize("name", ["path/path-strange-002", "misc/severity-002", "node/class-001"])
def test_w3c_core_through_the_installed_command(name: str, tmp_path: Path) -> None:
    """A few tests through the real `kg` program (exit codes as a shell sees them)."""
    (case,) = [c for c in CASES if c.name == name]
    report = tmp_path / "report.ttl"
    kg = Path(sys.executable).with_name("kg")
    args = [str(kg), "validate", str(case.data), "--shapes", str(case.shapes), "--report", str(report)]
    run = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode in (0, 4), run.stderr
    _check_report(case, report, run.returncode)


def test_an_unwritable_report_exits_6(tmp_path: Path) -> None:
    (case,) = [c for c in CASES if c.name == "node/class-001"]
    report = tmp_path / "missing" / "report.ttl"
    run = CliRunner().invoke(
        cli, ["validate", str(case.data), "--shapes", str(case.shapes), "--report", str(report)]
    )
    assert run.exit_code == 6
    assert "cannot write" in run.output and "choose another --report" in run.output
