"""The comparables basis of a case's valuation (取引事例による価格帯), beside what the user entered.

The shell finds the sales (``Case.comparables``); this module values them with
``comparables_basis`` on the calculation date. The range never replaces an appraisal, a market
value or a 路線価 estimate: only a case that gives none of them takes the comparables' median as
its central value (basis ``comparables``), and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zansai.engine.comparables import ComparablesBasis, PropertyKind, Subject, comparables_basis
from zansai.engine.price_index import load_index_table
from zansai.messages import Msg, msg
from zansai.model import Case
from zansai.model.keys import ValuationBasis
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import Step, Text

__all__ = ["ValuationComparables", "case_comparables", "central_from_comparables"]


@dataclass(frozen=True, slots=True)
class ValuationComparables:
    """The comparables basis, how many sales matched the query and the credit lines to show."""

    basis: ComparablesBasis
    matched: int
    credit: tuple[Msg, ...]

    def to_dict(self) -> dict[str, Any]:
        """The basis (``ComparablesBasis.to_dict``), ``matched`` and ``credit`` (id / ja / en)."""
        return {**self.basis.to_dict(), "matched": self.matched,
                "credit": [m.to_dict() for m in self.credit]}


def subject_of(case: Case) -> Subject | None:
    """The home as the comparables see it; None without a location or the area priced per m²."""
    prop = case.property
    kind = PropertyKind(prop.kind.value)
    if prop.municipality_code is None or prop.floor_area_m2 is None:
        return None
    return Subject(kind=kind, floor_area_m2=prop.floor_area_m2, land_area_m2=case.land_area_m2,
                   building_year=prop.built_on.year if prop.built_on else None,
                   structure=prop.structure.value, municipality_code=prop.municipality_code,
                   district=prop.district)


def case_comparables(case: Case, book: RuleBook) -> ValuationComparables | None:
    """The comparables basis of ``case`` on its calculation date; None when no sales were looked
    up for it or it has no location or floor area."""
    found = case.comparables
    subject = subject_of(case) if found is not None else None
    if found is None or subject is None:
        return None
    table = load_index_table(book, case.at, found.index_values)
    basis = comparables_basis(subject, found.sales, case.at, table, book)
    return ValuationComparables(basis, found.matched, found.credit)


def central_from_comparables(found: ValuationComparables, notes: list[Text]
                             ) -> tuple[ValuationBasis, Yen, Yen, Yen, list[Step]] | None:
    """Low / central / high from the comparables (P25 / median / P75) when they give a range:
    the case has no value of its own. None when too few matched."""
    b = found.basis
    if b.low is None or b.central is None or b.high is None:
        return None
    notes.append(msg("valuation_comps.notes.central", count=len(b.used),
                     confidence=msg(f"comparables.confidence.{b.confidence}")))
    step = Step(name="central_value", label=msg("valuation_comps.steps.central"),
                formula="median (P50) of the comparables' time-adjusted price per m² × area; "
                        "low / high = P25 / P75",
                inputs={"comparables": str(len(b.used)), "confidence": str(b.confidence),
                        "low": format_yen(b.low), "high": format_yen(b.high)},
                result=format_yen(b.central), rules=b.rules)
    return ValuationBasis.COMPARABLES, b.low, b.central, b.high, [*b.steps, step]
