"""The JSON of ``zansai rules --stale``: the rules due for review on a date, with their reasons.

(The rules in force on a date are ``zansai.rules.rules_snapshot(book, on).to_dict()``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zansai.rules import Staleness


def stale_to_dict(on: date, found: Sequence[Staleness]) -> dict[str, Any]:
    """``{"at": …, "stale": [...]}``, each rule with its reasons in both languages."""
    return {"at": on.isoformat(), "stale": [s.to_dict() for s in found]}
