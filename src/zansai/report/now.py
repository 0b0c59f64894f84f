"""What to do now: the next deadlines, the actions that matter and who else is affected.

Built from the plan alone (its timeline, exits and remaining-debt routes), for the block that
stands directly under the answer on the results page, the quick check, the report and the
terminal, and for ``next_steps`` in the plan's JSON. Every figure is the engine's; this module
only chooses which facts matter now and says them with the ``now`` message catalog.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zansai.engine.exits import ExitResult
from zansai.engine.plan import Plan
from zansai.engine.timeline import Timeline
from zansai.messages import Msg, msg
from zansai.model import ExitKey, Lien
from zansai.model.keys import ConsentStatus, CostKey

MAX_DEADLINES = 3
"""The next deadlines shown (plus the best exit's own last day when it comes later)."""
MAX_ACTIONS = 4

_WINDOWS = ("rescheduling", "housing_clause", "bank_short_sale_practical", "jhf_short_sale",
            "short_sale_last_day")
"""The windows worth a countdown (``bank_short_sale`` closes with ``short_sale_last_day``)."""
_MILESTONES = ("credit_record", "acceleration", "subrogation", "auction_filing", "payment")
_SHORT_SALE_EXITS = (ExitKey.SHORT_SALE, ExitKey.DEALER_PURCHASE, ExitKey.LEASEBACK)
"""Exits that close below the debt only with the lenders' consent, before the auction."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date that closes something, counted down from the plan's calculation date."""

    key: str
    on: date
    days: int
    label: Msg
    closes: Msg
    estimate: bool
    """Dated from the rules' typical gaps (目安), not a date the household chose."""

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "date": self.on.isoformat(), "days": self.days,
                "estimate": self.estimate, "label": self.label.to_dict(),
                "closes": self.closes.to_dict()}


@dataclass(frozen=True, slots=True)
class Item:
    """One action, or one way the outcome reaches a person, the home or the credit record."""

    key: str
    text: Msg
    on: date | None = None
    amount: int | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "date": self.on.isoformat() if self.on else None,
                "amount": self.amount, "name": self.name, "text": self.text.to_dict()}


@dataclass(frozen=True, slots=True)
class NextSteps:
    """Everything the block under the answer says, in both languages."""

    on: date
    hypothetical: bool
    deadlines: tuple[Deadline, ...]
    actions: tuple[Item, ...]
    affected: tuple[Item, ...]
    best: Msg | None
    """What 「おすすめ」 means for this plan, with its conditions."""
    exit: str | None = None
    """The exit ``affected`` describes: the best one, else the short sale."""
    notes: tuple[Msg, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "hypothetical": self.hypothetical, "exit": self.exit,
                "deadlines": [d.to_dict() for d in self.deadlines],
                "actions": [a.to_dict() for a in self.actions],
                "affected": [a.to_dict() for a in self.affected],
                "best": self.best.to_dict() if self.best else None,
                "notes": [n.to_dict() for n in self.notes]}


def now_context(plan: Plan, today: date, lang: str) -> dict[str, Any]:
    """``deadlines`` (next first, with days left), ``actions`` and ``affected`` for ``plan``, in
    ``lang``, for ``_now.html`` (``today``: the day the countdown counts from, the plan's
    calculation date unless the caller knows better)."""
    steps = next_steps(plan, today)
    words = {key: msg(f"now.heading.{key}").text(lang)
             for key in ("title", "deadlines", "more_deadlines", "actions", "affected")}
    words["estimate"] = msg("now.countdown.estimate").text(lang)
    return {
        "on": steps.on.isoformat(), "hypothetical": steps.hypothetical, "words": words,
        "deadlines": [{"key": d.key, "date": d.on.isoformat(), "days": d.days,
                       "countdown": _countdown(d.days).text(lang), "estimate": d.estimate,
                       "label": d.label.text(lang), "closes": d.closes.text(lang)}
                      for d in steps.deadlines],
        "actions": [{"key": a.key, "text": a.text.text(lang)} for a in steps.actions],
        "affected": [{"key": a.key, "text": a.text.text(lang), "exit": _KEEP_EXITS.get(a.text.id)}
                     for a in steps.affected],
        "best": steps.best.text(lang) if steps.best else None,
        "notes": [n.text(lang) for n in steps.notes],
    }


_KEEP_EXITS = {"now.affected.keep_rehabilitation": ExitKey.KEEP_HOME_REHABILITATION.value,
               "now.affected.keep_reschedule": ExitKey.RESCHEDULE.value}
"""The exit a "keep the home" line is about (the results page links the line to its block)."""


def _countdown(days: int) -> Msg:
    return msg("now.countdown.days", days=days) if days else msg("now.countdown.today")


