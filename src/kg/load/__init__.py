"""Load: a built graph into a SPARQL 1.1 triple store, one named graph per article.

``loader`` stages and verifies each graph, ``servers`` knows each kind of store, ``http``
is the protocol client they share.
"""

from kg.load.loader import LoadResult, load
from kg.load.servers import PROFILES, StoreConfig

__all__ = ["PROFILES", "LoadResult", "StoreConfig", "load"]
