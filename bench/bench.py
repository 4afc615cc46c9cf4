"""Benchmark of ``kg build`` at corpus scale, against rdflib; run with ``make bench``.

Prints, in one run, for each N (default 1,000 and 10,000 synthetic articles, see
``corpus.py``): the wall time, articles/s, triples/s and peak RSS (the whole process tree,
sampled every 50 ms) of ``kg build --force``; the time rdflib alone takes to parse the
resulting ``graph.ttl`` and serialize it again as Turtle (the baseline); and, on the
largest graph, every competency query's latency (``queries/*.rq``, no parameters) on the
embedded Oxigraph store (median of 5; one run when over 2 s) and on rdflib's own engine
(one run, in a forked process killed after ``--timeout`` seconds). Work files go to ``--work`` (default
``bench/.work``, git-ignored); nothing there is kept in the repository.

    python bench/bench.py [--sizes 1000 10000] [--timeout 60] [--work DIR]
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402


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


def rdflib_round_trip(graph_file: Path) -> tuple[float, object]:
    """rdflib alone: parse the Turtle and serialize it again; seconds, and the parsed graph."""
    from rdflib import Graph

    started = time.perf_counter()
    graph = Graph().parse(graph_file, format="turtle")
    graph.serialize(format="turtle", encoding="utf-8")
    return time.perf_counter() - started, graph


def _rdflib_query(graph: object, text: str, conn: object) -> None:
    started = time.perf_counter()
    rows = len(list(graph.query(text)))  # type: ignore[attr-defined]
    conn.send((time.perf_counter() - started, rows))  # type: ignore[attr-defined]


def rdflib_query(graph: object, text: str, timeout: float) -> tuple[float | None, int | None]:
    """One run on rdflib's engine in a forked child (the graph is shared), killed at ``timeout``."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_query, args=(graph, text, child))
    proc.start()
    if parent.poll(timeout):
        seconds, rows = parent.recv()
        proc.join()
        return seconds, rows
    proc.kill()
    proc.join()
    return None, None


def oxigraph_query(store: object, text: str, runs: int = 5) -> tuple[float, int]:
    """Median of ``runs`` runs (one run only when it takes over 2 s)."""
    times, rows = [], 0
    for _ in range(runs):
        if times and times[0] > 2:
            break
        started = time.perf_counter()
        rows = len(list(store.query(text, use_default_graph_as_union=True)))  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--timeout", type=float, default=60.0, help="cap of each rdflib query (s)")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start", flush=True)
    rows, graph, largest = [], None, None
    for n in args.sizes:
        corpus = write_corpus(args.work / f"corpus-{n}", n)[0].parent
        out = args.work / f"out-{n}"
        build = run_build(corpus, out)
        baseline, graph = rdflib_round_trip(out / "graph.ttl")
        rows.append((n, build, baseline))
        largest = out
        b = build
        print(
            f"N={n:>6}: kg build {b['seconds']:7.1f} s (CPU {b['cpu']:.0f} s)  "
            f"{b['articles'] / b['seconds']:6.1f} articles/s  "
            f"{b['triples'] / b['seconds']:8.0f} triples/s  peak RSS {b['peak'] / 2**20:6.0f} MiB  "
            f"({b['triples']} triples)  |  rdflib parse+serialize {baseline:7.1f} s  "
            f"ratio {b['seconds'] / baseline:.2f}",
            flush=True,
        )
    if len(rows) > 1:
        (n0, b0, _), (n1, b1, _) = rows[0], rows[-1]
        print(f"time({n1}) / time({n0}) = {b1['seconds'] / b0['seconds']:.2f}", flush=True)
    assert largest is not None
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(largest / "store"))
    print(
        f"\nQueries on the N={rows[-1][0]} graph "
        f"(Oxigraph: median of 5; rdflib: one run, cap {args.timeout:.0f} s):"
    )
    ratios = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        ox, ox_rows = oxigraph_query(store, text)
        rd, rd_rows = rdflib_query(graph, text, args.timeout)
        ratio = (rd if rd is not None else args.timeout) / ox
        ratios.append(ratio)
        rd_text = f"{rd:8.3f} s" if rd is not None else f"  >{args.timeout:.0f} s"
        same = "" if rd_rows is None or rd_rows == ox_rows else f"  ROWS DIFFER (rdflib {rd_rows})"
        print(
            f"  {path.stem:<24} oxigraph {ox:7.3f} s  rdflib {rd_text}  "
            f"{'≥' if rd is None else ' '}{ratio:8.0f}×  {ox_rows} rows{same}",
            flush=True,
        )
    print(f"  median ratio {statistics.median(ratios):.0f}× (a capped rdflib run counts as the cap)")
    print(f"Load average {os.getloadavg()[0]:.1f} at the end (other work on the machine slows both sides)")


if __name__ == "__main__":
    main()
