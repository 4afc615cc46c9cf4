"""The reference article's graph is the committed ``output/`` and every dev article conforms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
ARTICLES = sorted(CORPUS.glob("*.txt"))


def test_sample_matches_committed_output(tmp_path: Path) -> None:
    build([], tmp_path / "a")
    build([], tmp_path / "b")
    for name in ("graph.ttl", "graph.trig", "validation.txt"):
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes(), f"{name} differs between two runs"
        assert first == (ROOT / "output" / name).read_bytes(), f"output/{name} is not what `make run` writes"
    built = Graph().parse(tmp_path / "a" / "graph.ttl")
    assert isomorphic(built, Graph().parse(ROOT / "output" / "graph.ttl"))


def test_corpus_is_there() -> None:
    """The dev corpus is beside the project, each article with its gold annotation (the
    parametrized test below would otherwise pass on nothing)."""
    gold = sorted(p.stem for p in (CORPUS / "gold").glob("*.json"))
    assert len(ARTICLES) >= 22
    assert [p.stem for p in ARTICLES] == gold


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_dev_article_builds_and_conforms(article: Path, tmp_path: Path) -> None:
    result = build([article], tmp_path)
    assert result.report.conforms, result.report.text
    assert result.articles == 1 and result.triples > 30
