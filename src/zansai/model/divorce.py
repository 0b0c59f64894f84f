"""A divorcing couple's inputs for 財産分与 (民法768条): the spouses, dates, separate money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from zansai.model.keys import PropertyDivisionMethod
from zansai.money import Yen


class ContributionKind(StrEnum):
    DOWN_PAYMENT = "down_payment"
    """頭金 paid from separate money."""
    PREPAYMENT = "prepayment"
    """A lump repayment (繰上返済) from separate money, e.g. an inheritance."""


@dataclass(frozen=True, slots=True)
class Contribution:
    """Separate property (特有財産) put into the home."""

    spouse: str
    amount: Yen
    kind: ContributionKind = ContributionKind.DOWN_PAYMENT
    source: str = "pre_marriage_savings"
    """pre_marriage_savings (婚姻前の貯金), gift (親からの贈与) or inheritance (相続)."""
    paid_on: date | None = None


class OverloanView(StrEnum):
    """How an overloan home enters 財産分与."""

    NETTING = "netting"
    """通算説: the negative equity is netted against the other assets (東京高判令和6年8月21日)."""
    EXCLUSION = "exclusion"
    """除外説: the home and its loan are left out (東京高決平成10年3月13日)."""


@dataclass(frozen=True, slots=True)
class Divorce:
    """A divorcing couple's inputs for 財産分与 (民法768条)."""

    spouses: tuple[str, str]
    separation_date: date
    """別居日: the loan balance and the savings are taken on this date."""
    divorce_date: date | None = None
    """離婚日 (done or planned): sets the claim deadline; None: not yet known."""
    married_on: date | None = None
    contributions: tuple[Contribution, ...] = ()
    method: PropertyDivisionMethod | None = None
    """How separate money in the home is credited; None: the rule's default (``tokyo_ratio``)."""
    overloan: OverloanView | None = None
    """None: netting when other positive assets exist, else exclusion."""
    keeper: str | None = None
    """The spouse who would keep the home (代償金 scenario); None: each spouse in turn."""
    share: Fraction | None = None
    """The first spouse's share of the marital estate; None: ``divorce.contribution_share``."""
    home_evidence: str = ""
    """証拠 of the home's value (査定書: 甲1), for the 婚姻関係財産一覧表."""
    home_claims: tuple[tuple[str, Yen], ...] = ()
    """A disputed home value: (spouse, claimed yen); shown on the list, the plan uses the valuation."""
    loan_evidence: tuple[tuple[str, str], ...] = ()
    """証拠 of each home loan's balance (loan name, 乙2)."""
