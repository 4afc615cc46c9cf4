"""Run: the per-article pipeline at corpus scale, for `kg.build`.

``worker`` builds one article (read, extract, map, validate) in a worker process, ``pool``
runs workers with a time limit (``cluster``: tasks on a dask cluster), ``cache`` keeps built
articles between runs, ``merge`` streams them into one graph and ``write`` writes its files,
``progress`` draws the progress bar.
"""
