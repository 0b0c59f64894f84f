"""Portfolio mode: value whole loan tapes with the engine's rules, vectorized (``zansai batch``).

``tape`` reads and validates a loan tape in chunks, ``kernel`` values a chunk (exact yen, the
same rule book as the single-case engine), ``montecarlo`` adds price and timing uncertainty,
``runner`` streams a tape through them (one process or a Dask cluster) and writes the results.
Nothing here is imported by ``zansai.cli`` until ``zansai batch`` runs.
"""
