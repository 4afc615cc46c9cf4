"""networkx graph → a deterministic, readable drawing plan shared by the picture and the page.

Nodes become labelled boxes in columns by type (groups · directives · persons, meetings and
articles · assessments, indicator values and organizations · places; other types to the
right), ordered inside a column by the barycenter of their neighbours so edges cross
little, with labels wrapped to the box width. Edges are cubic curves between box sides;
an edge that skips a column runs in a lane above or below the boxes it would cross. Units
are points in the picture and CSS pixels in the page; no randomness, no measurement of a
real font (`kg.export.palette` tables DejaVu Sans advance widths), so the plan is byte-stable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from kg.export.palette import LABEL_FONT, OTHER_RELATION, RELATION_COLOURS, text_width, type_colour, wrap

Point = tuple[float, float]
Segment = tuple[Point, ...]  # one point: move or line to it; three: a cubic curve to the last

LINE = 11.5  # line height of a box label
BOX_W, PAD_X, PAD_Y, V_GAP, COL_GAP, MARGIN, HEADER, LANE = 190.0, 8.0, 8.0, 9.0, 130.0, 24.0, 34.0, 9.0
MAX_ROWS = 24  # a taller column is split

_COLUMNS = {
    "OrganizationGroup": 0,
    "PersonGroup": 0,
    "Directive": 1,
    "Person": 2,
    "Meeting": 2,
    "Article": 2,
    "TargetAssessment": 3,
    "IndicatorObservation": 3,
    "Organization": 3,
    "Place": 4,
}


@dataclass(frozen=True, slots=True)
class Box:
    """A node drawn as a box centred on ``(x, y)``."""

    node: str
    type: str
    colour: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Curve:
    """An edge: a path from ``start`` through ``segments``, its colour, and where its label goes."""

    source: str
    target: str
    key: str
    relation: str
    label: str
    colour: str
    start: Point
    segments: tuple[Segment, ...]
    label_at: Point | None  # only edges whose label is not their relation's (a role) show it
    label_align: str  # "left" or "right": which end of the label is at ``label_at``


@dataclass(frozen=True, slots=True)
class Layout:
    """Boxes, curves and the size of the drawing; ``types``/``relations`` in legend order."""

    boxes: dict[str, Box]
    curves: tuple[Curve, ...]
    width: float
    height: float
    types: tuple[str, ...]
    relations: tuple[tuple[str, str], ...]  # (relation, readable label)


def arrow_head(curve: Curve, size: float = 6.0) -> list[tuple[float, float]]:
    """A triangle at the end of ``curve``, along its last tangent."""
    last = curve.segments[-1]
    tip = last[-1]
    before = (
        last[-2] if len(last) > 1 else (curve.segments[-2][-1] if len(curve.segments) > 1 else curve.start)
    )
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / norm, dy / norm
    back = (tip[0] - ux * size, tip[1] - uy * size)
    return [
        tip,
        (back[0] - uy * size / 2.4, back[1] + ux * size / 2.4),
        (back[0] + uy * size / 2.4, back[1] - ux * size / 2.4),
    ]


def layout(graph: Any) -> Layout:
    """Plan the drawing of a `kg.to_networkx` graph (any MultiDiGraph with ``label``/``type``)."""
    columns = _columns(graph)
    _order(graph, columns)
    boxes = _place(graph, columns)
    where = {node: i for i, column in enumerate(columns) for node in column}
    curves = _route(graph, boxes, where, columns)
    return _framed(graph, boxes, curves)


def _columns(graph: Any) -> list[list[str]]:
    extra = sorted({d["type"] for _, d in graph.nodes(data=True)} - _COLUMNS.keys())
    index = _COLUMNS | {kind: max(_COLUMNS.values()) + 1 + i for i, kind in enumerate(extra)}
    by_column: dict[int, list[str]] = defaultdict(list)
    order = list(index)
    for node, data in sorted(graph.nodes(data=True), key=lambda n: (order.index(n[1]["type"]), _key(n))):
        by_column[index[data["type"]]].append(node)
    columns: list[list[str]] = []
    for i in sorted(by_column):
        nodes = by_column[i]
        parts = -(-len(nodes) // MAX_ROWS)  # a tall column becomes several of equal height
        size = -(-len(nodes) // parts)
        columns.extend(nodes[j : j + size] for j in range(0, len(nodes), size))
    return columns


def _key(item: tuple[str, dict[str, Any]]) -> tuple[str, str]:
    return (str(item[1].get("label", "")).casefold(), item[0])


def _order(graph: Any, columns: list[list[str]]) -> None:
    """Barycenter sweeps: each node moves toward its neighbours; types stay in blocks."""
    neighbours: dict[str, list[str]] = defaultdict(list)
    for u, v in graph.edges():
        if u != v:
            neighbours[u].append(v)
            neighbours[v].append(u)
    for sweep in range(8):
        rank = {n: (i + 0.5) / len(col) for col in columns for i, n in enumerate(col)}
        home = {n: c for c, col in enumerate(columns) for n in col}
        for c in range(len(columns)) if sweep % 2 == 0 else reversed(range(len(columns))):
            bary = {n: _barycenter(n, neighbours[n], rank, home) for n in columns[c]}
            blocks: dict[str, list[str]] = defaultdict(list)
            for n in columns[c]:
                blocks[graph.nodes[n]["type"]].append(n)
            for members in blocks.values():
                members.sort(key=lambda n: (bary[n], rank[n]))
            ordered = sorted(blocks.values(), key=lambda m: (sum(bary[n] for n in m) / len(m), m[0]))
            columns[c] = [n for members in ordered for n in members]
            rank |= {n: (i + 0.5) / len(columns[c]) for i, n in enumerate(columns[c])}


def _barycenter(node: str, neighbours: list[str], rank: dict[str, float], home: dict[str, int]) -> float:
    """The mean rank of ``node``'s neighbours in other columns (its own rank if it has none)."""
    others = [rank[m] for m in neighbours if home[m] != home[node]]
    return sum(others) / len(others) if others else rank[node]


