"""All configuration in one frozen dataclass, passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass

__version__ = "0.1.0"  # kg.__version__; hatch reads it here (pyproject.toml)

DEFAULT_BASE = "https://w3id.org/vngov/id/"


@dataclass(frozen=True, slots=True)
class Settings:
    """How a build runs. The CLI builds one from its flags; tests build it directly."""

    base_iri: str = DEFAULT_BASE
    validate: bool = True
