"""kg.read.html: saved news pages → articles: main text only, entities decoded, metadata, no network.

The fixture tests/data/page.html is an invented page (no corpus text).
"""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SDO, XSD

from kg.build import build
from kg.errors import InputError
from kg.rdf.vocab import VNG
from kg.read import html
from kg.read.article import read_article

PAGE = Path(__file__).parent / "data" / "page.html"
CANONICAL = "https://tanlap.example.gov.vn/tin-tuc/ubnd-xa-tan-lap-hop-phien-thuong-ky.html"
TITLE = "UBND xã Tân Lập họp phiên thường kỳ tháng 5"


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError(f"network access: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_page_text_is_the_article_laid_out_like_a_txt(no_network: None) -> None:
    article = read_article(PAGE)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == TITLE
    assert paragraphs[1].startswith("Sáng ngày 3/6, Ủy ban nhân dân xã Tân Lập")
    assert paragraphs[-1] == "Lê Thị Hoa\n"  # the byline last, as in .txt articles
    assert article.title is not None and article.text[article.title.start : article.title.end] == TITLE
    assert article.id == "page"


def test_scripts_styles_comments_and_boilerplate_are_dropped(no_network: None) -> None:
    text = read_article(PAGE).text
    for absent in (
        "Hoàng Văn Ẩn",
        "Phạm Văn Kiểu",
        "Đinh Văn Jsonld",
        "Nguyễn Văn Giấu",
        "document",
        "color",
    ):
        assert absent not in text
    for boilerplate in ("Trang chủ", "Tìm kiếm", "Tin liên quan", "Cơ quan chủ quản", "JavaScript"):
        assert boilerplate not in text


def test_entities_are_decoded_and_external_ones_never_resolved(no_network: None) -> None:
    text = read_article(PAGE).text
    assert "hội nghị & kết luận" in text and '"công tác"' in text and "94,2%" in text
    assert "hiệu quả" in text  # &#7879; composed into NFC
    assert "duy trì tốt" in text  # &nbsp;
    assert "root:" not in text  # the XXE entity stays an unexpanded "&xxe;"


def test_metadata_date_and_canonical_url(no_network: None) -> None:
    article = read_article(PAGE)
    assert article.url == CANONICAL  # canonical wins over og:url
    assert article.published == "2021-06-03"


def test_og_url_when_no_canonical(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(PAGE.read_text(encoding="utf-8").replace('rel="canonical"', 'rel="alternate"'), "utf-8")
    assert (
        read_article(page).url == "https://tanlap.example.gov.vn/tin-tuc/ubnd-xa-hop-123.html?utm_source=fb"
    )


def test_page_builds_with_url_date_and_anchored_year(tmp_path: Path, no_network: None) -> None:
    result = build([PAGE], tmp_path / "out")
    assert result.articles == 1 and result.report.conforms, result.report.text
    graph = Graph().parse(result.graph_file)
    article = next(graph.subjects(RDF.type, SDO.NewsArticle))
    assert graph.value(article, SDO.url) == Literal(CANONICAL, datatype=XSD.anyURI)
    assert graph.value(article, SDO.datePublished) == Literal("2021-06-03", datatype=XSD.date)
    meeting = next(graph.subjects(RDF.type, VNG.Meeting))
    assert graph.value(meeting, SDO.startDate) == Literal("2021-06-03", datatype=XSD.date)  # "3/6" + 2021
    names = {str(n) for n in graph.objects(None, URIRef("http://xmlns.com/foaf/0.1/name"))}
    assert "Trần Văn Bình" in names
    assert not names & {"Hoàng Văn Ẩn", "Nguyễn Văn Giấu", "Đinh Văn Jsonld"}


def test_utf8_wins_over_a_wrong_declared_charset(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(
        b'<html><head><meta charset="windows-1252"></head><body><p>' + "Hội nghị".encode() + b"</p>"
    )
    with caplog.at_level(logging.WARNING):
        assert read_article(page).text == "Hội nghị\n"
    assert caplog.messages == [f"{page}: declares charset windows-1252 but is UTF-8; read as UTF-8"]


def test_declared_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    body = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'></head>"
    page.write_bytes((body + "<body><p>Caf\xe9 cr\xe8me</p></body></html>").encode("latin-1"))
    assert read_article(page).text == "Café crème\n"


def test_page_without_text(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><head><script>var a = 1;</script></head><body><nav></nav></body></html>", "utf-8")
    with pytest.raises(InputError) as e:
        read_article(page)
    assert str(e.value) == f"{page}: no article text found in this HTML page; save the article as .txt"


def test_too_large_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_BYTES", 100)
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"x" * 200 + b"</p>")
    with pytest.raises(InputError, match="too large"):
        read_article(page)
