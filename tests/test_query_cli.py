"""kg query and kg queries: output, formats, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.query import list_queries
from query_cases import GRAPH, MEETING, ROOT


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_queries_lists_every_question_and_parameter() -> None:
    result = run("queries")
    assert result.exit_code == 0
    blocks = result.stdout.split("\n\n")
    assert len(blocks) == len(list_queries())
    first = blocks[list_queries().index(next(i for i in list_queries() if i.name == "meeting_chairs"))]
    assert first == (
        "meeting_chairs\n"
        "    Who chaired which meeting, and in which post?\n"
        "    Ai chủ trì hội nghị nào, với cương vị gì?\n"
        '    --param person: words in the chair\'s name, any case, e.g. "Cường"'
    )


def test_query_table_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the default --graph is output/
    result = run("query", "meeting_chairs")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["meeting", "date", "organizer", "chair", "as", "post"]
    assert lines[2].split() == [
        "id:meeting/vn-06-058/cap-uy/2020-12-16/conference",
        *("2020-12-16 Thành ủy Bắc Kạn Cù Ngọc Cường chair Bí thư Thành ủy Bắc Kạn".split()),
    ]
    assert lines[-1] == "1 row"


def test_query_json_is_sparql_results_json() -> None:
    result = run(
        "query",
        "meetings",
        "-p",
        "from=2020-12-01",
        "--param",
        "to=2020-12-31",
        "--graph",
        GRAPH,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == [
        "meeting",
        "date",
        "kind",
        "organizedBy",
        "chair",
        "organizer",
        "from",
        "to",
    ]
    (row,) = doc["results"]["bindings"]
    assert row["meeting"] == {"type": "uri", "value": MEETING}
    assert row["date"] == {
        "type": "literal",
        "value": "2020-12-16",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert row["kind"] == {"type": "literal", "value": "Hội nghị", "xml:lang": "vi"}
    assert "organizer" not in row  # unbound: left out, as the format says


def test_query_csv() -> None:
    result = run("query", "indicator_values", "--graph", GRAPH, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "indicator,value,unit,place,time,meeting,locality,period",
        f"tỷ lệ gia đình đạt danh hiệu gia đình văn hóa,94.2,%,thành phố Bắc Kạn,2020,{MEETING},,",
    ]


def test_syntax_error_exits_3_with_file_line_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER (?o > )\n}\n", encoding="utf-8")
    result = run("query", bad, "--graph", GRAPH)
    assert result.exit_code == 3
    assert (
        result.stderr == f"Error: {bad}:3:3: SPARQL syntax error: cannot read 'FILTER' here; fix the query\n"
    )
    assert "Traceback" not in result.output


def test_update_is_refused_with_exit_3(tmp_path: Path) -> None:
    update = tmp_path / "wipe.rq"
    update.write_text("DROP ALL\n", encoding="utf-8")
    result = run("query", update, "--graph", GRAPH)
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {update}: is an update (DROP), not a query; "
        "kg query only reads unless you pass --allow-update\n"
    )


def test_service_is_refused_with_exit_3(tmp_path: Path) -> None:
    federated = tmp_path / "federated.rq"
    federated.write_text(
        "SELECT * WHERE { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }", encoding="utf-8"
    )
    result = run("query", federated, "--graph", GRAPH)
    assert result.exit_code == 3
    assert (
        result.stderr
        == f"Error: {federated}: calls another endpoint (SERVICE); pass --allow-service to allow it\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--param", "person"], "Error: --param 'person': expected NAME=VALUE, e.g. --param person=Cường\n"),
        (["--param", "fact=<not an iri>"], "Error: <not an iri>: not a valid IRI: "),
        (["--param", "nobody=x"], "Error: "),
    ],
)
def test_bad_parameters_exit_3(args: list[str], message: str) -> None:
    result = run("query", "meeting_chairs", "--graph", GRAPH, *args)
    assert result.exit_code == 3
    assert result.stderr.startswith(message)


def test_unknown_query_and_format() -> None:
    result = run("query", "nope", "--graph", GRAPH)
    assert (result.exit_code, result.stderr) == (
        3,
        "Error: nope: no such query; kg queries lists them, or pass a path to a .rq file\n",
    )
    assert run("query", "meeting_chairs", "--format", "xml").exit_code == 2


def test_unreachable_endpoint_exits_5() -> None:
    result = run("query", "meeting_chairs", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "5")
    assert result.exit_code == 5
    assert result.stderr.startswith("Error: cannot reach http://127.0.0.1:9/query: ")


def _readme_block(command: str) -> str:
    """The output the README shows for ``$ COMMAND`` (up to the next prompt or the block's end)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"$ {command}\n") + len(f"$ {command}\n")
    end = min(i for i in (text.find("\n$ ", start - 1), text.find("```", start)) if i >= 0)
    return text[start:end].rstrip("\n") + "\n"


@pytest.mark.parametrize(
    "command",
    ["kg queries", "kg query meeting_chairs", "kg query targets --param status=at-risk"],
)
def test_readme_shows_real_output(command: str) -> None:
    args = command.split()[1:]
    if args[0] == "query":
        args += ["--graph", str(GRAPH)]
    assert run(*args).stdout == _readme_block(command)
