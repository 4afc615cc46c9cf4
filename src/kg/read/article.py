"""Article file → `Article`: bytes decoded, BOM removed, CRLF/CR → LF, Unicode NFC.

That string is the one every offset indexes and the one the graph stores (``nif:isString``);
nothing else is changed: no NBSP replacement, no tone-placement change, no trimming.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.errors import InputError
from kg.model import Article, Span
from kg.read.encodings import decode
from kg.read.html import html_article

_HTML = {".html", ".htm"}
MAX_TEXT_BYTES = 5_000_000  # a long news article is ~100 kB; a larger .txt is a corpus or a mistake
_PLACEHOLDER = re.compile(r"\[[^\[\]]*\]")  # "[NO TITLE IN SOURCE TEXT; ...]"


def read_article(path: Path) -> Article:
    """Read one article file: text (``.txt``) or a saved web page (``.html``, ``.htm``).

    Raises:
        InputError: the file is missing, unreadable, binary, empty or not decodable.
    """
    if path.exists() and not path.is_file() and not path.is_dir():  # a FIFO or device would hang
        raise InputError(f"{path}: not a regular file; pass a .txt article")
    try:
        size = path.stat().st_size if path.is_file() else 0
        if size > MAX_TEXT_BYTES and path.suffix.lower() not in _HTML:
            raise InputError(
                f"{path}: {size:,} bytes is more than an article ({MAX_TEXT_BYTES:,} bytes at most); "
                "split it into one file per article"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an article file; pass a .txt file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror}); check the permissions") from None
    if path.suffix.lower() in _HTML:
        return html_article(data, path)
    text = decode(data, str(path))
    return Article(
        id=path.stem,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=str(path),
        title=_title(text),
    )


def _title(text: str) -> Span | None:
    """The first non-empty line, trimmed, unless it is a placeholder such as "[NO TITLE ...]"."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            start = offset + len(line) - len(line.lstrip())
            end = offset + len(line.rstrip())
            if _PLACEHOLDER.fullmatch(text, start, end):
                return None
            return Span(start, end, text[start:end])
        offset += len(line) + 1
    return None
