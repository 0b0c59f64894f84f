"""The home as the division sees it: its value and title, its loans, and who is bound by them.

The lenders are never bound by what the couple agree: a debtor or guarantor stays liable for
the whole loan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from zansai.engine.divorce.estate import NONE, even
from zansai.messages import Msg, msg
from zansai.model import ExitKey
from zansai.money import Yen
from zansai.trace import Text


class Liability(StrEnum):
    """How a spouse is bound by a home loan (the value is the role's English name in the output)."""

    DEBTOR = "debtor"
    """債務者: any debtor (連帯債務者 included) in the lenders' warnings; the sole debtor in the
    inventory, which names a joint debtor apart."""
    JOINT_DEBTOR = "joint_debtor"
    """連帯債務者 (in the inventory)."""
    GUARANTOR = "guarantor"
    """連帯保証人."""


ROLE_LABELS: dict[Liability, Msg] = {Liability.DEBTOR: msg("divorce.home.debtor"),
                                    Liability.GUARANTOR: msg("divorce.home.guarantor")}
"""How a warning names a spouse's role on a loan."""


class Named(Msg):
    """A name already given in both languages (an exit's label), used as a message parameter."""

    __slots__ = ()

    def __init__(self, text: Text) -> None:
        super().__init__("divorce.named")
        self._ja, self._en = text[0], text[1]


@dataclass(frozen=True, slots=True)
class LoanRole:
    """Who is bound by one home loan (連帯債務者・連帯保証人), with its balance at the separation date."""

    name: str
    holder: str
    balance: Yen
    debtors: tuple[str, ...]
    guarantors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HomeStake:
    """The marital home as the division sees it."""

    value: Yen
    """時価 now (不動産は現在の時価で評価)."""
    loan_balance: Yen
    """Σ home-loan balances at the separation date (other liens included)."""
    purchase_price: Yen
    """購入価格 (頭金 + ローン元金, without 仲介手数料等): the denominator of the ratio methods."""
    title: dict[str, Fraction]
    """Ownership shares by name (登記名義)."""
    loans: tuple[LoanRole, ...]
    down_payment: Yen | None = None
    """頭金: 購入価格 − the home loans' principal; None when not known."""
    principal_repaid: Yen | None = None
    """The home loans' principal repaid from the purchase to the separation (from the 償還表);
    None when not known."""


@dataclass(frozen=True, slots=True)
class SaleOutcome:
    """An exit of the plan, as the division sees it."""

    key: ExitKey
    label_ja: str
    label_en: str
    equity: Yen
    """What the home turns into: surplus kept (+) or debt left (−) after the exit."""
    remaining_debt: Yen
    """Owed to the lenders after the exit."""
    completion: date


def by_title(home: HomeStake | None, spouses: tuple[str, str]) -> dict[str, Fraction]:
    """The spouses' 持分 (normalized); equal when the title names neither."""
    if home is None:
        return even(spouses)
    raw = {n: home.title.get(n, NONE) for n in spouses}
    total = sum(raw.values(), NONE)
    return {n: v / total for n, v in raw.items()} if total > 0 else even(spouses)


def by_debtors(home: HomeStake | None, spouses: tuple[str, str]) -> dict[str, Fraction]:
    """Who bears the home debt between the spouses: loans by balance, joint debtors equally."""
    loans = [ln for ln in (home.loans if home else ()) if any(d in spouses for d in ln.debtors)]
    if not loans:
        return by_title(home, spouses)
    total = sum(ln.balance for ln in loans)
    out = dict.fromkeys(spouses, NONE)
    for ln in loans:
        weight = Fraction(ln.balance, total) if total > 0 else Fraction(1, len(loans))
        ours = [d for d in ln.debtors if d in spouses]
        for d in ours:
            out[d] += weight / len(ours)
    return out


def roles(name: str, home: HomeStake | None) -> list[tuple[LoanRole, Liability]]:
    """The home loans ``name`` is bound by, with the role (debtor or guarantor)."""
    out: list[tuple[LoanRole, Liability]] = []
    for ln in home.loans if home else ():
        if name in ln.debtors:
            out.append((ln, Liability.DEBTOR))
        elif name in ln.guarantors:
            out.append((ln, Liability.GUARANTOR))
    return out


def bank_not_bound(name: str, home: HomeStake | None, keeper: str | None) -> list[Text]:
    """The couple's agreement binds only the spouses, never the lender."""
    out: list[Text] = []
    who = msg("divorce.home.keeper_pays", keeper=keeper) if keeper else msg("divorce.home.couple_agree")
    for ln, role in roles(name, home):
        out.append(msg("divorce.home.bank_not_bound", name=name, holder=ln.holder, loan=ln.name,
                       role=ROLE_LABELS[role], who=who, balance=ln.balance))
    return out


def exposure(name: str, home: HomeStake | None, remaining: Yen | None) -> tuple[Yen, Text | None]:
    """What the home's lenders can claim from ``name``; ``remaining`` None: the loans run on."""
    mine = roles(name, home)
    if not mine or home is None:
        return 0, None
    own = sum(ln.balance for ln, _ in mine)
    if remaining is None:
        return own, None
    if len(mine) == len(home.loans):
        return remaining, None
    return min(remaining, own), msg("divorce.home.upper_bound")

