"""A saved news page (HTML bytes) → `Article`: main text, title, byline, date and URL.

The page is decoded as article files are (UTF-8 first: byte evidence wins over a
``<meta charset>`` that disagrees), parsed with lxml's HTML parser (no DTD, no external
entity, no network) and reduced to its main text by trafilatura, which drops scripts,
styles, comments, menus and sidebars and decodes entities. The article text is then laid
out like a ``.txt`` article: the headline, the paragraphs and the byline, separated by
blank lines, in Unicode NFC; offsets index that string. The publication date (ISO, from
the page's metadata) becomes `Article.published`, which anchors dates written without a
year; the page's own address (``<link rel=canonical>``, else ``og:url``) becomes
`Article.url`. Nothing is fetched.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Article, Span
from kg.read.encodings import decode

log = logging.getLogger(__name__)

MAX_BYTES = 20_000_000  # larger "pages" are not articles (and would cost seconds to parse)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def html_article(data: bytes, path: Path) -> Article:
    """Read one saved web page.

    Raises:
        InputError: the page is too large, undecodable, or has no article text.
    """
    source = str(path)
    if len(data) > MAX_BYTES:
        raise InputError(f"{source}: HTML page of {len(data):,} bytes is too large; save the article as .txt")
    tree = _parse(_decode(data, source), source)
    url = _page_url(tree)
    import trafilatura  # lazily: 0.2 s to import, and only pages need it

    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
    )
    body = _paragraphs(getattr(doc, "text", None) or "")
    if not body:
        raise InputError(f"{source}: no article text found in this HTML page; save the article as .txt")
    title = _clean(getattr(doc, "title", None) or "")
    author = _clean(getattr(doc, "author", None) or "")
    if title and body[0] == title:
        body = body[1:]
    parts = [p for p in (title, *body) if p]
    if author and len(author) <= 80 and parts[-1] != author:
        parts.append(author)
    text = "\n\n".join(parts) + "\n"
    date = getattr(doc, "date", None) or ""
    return Article(
        id=path.stem,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=source,
        title=Span(0, len(title), title) if title else None,
        url=url,
        published=date[:10] if _DATE.match(date) else None,
    )


def _decode(data: bytes, source: str) -> str:
    """UTF-8 (or UTF-16 with a BOM, or Vietnamese Windows-1258), else the declared charset."""
    try:
        text = decode(data, source)
    except InputError:
        declared = _CHARSET.search(data[:4096])
        if declared is None:
            raise
        name = declared.group(1).decode("ascii")
        try:
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            raise InputError(
                f"{source}: not UTF-8, nor the charset {name} it declares; convert it to UTF-8"
            ) from None
        text = unicodedata.normalize("NFC", text)
    else:
        declared = _CHARSET.search(data[:4096])
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            log.warning(
                "%s: declares charset %s but is UTF-8; read as UTF-8", source, declared.group(1).decode()
            )
    return text


def _parse(text: str, source: str) -> Any:
    from lxml import html  # type: ignore[import-untyped]  # trafilatura's own dependency

    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        tree = html.document_fromstring(text, parser=parser)
    except Exception as e:  # lxml raises ParserError, ValueError, XMLSyntaxError
        raise InputError(f"{source}: cannot parse this HTML page ({e}); save the article as .txt") from None
    return tree


def _page_url(tree: Any) -> str | None:
    """The page's canonical address, else its ``og:url`` (absolute http(s) URLs only)."""
    queries = ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
    for query in queries:
        for value in tree.xpath(query):
            url = str(value).strip()
            if _URL.fullmatch(url):
                return url
    return None


def _paragraphs(text: str) -> list[str]:
    return [line for line in (_clean(raw) for raw in text.split("\n")) if line]


def _clean(text: str) -> str:
    """NFC, one line, spaces collapsed (pages wrap and indent text at random)."""
    return " ".join(unicodedata.normalize("NFC", text).split())
