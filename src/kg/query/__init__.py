"""Query: named SPARQL queries over the built graph, an endpoint, or ``kg serve``.

``files`` finds and checks the named queries, ``sparql`` tokenizes SPARQL text, ``run``
binds parameters and runs a query on the embedded store or through ``remote``; ``result``
and ``formats`` hold and print the answer; ``serve`` is the local endpoint.
"""

from kg.query.files import Parameter, QueryInfo, list_queries, load_query
from kg.query.result import QueryResult, Term, to_result
from kg.query.run import bound_text, check, parse_param, parse_value, run_query

__all__ = [
    "Parameter",
    "QueryInfo",
    "QueryResult",
    "Term",
    "bound_text",
    "check",
    "list_queries",
    "load_query",
    "parse_param",
    "parse_value",
    "run_query",
    "to_result",
]
