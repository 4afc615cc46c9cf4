"""Named SPARQL queries (``queries/*.rq``) over the built graph: embedded Oxigraph or any endpoint.

Every query is checked before it runs: parsed by pyoxigraph (a syntax error names the file,
line and column); refused if it is an update (``INSERT``, ``DELETE``, ``LOAD``, ``DROP``…)
or calls another endpoint (``SERVICE``), unless the caller allows it.

Parameters are bound, never spliced into the text, the same way for the embedded store and
for an endpoint (SPARQLWrapper has no binding): a SPARQL 1.1 ``VALUES`` block is inserted
right after the ``{`` that opens the WHERE group and that of each group nested in it
(subqueries included; not an OPTIONAL or EXISTS body, which sees the bindings around it)
where the variable occurs, found by tokenizing the query (`kg.query.sparql`): the value is
seen wherever the variable is used, as with a substitution, and the engine plans the
query knowing it. Each value is written by pyoxigraph's term
serializer (N-Triples syntax: quotes, backslashes and line breaks escaped; IRIs validated
as RFC 3987 on construction), and must tokenize back to exactly one RDF term; the new text
must then parse with pyoxigraph and select the same variables. A value therefore stays one
term in one row of a ``VALUES`` block: it can change neither the graph nor the query's
shape. Under a ``\\u``-unescaping engine a serialized backslash stays an odd run before any
``\\u0022`` it forms, so the quote it yields is still escaped. A parameter may be any
variable the query uses (selected, or only in a triple pattern or a FILTER), as with
rdflib's ``initBindings``; a name the query does not use is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError, StoreError
from kg.query import sparql
from kg.query.files import QueryInfo, load_query, syntax_message
from kg.query.remote import run_remote
from kg.query.result import QueryResult, Term, to_result
from kg.store.embedded import open_store, resolve

_VAR = re.compile(r"[?$]?([A-Za-z_][A-Za-z0-9_]*)")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_value(text: str) -> Term:
    """A parameter value as an RDF term.

    ``<IRI>`` is an IRI; a quoted literal is read as in Turtle (``"2020-12-16"^^xsd:date``,
    ``"Bí thư"@vi``); a bare integer or decimal is ``xsd:integer``/``xsd:decimal``; a bare
    ``YYYY-MM-DD`` is an ``xsd:date``; anything else is a plain string (NFC-normalized).

    Raises:
        QueryError: an invalid IRI or literal.
    """
    if text.startswith("<") and text.endswith(">"):
        try:
            return NamedNode(text[1:-1])
        except ValueError as e:
            raise QueryError(f"{text}: not a valid IRI: {e}") from e
    if text[:1] in ('"', "'"):
        return _turtle_literal(text)
    for pattern, datatype in ((_INTEGER, "integer"), (_DECIMAL, "decimal"), (_DATE, "date")):
        if pattern.fullmatch(text):
            return Literal(text, datatype=NamedNode(_XSD + datatype))
    return Literal(unicodedata.normalize("NFC", text))


def parse_param(text: str) -> tuple[str, Term]:
    """``NAME=VALUE`` (``--param``) as a variable name and a term (see `parse_value`).

    Raises:
        QueryError: not ``NAME=VALUE``, or a bad value.
    """
    name, sep, value = text.partition("=")
    match = _VAR.fullmatch(name.strip())
    if not sep or not match:
        raise QueryError(f"--param {text!r}: expected NAME=VALUE, e.g. --param person=Cường")
    return match.group(1), parse_value(value)


def run_query(
    query: str | Path | QueryInfo,
    params: Mapping[str, Term | str] | None = None,
    *,
    graph: Path = Path("output"),
    endpoint: str | None = None,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float = 60.0,
) -> QueryResult:
    """Run a query (name, path or `QueryInfo`) on the built graph or on a SPARQL endpoint.

    Args:
        params: variable name → term, or text read by `parse_value`.
        graph: a build folder (its ``store/``, else its ``graph.ttl``), a store folder or
            an RDF file; ignored with ``endpoint``.
        endpoint: a SPARQL 1.1 query endpoint URL (an update endpoint for updates).

    Raises:
        QueryError: bad query or parameter, or a refused update or SERVICE.
        InputError: nothing to query at ``graph``.
        StoreError: the store or endpoint failed.
    """
    info = query if isinstance(query, QueryInfo) else load_query(query)
    bindings = {name: parse_value(v) if isinstance(v, str) else v for name, v in (params or {}).items()}
    if sparql.uses_service(info.text) and not allow_service:
        raise QueryError(f"{info.source}: calls another endpoint (SERVICE); pass --allow-service to allow it")
    if sparql.is_update(info.text):
        if not allow_update:
            raise QueryError(
                f"{info.source}: is an update ({sparql.form(info.text)}), not a query; "
                "kg query only reads unless you pass --allow-update"
            )
        return _update(info, bindings, graph, endpoint, timeout)
    variables = check(info, bindings)
    text = bound_text(info, bindings, variables)
    if endpoint is not None:
        return run_remote(endpoint, text, timeout=timeout)
    try:
        answer = open_store(graph).query(text, use_default_graph_as_union=True)
        return to_result(answer)
    except OSError as e:  # the store, or an allowed SERVICE call, failed
        raise StoreError(f"{info.source}: the query failed: {e}") from e


def check(info: QueryInfo, bindings: Mapping[str, Term]) -> tuple[str, ...]:
    """The variables the query selects, once pyoxigraph parses it with ``bindings``.

    Raises:
        QueryError: a syntax error (file:line:col), an unknown prefix, a parameter the
            query does not use, or a CONSTRUCT/DESCRIBE query.
    """
    missing = sparql.undeclared_prefix(info.text)
    if missing is not None:
        line, col = sparql.line_col(info.text, missing.start)
        prefix = missing.text.split(":", 1)[0]
        raise QueryError(f"{info.source}:{line}:{col}: unknown prefix {prefix}:; declare it with PREFIX")
    used = {t.text[1:] for t in sparql.tokens(info.text) if t.kind == "var"}
    if unused := [name for name in bindings if name not in used]:
        names = ", ".join(f"?{p.name}" for p in info.parameters) or "none declared"
        bad = ", ".join(f"?{n}" for n in unused)
        raise QueryError(
            f"{info.source}: cannot bind {bad}: a parameter must be a variable the query uses "
            f"(its parameters: {names})"
        )
    try:
        answer = pyoxigraph.Store().query(info.text)
    except SyntaxError as e:
        raise QueryError(syntax_message(info, str(e))) from e
    if isinstance(answer, pyoxigraph.QueryTriples):
        raise QueryError(f"{info.source}: CONSTRUCT and DESCRIBE are not supported; write a SELECT query")
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return ()
    return tuple(v.value for v in answer.variables)


_SEES_OUTSIDE = frozenset({"OPTIONAL", "EXISTS"})


def bound_text(info: QueryInfo, bindings: Mapping[str, Term], variables: tuple[str, ...]) -> str:
    """The query text with ``bindings`` in a ``VALUES`` block at the WHERE group and groups using them.

    Raises:
        QueryError: a value that is not one IRI or literal (blank nodes and triples are
            refused), or a result that does not parse to the same query shape.
    """
    if not bindings:
        return info.text
    names, terms = [], []
    for name, term in bindings.items():
        text = str(term)
        if not isinstance(term, NamedNode | Literal) or not _one_term(text):
            raise QueryError(f"?{name}: {text} cannot be bound; pass an IRI or a literal")
        names.append(f"?{name}")
        terms.append(text)
    try:
        spans = sparql.groups(info.text)
    except ValueError as e:
        raise QueryError(f"{info.source}: {e}; parameters need a WHERE group") from e
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"
    used = [t.start for t in sparql.tokens(info.text) if t.kind == "var" and t.text[1:] in bindings]
    # OPTIONAL and EXISTS bodies see the bindings of the group around them; other groups do not
    starts = [spans[0].start] + [
        g.start
        for g in spans[1:]
        if g.opened_by not in _SEES_OUTSIDE and any(g.start <= u < g.end for u in used)
    ]
    text = info.text
    for at in reversed(starts):
        text = text[:at] + block + text[at:]
    selected = check(QueryInfo(info.name, info.source, text), {})
    # SELECT * also selects a variable the VALUES block brings in (one only a FILTER used)
    if tuple(v for v in selected if v in variables or v not in bindings) != variables:
        raise QueryError(f"{info.source}: binding parameters changed the query; this is a bug in kg")
    return text


def _update(
    info: QueryInfo, bindings: Mapping[str, Term], graph: Path, endpoint: str | None, timeout: float
) -> QueryResult:
    if bindings:
        raise QueryError(f"{info.source}: parameters cannot be bound in an update")
    if endpoint is not None:
        return run_remote(endpoint, info.text, timeout=timeout, update=True)
    kind, path = resolve(graph)  # an update needs the persisted store, opened read-write
    if kind != "store":
        raise QueryError(f"{path}: an update needs a store; run kg build to make one, or use --endpoint")
    try:
        pyoxigraph.Store(str(path)).update(info.text)
    except SyntaxError as e:
        raise QueryError(syntax_message(info, str(e), query=False)) from e
    except OSError as e:
        raise QueryError(f"{path}: cannot update the store: {e}") from e
    return QueryResult(updated=True)


def _turtle_literal(text: str) -> Literal:
    """A quoted literal, read by pyoxigraph's Turtle parser as the object of one triple."""
    doc = f"PREFIX xsd: <{_XSD}>\n<urn:kg:s> <urn:kg:p> {text} ."
    try:
        triples = list(pyoxigraph.parse(doc, format=pyoxigraph.RdfFormat.TURTLE))
    except SyntaxError as e:
        raise QueryError(f'{text}: not a valid literal; write "text", "text"@vi or "v"^^xsd:type') from e
    if len(triples) != 1 or not isinstance(triples[0].object, Literal):
        raise QueryError(f'{text}: not one literal; write "text", "text"@vi or "v"^^xsd:type')
    return triples[0].object


def _one_term(text: str) -> bool:
    """Whether ``text`` tokenizes as exactly one IRI or one literal (with its tag or datatype)."""
    kinds = [t.kind if t.kind != "punct" else t.text for t in sparql.tokens(text)]
    return kinds in (["iri"], ["string"], ["string", "lang"], ["string", "^^", "iri"])
