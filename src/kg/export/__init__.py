"""Export: the graph as networkx, pictures and pages.

``networkx`` turns the RDF into a labelled MultiDiGraph, ``focus`` cuts one entity's
neighbourhood, ``formats`` writes each file format, ``layout``/``draw``/``page``/``palette``
plan and draw it.
"""
