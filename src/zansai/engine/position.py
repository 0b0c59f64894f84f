"""Where the household stands on the sale date: one definition the headline, the cards, the
tables, the PDF and the JSON all read.

Two figures, never mixed up:

- ``Position.equity`` = 時価 − ローン残高 (− 他の担保): アンダーローン (positive) or オーバーローン
  (negative), before any cost, as docs/sources/seed2-divorce.md has it (1,500万円 − 1,000万円 = 500万円).
- ``Reconciliation.result``: what a normal sale at the market value leaves over (余り, positive)
  or owing (不足, negative) once the arrears, the late charges (遅延損害金) and the costs of
  the sale are paid too. Each term names the figure it is taken from, and the terms add up to
  the result exactly (checked when it is built).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from zansai.engine.exits import ExitResult
from zansai.messages import Msg, msg
from zansai.money import Yen


class TermKey(StrEnum):
    """The terms of the reconciliation line, in the order they are printed."""

    MARKET_VALUE = "market_value"
    """時価: the central value, the normal sale's price."""
    LOAN_BALANCE = "loan_balance"
    """ローン残高: the 償還表 balance on the sale date."""
    OTHER_LIENS = "other_liens"
    """他の担保: second mortgages and seizures without a schedule."""
    ARREARS = "arrears"
    """滞納分・遅延損害金: missed instalments, interest and late charges on top of the balance."""
    ACCRUED_INTEREST = "accrued_interest"
    """経過利息: no payment missed, only the interest since the last due date."""
    ASSOCIATION = "association"
    """滞納管理費・修繕積立金."""
    TAXES = "taxes"
    """滞納税 (a seizure without a lien, or unpaid taxes)."""
    SALE_COSTS = "sale_costs"
    """売却費用: every cost of the normal sale (brokerage, stamp duty, lien release, moving)."""


@dataclass(frozen=True, slots=True)
class Term:
    """One figure of the reconciliation line: ``sign × amount``, and where it is taken from."""

    key: TermKey
    amount: Yen
    """Never negative; ``sign`` says whether it adds (+1, the value) or is taken away (−1)."""
    sign: int
    source: str
    """The plan JSON path of the figure (or the figures summed): ``position.loan_balance``."""
    parts: tuple[tuple[str, Yen], ...] = ()
    """What the amount is made of (cost item keys, ``unpaid`` / ``late_charges``), adding up to it."""

    @property
    def label(self) -> Msg:
        return msg(f"story.term.{self.key.value}")

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key.value, "label": self.label.to_dict(), "sign": self.sign,
                "amount": self.amount, "source": self.source,
                "parts": [{"key": k, "amount": a} for k, a in self.parts]}


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """時価 − 残高 − 滞納分・遅延損害金 − 売却費用 = 不足/余り, for a normal sale on the sale date."""

    terms: tuple[Term, ...]
    result: Yen
    """Signed: positive 余り (left over for the seller), negative 不足 (still owed)."""
    exit: str = "normal_sale"

    def __post_init__(self) -> None:
        total = sum(t.sign * t.amount for t in self.terms)
        if total != self.result:
            raise ValueError(f"reconciliation terms add up to {total}, not {self.result}")
        for t in self.terms:
            if t.amount < 0 or t.sign not in (1, -1):
                raise ValueError(f"term {t.key}: amount {t.amount}, sign {t.sign}")
            if t.parts and sum(a for _, a in t.parts) != t.amount:
                raise ValueError(f"term {t.key}: parts do not add up to {t.amount}")

    @property
    def shortfall(self) -> Yen:
        """不足: what the sale leaves owing (0 when it leaves money over)."""
        return max(0, -self.result)

    @property
    def surplus(self) -> Yen:
        """余り: what the sale leaves over (0 when it leaves debt)."""
        return max(0, self.result)

    @property
    def status(self) -> str:
        return "shortfall" if self.result < 0 else "surplus"

    def term(self, key: TermKey) -> Term | None:
        return next((t for t in self.terms if t.key is key), None)

    def to_dict(self) -> dict[str, Any]:
        return {"exit": self.exit, "terms": [t.to_dict() for t in self.terms],
                "result": self.result, "status": self.status, "shortfall": self.shortfall,
                "surplus": self.surplus}


