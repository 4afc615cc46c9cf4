"""kg.query.sparql and the VALUES binding for endpoints: a value stays one term in one place."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Variable

from kg.errors import QueryError
from kg.query import QueryInfo, bound_text, check, load_query
from kg.query import sparql as sparql_text
from kg.query.result import to_result
from kg.store.embedded import load_file
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


def test_groups_skip_values_data_and_subquery_braces() -> None:
    text = (
        "SELECT ?s WHERE { VALUES ?s { <http://ex/a> } ?s ?p ?o "
        "OPTIONAL { ?o ?q ?r FILTER EXISTS { ?r ?t ?u } } "
        "{ SELECT ?s WHERE { ?s ?p ?v } } } VALUES ?o { 1 }"
    )
    spans = sparql_text.groups(text)
    assert [text[g.start : g.end].split()[0] for g in spans] == ["VALUES", "?o", "?r", "?s"]
    assert [g.opened_by for g in spans] == ["WHERE", "OPTIONAL", "EXISTS", "WHERE"]
    assert text[spans[2].start : spans[2].end] == " ?r ?t ?u "


def _remote(value: pyoxigraph.Literal | pyoxigraph.NamedNode) -> str:
    bindings = {"person": value}
    return bound_text(CHAIRS, bindings, check(CHAIRS, bindings))


def _without_blocks(text: str) -> tuple[list[str], list[list[str]]]:
    """The tokens of ``text`` outside the inserted VALUES blocks, and the blocks (strings as STRING)."""
    found = sparql_text.tokens(text)
    kept, blocks, i = [], [], 0
    while i < len(found):
        if found[i].text == "VALUES" and found[i + 2].text == "?person":
            blocks.append([t.text if t.kind != "string" else "STRING" for t in found[i : i + 9]])
            i += 9
        else:
            kept.append(found[i].text)
            i += 1
    return kept, blocks


def test_bound_text_opens_every_group_with_one_values_row() -> None:
    text = _remote(Literal('x" } ; DROP ALL #'))
    groups = 2  # the WHERE group, and the inner group that filters the chairs' names
    assert text.count('VALUES (?person) { ("x\\" } ; DROP ALL #") }') == groups
    assert len(sparql_text.tokens(text)) == len(TOKENS) + 9 * groups  # VALUES ( ?person ) { ( "…" ) }


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_value_stays_one_literal(value: str) -> None:
    term = Literal(value)
    text = _remote(term)
    kept, blocks = _without_blocks(text)
    assert kept == [t.text for t in TOKENS]
    assert blocks == [["VALUES", "(", "?person", ")", "{", "(", "STRING", ")", "}"]] * 2
    # the endpoint's answer (here: the same engine) is the substituted one
    local = to_result(STORE.query(CHAIRS.text, substitutions={Variable("person"): term}))
    assert to_result(STORE.query(text)) == local


def test_blank_nodes_and_odd_terms_are_refused() -> None:
    bindings = {"person": pyoxigraph.BlankNode("b0")}
    with pytest.raises(QueryError, match="cannot be bound"):
        bound_text(CHAIRS, bindings, check(CHAIRS, {}))


def test_no_where_group() -> None:
    info = QueryInfo("x", "x.rq", "SELECT ?s FROM <http://ex/>")
    with pytest.raises(QueryError):
        bound_text(info, {"s": NamedNode("http://ex/a")}, ("s",))