def _place(graph: Any, columns: list[list[str]]) -> dict[str, Box]:
    heights = {
        n: wrap(str(graph.nodes[n].get("label", n)), BOX_W - 2 * PAD_X) for col in columns for n in col
    }
    totals = []
    for col in columns:
        breaks = sum(
            graph.nodes[a]["type"] != graph.nodes[b]["type"] for a, b in zip(col, col[1:], strict=False)
        )
        totals.append(sum(len(heights[n]) * LINE + 2 * PAD_Y for n in col) + V_GAP * (len(col) - 1 + breaks))
    tallest = max(totals, default=0.0)
    boxes: dict[str, Box] = {}
    for c, col in enumerate(columns):
        x = c * (BOX_W + COL_GAP) + BOX_W / 2
        y = (tallest - totals[c]) / 2
        for i, n in enumerate(col):
            if i and graph.nodes[col[i - 1]]["type"] != graph.nodes[n]["type"]:
                y += V_GAP
            lines = heights[n]
            h = len(lines) * LINE + 2 * PAD_Y
            kind = str(graph.nodes[n]["type"])
            boxes[n] = Box(n, kind, type_colour(kind), x, y + h / 2, BOX_W, h, lines)
            y += h + V_GAP
    return boxes


def _route(graph: Any, boxes: dict[str, Box], where: dict[str, int], columns: list[list[str]]) -> list[Curve]:
    curves: list[Curve] = []
    lanes = {"above": 0, "below": 0}
    tops = [min(boxes[n].y - boxes[n].height / 2 for n in col) for col in columns]
    bottoms = [max(boxes[n].y + boxes[n].height / 2 for n in col) for col in columns]
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        a, b = boxes[u], boxes[v]
        step = where[v] - where[u]
        relation = str(data.get("relation", ""))
        if step == 0:
            start, end = (a.x + a.width / 2, a.y), (b.x + b.width / 2, b.y)
            bulge = 28 + 0.12 * abs(b.y - a.y)
            segments: list[Segment] = [((start[0] + bulge, start[1]), (end[0] + bulge, end[1]), end)]
        else:
            side = 1 if step > 0 else -1
            start, end = (a.x + side * a.width / 2, a.y), (b.x - side * b.width / 2, b.y)
            if abs(step) == 1:
                segments = [_s_curve(start, end)]
            else:
                between = range(min(where[u], where[v]) + 1, max(where[u], where[v]))
                top, bottom = min(tops[i] for i in between), max(bottoms[i] for i in between)
                lane = (
                    "above"
                    if abs(a.y - top) + abs(b.y - top) <= abs(a.y - bottom) + abs(b.y - bottom)
                    else "below"
                )
                lanes[lane] += 1
                y = top - LANE * lanes[lane] if lane == "above" else bottom + LANE * lanes[lane]
                gap = side * COL_GAP / 2
                p, q = (start[0] + gap, y), (end[0] - gap, y)
                segments = [_s_curve(start, p), (q,), _s_curve(q, end)]
        label = str(data.get("label", relation))
        shown = relation == "holds_post"
        colour = RELATION_COLOURS.get(relation, OTHER_RELATION)
        # a role is written just above the arrow head, outside the box it points at
        align = "right" if end[0] < b.x else "left"
        at = (end[0] + (-4 if align == "right" else 4), end[1] - 7) if shown else None
        curves.append(Curve(u, v, str(key), relation, label, colour, start, tuple(segments), at, align))
    return _spread_labels(curves)


