"""An article's triples → N-Triples bytes, line for line as rdflib's ``nt`` serializer writes them.

`kg build` maps each article to a set of rdflib terms and writes them here directly:
adding them to an rdflib `Graph` first cost more than the whole extraction. The lines are
sorted, so the bytes do not depend on the set's order.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


def ntriples(triples: Iterable[Triple]) -> bytes:
    """The triples as sorted N-Triples lines, UTF-8."""
    return b"".join(sorted(_line(t).encode("utf-8") for t in triples))


def _line(triple: Triple) -> str:
    s, p, o = triple
    obj = _literal(o) if isinstance(o, Literal) else o.n3()
    return f"{s.n3()} {p.n3()} {obj} .\n"


def _literal(literal: Literal) -> str:
    quoted = '"{}"'.format(
        literal.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    )
    if literal.language:
        return f"{quoted}@{literal.language}"
    if literal.datatype:
        return f"{quoted}^^<{literal.datatype}>"
    return quoted
