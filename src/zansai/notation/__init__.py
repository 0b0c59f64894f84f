"""Reading what Japanese users write (日本語の入力表記): amounts, rates, terms, dates and months.

One grammar for the web form, the quick check, case files and the command line. Each reader takes
the raw text and returns an exact value, or raises ``NotationError`` whose ``problem`` (a
bilingual message) says what is allowed; ``zansai.inputs`` names the field and raises
``InputError``. Bounds that depend on the field (at least 1円, below 100%, 1 to 50 years) are the
caller's.
"""

from zansai.notation.dates import day_of, month_of
from zansai.notation.eras import Era, era_named, era_of, eras
from zansai.notation.numbers import percent, percent_fraction, term_months, whole_number, yen_amount
from zansai.notation.text import NotationError, normalize

__all__ = [
    "Era", "NotationError", "day_of", "era_named", "era_of", "eras", "month_of", "normalize",
    "percent", "percent_fraction", "term_months", "whole_number", "yen_amount",
]
