"""Article bytes → NFC text: UTF-8, UTF-16 or Windows-1258, and legacy encodings refused.

`decode` takes UTF-8 (BOM stripped) or UTF-16 with a BOM, and Windows-1258 bytes that read as
Vietnamese; it normalizes line ends to LF and the text to NFC.

Before Unicode, Vietnamese was typed with font encodings: TCVN3 (ABC) put precomposed letters
on the bytes 0xA1-0xFE ("Ban ChÊp hµnh §¶ng bé"), VNI wrote a base letter followed by a
tone byte ("Ban Chaáp haønh Ñaûng boä"). Read as Unicode, both give text whose letters
are wrong, and no decoder in the standard library maps them back, so `kg` refuses such a
file and names the encoding. VIQR writes tones as ASCII punctuation ("Vie^.t Nam"); it is
legible and only warned about.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from kg.errors import InputError

log = logging.getLogger(__name__)

# Windows-1258 writes tones as separate combining bytes; these marks and đ exist in no
# Western-European text, so one of them is the evidence that cp1258 bytes are Vietnamese.
_VI_ONLY_MARKS = {"\u0306", "\u031b", "\u0309", "\u0323"}  # breve, horn, hook above, dot below
_VI_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
) | {"đ", "Đ"}
_PUNCTUATION = frozenset("\u00a0“”‘’–—…•·°«»×±§©®™€")

# TCVN3 bytes read as Latin-1 that stand for Vietnamese letters: à á ả ã ạ ă â ê ô ơ đ Đ
_TCVN3 = re.compile(r"(?<=[A-Za-z])[µ¸¶·¹¨©ª«¬®]|[µ¸¶·¹¨©ª«¬®§](?=[A-Za-z])")
# VNI tone and shape bytes read as Latin-1: letters no Vietnamese word contains
_VNI = re.compile(r"(?<=[A-Za-z])[äåëïöøûÄÅËÏÖØÛ]|[ñÑ](?=[aeiouAEIOU])")
# VIQR: a shape mark (^ ( +) after a vowel, or a tone mark inside a word ("Vie^.t", "ba('c")
_VIQR = re.compile(r"[aeiouyAEIOUY][\^(+][`'?~.]?[a-z]|[aeiouyAEIOUY][`'?~.][a-z]{1,2}\b")
_MIN_HITS = 3


def legacy_encoding(text: str) -> str | None:
    """The legacy encoding the text is written in ("TCVN3" or "VNI"), or None.

    >>> legacy_encoding("Ban ChÊp hµnh §¶ng bé thµnh phè"), legacy_encoding("Ban Chấp hành")
    ('TCVN3', None)
    >>> legacy_encoding("Ban Chaáp haønh Ñaûng boä thaønh phoá")
    'VNI'
    """
    letters = sum(c.isalpha() for c in text) or 1
    for name, pattern in (("TCVN3", _TCVN3), ("VNI", _VNI)):
        hits = len(pattern.findall(text))
        if hits >= _MIN_HITS and hits * 200 >= letters:  # at least 1 letter in 200
            return name
    return None


def looks_like_viqr(text: str) -> bool:
    """True for ASCII text that writes Vietnamese tones as punctuation ("Vie^.t Nam").

    >>> looks_like_viqr("Ba(c Ka.n, tha`nh pho^' Vie^.t Nam"), looks_like_viqr("Don't stop. Go!")
    (True, False)
    """
    if not text.isascii():
        return False
    return len(_VIQR.findall(text)) >= _MIN_HITS


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
