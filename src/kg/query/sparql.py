"""SPARQL text read at the token level: what a request is, what it reaches, where to bind values.

The tokens follow the terminals of the SPARQL 1.1 grammar (comments, strings, IRIs,
variables, language tags, prefixed names, keywords), longest match first, so a keyword
inside a string, an IRI, a comment, a variable or a prefixed name is never taken for one.
Nothing here decides whether a query is valid: pyoxigraph's parser does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>(?:[^\W\d_][\w\-.]*)?:(?:[\w\-.:%]|\\.)*)
    | (?P<word>[^\W\d]\w*)
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<punct>\^\^|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PROLOGUE = frozenset({"BASE", "PREFIX"})
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind (a group name of `_TOKEN`), its text and its offset in the text."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``, whitespace and comments left out; never raises."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            found.append(Token(kind, match.group(), match.start()))
    return found


def keywords(text: str) -> set[str]:
    """The keywords of ``text``, upper-cased, read both as written and with ``\\u`` escapes applied.

    SPARQL 1.1 (§19.2) applies codepoint escapes before parsing, anywhere in the text; some
    engines do, Oxigraph does not. Reading both ways, a keyword spelt ``SERVI\\u0043E`` is
    seen whichever way the engine reads it.
    """
    readings = {text, unescape(text)}
    return {t.text.upper() for reading in readings for t in tokens(reading) if t.kind == "word"}


def unescape(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` codepoint escapes applied."""

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPE.sub(char, text)


def form(text: str) -> str | None:
    """The request's form: ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, an update keyword, or None.

    The first keyword after the prologue (``BASE``/``PREFIX`` declarations).
    """
    for token in tokens(text):
        word = token.text.upper()
        if token.kind == "word" and word not in _PROLOGUE:
            return word
    return None


def is_update(text: str) -> bool:
    """Whether ``text`` is (or contains) a SPARQL Update operation.

    No query keyword or function is spelt like an update keyword, so any such keyword
    outside strings, IRIs, comments and names marks an update.
    """
    return form(text) in UPDATE_WORDS or bool(keywords(text) & UPDATE_WORDS)


def uses_service(text: str) -> bool:
    """Whether ``text`` has a ``SERVICE`` clause (federated query: the engine calls another endpoint)."""
    return "SERVICE" in keywords(text)


def undeclared_prefix(text: str) -> Token | None:
    """The first prefixed name whose prefix no ``PREFIX`` declaration defines, or None."""
    declared: set[str] = set()
    found = tokens(text)
    for i, token in enumerate(found):
        if token.kind == "word" and token.text.upper() == "PREFIX" and i + 1 < len(found):
            declared.add(found[i + 1].text.split(":", 1)[0])
        elif token.kind == "pname" and (i == 0 or found[i - 1].text.upper() != "PREFIX"):
            if token.text.split(":", 1)[0] not in declared:
                return token
    return None


def where_start(text: str) -> int:
    """The offset just after the ``{`` that opens the query's outermost WHERE group.

    That is the first ``{`` outside parentheses: the SELECT clause has braces only inside
    parenthesized expressions (``(EXISTS {…} AS ?x)``), and FROM clauses have none.

    Raises:
        ValueError: the text has no such brace (not a SELECT, ASK or DESCRIBE … WHERE query).
    """
    depth = 0
    for token in tokens(text):
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and depth == 0:
            return token.start + 1
    raise ValueError("the query has no WHERE group")


@dataclass(frozen=True, slots=True)
class Group:
    """A group graph pattern: the offsets just after its ``{`` and at its ``}``, and the
    token before the ``{`` upper-cased (``OPTIONAL``, ``EXISTS``, ``WHERE``, ``UNION``…)."""

    start: int
    end: int
    opened_by: str


def groups(text: str) -> list[Group]:
    """The groups of the WHERE clause, in text order.

    The outermost WHERE group (see `where_start`) first, then every group nested in it
    (OPTIONAL, UNION, MINUS, GRAPH, EXISTS, a subquery's WHERE…), but not ``VALUES`` data
    blocks nor the braces around a subquery.

    Raises:
        ValueError: the text has no WHERE group.
    """
    start = where_start(text) - 1
    found = tokens(text)
    spans: list[Group] = []
    opened: list[tuple[str, int, str]] = []  # ("group" | "data" | "subquery", offset, before)
    data_next = False
    for i, token in enumerate(found):
        if token.start < start:
            continue
        if token.kind == "word" and token.text.upper() == "VALUES":
            data_next = True
        elif token.text == "}" and opened:
            kind, at, before = opened.pop()
            if kind == "group":
                spans.append(Group(at, token.start, before))
        elif token.text == "{":
            after = found[i + 1].text.upper() if i + 1 < len(found) else ""
            if data_next:
                kind, data_next = "data", False
            elif after == "SELECT":
                kind = "subquery"
            else:
                kind = "group"
            opened.append((kind, token.start + 1, found[i - 1].text.upper()))
    return sorted(spans, key=lambda g: g.start)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
