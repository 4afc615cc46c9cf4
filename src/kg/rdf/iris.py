"""Keys → IRIs: the one place kg mints instance and concept IRIs (used only by `kg.rdf.mapping`).

Input: the normalized keys and codes of `kg.model` (``[a-z0-9-]`` segments joined by "/"),
the article's SHA-256 and `Settings.base_iri`. Output: `rdflib.URIRef`s, each checked as a
strict RFC 3987 IRI by `pyoxigraph.NamedNode` (rdflib only warns). The templates are the
table in ``docs/rdf.md``; a key that is not normalized raises `KgError` naming it.
`Nodes` remembers what one article's mapping minted, by model key, and adds the shared
nodes (spans, concepts, provenance) once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import as_file

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg.errors import KgError
from kg.lexicons import lexicon, read_tsv
from kg.lexicons.keys import short_hash, slug, tone_key
from kg.model import Extraction, Span
from kg.rdf.ntriples import Triple
from kg.rdf.vocab import NIF, VNG
from kg.resources import ontology_path

CONCEPT_BASE = "https://w3id.org/vngov/concept/"
_KEY = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)*")
_CODE = re.compile(r"[a-z0-9-]+")
_SHA = re.compile(r"[0-9a-f]{64}")
_YEAR = re.compile(r"\d{4}")


def checked(iri: str) -> URIRef:
    """``iri`` as a `URIRef` once pyoxigraph accepts it as an absolute IRI, else `KgError`.

    >>> checked("https://w3id.org/vngov/id/place/vn-06")
    rdflib.term.URIRef('https://w3id.org/vngov/id/place/vn-06')
    """
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as e:
        raise KgError(f"invalid IRI {iri!r} ({e}); this is a bug in kg's IRI minting") from e
    return URIRef(iri)


def key(value: str, what: str) -> str:
    """``value`` if it is a normalized key (``[a-z0-9-]`` segments joined by "/"), else `KgError`."""
    if not _KEY.fullmatch(value):
        raise KgError(f"{what} key {value!r} is not normalized ([a-z0-9-] segments joined by '/')")
    return value


def code(value: str, what: str) -> str:
    """``value`` if it is a normalized code (``[a-z0-9-]``), else `KgError`."""
    if not _CODE.fullmatch(value):
        raise KgError(f"{what} code {value!r} is not normalized ([a-z0-9-])")
    return value


def concept(scheme: str, value: str) -> URIRef:
    """The concept ``https://w3id.org/vngov/concept/{scheme}/{code}`` (not configurable)."""
    return checked(f"{CONCEPT_BASE}{scheme}/{code(value, scheme)}")


def scheme(name: str) -> URIRef:
    """The concept scheme ``https://w3id.org/vngov/concept/{name}``."""
    return checked(CONCEPT_BASE + name)


def indicator_code(words: str) -> str:
    """The indicator concept's code: the slug of the words naming it."""
    return slug(words)


def decimal_lexical(value: Decimal) -> str:
    """A canonical ``xsd:decimal`` lexical form: no exponent, always a decimal point.

    >>> decimal_lexical(Decimal("1E+3")), decimal_lexical(Decimal("94.20"))
    ('1000.0', '94.2')
    """
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


