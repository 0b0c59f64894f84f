"""The JSON shape of 財産分与 alone (``zansai divorce --json`` and ``/api/v1/divorce``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zansai.errors import DomainError
from zansai.report.provenance import stamped

if TYPE_CHECKING:
    from zansai.engine.plan import Plan

SCHEMA = "zansai.divorce/1"


def divorce_to_dict(plan: Plan, *, explain: bool = False) -> dict[str, Any]:
    """The plan's division with its exits per spouse, under the case's title and date; with
    ``explain``, how each figure was computed. A case without a [divorce] section is an error
    (the shells check it first, in their own words)."""
    property_division = plan.property_division
    if property_division is None:
        raise DomainError.about("divorce", "このケースには divorce（別居日と2人の配偶者）がありません",
                                "this case has no divorce section (the separation date and the two "
                                "spouses)")
    out = stamped({"schema": SCHEMA, "title": plan.case.title, "at": plan.case.at.isoformat(),
                   "division": plan.property_division_dict()}, plan.rules_fingerprint)
    if explain:
        out["explanation"] = property_division.explain().to_dict()
    return out
