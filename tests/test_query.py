"""kg.query.run on the embedded store: every named query answers on the reference graph; checks refuse."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode

from kg.build import build
from kg.errors import InputError, OutputError, QueryError, StoreError
from kg.query import QueryInfo, check, list_queries, load_query, parse_param, parse_value, run_query
from kg.query.formats import render, table
from kg.store.embedded import open_store, resolve, write_store
from query_cases import CASES, GRAPH, MEETING, UNSELECTED

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_at_least_twelve_queries_each_with_its_question() -> None:
    infos = list_queries()
    assert len(infos) >= 12
    for info in infos:
        assert info.question.endswith("?") and info.question_vi.endswith("?"), info.name
        assert info.question != info.question_vi
        assert info.parameters, f"{info.name} declares no parameter"
        assert all(p.description for p in info.parameters), info.name


@pytest.mark.parametrize("info", list_queries(), ids=lambda i: i.name)
def test_every_query_parses_and_selects_its_parameters(info: QueryInfo) -> None:
    variables = check(info, {})
    assert {p.name for p in info.parameters} <= set(variables)


@pytest.mark.parametrize(("name", "params", "columns", "expected"), CASES)
def test_query_answers_on_the_reference_graph(
    name: str, params: dict[str, str], columns: tuple[str, ...], expected: list[tuple[str | None, ...]]
) -> None:
    result = run_query(name, params, graph=GRAPH)
    rows = list(zip(*(result.values(c) for c in columns), strict=True)) if result.rows else []
    assert rows == expected


def test_most_queries_return_rows_without_parameters() -> None:
    answered = [i.name for i in list_queries() if run_query(i, graph=GRAPH).rows]
    assert len(answered) >= 10, answered


def test_every_case_query_is_a_shipped_query() -> None:
    assert {name for name, *_ in CASES} == {i.name for i in list_queries()}


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Cù Ngọc Cường", Literal("Cù Ngọc Cường")),
        ("Cu\u0300 Ngo\u0323c", Literal("Cù Ngọc")),  # decomposed input is normalized to NFC
        ("<https://w3id.org/vngov/id/x>", NamedNode("https://w3id.org/vngov/id/x")),
        ("3", Literal("3", datatype=NamedNode(XSD + "integer"))),
        ("-94.2", Literal("-94.2", datatype=NamedNode(XSD + "decimal"))),
        ("2020-12-16", Literal("2020-12-16", datatype=NamedNode(XSD + "date"))),
        ('"2020-12-16"^^xsd:date', Literal("2020-12-16", datatype=NamedNode(XSD + "date"))),
        ('"Bí thư"@vi', Literal("Bí thư", language="vi")),
        ('"42"', Literal("42")),
        ('"say \\"hi\\""', Literal('say "hi"')),
    ],
)
def test_parse_value(text: str, term: object) -> None:
    assert parse_value(text) == term


@pytest.mark.parametrize(
    "text",
    [
        "<not an iri>",
        "<http://ex/x> } ; DROP ALL ; INSERT DATA { <a> <b> <c>",
        '"a" . <urn:kg:s> <urn:kg:p> "b"',
        '"a", "b"',
        '"unterminated',
        '"x"^^nope:type',
    ],
)
def test_parse_value_refuses(text: str) -> None:
    with pytest.raises(QueryError):
        parse_value(text)


def test_parse_param() -> None:
    assert parse_param("?n=3") == ("n", Literal("3", datatype=NamedNode(XSD + "integer")))
    assert parse_param("person=a=b") == ("person", Literal("a=b"))
    for bad in ("person", "=x", "1x=2", "a b=c"):
        with pytest.raises(QueryError, match="expected NAME=VALUE"):
            parse_param(bad)


def test_unknown_query() -> None:
    with pytest.raises(QueryError) as e:
        run_query("no_such_query", graph=GRAPH)
    assert str(e.value) == "no_such_query: no such query; kg queries lists them, or pass a path to a .rq file"


def test_query_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert run_query(path, graph=GRAPH).values("n") == [str(len(open_store(GRAPH)))]
    assert load_query(str(path)).question == ""


def test_ask(tmp_path: Path) -> None:
    path = tmp_path / "ask.rq"
    path.write_text("ASK { ?m a <https://w3id.org/vngov/ont#Meeting> }", encoding="utf-8")
    result = run_query(path, graph=GRAPH)
    assert result.boolean is True
    assert render(result, "json") == '{"head": {}, "boolean": true}\n'
    assert render(result) == "yes\n"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("SELECT * WHERE {\n  ?s ?p ?o", "2:11", 'expected one of ",", ".", ";", "{", "{|", "}", "~"; fix'),
        ("SELECT ?x WHERE {\n  ?x ex:p ?y }", "2:6", "unknown prefix ex:; declare it with PREFIX"),
        (  # rdflib accepts it; oxigraph (right) does not
            "SELECT (COUNT(?x) AS ?c) ?y WHERE { ?x ?p ?y }",
            "1:47",
            "SPARQL syntax error: The SELECT contains a variable that is unbound; fix the query",
        ),
        (  # oxigraph stops at the end; rdflib points at the pattern it cannot read
            'PREFIX s: <https://schema.org/>\nSELECT ?x WHERE {\n  ?x s:name "Cường" .\n  ?x ?p }\n',
            "4:3",
            "SPARQL syntax error: cannot read '?' here; fix the query",
        ),
    ],
)
def test_syntax_error_names_file_line_and_column(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError) as e:
        run_query(path, graph=GRAPH)
    assert str(e.value).startswith(f"{path}:{where}: "), str(e.value)
    assert message in str(e.value)
    assert e.value.exit_code == 3


@pytest.mark.parametrize(
    "text",
    [
        "DROP ALL",
        "PREFIX ex: <http://ex/>\nINSERT DATA { ex:a ex:b ex:c }",
        "# comment\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "CLEAR DEFAULT",
        "create graph <http://ex/g>",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    ],
)
def test_updates_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "update.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match="kg query only reads unless you pass --allow-update"):
        run_query(path, graph=GRAPH)


@pytest.mark.parametrize(
    "text",
    [
        '# INSERT DATA in a comment\nSELECT ?s WHERE { ?s <http://ex/p> "DROP ALL; INSERT" }',
        "PREFIX insert: <http://ex/>\nSELECT ?delete WHERE { ?delete insert:load <http://ex/drop> }",
    ],
)
def test_update_words_elsewhere_are_not_updates(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fine.rq"
    path.write_text(text, encoding="utf-8")
    assert run_query(path, graph=GRAPH).rows == ()


class _Listener:
    """A loopback TCP port that records connections (and closes them at once)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                conn, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self.socket.close()


