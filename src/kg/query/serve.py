"""A local read-only SPARQL endpoint over the built graph: the Oxigraph server.

The server is the ``oxigraph`` program from the ``oxigraph`` PyPI wheel (extra
``kg[server]``). It serves the store `kg build` persisted (``OUT/store``) as it is, or a
temporary store it loads from an RDF file first, with ``serve-read-only``: no update or
Graph Store write reaches it. It binds to the loopback address unless told otherwise.
"""

from __future__ import annotations

import ipaddress
import logging
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import IO

from kg.errors import InputError, StoreError
from kg.store.embedded import resolve

log = logging.getLogger(__name__)
INSTALL_HINT = "install the Oxigraph server with: pip install 'kg[server]' (or pip install oxigraph)"


@dataclass
class Server:
    """A running Oxigraph server; `stop` (or leaving a ``with`` block) ends it."""

    url: str  # the SPARQL query endpoint, http://HOST:PORT/query
    process: subprocess.Popen[bytes]
    _temp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    _log: IO[bytes] | None = field(default=None, repr=False)

    def wait(self) -> int:
        """Block until the server exits; its exit code."""
        return self.process.wait()

    def stop(self) -> None:
        """End the server and remove its temporary store, if any."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
        if self._temp is not None:
            self._temp.cleanup()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def oxigraph_program() -> Path:
    """The ``oxigraph`` program: the one the ``oxigraph`` wheel installed, else the one on PATH.

    Raises:
        StoreError: it is not installed (the message says how to install it).
    """
    try:
        for file in metadata.distribution("oxigraph").files or []:
            if file.name in ("oxigraph", "oxigraph.exe"):
                path = Path(str(file.locate()))
                if path.is_file():
                    return path.resolve()
    except metadata.PackageNotFoundError:
        pass
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        for name in ("oxigraph", "oxigraph.exe"):
            if (folder / name).is_file():
                return folder / name
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError(f"kg serve needs the Oxigraph server, which is not installed; {INSTALL_HINT}")
    return Path(found)


def start_server(
    graph: Path = Path("output"), *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0
) -> Server:
    """Serve ``graph`` (a build folder, a store folder or an RDF file) read-only at ``host:port``.

    Returns once the endpoint answers queries.

    Raises:
        InputError: nothing to serve at ``graph``, or the file is not valid RDF.
        StoreError: Oxigraph is missing, cannot bind ``host:port``, or does not start in time.
    """
    program = oxigraph_program()
    if not _is_loopback(host):
        log.warning("serving on %s: anyone who can reach it can read the graph (no authentication)", host)
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    _check_free(host, port, address)
    kind, path = resolve(graph)
    temp = None
    if kind == "file":
        temp = tempfile.TemporaryDirectory(prefix="kg-serve-")
        try:
            _load(program, path, Path(temp.name))
        except BaseException:
            temp.cleanup()
            raise
        path = Path(temp.name)
    errors = tempfile.TemporaryFile()
    command = [str(program), "serve-read-only", "--location", str(path), "--bind", address]
    process = subprocess.Popen([*command, "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=errors)
    server = Server(f"http://{address}/query", process, temp, errors)
    try:
        _wait_ready(server, errors, address, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _load(program: Path, graph_file: Path, location: Path) -> None:
    """``oxigraph load`` of ``graph_file`` into a new store at ``location`` (atomic)."""
    done = subprocess.run(
        [str(program), "load", "--location", str(location), "--file", str(graph_file)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise InputError(f"{graph_file}: Oxigraph cannot load it: {message}")


def _check_free(host: str, port: int, address: str) -> None:
    """Fail clearly when ``host:port`` is taken (else the readiness probe could reach its owner)."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as e:
        raise StoreError(f"cannot serve on {address}: {e.strerror or e}; try another --port") from e


def _wait_ready(server: Server, errors: IO[bytes], address: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = server.url + "?query=ASK%7B%7D"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            errors.seek(0)
            message = " ".join(errors.read().decode("utf-8", "replace").split())[:300]
            raise StoreError(
                f"the Oxigraph server could not serve on {address}: {message}; try another --port"
            )
        try:
            with opener.open(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise StoreError(f"the Oxigraph server did not answer on {address} within {timeout:g} s")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
