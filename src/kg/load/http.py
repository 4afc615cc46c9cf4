"""SPARQL 1.1 Protocol and Graph Store Protocol over HTTP: the requests `kg load` makes.

Input: endpoint URLs, credentials and timeouts. Output: counts, or nothing for writes; every
failure (store down, timeout, 401/403, 413, 5xx, an HTML or other non-SPARQL answer) is one
`StoreError` naming the endpoint (credentials removed) and the HTTP status. Only idempotent
requests (GET, PUT, queries, ``DROP SILENT``) are retried, a bounded number of times, with
exponential backoff; a POST that adds data or moves a graph is sent once.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Literal

import httpx

from kg.errors import StoreError

Auth = Literal["basic", "digest", "auto"]  # auto: whatever the server's 401 challenge asks for
_TRANSIENT = frozenset({502, 503, 504})
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_NTRIPLES = "application/n-triples"
_RESULTS = "application/sparql-results+json"
_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Credentials:
    """A user name and its password (never shown: not in ``repr``, messages or logs)."""

    user: str
    password: str = field(repr=False)
    scheme: Auth = "basic"


class SparqlClient:
    """One HTTP connection pool to a store's query, update and graph-store endpoints."""

    def __init__(
        self,
        credentials: Credentials | None = None,
        *,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        auth: httpx.Auth | None = None
        if credentials is not None:
            auth = _ChallengeAuth(credentials.user, credentials.password, credentials.scheme)
        self._client = httpx.Client(auth=auth, timeout=timeout, follow_redirects=False)
        self._has_credentials = credentials is not None
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def count(self, query_url: str, graph: str) -> int:
        """The number of triples in the named graph ``graph`` (an IRI already validated)."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        rows = self.select(query_url, query)
        try:
            return int(rows[0]["n"]["value"])
        except (IndexError, KeyError, TypeError, ValueError) as e:
            raise StoreError(
                f"{public(query_url)}: unexpected answer to a count query: {str(rows)[:200]}",
                endpoint=public(query_url),
            ) from e

    def select(self, query_url: str, query: str) -> list[dict[str, dict[str, str]]]:
        """The JSON result rows of a SELECT query (POSTed as a form, retried)."""
        response = self._send(
            "POST", query_url, idempotent=True, data={"query": query}, headers={"Accept": _RESULTS}
        )
        try:
            bindings = json.loads(response.content)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as e:
            raise _unexpected(query_url, response) from e
        if not isinstance(bindings, list):
            raise _unexpected(query_url, response)
        return bindings

    def update(self, update_url: str, update: str, *, idempotent: bool = False) -> None:
        """Run a SPARQL Update request; retried only if the caller says it is idempotent."""
        body = update.encode("utf-8")  # sent as is: no form encoding of large INSERT DATA
        self._send("POST", update_url, idempotent=idempotent, content=body, content_type=_UPDATE)

    def put(self, store_url: str, graph: str, ntriples: bytes) -> None:
        """Replace the named graph ``graph`` with an N-Triples body (GSP ``PUT``, retried)."""
        self._send(
            "PUT",
            store_url,
            idempotent=True,
            params={"graph": graph},
            content=ntriples,
            content_type=_NTRIPLES,
        )

    def post(self, store_url: str, graph: str, ntriples: bytes) -> None:
        """Add an N-Triples body to the named graph ``graph`` (GSP ``POST``, sent once)."""
        self._send(
            "POST",
            store_url,
            idempotent=False,
            params={"graph": graph},
            content=ntriples,
            content_type=_NTRIPLES,
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool,
        data: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        if content_type is not None:
            headers = {**(headers or {}), "Content-Type": content_type}
        attempts = 1 + (self.retries if idempotent else 0)
        error = StoreError(f"{public(url)}: no request sent", endpoint=public(url))
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.request(
                    method, url, data=data, params=params, content=content, headers=headers
                )
            except httpx.TimeoutException:
                error = StoreError(
                    f"{public(url)}: no answer within {self.timeout:g} s; "
                    "check that the store is up, or raise --timeout",
                    endpoint=public(url),
                )
            except httpx.TransportError as e:
                error = StoreError(
                    f"cannot reach {public(url)}: {_reason(e)}; check --endpoint and that the store runs",
                    endpoint=public(url),
                )
            else:
                if response.is_success:
                    return response
                error = self._http_error(url, response)
                if response.status_code not in _TRANSIENT:
                    break
        raise error

    def _http_error(self, url: str, response: httpx.Response) -> StoreError:
        status = response.status_code
        where = f"{public(url)}: HTTP {status}"
        if status in (401, 403):
            hint = (
                "check --user and the KG_STORE_PASSWORD environment variable"
                if self._has_credentials
                else "this endpoint needs credentials: pass --user and set KG_STORE_PASSWORD"
            )
            return StoreError(f"{where}, authentication failed; {hint}", endpoint=public(url), status=status)
        if status == 413:
            message = f"{where}, the request is too large for the store; raise its request size limit"
            return StoreError(message, endpoint=public(url), status=status)
        text = server_message(response)
        if "SR186" in text or "permission" in text.lower():
            text += " (pass --user with update rights and set KG_STORE_PASSWORD)"
        return StoreError(f"{where}: {text or response.reason_phrase}", endpoint=public(url), status=status)


class _ChallengeAuth(httpx.Auth):
    """Basic or Digest auth, fixed or chosen by the first 401 challenge (then kept)."""

    def __init__(self, user: str, password: str, scheme: Auth) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme = None if scheme == "auto" else scheme

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").lower()
            self._scheme = "digest" if challenge.startswith("digest") else "basic"
        flow = self._digest if self._scheme == "digest" else self._basic
        yield from flow.auth_flow(request)


def public(url: str) -> str:
    """``url`` without credentials and query string, fit to show.

    >>> public("http://dba:secret@127.0.0.1:8890/sparql?x=1")
    'http://127.0.0.1:8890/sparql'
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "<invalid URL>"
    return str(parsed.copy_with(username=None, password=None, query=None, fragment=None))


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host.

    Raises:
        ValueError: saying what is wrong with it (credentials not shown).
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as e:
        raise ValueError(f"not a URL ({e})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"{public(url)!r} is not an http:// or https:// URL")
    return url


def private_channel(url: str) -> bool:
    """Whether a password sent to ``url`` stays private: https, or a loopback address."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return False
    return parsed.scheme == "https" or parsed.host in ("127.0.0.1", "localhost", "::1")


def server_message(response: httpx.Response, limit: int = 300) -> str:
    """The start of an error body as one line of text (HTML tags and entities removed)."""
    text = response.content[:20_000].decode("utf-8", "replace")
    if "html" in response.headers.get("content-type", "") or text.lstrip()[:1] == "<":
        text = html.unescape(_TAGS.sub(" ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unexpected(url: str, response: httpx.Response) -> StoreError:
    kind = response.headers.get("content-type", "no content type").split(";")[0]
    return StoreError(
        f"{public(url)}: unexpected answer ({kind}): {server_message(response, 120)!r}; "
        "is this the store's SPARQL query endpoint? check --endpoint and --store",
        endpoint=public(url),
        status=response.status_code,
    )


def _reason(error: httpx.TransportError) -> str:
    text = str(error) or type(error).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.split("] ")[-1].strip().rstrip(".")[:200]
