"""``POST /api/v1/whatif``: the what-if grid and break-evens of a case (``zansai whatif --json``).

Registered on ``api.router`` (same prefix, errors and Origin check on writes) from a module of its
own; ``web.app`` imports it before the router is mounted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from zansai.web.api import ERRORS, JSON_OBJECT, At, CaseBody, SaleDate, _json, router
from zansai.web.service import Options, plans_of

Prices = Annotated[str | None, Query(
    description="Sale prices: `start:stop[:step]` (`1500万:2200万:50万`; step 50万 when left out) or a "
                "list `1700万,1750万`. Default: ten prices 50万 apart around the case's price.",
    max_length=200)]
Months = Annotated[str, Query(description="Settlement months from the case's sale date (1–24).",
                              max_length=4)]
DiscountRate = Annotated[str | None, Query(
    description="Yearly rate in percent discounting the auction's later recovery (default: the rule "
                "`market.lender_discount_rate`, the statutory rate as a flagged stand-in).", max_length=20)]


def _whatif(request: Request, case: dict[str, Any], options: Options, prices: str | None, months: str,
            discount_rate: str | None) -> dict[str, Any]:
    from zansai.case import case_errors
    from zansai.engine.whatif import what_if
    from zansai.report.provenance import stamped
    from zansai.whatif_inputs import named, parse_discount_rate, parse_months, parse_prices

    rows = parse_prices("prices", prices) if prices is not None else None
    count = parse_months("months", months)
    rate = parse_discount_rate("discount_rate", discount_rate) if discount_rate is not None else None
    built, book = plans_of(request).case(case, options)
    with named("prices"), case_errors("case"):
        result = what_if(built, book, prices=rows, months=count, discount_rate=rate)
    return stamped(result.to_dict(), book.fingerprint())


@router.post("/whatif", responses={**ERRORS, **JSON_OBJECT},
             summary="What-ifs: price × month grid and break-evens")
async def whatif(request: Request, case: CaseBody, at: At = None, sale_date: SaleDate = None,
                 prices: Prices = None, months: Months = "6", discount_rate: DiscountRate = None) -> Response:
    """The same JSON as `zansai whatif CASE --json`: for each sale price and settlement month the
    normal sale's and the short sale's remaining debt, cash needed and first-lender recovery; the
    auction's recovery for reference; and the break-evens (`clears_liens`, `consent_price`,
    `last_short_sale_day`), each exact to the yen with its derivation."""
    options = Options(at=at, sale_date=sale_date)
    body = await run_in_threadpool(_whatif, request, case, options, prices, months, discount_rate)
    return _json(body)
