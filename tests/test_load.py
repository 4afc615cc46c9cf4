"""kg load without a real store: input checks, endpoint conventions, chunks, and every failure
of a store (down, slow, 401, 413, 500, HTML pages) as one line and exit 5 — against a fake HTTP
server on 127.0.0.1 that records what it was asked."""

from __future__ import annotations

import http.server
import io
import re
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner, Result

import kg.cli
from kg.cli import cli
from kg.errors import InputError, StoreError
from kg.load.http import public
from kg.load.loader import load, read_graphs, read_plain
from kg.load.servers import PROFILES, StoreConfig, chunks, open_store, temp_graph
from servers import fake_store, free_port, respond

SECRET = "pa55-Wörd-never-shown"
TRIG = """\
@prefix ex: <http://example.org/> .
ex:g1 { ex:a ex:p "một" . ex:a ex:p "một" . ex:a ex:q ex:b . }
ex:g2 { ex:c ex:p _:x . _:x ex:p "hai"@vi . }
"""


def run(*args: str | Path, password: str | None = None) -> Result:
    env = {"KG_STORE_PASSWORD": password} if password is not None else {}
    return CliRunner(env=env).invoke(cli, [str(a) for a in args])


def one_error_line(result: Result) -> str:
    assert result.exit_code == 5, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert SECRET not in result.output
    return lines[0]


@pytest.fixture
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "graph.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


