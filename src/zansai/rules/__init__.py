"""The dated rule book: ``RuleBook.default().at(key, date)``.

``model`` (what a rule is), ``decode`` (the strict loader), ``files`` and ``cache`` (the
shipped rule files), ``book`` (lookup and overrides), ``snapshot`` (the book on one date),
``display`` and ``stale`` (rules due for review). The names below are the package's public ones.
"""

from zansai.rules.book import RuleBook
from zansai.rules.decode import parse_rule
from zansai.rules.display import display_value
from zansai.rules.model import Confidence, Kind, Period, Resolved, Rule, Source, Status, bracket
from zansai.rules.snapshot import RulesSnapshot, rules_snapshot
from zansai.rules.stale import Staleness, StaleReason, stale_rules
from zansai.rules.units import KEYED_ON, SCALAR_UNITS

__all__ = [
    "KEYED_ON",
    "SCALAR_UNITS",
    "Confidence",
    "Kind",
    "Period",
    "Resolved",
    "Rule",
    "RuleBook",
    "RulesSnapshot",
    "Source",
    "StaleReason",
    "Staleness",
    "Status",
    "bracket",
    "display_value",
    "parse_rule",
    "rules_snapshot",
    "stale_rules",
]
