"""消滅時効 (limitation) of each debt: information only, never a route.

Which law applies depends on the contract date (民法 as amended from 2020-04-01, or the former 商法
522条 / 民法167条) and on the creditor. The start event is 期限の利益喪失, or 代位弁済 for a guarantee
company's 求償権; for every event the period counts from the day after (初日不算入, 民法140条) and
ends per 143条 (``period_dates``). The result gives the last day the claim is alive and the first
day it is time-barred. It rarely completes: any payment or a judgment resets it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.workings import Workings, iso
from zansai.messages import msg
from zansai.model import DebtKind, LenderType
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import RuleUse, Step, Text, explaining, text_dict, unique_uses

# Parameterless messages, made once (a plan asks for them for every debt).
_RARE = msg("residual.limitation.rare")
_INVOKE = msg("residual.limitation.invoke")
_NO_CLOCK = msg("residual.limitation.no_clock")
_UNKNOWN = msg("residual.limitation.unknown")
_STEP_TIME_BARRED_FROM = msg("limitation.steps.time_barred_from")
_NOT_COVERED = msg("residual.limitation.not_covered")
_NO_CONTRACT_DATE = msg("residual.limitation.no_contract_date")
_REGIME = msg("residual.limitation.regime")
_REGIME_NOTE = msg("residual.limitation.regime_note")
_ACKNOWLEDGEMENT = msg("residual.limitation.acknowledgement")
_DEMAND = msg("residual.limitation.demand")
_STEP_NOTE_GUARANTOR = msg("limitation.steps.note_guarantor")
_STEP_NOTE = msg("limitation.steps.note")

_CREDIT_UNION_WORDS = ("信用金庫", "信用組合", "農業協同組合", "労働金庫")
"""Creditors that are not 商人, recognised by these words in their names (data, not text): their
pre-2020 loans had the civil 10 years."""


@dataclass(frozen=True, slots=True)
class LimitationDates:
    """The period under one law, counted from the start event (民法140条・143条)."""

    regime: str
    regime_text: Text
    years: int | None
    objective_years: int | None
    last_day_alive: date | None
    """満了日: the last day of the period; the claim can still be enforced on it."""
    time_barred_from: date | None
    """The first day the claim is time-barred (if invoked and nothing reset or suspended it)."""
    objective_time_barred_from: date | None = None
    """民法166条1項2号 (new law only): the first day barred by the objective period."""

    def to_dict(self) -> dict[str, Any]:
        return {"regime": self.regime, "regime_text": text_dict(self.regime_text), "years": self.years,
                "objective_years": self.objective_years, "last_day_alive": iso(self.last_day_alive),
                "time_barred_from": iso(self.time_barred_from),
                "objective_time_barred_from": iso(self.objective_time_barred_from)}


@dataclass(frozen=True, slots=True)
class LimitationInfo:
    """消滅時効 of one debt: the first day it could be time-barred, and why that rarely happens."""

    debt: str
    creditor: str
    regime: str
    """"commercial" (旧商法522条), "civil" (旧民法167条), "new_law" (民法166条), "unknown" or
    "not_covered" (support and taxes: outside the research)."""
    regime_text: Text
    years: int | None
    objective_years: int | None
    start_event: date | None
    """The day of the start event: 期限の利益喪失, or 代位弁済 for a guarantee company's 求償権."""
    clock_start: date | None
    """起算日: the day after the start event (初日不算入, 民法140条)."""
    last_day_alive: date | None
    """満了日 (民法143条): the last day the claim is still alive; None when not known."""
    time_barred_from: date | None
    """The first day the claim is time-barred, if nothing resets or suspends it and it is
    invoked; None when not known."""
    objective_time_barred_from: date | None
    resets: tuple[Text, ...]
    warnings: tuple[Text, ...]
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]
    alternatives: tuple[LimitationDates, ...] = ()
    """The dates under the other laws that may apply, when the contract date is unknown or an
    estimate on or after the new law's start (old law as real dates, not only as a note)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "debt": self.debt, "creditor": self.creditor, "regime": self.regime,
            "regime_text": text_dict(self.regime_text), "years": self.years,
            "objective_years": self.objective_years, "start_event": iso(self.start_event),
            "clock_start": iso(self.clock_start), "last_day_alive": iso(self.last_day_alive),
            "time_barred_from": iso(self.time_barred_from),
            "objective_time_barred_from": iso(self.objective_time_barred_from),
            "alternatives": [a.to_dict() for a in self.alternatives],
            "resets": [text_dict(t) for t in self.resets],
            "warnings": [text_dict(t) for t in self.warnings], "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }


@dataclass(frozen=True, slots=True)
class _Regime:
    name: str
    text: Text
    years: int | None = None
    objective: int | None = None


def period_dates(event: date, years: int) -> tuple[date, date, date]:
    """(起算日, 満了日, first time-barred day) of a period of ``years`` started by ``event``.

    One convention for every start event: the day of the event is not counted (初日不算入,
    民法140条), so the period counts from the next day (起算日); it ends at the end of the day
    before the same date ``years`` later, or at the end of that month when it has no such date
    (民法143条2項). The claim is time-barred from the day after. 142条 (a period ending on a
    holiday) is not applied: the research does not cover it for limitation.
    """
    start = event + timedelta(days=1)
    year = start.year + years
    month_end = calendar.monthrange(year, start.month)[1]
    if start.day <= month_end:
        last = date(year, start.month, start.day) - timedelta(days=1)
    else:
        last = date(year, start.month, month_end)
    return start, last, last + timedelta(days=1)


def limitation(debt: ResidualDebt, on: date, book: RuleBook) -> LimitationInfo:
    """消滅時効 of ``debt``: the law that applies, the clock start and the first barred day."""
    work = Workings(book)
    regime = _regime(work, debt)
    event = debt.default_date
    dates = _dates(regime, event)
    warnings: list[Text] = [_RARE, _INVOKE]
    if event is None and regime.name not in ("not_covered",):
        warnings.append(_NO_CLOCK)
    alternatives = _alternatives(work, debt, regime)
    if alternatives and debt.contract_date is not None:
        warnings.append(msg("limitation.estimated_contract_date", date=debt.contract_date,
                            new_from=_new_law_from(book)))
    resets, rules = _resets(work, on)
    clock = event + timedelta(days=1) if event is not None else None
    unknown = _UNKNOWN
    if explaining():
        work.step(f"limitation.{debt.name}.time_barred_from", _STEP_TIME_BARRED_FROM,
                  "clock_start = start_event + 1 day; last_day_alive = the day before the same date "
                  "`years` after clock_start (or that month's last day); time-barred from the next day",
                  {"start_event": iso(event) or "—", "clock_start": iso(clock) or "—",
                   "years": str(regime.years) if regime.years is not None else "—",
                   "last_day_alive": iso(dates.last_day_alive) or "—"},
                  iso(dates.time_barred_from) or f"{unknown.ja} / {unknown.en}", rules=rules,
                  note=_STEP_NOTE_GUARANTOR if debt.guarantor_company else _STEP_NOTE)
    return LimitationInfo(debt=debt.name, creditor=debt.creditor, regime=regime.name,
                          regime_text=regime.text, years=regime.years,
                          objective_years=regime.objective, start_event=event, clock_start=clock,
                          last_day_alive=dates.last_day_alive,
                          time_barred_from=dates.time_barred_from,
                          objective_time_barred_from=dates.objective_time_barred_from,
                          resets=resets, warnings=tuple(warnings), steps=tuple(work.steps),
                          rules_used=unique_uses(work.uses), alternatives=alternatives)


def _dates(regime: _Regime, event: date | None) -> LimitationDates:
    """The period of ``regime`` from ``event`` as dates (None where either is unknown)."""
    last = barred = objective = None
    if event is not None and regime.years is not None:
        _, last, barred = period_dates(event, regime.years)
    if event is not None and regime.objective is not None:
        objective = period_dates(event, regime.objective)[2]
    return LimitationDates(regime.name, regime.text, regime.years, regime.objective, last, barred,
                           objective)


def _new_law_from(book: RuleBook) -> date | None:
    """The first contract date the amended 民法166条 applies to (from the rule's periods)."""
    return next((p.start for p in book.get("limitation.new_law").periods if p.in_force), None)


def _alternatives(work: Workings, debt: ResidualDebt, regime: _Regime) -> tuple[LimitationDates, ...]:
    """The dates under the other law, when which law applies is not certain: no contract date
    (the old law for this creditor, and the new law), or an estimated one on or after the new
    law's start (a real contract may be earlier: the old law)."""
    event, new_from = debt.default_date, _new_law_from(work.book)
    if debt.kind is not DebtKind.ORDINARY or event is None or new_from is None:
        return ()
    estimated_new = (debt.contract_date_estimated and debt.contract_date is not None
                     and debt.contract_date >= new_from)
    if regime.name != "unknown" and not estimated_new:
        return ()
    scratch = Workings(work.book)
    dates = [_regime(scratch, replace(debt, contract_date=new_from - timedelta(days=1)))]
    if regime.name == "unknown":
        dates.append(_regime(scratch, replace(debt, contract_date=new_from)))
    work.uses += scratch.uses
    return tuple(_dates(r, event) for r in dates)


def _regime(work: Workings, debt: ResidualDebt) -> _Regime:
    """Which limitation law applies, by the contract date and the creditor (附則10条4項)."""
    cd = debt.contract_date
    if debt.kind is not DebtKind.ORDINARY:
        return _Regime("not_covered", _NOT_COVERED)
    if cd is None:
        return _Regime("unknown", _NO_CONTRACT_DATE)
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
    if explaining():
        work.step(f"limitation.{debt.name}.regime", _REGIME,
                  "by contract date and creditor",
                  {"contract_date": cd.isoformat(), "lender": debt.lender.value if debt.lender else "—",
                   "creditor": debt.creditor, "guarantee_company": "yes" if debt.guarantor_company else "no"},
                  f"{regime.name}: {years} years", rules=(used,),
                  note=_REGIME_NOTE)
    return regime


def _resets(work: Workings, on: date) -> tuple[tuple[Text, ...], tuple[Resolved, Resolved]]:
    """What resets or suspends the period (民法150–152条, 169条), and the two rules they cite."""
    judgment = work.rule("limitation.judgment_years", on)
    agreement = work.rule("limitation.agreement_suspension", on)
    resets: list[Text] = [
        _ACKNOWLEDGEMENT,
        msg("residual.limitation.judgment", years=judgment.value),
        _DEMAND,
    ]
    if agreement.in_force:
        resets.append(msg("residual.limitation.agreement", per=agreement.value["per_agreement_years"],
                          total=agreement.value["max_total_years"]))
    return tuple(resets), (judgment, agreement)