def next_steps(plan: Plan, today: date) -> NextSteps:
    """The deadlines, actions and people affected of ``plan``, counted from ``today``."""
    focus = _focus(plan)
    deadlines = _deadlines(plan, focus, today)
    # no loan (no timeline): nothing is assumed missed, so the hypothetical note does not apply
    notes = (msg("now.note.hypothetical"),) if plan.timeline and plan.timeline.hypothetical else ()
    return NextSteps(on=today, hypothetical=plan.timeline is None or plan.timeline.hypothetical,
                     deadlines=deadlines,
                     actions=tuple(_actions(plan, focus, today)[:MAX_ACTIONS]),
                     affected=tuple(_affected(plan, focus)), best=_best_meaning(plan),
                     exit=focus.key if focus else None, notes=notes)


def _focus(plan: Plan) -> ExitResult | None:
    """The exit the household would take: the best one, else the short sale."""
    key = plan.best or ExitKey.SHORT_SALE
    return next((e for e in plan.exits if e.key == key), None)


# ------------------------------------------------------------------------------------- deadlines


def _deadlines(plan: Plan, focus: ExitResult | None, today: date) -> tuple[Deadline, ...]:
    """The next open windows and milestones after ``today``, soonest first, each once."""
    timeline = plan.timeline
    if timeline is None or timeline.hypothetical:
        on = plan.case.sale_date
        return (Deadline("sale_date", on, (on - today).days, msg("now.deadline.sale_date.label"),
                         msg("now.deadline.sale_date.closes"), False),) if on >= today else ()
    found = _candidates(timeline, today)
    found.sort(key=lambda d: (d.on, d.key))
    shown = found[:MAX_DEADLINES]
    last = next((d for d in found if d.key == "short_sale_last_day"), None)
    if last is not None and last not in shown and focus is not None and focus.key in _SHORT_SALE_EXITS:
        shown.append(last)
    return tuple(shown)


def _candidates(timeline: Timeline, today: date) -> list[Deadline]:
    found: list[Deadline] = []
    windows = {w.key: w for w in timeline.windows if w.key in _WINDOWS and w.closes >= today}
    last = windows.get("short_sale_last_day")
    for key, w in windows.items():
        if key != "short_sale_last_day" and last is not None and w.closes == last.closes:
            continue  # JHF: its short-sale limit is the last day itself
        name = "short_sale_practical" if key in ("bank_short_sale_practical", "jhf_short_sale") else key
        found.append(Deadline(key, w.closes, (w.closes - today).days,
                              msg(f"now.deadline.{name}.label"), msg(f"now.deadline.{name}.closes"), True))
    for m in timeline.milestones:
        if m.key not in _MILESTONES or m.typical < today:
            continue
        if m.key == "acceleration" and "rescheduling" in windows:
            continue  # the rescheduling window closes the day before
        found.append(Deadline(m.key, m.typical, (m.typical - today).days,
                              msg(f"now.deadline.{m.key}.label"), msg(f"now.deadline.{m.key}.closes"),
                              m.basis != "given"))
    return found


# --------------------------------------------------------------------------------------- actions


def _lender(plan: Plan, focus: ExitResult | None) -> str:
    """Whom to talk to about the main loan: its lender, and its guarantee company when that
    company holds the claim by the sale (after 代位弁済)."""
    lien = _main(plan)
    if lien is None:
        return ""
    if focus is not None and lien.guarantor_company:
        out = next((lo for lo in focus.lenders if lo.rank == lien.rank), None)
        if out is not None and out.claimant == lien.guarantor_company:
            return f"{lien.holder}・{out.claimant}"
    return lien.holder


def _main(plan: Plan) -> Lien | None:
    return next((lien for lien in plan.case.liens if lien.loan is not None), None)


def _actions(plan: Plan, focus: ExitResult | None, today: date) -> list[Item]:
    """The actions that matter now, most urgent first, chosen from the facts of the case."""
    out = _lender_action(plan, focus, today)
    out += _people_actions(plan, focus)
    if plan.valuation.basis != "appraisals" or len(plan.case.appraisals) < 2:
        # with nothing owed on the home the price decides the cash left, not a debt
        key = "appraisals" if plan.position.owed > 0 else "appraisals_nothing_owed"
        out.append(Item("appraisals", msg(f"now.action.{key}")))
    remaining = focus.remaining_debt if focus is not None else 0
    if plan.best is None:
        out.append(Item("specialist", msg("now.action.specialist_now")))
    elif remaining > 0:
        out.append(Item("specialist", msg("now.action.specialist", amount=remaining), amount=remaining))
    return out


