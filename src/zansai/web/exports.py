"""Downloads of a saved case's exports: ``GET /api/v1/cases/<id>/export/<what>.<fmt>``.

The 配分表 (``distribution``), the 償還表 (``schedule``) or the 婚姻関係財産一覧表
(``property-list``) as ``csv``, ``xlsx`` or ``html`` (the printable page, shown in the browser);
the same files ``zansai export`` writes. The adviser named in the header is the settings file's.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from zansai.inputs import today_jst
from zansai.report.exports import FILE_STEMS, MEDIA_TYPES, build, render
from zansai.settings import load_adviser
from zansai.web.api import ERRORS, At, SaleDate
from zansai.web.service import Options, plans_of
from zansai.web.store import store_of

router = APIRouter(prefix="/api/v1", tags=["api"])

What = Literal["distribution", "schedule", "property-list"]
Format = Literal["csv", "xlsx", "html"]
ExitKey = Annotated[str | None, Query(alias="exit", max_length=40, pattern=r"^[a-z_]+$",
                                      description="The exit whose 配分表 to export (default: the one "
                                                  "the results show).")]
Lang = Annotated[Literal["ja", "en"], Query(description="The language of the words (the figures "
                                                           "are the same).")]

@router.get("/cases/{case_id}/export/{what}.{fmt}",
            responses={**ERRORS, 200: {"content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()},
                                       "description": "The file"}},
            summary="配分表・償還表・婚姻関係財産一覧表 of a saved case as CSV, Excel or a printable page")
def export(request: Request, case_id: str, what: What, fmt: Format, exit_key: ExitKey = None,
                 lang: Lang = "ja", at: At = None, sale_date: SaleDate = None) -> Response:
    """Runs in the thread pool (a sync handler): the plan and the workbook are CPU work. CSV is
    UTF-8 with a byte-order mark (Excel reads it as UTF-8); amounts are integer yen."""
    data = store_of(request).get(case_id).data
    plan = plans_of(request).plan(data, Options(at=at, sale_date=sale_date))
    sheet = build(plan, what, load_adviser(), today_jst(), exit_key)
    body = render(sheet, fmt, lang, plan.case.title)
    name = f"{FILE_STEMS[what]}-{re.sub(r'[^A-Za-z0-9-]', '', case_id)[:40]}.{fmt}"
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(body, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'{disposition}; filename="{name}"'})
