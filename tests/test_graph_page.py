"""The exported graph page in a real headless Chromium, driven over the DevTools protocol.

The page of the reference article must load with no console error and no request but its
own file, show one box per entity, find a person by name without diacritics, and show the
sentence a node was read from when the node is clicked. A screenshot is saved under the
pytest tmp dir and its path printed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket
from rdflib import Graph

from kg.build import build
from kg.export.formats import export
from kg.export.networkx import to_networkx

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--remote-debugging-port=0",
    "--window-size=1400,900",
]
TIMEOUT = 30.0
PERSON_SENTENCE = """
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?person ?name ?sentence WHERE {
  ?person a foaf:Person ; foaf:name ?name ; prov:wasDerivedFrom ?span .
  ?span nif:sentence/nif:anchorOf ?sentence .
} ORDER BY ?name ?sentence LIMIT 1
"""


class DevTools:
    """A minimal DevTools protocol client: one page target, commands and the events seen."""

    def __init__(self, url: str) -> None:
        self.socket = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self.events: list[dict[str, Any]] = []
        self.last_id = 0
        self.session: str | None = None

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params}
        if self.session is not None:
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == self.last_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                return dict(reply["result"])
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self.events.append(json.loads(self.socket.recv()))
        raise AssertionError(f"no {method} within {TIMEOUT} s")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Chromium from Debian's packages; installed here when `make test` could not (needs root)."""
    if not CHROMIUM.exists() and shutil.which("apt-get") and os.geteuid() == 0:
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", "--no-install-recommends"]
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run([*apt, "chromium"], env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
            subprocess.run([*apt, "chromium"], env=env, capture_output=True)
    assert CHROMIUM.exists(), "Chromium is missing: run `apt-get install chromium` (as root)"
    return CHROMIUM


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference article built and exported as a page; returns the graph file."""
    out = tmp_path_factory.mktemp("page")
    result = build([], out)
    export(result.graph_file, "html")
    return result.graph_file


@pytest.fixture
def browser(chromium: Path, tmp_path: Path) -> Iterator[DevTools]:
    profile = tmp_path / "profile"
    log = (tmp_path / "chromium.log").open("wb")
    process = subprocess.Popen(
        [str(chromium), *FLAGS, f"--user-data-dir={profile}", "about:blank"], stdout=log, stderr=log
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while not (port_file.exists() and len(port_file.read_text().split()) == 2):
            assert process.poll() is None, (tmp_path / "chromium.log").read_text()
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            time.sleep(0.05)
        port, path = port_file.read_text().split()
        devtools = DevTools(f"ws://127.0.0.1:{port}{path}")
        target = devtools.send("Target.createTarget", url="about:blank")["targetId"]
        devtools.session = devtools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            devtools.send(f"{domain}.enable")
        yield devtools
        devtools.socket.close()
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _errors(events: list[dict[str, Any]]) -> list[Any]:
    errors: list[Any] = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            errors.append(params["args"])
        elif method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"])
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(params["entry"])
    return errors


def _centre(devtools: DevTools, iri: str) -> tuple[float, float]:
    selector = f".node[data-id='{iri}'] rect"
    box = devtools.evaluate(
        f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2, r.width, r.height]; })()"
    )
    assert box[2] > 0 and box[3] > 0, f"{iri} is not visible"
    return box[0], box[1]


def test_page_in_headless_chromium(
    browser: DevTools, built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = built.with_suffix(".html")
    browser.send("Page.navigate", url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("document.readyState") == "complete"

    graph = Graph().parse(built)
    entities = to_networkx(graph)
    shown = browser.evaluate("Array.from(document.querySelectorAll('#graph .node')).map(n => n.dataset.id)")
    assert sorted(shown) == sorted(entities.nodes) and len(shown) == len(set(shown))

    person, name, sentence = next(iter(graph.query(PERSON_SENTENCE)))
    x, y = _centre(browser, str(person))
    browser.click(x, y)
    assert browser.evaluate("document.querySelector('#details h2').textContent") == str(name)
    assert browser.evaluate("document.querySelector('#sentence').textContent") == str(sentence)
    assert browser.evaluate("document.querySelector('#sentence mark').textContent") == str(name)

    screenshot = tmp_path / "graph-page.png"
    screenshot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    with capsys.disabled():
        print(f"\nscreenshot of the graph page: {screenshot}")
    assert screenshot.stat().st_size > 10_000

    browser.evaluate("document.getElementById('search').focus()")
    browser.send("Input.insertText", text="cuong")
    matches = browser.evaluate("Array.from(document.querySelectorAll('.node.match')).map(n => n.dataset.id)")
    assert str(person) in matches

    requests = [
        e["params"]["request"]["url"]
        for e in browser.events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    assert requests == [page.as_uri()]
    assert _errors(browser.events) == []