def _lender_action(plan: Plan, focus: ExitResult | None, today: date) -> list[Item]:
    """Talk to the lender: about rescheduling while it is open, else about the sale."""
    timeline = plan.timeline
    if timeline is None:  # no home loan: no lender to talk to
        return []
    lender = _lender(plan, focus)
    rec = plan.position.reconciliation
    if timeline.hypothetical:
        if rec is not None and rec.shortfall > 0 and focus is not None and focus.remaining_debt == 0:
            return [Item("prepare_cash", msg("now.action.prepare_cash", date=plan.case.sale_date,
                                             amount=focus.cash_needed), amount=focus.cash_needed)]
        if rec is not None and rec.shortfall > 0:
            return [Item("talk_to_lender", msg("now.action.talk_before_missing", lender=lender,
                                               amount=rec.shortfall), amount=rec.shortfall)]
        return [Item("keep_paying", msg("now.action.keep_paying", date=plan.case.sale_date),
                     on=plan.case.sale_date)]
    resched = _open_window(timeline, "rescheduling", today)
    if resched is not None:
        return [Item("reschedule", msg("now.action.reschedule", date=resched,
                                       days=(resched - today).days, lender=_lender(plan, None)),
                     on=resched)]
    filing = timeline.milestone("auction_filing").typical
    last = timeline.last_short_sale_day()
    normal_ok = focus is not None and focus.key in (ExitKey.NORMAL_SALE, ExitKey.SALE_WITH_SAVINGS,
                                                     ExitKey.TRADE_UP)
    if filing >= today:
        key = "sell_soon" if normal_ok else "short_sale"
        return [Item(key, msg(f"now.action.{key}", date=filing, days=(filing - today).days,
                              lender=lender), on=filing)]
    if last >= today:
        return [Item("short_sale", msg("now.action.short_sale_late", date=last,
                                       days=(last - today).days, lender=lender), on=last)]
    return []


def _open_window(timeline: Timeline, key: str, today: date) -> date | None:
    w = next((w for w in timeline.windows if w.key == key), None)
    return w.closes if w is not None and w.closes >= today else None


def _people_actions(plan: Plan, focus: ExitResult | None) -> list[Item]:
    """Tell the guarantors and joint debtors; get the co-owners' consent."""
    out: list[Item] = []
    billed = [name for name, _, _, _ in _bills(plan, focus)]
    if billed:
        out.append(Item("tell_guarantor", msg("now.action.tell_guarantor", names=_names(billed))))
    if focus is not None:
        owners = [c.party for c in focus.consents
                  if c.role == "owner" and c.status is not ConsentStatus.GIVEN]
        if owners:
            out.append(Item("owner_consent", msg("now.action.owner_consent", names=_names(owners))))
    return out


def _names(names: Sequence[str]) -> tuple[str, str]:
    return "・".join(names), ", ".join(names)


# -------------------------------------------------------------------------------------- affected


def _bills(plan: Plan, focus: ExitResult | None) -> list[tuple[str, str, str, int]]:
    """(name, role, lender, amount) of every guarantor and joint debtor the focus exit leaves a
    debt on: the whole of what that lien still claims (the engine's ``lenders[].remaining``)."""
    if focus is None or focus.remaining_debt == 0:
        return []
    remaining = {lo.rank: lo.remaining for lo in focus.lenders}
    out = []
    for lien in plan.case.liens:
        rem = remaining.get(lien.rank, 0)
        if rem <= 0:
            continue
        out += [(g, "guarantor", lien.holder, rem) for g in lien.guarantors]
        out += [(d, "co_debtor", lien.holder, rem) for d in lien.debtors[1:]]
    return out


def _affected(plan: Plan, focus: ExitResult | None) -> list[Item]:
    """Who is billed what, where the family lives, whose consent is needed, the credit record."""
    out: list[Item] = []
    for name, role, lender, amount in _bills(plan, focus):
        out.append(Item(role, msg(f"now.affected.{role}", name=name, lender=lender, amount=amount),
                        amount=amount, name=name))
    if focus is not None and not _bills(plan, focus):
        names = sorted({g for lien in plan.case.liens for g in lien.guarantors})
        if names:
            out.append(Item("guarantor", msg("now.affected.no_bill", names=_names(names))))
    if focus is not None:
        out += _home(plan, focus)
        out += _consents(focus)
    out.append(_credit(plan, focus))
    return out


def _home(plan: Plan, focus: ExitResult) -> list[Item]:
    """Whether the family can stay, or must move (when, at what cost), and how it could stay."""
    label = (focus.label_ja, focus.label_en)
    if focus.can_stay:
        rent = focus.details.get("monthly_rent")
        if rent:
            return [Item("home", msg("now.affected.stay_rent", label=label, rent=rent), amount=rent)]
        return [Item("home", msg("now.affected.stay", label=label))]
    item = focus.costs.item(CostKey.MOVING_COST) if focus.costs else None
    moving = item.amount if item is not None else 0
    out = [Item("home", msg("now.affected.move", label=label, date=focus.completion, amount=moving)
                if moving else msg("now.affected.move_no_cost", label=label, date=focus.completion),
                on=focus.completion, amount=moving or None)]
    leaseback = next((e for e in plan.exits if e.key == ExitKey.LEASEBACK and e.feasible), None)
    rent = leaseback.details.get("monthly_rent") if leaseback else None
    if leaseback is not None and rent:
        key = "stay_option" if leaseback.remaining_debt else "stay_option_no_debt"
        out.append(Item("stay_option", msg(f"now.affected.{key}", rent=rent,
                                           amount=leaseback.remaining_debt), amount=rent))
    return out + _keep_options(plan)