@pytest.mark.parametrize("spelling", ["SERVICE", "service", "SERVI\\u0043E"])
def test_service_is_refused_without_a_network_call(tmp_path: Path, spelling: str) -> None:
    listener = _Listener()
    try:
        path = tmp_path / "federated.rq"
        path.write_text(
            f"SELECT ?x WHERE {{ {spelling} <http://127.0.0.1:{listener.port}/sparql> {{ ?x ?p ?o }} }}",
            encoding="utf-8",
        )
        with pytest.raises(QueryError, match="calls another endpoint \\(SERVICE\\); pass --allow-service"):
            run_query(path, graph=GRAPH)
        time.sleep(0.3)
        assert listener.connections == 0
        if spelling != "SERVI\\u0043E":  # Oxigraph does not apply \\u escapes outside strings
            with pytest.raises(StoreError):  # allowed: the engine calls the endpoint, which hangs up
                run_query(path, graph=GRAPH, allow_service=True)
            assert listener.connections >= 1
    finally:
        listener.close()


def test_construct_is_not_supported(tmp_path: Path) -> None:
    path = tmp_path / "construct.rq"
    path.write_text("CONSTRUCT WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(QueryError, match="CONSTRUCT and DESCRIBE are not supported"):
        run_query(path, graph=GRAPH)


def test_a_parameter_must_be_used() -> None:
    with pytest.raises(QueryError) as e:
        run_query("meeting_chairs", {"nobody": "x"}, graph=GRAPH)
    assert "cannot bind ?nobody: a parameter must be a variable the query uses" in str(e.value)
    assert "(its parameters: ?person)" in str(e.value)


@pytest.mark.parametrize(("text", "params", "column", "expected"), UNSELECTED)
def test_a_parameter_need_not_be_selected(
    tmp_path: Path, text: str, params: dict[str, str], column: str, expected: list[str | None]
) -> None:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    assert run_query(path, params, graph=GRAPH).values(column) == expected
    assert run_query(path, graph=GRAPH).values(column) != expected  # the binding did the work


def test_injection_through_an_unselected_parameter_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(UNSELECTED[0][0], encoding="utf-8")
    for value in ['x")) } UNION { ?person ?p ?n } #', 'x" } ; DROP ALL #', "x\\u0022)) } #"]:
        result = run_query(path, {"words": Literal(value)}, graph=GRAPH)
        assert result.variables == ("person",) and result.rows == ()


def test_injection_through_a_parameter_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    store = write_store(GRAPH, out)
    before = len(pyoxigraph.Store.read_only(str(store)))
    plain = run_query("meeting_chairs", graph=out)
    for value in [
        'x")) } UNION { ?meeting ?p ?chair } #',
        'x" } ; DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> } #',
        "x\\u0022 } ; DROP ALL #",
        "'''\"\"\"\n\r\t\\",
    ]:
        result = run_query("meeting_chairs", {"person": Literal(value)}, graph=out)
        assert result.variables == plain.variables  # same shape: same columns ...
        assert result.rows == ()  # ... and no name contains the value
    assert len(pyoxigraph.Store.read_only(str(store))) == before


def test_query_reads_the_persisted_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(GRAPH.read_bytes())
    assert resolve(out) == ("file", out / "graph.ttl")  # no store yet
    write_store(out / "graph.ttl", out)
    assert resolve(out) == ("store", out / "store")
    assert resolve(out / "store") == ("store", out / "store")
    assert run_query("meeting_chairs", graph=out).values("meeting") == [MEETING]
    later = time.time() + 5  # graph.ttl newer than the store (an older kg wrote it): use it
    os.utime(out / "graph.ttl", (later, later))
    assert resolve(out) == ("file", out / "graph.ttl")


def test_write_store_replaces_the_old_one(tmp_path: Path) -> None:
    small = tmp_path / "small.ttl"
    small.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n", encoding="utf-8")
    write_store(small, tmp_path)
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "store"))) == 1
    write_store(GRAPH, tmp_path)
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "store"))) == len(open_store(GRAPH))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.ttl", "store"]  # nothing left over


