"""The JSON API, ``/api/v1``: plan, divorce, schedule, rules and saved cases.

Bodies are case files as JSON (the same document ``zansai plan`` reads as TOML); answers are the
CLI's ``--json`` output. A user's mistake is a 422 with the bilingual message and the field.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from zansai.errors import InputError, ZansaiError
from zansai.loanfile import LoanEntry, entry_key
from zansai.report.divorce_json import divorce_to_dict
from zansai.report.provenance import stamped
from zansai.rules import rules_snapshot
from zansai.web.casestatus import STATUSES
from zansai.web.compress import json_answer
from zansai.web.intake import TITLE_MAX, check_text, check_title
from zansai.web.service import Options, plans_of
from zansai.web.store import store_of

router = APIRouter(prefix="/api/v1", tags=["api"])

CASE_EXAMPLE: dict[str, Any] = {
    "title": "example", "at": "2026-12-01", "sale_date": "2027-03-31",
    "property": {"kind": "house", "acquired_on": "2012-04-20", "acquisition_price": "3800万"},
    "valuation": {"appraisals": [{"source": "A不動産", "amount": "2000万"}]},
    "loans": [{"principal": "3800万", "rate": "1.2", "years": 35, "start": "2012-05"}],
}

CaseBody = Annotated[dict[str, Any], Body(
    description="A case file as JSON (see `zansai schema` and docs/case-file.md).",
    openapi_examples={"seed1": {"summary": "a minimal case", "value": CASE_EXAMPLE},
                      "offer": {"summary": "with a buyer's offer for the short sale (申出価格)",
                                "value": {**CASE_EXAMPLE, "offers": [
                                    {"exit": "short_sale", "price": "1750万", "date": "2026-11-20",
                                     "buyer": "山田不動産"}]}}})]
At = Annotated[str | None, Query(description="Calculation date YYYY-MM-DD (default: the case's, or today).",
                                 pattern=r"^\d{4}-\d{2}-\d{2}$")]
SaleDate = Annotated[str | None, Query(description="Planned sale (settlement) date YYYY-MM-DD.",
                                       pattern=r"^\d{4}-\d{2}-\d{2}$")]
RoutesFor = Annotated[str | None, Query(description="Whose remaining debt the routes settle (an exit key).",
                                        max_length=40)]
Explain = Annotated[bool, Query(description="Add every figure's derivation (`explanation`).")]


class ErrorBody(BaseModel):
    field: str | None
    message_ja: str
    message_en: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class ValidationResult(BaseModel):
    ok: bool
    errors: list[ErrorBody] = Field(default_factory=list)


class SavedCaseIn(BaseModel):
    """A case to save: its title and the case file. Any other key is refused, as ``/plan`` does."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field("", max_length=TITLE_MAX,
                       description=f"At most {TITLE_MAX} characters; empty: the case's own title.")
    case: dict[str, Any] = Field(description="The case file as JSON.")


def _saved(request: Request, body: SavedCaseIn) -> tuple[str, dict[str, Any]]:
    """The title and data to store, once the case is known to plan (and so to show)."""
    check_text(body.title, "title")
    cf = plans_of(request).case_file(body.case)
    plans_of(request).plan(body.case)  # only a case the engine can plan is saved
    if body.title:
        return check_title(body.title, "title"), cf.model_dump(mode="json", exclude_unset=True)
    title = check_title(cf.title or "ケース", "case.title")
    return title, cf.model_dump(mode="json", exclude_unset=True)


class CaseSummary(BaseModel):
    id: str
    title: str
    created_at: str
    updated_at: str
    parent_id: str | None
    status: str = Field("consulting", description="The adviser's status: " + ", ".join(STATUSES) + ".")


class Deadline(BaseModel):
    date: str
    days: int = Field(description="Days left from today (Japan time).")
    key: str
    label_ja: str
    label_en: str


class CaseListItem(CaseSummary):
    """A saved case as the case list shows it (from the summary stored when it was saved)."""

    client: str | None = Field(None, description="The debtor of the first home loan, else the first owner.")
    lender: str | None = Field(None, description="The first lien holder.")
    best_exit: str | None = None
    remaining_debt: int | None = Field(None, description="Yen left owing after the best exit.")
    cash_needed: int | None = Field(None, description="Yen the household pays in with the best exit.")
    next_deadline: Deadline | None = None
    computed_on: str | None = Field(None, description="The day the summary's figures were computed.")


class StatusIn(BaseModel):
    """A change of a saved case's status; any other key is refused."""

    model_config = ConfigDict(extra="forbid")

    status: str = Field(description="One of: " + ", ".join(STATUSES) + ".", max_length=40)


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "The case or an option is not valid (bilingual message)."},
    413: {"model": ErrorResponse, "description": "The body is larger than the limit."},
}
JSON_OBJECT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {"schema": {"type": "object"}}}}}


def error_response(exc: ZansaiError, status: int = 422) -> JSONResponse:
    return JSONResponse({"error": exc.to_dict()}, status_code=status)




