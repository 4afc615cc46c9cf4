"""A length-preserving matching view of an article's text.

The stored text (`Article.text`) is never changed: every offset indexes it. Extraction reads a
view of the same length in which characters that only get in the way of matching are
replaced one for one, so names and labels come out clean while spans still point at the
original words:

- invisible characters (zero-width space and joiners, word joiner, soft hyphen, a stray BOM,
  line and paragraph separators) become spaces: "Nguyễn\\u200bVăn" reads as "Nguyễn Văn";
- other control characters become spaces;
- look-alike letters become the Vietnamese letter they imitate: "Ð" (U+00D0, Icelandic eth)
  → "Đ"; Cyrillic letters inside an otherwise Latin word → their Latin twins ("N\u0430m" → "Nam").
"""

from __future__ import annotations

import logging
import re
import unicodedata

log = logging.getLogger(__name__)

_INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff\u2028\u2029\u180e"
_LOOKALIKE = {"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"}
_CYRILLIC_TO_LATIN = dict(zip("АВЕКМНОРСТХаеорсухіјѕ", "ABEKMHOPCTXaeopcyxijs", strict=True))
_WORD = re.compile(r"\w+")  # not \w*[Cyrillic]\w*: from each letter of a long word, that re-reads it
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def matching_view(text: str, source: str = "") -> str:
    """The text with invisible, control and look-alike characters replaced one for one.

    >>> matching_view("Nguyễn\\u200bVăn A, Ðà Nẵng, Việt N\\u0430m") == "Nguyễn Văn A, Đà Nẵng, Việt Nam"
    True
    """
    chars = list(text)
    changed = 0
    for i, c in enumerate(chars):
        if c in _INVISIBLE or (unicodedata.category(c) == "Cc" and c not in "\n\t"):
            chars[i] = " "
        elif c in _LOOKALIKE:
            chars[i] = _LOOKALIKE[c]
        else:
            continue
        changed += 1
    view = "".join(chars)
    pieces: list[str] = []
    end = 0
    for m in _WORD.finditer(view) if _CYRILLIC.search(view) else ():
        word = m.group()
        if _CYRILLIC.search(word) and any("a" <= c.lower() <= "z" for c in word):  # Latin and Cyrillic
            fixed = "".join(_CYRILLIC_TO_LATIN.get(c, c) for c in word)
            pieces += [view[end : m.start()], fixed]
            end = m.end()
            changed += 1
            log.warning("%s: mixed Latin and Cyrillic letters in %r; read as %r", source, word, fixed)
    view = "".join([*pieces, view[end:]])
    if changed:
        log.info("%s: %d invisible, control or look-alike characters read as plain ones", source, changed)
    assert len(view) == len(text)
    return view
