"""The dated rule book: ``RuleBook.default().at(key, date)``."""

from zansai.rules.book import (
    KEYED_ON,
    SCALAR_UNITS,
    Confidence,
    Kind,
    Period,
    Resolved,
    Rule,
    RuleBook,
    Source,
    Status,
    bracket,
    display_value,
    parse_rule,
)

__all__ = [
    "KEYED_ON",
    "SCALAR_UNITS",
    "Confidence",
    "Kind",
    "Period",
    "Resolved",
    "Rule",
    "RuleBook",
    "Source",
    "Status",
    "bracket",
    "display_value",
    "parse_rule",
]
