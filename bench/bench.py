"""Benchmark of ``kg build`` at corpus scale; run with ``make bench``.

Prints, in one run, for each N (default 1,000, 10,000 and 100,000 synthetic articles, see
``corpus.py``): the wall time, CPU time, articles/s, triples/s and peak RSS (the whole
process tree, sampled every 50 ms) of ``kg build --force``, and the floor: the time
pyoxigraph takes to parse the resulting ``graph.ttl`` and serialize it again, with the
build's ratio to it; then the time and memory ratios of each size to the one before. On
the graph of ``--queries-at`` articles (default 10,000), every competency query's latency
(``queries/*.rq``) on the embedded Oxigraph store (median of 5, which a passing hiccup of a
shared machine does not move; one run when over 2 s), twice: asking its question (the
parameters bound to its header's examples, as ``kg query`` binds them) and listing
everything (no parameters). ``--rdflib`` adds rdflib's parse + serialize of that graph (the
serializing stopped at ``--baseline-cap`` seconds, then reported as ">") and each query on
rdflib's engine (one run, in a forked process killed after ``--timeout`` seconds): about 30
minutes more. Work files go to ``--work`` (default ``bench/.work``, git-ignored; a large
build's store is deleted once measured); nothing there is kept in the repository.

    python bench/bench.py [--sizes 1000 10000 100000] [--queries-at 10000] [--rdflib] [--work DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OX_RUNS = 5  # Oxigraph runs per query; the median is reported
sys.path.insert(0, str(HERE))

import pyoxigraph  # noqa: E402
from corpus import write_corpus  # noqa: E402
from pyoxigraph import Literal, NamedNode  # noqa: E402

from kg.query import Term, bound_text, check, load_query, parse_value  # noqa: E402


def machine() -> str:
    model = "?"
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpus = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"nproc {cpus}, {model}, {ram:.1f} GiB RAM, Python {platform.python_version()}"


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of ``pid`` and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024  # type: ignore[union-attr]
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def run_build(corpus: Path, out: Path) -> dict[str, float]:
    """``kg build`` as a user runs it; wall time, peak tree RSS and triple count."""
    shutil.rmtree(out, ignore_errors=True)
    kg = Path(sys.executable).parent / "kg"
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(kg), "build", str(corpus), "--out", str(out), "--force"], stdout=subprocess.PIPE
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(getattr(cpu_after, f) - getattr(cpu_before, f) for f in ("ru_utime", "ru_stime"))
    line = proc.stdout.read().decode() if proc.stdout else ""
    if proc.returncode not in (0, 4):
        raise SystemExit(f"kg build failed ({proc.returncode}): {line}")
    triples = int(re.search(r"(\d+) triples", line).group(1))  # type: ignore[union-attr]
    articles = int(re.search(r"Built (\d+) articles?", line).group(1))  # type: ignore[union-attr]
    return {"seconds": seconds, "cpu": cpu, "peak": peak, "triples": triples, "articles": articles}


def rdflib_round_trip(graph_file: Path, cap: float) -> tuple[float, float, bool, object]:
    """rdflib alone: parse the Turtle, then serialize it again (in a forked child, stopped
    at ``cap`` seconds); the seconds in all and to parse, whether capped, the parsed graph."""
    from rdflib import Graph

    started = time.perf_counter()
    graph = Graph().parse(graph_file, format="turtle")
    parsed = time.perf_counter() - started
    ctx = multiprocessing.get_context("fork")
    child = ctx.Process(target=lambda: graph.serialize(format="turtle", encoding="utf-8"))
    child.start()
    child.join(cap)
    capped = child.is_alive()
    if capped:
        child.kill()
        child.join()
        return parsed + cap, parsed, True, graph
    return time.perf_counter() - started, parsed, False, graph


def _run_query(engine: str, source: object, text: str, runs: int, conn: object) -> None:
    if engine == "oxigraph":
        import pyoxigraph

        store = pyoxigraph.Store.read_only(str(source))
        query = lambda: store.query(text, use_default_graph_as_union=True)  # noqa: E731
    else:
        query = lambda: source.query(text)  # type: ignore[attr-defined]  # noqa: E731
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = len(list(query()))
        times.append(time.perf_counter() - started)
        if times[0] > 2:  # a slow query: one run is enough
            break
    conn.send((statistics.median(times), rows))  # type: ignore[attr-defined]


def timed_query(
    engine: str, source: object, text: str, runs: int, cap: float
) -> tuple[float | None, int | None]:
    """Median latency of ``runs`` runs and the row count, in a forked child killed at ``cap``
    seconds (None, None then). ``source``: the store folder, or rdflib's parsed graph."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_run_query, args=(engine, source, text, runs, child))
    proc.start()
    if parent.poll(cap * runs):
        seconds, rows = parent.recv()
        proc.join()
        return seconds, rows
    proc.kill()
    proc.join()
    return None, None


