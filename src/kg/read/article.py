"""Article file → `Article`: bytes decoded, BOM removed, CRLF/CR → LF, Unicode NFC.

That string is the one every offset indexes and the one the graph stores (``nif:isString``);
nothing else is changed: no NBSP replacement, no tone-placement change, no trimming.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
from pathlib import Path

from kg.errors import InputError
from kg.model import Article, Span
from kg.read.legacy import legacy_encoding, looks_like_viqr

log = logging.getLogger(__name__)

_HTML = {".html", ".htm"}
MAX_TEXT_BYTES = 5_000_000  # a long news article is ~100 kB; a larger .txt is a corpus or a mistake
_PLACEHOLDER = re.compile(r"\[[^\[\]]*\]")  # "[NO TITLE IN SOURCE TEXT; ...]"
# Windows-1258 writes tones as separate combining bytes; these marks and đ exist in no
# Western-European text, so one of them is the evidence that cp1258 bytes are Vietnamese.
_VI_ONLY_MARKS = {"\u0306", "\u031b", "\u0309", "\u0323"}  # breve, horn, hook above, dot below
_VI_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
) | {"đ", "Đ"}
_PUNCTUATION = frozenset("\u00a0“”‘’–—…•·°«»×±§©®™€")


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
        from kg.read.html import html_article  # kg.html imports this module

        return html_article(data, path)
    text = decode(data, str(path))
    return Article(
        id=path.stem,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=str(path),
        title=_title(text),
    )


def decode(data: bytes, source: str) -> str:
    """Decode an article's bytes to NFC text with LF line ends.

    UTF-8 (BOM stripped) or UTF-16 with a BOM; bytes that are not UTF-8 are accepted as
    Windows-1258 only when they decode cleanly and read as Vietnamese.

    >>> decode(b"\\xef\\xbb\\xbfHa\\xcc\\x80 N\\xe1\\xbb\\x99i\\r\\n", "a.txt")
    'Hà Nội\\n'

    Raises:
        InputError: binary, empty (or whitespace-only) or undecodable input.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(data, source)
        _reject_binary(text.find("\x00"), "character", source)
    else:
        _reject_binary(data.find(b"\x00"), "byte", source)
        text = _decode_8bit(data, source)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    _check_legacy(text, source)
    if all(c.isspace() or unicodedata.category(c) == "Cf" for c in text):
        raise InputError(f"{source}: empty article; nothing to build")
    return text


def _decode_utf16(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-16")  # the BOM picks the byte order and is removed
    except UnicodeDecodeError as e:
        raise InputError(
            f"{source}: not UTF-16 text despite its byte-order mark (offset {e.start}); convert it to UTF-8"
        ) from None


def _decode_8bit(data: bytes, source: str) -> str:
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        legacy = _as_cp1258(data)
        if legacy is None:
            if _mostly_not_utf8(data[bom:]):
                _check_legacy(data.decode("latin-1"), source)  # TCVN3 / VNI bytes: name the encoding
            offset = bom + e.start
            raise InputError(
                f"{source}: not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset}); "
                "convert it to UTF-8"
            ) from None
        log.warning("%s: not UTF-8; decoded as windows-1258", source)
        return legacy


def _as_cp1258(data: bytes) -> str | None:
    """The Windows-1258 reading of ``data`` if it decodes cleanly and reads as Vietnamese."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    if not any(m in text for m in _VI_ONLY_MARKS) and "đ" not in text.casefold():
        return None
    composed = unicodedata.normalize("NFC", text)
    for c in composed:
        if c.isascii() or c in _VI_LETTERS or c in _PUNCTUATION:
            continue
        return None  # a stray mark, symbol or letter no Vietnamese text has
    return text


def _mostly_not_utf8(data: bytes) -> bool:
    """True unless the bytes are UTF-8 with a few bad ones (then the bad byte is the news)."""
    high = sum(b >= 0x80 for b in data)
    return data.decode("utf-8", errors="replace").count("\ufffd") * 4 >= high


def _check_legacy(text: str, source: str) -> None:
    """Refuse TCVN3 and VNI text (garbled letters), warn about VIQR (tones as punctuation)."""
    encoding = legacy_encoding(text)
    if encoding is not None:
        raise InputError(
            f"{source}: looks like Vietnamese in the legacy {encoding} encoding, which would give "
            "garbled labels; convert it to Unicode (UTF-8) first, e.g. with UniKey's converter"
        )
    if looks_like_viqr(text):
        log.warning("%s: looks like VIQR (tones written as punctuation); it is kept as written", source)


def _reject_binary(nul: int, unit: str, source: str) -> None:
    if nul >= 0:
        raise InputError(f"{source}: not a text file (NUL {unit} at offset {nul}); pass a UTF-8 .txt article")


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
