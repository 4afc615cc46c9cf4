"""networkx graph → export files: GraphML, GEXF, node-link JSON, DOT, SVG, PNG, HTML.

`render` turns a `kg.to_networkx` graph into the bytes of one format; `export` reads a
graph file, renders it and writes the result atomically (temporary file, fsync, rename).
Every format is byte-stable for the same graph: nodes and edges are sorted, GEXF loses its
``lastmodifieddate``, pictures and the page carry no date.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError, OutputError
from kg.export.networkx import to_networkx
from kg.rdf.files import load_graph

_ID = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")  # a DOT name that needs no quotes
_KEYWORDS = {
    "node",
    "edge",
    "graph",
    "digraph",
    "subgraph",
    "strict",
    "name",
}  # quoted: pydot reads "name" badly
FORMATS: dict[str, str] = {  # format → file extension
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
    "dot": ".dot",
    "svg": ".svg",
    "png": ".png",
    "html": ".html",
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What `export` wrote: the file, its format, and the size of the exported graph."""

    path: Path
    format: str
    nodes: int
    edges: int


def export(source: Path, fmt: str, out: Path | None = None, *, full: bool = False) -> ExportResult:
    """Export the graph file ``source`` as ``fmt`` into ``out`` (default: ``source`` with its extension).

    Raises:
        InputError: ``source`` cannot be read or parsed, or ``fmt`` is unknown.
        OutputError: ``out`` cannot be written (an older file there is left as it was).
    """
    graph = to_networkx(load_graph(source), full=full)
    data = render(graph, fmt)
    path = out if out is not None else source.with_suffix(FORMATS[fmt])
    write_atomically(path, data)
    return ExportResult(path, fmt, graph.number_of_nodes(), graph.number_of_edges())


def render(graph: Any, fmt: str) -> bytes:
    """The bytes of ``graph`` (a `kg.to_networkx` graph) in ``fmt`` (a key of `FORMATS`)."""
    import networkx as nx

    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph, encoding="utf-8")).encode("utf-8") + b"\n"
    if fmt == "gexf":
        text = "\n".join(nx.generate_gexf(_with_viz(graph), encoding="utf-8"))
        return re.sub(r' lastmodifieddate="[^"]*"', "", text).encode("utf-8") + b"\n"
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    if fmt == "dot":
        return dot(graph).encode("utf-8")
    if fmt in ("svg", "png"):
        from kg.export.draw import picture

        return picture(graph, fmt, title(graph))
    if fmt == "html":
        from kg.export.page import page

        return page(graph, title(graph))
    raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def title(graph: Any) -> str:
    """A heading for pictures: the headline of the one article, or what the graph is, and its size."""
    headlines = [d["label"] for _, d in graph.nodes(data=True) if d.get("type") == "Article"]
    view = "triple graph" if graph.graph.get("view") == "triples" else "entity graph"
    what = f"“{headlines[0]}”" if len(headlines) == 1 else f"kg {view}"
    return f"{what} · {graph.number_of_nodes()} nodes · {graph.number_of_edges()} edges"


def dot(graph: Any) -> str:
    """Graphviz DOT text: every attribute quoted, nodes filled with their type's colour."""
    from kg.export.palette import type_colour

    lines = [
        "digraph kg {",
        '  graph [rankdir="LR", fontname="DejaVu Sans"];',
        '  node [shape="box", style="rounded,filled", fontname="DejaVu Sans"];',
        '  edge [fontname="DejaVu Sans", fontsize="9"];',
    ]
    for node, data in graph.nodes(data=True):
        attrs = data | {"fillcolor": type_colour(str(data.get("type", ""))) + "40"}
        lines.append(f"  {_quote(node)} [{_attributes(attrs)}];")
    for source, target, key, data in graph.edges(keys=True, data=True):
        lines.append(f"  {_quote(source)} -> {_quote(target)} [{_attributes({'key': key} | data)}];")
    return "\n".join([*lines, "}"]) + "\n"


def _attributes(attrs: dict[str, Any]) -> str:
    return ", ".join(
        f"{k if _ID.fullmatch(k) and k not in _KEYWORDS else _quote(k)}={_quote(v)}" for k, v in attrs.items()
    )


def _quote(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _with_viz(graph: Any) -> Any:
    """A copy of ``graph`` with GEXF ``viz`` colours and the picture's positions (for Gephi)."""
    from kg.export.layout import layout

    plan = layout(graph)
    copy = graph.copy()
    for node, box in plan.boxes.items():
        r, g, b = (int(box.colour[i : i + 2], 16) for i in (1, 3, 5))
        copy.nodes[node]["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "position": {"x": box.x, "y": -box.y, "z": 0.0},
        }
    return copy


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    Raises:
        OutputError: the folder cannot be created or written.
    """
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        temp = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as e:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {e.strerror or e}; choose another --out") from e
