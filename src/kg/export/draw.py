"""networkx graph → a picture (SVG or PNG) with matplotlib, byte-stable for the same graph.

The drawing plan comes from `kg.export.layout`; text is set in the DejaVu Sans bundled with
matplotlib (it has every Vietnamese letter) and loaded by file name, so no system font can
change the result. The SVG has no date, a fixed ``svg.hashsalt`` and glyphs as paths (it
shows the same everywhere); the PNG is encoded here, with the standard library's zlib and
no metadata chunk, so neither a date nor the Pillow version ends up in it.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.export.layout import Curve, Layout, arrow_head, layout
from kg.export.palette import (
    FONT,
    LABEL_FONT,
    OTHER_RELATION,
    RELATION_COLOURS,
    TYPE_NAMES,
    text_width,
    tint,
    type_colour,
)

DPI = 100  # PNG pixels per inch; the plan is in points (1/72 inch)
TEXT = "#1A1A1A"
_LEGEND_ROW = 18.0


def picture(graph: Any, fmt: str, title: str = "") -> bytes:
    """Draw ``graph`` (from `kg.to_networkx`) as ``"svg"`` or ``"png"`` bytes.

    Raises:
        KgError: matplotlib is missing (``pip install matplotlib``).
    """
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError as e:  # pragma: no cover - a dependency; only a broken install lacks it
        raise KgError("pictures need matplotlib; install it with `pip install matplotlib`") from e
    plan = layout(graph)
    legend_height = _legend_height(plan)
    width, height = plan.width, plan.height + legend_height
    with matplotlib.rc_context({"svg.hashsalt": "kg", "svg.fonttype": "path", "path.simplify": False}):
        fig = Figure(figsize=(width / 72, height / 72), dpi=DPI, facecolor="white")
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        fonts = _fonts(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
        _draw(ax, plan, fonts, title)
        _legend(ax, plan, fonts, plan.height)
        if fmt == "svg":
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "kg", "Title": title})
            return buffer.getvalue()
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas: Any = FigureCanvasAgg(fig)  # draw() and buffer_rgba() are untyped
        canvas.draw()
        rgba = canvas.buffer_rgba()
        return png(bytes(rgba), int(rgba.shape[1]), int(rgba.shape[0]))


def _fonts(folder: Path) -> dict[str, Any]:
    from matplotlib.font_manager import FontProperties

    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    return {
        "box": FontProperties(fname=regular, size=FONT),
        "small": FontProperties(fname=regular, size=LABEL_FONT),
        "title": FontProperties(fname=bold, size=FONT + 3),
        "bold": FontProperties(fname=bold, size=FONT),
    }


def _draw(ax: Any, plan: Layout, fonts: dict[str, Any], title: str) -> None:
    from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon

    ax.text(24, 26, title, fontproperties=fonts["title"], color=TEXT, va="baseline", parse_math=False)
    for curve in plan.curves:
        ax.add_patch(PathPatch(_path(curve), fill=False, edgecolor=curve.colour, linewidth=1.0, zorder=1))
        ax.add_patch(
            Polygon(arrow_head(curve), closed=True, facecolor=curve.colour, edgecolor="none", zorder=1)
        )
    for box in plan.boxes.values():
        corner = (box.x - box.width / 2, box.y - box.height / 2)
        ax.add_patch(
            FancyBboxPatch(
                corner, box.width, box.height, boxstyle="round,pad=0,rounding_size=5",
                facecolor=tint(box.colour), edgecolor=box.colour, linewidth=1.3, zorder=2,
            )
        )  # fmt: skip
        ax.text(
            box.x, box.y, "\n".join(box.lines), fontproperties=fonts["box"], color=TEXT, ha="center",
            va="center", multialignment="center", linespacing=1.08, zorder=3, parse_math=False,
        )  # fmt: skip
    for curve in plan.curves:
        if curve.label_at is not None:
            x, y = curve.label_at
            ax.text(
                x, y, curve.label, fontproperties=fonts["small"], color=TEXT, ha=curve.label_align,
                va="center", zorder=4, parse_math=False,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )  # fmt: skip


def _path(curve: Curve) -> Any:
    from matplotlib.path import Path as MplPath

    vertices, codes = [curve.start], [MplPath.MOVETO]
    for segment in curve.segments:
        vertices.extend(segment)
        codes.extend([MplPath.LINETO] if len(segment) == 1 else [MplPath.CURVE4] * 3)
    return MplPath(vertices, codes)


def _legend_items(plan: Layout) -> list[tuple[str, str, str]]:
    nodes = [("node", kind, TYPE_NAMES.get(kind, kind)) for kind in plan.types]
    edges = [("edge", RELATION_COLOURS.get(rel, OTHER_RELATION), label) for rel, label in plan.relations]
    return [*nodes, ("break", "", ""), *edges]


def _legend_rows(plan: Layout) -> list[list[tuple[str, str, str, float]]]:
    rows: list[list[tuple[str, str, str, float]]] = [[]]
    x = 24.0
    for kind, key, text in _legend_items(plan):
        width = 26 + text_width(text, FONT) + 16
        if kind == "break" or x + width > plan.width - 24:
            rows.append([])
            x = 24.0
            if kind == "break":
                continue
        rows[-1].append((kind, key, text, x))
        x += width
    return [row for row in rows if row]


def _legend_height(plan: Layout) -> float:
    return len(_legend_rows(plan)) * _LEGEND_ROW + 12


def _legend(ax: Any, plan: Layout, fonts: dict[str, Any], top: float) -> None:
    from matplotlib.patches import FancyBboxPatch

    for r, row in enumerate(_legend_rows(plan)):
        y = top + r * _LEGEND_ROW + 6
        for kind, key, text, x in row:
            if kind == "node":
                colour = type_colour(key)
                swatch = FancyBboxPatch(
                    (x, y - 5), 20, 10, boxstyle="round,pad=0,rounding_size=2",
                    facecolor=tint(colour), edgecolor=colour, linewidth=1.2,
                )  # fmt: skip
                ax.add_patch(swatch)
            else:
                ax.plot([x, x + 20], [y, y], color=key, linewidth=2.0, solid_capstyle="butt")
            ax.text(x + 26, y, text, fontproperties=fonts["box"], color=TEXT, va="center", parse_math=False)


def png(rgba: bytes, width: int, height: int) -> bytes:
    """An RGB PNG of ``rgba`` pixels (alpha dropped), with no metadata: the same pixels, the same bytes."""
    stride = width * 4
    rows = []
    for y in range(height):
        row = rgba[y * stride : (y + 1) * stride]
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = row[0::4], row[1::4], row[2::4]
        rows.append(b"\x00" + bytes(rgb))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
