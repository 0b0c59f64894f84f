"""``GET /api/v1/comps``: comparable sales (取引事例) from the app's database, as ``zansai comps
query --json`` prints them (the same ``selection_to_dict``, so the CLI and the API cannot drift).

The query's parameters are named as the CLI's options (``floor_area`` for ``--floor-area``); a bad
one is a 422 naming it. The page (``web/comps_page.py``) reads its form through ``criteria_of`` too.
Registered on ``api.router`` from a module of its own; ``web.app`` imports it before mounting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from zansai.errors import InputError
from zansai.messages import msg
from zansai.web.api import ERRORS, JSON_OBJECT, _json, router

if TYPE_CHECKING:
    from zansai.comps.query import Criteria
    from zansai.comps.record import Period

MAX_LIMIT = 5000
"""The most comparables one answer lists (a query counts every match in ``total`` all the same)."""

PARAMETERS = ("city", "district", "kind", "area", "floor_area", "age", "on", "structure", "from", "to",
              "limit")
"""The query's parameters, as the page's form and the API name them."""

_NUMBER = r"[0-9]{1,7}(?:\.[0-9]{1,2})?"
_RANGE = re.compile(rf"\s*({_NUMBER})?\s*(-)?\s*({_NUMBER})?\s*")
_QUARTER = re.compile(r"\s*([0-9]{4})\s*-?\s*[Qq]([1-4])\s*")


def _range(field: str, raw: str | None, whole: bool = False) -> tuple[Decimal | None, Decimal | None]:
    """ "50-80", "50-", "-80" or "65" → inclusive bounds (m² to the hundredth, or whole years)."""
    if not raw:
        return None, None
    m = _RANGE.fullmatch(raw)
    if m is None or not (m.group(1) or m.group(3)) or (m.group(2) is None and m.group(3)):
        raise InputError.invalid(field, raw, msg("comps.query.bad_range"))
    low = Decimal(m.group(1)) if m.group(1) else None
    high = Decimal(m.group(3)) if m.group(3) else (low if m.group(2) is None else None)
    if (low is not None and high is not None and low > high) or (
            whole and any(b is not None and b != b.to_integral_value() for b in (low, high))):
        raise InputError.invalid(field, raw, msg("comps.query.bad_range"))
    return low, high


def _quarter(field: str, raw: str | None) -> Period | None:
    from zansai.comps.record import Period

    if not raw:
        return None
    m = _QUARTER.fullmatch(raw)
    if m is None:
        raise InputError.invalid(field, raw, msg("comps.query.bad_quarter"))
    return Period(int(m.group(1)), int(m.group(2)))


def _choice(field: str, raw: str | None, choices: Mapping[str, Any]) -> Any:
    if not raw:
        return None
    if raw not in choices:
        raise InputError.invalid(field, raw, msg("comps.query.bad_kind", kinds=", ".join(choices)))
    return choices[raw]


def criteria_of(params: Mapping[str, str | None], default_limit: int = 200) -> Criteria:
    """The query's ``Criteria`` from its parameters (blank ones are left out, as a form sends
    them); a bad one is an ``InputError`` naming it."""
    from zansai.comps.query import Criteria
    from zansai.comps.record import Kind, Structure
    from zansai.inputs import parse_date, today_jst

    city = (params.get("city") or "").strip()
    if not re.fullmatch(r"[0-9]{5}", city):
        raise InputError.invalid("city", city, msg("comps.query.bad_city"))
    limit = params.get("limit") or str(default_limit)
    if not re.fullmatch(r"[0-9]{1,6}", limit) or not 1 <= int(limit) <= MAX_LIMIT:
        raise InputError.invalid("limit", limit, ("1以上5000以下の整数にしてください",
                                                  "expected a whole number from 1 to 5000"))
    young, old = _range("age", params.get("age"), whole=True)
    first, last = _quarter("from", params.get("from")), _quarter("to", params.get("to"))
    if first is not None and last is not None and first.code > last.code:
        raise InputError.about("from", ("「to」の四半期より後です", "is after the quarter of 「to」"))
    district = (params.get("district") or "").strip()
    on = params.get("on")
    return Criteria(
        city=city, district=district or None,
        kind=_choice("kind", params.get("kind"), {k.name.lower(): k for k in Kind}),
        area=_range("area", params.get("area")),
        floor_area=_range("floor_area", params.get("floor_area")),
        age=(None if young is None else int(young), None if old is None else int(old)),
        on=parse_date("on", on) if on else today_jst(),
        structure=_choice("structure", params.get("structure"), {s.value: s for s in Structure}),
        since=first, until=last, limit=int(limit))


def how_to_add() -> dict[str, str]:
    """How to add comparables (shown when none of the municipality are imported)."""
    m = msg("compsweb.how_to_add")
    return {"ja": m.text("ja"), "en": m.text("en")}


def comps_answer(db_path: Path, criteria: Criteria) -> dict[str, Any]:
    """``zansai comps query --json`` for ``criteria``, with ``how_to_add`` (null unless no
    comparable of the municipality is imported)."""
    from zansai.comps.app_db import open_comps
    from zansai.comps.credit import credit_lines
    from zansai.comps.query import Criteria, select
    from zansai.report.comps_json import selection_to_dict

    with open_comps(db_path) as store:
        selection = select(store, criteria)
        credits = credit_lines(store.sources())
        empty = selection.total == 0 and select(store, Criteria(city=criteria.city, limit=1)).total == 0
    body = selection_to_dict(selection, credits)
    body["how_to_add"] = how_to_add() if empty else None
    return body


def db_path_of(request: Request) -> Path:
    """The app's database: the comparables sit beside the saved cases."""
    return Path(request.app.state.store.path)