def test_read_graphs_groups_by_graph_and_drops_duplicates(trig: Path) -> None:
    graphs = read_graphs(trig)
    assert sorted(graphs) == ["http://example.org/g1", "http://example.org/g2"]
    assert len(graphs["http://example.org/g1"]) == 2
    assert len(graphs["http://example.org/g2"]) == 2


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("g.rdf", "<http://e/a> <http://e/b> <http://e/c> .", "not a TriG (.trig) or N-Quads (.nq) file"),
        ("g.ttl", "<http://e/a> <http://e/b> <http://e/c> .", "has no graph names; add --graph-name IRI"),
        ("g.trig", "<http://e/a> <http://e/b> <http://e/c> .", "triple outside a named graph"),
        ("g.nq", "<http://e/a> <http://e/b> .", "not valid RDF"),
    ],
)
def test_unusable_input_is_an_input_error(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_graphs(path)
    result = run("load", path, "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 3 and message in result.stderr


PLAIN = [
    ("g.ttl", "@prefix e: <http://e/> . e:a e:b e:c , e:d . e:a e:b e:c ."),
    ("g.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> <http://e/d> .\n"),
    ("g.jsonld", '{"@id": "http://e/a", "http://e/b": [{"@id": "http://e/c"}, {"@id": "http://e/d"}]}'),
]


@pytest.mark.parametrize(("name", "text"), PLAIN)
def test_a_plain_file_is_one_named_graph(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    graphs = read_plain(path, "http://example.org/g")
    e = pyoxigraph.NamedNode
    expected = {pyoxigraph.Triple(e("http://e/a"), e("http://e/b"), e(f"http://e/{o}")) for o in "cd"}
    assert list(graphs) == ["http://example.org/g"] and set(graphs["http://example.org/g"]) == expected
    assert len(graphs["http://example.org/g"]) == 2  # duplicates dropped


@pytest.mark.parametrize(
    ("name", "text", "graph_name", "message"),
    [
        (
            "g.trig",
            "<http://e/g> { <http://e/a> <http://e/b> <http://e/c> }",
            "http://e/g",
            "names its own graphs",
        ),
        (
            "g.jsonld",
            '{"@id": "http://e/g", "@graph": [{"@id": "http://e/a", "http://e/b": 1}]}',
            "http://e/g",
            "has a named graph",
        ),
        ("g.ttl", "<http://e/a> <http://e/b> <http://e/c> .", "not an iri", "not a valid IRI"),
        ("g.nt", "<http://e/a> <http://e/b> .", "http://e/g", "not valid RDF"),
    ],
)
def test_unusable_plain_input_is_an_input_error(
    tmp_path: Path, name: str, text: str, graph_name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_plain(path, graph_name)
    result = run("load", path, "--endpoint", "http://127.0.0.1:9", "--graph-name", graph_name)
    assert result.exit_code == 3 and message in result.stderr


def test_missing_default_graph_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("load", "--endpoint", "http://127.0.0.1:9")
    assert (result.exit_code, result.stderr) == (
        3,
        "Error: output/graph.trig: no such file; run kg build first, or give the path\n",
    )


def test_endpoints_follow_each_kind() -> None:
    def urls(config: StoreConfig) -> tuple[str, str, str | None]:
        e = config.endpoints()
        return e.query, e.update, e.graph_store

    base = "http://127.0.0.1:7878/"
    assert urls(StoreConfig(base, "oxigraph")) == (f"{base}query", f"{base}update", f"{base}store")
    virtuoso = "http://h:8890"
    assert urls(StoreConfig(virtuoso, "virtuoso")) == (
        f"{virtuoso}/sparql",
        f"{virtuoso}/sparql",
        f"{virtuoso}/sparql-graph-crud",
    )
    assert urls(StoreConfig(virtuoso, "virtuoso", user="u", password="p")) == (
        f"{virtuoso}/sparql",
        f"{virtuoso}/sparql-auth",
        f"{virtuoso}/sparql-graph-crud-auth",
    )
    assert urls(StoreConfig("http://h/ds", "fuseki")) == (
        "http://h/ds/query",
        "http://h/ds/update",
        "http://h/ds/data",
    )
    repo = "http://h:7200/repositories/kg"
    assert urls(StoreConfig(repo, "graphdb")) == (repo, f"{repo}/statements", f"{repo}/rdf-graphs/service")
    assert urls(StoreConfig("http://h/sparql")) == ("http://h/sparql", "http://h/sparql", None)
    overridden = StoreConfig(
        base, "oxigraph", update="http://u/up", graph_store="http://g/gs", query="http://q/q"
    )
    assert urls(overridden) == ("http://q/q", "http://u/up", "http://g/gs")
    assert urls(StoreConfig(base, "oxigraph", use_graph_store=False))[2] is None
    assert set(PROFILES) == {"oxigraph", "virtuoso", "fuseki", "graphdb", "generic"}


def test_store_strategy_follows_the_kind() -> None:
    assert type(open_store(StoreConfig("http://h", "oxigraph"))).__name__ == "PutStore"
    assert type(open_store(StoreConfig("http://h", "virtuoso"))).__name__ == "StagedStore"
    assert (
        type(open_store(StoreConfig("http://h", "oxigraph", use_graph_store=False))).__name__ == "StagedStore"
    )


def test_chunks_keep_blank_node_triples_together() -> None:
    e = pyoxigraph.NamedNode("http://e/p")
    blank = pyoxigraph.BlankNode("b")
    ground = [pyoxigraph.Triple(e, e, pyoxigraph.Literal(str(i))) for i in range(7)]
    with_blank = [pyoxigraph.Triple(e, e, blank), pyoxigraph.Triple(blank, e, pyoxigraph.Literal("x"))]
    parts = chunks(ground[:3] + with_blank + ground[3:], 3)
    assert [len(p) for p in parts] == [2, 3, 3, 1]
    assert list(parts[0]) == with_blank
    assert [t for p in parts[1:] for t in p] == ground


def test_temp_graph_is_stable_and_distinct() -> None:
    a, b = "https://w3id.org/vngov/id/article/1", "https://w3id.org/vngov/id/article/2"
    assert temp_graph(a) == temp_graph(a) != temp_graph(b)
    pyoxigraph.NamedNode(temp_graph(a))  # a valid IRI


def test_public_url_hides_credentials() -> None:
    assert public(f"http://kg:{SECRET}@127.0.0.1:8890/sparql?graph=x") == "http://127.0.0.1:8890/sparql"


def test_user_without_password_is_a_usage_error(trig: Path) -> None:
    result = run("load", trig, "--endpoint", "http://127.0.0.1:9", "--user", "kg")
    assert result.exit_code == 2
    assert "KG_STORE_PASSWORD" in result.stderr


def test_store_down_is_one_line_after_bounded_retries(trig: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    line = one_error_line(run("load", trig, "--endpoint", url, "--store", "oxigraph"))
    assert (
        line
        == f"Error: cannot reach {url}/store: connection refused; check --endpoint and that the store runs"
    )
    assert 1.0 < time.monotonic() - started < 20  # backoff 0.5 + 1 + 2 s, then it gives up


def test_only_idempotent_requests_are_retried(trig: Path) -> None:
    with fake_store(respond(503, "busy")) as fake:
        config = StoreConfig(fake.url, "oxigraph", retries=2, backoff=0.01)
        with pytest.raises(StoreError, match="HTTP 503: busy") as error:
            load(trig, config, ontology=False)
        assert error.value.status == 503 and error.value.endpoint == f"{fake.url}/store"
        assert [m for m, _ in fake.requests] == ["PUT"] * 3  # one try and two retries
        fake.requests.clear()
        with pytest.raises(StoreError, match="HTTP 503"):
            load(trig, StoreConfig(fake.url, "generic", retries=2, backoff=0.01), ontology=False)
        # DROP SILENT + INSERT DATA into the temporary graph, sent once; then its cleanup, once
        assert [m for m, _ in fake.requests] == ["POST", "POST"]
        fake.requests.clear()


def test_a_failed_insert_is_not_retried_and_cleans_up(trig: Path) -> None:
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        fail = len(fake.requests) == 2  # the second INSERT DATA of the first graph
        respond(500 if fail else 204, "Virtuoso 37000 Error SP031" if fail else "")(handler)

    with fake_store(reply) as fake:
        with pytest.raises(StoreError, match="HTTP 500: Virtuoso 37000 Error SP031"):
            load(trig, StoreConfig(fake.url, "generic", retries=2, chunk=1), ontology=False)
    temp = temp_graph("http://example.org/g1")
    assert [body.decode().split(" {")[0] for body in fake.bodies] == [
        f"DROP SILENT GRAPH <{temp}> ;\nINSERT DATA",  # clears a crashed run's leftover
        "INSERT DATA",  # failed, not retried
        f"DROP SILENT GRAPH <{temp}>",  # the temporary graph goes; the target was never touched
    ]


def test_html_error_page_is_one_line(trig: Path) -> None:
    page = """<!DOCTYPE html><html><head><title>Oops</title><style>p {color: red}</style></head>
    <body><h1>500 Internal Server Error</h1><p>The proxy&nbsp;failed &amp; gave up.</p></body></html>"""
    with fake_store(respond(500, page, "text/html; charset=utf-8")) as fake:
        line = one_error_line(run("load", trig, "--endpoint", fake.url, "--store", "oxigraph"))
    assert (
        line
        == f"Error: {fake.url}/store: HTTP 500: Oops 500 Internal Server Error The proxy failed & gave up."
    )


def test_html_page_instead_of_sparql_results(trig: Path) -> None:
    page = "<html><body><h1>Welcome to nginx!</h1></body></html>"
    with fake_store(respond(200, page, "text/html")) as fake:
        line = one_error_line(run("load", trig, "--endpoint", fake.url, "--store", "oxigraph"))
    assert line.startswith(f"Error: {fake.url}/query: unexpected answer (text/html): 'Welcome to nginx!'")
    assert "check --endpoint and --store" in line


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "HTTP 401, authentication failed; check --user and the KG_STORE_PASSWORD environment variable"),
        (403, "HTTP 403, authentication failed; check --user and the KG_STORE_PASSWORD environment variable"),
        (413, "HTTP 413, the request is too large for the store; raise its request size limit"),
    ],
)
def test_refusals_are_one_line(trig: Path, status: int, expected: str) -> None:
    with fake_store(respond(status, "<html>nope</html>", "text/html")) as fake:
        args = ("load", trig, "--endpoint", fake.url, "--store", "fuseki", "--user", "kg")
        line = one_error_line(run(*args, password=SECRET))
        debug = run("--debug", *args, password=SECRET)
    assert line.startswith(f"Error: {fake.url}/") and line.endswith(expected)
    assert SECRET not in debug.output


def test_401_without_user_says_to_pass_one(trig: Path) -> None:
    with fake_store(respond(401, "")) as fake:
        line = one_error_line(run("load", trig, "--endpoint", fake.url))
    assert line.endswith("this endpoint needs credentials: pass --user and set KG_STORE_PASSWORD")


def test_timeout_is_one_line(trig: Path) -> None:
    def slow(handler: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        respond(204)(handler)

    with fake_store(slow) as fake:
        with pytest.raises(
            StoreError, match=r"no answer within 0\.3 s; check that the store is up, or raise"
        ):
            load(trig, StoreConfig(fake.url, "oxigraph", timeout=0.3, retries=0), ontology=False)


def test_connection_dropped_mid_request(trig: Path) -> None:
    def hang_up(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        handler.connection.shutdown(2)

    with fake_store(hang_up) as fake:
        with pytest.raises(StoreError, match=f"cannot reach {fake.url}/store: "):
            load(trig, StoreConfig(fake.url, "oxigraph", retries=1, backoff=0.01), ontology=False)
        assert [m for m, _ in fake.requests] == ["PUT", "PUT"]


def test_count_mismatch_is_a_store_error(trig: Path) -> None:
    count = '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"1"}}]}}'

    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        if handler.command == "PUT":
            respond(204)(handler)
        else:
            respond(200, count, "application/sparql-results+json")(handler)

    with fake_store(reply) as fake:
        with pytest.raises(StoreError, match="holds 1 triples after loading, not the 2 sent"):
            load(trig, StoreConfig(fake.url, "oxigraph"), ontology=False)


def test_basic_auth_over_plain_http_is_warned(caplog: pytest.LogCaptureFixture) -> None:
    config = StoreConfig("http://kg.example:7200/repositories/kg", "graphdb", user="kg", password=SECRET)
    open_store(config).close()  # sends nothing
    assert caplog.messages == [
        "the password may go in clear (Basic auth) over plain http to "
        "http://kg.example:7200/repositories/kg; use https"
    ]
    caplog.clear()
    open_store(StoreConfig("https://kg.example/ds", "fuseki", user="kg", password=SECRET)).close()
    open_store(StoreConfig("http://127.0.0.1:8890", "virtuoso", user="kg", password=SECRET)).close()
    assert caplog.messages == []


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with kg.cli._progress() as progress:
        assert progress is None
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with kg.cli._progress() as progress:
        assert progress is not None
        progress(500, 1000)
        progress(1000, 1000)
    assert "Loading" in terminal.getvalue() and "100%" in terminal.getvalue()


@pytest.mark.parametrize("url", ["foo", "ftp://127.0.0.1/x", "http://", "http://[::1"])
def test_a_bad_url_is_a_usage_error(trig: Path, url: str) -> None:
    for option in ("--endpoint", "--update"):
        args = ["--endpoint", "http://127.0.0.1:9", option, url] if option != "--endpoint" else [option, url]
        result = run("load", trig, *args)
        assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.stderr
    with pytest.raises(StoreError, match="bad store URL: .*; check --endpoint"):
        load(trig, StoreConfig(url, "oxigraph"))