def _keep_options(plan: Plan) -> list[Item]:
    """Ways to keep the home without selling it (個人再生の住宅資金特別条項, 返済方法の変更), when
    the plan finds them feasible: they are never the best exit, so they are offered here."""
    out = []
    for e in plan.exits:
        if not e.feasible:
            continue
        if e.key == ExitKey.KEEP_HOME_REHABILITATION:
            plan_part = e.details.get("plan")
            total = plan_part.get("plan_total") if isinstance(plan_part, dict) else None
            monthly = e.details.get("monthly_needed")
            if isinstance(total, int) and isinstance(monthly, int):
                out.append(Item("keep_option", msg("now.affected.keep_rehabilitation",
                                                   monthly=monthly, total=total), amount=monthly))
        elif e.key == ExitKey.RESCHEDULE:
            new, extra = e.details.get("new_payment"), e.details.get("extra_interest")
            if isinstance(new, int) and isinstance(extra, int):
                out.append(Item("keep_option", msg("now.affected.keep_reschedule",
                                                   monthly=new, extra=extra), amount=new))
    return out


_ROLE_KEYS = ("owner", "lienholder", "guarantor", "tax_seizure_holder")


def _consents(focus: ExitResult) -> list[Item]:
    """The consents the focus exit still needs (or that block it); those given, on one line."""
    out = []
    label = (focus.label_ja, focus.label_en)
    given = []
    for c in focus.consents:
        role = msg(f"now.role.{c.role}") if c.role in _ROLE_KEYS else msg("now.role.owner")
        if c.status is ConsentStatus.GIVEN:
            given.append(c.party)
            continue
        out.append(Item("consent", msg(f"now.affected.consent_{c.status}", party=c.party,
                                       role=role, label=label), name=c.party))
    if given:
        out.append(Item("consent", msg("now.affected.consents_given", names=_names(given))))
    return out


_YEARS = re.compile(r"(\d+)年")


def _credit_years(plan: Plan) -> int | None:
    """How many years the credit record keeps a repaid debt (the rule the exits used)."""
    use = next((r for r in plan.rules_used if r.key == "credit_record.cic_years"), None)
    found = _YEARS.match(use.value) if use is not None else None
    return int(found.group(1)) if found else None


def _credit(plan: Plan, focus: ExitResult | None) -> Item:
    """What the credit record will show, and for how long."""
    years = _credit_years(plan)
    delinquent = plan.timeline is not None and not plan.timeline.hypothetical
    needs_default = focus is not None and (
        focus.key in (ExitKey.AUCTION_COURT, ExitKey.AUCTION_SEED)
        or any(c.role == "lienholder" for c in focus.consents))
    if not delinquent and not needs_default:
        return Item("credit", msg("now.affected.credit_clean"))
    if years is None:
        return Item("credit", msg("now.affected.credit_unknown"))
    remaining = focus.remaining_debt if focus is not None else 1
    key = "credit_debt" if remaining > 0 else "credit_repaid"
    return Item("credit", msg(f"now.affected.{key}", years=years), amount=years)


# ---------------------------------------------------------------------------------- おすすめ


def _best_meaning(plan: Plan) -> Msg | None:
    """「おすすめ」: what it means, and what it depends on (consents, a last day, cash)."""
    if plan.best is None:
        return None
    best = plan.exit(plan.best)
    conditions: list[Msg] = [msg("now.best.condition_consent", party=c.party)
                             for c in best.consents if c.status is ConsentStatus.UNKNOWN]
    timeline = plan.timeline
    if best.key in _SHORT_SALE_EXITS and timeline is not None and not timeline.hypothetical and any(
            c.role == "lienholder" for c in best.consents):
        conditions.append(msg("now.best.condition_by", date=timeline.last_short_sale_day()))
    if best.cash_needed:
        conditions.append(msg("now.best.condition_cash", amount=best.cash_needed))
    meaning = "meaning_no_debt" if best.remaining_debt == 0 else "meaning"
    label = (best.label_ja, best.label_en)
    if not conditions:
        return msg(f"now.best.{meaning}", label=label)
    joined = ("、".join(c.ja for c in conditions), "; ".join(c.en for c in conditions))
    return msg(f"now.best.{meaning}_if", label=label, conditions=joined)
