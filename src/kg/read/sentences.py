"""Article → sentences with offsets.

Each non-empty line is a block (title, paragraph, caption, byline); blocks split into
sentences at ". ! ? …" followed by an upper-case start, and at "/." (the end mark of
Vietnamese news). Spans index `Article.text` and are trimmed of surrounding spaces.
"""

from __future__ import annotations

import re

from kg.model import Article, Sentence, Span

_LINE = re.compile(r"[^\n]+")
# a sentence end: terminal punctuation (optionally closed by quotes/brackets), then either
# spaces and an upper-case letter, or directly an upper-case letter after "…" / "/."
_END = re.compile(r"""(?:[.!?]+["”’)\]]*|…+|/\.)(?=\s+["“(]?[A-ZĐÀ-Ỹ]|(?<=…)[A-ZĐÀ-Ỹ]|\s*$)""")
_WORD_BEFORE_DOT = re.compile(r"(?:^|\s)(?:[A-ZĐ]{1,3}|TP|Tp|T\.Ư|TW|St|[A-Z])\.$")


def sentences(article: Article) -> tuple[Sentence, ...]:
    """Split the article into numbered sentences (1-based)."""
    text = article.text
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for m in _END.finditer(line.group()):
            end = line.start() + m.end()
            if _is_abbreviation(text[start:end]):
                continue
            _add(out, text, start, end)
            start = end
        _add(out, text, start, line.end())
    return tuple(out)


def _is_abbreviation(chunk: str) -> bool:
    """True when a chunk ends in an abbreviation dot ("TP.", "T.Ư.") rather than a sentence end."""
    return chunk.endswith(".") and not chunk.endswith("/.") and bool(_WORD_BEFORE_DOT.search(chunk))


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out) + 1, Span(start, end, text[start:end])))
