"""Run: the per-article pipeline at corpus scale, for `kg.build`.

``worker`` builds one article (read, extract, map, validate) in a worker process, ``pool``
runs workers with a time limit, ``cache`` keeps built articles between runs, ``merge``
streams them into one graph and store, ``progress`` draws the progress bar.
"""
