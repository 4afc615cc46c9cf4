"""Real triple stores on 127.0.0.1 for the load tests and bench/load.py, and a fake one for errors.

- `oxigraph_server`: the ``oxigraph`` binary from the PyPI wheel (a test extra), its database
  in a scratch folder.
- `virtuoso_server`: Debian's ``virtuoso-t`` (``make test`` installs ``virtuoso-opensource``
  where missing) with a scratch ``virtuoso.ini`` copied from the packaged one: free loopback
  ports, database in a scratch folder; a user with SPARQL_UPDATE is created through isql.
- `fake_store`: a threaded HTTP server whose every answer a test chooses (HTML error pages,
  401, 413, slow answers, dropped connections), recording what was asked.

Each context manager stops the process it started (by its own handle) and waits for it.
"""

from __future__ import annotations

import configparser
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph
import rdflib
from rdflib.compare import isomorphic

# The package's own copy (the one under /etc is made from it by the package's postinst).
PACKAGED_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
NTRIPLES = "application/n-triples"


@dataclass
class Server:
    """A running store: its kind, base URL and (for Virtuoso) a user with update rights."""

    kind: str
    url: str
    query_url: str
    graph_store_url: str  # for reading graphs back (GSP GET)
    user: str | None = None
    password: str | None = None
    baseline: frozenset[str] = frozenset()  # graphs the store had before any test
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60))  # one SSL setup

    def graphs(self) -> set[str]:
        """The names of the store's non-empty named graphs, except its own system graphs."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {row["g"]["value"] for row in rows} - self.baseline

    def select(self, query: str, default_graphs: list[str] | None = None) -> list[dict[str, dict[str, str]]]:
        data: dict[str, str | list[str]] = {"query": query}
        if default_graphs is not None:
            data["default-graph-uri"] = default_graphs
        response = self.http.post(
            self.query_url, data=data, headers={"Accept": "application/sparql-results+json"}
        )
        response.raise_for_status()
        rows: list[dict[str, dict[str, str]]] = response.json()["results"]["bindings"]
        return rows

    def graph(self, name: str) -> Canon:
        """Named graph ``name`` as the store gives it back, literals canonicalized (see `canonical`)."""
        response = self.http.get(self.graph_store_url, params={"graph": name}, headers={"Accept": NTRIPLES})
        response.raise_for_status()
        return canonical(response.content)

    def snapshot(self) -> dict[str, Canon]:
        """Every non-system graph of the store."""
        return {name: self.graph(name) for name in sorted(self.graphs())}


@dataclass(frozen=True)
class Canon:
    """A graph by value: its ground triples as N-Triples lines, its blank-node triples as a graph."""

    ground: frozenset[str]
    blank: rdflib.Graph

    def __len__(self) -> int:
        return len(self.ground) + len(self.blank)

    def same(self, other: Canon) -> bool:
        """The same triples, blank nodes matched by isomorphism."""
        return self.ground == other.ground and isomorphic(self.blank, other.blank)


def canonical(ntriples: bytes) -> Canon:
    """N-Triples → `Canon` with every literal in canonical form (as an Oxigraph store keeps it).

    Stores keep values, not spellings: Oxigraph stores ``"55.0"^^xsd:decimal`` as ``"55"`` and
    ``xsd:nonNegativeInteger`` as ``xsd:integer``; Virtuoso also drops ``.0``. Both sides of a
    comparison go through this, so triples are compared by value.
    """
    store = pyoxigraph.Store()
    store.load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.DefaultGraph())
    ground, blank = set(), []
    for quad in store:
        if isinstance(quad.subject, pyoxigraph.BlankNode) or isinstance(quad.object, pyoxigraph.BlankNode):
            blank.append(quad.triple)
        else:
            ground.add(str(quad.triple))
    graph = rdflib.Graph()
    if blank:
        graph.parse(data=pyoxigraph.serialize(blank, format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")
    return Canon(frozenset(ground), graph)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=2) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{log.stem} exited with {process.returncode}: {log.read_text()[-2000:]}")
            try:
                if client.get(url).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {seconds} s: {log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextmanager
def oxigraph_server(workdir: Path) -> Iterator[Server]:
    """An Oxigraph server on a free loopback port, its database under ``workdir``."""
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        raise RuntimeError(f"{binary} missing: pip install -e '.[test]' (the oxigraph wheel)")
    url = f"http://127.0.0.1:{free_port()}"
    log = workdir / "oxigraph.log"
    with log.open("wb") as out:
        command = [str(binary), "serve", "--location", str(workdir / "db"), "--bind", url[len("http://") :]]
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(f"{url}/query?query=ASK%7B%7D", process, log, 30)
        yield Server("oxigraph", url, f"{url}/query", f"{url}/store")
    finally:
        _stop(process)


def virtuoso_ini(workdir: Path, sql_port: int, http_port: int) -> Path:
    """A copy of the packaged virtuoso.ini with ports, files and limits for a scratch instance."""
    ini = configparser.ConfigParser(inline_comment_prefixes=(";",), strict=False, interpolation=None)
    ini.optionxform = str  # type: ignore[assignment,method-assign]
    ini.read(PACKAGED_INI)
    for section, name in [("Database", "virtuoso"), ("TempDatabase", "virtuoso-temp")]:
        for key, suffix in [("DatabaseFile", "db"), ("TransactionFile", "trx")]:
            ini[section][key] = str(workdir / f"{name}.{suffix}")
    ini["Database"]["ErrorLogFile"] = str(workdir / "virtuoso.log")
    ini["Database"]["LockFile"] = str(workdir / "virtuoso.lck")
    ini["Database"]["xa_persistent_file"] = str(workdir / "virtuoso.pxa")
    ini["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    ini["Parameters"]["DirsAllowed"] = f"., {workdir}, /usr/share/virtuoso-opensource-7/vad"
    ini["Parameters"]["NumberOfBuffers"] = "170000"  # ~1.3 GB at most, only as it fills
    ini["Parameters"]["MaxDirtyBuffers"] = "130000"
    ini["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    ini["URIQA"]["DefaultHost"] = f"127.0.0.1:{http_port}"
    ini["SPARQL"]["ResultSetMaxRows"] = "10000000"  # read whole graphs back
    # Its cost estimate (limit 400 s) refuses some named queries over a default-graph-uri
    # dataset, meetings.rq "11955516 s" for one article's graph, that run in milliseconds.
    ini["SPARQL"]["MaxQueryCostEstimationTime"] = "0"
    path = workdir / "virtuoso.ini"
    with path.open("w") as f:
        ini.write(f)
    return path


@contextmanager
def virtuoso_server(workdir: Path, user: str = "kgtest", password: str = "kg-test-Pass") -> Iterator[Server]:
    """A fresh Virtuoso with a user (``user``/``password``) granted SPARQL_UPDATE."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        raise RuntimeError(
            "virtuoso-t not found: run `make test` (installs virtuoso-opensource) or apt-get it"
        )
    sql_port, http_port = free_port(), free_port()
    ini = virtuoso_ini(workdir, sql_port, http_port)
    url = f"http://127.0.0.1:{http_port}"
    log = workdir / "stdout.log"
    with log.open("wb") as out:
        command = [binary, "+foreground", "+configfile", str(ini)]
        process = subprocess.Popen(command, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(f"{url}/sparql?query=ASK%7B%7D", process, log, 90)
        sql = f"DB.DBA.USER_CREATE('{user}', '{password}'); GRANT SPARQL_UPDATE TO \"{user}\";"
        # A fresh database's administrator is dba/dba.
        done = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0 or "Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        server = Server("virtuoso", url, f"{url}/sparql", f"{url}/sparql-graph-crud", user, password)
        server.baseline = frozenset(server.graphs())
        yield server
    finally:
        _stop(process)


@dataclass
class FakeStore:
    """What a `fake_store` was asked: (method, path with query) and the body of each request."""

    url: str
    requests: list[tuple[str, str]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


Reply = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextmanager
def fake_store(reply: Reply) -> Iterator[FakeStore]:
    """An HTTP server on a free loopback port; ``reply(handler)`` answers every request."""
    fake = FakeStore("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            fake.requests.append((self.command, self.path))
            length = int(self.headers.get("Content-Length") or 0)
            fake.bodies.append(self.rfile.read(length) if length else b"")
            reply(self)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that gave up (the timeout test) is expected here

    server = Quiet(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def respond(status: int, body: str = "", content_type: str = "text/plain") -> Reply:
    """A reply of ``status`` with ``body``."""

    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return reply
