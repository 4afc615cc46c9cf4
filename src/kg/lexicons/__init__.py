"""Load the rule data in ``kg/lexicons/*.tsv`` once, validated, into one typed `Lexicon`.

Every file is UTF-8 TSV: ``#`` comment lines, a header row, then one entry a line. A bad
entry raises `LexiconError` naming ``lexicons/FILE:LINE``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kg.errors import LexiconError
from kg.model import Role
from kg.resources import lexicon_path


@dataclass(frozen=True, slots=True)
class OrgHead:
    """Words that open an organization's name ("Ban Thường vụ", "UBND", "Tỉnh ủy")."""

    forms: tuple[str, ...]
    kind: str
    slot: str  # level | fixed | parent | group | a level word implied by the head


@dataclass(frozen=True, slots=True)
class Title:
    """A role with the surface forms that write it and, optionally, the body it implies."""

    role: Role
    forms: tuple[str, ...]
    implied_org: str | None
    held_in: str | None = None  # org kind of the body a chain leaves out ("Phó Bí thư, Chủ tịch UBND")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All rule data, by name."""

    titles: tuple[Title, ...]
    org_types: dict[str, tuple[str, str, bool]]  # code -> (label_vi, label_en, is_unit)
    org_heads: tuple[OrgHead, ...]
    org_names: dict[tuple[str, str], tuple[str, ...]]  # (kind, level or "*") -> templates
    levels: dict[str, tuple[str, int]]  # casefolded form -> (level, rank)
    honorifics: tuple[str, ...]
    surnames: frozenset[str]
    meeting_words: dict[str, str]  # form -> kind
    directive_verbs: dict[str, str]  # form -> modality ("-": not a directive verb)
    action_verbs: tuple[str, ...]


def alternation(forms: Iterable[str]) -> str:
    """A regex alternation of the forms, escaped, longest first (so the longest form wins)."""
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


def read_tsv(name: str, columns: int) -> list[tuple[int, list[str]]]:
    """Rows of a lexicon file as (line number, cells), header and comments skipped."""
    text = lexicon_path(name).read_text(encoding="utf-8")
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        if unicodedata.normalize("NFC", line) != line:
            raise LexiconError(f"lexicons/{name}:{number}: not NFC-normalized")
        cells = line.split("\t")
        cells += [""] * (columns - len(cells))
        if len(cells) != columns or not cells[0].strip():
            raise LexiconError(f"lexicons/{name}:{number}: expected {columns} tab-separated columns")
        rows.append((number, [c.strip() for c in cells]))
    return rows


def _forms(cell: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in cell.split("|") if f.strip())


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon, loaded and checked once per process."""
    org_types = {c[0]: (c[1], c[2], c[3] == "1") for _, c in read_tsv("org_types.tsv", 4)}
    heads = []
    for number, (forms, kind, slot) in read_tsv("org_heads.tsv", 3):
        if kind not in org_types:
            raise LexiconError(f"lexicons/org_heads.tsv:{number}: unknown kind {kind!r}")
        heads.append(OrgHead(_forms(forms), kind, slot))
    titles = tuple(
        Title(Role(c[0], c[1], c[2]), _forms(c[3]), c[4] or None, c[5] or None)
        for _, c in read_tsv("roles.tsv", 6)
    )
    return Lexicon(
        titles=titles,
        org_types=org_types,
        org_heads=tuple(heads),
        org_names={(c[0], c[1]): _forms(c[2]) for _, c in read_tsv("org_names.tsv", 3)},
        levels={f.casefold(): (c[1], int(c[2])) for _, c in read_tsv("levels.tsv", 3) for f in _forms(c[0])},
        honorifics=tuple(c[0] for _, c in read_tsv("honorifics.tsv", 1)),
        surnames=frozenset(c[0] for _, c in read_tsv("surnames.tsv", 1)),
        meeting_words={c[0]: c[1] for _, c in read_tsv("meeting_words.tsv", 2)},
        directive_verbs={c[0]: c[1] for _, c in read_tsv("directive_verbs.tsv", 2)},
        action_verbs=tuple(c[0] for _, c in read_tsv("action_verbs.tsv", 1)),
    )
