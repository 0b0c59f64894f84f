"""The saved cases in the terminal (``zansai cases``): the case list, one case, its history and
the comparison with its copies, with the page's column words (``report/i18n.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from rich.markup import escape
from rich.table import Table

from zansai.report.i18n import ui
from zansai.report.terminal.common import Out, report_console, yen


class CaseRecord(Protocol):
    """What these tables read of a saved case (``web.store.CaseRecord``)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...

SHORT_ID = 8
"""Characters of an id shown in a table; ``zansai cases`` accepts any unique start of an id."""


def _pick(pair: Any, lang: str) -> str:
    """One language of a stored ``[ja, en]`` pair."""
    return str(pair[1] if lang == "en" else pair[0]) if pair else ""


def _deadline(due: dict[str, Any] | None, lang: str) -> str:
    if not due:
        return "—"
    days = f"あと {due['days']} 日" if lang == "ja" else f"in {due['days']} days"
    return f"{due['date']} ({days})\n{escape(due['label'])}"


def print_case_list(views: list[dict[str, Any]], total: int, lang: str,
                    console: Out | None = None) -> None:
    """The list as the page shows it: id, title (copies indented), client, lender, remaining
    debt after the best exit, next deadline, status, updated."""
    console = report_console(console)
    table = Table(title=f"{len(views)} / {total}", title_justify="left")
    for key, justify in (("csv_id", "left"), ("csv_title", "left"), ("csv_client", "left"),
                         ("csv_lender", "left"), ("csv_remaining", "right"), ("csv_deadline", "left"),
                         ("csv_status", "left"), ("csv_updated", "left")):
        table.add_column(ui(key, lang), justify=justify)  # type: ignore[arg-type]
    for v in views:
        title = ("└ " if v["depth"] else "") + escape(v["title"])
        debt = yen(v["remaining_debt"]) if not v["error"] else escape(v["error"])
        table.add_row(v["id"][:SHORT_ID], title, escape(v["client"] or "—"), escape(v["lender"] or "—"),
                      debt, _deadline(v["next_deadline"], lang), v["status_label"], v["updated_local"])
    console.print(table)


def print_case(record: CaseRecord, summary: dict[str, Any], updated_local: str, lang: str, today: date,
               console: Out | None = None) -> None:
    """One case: what the list knows of it, and every stored deadline still ahead."""
    console = report_console(console)
    console.print(f"[bold]{escape(record.title)}[/bold]  {record.id}")
    lines = [("csv_status", ui(f"status_{record.status}", lang)),
             ("csv_client", summary.get("client") or "—"), ("csv_lender", summary.get("lender") or "—"),
             ("csv_best", _pick(summary.get("best_label"), lang) or "—"),
             ("csv_remaining", yen(summary.get("remaining_debt"))),
             ("csv_cash", yen(summary.get("cash_needed"))),
             ("csv_updated", updated_local),
             ("csv_original", record.parent_id or "—")]
    for key, value in lines:
        console.print(f"{ui(key, lang)}: {escape(str(value))}")
    if summary.get("error"):
        console.print(f"[red]{escape(_pick(summary['error'], lang))}[/red]")
    ahead = [d for d in summary.get("deadlines") or () if date.fromisoformat(d["date"]) >= today]
    for d in ahead:
        due = {"date": d["date"], "days": (date.fromisoformat(d["date"]) - today).days,
               "label": _pick(d["label"], lang)}
        console.print("• " + _deadline(due, lang).replace("\n", " "))


def print_history(record: CaseRecord, current_local: str, rows: list[dict[str, Any]], lang: str,
                  console: Out | None = None) -> None:
    """Every kept version, newest first (``saved_local``: when, in Japan time), with what the save
    after it changed."""
    console = report_console(console)
    console.print(f"[bold]{escape(record.title)}[/bold]  {record.id}  "
                  f"{'現在' if lang == 'ja' else 'current'}: {current_local}")
    table = Table()
    for head in (("版", "revision"), ("保存日時（日本時間）", "saved (Japan time)"), ("名前", "title"),
                 ("次の保存で変わったもの", "changed by the next save")):
        table.add_column(head[1] if lang == "en" else head[0])
    for r in rows:
        table.add_row(str(r["revision"]), r["saved_local"], escape(r["title"]),
                      escape(r["changes"]))
    console.print(table)


def print_compare(members: Sequence[CaseRecord], results: Sequence[dict[str, Any] | None],
                  inputs: list[dict[str, Any]], lang: str, console: Out | None = None) -> None:
    """One table: a column per case, the key results first, then each input that differs."""
    console = report_console(console)
    table = Table(title_justify="left")
    table.add_column("")
    for m in members:
        table.add_column(f"{escape(m.title)}\n{m.id[:SHORT_ID]}")
    got = [r or {} for r in results]
    table.add_row(ui("csv_best", lang), *(_pick(r.get("best_label"), lang) or "—" for r in got))
    table.add_row(ui("csv_remaining", lang), *(yen(r.get("remaining_debt")) for r in got))
    table.add_row(ui("csv_cash", lang), *(yen(r.get("cash_needed")) for r in got))
    table.add_row(ui("csv_deadline", lang), *(
        "\n".join(f"{d['date']} {escape(_pick(d['label'], lang))}" for d in r.get("deadlines") or ())
        or escape(_pick(r.get("error"), lang)) or "—" for r in got), end_section=True)
    for row in inputs:
        name = _pick(row["label"], lang) if row["label"] else row["path"]
        style = "bold" if row["differs"] else None
        table.add_row(escape(name), *(escape(v) for v in row["values"]), style=style)
    console.print(table)
    if not any(r["differs"] for r in inputs):
        console.print("入力の違いはありません" if lang == "ja" else "no input differs")
