"""kg.run.write: atomic, byte-stable graph.ttl / graph.trig / validation.txt."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import InputError, OutputError
from kg.rdf.files import load_graph
from kg.rdf.mapping import to_graph
from kg.run import write
from kg.run.write import write_outputs
from kg.validate.shapes import validate
from test_mapping import sample

NAMES = ["graph.ttl", "graph.trig", "validation.txt"]


def two_articles() -> list[tuple[URIRef, Graph]]:
    """Two different articles: the sample, and the sample with one more line."""
    one = sample()
    text = one.article.text + "Ảnh: Thu Hà\n"
    article = replace(one.article, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    pairs = []
    for extraction in (one, replace(one, article=article)):
        graph = to_graph(extraction)
        pairs.append((URIRef(f"https://w3id.org/vngov/id/article/{extraction.article.sha256[:16]}"), graph))
    return pairs


def test_writes_the_three_files(tmp_path: Path) -> None:
    graphs = two_articles()
    merged = Graph()
    for _, graph in graphs:
        merged += graph
    paths = write_outputs(graphs, validate(merged), tmp_path / "out")
    assert [p.name for p in paths] == NAMES
    assert all(p.parent == tmp_path / "out" for p in paths)
    assert isomorphic(load_graph(paths[0]), merged)
    dataset = Dataset()
    dataset.parse(paths[1], format="trig")
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {name for name, _ in graphs}
    for name, graph in graphs:
        assert isomorphic(dataset.graph(name), graph)
    # shared people, posts and meetings merge into one node each and still conform
    assert paths[2].read_text(encoding="utf-8").splitlines()[-1].startswith("conforms: 0 violation(s)")
    assert sorted(os.listdir(tmp_path / "out")) == sorted(NAMES)  # no temporary file left


def test_outputs_parse_with_a_strict_parser(tmp_path: Path) -> None:
    graphs = two_articles()
    paths = write_outputs(graphs, validate(graphs[0][1]), tmp_path)
    assert len(list(pyoxigraph.parse(path=str(paths[0]), format=pyoxigraph.RdfFormat.TURTLE))) > 100
    quads = list(pyoxigraph.parse(path=str(paths[1]), format=pyoxigraph.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {str(name) for name, _ in graphs}


def test_prefixes_are_bound(tmp_path: Path) -> None:
    graphs = two_articles()[:1]
    text = write_outputs(graphs, validate(graphs[0][1]), tmp_path)[0].read_text(encoding="utf-8")
    for prefix in (
        "vng",
        "org",
        "foaf",
        "schema",
        "skos",
        "prov",
        "nif",
        "qb",
        "sdmx-measure",
        "unit",
        "vnc",
    ):
        assert f"PREFIX {prefix}: <" in text
    assert "PREFIX schema: <https://schema.org/>" in text
    assert "ns1:" not in text and "schema1" not in text


BYTES_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from test_write import two_articles
from kg.validate.shapes import validate
from kg.run.write import write_outputs
graphs = two_articles()
write_outputs(graphs, validate(graphs[0][1]), Path(sys.argv[1]))
"""


def test_byte_stable_across_processes(tmp_path: Path) -> None:
    """Two runs (different hash seeds, so different set orders) write identical bytes."""
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out, tests = tmp_path / seed, str(Path(__file__).parent)
        subprocess.run([sys.executable, "-c", BYTES_SCRIPT, str(out), tests], check=True, env=env)
    for name in NAMES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_failed_write_keeps_previous_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graphs = two_articles()
    report = validate(graphs[0][1])
    write_outputs(graphs[:1], report, tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in NAMES}

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.run.write.os.replace", broken)
    with pytest.raises(
        OutputError, match=r"cannot write to .*: No space left on device; choose another --out"
    ):
        write_outputs(graphs, report, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in NAMES} == before
    assert sorted(os.listdir(tmp_path)) == sorted(NAMES)


def test_serialization_failure_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graphs = two_articles()
    report = validate(graphs[0][1])
    write_outputs(graphs[:1], report, tmp_path)
    before = (tmp_path / "graph.ttl").read_bytes()
    monkeypatch.setattr(write, "trig", lambda graphs: b"<not> <trig")
    with pytest.raises(Exception, match="invalid"):
        write_outputs(graphs, report, tmp_path)
    assert (tmp_path / "graph.ttl").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == sorted(NAMES)


def test_out_dir_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "output"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write to .*output: .*; choose another --out"):
        write_outputs(two_articles(), validate(Graph()), target)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_unwritable_out_dir(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write to .*locked: .*; choose another --out"):
            write_outputs(two_articles(), validate(Graph()), locked)
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o700)


def test_unwritable_out_dir_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulates a read-only folder (EACCES on the temporary file) for any user."""

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("kg.run.write.tempfile.mkstemp", denied)
    with pytest.raises(OutputError, match="cannot write to .*: Permission denied; choose another --out"):
        write_outputs(two_articles(), validate(Graph()), tmp_path / "new")


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nt", ".jsonld"])
def test_load_graph_round_trip(tmp_path: Path, suffix: str) -> None:
    graph = two_articles()[0][1]
    path = tmp_path / f"g{suffix}"
    fmt = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".jsonld": "json-ld"}[suffix]
    graph.serialize(path, format=fmt, encoding="utf-8")
    assert isomorphic(load_graph(path), graph)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.ttl", None, "cannot read"),
        ("bad.ttl", "<a> <b> .", "cannot parse as turtle"),
        ("bad.jsonld", "{not json", "cannot parse as json-ld"),
        ("graph.xml", "<rdf/>", "unknown graph file type"),
    ],
)
def test_load_graph_errors_are_one_line(tmp_path: Path, name: str, content: str | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_graph(path)
    assert "\n" not in str(error.value)
