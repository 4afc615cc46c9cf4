"""Graph files → one rdflib `Graph`: Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Every failure is an `InputError` with a one-line message; a JSON-LD file that names a
remote ``@context`` is refused, since parsing it would fetch it.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError

from kg.errors import InputError
from kg.rdf.vocab import new_graph

_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}
PARSE_ERRORS = (SyntaxError, ValueError, ParserError, UnicodeDecodeError)  # BadSyntax is a SyntaxError


def load_graph(path: Path) -> Graph:
    """Read a graph file (``.ttl``, ``.trig``, ``.nt``, ``.nq``, ``.jsonld``) into one graph.

    Raises:
        InputError: the file is missing, unreadable, of an unknown kind, or does not parse.
    """
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(_FORMATS)
        raise InputError(f"{path}: unknown graph file type; use one of {known}")
    data = read_bytes(path)
    if fmt == "json-ld" and _remote_context(data):
        raise InputError(f"{path}: the JSON-LD names a remote @context, which kg never fetches; inline it")
    dataset = Dataset()
    try:
        dataset.parse(data=data, format=fmt)
    except PARSE_ERRORS as e:
        raise InputError(f"{path}: cannot parse as {fmt}: {one_line(e)}") from e
    graph = new_graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _remote_context(data: bytes) -> bool:
    """True when a JSON-LD document refers to a context by URL (parsing would fetch it)."""
    try:
        document = json.loads(data)
    except ValueError:
        return False  # the parser reports the syntax error
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import") and (
                    isinstance(value, str)
                    or (isinstance(value, list) and any(isinstance(v, str) for v in value))
                ):
                    return True
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return False


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror}); build it first with `kg build`") from e


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:297] + "..."
