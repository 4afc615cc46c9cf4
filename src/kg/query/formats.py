"""A `QueryResult` as text: a readable table, or the standard SPARQL 1.1 JSON, CSV and TSV.

JSON is written here (SPARQL 1.1 Query Results JSON); CSV and TSV are pyoxigraph's
serializations of that JSON, so all three follow the W3C formats exactly.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.query.result import QueryResult, Term
from kg.rdf.vocab import PREFIXES
from kg.settings import DEFAULT_BASE

FORMATS = ("table", "csv", "tsv", "json")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_CELL = 70  # widest table cell, in characters
_SHORT = sorted(
    [("id", DEFAULT_BASE), *((p, str(ns)) for p, ns in PREFIXES.items())],
    key=lambda pair: -len(pair[1]),
)


def render(result: QueryResult, fmt: str = "table") -> str:
    """``result`` in ``fmt`` (one of `FORMATS`), ending with a newline."""
    if fmt == "json":
        return to_json(result) + "\n"
    if fmt in ("csv", "tsv"):
        results_format = (
            pyoxigraph.QueryResultsFormat.CSV if fmt == "csv" else pyoxigraph.QueryResultsFormat.TSV
        )
        parsed = pyoxigraph.parse_query_results(to_json(result), format=pyoxigraph.QueryResultsFormat.JSON)
        data = parsed.serialize(format=results_format)
        text = data.decode("utf-8") if data else ""
        return text if text.endswith("\n") else text + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return table(result)


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (``{"head": …, "results": {"bindings": […]}}``)."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False)


def table(result: QueryResult) -> str:
    """Aligned columns with short IRIs (``id:`` for the instance base) and bare literal values.

    Columns unbound in every row are left out; cells longer than 70 characters are cut
    (``--format csv`` shows them whole).
    """
    if result.updated:
        return "Update done.\n"
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"
    keep = [i for i in range(len(result.variables)) if any(row[i] is not None for row in result.rows)]
    header = [result.variables[i] for i in keep]
    cells = [[show(row[i]) for i in keep] for row in result.rows]
    cut = any(len(cell) > _CELL for line in cells for cell in line)
    cells = [[cell if len(cell) <= _CELL else cell[: _CELL - 1] + "…" for cell in line] for line in cells]
    widths = [max([len(h), *(len(line[j]) for line in cells)]) for j, h in enumerate(header)]
    lines = [header, ["-" * w for w in widths], *cells] if header else []
    text = "".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n" for line in lines
    )
    n = len(result.rows)
    note = "; long values cut, --format csv shows them whole" if cut else ""
    return text + f"{n} row{'' if n == 1 else 's'}{note}\n"


def show(term: Term | None) -> str:
    """A term as a table shows it: a prefixed IRI, a literal's value, ``_:id`` for a blank node."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, namespace in _SHORT:
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    if isinstance(term, Literal):
        return " ".join(term.value.split())
    return str(term)


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }
