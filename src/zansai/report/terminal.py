"""The plan as a terminal report (rich): verdict, exits, 配分表, timeline. Rendering only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from zansai.money import format_yen

if TYPE_CHECKING:
    from zansai.engine.plan import Plan


def _yen(v: int | None) -> str:
    return "—" if v is None else f"{v:,}"


def print_plan(plan: Plan, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=120)
    case = plan.case
    pos = plan.position
    title = case.title or "zansai plan"
    console.print(f"[bold]{title}[/bold]")
    console.print(f"計算基準日 at {case.at}　売却予定日 sale date {case.sale_date}")
    console.print(f"[bold]{plan.verdict[0]}[/bold]")
    console.print(plan.verdict[1])
    state = "オーバーローン / overloan" if pos.underwater else "アンダーローン / underloan"
    console.print(
        f"時価 market value {format_yen(pos.market_value)} − ローン残高 loan balance "
        f"{format_yen(pos.loan_balance)}"
        + (f" − 他の担保 other liens {format_yen(pos.other_liens)}" if pos.other_liens else "")
        + f" = {format_yen(pos.equity)} ({state}); 売却日の請求額 owed on the sale date "
        f"{format_yen(pos.owed)}")
    for ja, en in plan.notes:
        console.print(f"[dim]{ja} / {en}[/dim]")

    table = Table(title="出口の比較（残債の少ない順）/ ways out, least debt first", title_justify="left")
    table.add_column("出口\nexit", no_wrap=True, max_width=30)
    for col in ("価格\nprice", "費用\ncosts", "手取り\nnet", "残債\nremaining", "必要現金\ncash"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("完了日\ndone", no_wrap=True)
    table.add_column("住める\nstay", justify="center", min_width=6, no_wrap=True)
    table.add_column("可否\nok", justify="center", min_width=4, no_wrap=True)
    for e in plan.exits:
        mark = "[green]✓[/green]" if e.feasible else "[red]✗[/red]"
        best = " ★" if e.key == plan.best else ""
        table.add_row(f"{e.label_ja}{best}", _yen(e.price or None), _yen(e.costs_total),
                      _yen(e.net_proceeds or None), _yen(e.remaining_debt), _yen(e.cash_needed),
                      e.completion.isoformat(), "○" if e.can_stay else "×", mark)
    console.print(table)
    for e in plan.exits:
        if e.reasons:
            console.print(f"  ✗ {e.label_ja}: {e.reasons[0][0]}", highlight=False)
    best_exit = next((e for e in plan.exits if e.key == plan.best), None)
    if best_exit is not None:
        console.print(f"[bold]★ {best_exit.label_ja} / {best_exit.label_en}[/bold]")
        for ja, en in best_exit.warnings:
            console.print(f"  ⚠ {ja}\n    [dim]{en}[/dim]", highlight=False)
        for ja, en in best_exit.co_debtors:
            console.print(f"  ・ {ja}\n    [dim]{en}[/dim]", highlight=False)
        console.print(f"  ・ {best_exit.credit_record[0]}", highlight=False)

    short = next((e for e in plan.exits if e.key == "short_sale"), None)
    if short is not None and short.distribution is not None:
        dt = Table(title=f"配分表（任意売却 {format_yen(short.price)}）/ distribution of the short sale",
                   title_justify="left")
        dt.add_column("項目 / item")
        dt.add_column("金額 amount", justify="right")
        dt.add_column("備考 note")
        for row in short.distribution.table():
            dt.add_row(f"{row['label_ja']} [dim]{row['label_en']}[/dim]", _yen(row["amount"]),
                       str(row.get("note") or ""))
        console.print(dt)
        for c in short.consents:
            if c.status != "given":
                console.print(f"  ⚠ {c.message_ja}", highlight=False)

    tl = plan.timeline
    tt = Table(title=("滞納から競売まで（仮定）" if tl.hypothetical else "滞納から競売まで")
               + f" / delinquency timeline from {tl.first_missed}", title_justify="left")
    for col in ("段階 / milestone", "目安 typical", "幅 range", "請求額 owed", "うち遅延損害金 late"):
        tt.add_column(col)
    for m in tl.milestones:
        rng = f"{m.earliest} – {m.latest}" if m.latest and m.latest != m.earliest else ""
        tt.add_row(f"{m.label_ja} [dim]{m.label_en}[/dim]", m.typical.isoformat(), rng,
                   _yen(m.owed), _yen(m.late_charges))
    console.print(tt)
    wt = Table(title="閉じていく選択肢 / windows that close", title_justify="left")
    for col in ("選択肢 / option", "最終日 last day", "状態 status"):
        wt.add_column(col)
    for w in tl.windows:
        status = "[green]まだ間に合う open[/green]" if w.is_open else "[red]締切済み closed[/red]"
        wt.add_row(f"{w.label_ja} [dim]{w.label_en}[/dim]", w.closes.isoformat(), status)
    console.print(wt)

    caveats = [r for r in plan.rules_used if r.caveat_ja]
    for r in caveats:
        console.print(f"[yellow]⚠ {r.key}: {r.caveat_ja}[/yellow]", highlight=False)
    console.print("[dim]--json: すべての内訳と出典 / every breakdown with its sources; "
                  "--explain: 計算の過程 / how each figure was computed[/dim]")
