"""The case list (案件一覧): search, filter, sort and page the saved cases, and the list as CSV.

Everything works on the stored rows and their summaries (``web.casesummary``): no case is planned
to answer a search or a sort. Copies (what-ifs) follow their original, one level in.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from zansai.csvsafe import escape_row
from zansai.errors import InputError
from zansai.report.i18n import ui
from zansai.web.casestatus import STATUSES
from zansai.web.casesummary import next_deadline
from zansai.web.store import ListRow

SORTS = ("updated", "title", "debt", "deadline")
"""updated: newest first; title: あいうえお/A–Z; debt: largest remaining debt first; deadline: soonest."""
PAGE_SIZE = 50
JST = timezone(timedelta(hours=9), "JST")


@dataclass(frozen=True, slots=True)
class Query:
    """What the adviser asked the list for (every part optional)."""

    q: str = ""
    status: str = ""
    best: str = ""
    sort: str = "updated"
    page: int = 1


def check_query(q: str | None, status: str | None, best: str | None, sort: str | None,
                page: str | int | None) -> Query:
    """The query from the address bar or the API, each part checked (one bilingual line on error)."""
    if status and status not in STATUSES:
        raise InputError.invalid("status", status[:40], "状況は " + "・".join(STATUSES) + " のどれかです",
                                 "the status is one of " + ", ".join(STATUSES))
    if sort and sort not in SORTS:
        raise InputError.invalid("sort", sort[:40], "並べ替えは " + "・".join(SORTS) + " のどれかです",
                                 "sort by one of " + ", ".join(SORTS))
    number = str(page or "1")
    if not number.isdigit() or not 1 <= int(number) <= 100_000:
        raise InputError.invalid("page", number[:12], "ページは 1 以上の整数です",
                                 "the page is a whole number from 1")
    return Query(q=(q or "").strip()[:100], status=status or "", best=(best or "")[:40],
                 sort=sort or "updated", page=int(number))


def _fold(text: str) -> str:
    """Text as searched: full-width and half-width alike (ＡＢＣ = abc), case ignored."""
    return unicodedata.normalize("NFKC", text).casefold()


def _matches(row: ListRow, words: list[str]) -> bool:
    s = row.summary or {}
    hay = _fold(" ".join(str(x) for x in (row.title, s.get("client") or "", s.get("lender") or "")))
    return all(w in hay for w in words)


def _sort_key(row: ListRow, how: str, today: date) -> tuple[Any, ...]:
    s = row.summary or {}
    if how == "title":
        return (_fold(row.title),)
    if how == "debt":
        debt = s.get("remaining_debt")
        return (debt is None, -(debt or 0))
    due = next_deadline(s, today)
    return (due is None, due["date"] if due else "")


def select(rows: list[ListRow], query: Query, today: date) -> list[ListRow]:
    """The rows the query keeps, in its order (``updated`` keeps the store's order)."""
    words = [_fold(w) for w in query.q.split()]
    kept = [r for r in rows if (not words or _matches(r, words))
            and (not query.status or r.status == query.status)
            and (not query.best or (r.summary or {}).get("best") == query.best)]
    if query.sort != "updated":
        kept.sort(key=lambda r: _sort_key(r, query.sort, today))
    return kept


def grouped(rows: list[ListRow]) -> list[tuple[ListRow, int]]:
    """Each row with its depth: a copy right after its original when both are listed (depth 1),
    in the original's place; an orphan or a copy of an unlisted case stands alone (depth 0)."""
    listed = {r.id for r in rows}
    copies: dict[str, list[ListRow]] = {}
    for r in rows:
        if r.parent_id in listed and r.parent_id != r.id:
            copies.setdefault(r.parent_id or "", []).append(r)
    out: list[tuple[ListRow, int]] = []
    placed: set[str] = set()

    def place(row: ListRow, depth: int) -> None:
        if row.id in placed:
            return
        placed.add(row.id)
        out.append((row, min(depth, 1)))
        for child in copies.get(row.id, ()):
            place(child, depth + 1)

    for r in rows:
        if not (r.parent_id in listed and r.parent_id != r.id):
            place(r, 0)
    for r in rows:  # a cycle cannot happen (a copy is newer than its original), but never drop a row
        place(r, 0)
    return out


def page_of(items: list[Any], page: int) -> tuple[list[Any], int]:
    """One page of ``items`` and the number of pages (at least 1)."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    start = (min(page, pages) - 1) * PAGE_SIZE
    return items[start:start + PAGE_SIZE], pages


def local_time(stamp: str) -> str:
    """A stored UTC time (``2026-12-07T01:02:03Z``) as Japan time, ``2026-12-07 10:02``."""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M")


def view(row: ListRow, lang: str, today: date) -> dict[str, Any]:
    """One row as the page, the CSV and the API show it."""
    s = row.summary or {}
    due = next_deadline(s, today)
    label = s.get("best_label")
    return {"id": row.id, "title": row.title, "parent_id": row.parent_id, "status": row.status,
            "status_label": ui(f"status_{row.status}", lang), "updated_at": row.updated_at,
            "updated_local": local_time(row.updated_at),
            "created_at": row.created_at, "client": s.get("client"), "lender": s.get("lender"),
            "best_exit": s.get("best"),
            "best_label": (label[1] if lang == "en" else label[0]) if label else None,
            "remaining_debt": s.get("remaining_debt"), "cash_needed": s.get("cash_needed"),
            "next_deadline": due and {"date": due["date"], "days": due["days"], "key": due["key"],
                                      "label": due["label"][1 if lang == "en" else 0]},
            "error": (s["error"][1 if lang == "en" else 0]) if s.get("error") else None,
            "computed_on": s.get("computed_on")}


def item(row: ListRow, today: date) -> dict[str, Any]:
    """One row as ``GET /api/v1/cases`` and ``zansai cases list --json`` give it (both languages)."""
    s = row.summary or {}
    due = next_deadline(s, today)
    return {"id": row.id, "title": row.title, "created_at": row.created_at,
            "updated_at": row.updated_at, "parent_id": row.parent_id, "status": row.status,
            "client": s.get("client"), "lender": s.get("lender"), "best_exit": s.get("best"),
            "remaining_debt": s.get("remaining_debt"), "cash_needed": s.get("cash_needed"),
            "computed_on": s.get("computed_on"),
            "next_deadline": due and {"date": due["date"], "days": due["days"], "key": due["key"],
                                      "label_ja": due["label"][0], "label_en": due["label"][1]}}


CSV_COLUMNS = ("csv_title", "csv_client", "csv_lender", "csv_status", "csv_best", "csv_remaining",
               "csv_cash", "csv_deadline", "csv_deadline_what", "csv_days", "csv_updated", "csv_original",
               "csv_id")


def to_csv(views: Iterable[dict[str, Any]], lang: str) -> str:
    """The list as CSV (UTF-8 with BOM, for Excel): amounts as plain integers, text cells made
    safe for spreadsheets (``csvsafe``)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([ui(c, lang) for c in CSV_COLUMNS])
    for v in views:
        due = v["next_deadline"] or {}
        writer.writerow(escape_row([
            v["title"], v["client"] or "", v["lender"] or "", v["status_label"], v["best_label"] or "",
            v["remaining_debt"] if v["remaining_debt"] is not None else "",
            v["cash_needed"] if v["cash_needed"] is not None else "",
            due.get("date", ""), due.get("label", ""), due.get("days", ""),
            v["updated_local"], v["parent_id"] or "", v["id"]]))
    return out.getvalue()
