"""The catalogue of bad inputs (../shared/docs/reliability.md §4), through the command line.

Every case checks the invariants: the documented exit code and message, one error line and
no traceback, and nothing half-written (no output at all, or complete files a strict parser
reads). Cases covered elsewhere name their test in the closing table of the issue.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal
from rdflib.namespace import FOAF, SKOS

from kg.cli import cli
from kg.resources import sample_article

SAMPLE = sample_article().read_text(encoding="utf-8")
LEAD = SAMPLE.split("\n\n")[1]  # the reference article's lead paragraph (the user's own sample)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: letters with their shape precomposed, tones as separate marks."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", c)
        tones = "".join(m for m in parts if m in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES)) + tones)
    return "".join(out).encode("cp1258")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _clean(result: Result) -> None:
    assert "Traceback" not in result.output + result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) <= 1


REFUSED: list[tuple[str, bytes, str]] = [
    ("empty", b"", "empty article; nothing to build"),
    ("whitespace and invisible characters", " \n\t\u00a0\u200b\ufeff".encode(), "empty article"),
    ("binary", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not a text file"),
    ("invalid UTF-8 in the middle", LEAD.encode() + b"\xff" + LEAD.encode(), "not UTF-8 text"),
    ("truncated sequence at the end", LEAD.encode() + "ệ".encode()[:2], "not UTF-8 text"),
    ("mixed encodings", LEAD.encode() + cp1258(" Đà Nẵng"), "not UTF-8 text"),
    ("TCVN3", "Ban ChÊp hµnh §¶ng bé thµnh phè B¾c K¹n häp".encode("latin-1"), "legacy TCVN3 encoding"),
    ("VNI", "Ban Chaáp haønh Ñaûng boä thaønh phoá Baéc Kaïn".encode("latin-1"), "legacy VNI encoding"),
    ("VNI saved as UTF-8", "Ban Chaáp haønh Ñaûng boä thaønh phoá Baéc Kaïn".encode(), "legacy VNI encoding"),
]


@pytest.mark.parametrize(("case", "data", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_article_alone_exits_3_and_writes_nothing(
    tmp_path: Path, case: str, data: bytes, message: str
) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(data)
    result = run("build", article, "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 3, result.stderr
    assert message in result.stderr and str(article) in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


READ: list[tuple[str, Callable[[str], bytes], str]] = [
    ("UTF-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode(), ""),
    ("UTF-16 LE", lambda t: t.encode("utf-16"), ""),
    ("UTF-16 BE", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), ""),
    ("CRLF", lambda t: t.replace("\n", "\r\n").encode(), ""),
    ("NFD", lambda t: unicodedata.normalize("NFD", t).encode(), ""),
    ("Windows-1258", cp1258, "decoded as windows-1258"),
]


@pytest.mark.parametrize(("case", "encode", "warning"), READ, ids=[c[0] for c in READ])
def test_other_encodings_give_the_same_graph(
    tmp_path: Path, case: str, encode: Callable[[str], bytes], warning: str
) -> None:
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(encode(SAMPLE))
    first = run("build", tmp_path / "a.txt", "--out", tmp_path / "a")
    second = run("build", tmp_path / "b.txt", "--out", tmp_path / "b")
    _clean(second)
    assert first.exit_code == second.exit_code == 0, second.stderr
    assert warning in second.stderr
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()


def test_viqr_is_built_with_a_warning(tmp_path: Path) -> None:
    article = tmp_path / "viqr.txt"
    article.write_text("Tie^'ng Vie^.t\n\nTha`nh pho^' Ba('c Ka.n, ngu+o+`i da^n Vie^.t Nam.\n")
    result = run("build", article, "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 0 and "looks like VIQR" in result.stderr


def test_names_with_turtle_and_sparql_metacharacters_round_trip(tmp_path: Path) -> None:
    title = 'Công ty "ABC" \\ <Holdings> {VN} \'\'\' """ # ; .'
    article = tmp_path / "meta.txt"
    article.write_text(f"{title}\n\n{LEAD}\n", encoding="utf-8")
    result = run("build", article, "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 0, result.stderr
    for name, fmt in (("graph.ttl", pyoxigraph.RdfFormat.TURTLE), ("graph.trig", pyoxigraph.RdfFormat.TRIG)):
        quads = list(pyoxigraph.parse(path=tmp_path / "out" / name, format=fmt))
        assert any(q.object == pyoxigraph.Literal(title, language="vi") for q in quads)


def test_names_that_slug_alike_get_distinct_iris(tmp_path: Path) -> None:
    article = tmp_path / "slug.txt"
    article.write_text(
        "Hội nghị\n\nNgày 05/3/2021, Huyện ủy Chợ Đồn tổ chức hội nghị. Dự có đồng chí Lê Văn Lệ, "
        "Bí thư Huyện ủy Chợ Đồn, và đồng chí Lệ Văn Lê, Phó Bí thư Huyện ủy Chợ Đồn.\n",
        encoding="utf-8",
    )
    assert run("build", article, "--out", tmp_path / "out").exit_code == 0
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    people = {str(name): person for person, name in graph.subject_objects(FOAF.name)}
    assert set(people) == {"Lê Văn Lệ", "Lệ Văn Lê"}
    assert people["Lê Văn Lệ"] != people["Lệ Văn Lê"]


def test_a_very_long_name_gives_a_bounded_iri(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text("Tin\n\nĐồng chí " + "Nguyễn " * 2000 + "dự họp.\n", encoding="utf-8")
    result = run("build", article, "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 0
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert all(len(str(s)) < 200 for s in graph.subjects())


def test_article_with_no_entities(tmp_path: Path) -> None:
    article = tmp_path / "rain.txt"
    article.write_text("Hôm nay trời mưa.\n", encoding="utf-8")
    result = run("build", article, "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 0 and "conforms" in result.output
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert not list(graph.subjects(FOAF.name, None)) and not list(graph.subjects(SKOS.prefLabel, None))


def test_html_scripts_styles_and_comments_give_no_entities(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Tin</title><style>p{}</style>"
        '<script>var name="Phạm Minh Chính"; // đồng chí Phạm Minh Chính, Bí thư Tỉnh ủy</script></head>'
        "<body><!-- đồng chí Trần Văn Ẩn, Bí thư Tỉnh ủy --><article><h1>Tin</h1>"
        "<p>Hôm nay trời mưa &amp; gió; nhiệt độ 25&nbsp;độ.</p><p>Ngày mai trời nắng.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result = run("build", page, "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "Phạm Minh Chính" not in text and "Trần Văn Ẩn" not in text
    assert "Hôm nay trời mưa & gió; nhiệt độ 25" in text  # entities decoded


def test_broken_shapes_file_is_an_input_error_not_a_verdict(tmp_path: Path) -> None:
    assert run("build", "--out", tmp_path / "out").exit_code == 0
    cases = {
        "missing.ttl": None,
        "syntax.ttl": "@prefix : <x",
        "semantics.ttl": (
            "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
            '<urn:s> a sh:NodeShape ; sh:property [ sh:path <urn:p> ; sh:minCount "abc" ] .\n'
        ),
    }
    for name, content in cases.items():
        shapes = tmp_path / name
        if content is not None:
            shapes.write_text(content, encoding="utf-8")
        result = run("validate", tmp_path / "out" / "graph.ttl", "--shapes", shapes)
        _clean(result)
        assert result.exit_code == 3, (name, result.stderr)
        assert result.stderr.startswith(f"Error: {shapes}: ")


def test_interrupted_build_leaves_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("build", "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    main, replace = os.getpid(), os.replace

    def interrupt(*args: Any, **kwargs: Any) -> None:
        if os.getpid() != main:  # a worker process (forked) writing its cache entry
            return replace(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.run.write.os.replace", interrupt)
    article = tmp_path / "other.txt"
    article.write_text("Tin khác\n\n" + LEAD + "\n", encoding="utf-8")
    result = run("build", article, "--out", out)
    assert result.exit_code == 130 and result.stderr == "Error: interrupted\n"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.is_file()]


def test_labels_of_a_bom_article_do_not_start_with_the_bom(tmp_path: Path) -> None:
    article = tmp_path / "bom.txt"
    article.write_bytes(codecs.BOM_UTF8 + SAMPLE.encode())
    assert run("build", article, "--out", tmp_path / "out").exit_code == 0
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert not [o for o in graph.objects() if isinstance(o, Literal) and str(o).startswith("\ufeff")]


def test_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # a sparse 100 MB file: refused from its size alone
        f.truncate(100 * 1024 * 1024)
    result = run("build", huge, "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {huge}: 104,857,600 bytes is more than an article (5,000,000 bytes at most); "
        "split it into one file per article\n"
    )
    assert not (tmp_path / "out").exists()


def test_both_tone_placements_in_one_build_are_one_person_with_both_spellings(tmp_path: Path) -> None:
    body = (
        "Hội nghị\n\nNgày 05/3/2021, Huyện ủy Chợ Đồn tổ chức hội nghị. "
        "Đồng chí {}, Bí thư Huyện ủy Chợ Đồn chủ trì.\n"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(body.format("Dương Văn Hòa"), encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(body.format("Dương Văn Hoà"), encoding="utf-8")
    result = run("build", tmp_path / "in", "--out", tmp_path / "out")
    _clean(result)
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    (person,) = set(graph.subjects(FOAF.name, None))
    assert {str(n) for n in graph.objects(person, FOAF.name)} == {"Dương Văn Hòa", "Dương Văn Hoà"}


@pytest.mark.parametrize(
    "document",
    [
        '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://x/a", "http://x/p": "b"}',
        '{"@graph": [{"@context": ["http://127.0.0.1:9/c.jsonld"], "@id": "http://x/a"}]}',
    ],
)
def test_json_ld_with_a_remote_context_is_refused_without_fetching(tmp_path: Path, document: str) -> None:
    graph = tmp_path / "g.jsonld"
    graph.write_text(document, encoding="utf-8")
    result = run("validate", graph)
    _clean(result)
    assert result.exit_code == 3
    assert (
        result.stderr
        == f"Error: {graph}: the JSON-LD names a remote @context, which kg never fetches; inline it\n"
    )
