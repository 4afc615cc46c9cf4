"""Store: the embedded Oxigraph store that ``kg build`` writes and ``kg query`` reads (``embedded``)."""