@dataclass(frozen=True, slots=True)
class Position:
    """Where the household stands on the sale date: the home against its debt, and what a normal
    sale leaves once everything is paid (``reconciliation``)."""

    market_value: Yen
    owed: Yen
    """Σ claims on the home on the sale date (loans with interest and late charges, other liens)."""
    loan_balance: Yen
    """Σ principal outstanding of the home loans on the sale date (the 償還表 balance)."""
    other_liens: Yen
    """Σ amounts of the other liens (second mortgages, tax seizures) without a schedule."""
    equity: Yen
    """market value − loan balance − other liens: positive is アンダーローン, negative オーバーローン
    (seed 2: 1,500万円 − 1,000万円 = 500万円; costs are not deducted here)."""
    reconciliation: Reconciliation | None = None
    """What a normal sale leaves after the arrears, late charges and costs (不足 or 余り)."""

    @property
    def underwater(self) -> bool:
        return self.equity < 0

    @property
    def debt(self) -> Yen:
        """Σ debt secured on the home on the sale date before interest and late charges: the loan
        balance plus the other liens (``equity`` is the market value less this)."""
        return self.loan_balance + self.other_liens

    @property
    def equity_status(self) -> str:
        """``underloan`` (アンダーローン, equity ≥ 0) or ``overloan`` (オーバーローン)."""
        return "overloan" if self.underwater else "underloan"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "market_value": self.market_value, "owed": self.owed,
            "loan_balance": self.loan_balance, "other_liens": self.other_liens,
            "equity": self.equity, "underwater": self.underwater,
            "equity_status": self.equity_status}
        if self.reconciliation is not None:
            out["reconciliation"] = self.reconciliation.to_dict()
        return out


def reconcile(position: Position, normal: ExitResult, loan_ranks: set[int], *,
              delinquent: bool, association: Yen) -> Reconciliation:
    """The reconciliation line of ``position`` through the normal sale ``normal``.

    The loans' claims on the sale date (``normal.lenders`` of ``loan_ranks``) less their balance
    are the arrears (unpaid instalments and interest, and the late charges); what ``owed`` holds
    beyond the loans, the other liens and the association is unpaid tax. The costs are all the
    normal sale's costs, whether taken from the price or paid beside it.
    """
    loans = [lo for lo in normal.lenders if lo.rank in loan_ranks]
    claimed = sum(lo.claim for lo in loans)
    late = sum(lo.late_charges for lo in loans)
    arrears = claimed - position.loan_balance
    taxes = position.owed - claimed - position.other_liens - association
    terms = [Term(TermKey.MARKET_VALUE, position.market_value, 1, "position.market_value"),
             Term(TermKey.LOAN_BALANCE, position.loan_balance, -1, "position.loan_balance")]
    if position.other_liens:
        terms.append(_less(TermKey.OTHER_LIENS, position.other_liens, "position.other_liens"))
    if arrears or delinquent:
        key = TermKey.ARREARS if delinquent or late else TermKey.ACCRUED_INTEREST
        parts = (("unpaid", arrears - late), ("late_charges", late)) if late and arrears > late else ()
        terms.append(_less(key, arrears, "exits.normal_sale.lenders[].claim − position.loan_balance",
                           parts))
    if association:
        terms.append(_less(TermKey.ASSOCIATION, association,
                           "exits.normal_sale.distribution.lines[party=association].claim"))
    if taxes:
        terms.append(_less(TermKey.TAXES, taxes,
                           "position.owed − loans' claims − position.other_liens − association"))
    items = tuple((it.key, it.amount) for it in normal.costs.items) if normal.costs else ()
    terms.append(_less(TermKey.SALE_COSTS, normal.costs_total, "exits.normal_sale.costs_total",
                       items if sum(a for _, a in items) == normal.costs_total else ()))
    result = sum(t.sign * t.amount for t in terms)
    return Reconciliation(terms=tuple(terms), result=result)


def _less(key: TermKey, amount: Yen, source: str, parts: tuple[tuple[str, Yen], ...] = ()) -> Term:
    """A term taken away (a negative amount, which the engine never makes, is added back)."""
    return Term(key, abs(amount), -1 if amount >= 0 else 1, source, parts if amount >= 0 else ())