def test_failed_store_write_keeps_the_old_one(tmp_path: Path) -> None:
    small = tmp_path / "small.ttl"
    small.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n", encoding="utf-8")
    write_store(small, tmp_path)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://ex/a> <http://ex/b> .\n", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write the store"):
        write_store(bad, tmp_path)
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "store"))) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "small.ttl", "store"]


def test_nothing_to_query(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="has neither store/ nor graph.ttl; run kg build --out"):
        run_query("meeting_chairs", graph=tmp_path)
    with pytest.raises(InputError, match="no such file or folder"):
        run_query("meeting_chairs", graph=tmp_path / "missing")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://ex/a> <http://ex/b> .", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl: not valid Turtle"):
        run_query("meeting_chairs", graph=bad)


def test_allowed_update_changes_the_store(tmp_path: Path) -> None:
    write_store(GRAPH, tmp_path)
    path = tmp_path / "drop.rq"
    path.write_text("DELETE WHERE { ?m a <https://w3id.org/vngov/ont#Meeting> }", encoding="utf-8")
    assert run_query(path, graph=tmp_path, allow_update=True).updated
    assert run_query("meeting_chairs", graph=tmp_path).rows == ()
    with pytest.raises(QueryError, match="an update needs a store"):
        run_query(path, graph=GRAPH, allow_update=True)


def test_formats() -> None:
    result = run_query("targets", {"status": "exceeded"}, graph=GRAPH)
    parsed = pyoxigraph.parse_query_results(render(result, "json"), format=pyoxigraph.QueryResultsFormat.JSON)
    assert isinstance(parsed, pyoxigraph.QuerySolutions)
    assert [row["indicator"] for row in parsed] == [Literal("trồng rừng", language="vi")]
    csv = render(result, "csv")
    assert csv.splitlines()[0] == "status,statusVi,indicator,place,time,meeting,evidence"
    assert csv.splitlines()[1].startswith("exceeded,Vượt kế hoạch,trồng rừng,thành phố Bắc Kạn,2020,https://")
    tsv = render(result, "tsv")
    assert tsv.splitlines()[1].startswith('"exceeded"\t"Vượt kế hoạch"@vi\t"trồng rừng"@vi\t')
    text = table(result)
    assert text.splitlines()[0].split() == [
        "status",
        "statusVi",
        "indicator",
        "place",
        "time",
        "meeting",
        "evidence",
    ]
    assert "id:meeting/vn-06-058/cap-uy/2020-12-16/conference" in text
    assert text.endswith("\n1 row\n")


def test_table_leaves_out_empty_columns_and_cuts_long_values() -> None:
    text = table(run_query("directives_by_topic", {"topic": "covid"}, graph=GRAPH))
    header = text.splitlines()[0].split()
    assert header == ["instruction", "addressedTo", "issuer", "meeting", "topic"]  # no subject
    assert "…" in text and text.endswith("1 row; long values cut, --format csv shows them whole\n")


def test_build_persists_the_store_that_query_reads(tmp_path: Path) -> None:
    build([], tmp_path)
    assert resolve(tmp_path) == ("store", tmp_path / "store")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".store")]  # no leftovers
    assert run_query("meeting_chairs", graph=tmp_path) == run_query("meeting_chairs", graph=GRAPH)
