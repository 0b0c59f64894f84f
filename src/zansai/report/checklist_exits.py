"""The to-dos and documents of the ways out that are not a sale: keeping the home (払い続ける,
返済方法の変更, 個人再生の住宅資金特別条項) and the auction (競売), dated from the plan's timeline.

Every date comes from the plan: the timeline's milestones and windows, the case's filing date
(the date the keep-home 個人再生 is computed from) and the plan's own estimates (認可, first
instalment). What the sources read do not date — the court's deadline for the 再生計画案 — is
listed without a date and says that the date is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from zansai.engine.exits import ExitResult
from zansai.engine.plan import Plan
from zansai.messages import msg
from zansai.model import ExitKey

Make = Callable[..., Any]
"""``Task``'s constructor (key, text, due, group, detail=, when=): passed in, so no import cycle."""


def _on_or_after(d: date | None, today: date) -> date | None:
    """``d``, or ``today`` when it has passed (a document still to gather is due now, not before)."""
    return None if d is None else max(d, today)


def _window(plan: Plan, key: str) -> date | None:
    """The last day of the timeline's window ``key``, when the plan has a timeline and it is open."""
    if plan.timeline is None:
        return None
    try:
        w = plan.timeline.window(key)
    except KeyError:
        return None
    return w.closes if w.closes >= plan.case.at else None


def _milestone(plan: Plan, key: str) -> date | None:
    if plan.timeline is None:
        return None
    try:
        m = plan.timeline.milestone(key)
    except KeyError:
        return None
    return m.typical if m.typical >= plan.case.at else None


def _exit(plan: Plan, key: ExitKey) -> ExitResult | None:
    return next((e for e in plan.exits if e.key == key), None)


def _iso(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def rehabilitation_tasks(plan: Plan, lender: str, task: Make) -> list[Any]:
    """個人再生 with the housing-loan clause (民事再生法196条・198条): consult the lender, file the
    papers by the filing date, the clause's last day (six months after 代位弁済, 198条2項), the
    plan's deadline (set by the court: undated), its confirmation and first instalment (estimates)."""
    today = plan.case.at
    filing = _on_or_after(plan.case.residual.filing_date or today, today)
    tasks = [task("rehab-lender_consult", msg("checklist.rehabilitation.lender_consult", lender=lender),
                  filing, "action")]
    tasks += [task(f"rehab-{k}", msg(f"checklist.rehabilitation.{k}"), filing, "prepare")
              for k in ("petition", "creditor_schedule", "asset_inventory", "household_two_months",
                        "pay_and_withholding", "loan_contract", "land_registry")]
    last = _window(plan, "housing_clause")
    if last is not None:
        tasks.append(task("deadline-housing_clause", msg("checklist.rehabilitation.subrogation_limit"),
                          last, "deadline", detail=msg("checklist.rehabilitation.subrogation_limit_detail")))
    tasks.append(task("rehab-plan_draft", msg("checklist.rehabilitation.plan_draft"), None, "action",
                      when=msg("checklist.chosen.unknown_date")))
    tasks.append(task("rehab-keep_paying_loan", msg("checklist.rehabilitation.keep_paying_loan"),
                      None, "action", when=msg("checklist.when.monthly")))
    exit_ = _exit(plan, ExitKey.KEEP_HOME_REHABILITATION)
    details = exit_.details.get("plan") if exit_ is not None else None
    if isinstance(details, dict):
        approval, first = _iso(details.get("approval")), _iso(details.get("first_instalment"))
        if approval is not None:
            tasks.append(task("rehab-approval", msg("checklist.rehabilitation.approval"), approval,
                              "deadline"))
        if first is not None and isinstance(details.get("instalment"), int):
            tasks.append(task("rehab-first_instalment", msg("checklist.rehabilitation.first_instalment",
                                                            amount=details["instalment"]), first, "action"))
    return tasks


def reschedule_tasks(plan: Plan, lender: str, task: Make) -> list[Any]:
    """返済方法の変更: the written request with the budget and proof of income, before the window
    closes (the day before 期限の利益喪失), and the lender's written answer."""
    by = _window(plan, "rescheduling")
    tasks = [task("resched-request", msg("checklist.reschedule.request", lender=lender), by, "action"),
             task("resched-budget", msg("checklist.reschedule.budget"), by, "prepare"),
             task("resched-income_proof", msg("checklist.reschedule.income_proof"), by, "prepare"),
             task("resched-reply", msg("checklist.reschedule.reply", lender=lender), None, "action",
                  when=msg("checklist.when.after_request"))]
    stay = _exit(plan, ExitKey.RESCHEDULE) or _exit(plan, ExitKey.KEEP_PAYING)
    arrears = stay.details.get("arrears_to_cure") if stay is not None else None
    if by is not None and isinstance(arrears, int) and arrears > 0:
        tasks.append(task("resched-cure", msg("checklist.reschedule.cure", amount=arrears), by, "action"))
    return tasks


def keep_paying_tasks(plan: Plan, lender: str, task: Make) -> list[Any]:
    """払い続ける: catch up the arrears before the lender accelerates the loan, then keep paying."""
    stay = _exit(plan, ExitKey.KEEP_PAYING)
    details = stay.details if stay is not None else {}
    tasks = []
    arrears, monthly = details.get("arrears_to_cure"), details.get("monthly_payment")
    if isinstance(arrears, int) and arrears > 0:
        tasks.append(task("keep-cure", msg("checklist.keep_paying.cure", amount=arrears),
                          _window(plan, "rescheduling"), "action"))
    if isinstance(monthly, int):
        tasks.append(task("keep-monthly", msg("checklist.keep_paying.monthly", amount=monthly), None,
                          "action", when=msg("checklist.when.monthly")))
    return tasks


def auction_tasks(plan: Plan, lender: str, task: Make) -> list[Any]:
    """競売: the court's inspection, the notice, the buyer's payment and the delivery order, each on
    the timeline's typical date."""
    tasks = [task("auction-keep_notices", msg("checklist.auction.keep_notices"), None, "prepare")]
    for key, milestone in (("inspection", "site_inspection"), ("notice", "public_notice"),
                           ("payment", "payment"), ("delivery", "delivery_order")):
        on = _milestone(plan, milestone)
        if on is not None:
            tasks.append(task(f"auction-{key}", msg(f"checklist.auction.{key}"), on, "deadline"))
    return tasks


EXIT_TASKS: dict[ExitKey, Callable[[Plan, str, Make], list[Any]]] = {
    ExitKey.KEEP_HOME_REHABILITATION: rehabilitation_tasks,
    ExitKey.RESCHEDULE: reschedule_tasks,
    ExitKey.KEEP_PAYING: keep_paying_tasks,
    ExitKey.AUCTION_COURT: auction_tasks,
    ExitKey.AUCTION_SEED: auction_tasks,
}
"""The ways out that are not a sale, each with the builder of its to-dos and documents."""
