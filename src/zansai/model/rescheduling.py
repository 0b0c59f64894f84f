"""返済方法の変更 (rescheduling): the terms a lender agreed to, and the household facts JHF's
published criteria read. Plain frozen data; the schedule and the criteria are in the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model.checks import require_yen
from zansai.money import Yen


@dataclass(frozen=True, slots=True)
class Rescheduling:
    """A change of repayment terms: entered terms (a bank's, or JHF's once offered), or none, in
    which case a JHF loan is shown with the most its criteria allow."""

    rank: int | None = None
    """The lien whose loan is rescheduled; None: the first loan (the first JHF loan without terms)."""
    change_date: date | None = None
    """When the new terms start; payments due on or before it are paid as scheduled. None: ``at``."""
    extension_months: int | None = None
    """返済期間の延長 in months; None with no other term entered: JHF's maximum is proposed."""
    deferment_months: int | None = None
    """元金据置: months of interest-only payments at the start of the new terms."""
    annual_rate: Fraction | None = None
    """The rate under the new terms; None: the loan's own rate and rate changes."""
    annual_income: Yen | None = None
    """年収 (税込) now, as JHF's criteria read it."""
    previous_annual_income: Yen | None = None
    """年収 of the earlier year the income fall is measured from."""
    household_size: int | None = None
    """世帯人員 (the 月収 test)."""
    birth_date: date | None = None
    """The borrower's birth date (the age at the last payment)."""
    unemployed: bool = False
    """Out of work now (元金据置 is open)."""
    hardship: bool | None = None
    """Repaying is hard because of job loss, illness or the like; None: not said."""

    @property
    def terms_entered(self) -> bool:
        """The case gives the terms (else JHF's maximum is proposed)."""
        return (self.extension_months is not None or self.deferment_months is not None
                or self.annual_rate is not None)

    def __post_init__(self) -> None:
        for name in ("extension_months", "deferment_months"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise DomainError.invalid(f"rescheduling.{name}", value,
                                          msg("reschedule.checks.whole_months"))
        for name in ("annual_income", "previous_annual_income"):
            if getattr(self, name) is not None:
                require_yen(f"rescheduling.{name}", getattr(self, name))
        if self.household_size is not None and self.household_size < 1:
            raise DomainError.invalid("rescheduling.household_size", self.household_size,
                                      msg("reschedule.checks.at_least_one"))
