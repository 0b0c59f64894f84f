"""What the exits share: the case, the rules, the dates, and every claim on the home on a date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zansai.engine.distribution import LienClaim
from zansai.engine.loan import Schedule
from zansai.engine.owed import Owed, OwedMemo
from zansai.engine.timeline import Timeline
from zansai.engine.valuation import Valuation
from zansai.model import Case, Lien, LienKind
from zansai.money import Yen
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step


@dataclass(frozen=True, slots=True)
class Dates:
    """The dates every exit shares: the delinquency milestones that fix what is owed when."""

    acceleration: date | None
    subrogation: date | None
    auction_filing: date
    auction_payment: date
    last_short_sale_day: date


@dataclass
class Context:
    """What the exits share: the case, the rules, the valuation, the timeline, the schedules."""

    case: Case
    book: RuleBook
    valuation: Valuation
    timeline: Timeline | None
    """None without a home loan (no delinquency to time)."""
    schedules: dict[int, Schedule]
    """Schedules by lien rank."""
    dates: Dates
    default_first_missed: date | None = None
    """The first missed payment the auction assumes when none has been missed yet."""
    rules_used: list[RuleUse] = field(default_factory=list)
    owed_memo: OwedMemo | None = None
    """The claims already computed for this plan (shared with the timeline and the what-ifs);
    made on first use, and bypassed when it belongs to another rule book."""
    claims: dict[tuple[date, bool], tuple[Claims, tuple[RuleUse, ...]]] = field(
        default_factory=dict, init=False, repr=False)
    """The claims already listed on a date (``claims_on``), with the rules they read."""
    sales: dict[tuple[Any, ...], Any] = field(default_factory=dict, init=False, repr=False)
    """The sales already costed and distributed in this context (``closing.sell``): 通常売却,
    売却＋自己資金 and 住み替え sell at one price on one day. Not passed on by ``replace``: a
    context with another valuation or case costs its own."""
    consents: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    """Whose consent the sales need (``consents``), listed once from the case: every sale asks."""

    def use(self, key: str, on: date) -> Any:
        resolved = self.book.at(key, on)
        self.rules_used.append(RuleUse.of(resolved))
        return resolved.value

    @property
    def delinquent(self) -> bool:
        return self.case.first_missed is not None

    def owed(self, lien: Lien, on: date, *, assume_default: bool = False) -> Owed | None:
        """What the lien's loan claims on ``on``; ``assume_default``: as if payments stop."""
        sched = self.schedules.get(lien.rank)
        if sched is None:
            return None
        d = self.dates
        first = self.case.first_missed or (self.default_first_missed if assume_default else None)
        acc = d.acceleration if first and d.acceleration and d.acceleration <= on else None
        sub = d.subrogation if (acc and lien.guarantor_company and d.subrogation
                                and d.subrogation <= on) else None
        memo = self.owed_memo
        if memo is None:
            memo = self.owed_memo = OwedMemo(self.book)
        return memo.get(sched, on, book=self.book, first_missed=first, lender=lien.lender,
                           late_rate=lien.late_rate, acceleration=acc, subrogation=sub,
                           contract_date=lien.contract_date)


def lien_name(lien: Lien, liens: Sequence[Lien]) -> str:
    """The holder's name, with the loan's name when one holder has several liens."""
    same = [x for x in liens if x.holder == lien.holder]
    if len(same) > 1:
        return f"{lien.holder}（{lien.loan.name if lien.loan else lien.rank}）"
    return lien.holder


@dataclass(frozen=True, slots=True)
class Claims:
    """Every claim on the home on one date: the liens by rank, the association, unpaid taxes."""

    liens: tuple[LienClaim, ...]
    outcomes: dict[str, tuple[int, str, Yen, str]]
    """name → (rank, claimant, late charges, holder)."""
    association: Yen
    tax: Yen
    steps: tuple[Step, ...]


def claims_on(ctx: Context, on: date, *, assume_default: bool = False) -> Claims:
    """Every claim on the home on ``on``: liens by rank, the association, unpaid taxes.

    Listed once per date in a context (every sale and auction asks); asked again, the same
    claims come with steps of their own, as a fresh listing gives them."""
    kept = ctx.claims.get((on, assume_default))
    if kept is None:
        used: list[RuleUse] = []
        claims = _claims_on(ctx, on, assume_default, used)
        ctx.claims[(on, assume_default)] = (claims, tuple(used))
        ctx.rules_used.extend(used)
        return claims
    claims, rules = kept
    ctx.rules_used.extend(rules)
    return Claims(claims.liens, dict(claims.outcomes), claims.association, claims.tax,
                  tuple(s.again() for s in claims.steps))


def _claims_on(ctx: Context, on: date, assume_default: bool, used: list[RuleUse]) -> Claims:
    case = ctx.case
    liens: list[LienClaim] = []
    outcomes: dict[str, tuple[int, str, Yen, str]] = {}
    steps: list[Step] = []
    has_seizure_lien = any(lien.kind is LienKind.TAX_SEIZURE for lien in case.liens)
    for lien in case.liens:
        name = lien_name(lien, case.liens)
        owed = ctx.owed(lien, on, assume_default=assume_default)
        if owed is not None:
            claim, principal, late = owed.total, owed.principal, owed.late_charges
            claimant = lien.guarantor_company if owed.subrogated and lien.guarantor_company else name
            steps.append(owed.step)
            used.extend(owed.rules_used)
        else:
            claim = lien.balance or 0
            principal = lien.principal if lien.principal is not None else claim
            late, claimant = 0, name
        liens.append(LienClaim(rank=lien.rank, holder=name, claim=claim, principal=principal,
                               is_tax_seizure=lien.kind is LienKind.TAX_SEIZURE))
        outcomes[name] = (lien.rank, claimant, late, lien.holder)
    seized = sum(lien.balance or 0 for lien in case.liens if lien.kind is LienKind.TAX_SEIZURE)
    tax = max(0, case.property.unpaid_taxes - seized)
    if case.property.tax_seized and not has_seizure_lien and tax > 0:
        rank = max((lien.rank for lien in case.liens), default=0) + 1
        liens.append(LienClaim(rank=rank, holder=case.tax_office, claim=tax, principal=tax,
                               is_tax_seizure=True))
        outcomes[case.tax_office] = (rank, case.tax_office, 0, case.tax_office)
        tax = 0
    association = case.property.unpaid_management_fees + case.property.unpaid_repair_reserve
    return Claims(tuple(liens), outcomes, association, tax, tuple(steps))