def _s_curve(start: Point, end: Point) -> Segment:
    dx = (end[0] - start[0]) / 2
    return ((start[0] + dx, start[1]), (end[0] - dx, end[1]), end)


def _spread_labels(curves: list[Curve]) -> list[Curve]:
    """Move edge labels down until no two overlap."""
    placed: list[tuple[float, float, float]] = []  # left, right, y
    result = []
    for curve in sorted(curves, key=lambda c: (c.label_at or (0, 0))[1]):
        if curve.label_at is not None:
            x, y = curve.label_at
            width = text_width(curve.label, LABEL_FONT) + 6
            left, right = (x - width, x) if curve.label_align == "right" else (x, x + width)
            while any(left < b and a < right and abs(y - py) < LINE for a, b, py in placed):
                y -= 2
            placed.append((left, right, y))
            curve = replace(curve, label_at=(x, y))
        result.append(curve)
    return sorted(result, key=lambda c: (c.source, c.target, c.key))


def _framed(graph: Any, boxes: dict[str, Box], curves: list[Curve]) -> Layout:
    """Shift everything so the drawing starts at the margin, below the header."""
    xs = [x for b in boxes.values() for x in (b.x - b.width / 2, b.x + b.width / 2)]
    ys = [y for b in boxes.values() for y in (b.y - b.height / 2, b.y + b.height / 2)]
    for c in curves:
        for point in (c.start, *(p for seg in c.segments for p in seg)):
            xs.append(point[0])
            ys.append(point[1])
    dx, dy = MARGIN - min(xs, default=0.0), MARGIN + HEADER - min(ys, default=0.0)

    def moved(p: Point) -> Point:
        return (round(p[0] + dx, 2), round(p[1] + dy, 2))

    shifted = {n: replace(b, x=round(b.x + dx, 2), y=round(b.y + dy, 2)) for n, b in boxes.items()}
    moved_curves = tuple(
        replace(
            c,
            start=moved(c.start),
            segments=tuple(tuple(moved(p) for p in seg) for seg in c.segments),
            label_at=moved(c.label_at) if c.label_at else None,
        )
        for c in curves
    )
    order = list(_COLUMNS)
    types = sorted(
        {b.type for b in boxes.values()}, key=lambda t: (order.index(t) if t in order else len(order), t)
    )
    labels = {c.relation: c.label for c in curves if c.relation in RELATION_COLOURS}
    labels |= {c.relation: "holds post in (role)" for c in curves if c.label_at is not None}
    if any(c.relation not in RELATION_COLOURS for c in curves):
        labels["other"] = "other relations"
    relation_order = [*RELATION_COLOURS, "other"]
    relations = tuple(sorted(labels.items(), key=lambda item: relation_order.index(item[0])))
    width = max(xs, default=0.0) + dx + MARGIN
    height = max(ys, default=0.0) + dy + MARGIN
    return Layout(shifted, moved_curves, round(width, 2), round(height, 2), tuple(types), relations)
