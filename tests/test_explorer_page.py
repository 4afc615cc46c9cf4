"""The corpus explorer page (a graph too large to draw whole) in a real headless Chromium.

On a synthetic graph of 1,000 articles (made directly, see `corpus_graph`) and, when the
shared dev corpus is beside the project, on its built graph: the page opens in under 3 s
with no console error and no request but its own file, on an overview rather than every
node; a search without diacritics finds a person and shows its neighbourhood and profile,
each profile line opening the sentence it was read from; a click on a node re-centres on
it; the type and date filters hide what they should. Screenshots are saved under the
pytest tmp dir and their paths printed.
"""

from __future__ import annotations

import base64
import json
import time
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import test_graph_page
from corpus_graph import synthetic_graph
from kg.build import build
from kg.export.networkx import to_networkx
from kg.export.page import DRAWN_MAX, page
from kg.rdf.files import load_graph
from test_graph_page import DevTools, _errors

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
chromium = test_graph_page.chromium  # the fixtures that start Chromium
browser = test_graph_page.browser
OPEN_WITHIN = 3.0  # seconds, from navigation to the first view drawn


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    graph = synthetic_graph(1000)
    path = tmp_path_factory.mktemp("explorer") / "corpus.html"
    path.write_bytes(page(graph, "synthetic corpus"))
    return graph, path


def _fold(text: str) -> str:
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in bare if not unicodedata.combining(c)).lower()


def _open(browser: DevTools, path: Path) -> float:
    """Navigate to the page; the seconds until its first view is drawn."""
    start = time.monotonic()
    browser.send("Page.navigate", url=path.as_uri())
    browser.wait_for("Page.loadEventFired")
    while browser.evaluate("document.body && document.body.dataset.ready") is None:
        assert time.monotonic() - start < 30, "the page never finished drawing"
        time.sleep(0.02)
    return time.monotonic() - start


def _shown(browser: DevTools) -> list[list[str]]:
    return list(
        browser.evaluate(
            "Array.from(document.querySelectorAll('#graph .node')).map(n => [n.dataset.id, n.dataset.type])"
        )
    )


def _focus(browser: DevTools) -> str:
    return str(browser.evaluate("document.querySelector('#graph .node.focus').dataset.id"))


def _search(browser: DevTools, text: str) -> list[str]:
    browser.evaluate("(() => { const s = document.getElementById('search'); s.value = ''; s.focus(); })()")
    browser.send("Input.insertText", text=text)
    return list(
        browser.evaluate("Array.from(document.querySelectorAll('#results li')).map(li => li.dataset.id)")
    )


def _enter(browser: DevTools) -> None:
    for kind in ("keyDown", "keyUp"):
        browser.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13)


