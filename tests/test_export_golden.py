"""output/graph.svg, graph.png and graph.html are what `make run` writes, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("fmt", ["svg", "png", "html"])
def test_make_run_outputs_match_committed(fmt: str, tmp_path: Path) -> None:
    graph = build([], tmp_path).graph_file  # `make run`: kg build --out output, then kg export
    result = CliRunner().invoke(cli, ["export", "--format", fmt, str(graph)])
    assert result.exit_code == 0, result.output
    written = (tmp_path / f"graph.{fmt}").read_bytes()
    committed = (ROOT / "output" / f"graph.{fmt}").read_bytes()
    assert written == committed, f"output/graph.{fmt} is not what `make run` writes; run `make run`"
