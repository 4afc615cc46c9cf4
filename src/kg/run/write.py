"""Per-article graphs + SHACL report → ``graph.ttl``, ``graph.trig``, ``validation.txt``, atomically.

Input: ``(article IRI, graph)`` pairs, the `ValidationReport` of their union, an output
folder. Output: the three files, byte-stable for the same input (rdflib ``longturtle`` with
``canon=True``; the TriG is assembled from one such block per article, sorted by IRI). Every
file is serialized in memory, re-parsed with pyoxigraph (a strict parser), written to a
temporary file in the same folder, fsync'ed and then renamed over the old one, so a failure
leaves the previous outputs intact and no temporary file behind. `replacing` (temporary
files, then renames) serves a large build's Oxigraph writers too (`kg.run.merge`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from kg.errors import KgError, OutputError
from kg.rdf.vocab import new_graph
from kg.validate.report import ValidationReport

_PREFIX = "PREFIX "


def write_outputs(
    graphs: Sequence[tuple[URIRef, Graph]], report: ValidationReport, out_dir: Path
) -> list[Path]:
    """Write ``graph.ttl`` (all articles merged), ``graph.trig`` and ``validation.txt``.

    Returns:
        The paths written, in that order.

    Raises:
        OutputError: ``out_dir`` cannot be created or written (nothing is half-written).
    """
    merged = new_graph()
    for _, graph in graphs:
        for triple in graph:
            merged.add(triple)
    contents = {
        "graph.ttl": _checked(turtle(merged), pyoxigraph.RdfFormat.TURTLE),
        "graph.trig": _checked(trig(graphs), pyoxigraph.RdfFormat.TRIG),
        "validation.txt": report.text.encode("utf-8"),
    }
    with replacing(out_dir, list(contents)) as temps:
        for temp, data in zip(temps, contents.values(), strict=True):
            with temp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    return [out_dir / name for name in contents]


@contextmanager
def replacing(out_dir: Path, names: Sequence[str]) -> Iterator[list[Path]]:
    """An empty temporary file beside ``out_dir/name`` for each of ``names``, for the block to
    fill; then each is made readable by all and renamed over its name. None is left behind.

    Raises:
        OutputError: ``out_dir`` or a file cannot be made, written or renamed (when the
            block fails, the previous files are kept).
    """
    _prepare(out_dir)
    temps: list[Path] = []
    try:
        for name in names:
            fd, path = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            os.close(fd)
            temps.append(Path(path))
        yield temps
        for temp, name in zip(temps, names, strict=True):
            os.chmod(temp, 0o644)  # mkstemp makes 0600 files; outputs are for everyone to read
            os.replace(temp, out_dir / name)
    except OSError as e:
        raise OutputError(f"cannot write to {out_dir}: {e.strerror or e}; choose another --out") from e
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


def turtle(graph: Graph) -> bytes:
    """``graph`` as canonical long-form Turtle with the project prefixes (byte-stable)."""
    copy = new_graph()
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        for triple in graph:
            copy.add(triple)
        return copy.serialize(format="longturtle", canon=True, encoding="utf-8")
    # Without blank nodes, what canon=True does is to add the triples in the order of their
    # sorted N-Triples lines; done here without its round trip through rdflib's N-Triples
    # parser, which takes time quadratic in the length of a line (a long literal).
    for triple in sorted(graph, key=lambda t: _nt_row(t)[:-1]):
        copy.add(triple)
    return copy.serialize(format="longturtle", encoding="utf-8")


def trig(graphs: Sequence[tuple[URIRef, Graph]]) -> bytes:
    """One named graph per article (name = article IRI), sorted by IRI; prefixes declared once."""
    prefixes: dict[str, str] = {}
    blocks: list[str] = []
    for name, graph in sorted(graphs, key=lambda pair: str(pair[0])):
        lines = turtle(graph).decode("utf-8").split("\n")
        body = [line for line in lines if not line.startswith(_PREFIX)]
        for line in lines:
            if line.startswith(_PREFIX):
                prefix, iri = line[len(_PREFIX) :].split(" ", 1)
                if prefixes.setdefault(prefix, iri) != iri:
                    raise KgError(f"prefix {prefix} bound to two namespaces; this is a bug in kg")
        blocks.append(f"{URIRef(name).n3()} {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    header = "".join(f"{_PREFIX}{p} {iri}\n" for p, iri in sorted(prefixes.items()))
    return (header + "\n" + "\n".join(blocks)).encode("utf-8")


def _checked(data: bytes, fmt: pyoxigraph.RdfFormat) -> bytes:
    """``data`` once pyoxigraph parses it, else `KgError` (rdflib wrote invalid RDF)."""
    try:
        for _ in pyoxigraph.parse(data, format=fmt):
            pass
    except SyntaxError as e:
        raise KgError(f"kg serialized invalid {fmt}: {e}; this is a bug in kg") from e
    return data


def _prepare(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"cannot write to {out_dir}: it is a file, not a folder; choose another --out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot write to {out_dir}: {e.strerror or e}; choose another --out") from e
