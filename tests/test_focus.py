"""`kg.export.focus` and ``kg export --focus/--hops/--types/--article``: one entity's neighbourhood.

Unit tests use a small invented graph; the command-line tests use the reference article.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from kg.build import build
from kg.cli import cli
from kg.errors import InputError
from kg.export.focus import AmbiguousFocus, article_facts, find, focus, fold
from kg.export.formats import FORMATS
from kg.export.networkx import to_networkx
from kg.rdf.files import load_graph

A1, A2 = "urn:a:1", "urn:a:2"


def _graph() -> Any:
    """Two officials named An, their bodies, a meeting, a directive, a province, two articles."""
    g = nx.MultiDiGraph(view="entities")
    nodes = {
        "urn:p:an1": ("Person", "Nguyễn Văn An", A1),
        "urn:p:an2": ("Person", "Trần Thị An", A2),
        "urn:p:dung": ("Person", "Lê Đức Dũng", A1),
        "urn:o:ubnd": ("Organization", "Ủy ban nhân dân tỉnh Đông Sơn", f"{A1} {A2}"),
        "urn:o:so": ("Organization", "Sở Nông nghiệp tỉnh Đông Sơn", A1),
        "urn:m:1": ("Meeting", "Hội nghị (2021-03-04)", A1),
        "urn:d:1": ("Directive", "khẩn trương hoàn thành việc đo đạc", A1),
        "urn:place": ("Place", "tỉnh Đông Sơn", ""),
        A1: ("Article", "Tin thứ nhất", A1),
        A2: ("Article", "Tin thứ hai", A2),
    }
    for node, (kind, label, article) in nodes.items():
        g.add_node(node, type=kind, label=label, **({"article": article} if article else {}))
    for source, target, relation, article in [
        ("urn:p:an1", "urn:o:ubnd", "holds_post", A1),
        ("urn:p:an2", "urn:o:ubnd", "holds_post", A2),
        ("urn:p:dung", "urn:o:so", "holds_post", A1),
        ("urn:o:so", "urn:o:ubnd", "sub_organization_of", None),
        ("urn:o:ubnd", "urn:m:1", "organized", None),
        ("urn:p:an1", "urn:m:1", "chaired", None),
        ("urn:p:an1", "urn:d:1", "issued", None),
        ("urn:d:1", "urn:o:so", "addressed_to", None),
        ("urn:o:ubnd", "urn:place", "located_in", None),
        ("urn:o:so", "urn:place", "located_in", None),
        (A1, "urn:place", "about", None),
    ]:
        g.add_edge(
            source,
            target,
            key=relation,
            relation=relation,
            label=relation,
            **({"article": article} if article else {}),
        )
    return g


def test_fold() -> None:
    assert fold("Ủy ban  nhân dân tỉnh Đông Sơn") == "uy ban nhan dan tinh dong son"


def test_find_by_name_iri_or_words() -> None:
    g = _graph()
    assert find(g, "nguyen van an") == ["urn:p:an1"]  # no diacritics, any case
    assert find(g, "NGUYỄN") == ["urn:p:an1"]
    assert find(g, "urn:p:an2") == ["urn:p:an2"]
    assert sorted(find(g, "an")) != [] and len(find(g, " An ")) > 1
    assert find(g, "đo đạc") == []  # a directive says things; it has no name
    assert find(g, "sở nông nghiệp tỉnh đông sơn") == ["urn:o:so"]
    assert find(g, "tỉnh đông sơn") == ["urn:place"]  # a whole name beats names containing it


def test_one_hop() -> None:
    sub = focus(_graph(), "Nguyễn Văn An")
    assert set(sub) == {"urn:p:an1", "urn:o:ubnd", "urn:m:1", "urn:d:1"}
    assert sub.graph["focus"] == "urn:p:an1" and sub.number_of_edges() == 4  # with ubnd → m:1


def test_more_hops_do_not_go_through_places_or_articles() -> None:
    g = _graph()
    two = focus(g, "urn:p:an1", hops=2)
    assert {"urn:p:an2", "urn:o:so", "urn:place"} <= set(two) and A1 not in two
    three = focus(g, "urn:p:an1", hops=3)
    assert A1 not in three  # reached only through the province
    assert set(focus(g, "urn:place")) == {"urn:place", "urn:o:ubnd", "urn:o:so", A1}


def test_types_keep_those_and_the_focus() -> None:
    sub = focus(_graph(), "urn:p:an1", hops=2, types=["Organization"])
    assert set(sub) == {"urn:p:an1", "urn:o:ubnd", "urn:o:so"}
    with pytest.raises(InputError, match="unknown node type Body; use any of Person"):
        focus(_graph(), "urn:p:an1", types=["Body"])


def test_article_keeps_its_facts() -> None:
    g = _graph()
    one = article_facts(g, A2)
    assert set(one) == {"urn:p:an2", "urn:o:ubnd", "urn:place", A2}
    assert set(one.edges()) == {("urn:p:an2", "urn:o:ubnd"), ("urn:o:ubnd", "urn:place")}
    sub = focus(g, "urn:o:ubnd", article=A1)
    assert "urn:p:an2" not in sub and {"urn:p:an1", "urn:o:so", "urn:m:1"} <= set(sub)
    with pytest.raises(InputError, match="not an article of this graph"):
        article_facts(g, "urn:p:an1")


def test_no_match_and_several_matches() -> None:
    with pytest.raises(InputError, match="no entity is named 'Phạm'"):
        focus(_graph(), "Phạm")
    with pytest.raises(AmbiguousFocus) as e:
        focus(_graph(), "an")
    assert [iri for iri, _, _ in e.value.matches] == sorted(iri for iri, _, _ in e.value.matches)
    assert ("urn:p:an2", "Trần Thị An", "Person") in e.value.matches and e.value.exit_code == 3


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build([], tmp_path_factory.mktemp("built")).graph_file


@pytest.fixture(scope="module")
def entities(graph_file: Path) -> Any:
    return to_networkx(load_graph(graph_file))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_entities_say_which_article_states_them(entities: Any) -> None:
    article = next(n for n, d in entities.nodes(data=True) if d["type"] == "Article")
    stated = [d for _, d in entities.nodes(data=True) if d["type"] not in ("Place",)]
    assert stated and all(d["article"] == article for d in stated)
    posts = [d for _, _, d in entities.edges(data=True) if d["relation"] == "holds_post"]
    assert posts and all(d["article"] == article and d["evidence"] in d["sentence"] for d in posts)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_cli_focus_in_every_format(graph_file: Path, entities: Any, fmt: str) -> None:
    result = run("export", graph_file, "--format", fmt, "--focus", "cu ngoc cuong")
    out = graph_file.with_name(f"graph-focus{FORMATS[fmt]}")
    assert result.exit_code == 0, result.output
    person = find(entities, "Cù Ngọc Cường")[0]
    near = {person, *entities.successors(person), *entities.predecessors(person)}
    assert (
        result.output
        == f"Exported {len(near)} nodes, {focus(entities, person).number_of_edges()} edges → {out}\n"
    )
    assert out.stat().st_size > 0


def test_cli_focus_json(graph_file: Path, entities: Any) -> None:
    result = run(
        "export",
        graph_file,
        "--format",
        "json",
        "--out",
        "-",
        "--focus",
        "CÙ NGỌC",
        "--types",
        "Organization",
    )
    assert result.exit_code == 0, result.output
    nodes = json.loads(result.stdout)["nodes"]
    assert {n["type"] for n in nodes} == {"Person", "Organization"}
    assert len([n for n in nodes if n["type"] == "Person"]) == 1


def test_cli_several_matches_are_listed(graph_file: Path) -> None:
    result = run("export", graph_file, "--format", "json", "--focus", "bac kan")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[-1] == "Error: 7 entities match 'bac kan'; pass one's IRI to --focus"
    assert len(lines) == 8 and all(line.startswith("  https://w3id.org/vngov/id/") for line in lines[:-1])
    assert "  https://w3id.org/vngov/id/place/vn-06  Place  tỉnh Bắc Kạn" in lines


def test_cli_article(graph_file: Path, entities: Any) -> None:
    article = next(n for n, d in entities.nodes(data=True) if d["type"] == "Article")
    result = run("export", graph_file, "--format", "json", "--out", "-", "--article", article)
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["nodes"]) == entities.number_of_nodes()
    other = run("export", graph_file, "--format", "json", "--out", "-", "--article", "urn:nothing")
    assert other.exit_code == 3 and "urn:nothing: not an article of this graph" in other.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hops", "2"], "--hops and --types need --focus"),
        (["--focus", "x", "--full"], "do not work with --full"),
        (["--focus", "x", "--hops", "0"], "0 is not in the range x>=1"),
    ],
)
def test_cli_usage_errors(graph_file: Path, args: list[str], message: str) -> None:
    result = run("export", graph_file, "--format", "json", *args)
    assert result.exit_code == 2 and message in result.stderr
