"""The home as the division sees it: its value and title, its loans, and who is bound by them.

The lenders are never bound by what the couple agree: a debtor or guarantor stays liable for
the whole loan (docs/sources/law-debt-divorce.md §8).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from zansai.engine.divorce.estate import even
from zansai.model import ExitKey
from zansai.money import Yen, format_yen
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


ROLE_JA = {Liability.DEBTOR: "債務者（連帯債務者を含む）", Liability.GUARANTOR: "連帯保証人"}


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
    """時価 now (不動産は現在の時価で評価, §7.2)."""
    loan_balance: Yen
    """Σ home-loan balances at the separation date (other liens included)."""
    purchase_price: Yen
    """購入価格 (頭金 + ローン元金, without 仲介手数料等): the denominator of the ratio methods."""
    title: dict[str, Fraction]
    """Ownership shares by name (登記名義)."""
    loans: tuple[LoanRole, ...]


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
    raw = {n: home.title.get(n, Fraction(0)) for n in spouses}
    total = sum(raw.values(), Fraction(0))
    return {n: v / total for n, v in raw.items()} if total > 0 else even(spouses)


def by_debtors(home: HomeStake | None, spouses: tuple[str, str]) -> dict[str, Fraction]:
    """Who bears the home debt between the spouses: loans by balance, joint debtors equally."""
    loans = [ln for ln in (home.loans if home else ()) if any(d in spouses for d in ln.debtors)]
    if not loans:
        return by_title(home, spouses)
    total = sum(ln.balance for ln in loans)
    out = dict.fromkeys(spouses, Fraction(0))
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
    """§8: the couple's agreement binds only the spouses, never the lender."""
    out: list[Text] = []
    for ln, role in roles(name, home):
        who = f"{keeper}が返済すると決めても" if keeper else "夫婦で負担を決めても"
        who_en = f"even if {keeper} takes over the payments" if keeper else "whatever the couple agree"
        out.append(
            (f"{name}は{ln.holder}の住宅ローン「{ln.name}」の{ROLE_JA[role]}です。{who}、その取り決めは"
            f"銀行を拘束しません。借換えや保証人の差替えなどに銀行が同意しない限り、{name}は残高"
            f"（別居時 {format_yen(ln.balance)}）の全額を請求されうる立場のままです（law-debt-divorce §8）",
            f"{name} is a {role} of the loan '{ln.name}' from {ln.holder}; {who_en}, the agreement "
            f"does not bind the bank: unless the loan is refinanced or the lender releases {name}, "
            f"{name} stays liable for the whole balance ({format_yen(ln.balance)} at separation)"))
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
    return min(remaining, own), (
        ("どのローンに残債が残るかで変わるため、上限として示しています", "shown as an upper bound: it "
        "depends on which loan keeps the remaining debt"))