def _json(body: bytes | dict[str, Any] | list[Any]) -> Response:
    if not isinstance(body, bytes):
        body = orjson.dumps(body)
    return Response(body, media_type="application/json")


@router.post("/plan", responses={**ERRORS, **JSON_OBJECT}, summary="Every way out for one home")
async def plan(request: Request, case: CaseBody, at: At = None, sale_date: SaleDate = None,
               routes_for: RoutesFor = None, explain: Explain = False) -> Response:
    """The same JSON as `zansai plan CASE --json`: valuation, exits, 配分表, timeline, remaining-debt
    routes and, with a `divorce` section, 財産分与. Gzipped for a client on another machine that
    sends `Accept-Encoding: gzip`."""
    options = Options(at=at, sale_date=sale_date, routes_for=routes_for)
    plans = plans_of(request)
    key = plans.key(case, options)  # the canonical case, once per request
    # A repeated request is answered on the event loop; only the engine's work goes to a thread.
    hit = plans.cached_json(case, options, explain=explain, key=key)
    if hit is None:
        hit = await run_in_threadpool(plans.plan_json, case, options, explain=explain, key=key)
    return json_answer(hit, request)  # gzipped for a phone that asks (web/compress.py)


@router.post("/divorce", responses={**ERRORS, **JSON_OBJECT}, summary="財産分与 alone")
def divorce(request: Request, case: CaseBody, at: At = None, sale_date: SaleDate = None,
            explain: Explain = False) -> Response:
    """The same JSON as `zansai divorce CASE --json`."""
    result = plans_of(request).plan(case, Options(at=at, sale_date=sale_date))
    if result.property_division is None:
        raise InputError("divorce: このケースには divorce（別居日と2人の配偶者）がありません",
                         "divorce: this case has no divorce section (the separation date and the two "
                         "spouses)", field="divorce")
    return _json(divorce_to_dict(result, explain=explain))


class LoanIn(LoanEntry):
    """One loan, as in a loan file's [[loans]] (see `zansai schedule --help`)."""

    # Built now: FastAPI cannot attach a body parameter to a model whose build is deferred.
    model_config = ConfigDict(extra="forbid", defer_build=False)


@router.post("/schedule", responses={**ERRORS, **JSON_OBJECT}, summary="償還表: a repayment schedule")
def schedule(loan: LoanIn, at: At = None, explain: Explain = False) -> Response:
    """The same JSON as `zansai schedule --json`: every payment exact to the yen."""
    from zansai.engine.loan import amortize
    from zansai.inputs import parse_date
    from zansai.loanspec import build_loan, check_date_in_loan
    from zansai.report.loan_json import schedule_to_dict
    from zansai.rules import RuleBook

    try:
        built = build_loan(loan.options())
    except InputError as exc:
        if not exc.field:
            raise
        raise exc.renamed(entry_key(exc.field)) from None  # the body's key, not the CLI flag
    at_date = parse_date("at", at) if at else None
    if at_date is not None:
        check_date_in_loan("at", at_date, built.loan)
    result = amortize(built.loan)
    out = {"name": loan.name, **schedule_to_dict(result, at_date, explain, built.rules_used)}
    return _json(stamped(out, RuleBook.default().fingerprint()))  # the book build_loan reads


@router.post("/validate", response_model=ValidationResult, summary="Check a case without planning it")
def validate(request: Request, case: CaseBody) -> ValidationResult:
    """Every problem with its field and bilingual message (for forms that mark each field)."""
    errors = plans_of(request).errors(case)
    return ValidationResult(ok=not errors, errors=[ErrorBody(**e.to_dict()) for e in errors])


def _on(at: str | None) -> Any:
    from zansai.inputs import parse_date, today_jst

    return parse_date("at", at) if at else today_jst()


@router.get("/rules", responses=JSON_OBJECT, summary="The rule book on a date")
def rules(request: Request, at: At = None) -> Response:
    """Every legal and market value in force on `at`, as `zansai rules --json` prints it."""
    book = plans_of(request).book
    return _json(stamped(rules_snapshot(book, _on(at)).to_dict(), book.fingerprint()))


@router.get("/rules/{key}", responses={**ERRORS, **JSON_OBJECT}, summary="One rule on a date")
def rule(request: Request, key: str, at: At = None) -> Response:
    on, book = _on(at), plans_of(request).book
    return _json(stamped({"at": on.isoformat(), "rules": [book.at(key, on).to_dict()]}, book.fingerprint()))


@router.get("/cases", response_model=list[CaseListItem], responses=ERRORS,
            summary="Saved cases: search, filter and sort")
