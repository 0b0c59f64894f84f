"""The legal cap on agreed late charges (遅延損害金・賠償額の予定の上限, 利息制限法4条・7条).

Art. 4 caps them by the principal (1.46 × the art. 1 interest cap). Art. 7(1) caps them at 20%
for a lender that lends as a business (営業的金銭消費貸借), for loans contracted from the day it
came into force (rule ``late_charges.business_lender_cap``, keyed on the loan contract date).
Which lender types count is decided in that rule's description: banks and guarantee companies;
for 住宅金融支援機構 it is not known, and neither is the transitional rule for older contracts, so
there only art. 4 is applied and the result says art. 7 may apply as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from zansai.dates import add_months
from zansai.engine.exact import fraction
from zansai.messages import msg
from zansai.model import LenderType
from zansai.model.home import Lien
from zansai.model.loan import Loan
from zansai.money import format_percent
from zansai.rules import RuleBook, bracket
from zansai.rules.book import Resolved
from zansai.trace import RuleUse, Text

BUSINESS_LENDERS = frozenset({LenderType.BANK, LenderType.GUARANTOR_COMPANY})
"""Lender types that lend as a business (利息制限法7条1項), as the rule's description decides."""

ART4 = "interest_limitation_act_4"
ART7 = "interest_limitation_act_7"


@dataclass(frozen=True, slots=True)
class LateCap:
    """The binding cap on one loan's late-charge rate, and why."""

    rate: Fraction
    law: str
    """``ART4`` (利息制限法4条, by principal) or ``ART7`` (7条1項, business lender)."""
    contract_date: date
    contract_date_assumed: bool
    """True: no contract date was given; the first day of the month before the first payment."""
    unknown: str | None
    """Why art. 7 was not applied although it might bind: ``"jhf"`` (whether it binds 住宅金融支援機構
    is not known) or ``"before_art7"`` (contract before it came into force; transition 未確認)."""
    art7_rate: Fraction | None
    art7_from: date | None
    """Art. 7's rate and the day it came into force (from the rule), for the notes."""
    rules: tuple[RuleUse, ...]

    def apply(self, rate: Fraction, notes: list[Text]) -> Fraction:
        """``rate`` cut down to the cap, with the notes a reader needs appended to ``notes``:
        the cap used, the assumed contract date and what is unknown, when they change the rate."""
        capped = min(rate, self.rate)
        art7_matters = self.art7_rate is not None and capped > self.art7_rate
        if self.contract_date_assumed and ((self.law == ART7 and rate > self.rate)
                                           or (self.unknown == "before_art7" and art7_matters)):
            notes.append(msg("late_cap.contract_date_assumed", date=self.contract_date))
        if rate > self.rate:
            key = "over_cap_art7" if self.law == ART7 else "over_cap_art4"
            notes.append(msg(f"late_cap.{key}", rate=format_percent(rate),
                             cap=format_percent(self.rate)))
        if art7_matters and self.unknown is not None and self.art7_rate is not None:
            notes.append(msg(f"late_cap.{self.unknown}", cap=format_percent(self.art7_rate),
                             date=self.contract_date, since=self.art7_from))
        return capped


def contract_date_of(loan: Loan, given: date | None) -> tuple[date, bool]:
    """(the loan contract date, whether it was assumed): the given date, else the first day of
    the month before the first payment (the same estimate as for the limitation law)."""
    if given is not None:
        return given, False
    return add_months(loan.first_payment.replace(day=1), -1), True


def late_cap(loan: Loan, lender: LenderType, first_due: date, book: RuleBook, *,
             contract_date: date | None = None) -> LateCap:
    """The cap on ``loan``'s late charges. Art. 4 is read on ``first_due``, as before (its
    coverage starts 2014-04-01, so it cannot be read on an older contract date); art. 7 on the
    contract date. Kept by the book (a plan asks for the same cap on every claim it computes)."""
    contract, assumed = contract_date_of(loan, contract_date)
    principal = loan.principal
    return book.derived(("late_cap", principal, lender, first_due, contract, assumed),
                        lambda: _late_cap(principal, lender, first_due, book, contract, assumed))


def _late_cap(principal: int, lender: LenderType, first_due: date, book: RuleBook, contract: date,
              assumed: bool) -> LateCap:
    art4 = book.at("late_charges.interest_limitation_cap", first_due)
    cap = fraction(bracket(art4.value, principal)["rate"])
    art7 = book.at("late_charges.business_lender_cap", contract)
    since = _in_force_from(art7)
    art7_rate = fraction(str(art7.value)) if art7.in_force else (
        Fraction(str(art7.rule.at(since).value)) if since else None)
    law, unknown = ART4, None
    if lender is LenderType.JHF:
        unknown = "jhf"
    elif not art7.in_force:
        unknown = "before_art7"
    elif lender in BUSINESS_LENDERS and art7_rate is not None and art7_rate < cap:
        cap, law = art7_rate, ART7
    return LateCap(rate=cap, law=law, contract_date=contract, contract_date_assumed=assumed,
                   unknown=unknown, art7_rate=art7_rate, art7_from=since,
                   rules=(RuleUse.of(art4), RuleUse.of(art7)))


def _in_force_from(resolved: Resolved) -> date | None:
    """The first day the rule is in force (art. 7's 施行日), from its periods."""
    return next((p.start for p in resolved.rule.periods if p.in_force), None)


def lien_notes(liens: Sequence[Lien], first_missed: date | None, book: RuleBook) -> list[Text]:
    """For the plan's notes: each lien whose contract late-charge rate the law cuts down (or may
    cut down), named by its holder. Nothing before a payment is missed, nor for default rates."""
    notes: list[Text] = []
    if first_missed is None:
        return notes
    for lien in liens:
        if lien.loan is None or lien.late_rate is None:
            continue
        said: list[Text] = []
        late_cap(lien.loan, lien.lender, first_missed, book,
                 contract_date=lien.contract_date).apply(lien.late_rate, said)
        notes += [msg("late_cap.for_lien", holder=lien.holder, note=n) for n in said]
    return notes
