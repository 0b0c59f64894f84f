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

from zansai.engine.exits.result import EXIT_LABELS
from zansai.engine.plan import Plan
from zansai.errors import InputError
from zansai.messages import Msg, catalog, msg
from zansai.model import ExitKey
from zansai.model.keys import KEEP_HOME_EXITS, RouteKey
from zansai.report.checklist_exits import EXIT_TASKS
from zansai.report.now import _lender, next_steps

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
                             "bank_books", "creditor_list", "insurance"),
              "settlement": ("creditor_list", "settlement_funds")}
ROUTE_DOC_IDS = {"settlement_funds": "checklist.route.settlement_funds"}
"""Route documents worded in this part's catalog (the others are ``drafts.checklist.doc.*``)."""


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
    when: Msg | None = None
    """What the date column says when there is no date (default: as soon as possible)."""


@dataclass(frozen=True, slots=True)
class Checklist:
    on: date
    exit: str | None
    routes: tuple[str, ...]
    tasks: tuple[Task, ...]
    chosen: bool = False
    """The exit or route was chosen by the user (not the plan's best)."""
    notes: tuple[Msg, ...] = ()
    """Why the chosen exit or route is not available for this case (empty: it is)."""

    @property
    def available(self) -> bool:
        return not self.notes

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "exit": self.exit, "routes": list(self.routes),
                "chosen": self.chosen, "available": self.available,
                "notes": [n.to_dict() for n in self.notes],
                "items": [{"key": t.key, "due": t.due.isoformat() if t.due else None, "group": t.group,
                           "text": t.text.to_dict(), "detail": t.detail.to_dict() if t.detail else None,
                           "when": t.when.to_dict() if t.when else None}
                          for t in self.tasks]}

    @property
    def dated(self) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if t.due is not None)


def choose(exit: str | None, route: str | None, names: tuple[str, str] = ("--exit", "--route")
           ) -> tuple[ExitKey | None, RouteKey | None]:
    """The chosen exit and route keys, or a one-line bilingual error naming the option."""
    def one(kind: type[ExitKey] | type[RouteKey], value: str | None, name: str) -> Any:
        if value is None or value == "":
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(k.value for k in kind)
            raise InputError.invalid(name, value, f"次のどれかです: {allowed}",
                                     f"one of {allowed}") from None

    return one(ExitKey, exit, names[0]), one(RouteKey, route, names[1])


def checklist(plan: Plan, exit: ExitKey | None = None, route: RouteKey | None = None) -> Checklist:
    """The checklist of ``plan`` for ``exit`` and ``route`` (default: the plan's best exit and every
    feasible route), counted from its calculation date, soonest first. A chosen exit or route the
    case cannot use is still listed, with the reasons in ``notes``."""
    today = plan.case.at
    steps = next_steps(plan, today)
    tasks = [Task(f"deadline-{d.key}", d.label, d.on, "deadline", d.closes) for d in steps.deadlines]
    exit_key = exit.value if exit is not None else steps.exit
    if exit_key == steps.exit:  # the actions of "what to do now" are the plan's exit's
        tasks += [Task(f"action-{a.key}", _dated(a.key, a.text), a.on, "action") for a in steps.actions]
    tasks += _exit_tasks(plan, exit_key, [a.on for a in steps.actions])
    if route is not None or exit is None or exit not in KEEP_HOME_EXITS:
        routes, notes = _routes(plan, route, tasks)
    else:  # keeping the home sells nothing: the routes settle what a sale would leave
        routes, notes = [], []
    if exit is not None:
        notes = [*_exit_notes(plan, exit), *notes]
    unique: dict[str, Task] = {}  # one item per key: "what to do now" may already give a deadline
    for t in tasks:
        unique.setdefault(t.key, t)
    ordered = sorted(unique.values(), key=lambda t: (t.due is None, t.due or today))
    return Checklist(today, exit_key, tuple(routes), tuple(ordered),
                     chosen=exit is not None or route is not None, notes=tuple(notes))


def _exit_tasks(plan: Plan, exit_key: str | None, action_dates: list[date | None]) -> list[Task]:
    """The documents and to-dos of the exit: a sale's papers, or those of a way out that sells nothing."""
    if exit_key is None:
        return []
    key, today = ExitKey(exit_key), plan.case.at
    focus = next((e for e in plan.exits if e.key == key), None)
    if key in EXIT_TASKS:
        return list(EXIT_TASKS[key](plan, _lender(plan, focus), Task))
    sale = SALE_EXITS.get(key)
    if sale is None:
        return []
    by = next((d for d in action_dates if d is not None), None) or plan.case.sale_date
    by = max(min(by, plan.case.sale_date), today)
    tasks = [Task(f"doc-{k}", msg(f"drafts.checklist.doc.{k}"), by, "prepare") for k in PREPARE[sale]]
    return tasks + [Task(f"settle-{k}", msg(f"drafts.checklist.doc.{k}"), plan.case.sale_date, "settle")
                    for k in SETTLE]