def _click_node(browser: DevTools, iri: str) -> None:
    selector = f"#graph .node[data-id={json.dumps(iri)}] circle"
    x, y = browser.evaluate(
        f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    browser.click(x, y)


def _section(browser: DevTools, title: str) -> list[str]:
    """The texts of the lines of the profile section whose heading starts with ``title``."""
    return list(
        browser.evaluate(
            "(() => { const h = Array.from(document.querySelectorAll('#panel h3'))"
            f".find(h => h.textContent.startsWith({json.dumps(title)}));"
            " return h ? Array.from(h.nextElementSibling.children).map(li => li.textContent) : []; })()"
        )
    )


def _screenshot(browser: DevTools, path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    with capsys.disabled():
        print(f"\nscreenshot of the explorer page: {path}")
    assert path.stat().st_size > 10_000


def _top(graph: Any, types: set[str]) -> str:
    ranked = sorted(
        (n for n, d in graph.nodes(data=True) if d["type"] in types),
        key=lambda n: (-graph.degree(n), graph.nodes[n]["label"]),
    )
    return str(ranked[0])


def test_thousand_articles(
    browser: DevTools, synthetic: tuple[Any, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph, path = synthetic
    assert graph.number_of_nodes() > 5000
    seconds = _open(browser, path)
    with capsys.disabled():
        print(
            f"\n{graph.number_of_nodes()} nodes, {path.stat().st_size / 1e6:.1f} MB:",
            f"first view in {seconds:.2f} s",
        )
    assert seconds < OPEN_WITHIN

    # the overview: counts by type and the best connected people and bodies, not every node
    shown = _shown(browser)
    assert 0 < len(shown) <= 36 and {t for _, t in shown} == {"Person", "Organization"}
    counts = dict(
        browser.evaluate(
            "Array.from(document.querySelectorAll('#counts tr'))"
            ".map(r => [r.dataset.type, +r.cells[1].textContent])"
        )
    )
    expected: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        expected[data["type"]] = expected.get(data["type"], 0) + 1
    assert counts == expected
    person = _top(graph, {"Person"})
    assert browser.evaluate("document.querySelector('#top-people a').dataset.go") == person
    _screenshot(browser, tmp_path / "overview.png", capsys)

    # a search without diacritics shows the person's neighbourhood and profile
    label = graph.nodes[person]["label"]
    assert _search(browser, _fold(label))[0] == person
    _enter(browser)
    assert browser.evaluate("location.hash") == "#" + quote(person, safe="")
    assert _focus(browser) == person
    near = set(graph.successors(person)) | set(graph.predecessors(person)) | {person}
    assert {iri for iri, _ in _shown(browser)} == near
    assert browser.evaluate("document.querySelector('#panel h2').textContent") == label
    posts = [d for _, _, d in graph.out_edges(person, data=True) if d["relation"] == "holds_post"]
    assert len(_section(browser, "Posts")) == len(posts)
    chaired = [t for _, t, d in graph.out_edges(person, data=True) if d["relation"] == "chaired"]
    assert len(_section(browser, "Meetings chaired")) == len(chaired)
    assert _section(browser, "Directives issued") and _section(browser, "Bodies addressed")

    # each profile line opens the sentence it was read from, the words marked, and its article
    browser.evaluate("document.querySelector('#panel ul.lines li a.src').click()")
    first = browser.evaluate(
        "(() => { const q = document.querySelector('#panel ul.lines li blockquote');"
        " const m = q.querySelector('mark').textContent;"
        " return [q.firstChild.textContent + m, m, q.querySelector('cite a').dataset.go]; })()"
    )
    assert any(
        d["evidence"] == first[1] and d["sentence"].startswith(first[0]) and first[2] in d["article"].split()
        for d in posts
    )
    _screenshot(browser, tmp_path / "person.png", capsys)

    # a click on a node re-centres on it: a body, with its people
    body = next(t for _, t, d in graph.out_edges(person, data=True) if d["relation"] == "holds_post")
    _click_node(browser, body)
    assert _focus(browser) == body
    people = [s for s, _, d in graph.in_edges(body, data=True) if d["relation"] == "holds_post"]
    assert len(_section(browser, "People")) == len(people)
    assert _section(browser, "Meetings organized")

    # filters: no meetings; then meetings of one year only
    browser.evaluate("document.querySelector('#types input[data-type=Meeting]').click()")
    assert "Meeting" not in {t for _, t in _shown(browser)} and not _section(browser, "Meetings organized")
    browser.evaluate("document.querySelector('#types input[data-type=Meeting]').click()")
    browser.evaluate(
        "(() => { for (const [id, v] of [['from', '2019-01-01'], ['to', '2019-12-31']]) {"
        " const i = document.getElementById(id); i.value = v; i.dispatchEvent(new Event('change')); } })()"
    )
    meetings = [iri for iri, t in _shown(browser) if t == "Meeting"]
    assert meetings and all(graph.nodes[m]["start_date"].startswith("2019") for m in meetings)
    organized = [t for _, t, d in graph.out_edges(body, data=True) if d["relation"] == "organized"]
    assert len(organized) > len(meetings)

    requests = [
        e["params"]["request"]["url"]
        for e in browser.events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    assert [url for url in requests if not url.startswith("data:")] == [
        path.as_uri()
    ]  # data: Chromium's date icon
    assert _errors(browser.events) == []


@pytest.fixture(scope="module")
def dev_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("dev")
    result = build([CORPUS], out)
    graph = to_networkx(load_graph(result.graph_file))
    path = out / "graph.html"
    path.write_bytes(page(graph, "dev corpus"))
    return graph, path


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared dev corpus is not beside the project")
def test_dev_corpus(
    browser: DevTools, dev_page: tuple[Any, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph, path = dev_page
    assert graph.number_of_nodes() > DRAWN_MAX
    seconds = _open(browser, path)
    with capsys.disabled():
        print(f"\ndev corpus, {graph.number_of_nodes()} nodes: first view in {seconds:.2f} s")
    assert seconds < OPEN_WITHIN
    assert 0 < len(_shown(browser)) <= 36
    _screenshot(browser, tmp_path / "dev-overview.png", capsys)

    person = _top(graph, {"Person"})
    assert _search(browser, _fold(graph.nodes[person]["label"]))[0] == person
    _enter(browser)
    assert _focus(browser) == person
    posts = [d for _, _, d in graph.out_edges(person, data=True) if d["relation"] == "holds_post"]
    assert len(_section(browser, "Posts")) == len(posts) > 0
    _screenshot(browser, tmp_path / "dev-person.png", capsys)
    assert _errors(browser.events) == []
