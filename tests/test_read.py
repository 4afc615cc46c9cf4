"""kg.read.article: decoding, normalization and the article's id, hash and title."""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
from importlib.resources import as_file
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Span
from kg.read.article import read_article
from kg.read.encodings import decode
from kg.resources import sample_article

TEXT = "Hội nghị tổng kết năm\nĐồng chí Bí thư phát biểu chỉ đạo.\n"
NFD = unicodedata.normalize("NFD", TEXT)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def test_utf8_is_read_as_is() -> None:
    assert decode(TEXT.encode(), "a.txt") == TEXT


def test_bom_is_stripped() -> None:
    assert decode(codecs.BOM_UTF8 + TEXT.encode(), "a.txt") == TEXT


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"", "utf-16"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    assert decode(bom + TEXT.encode(codec), "a.txt") == TEXT


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_become_lf(newline: str) -> None:
    assert decode(TEXT.replace("\n", newline).encode(), "a.txt") == TEXT


def test_nfd_becomes_nfc() -> None:
    assert NFD != TEXT
    assert decode(NFD.encode(), "a.txt") == TEXT


def test_text_is_otherwise_kept() -> None:
    kept = "  Thanh Hoá\u00a0và Thanh Hóa\tthuỷ \u200b\n\n"  # NBSP, both tone styles, ZWSP, spacing
    assert decode(kept.encode(), "a.txt") == kept


def test_windows_1258_is_decoded_when_it_reads_as_vietnamese(caplog: pytest.LogCaptureFixture) -> None:
    data = _cp1258(TEXT)
    assert data.startswith(bytes.fromhex("48f4f269"))  # "Hội": ô, then the dot-below byte
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data, "a.txt") == TEXT
    assert caplog.messages == ["a.txt: not UTF-8; decoded as windows-1258"]


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: vowel marks (ô ă ơ) precomposed, tones as separate combining bytes."""
    out = b""
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        out += (base + tones).encode("cp1258")
    return out


def test_latin1_is_not_taken_for_windows_1258() -> None:
    with pytest.raises(InputError) as e:
        decode("Le café de la gare\n".encode("latin-1"), "fr.txt")
    assert str(e.value) == "fr.txt: not UTF-8 text (byte 0xe9 at offset 6); convert it to UTF-8"


def test_tcvn3_bytes_are_refused() -> None:
    tcvn3 = bytes.fromhex("43e96e6720686fb52078b72068e969")  # "Cộng hoà xã hội" in TCVN3
    with pytest.raises(InputError) as e:
        decode(tcvn3, "old.txt")
    assert str(e.value) == "old.txt: not UTF-8 text (byte 0xe9 at offset 1); convert it to UTF-8"


def test_invalid_utf8_names_byte_and_offset() -> None:
    with pytest.raises(InputError) as e:
        decode(TEXT.encode() + b"\xff" + TEXT.encode(), "bad.txt")
    offset = len(TEXT.encode())
    assert str(e.value) == f"bad.txt: not UTF-8 text (byte 0xff at offset {offset}); convert it to UTF-8"


def test_offset_counts_the_bom() -> None:
    with pytest.raises(InputError) as e:
        decode(codecs.BOM_UTF8 + b"ab\x81", "bom.txt")
    assert str(e.value) == "bom.txt: not UTF-8 text (byte 0x81 at offset 5); convert it to UTF-8"


def test_truncated_sequence_at_end() -> None:
    with pytest.raises(InputError) as e:
        decode(b"Vi" + "ệ".encode()[:2], "cut.txt")
    assert str(e.value) == "cut.txt: not UTF-8 text (byte 0xe1 at offset 2); convert it to UTF-8"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u00a0\u200b\ufeff\n".encode(), codecs.BOM_UTF8])
def test_empty_or_blank(data: bytes) -> None:
    with pytest.raises(InputError) as e:
        decode(data, "empty.txt")
    assert str(e.value) == "empty.txt: empty article; nothing to build"


def test_binary_is_refused() -> None:
    with pytest.raises(InputError) as e:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "pic.txt")
    assert str(e.value) == "pic.txt: not a text file (NUL byte at offset 8); pass a UTF-8 .txt article"


def test_nul_in_utf16_is_refused() -> None:
    with pytest.raises(InputError) as e:
        decode("ab\x00c".encode("utf-16"), "nul.txt")
    assert str(e.value) == "nul.txt: not a text file (NUL character at offset 2); pass a UTF-8 .txt article"


def test_read_article(tmp_path: Path) -> None:
    path = tmp_path / "042_abc.txt"
    path.write_bytes(codecs.BOM_UTF8 + NFD.replace("\n", "\r\n").encode())
    article = read_article(path)
    assert article.id == "042_abc"
    assert article.text == TEXT
    assert article.sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
    assert article.source == str(path)
    assert article.title == Span(0, 21, "Hội nghị tổng kết năm")


def test_title_is_first_non_empty_line_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\n \n  Tiêu đề bài\u00a0 \nThân bài.\n", encoding="utf-8")
    title = read_article(path).title
    assert title == Span(5, 16, "Tiêu đề bài")
    assert read_article(path).text[title.start : title.end] == title.text


def test_placeholder_title_is_none(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("[NO TITLE IN SOURCE TEXT; url has no slug]\nThân bài.\n", encoding="utf-8")
    assert read_article(path).title is None


def test_title_starting_with_bracket_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("[Video] Hội nghị\n", encoding="utf-8")
    assert read_article(path).title == Span(0, 16, "[Video] Hội nghị")


def test_same_text_same_hash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TEXT.encode())
    (tmp_path / "b.txt").write_bytes(codecs.BOM_UTF8 + NFD.replace("\n", "\r\n").encode())
    assert read_article(tmp_path / "a.txt").sha256 == read_article(tmp_path / "b.txt").sha256


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as e:
        read_article(path)
    assert str(e.value) == f"{path}: no such file; check the path"


def test_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        read_article(tmp_path)
    assert str(e.value) == f"{tmp_path}: is a folder, not an article file; pass a .txt file"


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as e:
        read_article(fifo)
    assert str(e.value) == f"{fifo}: not a regular file; pass a .txt article"


@pytest.mark.parametrize("name", ["a.html", "b.htm", "C.HTML"])
def test_html_is_read_as_a_web_page(tmp_path: Path, name: str) -> None:
    path = tmp_path / name  # the page reader itself: tests/test_html.py
    path.write_text("<html><body><p>Hội nghị &amp; <b>giao ban</b></p></body></html>", encoding="utf-8")
    assert read_article(path).text == "Hội nghị & giao ban\n"


def test_bundled_sample_reads() -> None:
    with as_file(sample_article()) as path:
        article = read_article(path)
    assert article.id == "000_3260d56a15f8bcf8"
    assert article.title is not None and article.text.startswith(article.title.text)
    assert unicodedata.is_normalized("NFC", article.text)