_PARAM = re.compile(r"^#\s+\?(\w+)\s(.*)$", re.MULTILINE)
_EXAMPLE = re.compile(r'(?:e\.g\.|^one of)\s+("[^"]*"|<[^>]*>|[^\s,]+)')


def question(path: Path, store: Path) -> dict[str, Term]:
    """The parameters of a query bound to the examples its header gives (``e.g. …``, or the
    first of ``one of …``); an example IRI the graph lacks is replaced by the first IRI of
    the same kind (the same path up to its last ``/``-free part) that the graph has."""
    bindings: dict[str, Term] = {}
    graph = pyoxigraph.Store.read_only(str(store))
    for name, words in _PARAM.findall(path.read_text(encoding="utf-8")):
        example = _EXAMPLE.search(words) or _EXAMPLE.search(words.split(" ", 1)[-1])
        assert example is not None, f"{path.name}: ?{name} has no example"
        value = parse_value(example.group(1))
        if isinstance(value, NamedNode) and not graph.query(
            f"ASK {{ {{ {value} ?p ?o }} UNION {{ ?s ?p {value} }} }}", use_default_graph_as_union=True
        ):
            kind = "/".join(value.value.split("/")[:6]) + "/"  # https://w3id.org/vngov/id/<kind>/
            first = f"SELECT ?x WHERE {{ ?x a ?type FILTER (STRSTARTS(STR(?x), {Literal(kind)})) }}"
            found = graph.query(first + " ORDER BY ?x LIMIT 1", use_default_graph_as_union=True)
            value = next(iter(found))["x"]  # type: ignore[index, call-overload]
        bindings[name] = value
    return bindings


QUESTIONS: tuple[tuple[str, Callable[[Path, Path], dict[str, Term]]], ...] = (
    ("each query's question, its parameters bound to its header's example", question),
    ("whole listings, no parameters", lambda path, store: {}),
)


def oxigraph_times(
    store: Path, params_of: Callable[[Path, Path], dict[str, Term]], cap: float
) -> list[tuple[Path, dict[str, Term], str, float | None, int | None]]:
    """Each named query, its parameters, its bound text, and its Oxigraph latency and rows.
    Run while this process is small: a child forked from one that holds rdflib's parsed
    graph ran the same queries up to a third slower, which no ``kg query`` process is."""
    timed = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        info = load_query(path)
        bindings = params_of(path, store)
        text = bound_text(info, bindings, check(info, bindings))
        timed.append((path, bindings, text, *timed_query("oxigraph", store, text, OX_RUNS, cap)))
    return timed