def list_cases(request: Request,
               q: Annotated[str | None, Query(description="Words to find in the title, client or lender.",
                                              max_length=100)] = None,
               status: Annotated[str | None, Query(description="Only this status.", max_length=40)] = None,
               best: Annotated[str | None, Query(description="Only cases whose best exit is this key.",
                                                 max_length=40)] = None,
               sort: Annotated[str | None, Query(description="updated (newest first, the default), title, "
                                                 "debt (largest remaining debt first) or deadline (soonest "
                                                 "first).", max_length=20)] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
               offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
    """The case list's rows (the page's search, filters and order, without its grouping)."""
    from zansai.inputs import today_jst
    from zansai.web import caselist, casesummary

    query = caselist.check_query(q, status, best, sort, 1)
    store = store_of(request)
    rows = casesummary.ensure(store, plans_of(request), store.list_rows())
    today = today_jst()
    return [caselist.item(row, today) for row in caselist.select(rows, query, today)[offset:offset + limit]]


@router.post("/cases", status_code=201, response_model=CaseSummary, responses=ERRORS, summary="Save a case")
def create_case(request: Request, body: SavedCaseIn) -> dict[str, Any]:
    return store_of(request).create(*_saved(request, body)).summary()


@router.get("/cases/{case_id}", responses={**ERRORS, **JSON_OBJECT}, summary="A saved case with its data")
def get_case(request: Request, case_id: str) -> Response:
    return _json(store_of(request).get(case_id).to_dict())


@router.put("/cases/{case_id}", response_model=CaseSummary, responses=ERRORS, summary="Replace a saved case")
def update_case(request: Request, case_id: str, body: SavedCaseIn) -> dict[str, Any]:
    store_of(request).get(case_id)
    title, data = _saved(request, body)
    return store_of(request).update(case_id, title=title, data=data).summary()


@router.patch("/cases/{case_id}", response_model=CaseSummary, responses=ERRORS,
              summary="Set a saved case's status")
def patch_case(request: Request, case_id: str, body: StatusIn) -> dict[str, Any]:
    """The adviser's status (相談中 consulting, 申出済 applied, 販売中 marketing, 契約済 contracted,
    決済済 settled, 終了 closed); the case's data and revisions are untouched."""
    from zansai.web.casestatus import check_status

    return store_of(request).set_status(case_id, check_status(body.status)).summary()


class RevisionOut(BaseModel):
    revision: int
    title: str
    updated_at: str = Field(description="When this version was saved (UTC).")


@router.get("/cases/{case_id}/revisions", response_model=list[RevisionOut], responses=ERRORS,
            summary="The kept earlier versions of a saved case, newest first")
def case_revisions(request: Request, case_id: str) -> list[dict[str, Any]]:
    return [{"revision": r.revision, "title": r.title, "updated_at": r.updated_at}
            for r in store_of(request).revisions(case_id)]


@router.post("/cases/{case_id}/revisions/{revision}/restore", response_model=CaseSummary, responses=ERRORS,
             summary="Make a kept version the current one (as a new version)")
def restore_revision(request: Request, case_id: str, revision: int) -> dict[str, Any]:
    return store_of(request).restore(case_id, revision).summary()


@router.get("/cases/{case_id}/compare", responses={**ERRORS, **JSON_OBJECT},
            summary="A saved case beside its original and copies")
def compare_cases(request: Request, case_id: str,
                  all_inputs: Annotated[bool, Query(alias="all", description="Every input, not only the "
                                                    "ones that differ.")] = False,
                  others: Annotated[list[str] | None, Query(
                      alias="with", description="Compare with these saved cases (repeat the parameter; at "
                      "most seven) instead of the case's copies.")] = None) -> Response:
    """`cases`: the original first, then its copies, each with its best exit, remaining debt, cash
    needed and next deadlines (integer yen); `inputs`: each input by its case-file path with its
    value in every case (as text) and whether they differ; `not_shown`: copies left out (at most
    eight cases are compared; choose others with `with`)."""
    from zansai.web import casecompare

    members, hidden = casecompare.chosen(store_of(request), case_id, others or [])
    results = [casecompare.results(plans_of(request).figures(m.data)) for m in members]
    return _json({**casecompare.comparison(members, results, all_inputs), "not_shown": hidden})


@router.delete("/cases/{case_id}", status_code=204, responses=ERRORS, summary="Delete a saved case")
def delete_case(request: Request, case_id: str) -> Response:
    store_of(request).delete(case_id)
    return Response(status_code=204)


@router.post("/cases/{case_id}/duplicate", status_code=201, response_model=CaseSummary, responses=ERRORS,
             summary="Copy a saved case as a what-if")
def duplicate_case(request: Request, case_id: str) -> dict[str, Any]:
    return store_of(request).duplicate(case_id).summary()


@router.get("/cases/{case_id}/plan", responses={**ERRORS, **JSON_OBJECT}, summary="The plan of a saved case")
def saved_plan(request: Request, case_id: str, at: At = None, sale_date: SaleDate = None,
               routes_for: RoutesFor = None, explain: Explain = False) -> Response:
    data = store_of(request).get(case_id).data
    options = Options(at=at, sale_date=sale_date, routes_for=routes_for)
    return _json(plans_of(request).plan_json(data, options, explain=explain))
