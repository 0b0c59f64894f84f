"""The case list's summary of one case: client, lender, best exit, remaining debt, deadlines.

Computed from the plan when a case is saved and stored beside it (``CaseStore.summarize``), so the
list of fifty cases reads fifty small rows instead of planning fifty cases. A case without its
own calculation date (``at``) is planned as of today and its figures move with the days: its
summary is recomputed on the first list of a new day, a few cases per request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from zansai.errors import ZansaiError
from zansai.inputs import today_jst
from zansai.web.store import CaseStore, ListRow

if TYPE_CHECKING:  # the engine is imported when a summary is computed: the CLI's list stays light
    from zansai.engine.plan import Plan

VERSION = 1
"""Bumped when the summary's shape changes: older summaries are recomputed."""
REFRESH_BUDGET = 25
"""Summaries computed at most per list request (about 20 ms each); the rest on the next."""


class Planner(Protocol):
    """What plans a case's data: ``web.service.PlanCache`` (or the CLI's lazy stand-in for it)."""

    def plan(self, data: object) -> Plan: ...

    def figures(self, data: object) -> Plan:
        """The plan without its steps (``PlanCache.figures``): what a summary reads."""
        ...


def client_of(plan: Plan) -> str | None:
    """The client: the debtor of the first home loan, else the first owner, else the first person."""
    case = plan.case
    for lien in case.liens:
        if lien.loan is not None and lien.debtors:
            return lien.debtors[0]
    owner = next((p.name for p in case.people if p.ownership_share > 0), None)
    return owner or (case.people[0].name if case.people else None)


def lender_of(plan: Plan) -> str | None:
    """The first lien holder (一番抵当権者)."""
    liens = sorted(plan.case.liens, key=lambda lien: lien.rank)
    return liens[0].holder if liens else None


def summarize(plan: Plan, today: date) -> dict[str, Any]:
    """The stored summary of ``plan`` (JSON-ready; dates ISO, amounts integer yen)."""
    from zansai.report.now import next_steps

    best = next((e for e in plan.exits if e.key == plan.best), None) if plan.best else None
    steps = next_steps(plan, plan.case.at)
    return {
        "v": VERSION, "computed_on": today.isoformat(),
        "client": client_of(plan), "lender": lender_of(plan),
        "best": str(best.key) if best else None,
        "best_label": [best.label_ja, best.label_en] if best else None,
        "remaining_debt": best.remaining_debt if best else None,
        "cash_needed": best.cash_needed if best else None,
        "deadlines": [{"key": d.key, "date": d.on.isoformat(), "label": [d.label.ja, d.label.en]}
                      for d in steps.deadlines],
        "error": None,
    }


def summarizer(plans: Planner) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
    """``CaseStore.summarize`` for the web app: a case that cannot be planned gets a summary that
    says so (the list still shows it), never an exception that would refuse the save."""

    def make(data: dict[str, Any]) -> dict[str, Any] | None:
        today = today_jst()
        try:
            plan = plans.figures(data)
        except ZansaiError as exc:
            return {"v": VERSION, "computed_on": today.isoformat(), "fixed_at": "at" in data,
                    "client": None, "lender": None, "best": None, "best_label": None,
                    "remaining_debt": None, "cash_needed": None, "deadlines": [],
                    "error": [exc.message_ja, exc.message_en]}
        return {**summarize(plan, today), "fixed_at": "at" in data}

    return make


def stale(summary: dict[str, Any] | None, today: date) -> bool:
    """To be recomputed: missing, from an older shape, or (a case planned as of today) from a
    day that has passed."""
    if summary is None or summary.get("v") != VERSION:
        return True
    return not summary.get("fixed_at") and summary.get("computed_on") != today.isoformat()


def ensure(store: CaseStore, plans: Planner, rows: list[ListRow],
           budget: int = REFRESH_BUDGET) -> list[ListRow]:
    """``rows`` with missing or out-of-date summaries computed and stored (at most ``budget``)."""
    today = today_jst()
    todo = [r for r in rows if stale(r.summary, today)][:budget]
    if not todo:
        return rows
    data = store.data_of([r.id for r in todo])
    made: dict[str, dict[str, Any]] = {}
    make = summarizer(plans)
    for row in todo:
        case = data.get(row.id)
        if case is None:
            continue
        summary = make(case)
        if summary is not None:
            store.set_summary(row.id, case, summary)
            made[row.id] = summary
    if not made:
        return rows
    return [ListRow(**{**_fields(r), "summary": made[r.id]}) if r.id in made else r for r in rows]


def _fields(row: ListRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in ListRow.__slots__}


def next_deadline(summary: dict[str, Any] | None, today: date) -> dict[str, Any] | None:
    """The first stored deadline on or after ``today``, with the days left."""
    for d in (summary or {}).get("deadlines") or ():
        on = date.fromisoformat(d["date"])
        if on >= today:
            return {**d, "days": (on - today).days}
    return None
