"""The dated checklist (チェックリスト) of documents and to-dos for the chosen exit and route.

Built from the plan's timeline through "what to do now" (``report.now``: its deadlines and
actions) and from the documents each exit and each feasible remaining-debt route needs; said as
an HTML page and as an iCalendar file (one all-day VEVENT per dated item, Asia/Tokyo, a UID that
stays the same for the same case and item, so re-importing updates instead of duplicating).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from zansai.engine.plan import Plan
from zansai.messages import Msg, catalog, msg
from zansai.model import ExitKey
from zansai.report.now import next_steps

TZ = "Asia/Tokyo"
JST = timezone(timedelta(hours=9))
SALE_EXITS = {ExitKey.SHORT_SALE: "short_sale", ExitKey.DEALER_PURCHASE: "short_sale",
              ExitKey.LEASEBACK: "short_sale", ExitKey.NORMAL_SALE: "sale",
              ExitKey.SALE_WITH_SAVINGS: "sale", ExitKey.TRADE_UP: "sale"}
"""Which documents an exit's sale needs: a short sale's (the lender's consent) or a sale's."""
PREPARE = {"short_sale": ("appraisals", "loan_schedule", "tax_certificate", "registry",
                          "budget_draft", "request_draft", "consents"),
           "sale": ("appraisals", "loan_schedule", "tax_certificate", "registry")}
SETTLE = ("residence_seal", "title_deed", "hand_over")
ROUTE_DOCS = {"negotiated": ("proposal_draft", "budget_draft", "creditor_list"),
              "negotiated_without_late_charges": ("proposal_draft", "budget_draft", "creditor_list"),
              "small_rehabilitation": ("asset_list_draft", "household_accounts", "payslips",
                                       "tax_return", "bank_books", "creditor_list", "insurance"),
              "salaried_rehabilitation": ("asset_list_draft", "household_accounts", "payslips",
                                          "tax_return", "bank_books", "creditor_list", "insurance"),
              "bankruptcy": ("asset_list_draft", "household_accounts", "payslips", "tax_return",
                             "bank_books", "creditor_list", "insurance")}


@dataclass(frozen=True, slots=True)
class Task:
    """One line of the checklist: a document or a to-do, with its due date when it has one."""

    key: str
    text: Msg
    due: date | None
    group: str
    """``deadline``, ``action``, ``prepare``, ``settle`` or ``route``."""
    detail: Msg | None = None
    """What passing the date means (a deadline's consequence)."""


@dataclass(frozen=True, slots=True)
class Checklist:
    on: date
    exit: str | None
    routes: tuple[str, ...]
    tasks: tuple[Task, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "exit": self.exit, "routes": list(self.routes),
                "items": [{"key": t.key, "due": t.due.isoformat() if t.due else None, "group": t.group,
                           "text": t.text.to_dict(), "detail": t.detail.to_dict() if t.detail else None}
                          for t in self.tasks]}

    @property
    def dated(self) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if t.due is not None)


def checklist(plan: Plan) -> Checklist:
    """The checklist of ``plan``, counted from its calculation date, soonest first."""
    today = plan.case.at
    steps = next_steps(plan, today)
    tasks = [Task(f"deadline-{d.key}", d.label, d.on, "deadline", d.closes) for d in steps.deadlines]
    tasks += [Task(f"action-{a.key}", _dated(a.key, a.text), a.on, "action") for a in steps.actions]
    exit_key = steps.exit
    sale = SALE_EXITS.get(ExitKey(exit_key)) if exit_key else None
    if sale is not None:
        by = next((a.on for a in steps.actions if a.on is not None), None) or plan.case.sale_date
        by = max(min(by, plan.case.sale_date), today)
        tasks += [Task(f"doc-{k}", msg(f"drafts.checklist.doc.{k}"), by, "prepare") for k in PREPARE[sale]]
        tasks += [Task(f"settle-{k}", msg(f"drafts.checklist.doc.{k}"), plan.case.sale_date, "settle")
                  for k in SETTLE]
    routes: list[str] = []
    if plan.residual is not None:
        start = plan.residual.filing_date or plan.residual.start
        seen: set[str] = set()
        for route in plan.residual.routes:
            if not route.feasible or route.key.value not in ROUTE_DOCS:
                continue
            routes.append(route.key.value)
            for k in ROUTE_DOCS[route.key.value]:
                if k not in seen:
                    seen.add(k)
                    tasks.append(Task(f"route-{k}", msg(f"drafts.checklist.doc.{k}"), start, "route"))
    tasks.sort(key=lambda t: (t.due is None, t.due or today))
    return Checklist(today, exit_key, tuple(routes), tuple(tasks))


def _dated(key: str, text: Msg) -> Msg:
    """An action said without its countdown ("あと116日" is true only on the day it was computed;
    the checklist's date column and the calendar say when)."""
    if f"drafts.checklist.action.{key}" in catalog("ja"):
        return msg(f"drafts.checklist.action.{key}", **text.params)
    return text


def checklist_context(plan: Plan, lang: str) -> dict[str, Any]:
    """The words and rows of ``checklist.html``."""
    c = checklist(plan)
    words = {k: msg(f"drafts.checklist.{k}").text(lang)
             for k in ("title", "note", "col_due", "col_task", "col_done", "undated", "case",
                       "as_of", "exit", "routes")}
    return {"lang": lang, "words": words, "title": plan.case.title,
            "on": c.on.isoformat(),
            "exit": msg(f"exits.labels.{c.exit}").text(lang) if c.exit else "",
            "routes": [msg(f"residual.routes.{r}").text(lang) for r in c.routes],
            "rows": [{"due": t.due.isoformat() if t.due else words["undated"], "text": t.text.text(lang),
                      "detail": t.detail.text(lang) if t.detail else "",
                      "group": msg(f"drafts.checklist.group.{t.group}").text(lang)} for t in c.tasks]}


def checklist_html(plan: Plan, lang: str = "ja") -> str:
    from zansai.report.html import environment

    return environment().get_template("checklist.html").render(**checklist_context(plan, lang))


def checklist_ics(plan: Plan, case_id: str, lang: str = "ja") -> bytes:
    """The dated items as an iCalendar file: all-day VEVENTs, UID ``<case_id>-<item key>@zansai``."""
    from zansai.extras import require

    require("office", "カレンダー（iCalendar）の書き出し", "writing an iCalendar file")
    import icalendar

    c = checklist(plan)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//zansai//checklist//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{msg('drafts.checklist.title').text(lang)}: {plan.case.title}".rstrip(": "))
    cal.add("x-wr-timezone", TZ)
    stamp = datetime.combine(c.on, time(9), JST).astimezone(UTC)
    for t in c.dated:
        assert t.due is not None
        event = icalendar.Event()
        event.add("uid", f"{case_id}-{t.key}@zansai")
        event.add("dtstamp", stamp)
        event.add("dtstart", t.due)
        event.add("dtend", t.due + timedelta(days=1))
        event.add("summary", t.text.text(lang))
        if t.detail is not None:
            event.add("description", t.detail.text(lang))
        event.add("categories", [msg(f"drafts.checklist.group.{t.group}").text(lang)])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())
