"""Colours, names and text metrics of the pictures and the page: one look for both.

Node types and relations have fixed colours (Okabe-Ito and friends: distinguishable, dark
enough for borders; box fills are light tints). Text is measured with the advance widths
of DejaVu Sans, the font matplotlib bundles and the page asks for first, so labels are
wrapped the same way everywhere without opening a font file.
"""

from __future__ import annotations

import unicodedata

FONT = 9.0  # box label size
LABEL_FONT = 8.0  # edge label (role) size
MAX_LINES = 4  # a longer label is cut with "…"

# Okabe-Ito and friends: distinguishable, colour-blind safe enough, dark enough for borders
TYPE_COLOURS: dict[str, str] = {
    "Person": "#E69F00",
    "Organization": "#0072B2",
    "OrganizationGroup": "#56B4E9",
    "PersonGroup": "#B8860B",
    "Meeting": "#D55E00",
    "Directive": "#CC79A7",
    "TargetAssessment": "#009E73",
    "IndicatorObservation": "#5D8C2F",
    "Place": "#8C6D46",
    "Article": "#555555",
}
_MORE_COLOURS = ("#7F3C8D", "#11A579", "#3969AC", "#F2B701", "#E73F74", "#80BA5A", "#E68310", "#008695")
RELATION_COLOURS: dict[str, str] = {
    "holds_post": "#E69F00",
    "chaired": "#D55E00",
    "co_chaired": "#D55E00",
    "organized": "#0072B2",
    "issued": "#CC79A7",
    "issued_at": "#9E9AC8",
    "addressed_to": "#56B4E9",
    "stated_at": "#009E73",
    "in_area": "#A6A6A6",
    "located_in": "#8C6D46",
    "part_of": "#D4A373",
    "sub_organization_of": "#004C7A",
    "wrote": "#555555",
    "about": "#999933",
}
OTHER_RELATION = "#B0B0B0"
TYPE_NAMES: dict[str, str] = {  # legend text
    "OrganizationGroup": "Group of bodies",
    "PersonGroup": "Group of officials",
    "TargetAssessment": "Target assessment",
    "IndicatorObservation": "Indicator value",
}
# DejaVu Sans advance widths (em) of ASCII 32..126; other letters are measured by their base letter
_ADVANCE = (
    "32 40 46 84 64 95 78 27 39 39 50 84 32 36 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 84 53 100 "
    "68 69 70 77 63 58 77 75 29 29 66 56 86 75 79 60 79 69 63 61 73 68 99 69 61 69 39 34 39 84 50 50 61 "
    "63 55 63 62 35 63 63 28 28 58 28 97 63 61 63 63 41 52 39 63 59 82 59 59 52 64 34 64 84"
)
_WIDTHS = {chr(32 + i): int(w) / 100 for i, w in enumerate(_ADVANCE.split())}


def type_colour(kind: str, known: dict[str, str] = TYPE_COLOURS) -> str:
    """The colour of a node type; unknown types get a fixed colour from their name."""
    if kind in known:
        return known[kind]
    return _MORE_COLOURS[sum(map(ord, kind)) % len(_MORE_COLOURS)]


def tint(colour: str, keep: float = 0.22) -> str:
    """``colour`` mixed with white (boxes are light, their borders full colour)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02X}" for c in rgb)


def text_width(text: str, size: float = FONT) -> float:
    """The width of ``text`` set in DejaVu Sans at ``size``, from its advance widths."""
    total = 0.0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[:1]
        total += _WIDTHS.get(base, 0.63 if ch.isalpha() else 1.0)
    return total * size


def wrap(text: str, width: float, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    """``text`` broken into lines no wider than ``width``; the last kept line ends in "…" if cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            while text_width(word) > width:  # a word wider than the box: cut it
                cut = max(1, next(i for i in range(len(word), 0, -1) if text_width(word[:i]) <= width))
                lines.append(word[:cut])
                word = word[cut:]
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > width:
            last = last[:-1].rstrip()
        lines = [*lines[: max_lines - 1], last + "…"]
    return tuple(lines) or ("",)
