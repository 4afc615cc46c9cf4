"""Query files: the named queries in ``queries/`` (or any ``.rq`` path) and their header comment.

A header states the question in English, then in Vietnamese, then its parameters::

    # Who chaired which meeting, and in which post?
    # Ai chủ trì hội nghị nào, với cương vị gì?
    # Parameters:
    #   ?person  words in the chair's name, any case, e.g. "Cường"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.query import sparql
from kg.resources import queries_dir

_NAME = re.compile(r"[A-Za-z0-9_-]+")
_PARAM_LINE = re.compile(r"\s*[?$]([A-Za-z_]\w*)\s*(.*)")


@dataclass(frozen=True, slots=True)
class Parameter:
    """A variable a query lets the caller bind, and what to pass."""

    name: str
    description: str


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """A query file: its text and the header comment that states its question."""

    name: str
    source: str  # the file, as error messages name it
    text: str
    question: str = ""
    question_vi: str = ""
    parameters: tuple[Parameter, ...] = ()


def list_queries() -> list[QueryInfo]:
    """The named queries shipped in ``queries/``, sorted by name."""
    files = [f for f in queries_dir().iterdir() if f.name.endswith(".rq")]
    return [_info(f.name[:-3], str(f), f.read_text(encoding="utf-8")) for f in sorted(files, key=str)]


def load_query(query: str | Path) -> QueryInfo:
    """A query by name (``queries/NAME.rq``) or by path.

    Raises:
        QueryError: no such query or file.
    """
    if isinstance(query, str) and _NAME.fullmatch(query):
        named = queries_dir().joinpath(f"{query}.rq")
        if named.is_file():
            return _info(query, str(named), named.read_text(encoding="utf-8"))
    path = Path(query)
    if not path.is_file():
        raise QueryError(f"{query}: no such query; kg queries lists them, or pass a path to a .rq file")
    try:
        return _info(path.stem, str(path), path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read the query: {e}") from e


def _info(name: str, source: str, text: str) -> QueryInfo:
    """A query file's header: question (English), question (Vietnamese), ``Parameters:`` lines."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    questions = [h for h in header[:2] if h and not h.lower().startswith("parameters")]
    params: list[Parameter] = []
    if any(h.lower().startswith("parameters:") for h in header):
        start = next(i for i, h in enumerate(header) if h.lower().startswith("parameters:"))
        for line in [header[start].split(":", 1)[1], *header[start + 1 :]]:
            match = _PARAM_LINE.fullmatch(line)
            if match:
                params.append(Parameter(match.group(1), match.group(2).strip()))
    return QueryInfo(
        name,
        source,
        text,
        questions[0] if questions else "",
        questions[1] if len(questions) > 1 else "",
        tuple(params),
    )


def syntax_message(info: QueryInfo, error: str, *, query: bool = True) -> str:
    """``FILE:LINE:COL: SPARQL syntax error: …`` from pyoxigraph's message.

    Oxigraph often reports the end of the text (where its parser gave up); rdflib's parser
    then usually points at the first thing it could not read, which is shown instead.
    """
    match = re.match(r"error at (\d+):(\d+): (.*)", error, re.DOTALL)
    if match is None:
        return f"{info.source}: SPARQL syntax error: {' '.join(error.split())[:200]}; fix the query"
    line, col, message = int(match.group(1)), int(match.group(2)), " ".join(match.group(3).split())
    message = message.split(", [")[0]  # drop the character classes of the parser's grammar
    if message.startswith("expected one of ") and not message[16:].startswith('"'):
        message = message[16:]  # a sentence, not a list of tokens
    if len(message) > 120:
        message = message[:119] + "…"
    if query and (line, col) == sparql.line_col(info.text, len(info.text)):
        earlier = _rdflib_position(info.text)
        if earlier is not None and earlier[:2] < (line, col):
            line, col, message = *earlier[:2], f"cannot read {earlier[2]} here"
    return f"{info.source}:{line}:{col}: SPARQL syntax error: {message}; fix the query"


def _rdflib_position(text: str) -> tuple[int, int, str] | None:
    """Where rdflib's SPARQL parser stops reading ``text`` (line, column, what it found), if it does."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as e:
        found = re.search(r"found (.+?)\s+\(at char", str(e))
        return e.lineno, e.col, found.group(1) if found else "the text"
    except Exception:  # rdflib's parser has its own failure modes; oxigraph's message stands
        return None
    return None
