"""The three figures an adviser argues with (損益分岐): the price that clears every lien, the price
below which the first lender does better at auction, and the last day a 任意売却 can settle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from zansai.engine.whatif.grid import Grid
from zansai.engine.whatif.search import Threshold, threshold
from zansai.messages import msg
from zansai.money import Rounding, Yen, format_percent, format_yen, round_yen
from zansai.trace import RuleUse, Step, Text, text_dict


@dataclass(frozen=True, slots=True)
class BreakEven:
    """One break-even: its price (or date), how it was found and why."""

    key: str
    on: date
    """The settlement date the price is for."""
    price: Yen | None
    step: Step
    summary: Text
    search: Threshold | None = None
    last_day: date | None = None
    assumption: bool = False
    """The figure rests on an assumed value (the discount rate's stand-in)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "settlement_date": self.on.isoformat(),
                               "price": self.price, "summary": text_dict(self.summary),
                               "assumption": self.assumption, "why": self.step.to_dict()}
        if self.last_day is not None:
            out["date"] = self.last_day.isoformat()
        s = self.search
        if s is not None:
            out["search"] = {"low": s.low, "high": s.high, "evaluations": s.evaluations,
                             "holds_everywhere": s.holds_everywhere,
                             "non_monotone": [{"fails_at": a, "holds_from": b} for a, b in s.exceptions]}
        return out


def _checked(found: Threshold) -> str:
    if found.price is None:
        return msg("whatif.search.none", high=found.high).en
    extra = f"; non-monotone below {format_yen(found.exceptions[-1][1])}" if found.exceptions else ""
    return (f"bisection on whole yen in [{format_yen(found.low)}, {format_yen(found.high)}]: holds at p, "
            f"fails at p − 1, holds at every grid price above and {found.evaluations} prices tried{extra}")


def clears_liens(grid: Grid, on: date, low: Yen, high: Yen, prices: list[Yen]) -> BreakEven:
    """(a) The lowest price at which a normal sale repays every claim on the home on ``on``."""
    found = threshold(lambda p: grid.normal(p, on).remaining_debt == 0, low, high, prices)
    owed = grid.normal(found.price or high, on)
    claims = sum(lo.claim for lo in owed.lenders)
    step = Step(name="whatif.clears_liens", label=msg("whatif.steps.clears_liens"),
                formula="lowest p with price − costs taken from it ≥ every claim on the settlement "
                        "date, at p and above; fails at p − 1",
                inputs={"settlement_date": on.isoformat(), "liens_claimed": format_yen(claims),
                        "search": _checked(found)},
                result=format_yen(found.price) if found.price is not None else "—",
                note=msg("whatif.notes.clears_liens"))
    summary = msg("whatif.summary.clears_liens", price=found.price, on=on) if found.price is not None \
        else msg("whatif.summary.clears_liens_none", high=high, on=on)
    return BreakEven(key="clears_liens", on=on, price=found.price, step=step, summary=summary,
                     search=found)


def consent_price(grid: Grid, on: date, low: Yen, high: Yen, prices: list[Yen], rate: Fraction,
                  rule: RuleUse | None) -> BreakEven | None:
    """(b) The price below which the first lender recovers more at auction (discounted to ``on``,
    after the auction costs) than from a 任意売却 on ``on``: from it up, consent pays the lender."""
    reference = grid.auction_reference(rate)
    if reference is None:
        return None
    target = reference.discounted(on)
    found = threshold(lambda p: consents(grid, p, on, target), low, high, prices)
    days = max(0, (reference.payment_date - on).days)
    step = Step(name="whatif.consent_price", label=msg("whatif.steps.consent_price"),
                formula="lowest p with short-sale recovery(p) ≥ auction recovery ÷ (1 + rate × days ÷ 365) "
                        "or = the claim (repaid in full), at p and above; fails at p − 1",
                inputs={"auction_recovery": format_yen(reference.recovery),
                        "auction_payment_date": reference.payment_date.isoformat(),
                        "settlement_date": on.isoformat(), "days": str(days),
                        "discount_rate": format_percent(rate),
                        "discounted_recovery": format_yen(round_yen(target, Rounding.FLOOR)),
                        "search": _checked(found)},
                result=format_yen(found.price) if found.price is not None else "—",
                rounding="discounted recovery compared exactly (shown rounded down)",
                rules=(rule,) if rule else (), note=msg("whatif.notes.consent_price"))
    if found.price is None:
        summary = msg("whatif.summary.consent_none", high=high)
    elif found.holds_everywhere:
        summary = msg("whatif.summary.consent_any")
    else:
        at = grid.short(found.price, on).lenders
        repaid = bool(at) and min(at, key=lambda lo: lo.rank).paid < target  # held by the full claim
        summary = msg("whatif.summary.consent_repaid" if repaid else "whatif.summary.consent_price",
                      price=found.price, on=on, recovery=round_yen(target, Rounding.FLOOR))
    return BreakEven(key="consent_price", on=on, price=found.price, step=step, summary=summary,
                     search=found, assumption=rule is not None and bool(rule.caveat_ja))


def consents(grid: Grid, price: Yen, on: date, target: Fraction) -> bool:
    """The first lender does at least as well from the short sale at ``price`` on ``on``: it
    receives the discounted auction recovery, or its whole claim on that date (repaid in full,
    it has nothing to give up, even if the auction's later date would add late charges)."""
    e = grid.short(price, on)
    if not e.lenders:
        return True
    first = min(e.lenders, key=lambda lo: lo.rank)
    return first.paid >= target or first.paid >= first.claim


def last_short_sale_day(grid: Grid) -> BreakEven | None:
    """(c) The last settlement date on which a 任意売却 is still possible (from the timeline)."""
    timeline = grid.ctx.timeline
    if timeline is None:
        return None
    window = timeline.window("short_sale_last_day")
    last = window.closes
    step = Step(name="whatif.last_short_sale_day", label=msg("whatif.steps.last_short_sale_day"),
                formula="the timeline's last day for a short sale (the day before the auction's bid "
                        "opening for a bank loan; before the filing for JHF)",
                inputs={"lender": timeline.lender.value, "basis": window.basis,
                        "first_missed": timeline.first_missed.isoformat()},
                result=last.isoformat(), note=window.note)
    after = last + timedelta(days=1)
    return BreakEven(key="last_short_sale_day", on=grid.ctx.case.sale_date, price=None, step=step,
                     summary=msg("whatif.summary.last_day", last=last, after=after), last_day=last)
