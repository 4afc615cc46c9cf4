"""Normalized identity keys: pure functions from Vietnamese names to ``[a-z0-9-]`` strings.

Keys decide identity (equal keys = same thing); `kg.rdf.mapping` turns them into IRIs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII fold: đ→d first (it has no decomposition), then drop every mark.

    >>> fold("Đảng bộ Thành phố Bắc Kạn")
    'dang bo thanh pho bac kan'
    """
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def slug(text: str, limit: int = 60) -> str:
    """A readable ``[a-z0-9-]`` slug, cut at a hyphen to at most ``limit`` characters.

    >>> slug("UBND xã, phường")
    'ubnd-xa-phuong'
    """
    out = _NON_SLUG.sub("-", fold(text)).strip("-")
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0]
    return out or "x"


def tone_key(text: str) -> str:
    """A key that ignores tone placement (hòa/hoà) but keeps tones: marks become digits.

    >>> tone_key("Triệu Biển") == tone_key("Triệu Biển"), tone_key("Triệu Biển") != tone_key("Triệu Biên")
    (True, True)
    """
    words = []
    for word in unicodedata.normalize("NFC", text).casefold().split():
        decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
        tones = "".join(_TONES[c] for c in decomposed if c in _TONES)
        base = "".join(c for c in decomposed if c not in _TONES)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


def short_hash(*parts: str, length: int = 16) -> str:
    """The first ``length`` hex digits of SHA-256 over the parts joined by "|"."""
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:length]
