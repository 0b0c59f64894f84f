"""What to do now: the next deadlines, the actions that matter and who else is affected.

Built from the plan alone (its timeline, exits and remaining-debt routes), for the block that
stands directly under the answer on the results page, the quick check and the report.
(A first outline; the results work fills it in.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zansai.engine.plan import Plan


def now_context(plan: Plan, today: date, lang: str) -> dict[str, Any]:
    """``deadlines`` (next first, with days left), ``actions`` and ``affected`` for ``plan``."""
    return {"deadlines": [], "actions": [], "affected": []}
