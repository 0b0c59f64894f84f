"""One debt the routes deal with: the housing-loan residual after the sale (残債), or another debt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.engine.residual.workings import iso
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import DebtKind, LenderType
from zansai.model.checks import require_yen
from zansai.model.household import require_debt_kind
from zansai.money import Yen


@dataclass(frozen=True, slots=True)
class ResidualDebt:
    """One debt to settle after the sale."""

    name: str
    creditor: str
    amount: Yen
    """Total claimed on the start date, late charges included."""
    late_charges: Yen = 0
    """The part of ``amount`` that is 遅延損害金."""
    kind: DebtKind = DebtKind.ORDINARY
    from_home: bool = False
    """The housing-loan residual after the sale (no security left)."""
    lender: LenderType | None = None
    """bank / jhf for home loans; None for other debts."""
    guarantor_company: bool = False
    """The claim is a 保証会社's 求償権 after 代位弁済."""
    contract_date: date | None = None
    """Loan (or 保証委託) contract date: which limitation law applies."""
    default_date: date | None = None
    """期限の利益喪失 or 代位弁済 date: the limitation period's start event (counted from the next day)."""
    joint_debtors: tuple[str, ...] = ()
    """Other 連帯債務者 besides the debtor whose routes these are."""
    guarantors: tuple[str, ...] = ()
    """連帯保証人."""
    monthly_payment: Yen = 0
    """What is being paid on it now (other debts)."""
    contract_date_estimated: bool = False
    """``contract_date`` is an estimate (the month before the loan's first payment), not given."""

    def __post_init__(self) -> None:
        require_yen("residual_debt.amount", self.amount)
        require_yen("residual_debt.late_charges", self.late_charges)
        require_yen("residual_debt.monthly_payment", self.monthly_payment)
        if self.late_charges > self.amount:
            raise DomainError.invalid("residual_debt.late_charges", self.late_charges,
                                      msg("residual.errors.late_charges_within_amount"))
        require_debt_kind("residual_debt.kind", self.kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "creditor": self.creditor, "amount": self.amount,
            "late_charges": self.late_charges, "kind": self.kind.value, "from_home": self.from_home,
            "lender": self.lender.value if self.lender else None,
            "guarantee_company": self.guarantor_company, "contract_date": iso(self.contract_date),
            "default_date": iso(self.default_date), "co_debtors": list(self.joint_debtors),
            "guarantors": list(self.guarantors), "monthly_payment": self.monthly_payment,
        }
