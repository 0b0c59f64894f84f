"""The home page: the quick check (かんたん診断) and its answer, which updates as the user types.

``GET /`` shows the questions; ``POST /`` (no JavaScript) renders the page with the answer or
every problem beside its question; ``POST /quick/answer`` returns only the answer, a server-
rendered fragment that ``static/quick.js`` fetches while the user types. "もっと詳しく" carries the
answers into the full form (``/quick/more``) and "詳しい結果" saves them as a case
(``/quick/save``). The saved cases moved to ``/cases``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from zansai.case import quick
from zansai.errors import ZansaiError
from zansai.inputs import today_jst
from zansai.messages import Msg, msg
from zansai.web.pages import checked_form, csrf_failed, form_context, lang_of, render
from zansai.web.security import CsrfError
from zansai.web.service import PlanCache, canonical, plans_of
from zansai.web.store import store_of
from zansai.web.templating import environment

router = APIRouter(include_in_schema=False)

RANGE_STEPS = (7, 8, 9, 10, 11, 12)
"""「わからない」: the prices shown, in tenths of the loan balance on the sale date (70% to 120%),
rounded to 100万円 (a presentation grid around the balance, not an estimate of the price)."""
RANGE_ROUND = 1_000_000
PRICE_DEPENDENT = ("guarantor", "co_debtor", "stay_option")
"""The lines of who is affected that depend on the price (not shown when the value is unknown)."""

@dataclass
class Answer:
    """What the answer shows, from the plan (and, for 「わからない」, the plan at other prices)."""

    data: dict[str, Any]
    sale_date: date
    now: dict[str, Any]
    assumptions: list[Msg]
    price: int = 0
    balance: int = 0
    owed: int = 0
    costs: int = 0
    left: int = 0
    best: dict[str, Any] | None = None
    points: list[Any] = field(default_factory=list)
    break_even: int = 0
    comparables: Any = None
    """「わからない」 with a location: the comparables basis the prices come from (issue 20)."""
    comparables_missing: Msg | None = None
    """「わからない」 with a location the comparables gave no range for: why, and what to do."""

    @property
    def equity(self) -> int:
        return self.price - self.balance

    @property
    def arrears(self) -> int:
        """What is owed on the sale date beyond the balance: missed payments, interest, late charges."""
        return self.owed - self.balance


PREFECTURE = "prefecture"
"""The location foldout's prefecture (web only: it narrows the municipality's name, issue 20)."""


def _form(items: Any) -> dict[str, str]:
    return {k: v for k, v in items if (k in quick.FIELDS or k == PREFECTURE) and isinstance(v, str)}


def _reading(request: Request, form: dict[str, str]) -> quick.Reading:
    """The answers, the municipality typed by name resolved to its code first (the same resolver
    as the guided form's); a name that does not resolve is the municipality's problem."""
    from zansai.web import location_form as where

    try:
        place = where.resolve(form.get("municipality", ""), where.checked_prefecture(form.get(PREFECTURE)),
                              where.db_of(request), field="municipality")
    except ZansaiError as exc:
        reading = quick.read_answers({**form, "municipality": ""}, today=today_jst(),
                                     book=plans_of(request).book)
        reading.problems.append(quick.Problem("municipality", exc))
        return quick.Reading(None, reading.problems, reading.parsed)
    if place is not None:
        form = {**form, "municipality": place.code}
    return quick.read_answers(form, today=today_jst(), book=plans_of(request).book)


def _answer(plans: PlanCache, reading: quick.Reading, lang: str) -> Answer:
    from zansai.report.now import now_context

    a = reading.answers
    assert a is not None
    today = today_jst()
    data = quick.to_case(a, today=today, book=plans.book)
    notes = quick.assumptions(a, today=today, book=plans.book)
    if a.value is None:
        return _range_answer(plans, a, data, notes, lang)
    plan = plans.figures(data)
    normal = plan.exit("normal_sale")
    owed = sum(x.claim for x in normal.lenders)
    left = normal.remaining_debt if normal.remaining_debt > 0 else -normal.surplus
    best = None
    if plan.best and plan.best != "normal_sale" and left > 0:
        e = plan.exit(plan.best)
        best = {"label_ja": e.label_ja, "label_en": e.label_en, "price": e.price,
                "remaining": e.remaining_debt}
    return Answer(data=data, sale_date=plan.case.sale_date, now=now_context(plan, today, lang),
                  assumptions=notes, price=normal.price, balance=plan.position.loan_balance, owed=owed,
                  costs=normal.price - normal.net_proceeds, left=left, best=best)


def _range_answer(plans: PlanCache, a: quick.QuickAnswers, data: dict[str, Any], notes: list[Msg],
                  lang: str) -> Answer:
    """「わからない」: the plan at a stand-in price gives the dates (never shown as a value), and the
    sale at a grid of prices around the balance gives what is left at each."""
    from zansai.engine.price_range import at_prices
    from zansai.report.now import now_context

    stand_in = a.owed.principal if isinstance(a.owed, quick.LoanAnswer) else a.owed.balance
    probe = quick.with_value(data, stand_in)
    comps, missing = _comparables(plans, data) if a.municipality is not None else (None, None)
    plan = plans.figures(probe)
    balance = plan.position.loan_balance
    prices = sorted({max(RANGE_ROUND, (balance * k // 10 + RANGE_ROUND // 2) // RANGE_ROUND * RANGE_ROUND)
                     for k in RANGE_STEPS})
    if comps is not None:  # the prices the comparable sales give: P25, median, P75
        prices = sorted({comps.basis.low, comps.basis.central, comps.basis.high})
    case, book = plans.case(probe)
    points, break_even = at_prices(case, book, prices)
    now = now_context(plan, today_jst(), lang)
    # Who is billed how much, what staying would leave and which exit is best depend on the
    # price, which is not known: those lines wait for it.
    now = {**now, "best": None,
           "affected": [x for x in now.get("affected", []) if x.get("key") not in PRICE_DEPENDENT]}
    return Answer(data=data, sale_date=plan.case.sale_date, now=now, assumptions=notes,
                  balance=balance, owed=points[0].owed if points else 0, points=list(points),
                  break_even=break_even, comparables=comps, comparables_missing=missing)


def _comparables(plans: PlanCache, data: dict[str, Any]) -> tuple[Any, Msg | None]:
    """The comparables basis of the case without a value, when the app's database gives a range
    for its municipality; else None (the grid of prices, as before) and the reason in words: no
    sale of the place imported, or too few like the home."""
    from zansai.rules.municipalities import lookup
    from zansai.web.location_form import imported_names

    code = str(data.get("property", {}).get("municipality_code") or "")
    entry = lookup(code) if code else None
    place = entry.name if entry is not None else code
    try:
        found = plans.figures(data).valuation.comparables
    except ZansaiError:  # no value, and too few sales (or none) to value the home from
        found = None
    if found is not None and found.basis.central is not None:
        return found, None
    if code[:5] not in imported_names(plans.comps_db):
        return None, msg("valuation_comps.quick.none", place=place)
    return None, msg("valuation_comps.quick.too_few", place=place)


def answer_fragment(request: Request, form: dict[str, str], *, submitted: bool) -> tuple[str, bool]:
    """The answer (or what is still needed) as HTML, and whether the answers had problems."""
    lang = lang_of(request)
    reading = _reading(request, form)
    if reading.answers is None:
        return _render_fragment(request, reading, None, lang, submitted), True
    plans = plans_of(request)
    key = (canonical(quick.to_case(reading.answers, today=today_jst(), book=plans.book)),
           reading.answers.value is None, lang, today_jst())
    try:
        return plans.answer(key, lambda: _render_fragment(
            request, reading, _answer(plans, reading, lang), lang, submitted)), False
    except ZansaiError as exc:
        reading.problems.append(quick.Problem("", exc))
        return _render_fragment(request, reading, None, lang, submitted), True


def _render_fragment(request: Request, reading: quick.Reading, answer: Answer | None, lang: str,
                     submitted: bool) -> str:
    person = reading.answers.person if reading.answers else None

    def say(id: str, **params: Any) -> str:
        return msg(id, **params).text(lang)

    return environment().get_template("_quick_answer.html").render(
        lang=lang, answer=answer, problems=reading.problems, submitted=submitted, person=person, m=say)


def _defaults(request: Request) -> dict[str, str]:
    y, m = quick.default_sell_month(today_jst(), plans_of(request).book)
    return {"owed": "loan", "lender": "bank", "missed": "no", "person_role": "guarantor",
            "sell_month": f"{y:04d}-{m:02d}"}


def _page(request: Request, values: dict[str, str], fragment: str, problems: list[quick.Problem],
          status: int = 200) -> HTMLResponse:
    from zansai.web import location_form as where

    errors = {p.field: p for p in problems}
    cases = store_of(request).list()
    prefecture = where.checked_prefecture(values.get(PREFECTURE))
    return render(request, "quick.html", {"values": values, "fragment": Markup(fragment),
                                          "problems": problems, "field_errors": errors,
                                          "recent": cases[:RECENT], "case_count": len(cases),
                                          "prefectures": where.PREFECTURES,
                                          "place_names": where.known_names(where.db_of(request), prefecture)},
                  status=status)


RECENT = 3
"""How many of the latest saved cases the home page offers to reopen."""


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    values = _defaults(request)
    reading = quick.Reading(None, [])
    fragment = _render_fragment(request, reading, None, lang_of(request), False)
    return _page(request, values, fragment, [])


@router.post("/", response_class=HTMLResponse)
async def check(request: Request) -> Response:
    """The form posted without JavaScript: the same page with the answer, or every problem."""
    try:
        raw = await checked_form(request)
    except CsrfError:

        return csrf_failed(request)
    form = _form(raw.multi_items())
    fragment, failed = answer_fragment(request, form, submitted=True)
    problems = _reading(request, form).problems if failed else []
    return _page(request, {**_defaults(request), **form}, fragment, problems, 422 if failed else 200)


@router.post("/quick/answer", response_class=HTMLResponse)
async def live_answer(request: Request) -> Response:
    """The answer alone, for the page to swap in while the user types."""
    try:
        raw = await checked_form(request)
    except CsrfError:
        return HTMLResponse("", status_code=403)
    fragment, _ = answer_fragment(request, _form(raw.multi_items()), submitted=False)
    return HTMLResponse(fragment)


def _more(request: Request, form: dict[str, str]) -> HTMLResponse:
    """The full form, filled with every answer that was read (nothing is typed twice)."""
    reading = _reading(request, form)
    today = today_jst()
    book = plans_of(request).book
    if reading.answers is not None:
        data = quick.to_case(reading.answers, today=today, book=book)
    else:
        data = quick.partial_case(reading, form, today=today, book=book)
    return render(request, "form.html", form_context(request, None, data, []))


@router.get("/quick/more", response_class=HTMLResponse)
def more_get(request: Request) -> HTMLResponse:
    return _more(request, _form(request.query_params.multi_items()))


@router.post("/quick/more", response_class=HTMLResponse)
async def more_post(request: Request) -> Response:
    try:
        raw = await checked_form(request)
    except CsrfError:

        return csrf_failed(request)
    return _more(request, _form(raw.multi_items()))


@router.post("/quick/save")
async def save(request: Request) -> Response:
    """Save the answers as a case and open its full results."""
    try:
        raw = await checked_form(request)
    except CsrfError:

        return csrf_failed(request)
    form = _form(raw.multi_items())
    reading = _reading(request, form)
    if reading.answers is None or reading.answers.value is None:
        return RedirectResponse("/quick/more?" + urlencode(form), status_code=303)
    title = f"かんたん診断 {today_jst().isoformat()}"
    data = quick.to_case(reading.answers, today=today_jst(), book=plans_of(request).book, title=title)
    plans_of(request).plan(data)
    record = store_of(request).create(title, data)
    return RedirectResponse(f"/cases/{record.id}", status_code=303)