def _text(description: str, max_length: int = 40) -> Any:
    return Query(description=description, max_length=max_length)


City = Annotated[str, _text("Municipality code (市区町村コード, 5 digits), e.g. `13102`.", 5)]
District = Annotated[str | None, _text("District (地区名) exactly as MLIT writes it, e.g. `月島`.", 100)]
KindParam = Annotated[str | None, _text("種類: `condo`, `land_and_building`, `land`, `farmland`, `forest`, "
                                             "`other`.")]
Area = Annotated[str | None, _text("面積 in m² (land, or a condo's floor area): `50-80`, `50-`, `-80`.")]
FloorArea = Annotated[str | None, _text("延床面積 in m² (a house's floor area): `80-120`.")]
Age = Annotated[str | None, _text("Building age in whole years on `on`: `0-20`.")]
On = Annotated[str | None, _text("Valuation date for `age` (default today, Japan time).")]
StructureParam = Annotated[str | None, _text("`wood`, `steel`, `rc`, `src` or `other`.")]
Since = Annotated[str | None, Query(alias="from", description="First quarter, e.g. `2023Q1`.", max_length=10)]
Until = Annotated[str | None, Query(alias="to", description="Last quarter, e.g. `2024Q4`.", max_length=10)]
Limit = Annotated[str | None, _text(f"Most listed, newest first (1–{MAX_LIMIT}; default 200).", 6)]


@router.get("/comps", responses={**ERRORS, **JSON_OBJECT}, summary="Comparable sales (取引事例)")
async def comps(request: Request, city: City, district: District = None, kind: KindParam = None,
                area: Area = None, floor_area: FloorArea = None, age: Age = None, on: On = None,
                structure: StructureParam = None, since: Since = None, until: Until = None,
                limit: Limit = None) -> Response:
    """The same JSON as `zansai comps query --json` (docs/comps.md): the criteria, `total` (every
    match), `shown`, the comparables newest first (integer yen, areas as decimal strings) and
    `credit`, the lines MLIT's terms require wherever the data is shown. With no comparable of the
    municipality imported, the list is empty and `how_to_add` says how to add them
    (`zansai comps import FILE`); otherwise `how_to_add` is null."""
    params = {"city": city, "district": district, "kind": kind, "area": area, "floor_area": floor_area,
              "age": age, "on": on, "structure": structure, "from": since, "to": until, "limit": limit}
    criteria = criteria_of(params)
    body = await run_in_threadpool(comps_answer, db_path_of(request), criteria)
    return _json(body)
