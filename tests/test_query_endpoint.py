"""kg query --endpoint against a real Oxigraph server (the ``oxigraph`` wheel), and kg serve.

Each server runs on 127.0.0.1 at a free port and is stopped after its tests.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from pyoxigraph import Literal

from kg.errors import QueryError, StoreError
from kg.query import QueryInfo, list_queries, run_query
from kg.query.serve import Server, oxigraph_program, start_server
from kg.store.embedded import load_file, write_store
from query_cases import CASES, GRAPH, MEETING, UNSELECTED

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """kg.query.serve's read-only Oxigraph server over the reference graph file (loaded by oxigraph load)."""
    folder = tmp_path_factory.mktemp("served")
    graph = folder / "graph.ttl"
    graph.write_bytes(GRAPH.read_bytes())
    with start_server(graph, port=free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-write Oxigraph server (``oxigraph serve``) over a copy of the reference graph."""
    folder = tmp_path_factory.mktemp("writable")
    write_store(GRAPH, folder)
    address = f"127.0.0.1:{free_port()}"
    command = [str(oxigraph_program()), "serve", "--location", str(folder / "store"), "--bind", address]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://{address}/query"
        deadline = time.monotonic() + 30
        while True:
            try:
                run_query(_count_file(folder), endpoint=url, timeout=2)
                break
            except StoreError:
                assert time.monotonic() < deadline and process.poll() is None, "oxigraph serve did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def _count_file(folder: Path) -> Path:
    path = folder / "count.rq"
    path.write_text(COUNT, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "params", "columns", "expected"), CASES)
def test_endpoint_gives_the_local_rows(
    server: Server, name: str, params: dict[str, str], columns: tuple[str, ...], expected: object
) -> None:
    remote = run_query(name, params, endpoint=server.url)
    assert remote == run_query(name, params, graph=GRAPH)
    assert (list(zip(*(remote.values(c) for c in columns), strict=True)) if remote.rows else []) == expected


@pytest.mark.parametrize(("text", "params", "column", "expected"), UNSELECTED)
def test_endpoint_binds_unselected_parameters(
    server: Server, tmp_path: Path, text: str, params: dict[str, str], column: str, expected: list[str | None]
) -> None:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    assert run_query(path, params, endpoint=server.url).values(column) == expected


@pytest.mark.parametrize("info", list_queries(), ids=lambda i: i.name)
def test_endpoint_gives_the_local_rows_without_parameters(server: Server, info: QueryInfo) -> None:
    remote = run_query(info, endpoint=server.url)
    assert remote.rows
    assert remote == run_query(info, graph=GRAPH)


def test_injection_leaves_the_graph_and_the_query_unchanged(writable: str, tmp_path: Path) -> None:
    count = _count_file(tmp_path)
    before = run_query(count, endpoint=writable).values("n")
    plain = run_query("meeting_chairs", endpoint=writable)
    assert plain.values("chair") == ["Cù Ngọc Cường"]
    for value in [
        'x")) } UNION { ?meeting ?p ?chair } #',
        'x" } ; DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> } #',
        '") }\n} ; CLEAR DEFAULT ; #',
        "x\\u0022 } ; DROP ALL #",
        "'''\"\"\"\n\r\t\\",
    ]:
        result = run_query("meeting_chairs", {"person": Literal(value)}, endpoint=writable)
        assert result.variables == plain.variables
        assert result.rows == ()
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_query(
            "evidence", {"fact": "<http://ex/x> } ; DROP ALL ; INSERT DATA { <a> <b> <c>"}, endpoint=writable
        )
    assert run_query(count, endpoint=writable).values("n") == before


def test_updates_are_refused_before_sending(writable: str, tmp_path: Path) -> None:
    path = tmp_path / "drop.rq"
    path.write_text("DROP ALL", encoding="utf-8")
    with pytest.raises(QueryError, match="--allow-update"):
        run_query(path, endpoint=writable)
    assert run_query(_count_file(tmp_path), endpoint=writable).values("n") != ["0"]


def test_read_only_server_refuses_updates(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "drop.rq"
    path.write_text("DROP ALL", encoding="utf-8")
    update_url = server.url.replace("/query", "/update")
    with pytest.raises(StoreError):
        run_query(path, endpoint=update_url, allow_update=True)
    assert run_query("meeting_chairs", endpoint=server.url).rows


def test_unreachable_endpoint() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError) as e:
        run_query("meeting_chairs", endpoint=url)
    assert (
        str(e.value)
        == f"cannot reach {url}: connection refused; check --endpoint, or start one with kg serve"
    )
    assert e.value.exit_code == 5


def test_not_a_sparql_endpoint(server: Server) -> None:
    with pytest.raises(StoreError, match="refused the request|not SPARQL results"):
        run_query("meeting_chairs", endpoint=server.url.replace("/query", "/nothing-here"))


def test_serve_command(tmp_path: Path) -> None:
    """kg serve over a build folder's persisted store: prints its URL, answers, stops on SIGTERM."""
    (tmp_path / "graph.ttl").write_bytes(GRAPH.read_bytes())
    write_store(tmp_path / "graph.ttl", tmp_path)
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--graph", str(tmp_path), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = f"http://127.0.0.1:{port}/query"
        assert line == f"SPARQL endpoint: {url} (read-only; Ctrl-C stops it)\n"
        assert run_query("meeting_chairs", endpoint=url).values("meeting") == [MEETING]
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with pytest.raises(StoreError, match="connection refused"):  # the server went with it
        run_query("meeting_chairs", endpoint=url)


def test_port_in_use(server: Server) -> None:
    port = int(server.url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(StoreError, match=f"cannot serve on 127.0.0.1:{port}: .*; try another --port"):
        start_server(GRAPH, port=port)


def test_missing_oxigraph_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def missing(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", missing)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setattr(sysconfig, "get_path", lambda name: str(tmp_path))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(StoreError) as e:
        start_server(GRAPH)
    assert str(e.value) == (
        "kg serve needs the Oxigraph server, which is not installed; "
        "install the Oxigraph server with: pip install 'kg[server]' (or pip install oxigraph)"
    )


def test_served_store_is_the_graph(server: Server, tmp_path: Path) -> None:
    served = run_query(_count_file(tmp_path), endpoint=server.url).values("n")
    assert served == [str(len(load_file(GRAPH)))]
