"""RDF: `Extraction` → rdflib graph, and graph files in and out.

``vocab`` names the vocabularies, ``iris`` mints the nodes, ``mapping`` writes an article's
graph, ``write`` serializes the merged graph, ``files`` reads graph files.
"""
