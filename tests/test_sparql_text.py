"""kg.sparql_text and the VALUES binding for endpoints: a value stays one term in one place."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Variable

from kg import sparql_text
from kg.errors import QueryError
from kg.query import QueryInfo, check, load_query, remote_text, to_result
from kg.store import load_file
from query_cases import GRAPH

STORE = load_file(GRAPH)
CHAIRS = load_query("meeting_chairs")
TOKENS = sparql_text.tokens(CHAIRS.text)


def test_tokens_skip_strings_iris_comments_and_names() -> None:
    text = 'PREFIX drop: <http://ex/SERVICE#>\n# INSERT\nSELECT ?load WHERE { ?load drop:x "DELETE" }'
    words = [t.text for t in sparql_text.tokens(text) if t.kind == "word"]
    assert words == ["PREFIX", "SELECT", "WHERE"]
    assert not sparql_text.is_update(text)
    assert not sparql_text.uses_service(text)
    assert sparql_text.form(text) == "SELECT"


def test_less_than_is_not_an_iri() -> None:
    text = "SELECT ?x WHERE { ?x ?p ?v FILTER (?v < 3 && ?v > 1) } # SERVICE"
    assert [t.kind for t in sparql_text.tokens(text)].count("iri") == 0
    assert not sparql_text.uses_service(text)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("BASE <http://ex/>\nPREFIX a: <b:>\nask {}", "ASK"),
        ("# c\nINSERT DATA {}", "INSERT"),
        ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("", None),
    ],
)
def test_form(text: str, form: str | None) -> None:
    assert sparql_text.form(text) == form


def test_escaped_keywords_are_seen() -> None:
    assert sparql_text.uses_service("SELECT * { SERVI\\u0043E <http://ex/> { ?s ?p ?o } }")
    assert sparql_text.is_update("\\u0044ROP ALL")


def test_undeclared_prefix() -> None:
    found = sparql_text.undeclared_prefix("PREFIX a: <x:>\nSELECT * { ?s a:p ?o ; b:q ?z }")
    assert found is not None and found.text == "b:q"
    assert sparql_text.line_col("PREFIX a: <x:>\nSELECT * { ?s a:p ?o ; b:q ?z }", found.start) == (2, 24)
    assert sparql_text.undeclared_prefix("PREFIX : <x:>\nSELECT * { ?s :p _:b }") is None


def test_where_start_skips_braces_inside_expressions() -> None:
    text = "SELECT (EXISTS { ?a ?b ?c } AS ?e) FROM <http://ex/g> WHERE { ?s ?p ?o }"
    assert text[sparql_text.where_start(text) :] == " ?s ?p ?o }"
    with pytest.raises(ValueError):
        sparql_text.where_start("SELECT * FROM <http://ex/>")


def _remote(value: pyoxigraph.Literal | pyoxigraph.NamedNode) -> str:
    bindings = {"person": value}
    return remote_text(CHAIRS, bindings, check(CHAIRS, bindings))


def test_remote_text_inserts_one_values_row() -> None:
    text = _remote(Literal('x" } ; DROP ALL #'))
    assert 'VALUES (?person) { ("x\\" } ; DROP ALL #") }' in text
    assert len(sparql_text.tokens(text)) == len(TOKENS) + 9  # VALUES ( ?person ) { ( "…" ) }


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_value_stays_one_literal(value: str) -> None:
    term = Literal(value)
    text = _remote(term)
    inserted = sparql_text.tokens(text)
    at = sparql_text.where_start(CHAIRS.text)
    before = [t for t in TOKENS if t.start < at]
    after = [t.text for t in TOKENS if t.start >= at]
    assert [t.text for t in inserted[: len(before)]] == [t.text for t in before]
    block = [t.text if t.kind != "string" else "STRING" for t in inserted[len(before) : len(before) + 9]]
    assert block == ["VALUES", "(", "?person", ")", "{", "(", "STRING", ")", "}"]
    assert [t.text for t in inserted[len(before) + 9 :]] == after
    # the endpoint's answer (here: the same engine) is the substituted one
    local = to_result(STORE.query(CHAIRS.text, substitutions={Variable("person"): term}))
    assert to_result(STORE.query(text)) == local


def test_blank_nodes_and_odd_terms_are_refused() -> None:
    bindings = {"person": pyoxigraph.BlankNode("b0")}
    with pytest.raises(QueryError, match="cannot be sent to an endpoint"):
        remote_text(CHAIRS, bindings, check(CHAIRS, {}))


def test_no_where_group() -> None:
    info = QueryInfo("x", "x.rq", "SELECT ?s FROM <http://ex/>")
    with pytest.raises(QueryError):
        remote_text(info, {"s": NamedNode("http://ex/a")}, ("s",))
