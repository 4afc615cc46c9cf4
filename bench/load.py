"""Benchmark of ``kg load`` into Oxigraph and Virtuoso; run with ``make bench-load``.

The graph: the dev corpus (``../shared/corpus/dev``) built by ``kg build``, copied COPIES times
with every instance IRI (and so every article graph name) given a copy suffix, so the copies
are distinct articles in our vocabulary: more than 100,000 triples in a few hundred named
graphs. Deterministic: the same corpus gives the same graph.

Both servers are started on 127.0.0.1 exactly as the tests start them (``tests/servers.py``),
each with an empty database. For each way kg loads into each store it prints the wall time
and triples/s of a first load (empty store) and of a reload (every graph replaced), each
verified by count queries as ``kg load`` always does. Work files go to a temporary folder.

    python bench/load.py [--copies 14] [--shape articles|single]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from kg.build import build  # noqa: E402
from kg.load.http import Credentials, SparqlClient  # noqa: E402
from kg.load.loader import load, read_graphs  # noqa: E402
from kg.load.servers import StoreConfig, StoreKind  # noqa: E402
from servers import Server, oxigraph_server, virtuoso_server  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
INSTANCES = "https://w3id.org/vngov/id/"
# (store, label, use the Graph Store Protocol)
MODES: list[tuple[StoreKind, str, bool]] = [
    ("oxigraph", "GSP PUT per graph", True),
    ("oxigraph", "INSERT DATA chunks, staged + MOVE", False),
    ("virtuoso", "GSP POST, staged + MOVE", True),
    ("virtuoso", "INSERT DATA 500-triple chunks, staged + MOVE", False),
]


def make_graph(work: Path, copies: int, single: bool) -> tuple[Path, int, int]:
    """Build the dev corpus and write ``copies`` renamed copies of it as N-Quads."""
    build(sorted(CORPUS.glob("*.txt")), work / "dev")
    graphs = read_graphs(work / "dev" / "graph.trig")
    everything = pyoxigraph.NamedNode(INSTANCES + "bench/all")
    quads = set()
    for copy in range(copies):
        for name, triples in graphs.items():
            graph = everything if single else _renamed(pyoxigraph.NamedNode(name), copy)
            for t in triples:
                quads.add(
                    pyoxigraph.Quad(_renamed(t.subject, copy), t.predicate, _renamed(t.object, copy), graph)
                )
    path = work / "bench.nq"
    pyoxigraph.serialize(sorted(quads, key=str), str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return path, len(quads), len({q.graph_name for q in quads})


def _renamed(term: Any, copy: int) -> Any:
    """``term`` with the copy suffix if it is an instance IRI (kept before any ``#`` fragment)."""
    if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(INSTANCES):
        base, hash_, fragment = term.value.partition("#")
        return pyoxigraph.NamedNode(f"{base}-c{copy}{hash_}{fragment}")
    return term


@contextmanager
def servers(work: Path) -> Iterator[dict[str, Server]]:
    with ExitStack() as stack:
        yield {
            "oxigraph": stack.enter_context(oxigraph_server(_folder(work / "oxigraph"))),
            "virtuoso": stack.enter_context(virtuoso_server(_folder(work / "virtuoso"))),
        }


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=14, help="copies of the dev corpus (default 14)")
    parser.add_argument(
        "--shape",
        choices=["articles", "single"],
        default="articles",
        help="one graph per article, or one graph",
    )
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-load-") as folder:
        work = Path(folder)
        path, triples, graphs = make_graph(work, args.copies, args.shape == "single")
        size = path.stat().st_size / 1e6
        print(
            f"graph: {triples:,} triples in {graphs:,} named graphs (+ the ontology), {size:.1f} MB N-Quads"
        )
        with servers(work) as running:
            print(f"{'store':9} {'how':46} {'first load':>18} {'reload':>18}")
            for kind, how, gsp in MODES:
                server = running[kind]
                config = StoreConfig(
                    server.url,
                    kind,
                    use_graph_store=gsp,
                    user=server.user,
                    password=server.password,
                    timeout=600,
                )
                cells = []
                for _ in ("first", "reload"):
                    start = time.monotonic()
                    result = load(path, config)
                    seconds = time.monotonic() - start
                    cells.append(f"{seconds:6.1f} s {result.triples / seconds:7,.0f}/s")
                print(f"{kind:9} {how:46} {cells[0]:>18} {cells[1]:>18}", flush=True)
                _empty(config, [name for name, _ in result.graphs])


def _empty(config: StoreConfig, graphs: list[str]) -> None:
    """Drop what a mode loaded, so that the next one starts from an empty store again."""
    credentials = Credentials(config.user, config.password or "", "digest") if config.user else None
    client = SparqlClient(credentials, timeout=600)
    try:
        for graph in graphs:
            client.update(config.endpoints().update, f"DROP SILENT GRAPH <{graph}>")
    finally:
        client.close()


if __name__ == "__main__":
    main()
