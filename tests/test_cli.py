"""The kg command line: exact exit codes and messages (architecture.md §8)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner, Result
from rdflib import URIRef
from rdflib.namespace import FOAF, RDF

import kg.cli
from kg import __version__
from kg.cli import cli
from kg.errors import StoreError
from kg.rdf.files import load_graph
from kg.validate.shapes import validate

# A person with neither a name nor the words it came from: no shapes file can accept it.
NOT_CONFORMING = """\
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://w3id.org/vngov/id/person/nameless> a foaf:Person .
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [[], *([name] for name in cli.commands)])
def test_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: kg {' '.join(command)}".rstrip() + " [OPTIONS]")


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.output) == (0, f"kg, version {__version__}\n")


def test_usage_error() -> None:
    result = run("build", "--no-such-option")
    assert result.exit_code == 2
    assert "--no-such-option" in result.stderr


def test_build_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    out = Path("output")
    assert re.fullmatch(
        rf"Built 1 article: \d+ triples, conforms \(\d+ warnings?\) → {re.escape(str(out / 'graph.ttl'))}\n",
        result.stdout,
    )
    assert result.stderr == ""
    assert {p.name for p in out.iterdir()} >= {"graph.ttl", "graph.trig", "validation.txt"}
    assert run("validate").exit_code == 0  # default GRAPH: output/graph.ttl


def test_build_missing_input(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = run("build", missing, "--out", tmp_path / "out")
    assert result.exit_code == 3
    assert result.stderr == f"Error: {missing}: no such file; check the path\n"
    assert not (tmp_path / "out").exists()


def test_build_undecodable_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    result = run("build", bad, "--out", tmp_path / "out")
    assert result.exit_code == 3
    assert (
        result.stderr == f"Error: {bad}: not a text file (NUL byte at offset 8); pass a UTF-8 .txt article\n"
    )


def test_build_warns_about_windows_1258(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"  # "Hội nghị xã / Đồng chí Bí thư phát biểu." in Windows-1258
    legacy.write_bytes(
        b"H\xf4\xf2i nghi\xf2 xa\xde\n\n\xd0\xf4\xccng chi\xec Bi\xec th\xfd pha\xect bi\xea\xd2u.\n"
    )
    result = run("build", legacy, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built 1 article: ")
    assert result.stderr == f"Warning: {legacy}: not UTF-8; decoded as windows-1258\n"


def test_build_out_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("x")
    result = run("build", "--out", out)
    assert result.exit_code == 6
    assert result.stderr == f"Error: {out}: exists and is not a folder; choose another --out\n"


def test_build_not_conforming_exits_4_and_still_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("kg.run.worker")  # one article is built in this process
    real: Callable[..., set[Any]] = module.to_triples

    def with_nameless_person(*args: Any) -> set[Any]:
        triples = real(*args)
        triples.add((URIRef("https://w3id.org/vngov/id/person/nameless"), RDF.type, FOAF.Person))
        return triples

    monkeypatch.setattr(module, "to_triples", with_nameless_person)
    article = tmp_path / "a.txt"
    article.write_text("Hội nghị giao ban\n\nSáng nay, Đảng ủy xã họp giao ban.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", article, "--out", out)
    assert result.exit_code == 4
    assert re.fullmatch(
        rf"Built 1 article: \d+ triples, does NOT conform \(\d+ violations?, \d+ warnings?\)"
        rf" → {re.escape(str(out / 'graph.ttl'))}\n",
        result.stdout,
    )
    assert result.stderr == f"Error: the graph does not conform to the shapes; see {out / 'validation.txt'}\n"
    assert {p.name for p in out.iterdir()} >= {"graph.ttl", "graph.trig", "validation.txt"}


def test_validate_not_conforming(tmp_path: Path) -> None:
    graph = tmp_path / "bad.ttl"
    graph.write_text(NOT_CONFORMING)
    result = run("validate", graph)
    assert result.exit_code == 4
    assert result.stdout == validate(load_graph(graph)).text.rstrip("\n") + "\n"  # the readable report
    _no_traceback(result)


@pytest.mark.parametrize("content", [None, "this is not turtle <"])
def test_validate_unreadable(tmp_path: Path, content: str | None) -> None:
    graph = tmp_path / "graph.ttl"
    if content is not None:
        graph.write_text(content)
    result = run("validate", graph)
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: ") and str(graph) in result.stderr
    assert result.stderr.count("\n") == 1
    _no_traceback(result)


def _raise(error: BaseException) -> Any:
    def fail(*args: Any, **kwargs: Any) -> NoReturn:
        raise error

    return fail


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (
            StoreError("http://localhost:7878: connection refused; start the store"),
            5,
            "http://localhost:7878",
        ),
        (RuntimeError("boom"), 70, "internal error (RuntimeError: boom); rerun with --debug and report it"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
)
def test_exit_codes(monkeypatch: pytest.MonkeyPatch, error: BaseException, code: int, message: str) -> None:
    monkeypatch.setattr(kg.cli, "build", _raise(error))
    result = run("build")
    assert result.exit_code == code
    assert result.stderr.startswith(f"Error: {message}") and result.stderr.count("\n") == 1
    _no_traceback(result)


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.cli, "build", _raise(RuntimeError("boom")))
    result = run("--debug", "build")
    assert result.exit_code == 70
    assert result.stderr.startswith("Traceback")
    assert result.stderr.endswith(
        "Error: internal error (RuntimeError: boom); rerun with --debug and report it\n"
    )