def floor(graph_file: Path, work: Path) -> float:
    """Seconds pyoxigraph takes to parse ``graph_file`` (Turtle) and serialize it again: the
    least any tool that writes this graph could take."""
    out = work / "floor.ttl"
    started = time.perf_counter()
    triples = pyoxigraph.parse(path=graph_file, format=pyoxigraph.RdfFormat.TURTLE)
    pyoxigraph.serialize(triples, out, pyoxigraph.RdfFormat.TURTLE)
    seconds = time.perf_counter() - started
    out.unlink()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--queries-at", type=int, default=10000, help="the size whose graph the queries run on"
    )
    parser.add_argument("--rdflib", action="store_true", help="also rdflib: round trip and queries (slow)")
    parser.add_argument("--timeout", type=float, default=30.0, help="cap of each rdflib query (s)")
    parser.add_argument("--baseline-cap", type=float, default=900.0, help="cap of rdflib's serialize (s)")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start", flush=True)
    rows: list[tuple[int, dict[str, float]]] = []
    timed: list[list[tuple[Path, dict[str, Term], str, float | None, int | None]]] = []
    graph: object = None
    for n in args.sizes:
        corpus = write_corpus(args.work / f"corpus-{n}", n)[0].parent
        out = args.work / f"out-{n}"
        b = run_build(corpus, out)
        b["floor"] = floor(out / "graph.ttl", args.work)
        rows.append((n, b))
        print(
            f"N={n:>7,}: kg build {b['seconds']:7.1f} s (CPU {b['cpu']:.0f} s)  "
            f"{b['articles'] / b['seconds']:6.1f} articles/s  "
            f"{b['triples'] / b['seconds']:8.0f} triples/s  peak RSS {b['peak'] / 2**20:6.0f} MiB  "
            f"({b['triples']:,} triples)  |  pyoxigraph parse+serialize {b['floor']:6.1f} s  "
            f"ratio {b['seconds'] / b['floor']:.1f}",
            flush=True,
        )
        if n == args.queries_at:  # Oxigraph is timed before rdflib parses the graph
            timed = [oxigraph_times(out / "store", params_of, args.timeout) for _, params_of in QUESTIONS]
            if args.rdflib:
                baseline, parsed, capped, graph = rdflib_round_trip(out / "graph.ttl", args.baseline_cap)
                print(
                    f"  rdflib parse+serialize {'>' if capped else ''}{baseline:.1f} s "
                    f"(parse {parsed:.0f} s): kg build / rdflib "
                    f"{'<' if capped else ''}{b['seconds'] / baseline:.2f}",
                    flush=True,
                )
        if n > args.queries_at:  # the largest stores take gigabytes
            shutil.rmtree(out / "store", ignore_errors=True)
    for (n0, b0), (n1, b1) in zip(rows, rows[1:], strict=False):
        print(
            f"N={n1:,} / N={n0:,}: time {b1['seconds'] / b0['seconds']:.2f}, "
            f"peak RSS {b1['peak'] / b0['peak']:.2f}",
            flush=True,
        )
    for (title, _), queries in zip(QUESTIONS, timed, strict=False):
        print(
            f"\nQueries on the N={args.queries_at:,} graph, {title} "
            f"(Oxigraph: median of {OX_RUNS} runs, one when over 2 s, "
            f"stopped after {OX_RUNS * args.timeout:.0f} s"
            + (f"; rdflib: one run, stopped after {args.timeout:.0f} s):" if args.rdflib else "):"),
            flush=True,
        )
        ratios = []
        for path, bindings, text, ox, ox_rows in queries:
            ox_text = f"{ox:8.3f} s" if ox is not None else f"  >{OX_RUNS * args.timeout:.0f} s"
            given = " ".join(f"{k}={v}" for k, v in bindings.items())
            versus = ""
            if graph is not None:
                rd, rd_rows = timed_query("rdflib", graph, text, 1, args.timeout)
                ox_s = OX_RUNS * args.timeout if ox is None else ox
                ratio = (args.timeout if rd is None else rd) / ox_s
                ratios.append(ratio)
                rd_text = f"{rd:8.3f} s" if rd is not None else f"  >{args.timeout:.0f} s"
                differ = None not in (rd_rows, ox_rows) and rd_rows != ox_rows
                versus = f"  rdflib {rd_text} {ratio:6.0f}×" + (
                    f"  ROWS DIFFER (rdflib {rd_rows})" if differ else ""
                )
            print(f"  {path.stem:<24} oxigraph {ox_text}{versus}  {ox_rows} rows  {given}", flush=True)
        if ratios:
            print(
                f"  median ratio {statistics.median(ratios):.0f}× (a capped run counts as the cap)",
                flush=True,
            )
    print(f"Load average {os.getloadavg()[0]:.1f} at the end (other work on the machine slows both sides)")


if __name__ == "__main__":
    main()
