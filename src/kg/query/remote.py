"""One SPARQL 1.1 Protocol request to a remote endpoint, through SPARQLWrapper.

The request is a POST form (no URL length limit), content-negotiated for SPARQL results
JSON, which pyoxigraph parses into the same terms the embedded store returns. Every
failure is a `StoreError` naming the endpoint (without credentials) and the HTTP status.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import warnings

import pyoxigraph

from kg.errors import StoreError
from kg.query import sparql
from kg.query.result import QueryResult, to_result


def run_remote(endpoint: str, text: str, *, timeout: float = 60.0, update: bool = False) -> QueryResult:
    """Send a query (or, with ``update``, an update) to ``endpoint`` and return its answer.

    Raises:
        StoreError: the endpoint cannot be reached, times out, refuses the request, or
            answers with something other than SPARQL results JSON.
    """
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    where = public(endpoint)
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setOnlyConneg(True)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, timeout)))
    with warnings.catch_warnings():  # its guess of the query form, replaced just below
        warnings.simplefilter("ignore")
        client.setQuery(text)
    # SPARQLWrapper guesses the form with a regex that comments can fool; kg already knows it
    client.queryType = "INSERT" if update else (sparql.form(text) or "SELECT")
    try:
        response = client.query().response
        body = response.read()
    except SPARQLWrapperException as e:
        status = _status(e)
        detail = " ".join(str(e).replace("Response:", "").split())[:300]
        raise StoreError(
            f"{where}: the endpoint refused the request: {detail}", endpoint=where, status=status
        ) from e
    except urllib.error.HTTPError as e:
        raise StoreError(f"{where}: HTTP {e.code} {e.reason}", endpoint=where, status=e.code) from e
    except urllib.error.URLError as e:
        raise StoreError(
            f"cannot reach {where}: {_reason(e.reason)}; check --endpoint, or start one with kg serve",
            endpoint=where,
        ) from e
    except TimeoutError as e:
        raise StoreError(f"{where}: no answer within {timeout:g} s; raise --timeout", endpoint=where) from e
    if update:
        return QueryResult(updated=True)
    try:
        return to_result(pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON))
    except (SyntaxError, ValueError) as e:
        start = body[:80].decode("utf-8", "replace")
        raise StoreError(
            f"{where}: the answer is not SPARQL results JSON ({start!r}); is this a query endpoint?",
            endpoint=where,
        ) from e


def public(url: str) -> str:
    """``url`` without user, password, query string or fragment, fit to show in a message."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return urllib.parse.urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def _status(error: Exception) -> int | None:
    names = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404, "URITooLong": 414}
    return names.get(type(error).__name__, 500 if "Internal" in type(error).__name__ else None)


def _reason(reason: object) -> str:
    text = str(reason)
    if "refused" in text.lower():
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return "timed out"
    return text[:200]
