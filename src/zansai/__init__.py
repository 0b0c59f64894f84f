"""zansai (残債): what happens when a mortgaged Japanese home is sold.

The engine is pure: integer yen, exact rates, and legal numbers taken from a dated rule book.
"""

__version__ = "0.1.0"
