"""A query's answer as kg hands it back: `QueryResult`, whatever engine answered."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.errors import QueryError

Term = NamedNode | BlankNode | Literal | Triple


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A query's answer: the selected variables and rows, or the boolean of an ASK."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    updated: bool = False  # an allowed update ran

    def values(self, variable: str) -> list[str | None]:
        """One column as plain strings (an IRI, or a literal's lexical form; None if unbound)."""
        i = self.variables.index(variable)
        return [_plain(row[i]) for row in self.rows]


def to_result(
    answer: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples,
) -> QueryResult:
    """A pyoxigraph answer (local or parsed from an endpoint's JSON) as a `QueryResult`."""
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return QueryResult(boolean=bool(answer))
    if isinstance(answer, pyoxigraph.QueryTriples):
        raise QueryError("CONSTRUCT and DESCRIBE are not supported; write a SELECT query")
    names = tuple(v.value for v in answer.variables)
    return QueryResult(names, tuple(tuple(s[name] for name in names) for s in answer))


def _plain(term: Term | None) -> str | None:
    if term is None:
        return None
    return term.value if isinstance(term, NamedNode | Literal | BlankNode) else str(term)