def _routes(plan: Plan, route: RouteKey | None, tasks: list[Task]) -> tuple[list[str], list[Msg]]:
    """Add the papers of the chosen route (or of each feasible one); say why a chosen one is not."""
    routes: list[str] = []
    notes: list[Msg] = []
    if plan.residual is None:
        if route is not None:
            notes.append(msg("checklist.chosen.route_not_computed",
                             route=msg(f"residual.routes.{route.value}")))
        return routes, notes
    start = plan.residual.filing_date or plan.residual.start
    for r in plan.residual.routes:
        if route is not None and r.key != route:
            continue
        if route is None and (not r.feasible or r.key.value not in ROUTE_DOCS):
            continue
        routes.append(r.key.value)
        if not r.feasible:
            notes.append(msg("checklist.chosen.route_unavailable",
                             route=msg(f"residual.routes.{r.key.value}"), reasons=tuple(r.reasons)))
        tasks += [Task(f"route-{k}", msg(ROUTE_DOC_IDS.get(k, f"drafts.checklist.doc.{k}")), start, "route")
                  for k in ROUTE_DOCS.get(r.key.value, ())]
    if route is not None and not routes:
        notes.append(msg("checklist.chosen.route_not_computed", route=msg(f"residual.routes.{route.value}")))
    return routes, notes


def _exit_notes(plan: Plan, exit: ExitKey) -> list[Msg]:
    """Why the chosen exit is not available: the exit's own reasons, or that it was not computed."""
    found = next((e for e in plan.exits if e.key == exit), None)
    label = EXIT_LABELS[exit]
    closed = _closed(plan, exit)
    if found is None:
        return [msg("checklist.chosen.exit_not_computed", exit=label), *closed]
    if found.feasible:
        return []
    return [msg("checklist.chosen.exit_unavailable", exit=label, reasons=tuple(found.reasons)), *closed]


WINDOW_OF = {ExitKey.RESCHEDULE: "rescheduling", ExitKey.KEEP_HOME_REHABILITATION: "housing_clause"}
"""The timeline's window that must still be open for a keep-home exit."""


def _closed(plan: Plan, exit: ExitKey) -> list[Msg]:
    """That the exit's window on the timeline closed before the calculation date, if it did."""
    key = WINDOW_OF.get(exit)
    if key is None or plan.timeline is None:
        return []
    w = next((w for w in plan.timeline.windows if w.key == key), None)
    if w is None or w.closes >= plan.case.at:
        return []
    return [msg("checklist.chosen.window_closed", label=w.label, on=w.closes.isoformat())]


def _due(t: Task, lang: str, undated: str) -> str:
    """The date column: the date, else what the task says instead, else "as soon as possible"."""
    if t.due is not None:
        return t.due.isoformat()
    return t.when.text(lang) if t.when else undated


def _say(text: Any, lang: str) -> str:
    """A ``Msg`` or an older ``(ja, en)`` pair in ``lang``."""
    return str(text[0] if lang == "ja" else text[1])


def _dated(key: str, text: Msg) -> Msg:
    """An action said without its countdown ("あと116日" is true only on the day it was computed;
    the checklist's date column and the calendar say when)."""
    if f"drafts.checklist.action.{key}" in catalog("ja"):
        return msg(f"drafts.checklist.action.{key}", **text.params)
    return text


def checklist_context(plan: Plan, lang: str, exit: ExitKey | None = None,
                      route: RouteKey | None = None, generated: date | None = None) -> dict[str, Any]:
    """The words and rows of ``checklist.html`` (``generated``: the date printed in the footer)."""
    from zansai.inputs import today_jst
    from zansai.report.html import css_string

    c = checklist(plan, exit, route)
    words = {k: msg(f"drafts.checklist.{k}").text(lang)
             for k in ("title", "note", "col_due", "col_task", "col_done", "undated", "case",
                       "as_of", "exit", "routes")}
    words["generated"] = msg("checklist.footer.generated").text(lang)
    from zansai.report.drafts.render import footer_line

    generated_on = (generated or today_jst()).isoformat()
    footer = footer_line(lang, date.fromisoformat(generated_on))
    return {"lang": lang, "words": words, "title": plan.case.title, "footer": css_string(footer),
            "generated": generated_on, "notes": [n.text(lang) for n in c.notes],
            "on": c.on.isoformat(),
            "exit": _say(EXIT_LABELS[ExitKey(c.exit)], lang) if c.exit else "",
            "routes": [msg(f"residual.routes.{r}").text(lang) for r in c.routes],
            "rows": [{"due": _due(t, lang, words["undated"]), "dated": t.due is not None,
                      "text": t.text.text(lang),
                      "detail": t.detail.text(lang) if t.detail else "",
                      "group": msg(f"drafts.checklist.group.{t.group}").text(lang)} for t in c.tasks]}


def checklist_html(plan: Plan, lang: str = "ja", exit: ExitKey | None = None,
                   route: RouteKey | None = None, generated: date | None = None) -> str:
    from zansai.report.html import environment

    return environment().get_template("checklist.html").render(
        **checklist_context(plan, lang, exit, route, generated))


def checklist_ics(plan: Plan, case_id: str, lang: str = "ja", exit: ExitKey | None = None,
                  route: RouteKey | None = None) -> bytes:
    """The dated items as an iCalendar file: all-day VEVENTs, UID ``<case_id>-<item key>@zansai``."""
    from zansai.extras import require

    require("office", "カレンダー（iCalendar）の書き出し", "writing an iCalendar file")
    import icalendar

    c = checklist(plan, exit, route)
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
