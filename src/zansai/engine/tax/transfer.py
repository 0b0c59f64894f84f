"""The sale as the tax sees it (譲渡): date, proceeds, expenses and what the reliefs ask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zansai.errors import DomainError
from zansai.messages import msg
from zansai.money import Yen

__all__ = ["Transfer"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Transfer:
    """One transfer (譲渡) of the home, for 譲渡所得税.

    Invariants: proceeds and selling expenses are 0 or more, the loan balance too when known,
    and the loan term at least a year; a bad value names its field (``sale.proceeds`` …).
    """

    on: date
    """The transfer date (譲渡の日); rates and thresholds come from the rule book on it."""
    proceeds: Yen
    """譲渡収入金額: the sale price PLUS the 固定資産税・都市計画税 proration money the buyer
    pays the seller (国税庁 質疑応答: it is income from the transfer); the caller passes the sum."""
    selling_expenses: Yen
    """譲渡費用: brokerage fee, the seller's stamp duty …"""
    residence: bool = True
    """The home is the seller's residence (居住用財産)."""
    loan_balance_before_contract: Yen | None = None
    """The housing loan on the day before the sale contract (措法41条の5の2)."""
    loan_term_years: int | None = None
    """That loan's repayment period in years (措法41条の5の2: at least 10)."""
    used_residence_relief_recently: bool = False
    """A residence relief (3,000万円控除, 軽減税率, 買換え特例 …) was used in the two previous
    years; it blocks 35条, 31条の3 and 41条の5の2 alike (fail closed: the notes do not list,
    for each relief, which earlier ones block it)."""
    related_party: bool = False
    """Sold to a spouse, a relative or another related person (特別の関係がある者)."""
    contract_date: date | None = None
    """売買契約日; None: not given (the loan balance is then taken on the day before the transfer)."""

    def __post_init__(self) -> None:
        if self.proceeds < 0:
            raise DomainError.invalid("sale.proceeds", self.proceeds, msg("tax.common.not_negative"))
        if self.selling_expenses < 0:
            raise DomainError.invalid("sale.selling_expenses", self.selling_expenses,
                                      msg("tax.common.not_negative"))
        balance = self.loan_balance_before_contract
        if balance is not None and balance < 0:
            raise DomainError.invalid("loan.balance_before_contract", balance, msg("tax.common.not_negative"))
        if self.loan_term_years is not None and self.loan_term_years <= 0:
            raise DomainError.invalid("loan.term_years", self.loan_term_years,
                                      msg("tax.common.at_least_one_year"))
