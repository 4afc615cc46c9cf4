"""The README tells the truth about the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_help_is_what_kg_help_prints() -> None:
    block = README.split("$ kg --help\n", 1)[1].split("```", 1)[0]
    assert block == CliRunner().invoke(cli, ["--help"]).output


def test_every_command_has_a_readme_section() -> None:
    for name in cli.commands:
        assert f"### `kg {name}" in README, name