class Minter:
    """Instance IRIs under one base, for one article (its SHA-256 names its text and run)."""

    def __init__(self, base: str, sha256: str) -> None:
        """Check ``base`` (an absolute IRI ending in "/") and ``sha256`` (64 hex digits)."""
        if not base.endswith("/"):
            raise KgError(f"base IRI {base!r} must end with '/'; fix Settings.base_iri")
        checked(base)
        if not _SHA.fullmatch(sha256):
            raise KgError(f"article SHA-256 {sha256!r} is not 64 lower-case hex digits")
        self.base = base
        self.sha = sha256
        self._text = f"{base}text/{sha256[:16]}"

    def _iri(self, path: str) -> URIRef:
        return checked(self.base + path)

    def article(self) -> URIRef:
        """``B article/{sha[:16]}``."""
        return self._iri(f"article/{self.sha[:16]}")

    def span(self, start: int, end: int) -> URIRef:
        """``B text/{sha[:16]}#char={start},{end}`` (RFC 5147); the context is ``0,len``."""
        if not 0 <= start <= end:
            raise KgError(f"span offsets [{start},{end}) are not 0 <= start <= end")
        return checked(f"{self._text}#char={start},{end}")

    def place(self, value: str) -> URIRef:
        """``B place/{code}``."""
        return self._iri(f"place/{code(value, 'place')}")

    def org(self, value: str) -> URIRef:
        """``B org/{key}``."""
        return self._iri(f"org/{key(value, 'organization')}")

    def group(self, value: str) -> URIRef:
        """``B group/{key}``."""
        return self._iri(f"group/{key(value, 'organization group')}")

    def person(self, value: str, name: str, scope: str) -> URIRef:
        """``B person/{key}-{hash10}``, hash10 over the tone-digit key of the name and the scope."""
        return self._iri(f"person/{key(value, 'person')}-{short_hash(tone_key(name), scope, length=10)}")

    def membership(self, person: str, org: str, role: str, *qualifiers: str) -> URIRef:
        """``B membership/{hash16(person key, org key, role code[, "former"])}``."""
        return self._iri(f"membership/{short_hash(person, org, role, *qualifiers)}")

    def post(self, org: str, role: str) -> URIRef:
        """``B post/{org key}/{role code}``."""
        return self._iri(f"post/{key(org, 'organization')}/{code(role, 'role')}")

    def meeting(self, value: str) -> URIRef:
        """``B meeting/{key}``."""
        return self._iri(f"meeting/{key(value, 'meeting')}")

    def observation(self, *parts: str) -> URIRef:
        """``B obs/{hash16(indicator, value, unit, period, place, article sha)}``."""
        return self._iri(f"obs/{short_hash(*parts, self.sha)}")

    def assessment(self, *parts: str) -> URIRef:
        """``B assessment/{hash16(indicator, status, period, place, article sha)}``."""
        return self._iri(f"assessment/{short_hash(*parts, self.sha)}")

    def directive(self, value: str) -> URIRef:
        """``B directive/{key}``."""
        return self._iri(f"directive/{key(value, 'directive')}")

    def period(self, words: str) -> URIRef:
        """``B time/year/{yyyy}`` for a year, else ``B time/{slug(words)}``."""
        if _YEAR.fullmatch(words):
            return self._iri(f"time/year/{words}")
        return self._iri(f"time/{slug(words)}")

    def dataset(self) -> URIRef:
        """``B dataset/indicators``: the one Data Cube data set of indicator values."""
        return self._iri("dataset/indicators")

    def run(self, version: str) -> URIRef:
        """``B run/{hash16(article sha, kg version)}``: this article's extraction run."""
        return self._iri(f"run/{short_hash(self.sha, version)}")

    def software(self, version: str) -> URIRef:
        """``B software/kg-{version}``."""
        return self._iri(f"software/kg-{version}")


