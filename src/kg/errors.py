"""The one exception tree of `kg`. The CLI maps each branch to an exit code.

::

    KgError                     (70 if nothing more specific applies)
     ├─ InputError              3  unreadable or undecodable article, bad graph file
     │   ├─ QueryError          3  bad query file or parameter (name, line, column)
     │   └─ ShapesError         3  unreadable or invalid shapes file
     ├─ LexiconError            70 a bad entry in a packaged lexicon (file:line)
     ├─ ExtractionError         70 a stage failed on an article (stage, article id)
     ├─ OutputError             6  output folder or file not writable
     └─ StoreError              5  triple store or network failure (endpoint, status)

SHACL non-conformance is a result (`ValidationReport`), not an exception.
Messages say what went wrong, where, and what to do.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error `kg` raises on purpose."""

    exit_code = 70


class InputError(KgError):
    """An input (article, graph, query, shapes file) cannot be used."""

    exit_code = 3


class QueryError(InputError):
    """A SPARQL query or one of its parameters is invalid."""


class ShapesError(InputError):
    """The SHACL shapes file cannot be read or is not valid SHACL."""


class LexiconError(KgError):
    """A packaged lexicon file has a bad entry."""


class ExtractionError(KgError):
    """An extraction stage failed on an article."""


class OutputError(KgError):
    """The output folder or file cannot be written."""

    exit_code = 6


class StoreError(KgError):
    """A triple store or network request failed.

    Attributes:
        endpoint: the URL that failed (never with credentials), if known.
        status: its HTTP status, or None when there was no HTTP answer.
    """

    exit_code = 5

    def __init__(self, message: str, *, endpoint: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status
