"""The package layout: a few top-level modules, one folder per stage, imports one way, no cycle.

The import graph is read from the source (every ``import`` and ``from … import`` statement,
inside functions and ``TYPE_CHECKING`` blocks too), so a cycle that Python would only meet
at run time, or never, is still found.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "kg"
BASE = {"kg.model", "kg.errors", "kg.settings", "kg.resources"}  # what every stage may use
STAGES = ["read", "lexicons", "extract", "rdf", "validate", "store", "run", "query", "load", "export"]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """The kg modules that ``path`` imports (a ``from package import submodule`` names the submodule)."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif (
            isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "kg"
        ):
            module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                targets.add(submodule if submodule in MODULES else module)
    return targets


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_import_graph_is_read_from_every_module() -> None:
    assert len(MODULES) > 40
    assert "kg.build" in GRAPH["kg.cli"]
    assert "kg.query.sparql" in GRAPH["kg.query.run"]  # `from kg.query import sparql` is the submodule


def test_no_module_of_kg_takes_part_in_an_import_cycle() -> None:
    assert _cycle(GRAPH) is None, " → ".join(_cycle(GRAPH) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_at_most_eight_modules_sit_directly_in_kg() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    assert {"cli.py", "build.py", "errors.py", "settings.py"} <= set(top)


@pytest.mark.parametrize(
    "stage", ["read", "extract", "lexicons", "rdf", "validate", "store", "query", "load", "export", "run"]
)
def test_each_stage_is_a_folder(stage: str) -> None:
    assert (PACKAGE / stage / "__init__.py").is_file()


def test_dependencies_point_one_way_cli_build_stages_model() -> None:
    """cli → build → stages → model/errors: no stage imports build or cli; the base imports no stage."""
    for name, targets in GRAPH.items():
        if name not in ("kg", "kg.__main__", "kg.cli"):
            assert "kg.cli" not in targets, name
        if name not in ("kg", "kg.cli", "kg.build"):
            assert "kg.build" not in targets, name
        if name in BASE:
            assert targets <= BASE, (name, targets - BASE)


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def test_a_stage_imports_no_later_stage() -> None:
    """The order README's Layout lists them in: reading, lexicons, extraction, RDF, SHACL, the
    store, the run over a corpus, then what reads the built graph (query, load, export)."""
    later = {
        (name, target)
        for name, targets in GRAPH.items()
        for target in targets
        if (here := _stage(name)) in STAGES
        and (there := _stage(target)) in STAGES
        and STAGES.index(there) > STAGES.index(here)
    }
    assert later == set()
