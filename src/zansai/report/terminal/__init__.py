"""Results in the terminal: one module per result, rendering only.

``plan`` (with ``timeline``, ``residual`` and ``divorce`` for its sections), ``schedule``,
``arrears``, ``rules``, ``stale`` and ``explain`` (``--explain`` of any result). Import the module
you print with: they import rich (all but ``stale``), which the command line loads only when it
prints a table, so this package re-exports nothing.
"""
