"""networkx graph → one self-contained, offline HTML page to explore it.

A small graph (one article, a focused neighbourhood: at most `DRAWN_MAX` nodes) gets
``templates/graph.html`` with three things filled in: the title, the whole graph drawn as
inline SVG from the `kg.export.layout` plan, and the nodes' attributes and relations as JSON. In
the browser one can pan and zoom, search nodes by name (with or without Vietnamese
diacritics), and click a node to see its properties, its relations and the sentence it was
read from.

A larger graph (a corpus) gets ``templates/explorer.html``: only the data as JSON, drawn
in the browser a piece at a time. It opens on an overview (counts by type, the most
connected people and bodies); a search or a click shows one entity's neighbourhood laid
out by forces, and a side panel gives its profile, each line with the sentence it was read
from. Both pages are hand-written HTML, CSS and JavaScript: no library, nothing fetched.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from typing import Any

from kg.export.layout import LINE, Layout, arrow_head, layout
from kg.export.palette import (
    FONT,
    LABEL_FONT,
    OTHER_RELATION,
    RELATION_COLOURS,
    TYPE_NAMES,
    tint,
    type_colour,
)

_HIDDEN = {"label", "type", "evidence", "sentence"}  # shown apart, not in the properties table


DRAWN_MAX = 100  # a larger graph opens on an overview, not drawn whole


def page(graph: Any, title: str) -> bytes:
    """The HTML page of ``graph`` (a `kg.to_networkx` graph), UTF-8, byte-stable."""
    if graph.number_of_nodes() > DRAWN_MAX:
        return explorer(graph, title)
    plan = layout(graph)
    template = files("kg.export").joinpath("templates", "graph.html").read_text(encoding="utf-8")
    filled = {
        "{{TITLE}}": escape(title),
        "{{LEGEND}}": _legend(plan, graph),
        "{{SVG}}": _svg(plan),
        "{{DATA}}": json.dumps(_data(graph), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"),
    }
    for placeholder, value in filled.items():
        template = template.replace(placeholder, value)
    return template.encode("utf-8")


def explorer(graph: Any, title: str) -> bytes:
    """The explorer page of ``graph``, whatever its size (see the module docstring)."""
    template = files("kg.export").joinpath("templates", "explorer.html").read_text(encoding="utf-8")
    data = json.dumps(_explorer_data(graph), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    template = template.replace("{{TITLE}}", escape(title))
    return template.replace("{{DATA}}", data.replace("<", "\\u003c")).encode("utf-8")


def _explorer_data(graph: Any) -> dict[str, Any]:
    """Nodes and edges as compact lists (node i is referred to by i), with types and colours.

    A node is ``[iri, label, type, date, properties, evidence, sentence, articles]``; an edge
    ``[source, target, relation, label, evidence, sentence, articles]`` (articles: node
    indexes). A meeting's date is its start date; a directive's, the date of the meeting
    it was issued or stated at, else its article's publication date.
    """
    ids = sorted(graph.nodes)
    index = {node: i for i, node in enumerate(ids)}
    types = sorted({str(d.get("type", "")) for _, d in graph.nodes(data=True)})

    def articles(data: dict[str, Any]) -> list[int]:
        return [index[a] for a in str(data.get("article", "")).split() if a in index]

    nodes = []
    for node in ids:
        data = graph.nodes[node]
        props = [[k, str(v)] for k, v in data.items() if k not in _HIDDEN | {"article"}]
        nodes.append(
            [
                node,
                str(data.get("label", node)),
                types.index(str(data.get("type", ""))),
                _date(graph, node),
                props,
                str(data.get("evidence", "")),
                str(data.get("sentence", "")),
                articles(data),
            ]
        )
    edges = [
        [
            index[s],
            index[t],
            str(d.get("relation", "")),
            str(d.get("label", "")),
            str(d.get("evidence", "")),
            str(d.get("sentence", "")),
            articles(d),
        ]
        for s, t, _, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    colours = {kind: [type_colour(kind), tint(type_colour(kind))] for kind in types}
    names = {kind: TYPE_NAMES.get(kind, kind) for kind in types}
    return {"types": types, "colours": colours, "names": names, "nodes": nodes, "edges": edges}


def _date(graph: Any, node: str) -> str:
    data = graph.nodes[node]
    kind = data.get("type")
    if kind == "Meeting":
        return str(data.get("start_date", ""))[:10]
    if kind == "Article":
        return str(data.get("date_published", ""))[:10]
    if kind != "Directive":
        return ""
    for other in sorted(graph.successors(node)):
        if graph.nodes[other].get("type") == "Meeting" and graph.nodes[other].get("start_date"):
            return str(graph.nodes[other]["start_date"])[:10]
    for article in str(data.get("article", "")).split():
        if article in graph and graph.nodes[article].get("date_published"):
            return str(graph.nodes[article]["date_published"])[:10]
    return ""


def _data(graph: Any) -> dict[str, Any]:
    """Per node: label, type, properties, evidence, sentence, and its relations both ways."""
    nodes: dict[str, Any] = {}
    for node, data in graph.nodes(data=True):
        nodes[node] = {
            "label": str(data.get("label", node)),
            "type": str(data.get("type", "")),
            "props": [[k, str(v)] for k, v in data.items() if k not in _HIDDEN],
            "evidence": str(data.get("evidence", "")),
            "sentence": str(data.get("sentence", "")),
            "out": [],
            "in": [],
        }
    for source, target, data in graph.edges(data=True):
        label = str(data.get("label", ""))
        nodes[source]["out"].append([label, target])
        nodes[target]["in"].append([label, source])
    return {"nodes": nodes}


def _svg(plan: Layout) -> str:
    parts = [f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {plan.width} {plan.height}">']
    parts.append('<g id="edges">')
    for c in plan.curves:
        d = f"M{c.start[0]},{c.start[1]}" + "".join(
            ("L" if len(seg) == 1 else "C") + " ".join(f"{x},{y}" for x, y in seg) for seg in c.segments
        )
        head = " ".join(f"{x:.2f},{y:.2f}" for x, y in arrow_head(c))
        parts.append(
            f'<g class="edge" data-source="{escape(c.source)}" data-target="{escape(c.target)}">'
            f'<path d="{d}" stroke="{c.colour}"/><polygon points="{head}" fill="{c.colour}"/>'
            + (_edge_label(c.label, c.label_at, c.label_align) if c.label_at else "")
            + "</g>"
        )
    parts.append('</g><g id="nodes">')
    for b in plan.boxes.values():
        top = b.y - b.height / 2
        first = b.y - (len(b.lines) - 1) * LINE / 2
        spans = "".join(
            f'<tspan x="{b.x}" y="{first + i * LINE:.2f}">{escape(line)}</tspan>'
            for i, line in enumerate(b.lines)
        )
        parts.append(
            f'<g class="node" tabindex="0" data-id="{escape(b.node)}" data-type="{escape(b.type)}">'
            f'<rect x="{b.x - b.width / 2:.2f}" y="{top:.2f}" width="{b.width}" height="{b.height}" rx="5" '
            f'fill="{tint(b.colour)}" stroke="{b.colour}"/><text font-size="{FONT}">{spans}</text></g>'
        )
    parts.append("</g></svg>")
    return "\n".join(parts)


def _edge_label(text: str, at: tuple[float, float], align: str) -> str:
    anchor = "end" if align == "right" else "start"
    place = f'x="{at[0]}" y="{at[1]}" text-anchor="{anchor}" font-size="{LABEL_FONT}"'
    return f'<text class="role" {place}>{escape(text)}</text>'


def _legend(plan: Layout, graph: Any) -> str:
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        counts[str(data.get("type"))] = counts.get(str(data.get("type")), 0) + 1
    items = []
    for kind in plan.types:
        colour = type_colour(kind)
        style = f"background:{tint(colour)};border-color:{colour}"
        name = escape(TYPE_NAMES.get(kind, kind))
        count = counts.get(kind, 0)
        items.append(f'<li><span class="swatch" style="{style}"></span>{name} <small>{count}</small></li>')
    for relation, label in plan.relations:
        colour = RELATION_COLOURS.get(relation, OTHER_RELATION)
        items.append(f'<li><span class="line" style="background:{colour}"></span>{escape(label)}</li>')
    return "\n".join(items)
