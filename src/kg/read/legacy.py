"""Recognize Vietnamese text in legacy encodings that would otherwise become garbled labels.

Before Unicode, Vietnamese was typed with font encodings: TCVN3 (ABC) put precomposed letters
on the bytes 0xA1-0xFE ("Ban ChÊp hµnh §¶ng bé"), VNI wrote a base letter followed by a
tone byte ("Ban Chaáp haønh Ñaûng boä"). Read as Unicode, both give text whose letters
are wrong, and no decoder in the standard library maps them back, so `kg` refuses such a
file and names the encoding. VIQR writes tones as ASCII punctuation ("Vie^.t Nam"); it is
legible and only warned about.
"""

from __future__ import annotations

import re

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
