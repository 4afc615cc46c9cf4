"""RDF: `Extraction` → rdflib graph, and graph files in and out.

``vocab`` names the vocabularies, ``iris`` mints the nodes, ``mapping`` makes an article's
triples, ``ntriples`` writes them, ``files`` reads graph files.
"""
