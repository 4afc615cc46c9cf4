"""Query: named SPARQL queries over the built graph, an endpoint, or ``kg serve``."""

from kg.query.files import Parameter, QueryInfo, list_queries, load_query
from kg.query.run import QueryResult, Term, bound_text, check, parse_param, parse_value, run_query, to_result

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
