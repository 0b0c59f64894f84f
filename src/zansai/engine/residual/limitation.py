"""消滅時効 (limitation) of each debt: information only, never a route.

Which law applies depends on the contract date (民法 as amended from 2020-04-01, or the former 商法
522条 / 民法167条) and on the creditor; the clock starts at 期限の利益喪失 or, for a guarantee
company's 求償権, the day after 代位弁済. It rarely completes: any payment or a judgment resets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from zansai.dates import add_years
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.workings import Workings, iso
from zansai.messages import msg
from zansai.model import DebtKind, LenderType
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import RuleUse, Step, Text, text_dict, unique_uses

_CREDIT_UNION_WORDS = ("信用金庫", "信用組合", "農業協同組合", "労働金庫")
"""Creditors that are not 商人, recognised by these words in their names (data, not text): their
pre-2020 loans had the civil 10 years."""


@dataclass(frozen=True, slots=True)
class LimitationInfo:
    """消滅時効 of one debt: when it could complete at the earliest, and why that rarely happens."""

    debt: str
    creditor: str
    regime: str
    """"commercial" (旧商法522条), "civil" (旧民法167条), "new_law" (民法166条), "unknown" or
    "not_covered" (support and taxes: outside the research)."""
    regime_text: Text
    years: int | None
    objective_years: int | None
    clock_start: date | None
    earliest: date | None
    """clock_start + years, if nothing resets or suspends it; None when not known."""
    resets: tuple[Text, ...]
    warnings: tuple[Text, ...]
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "debt": self.debt, "creditor": self.creditor, "regime": self.regime,
            "regime_text": text_dict(self.regime_text), "years": self.years,
            "objective_years": self.objective_years, "clock_start": iso(self.clock_start),
            "earliest": iso(self.earliest), "resets": [text_dict(t) for t in self.resets],
            "warnings": [text_dict(t) for t in self.warnings], "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }


@dataclass(frozen=True, slots=True)
class _Regime:
    name: str
    text: Text
    years: int | None = None
    objective: int | None = None


def limitation(debt: ResidualDebt, on: date, book: RuleBook) -> LimitationInfo:
    """消滅時効 of ``debt``: the law that applies, the clock start and the earliest completion."""
    work = Workings(book)
    regime = _regime(work, debt)
    years = regime.years
    clock: date | None = None
    if debt.default_date is not None:
        clock = debt.default_date + timedelta(days=1) if debt.guarantor_company else debt.default_date
    earliest = add_years(clock, years) if clock is not None and years is not None else None
    warnings: list[Text] = [msg("residual.limitation.rare"), msg("residual.limitation.invoke")]
    if clock is None and regime.name not in ("not_covered",):
        warnings.append(msg("residual.limitation.no_clock"))
    resets, rules = _resets(work, on)
    unknown = msg("residual.limitation.unknown")
    work.step(f"limitation.{debt.name}.earliest", msg("residual.limitation.earliest"), "clock start + years",
              {"default_date": iso(debt.default_date) or "—",
               "clock_start": iso(clock) or "—", "years": str(years) if years is not None else "—"},
              iso(earliest) or f"{unknown.ja} / {unknown.en}", rules=rules,
              note=msg("residual.limitation.earliest_note"))
    return LimitationInfo(debt=debt.name, creditor=debt.creditor, regime=regime.name,
                          regime_text=regime.text, years=years, objective_years=regime.objective,
                          clock_start=clock, earliest=earliest, resets=resets,
                          warnings=tuple(warnings), steps=tuple(work.steps),
                          rules_used=unique_uses(work.uses))


def _regime(work: Workings, debt: ResidualDebt) -> _Regime:
    """Which limitation law applies, by the contract date and the creditor (附則10条4項)."""
    cd = debt.contract_date
    if debt.kind is not DebtKind.ORDINARY:
        return _Regime("not_covered", msg("residual.limitation.not_covered"))
    if cd is None:
        return _Regime("unknown", msg("residual.limitation.no_contract_date"))
    new = work.rule("limitation.new_law", cd)
    civil_lender = debt.lender is LenderType.JHF or any(w in debt.creditor for w in _CREDIT_UNION_WORDS)
    if new.in_force:
        years, objective = int(new.value["subjective_years"]), int(new.value["objective_years"])
        regime = _Regime("new_law", msg("residual.limitation.new_law", years=years, objective=objective),
                         years, objective)
        used = new
    elif civil_lender and not debt.guarantor_company:
        used = work.rule("limitation.civil_claim_years", cd)
        years = int(used.value)
        regime = _Regime("civil", msg("residual.limitation.civil", years=years), years)
    else:
        used = work.rule("limitation.commercial_claim_years", cd)
        years = int(used.value)
        regime = _Regime("commercial", msg("residual.limitation.commercial", years=years), years)
    work.step(f"limitation.{debt.name}.regime", msg("residual.limitation.regime"),
              "by contract date and creditor",
              {"contract_date": cd.isoformat(), "lender": debt.lender.value if debt.lender else "—",
               "creditor": debt.creditor, "guarantee_company": "yes" if debt.guarantor_company else "no"},
              f"{regime.name}: {years} years", rules=(used,),
              note=msg("residual.limitation.regime_note"))
    return regime


def _resets(work: Workings, on: date) -> tuple[tuple[Text, ...], tuple[Resolved, Resolved]]:
    """What resets or suspends the period (民法150–152条, 169条), and the two rules they cite."""
    judgment = work.rule("limitation.judgment_years", on)
    agreement = work.rule("limitation.agreement_suspension", on)
    resets: list[Text] = [
        msg("residual.limitation.acknowledgement"),
        msg("residual.limitation.judgment", years=judgment.value),
        msg("residual.limitation.demand"),
    ]
    if agreement.in_force:
        resets.append(msg("residual.limitation.agreement", per=agreement.value["per_agreement_years"],
                          total=agreement.value["max_total_years"]))
    return tuple(resets), (judgment, agreement)
