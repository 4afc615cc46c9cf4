"""kg: knowledge graphs from Vietnamese local-government news."""

from kg.build import BuildResult, build
from kg.errors import (
    ExtractionError,
    InputError,
    KgError,
    LexiconError,
    OutputError,
    QueryError,
    ShapesError,
    StoreError,
)
from kg.export.networkx import to_networkx
from kg.extract import extract
from kg.model import (
    Article,
    Assessment,
    Directive,
    Extraction,
    Meeting,
    Membership,
    Observation,
    Organization,
    Person,
    Place,
    Role,
    Sentence,
    Span,
)
from kg.rdf.files import load_graph
from kg.rdf.mapping import to_graph
from kg.read.article import read_article
from kg.settings import Settings, __version__
from kg.validate.report import ValidationReport
from kg.validate.shapes import validate

__all__ = [
    "Article",
    "Assessment",
    "BuildResult",
    "Directive",
    "Extraction",
    "ExtractionError",
    "InputError",
    "KgError",
    "LexiconError",
    "Meeting",
    "Membership",
    "Observation",
    "Organization",
    "OutputError",
    "Person",
    "Place",
    "QueryError",
    "Role",
    "Sentence",
    "Settings",
    "ShapesError",
    "Span",
    "StoreError",
    "ValidationReport",
    "__version__",
    "build",
    "extract",
    "load_graph",
    "read_article",
    "to_graph",
    "to_networkx",
    "validate",
]
