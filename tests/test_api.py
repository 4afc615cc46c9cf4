"""The public API: an explicit, sorted __all__ whose every name is importable."""

from __future__ import annotations

import importlib
from importlib.metadata import version

import kg


def test_all_is_sorted() -> None:
    assert kg.__all__ == sorted(kg.__all__)


def test_every_name_is_importable() -> None:
    module = importlib.import_module("kg")
    missing = [name for name in kg.__all__ if not hasattr(module, name)]
    assert missing == []


def test_star_import() -> None:
    namespace: dict[str, object] = {}
    exec("from kg import *", namespace)
    assert set(kg.__all__) <= namespace.keys()


def test_version_matches_the_package_metadata() -> None:
    assert kg.__version__ == version("kg")


def test_the_stage_functions_the_readme_calls_keep_their_names() -> None:
    """`kg.query.run_query`, `kg.query.list_queries` and `kg.load.load` (README, "In Python")."""
    import kg.load
    import kg.query

    assert callable(kg.query.run_query) and callable(kg.query.list_queries)
    assert callable(kg.load.load) and kg.load.StoreConfig.__name__ == "StoreConfig"
