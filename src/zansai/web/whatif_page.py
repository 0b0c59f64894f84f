"""もしも表 on the web: ``GET /cases/<id>/whatif`` (the page; a GET form, works without JavaScript)
and ``GET /cases/<id>/whatif/grid`` (only the grid, a server-rendered fragment that
``static/whatif.js`` fetches while the adviser changes the prices or months, and that the results
page loads into its own section)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from zansai.errors import ZansaiError
from zansai.web.pages import lang_of, render
from zansai.web.service import plans_of
from zansai.web.store import store_of
from zansai.web.templating import environment

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Query:
    """The grid's options as the page's form sends them (yen as typed: 1500万)."""

    start: str = ""
    stop: str = ""
    step: str = ""
    months: str = "6"
    rate: str = ""

    @classmethod
    def of(cls, request: Request) -> Query:
        q = request.query_params
        return cls(**{k: q.get(k, getattr(cls, k))[:40] for k in ("start", "stop", "step", "months", "rate")})


def _grid(request: Request, case_id: str) -> tuple[dict[str, Any] | None, ZansaiError | None, Query]:
    """The what-if JSON of a saved case at the form's options, or the mistake that stops it."""
    from zansai.case import case_errors
    from zansai.engine.whatif import what_if
    from zansai.whatif_inputs import named, parse_discount_rate, parse_months, parse_prices

    query = Query.of(request)
    record = store_of(request).get(case_id)
    try:
        rows = None
        if query.start or query.stop:
            spec = f"{query.start or query.stop}:{query.stop or query.start}" + \
                (f":{query.step}" if query.step else "")
            rows = parse_prices("start", spec)
        count = parse_months("months", query.months or "6")
        rate = parse_discount_rate("rate", query.rate) if query.rate else None
        case, book = plans_of(request).case(record.data)
        with named("start"), case_errors("case"):
            result = what_if(case, book, prices=rows, months=count, discount_rate=rate)
    except ZansaiError as exc:
        return None, exc, query
    return result.to_dict(), None, query


W, H, PAD_L, PAD_B, PAD_T = 340, 200, 8, 28, 24


def lender_chart(w: dict[str, Any]) -> dict[str, Any] | None:
    """The lender's view on the case's date: the short sale's first-lender recovery at each grid
    price against the auction's discounted recovery (a flat line), in SVG coordinates."""
    a = w.get("auction")
    if a is None or len(w["prices"]) < 2:
        return None
    col = 0  # the case's own sale date
    points = [(p, row[col]["short_sale"]["first_lender_recovery"]) for p, row in zip(w["prices"], w["cells"],
                                                                                      strict=True)]
    flat = a["discounted"][w["dates"][col]]
    lo = min([flat, *(y for _, y in points)])
    hi = max([flat, *(y for _, y in points)])
    span_y = max(1, hi - lo)
    x0, x1 = points[0][0], points[-1][0]

    def x(p: int) -> float:
        return round(float(PAD_L + (W - 2 * PAD_L) * (p - x0) / (x1 - x0)), 1)

    def y(v: int) -> float:
        return round(float(PAD_T + (H - PAD_T - PAD_B) * (hi - v) / span_y), 1)

    consent = w["break_evens"].get("consent_price", {}).get("price")
    return {"w": W, "h": H, "line": " ".join(f"{x(p)},{y(v)}" for p, v in points), "flat_y": y(flat),
            "x0": PAD_L, "x1": W - PAD_L, "base": H - PAD_B + 18, "low": x0, "high": x1,
            "consent_x": x(consent) if consent is not None and x0 <= consent <= x1 else None}


def _fragment(request: Request, case_id: str) -> tuple[str, Query]:
    data, error, query = _grid(request, case_id)
    chart = lender_chart(data) if data else None
    html = environment().get_template("_whatif_grid.html").render(
        lang=lang_of(request), w=data, error=error, case_id=case_id, chart=chart)
    return html, query


@router.get("/cases/{case_id}/whatif", response_class=HTMLResponse)
def whatif_page(request: Request, case_id: str) -> Response:
    record = store_of(request).get(case_id)
    html, query = _fragment(request, case_id)
    return render(request, "whatif.html", {"record": record, "q": query, "grid": Markup(html)})


@router.get("/cases/{case_id}/whatif/grid", response_class=HTMLResponse)
def whatif_grid(request: Request, case_id: str) -> Response:
    html, _ = _fragment(request, case_id)
    return HTMLResponse(html)
