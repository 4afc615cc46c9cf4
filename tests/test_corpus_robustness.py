"""Extraction and mapping never raise on a real article, nor on one cut short or shuffled.

Every dev article (../shared/corpus/dev, beside the clone in CI) is read, extracted and mapped
three ways: as written, with its sentences in a shuffled order, and cut at a random point.
An extraction that cannot place a fact drops it; it must never lose the article.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from kg.extract import extract
from kg.model import Article
from kg.rdf.mapping import to_graph
from kg.read.article import read_article
from kg.read.sentences import sentences

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
ARTICLES = sorted(CORPUS.glob("*.txt"))


def _variant(article: Article, text: str, tag: str) -> Article:
    return Article(f"{article.id}-{tag}", text, hashlib.sha256(text.encode()).hexdigest(), article.source)


def _variants(article: Article) -> list[Article]:
    rng = random.Random(article.sha256)  # the same variants on every run
    parts = [s.span.text for s in sentences(article)]
    rng.shuffle(parts)
    cut = rng.randrange(1, max(2, len(article.text)))
    return [
        article,
        _variant(article, "\n".join(parts), "shuffled"),
        _variant(article, article.text[:cut], "truncated"),
    ]


def test_the_dev_corpus_is_beside_the_clone() -> None:
    assert len(ARTICLES) >= 80, f"expected the dev corpus in {CORPUS} (CI puts ../shared beside the clone)"


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_extraction_and_mapping_never_raise(path: Path) -> None:
    for article in _variants(read_article(path)):
        graph = to_graph(extract(article))
        assert len(graph) > 0, article.id
