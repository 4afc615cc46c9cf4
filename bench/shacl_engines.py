"""Compare SHACL engines from PyPI on kg's shapes: W3C Core, agreement with pySHACL, speed.

Not part of the tests; its numbers are in docs/shacl.md. Run it in a scratch venv that has
kg and the candidates (pip install -e . pyshacl shacl pyshacl-turbo shacl-rust pyrudof):

    python bench/shacl_engines.py [--old PATH/TO/OLD/src/kg/shacl.py]

Per engine: the W3C SHACL Core suite (../shared/conformance/shacl-core: expected sh:conforms
and number of results); the result rows (focus, path, component, severity, source) on every
shape fixture and every dev article that builds, compared with pySHACL's; the median time
to validate one dev article (its N-Triples, shapes compiled once, the ontology added as
pySHACL's ``ont_graph`` adds it; best of three runs per article). ``--old`` also times kg's
former home-made engine (kg/shacl.py before it was removed), for a fair same-run comparison.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, Namespace

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

from kg.errors import KgError  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.rdf.mapping import to_graph  # noqa: E402
from kg.read.article import read_article  # noqa: E402
from test_shacl import reference  # noqa: E402  (pySHACL with kg's settings)
from test_shapes import CASES, load_case  # noqa: E402

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
Row = tuple[Any, ...]
# An engine: (shapes Turtle, base IRI) -> (data text, its format: "nt" or "turtle") -> report graph
Run = Callable[[str, str], Graph]
Engine = Callable[[str, str], Run]


def _shacl(shapes: str, base: str) -> Run:
    import shacl

    compiled = shacl.Shapes.from_text(shapes, base=base)
    names = {"nt": "ntriples", "turtle": "turtle"}
    return lambda data, fmt: Graph().parse(
        data=compiled.validate_text(data, format=names[fmt], base=base).serialize("ntriples"), format="nt"
    )


def _turbo(shapes: str, base: str) -> Run:
    import pyshacl_turbo

    compiled = pyshacl_turbo.CompiledShapes(Graph().parse(data=shapes, format="turtle", publicID=base))

    def run(data: str, fmt: str) -> Graph:
        _, report, _ = compiled.validate(data, data_graph_format=fmt, allow_warnings=True, allow_infos=True)
        return report  # type: ignore[no-any-return]

    return run


def _shacl_rust(shapes: str, base: str) -> Run:
    import shacl_rust

    text = f"@base <{base}> .\n{shapes}"

    def run(data: str, fmt: str) -> Graph:
        report = shacl_rust.validate(
            data if fmt == "nt" else f"@base <{base}> .\n{data}", text, data_format=fmt
        )
        graph = Graph()
        for i, r in enumerate(report["results"]):
            node = URIRef(f"urn:r{i}")
            graph.add((node, RDF.type, SH.ValidationResult))
            for key, prop in [("focusNode", SH.focusNode), ("resultPath", SH.resultPath),
                              ("sourceConstraintComponent", SH.sourceConstraintComponent),
                              ("resultSeverity", SH.resultSeverity), ("sourceShape", SH.sourceShape),
                              ("sourceConstraint", SH.sourceConstraint)]:  # fmt: skip
                value = (
                    r.get(key)
                    or r.get(_snake(key))
                    or (r.get("severity") if key == "resultSeverity" else None)
                )
                if isinstance(value, str) and value:
                    graph.add((node, prop, _term(value)))
            graph.add((URIRef("urn:report"), SH.result, node))
        return graph

    return run


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _term(text: str) -> URIRef | Literal:
    text = text.strip("<>")
    if text.startswith("sh:"):
        return SH[text[3:]]
    return URIRef(text) if ":" in text else Literal(text)


def _rudof(shapes: str, base: str) -> Run:
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_shacl(shapes, base=base)

    def run(data: str, fmt: str) -> Graph:
        kind = pyrudof.RDFFormat.NTriples if fmt == "nt" else pyrudof.RDFFormat.Turtle
        rudof.read_data(data, format=kind, base=base)
        rudof.validate_shacl()
        text = rudof.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples)
        return Graph().parse(data=text, format="nt")

    return run


def _pyshacl(shapes: str, base: str) -> Run:
    import pyshacl

    from test_shacl import _PreparedGraph

    graph = Graph().parse(data=shapes, format="turtle", publicID=base)

    def run(data: str, fmt: str) -> Graph:
        work = _PreparedGraph()
        work.parse(data=data, format=fmt, publicID=base)
        _, report, _ = pyshacl.validate(
            work, shacl_graph=graph, inference="none", allow_warnings=True, inplace=True
        )
        return report  # type: ignore[no-any-return]

    return run


ENGINES: dict[str, tuple[str, Engine]] = {
    "pySHACL": ("pyshacl", _pyshacl),
    "shacl": ("shacl", _shacl),
    "pyshacl-turbo": ("pyshacl_turbo", _turbo),
    "shacl-rust": ("shacl_rust", _shacl_rust),
    "pyrudof": ("pyrudof", _rudof),
}


def rows(report: Graph) -> Counter[Row]:
    found: Counter[Row] = Counter()
    for node in report.objects(None, SH.result):
        component = report.value(node, SH.sourceConstraintComponent)
        source = report.value(node, SH.sourceShape)
        if component == SH.SPARQLConstraintComponent:
            source = report.value(node, SH.sourceConstraint) or source
        severity = report.value(node, SH.resultSeverity)
        found[
            (report.value(node, SH.focusNode), report.value(node, SH.resultPath), component, severity, source)
        ] += 1
    return found


def w3c(make: Engine) -> tuple[int, int]:
    """(right, total) on the W3C Core tests: the expected sh:conforms and number of results."""
    right = total = 0
    todo, seen = [SHARED / "conformance" / "shacl-core" / "manifest.ttl"], set()
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        manifest = Graph().parse(file, format="turtle")
        todo += [Path(str(i).removeprefix("file://")) for i in manifest.objects(None, MF.include)]
        for entry in manifest.subjects(RDF.type, SHT.Validate):
            total += 1
            action, expected = manifest.value(entry, MF.action), manifest.value(entry, MF.result)
            data = Path(str(manifest.value(action, SHT.dataGraph)).removeprefix("file://"))
            shapes = Path(str(manifest.value(action, SHT.shapesGraph)).removeprefix("file://"))
            try:  # data and shapes as written, the base IRI of the shapes file for both
                run = make(shapes.read_text(encoding="utf-8"), shapes.as_uri())
                report = run(data.read_text(encoding="utf-8"), "turtle")
                results = len(list(report.objects(None, SH.result)))
            except Exception:  # an engine that refuses a test is wrong on it
                continue
            want = len(list(manifest.objects(expected, SH.result)))
            conforms = manifest.value(expected, SH.conforms) == Literal(True)
            right += results == want and conforms == (results == 0)
    return right, total


def main() -> None:
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)  # rdflib and pySHACL complain about the W3C tests' odd literals
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, help="kg/shacl.py of the former home-made engine")
    parser.add_argument("--build-only", action="store_true", help="time only kg build's call (and --old)")
    parser.add_argument("--only", help="measure this engine alone (and pySHACL's rows)")
    args = parser.parse_args()
    shapes = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    ontology = Graph().parse(ROOT / "ontology" / "vngov.ttl").serialize(format="nt")
    fixtures = [load_case(c)[0] for c in CASES]
    articles, broken = [], []
    for path in sorted((SHARED / "corpus" / "dev").glob("*.txt")):
        try:
            articles.append(to_graph(extract(read_article(path))))
        except KgError:
            broken.append(path.name[:3])
    print(f"{len(fixtures)} fixtures, {len(articles)} dev articles (not built: {', '.join(broken)})")
    if args.build_only:
        _time_build(args.old, articles)
        return
    expected_f = [rows_of_reference(g) for g in fixtures]
    expected_a = [rows_of_reference(g) for g in articles]
    data_f = [g.serialize(format="nt") + ontology for g in fixtures]
    data_a = [g.serialize(format="nt") + ontology for g in articles]
    print("| engine | version | W3C core | = pySHACL: fixtures | = pySHACL: dev | median ms/article |")
    print("|---|---|---|---|---|---|")
    for name, (module, make) in ENGINES.items():
        if args.only is not None and name != args.only:
            continue
        try:
            version = importlib.metadata.version(module.replace("_", "-"))
        except importlib.metadata.PackageNotFoundError:
            print(f"| {name} | not installed | | | | |")
            continue
        right, total = w3c(make)
        run = make(shapes, "https://w3id.org/vngov/shapes")
        same_f = sum(_same(run, nt, want) for nt, want in zip(data_f, expected_f, strict=True))
        same_a = sum(_same(run, nt, want) for nt, want in zip(data_a, expected_a, strict=True))
        ms = _median_ms(run, data_a, repeats=1 if name in ("pySHACL", "pyrudof") else 3)
        agree = f"{same_f}/{len(fixtures)} | {same_a}/{len(articles)}"
        print(f"| {name} | {version} | {right}/{total} | {agree} | {ms:.1f} |", flush=True)
    _time_build(args.old, articles)


def rows_of_reference(graph: Graph) -> Counter[Row]:
    return Counter((r.focus, r.path, r.component, r.severity, r.source) for r in reference(graph))


def _same(run: Run, nt: str, want: Counter[Row]) -> bool:
    try:
        return rows(run(nt, "nt")) == want
    except Exception:
        return False


def _median_ms(run: Run, data: list[str], repeats: int) -> float:
    times = []
    for nt in data:
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            run(nt, "nt")
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    return statistics.median(times)


def _time_build(old_path: Path | None, articles: list[Graph]) -> None:
    """kg build's own call (`kg.validate.shapes.check` on an article's N-Triples) and the old engine's,
    article by article in turn, so that both see the same load on a shared machine; CPU time."""
    from kg.validate.shapes import check

    old_engine = None
    if old_path is not None:
        spec = importlib.util.spec_from_file_location("kg_old_shacl", old_path)
        assert spec is not None and spec.loader is not None
        old = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = old  # dataclasses look their module up
        spec.loader.exec_module(old)
        shapes, ontology = (
            Graph().parse(ROOT / "ontology" / "shapes.ttl"),
            Graph().parse(ROOT / "ontology" / "vngov.ttl"),
        )
        old_engine = old.Engine.compile(shapes, ontology)
    check(b"")  # compile the shapes first, as `kg build`'s workers do
    new_ms: list[float] = []
    old_ms: list[float] = []
    for graph in articles:
        nt = graph.serialize(format="nt", encoding="utf-8")
        new_ms.append(_best(lambda nt=nt: check(nt)))
        if old_engine is not None:
            old_ms.append(_best(lambda g=graph, nt=nt: old_engine.results(g, nt)))
    for name, ms in [("kg.validate.shapes.check (shacl)", new_ms), ("kg/shacl.py (old engine)", old_ms)]:
        if ms:
            print(f"{name}: median {statistics.median(ms):.2f} ms/article, max {max(ms):.1f}")


def _best(call: Callable[[], object], repeats: int = 5) -> float:
    """Best of ``repeats`` in CPU time of this process (all its threads): on a shared machine
    the wall clock also counts the time other processes hold the cores."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    return best * 1000


if __name__ == "__main__":
    main()
