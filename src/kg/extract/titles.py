"""Title words: where a title of the lexicon ("Bí thư", "Phó Chủ tịch UBND", "BTV") begins.

Lower-case forms match in any case; forms written in capitals (abbreviations) match exactly.
"""

from __future__ import annotations

import re
from functools import cache

from kg.lexicons import Title, alternation, lexicon


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Title]]:
    by_form = {f.casefold(): t for t in lexicon().titles for f in t.forms if not f.isupper()}
    caps = {f: t for t in lexicon().titles for f in t.forms if f.isupper()}
    any_case = re.compile(r"(?<![\w])(?:" + alternation(by_form) + r")(?![\w])", re.I)
    exact = re.compile(r"(?<![\w])(?:" + alternation(caps) + r")(?![\w])")
    return any_case, exact, {**by_form, **caps}


@cache
def _longest_form() -> int:
    return max(len(f) for t in lexicon().titles for f in t.forms) + 1


def titles_at(text: str, pos: int, end: int | None = None) -> list[tuple[Title, int]]:
    """Every title starting exactly at ``pos`` with where it ends, longest first."""
    any_case, exact, table = _patterns()
    end = len(text) if end is None else end
    lowered = text[pos : min(end, pos + _longest_form())].casefold()
    found = [(table[f], pos + len(f)) for f in table if f.isupper() and text.startswith(f, pos)]
    found += [(table[f], pos + len(f)) for f in table if not f.isupper() and lowered.startswith(f)]
    found = [(t, e) for t, e in found if e <= end and (e == len(text) or not text[e].isalnum())]
    if pos > 0 and text[pos - 1].isalnum():
        return []
    return sorted(found, key=lambda te: -te[1])


def title_at(text: str, pos: int, end: int | None = None) -> tuple[Title, int] | None:
    """The longest title starting exactly at ``pos`` and where it ends."""
    found = titles_at(text, pos, end)
    return found[0] if found else None


def find_titles(text: str, start: int, end: int) -> list[int]:
    """Positions in ``text[start:end]`` where a capitalized title begins."""
    any_case, exact, _ = _patterns()
    hits = {m.start() for p in (any_case, exact) for m in p.finditer(text, start, end)}
    return sorted(p for p in hits if text[p].isupper())
