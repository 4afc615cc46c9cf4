"""Every namespace the graph uses, in one place: ``vng:`` terms checked at import time.

`VNG` is a closed `DefinedNamespace` (``_fail = True``): a misspelt term raises
``AttributeError`` instead of minting a wrong IRI, and ``tests/test_shapes.py`` checks that
it lists exactly the ``vng:`` terms ``ontology/vngov.ttl`` declares. `PREFIXES` is the
prefix table of every file kg writes (contract.md §2 plus a few standard ones).
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SDMX_M = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_A = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_D = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
VNC = Namespace("https://w3id.org/vngov/concept/")  # concept schemes: VNC["role/bi-thu"]
VNGSH = Namespace("https://w3id.org/vngov/shapes#")
SCHEMA = SDO  # https://schema.org/, as rdflib binds it


class VNG(DefinedNamespace):
    """The project ontology ``https://w3id.org/vngov/ont#`` (declared in ``ontology/vngov.ttl``)."""

    _NS = Namespace("https://w3id.org/vngov/ont#")
    _fail = True

    # classes
    Meeting: URIRef  # a meeting, conference, congress, session or working visit
    OrganizationGroup: URIRef  # a collective addressee ("UBND xã, phường")
    PersonGroup: URIRef  # a collective of officials addressed by function ("đội ngũ cán bộ")
    Indicator: URIRef  # an indicator concept
    IndicatorObservation: URIRef  # a numeric indicator value (qb:Observation)
    TargetAssessment: URIRef  # a qualitative achievement statement
    Directive: URIRef  # one requirement a leader or body issues
    # individuals
    IndicatorDSD: URIRef  # the Data Cube structure of the indicator data set
    # text and article
    text: URIRef
    sha256: URIRef
    sentenceIndex: URIRef
    # groups
    memberClassification: URIRef
    withinArea: URIRef
    groupSize: URIRef
    # memberships
    former: URIRef
    # meetings
    meetingKind: URIRef
    partOfDay: URIRef
    chairedBy: URIRef
    coChairedBy: URIRef
    chairCapacity: URIRef
    discussionGroupCount: URIRef
    opinionCount: URIRef
    attendeeCount: URIRef
    # indicators
    indicator: URIRef
    denominator: URIRef
    year: URIRef
    statedAt: URIRef
    achievementStatus: URIRef
    # directives
    instruction: URIRef
    order: URIRef
    modality: URIRef
    issuedBy: URIRef
    issuerCapacity: URIRef
    addressee: URIRef
    issuedAt: URIRef


PREFIXES: dict[str, Namespace] = {
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "nif": NIF,
    "opengov": OPENGOV,
    "org": Namespace(str(ORG)),
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "qb": Namespace(str(QB)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "schema": Namespace(str(SDO)),
    "sdmx-attribute": SDMX_A,
    "sdmx-dimension": SDMX_D,
    "sdmx-measure": SDMX_M,
    "skos": Namespace(str(SKOS)),
    "time": Namespace(str(TIME)),
    "unit": UNIT,
    "vnc": VNC,
    "vng": Namespace(str(VNG)),
    "vngsh": VNGSH,
    "xsd": Namespace(str(XSD)),
}


__all__ = [
    "DCTERMS", "FOAF", "NIF", "OPENGOV", "ORG", "OWL", "PREFIXES", "PROV", "QB", "RDF", "RDFS",
    "SCHEMA", "SDMX_A", "SDMX_D", "SDMX_M", "SKOS", "TIME", "UNIT", "VNC", "VNG", "VNGSH", "XSD",
    "new_graph",
]  # fmt: skip


def new_graph() -> Graph:
    """An empty graph with exactly the project's prefixes bound (no rdflib extras)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
