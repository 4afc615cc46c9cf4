"""Locate the non-code resources shipped with `kg`: ontology, shapes, queries, lexicons, sample.

In a wheel, ``ontology/`` and ``queries/`` are force-included as ``kg/ontology`` and
``kg/queries``; in an editable checkout they sit at the repository root.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

_PACKAGE = files("kg")
_CHECKOUT = Path(__file__).resolve().parents[2]


def _folder(name: str) -> Traversable:
    packaged = _PACKAGE.joinpath(name)
    if packaged.is_dir():
        return packaged
    return _CHECKOUT / name


def ontology_path() -> Traversable:
    """The OWL ontology, ``ontology/vngov.ttl``."""
    return _folder("ontology").joinpath("vngov.ttl")


def shapes_path() -> Traversable:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return _folder("ontology").joinpath("shapes.ttl")


def queries_dir() -> Traversable:
    """The folder of named SPARQL queries (``*.rq``)."""
    return _folder("queries")


def lexicon_path(name: str) -> Traversable:
    """A lexicon data file under ``kg/lexicons``."""
    return _PACKAGE.joinpath("lexicons", name)


def sample_article() -> Traversable:
    """The bundled reference article, built by ``kg build`` without arguments."""
    return _PACKAGE.joinpath("data", "000_3260d56a15f8bcf8.txt")