@dataclass
class Nodes:
    """The triples of one article being built, and the IRIs minted so far by model key."""

    triples: set[Triple]
    mint: Minter
    extraction: Extraction
    run: URIRef = URIRef("")
    places: dict[str, URIRef] = field(default_factory=dict)
    orgs: dict[str, URIRef] = field(default_factory=dict)  # organizations and groups
    groups: set[str] = field(default_factory=set)
    persons: dict[str, URIRef] = field(default_factory=dict)
    memberships: dict[str, URIRef] = field(default_factory=dict)
    meetings: dict[str, URIRef] = field(default_factory=dict)
    spans: set[URIRef] = field(default_factory=set)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        """Add one triple; a ``None`` object (an unknown optional value) adds nothing."""
        if o is not None:
            self.triples.add((s, p, o))

    def ref(self, table: dict[str, URIRef], value: str, what: str) -> URIRef:
        """The IRI minted for ``value``, or `KgError` when the extraction never defined it."""
        if value not in table:
            raise KgError(
                f"article {self.extraction.article.id}: {what} {value!r} is referenced but not defined "
                "in the extraction; this is a bug in the stage that produced it"
            )
        return table[value]

    def agent(self, value: str, what: str) -> URIRef:
        """A person, organization or group IRI by key (persons first)."""
        return self.persons[value] if value in self.persons else self.ref(self.orgs, value, what)

    def body(self, value: str, what: str) -> URIRef:
        """An organization IRI by key; a group is not a body and raises `KgError`."""
        if value in self.groups:
            raise KgError(f"article {self.extraction.article.id}: {what} {value!r} is a group, not a body")
        return self.ref(self.orgs, value, what)

    def context(self) -> URIRef:
        """The article's ``nif:Context``: ``…#char=0,{len(text)}``."""
        return self.mint.span(0, len(self.extraction.article.text))

    def sentence(self, index: int, span: Span) -> None:
        """Add a ``nif:Sentence`` (numbered from 1)."""
        iri = self._offsets(span)
        self.add(iri, RDF.type, NIF.Sentence)
        self.add(iri, VNG.sentenceIndex, Literal(index))

    def span(self, span: Span) -> URIRef:
        """The span's IRI; a span that is not a sentence becomes a ``nif:Phrase`` (once)."""
        iri = self.mint.span(span.start, span.end)
        if iri in self.spans:
            return iri
        self._offsets(span)
        self.add(iri, RDF.type, NIF.Phrase)
        for sentence in self.extraction.sentences:
            if sentence.span.start <= span.start and span.end <= sentence.span.end:
                self.add(iri, NIF.sentence, self.mint.span(sentence.span.start, sentence.span.end))
                break
        return iri

    def _offsets(self, span: Span) -> URIRef:
        iri = self.mint.span(span.start, span.end)
        self.spans.add(iri)
        self.add(iri, RDF.type, NIF.RFC5147String)
        self.add(iri, NIF.referenceContext, self.context())
        self.add(iri, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(iri, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(iri, NIF.anchorOf, Literal(span.text))
        return iri

    def fact(self, node: URIRef, spans: Iterable[Span | None]) -> None:
        """Provenance of an extracted fact: the spans it was read from, and the run."""
        for span in spans:
            if span is not None:
                self.add(node, PROV.wasDerivedFrom, self.span(span))
        self.add(node, PROV.wasGeneratedBy, self.run)

    def concept(self, scheme_name: str, value: str) -> URIRef:
        """A concept of a fixed scheme, labelled from its lexicon (org types, units) or the ontology."""
        iri = concept(scheme_name, value)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme(scheme_name))
        self.add(iri, SKOS.notation, Literal(value))
        pair = _lexicon_labels(scheme_name).get(value)
        labels = _ontology_labels().get(iri, ()) if pair is None else pair
        for label in labels:
            self.add(iri, SKOS.prefLabel, label)
        return iri

    def indicator(self, words: str, label: str) -> URIRef:
        """The indicator concept named by ``words``, labelled ``label``@vi."""
        iri = concept("indicator", indicator_code(words))
        self.add(iri, RDF.type, VNG.Indicator)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme("indicator"))
        self.add(iri, SKOS.notation, Literal(indicator_code(words)))
        self.add(iri, SKOS.prefLabel, Literal(label, lang="vi"))
        return iri


@cache
def _lexicon_labels(scheme_name: str) -> dict[str, tuple[Literal, Literal]]:
    """Code → (label@vi, label@en) of the schemes that lexicons define: org types and units."""
    if scheme_name == "org-type":
        rows = [(code, vi, en) for code, (vi, en, _) in lexicon().org_types.items()]
    elif scheme_name == "unit":
        rows = [(c[0], c[1], c[2]) for _, c in read_tsv("units.tsv", 4)]
    else:
        rows = []
    return {code: (Literal(vi, lang="vi"), Literal(en, lang="en")) for code, vi, en in rows}


@cache
def _ontology_labels() -> dict[URIRef, tuple[Literal, ...]]:
    """The ``skos:prefLabel``s of the concepts ``ontology/vngov.ttl`` declares."""
    graph = Graph()
    with as_file(ontology_path()) as path:
        graph.parse(path, format="turtle")
    labels: dict[URIRef, list[Literal]] = {}
    for s, o in graph.subject_objects(SKOS.prefLabel):
        if isinstance(s, URIRef) and isinstance(o, Literal):
            labels.setdefault(s, []).append(o)
    return {s: tuple(sorted(v)) for s, v in labels.items()}
