"""The plan as a terminal report (rich): verdict, exits, 配分表, timeline. Rendering only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from zansai.model import ExitKey, OverloanView, RouteKey
from zansai.money import format_yen

if TYPE_CHECKING:
    from zansai.engine.divorce import PropertyDivision, Scenario
    from zansai.engine.plan import Plan


def _yen(v: int | None) -> str:
    return "—" if v is None else f"{v:,}"


def print_plan(plan: Plan, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=132)
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
    v = plan.valuation
    console.print(f"査定 appraisals: 低 low {format_yen(v.low)} / 中央 central {format_yen(v.central)} / "
                  f"高 high {format_yen(v.high)} ({v.basis})")
    for ja, en in plan.notes:
        console.print(f"[dim]{ja} / {en}[/dim]")

    table = Table(title="出口の比較（残債の少ない順）/ ways out, least debt first", title_justify="left")
    wide = console.width >= 120
    table.add_column("出口\nexit", ratio=1, min_width=14)
    numbers = [("価格\nprice", "price"), ("費用\ncosts", "costs"), ("手取り\nnet", "net"),
               ("残債\nremaining", "remaining"), ("必要現金\ncash", "cash")]
    if not wide:
        numbers = [n for n in numbers if n[1] not in ("costs", "net")]
    for col, _ in numbers:
        table.add_column(col, justify="right", no_wrap=True, min_width=11)
    table.add_column("完了日\ndone", no_wrap=True, min_width=10)
    if wide:
        table.add_column("住める\nstay", justify="center", min_width=6, no_wrap=True)
    table.add_column("可否\nok", justify="center", min_width=4, no_wrap=True)
    for e in plan.exits:
        mark = "[green]✓[/green]" if e.feasible else "[red]✗[/red]"
        best = " ★" if e.key == plan.best else ""
        values = {"price": _yen(e.price or None), "costs": _yen(e.costs_total),
                  "net": _yen(e.net_proceeds or None), "remaining": _yen(e.remaining_debt),
                  "cash": _yen(e.cash_needed)}
        row = [f"{e.label_ja}{best}", *(values[k] for _, k in numbers), e.completion.isoformat()]
        if wide:
            row.append("○" if e.can_stay else "×")
        table.add_row(*row, mark)
    console.print(table)
    for e in plan.exits:
        if e.reasons:
            console.print(f"  ✗ {e.label_ja}: {e.reasons[0][0]}", highlight=False)
    best_exit = next((e for e in plan.exits if e.key == plan.best), None)
    if best_exit is not None:
        console.print(f"[bold]★ {best_exit.label_ja} / {best_exit.label_en}[/bold]")
        for ja, en in best_exit.warnings:
            console.print(f"  ⚠ {ja}\n    [dim]{en}[/dim]", highlight=False)
        for ja, en in best_exit.joint_debtors:
            console.print(f"  ・ {ja}\n    [dim]{en}[/dim]", highlight=False)
        console.print(f"  ・ {best_exit.credit_record[0]}", highlight=False)

    short = plan.distribution_exit()
    if short is not None and short.distribution is not None:
        dt = Table(title=f"配分表（{short.label_ja} {format_yen(short.price)}）/ who gets what: "
                   f"{short.label_en}", title_justify="left")
        dt.add_column("項目 / item")
        dt.add_column("金額 amount", justify="right")
        dt.add_column("備考 note")
        for line in short.distribution.table():
            dt.add_row(f"{line['label_ja']} [dim]{line['label_en']}[/dim]", _yen(line["amount"]),
                       str(line.get("note") or ""))
        console.print(dt)
        for c in short.consents:
            if c.status != "given":
                console.print(f"  ⚠ {c.message_ja}", highlight=False)

    taxes = [(e, plan.taxes[e.key]) for e in plan.exits if e.key in plan.taxes
             and e.key in (ExitKey.NORMAL_SALE, ExitKey.SHORT_SALE)]
    for e, tax in taxes:
        text = (f"譲渡所得税 capital gains tax ({e.label_ja}): 譲渡所得 gain {format_yen(tax.gain)}, "
                f"税額 tax {format_yen(tax.total_tax)}")
        relief = tax.loss_relief
        if relief is not None:
            if relief.available:
                text += (f"; 措法41条の5の2 損益通算できる額 loss to offset {format_yen(relief.offsettable)}"
                         f" ({relief.status})")
            else:
                text += "; 措法41条の5の2 適用なし not available"
        console.print(text, highlight=False)
        if relief is not None and relief.caveat:
            console.print(f"  [yellow]⚠ {relief.caveat[0]}[/yellow]", highlight=False)

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

    print_residual(plan, console)
    print_property_division(plan, console)

    caveats = [r for r in plan.rules_used if r.caveat_ja]
    for r in caveats:
        console.print(f"[yellow]⚠ {r.key}: {r.caveat_ja}[/yellow]", highlight=False)
    console.print("[dim]--json: すべての内訳と出典 / every breakdown with its sources; "
                  "--explain: 計算の過程 / how each figure was computed[/dim]")


def _console(console: Console | None) -> Console:
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=132)
    return console


def print_residual(plan: Plan, console: Console | None = None) -> None:
    """残債の整理: the routes side by side with the household's own numbers."""
    routes = plan.residual
    if routes is None:
        return
    console = _console(console)
    exit_label = next((e.label_ja for e in plan.exits if e.key == plan.residual_exit), plan.residual_exit)
    console.print(f"[bold]残債の整理 / routes for the remaining debt[/bold]（{exit_label}の後、"
                  f"{routes.debtor}: 合計 total {format_yen(routes.total_debt)}、月々払える額 capacity "
                  f"{format_yen(routes.capacity)}）", highlight=False)
    table = Table(title_justify="left")
    table.add_column("方法\nroute", ratio=1, min_width=14)
    for col in ("支払総額\ntotal", "月額\nmonthly", "回数\nmonths", "費用\ncosts", "免除\nforgiven"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("官報\ngazette", justify="center", no_wrap=True)
    table.add_column("信用情報\ncredit until", no_wrap=True)
    table.add_column("可否\nok", justify="center", no_wrap=True)
    for row in routes.table():
        mark = ("[green]✓[/green]" if row["feasible"] else "[yellow]△[/yellow]" if row["eligible"]
                else "[red]✗[/red]")
        monthly = "一括 lump" if row["key"] == RouteKey.LUMP_SUM else _yen(row["monthly"] or None)
        credit = row["credit_until"] or "—"
        if row.get("credit_open"):
            credit = f"≥ {credit}" if row["credit_until"] else "不明 unknown"
        table.add_row(row["label_ja"], _yen(row["total_to_pay"]), monthly,
                      "—" if row["months"] is None else str(row["months"]), _yen(row["costs"]),
                      _yen(row["forgiven"]), f"{row['gazette']}回" if row["gazette"] else "—",
                      credit, mark)
    console.print(table)
    for row in routes.table():
        for r in row["reasons"][:1]:
            console.print(f"  ✗ {row['label_ja']}: {r['ja']}", highlight=False)
    if any(d.guarantors or d.joint_debtors for d in routes.debts):
        for route in routes.routes:
            console.print(f"  ・ {route.label_ja}: {route.guarantors[0]}", highlight=False)
    for ja, _en in routes.warnings:
        console.print(f"  ⚠ {ja}", highlight=False)
    if routes.limitation:
        console.print("[dim]時効は情報として表示しています（勧める方法ではありません）。"
                      "--json の limitation を参照。 / The statute of limitations is information "
                      "only, never a route: see `limitation` in --json.[/dim]")


_VIEW_LABEL = {OverloanView.NETTING: "通算説 netting", OverloanView.EXCLUSION: "除外説 exclusion"}


def print_property_division(plan: Plan, console: Console | None = None) -> None:
    """財産分与: each method side by side and the exits per spouse."""
    property_division = plan.property_division
    if property_division is None:
        return
    console = _console(console)
    a, b = property_division.spouses
    console.print(f"[bold]財産分与 / property division[/bold]（{a}・{b}）", highlight=False)
    view = _VIEW_LABEL[property_division.overloan] if property_division.overloan else ""
    counted = property_division.counted_home_equity
    excluded = "" if counted == property_division.home_equity else \
        f"（家の純資産 {format_yen(property_division.home_equity)} は除外 / left out）"
    console.print(f"家 home {format_yen(counted)}{excluded} + その他 other "
                  f"{format_yen(property_division.other_net)} = 分ける財産 net estate "
                  f"{format_yen(property_division.net_estate)}"
                  + (f"　オーバーローンの扱い: {view}" if view else ""),
                  highlight=False)
    _print_methods(property_division, console)
    payment = property_division.equalization_payment
    if payment is not None:
        console.print(f"代償金 settlement: {payment.payer} → {payment.payee} {format_yen(payment.amount)}"
                      f"（{payment.keeper} が住み続ける場合 / if {payment.keeper} keeps the home）",
                      highlight=False)
    if property_division.claim_deadline is not None:
        console.print(f"財産分与の請求期限 claim deadline: {property_division.claim_deadline}",
                      highlight=False)
    if plan.scenarios:
        _print_scenarios(plan.scenarios, (a, b), console)
    payment_warnings = payment.warnings if payment else ()
    scenario_warnings = tuple(w for sc in plan.scenarios for w in sc.warnings)
    shown: set[str] = set()
    for text in (*property_division.warnings, *payment_warnings, *scenario_warnings,
                 *property_division.notes):
        ja = text[0]
        if ja not in shown:
            shown.add(ja)
            console.print(f"  ⚠ {ja}", highlight=False)


def _print_methods(property_division: PropertyDivision, console: Console) -> None:
    """Each spouse's entitlement under every method, the other overloan view and the spread."""
    a, b = property_division.spouses
    table = Table(title="特有財産の評価方法ごと / by method", title_justify="left")
    table.add_column("方法 / method", ratio=1)
    table.add_column(a, justify="right", no_wrap=True)
    table.add_column(b, justify="right", no_wrap=True)
    for m in property_division.methods:
        star = " ★" if m.key == property_division.method else ""
        table.add_row(f"{m.label_ja}{star} [dim]{m.label_en}[/dim]", _yen(m.entitlement[a]),
                      _yen(m.entitlement[b]))
    console.print(table)
    other = property_division.other_view
    if other is not None:
        other_view = _VIEW_LABEL[other.overloan or OverloanView.EXCLUSION]
        console.print(f"もう一方の考え方（{other_view}）なら / under the other view: " + "、".join(
            f"{n} {format_yen(v)}" for n, v in other.chosen.entitlement.items()), highlight=False)
    if property_division.spread:
        console.print("方法による差 spread: " + "、".join(
            f"{name} {format_yen(v)}" for name, v in property_division.spread.items()), highlight=False)


def _print_scenarios(scenarios: tuple[Scenario, ...], spouses: tuple[str, str], console: Console) -> None:
    """Per exit and spouse: the share after the division, what the lenders can claim, who pays whom."""
    st = Table(title="出口ごとの夫婦それぞれ / each exit per spouse", title_justify="left")
    st.add_column("出口 / exit", ratio=1)
    for name in spouses:
        st.add_column(f"{name}\n分与後 share", justify="right", no_wrap=True)
        st.add_column(f"{name}\n請求されうる額\nlender can claim", justify="right", no_wrap=True)
    for sc in scenarios:
        cells = []
        for name in spouses:
            o = sc.outcomes[name]
            cells += [_yen(o.entitlement), _yen(o.lender_can_claim)]
        st.add_row(f"{sc.label_ja} [dim]{sc.label_en}[/dim]", *cells)
    console.print(st)
    for sc in scenarios:
        payers = [(n, o) for n, o in sc.outcomes.items() if o.equalization_payment < 0]
        for name, o in payers:
            payee = next(n for n in sc.outcomes if n != name)
            console.print(f"  {sc.label_ja}: {name} → {payee} 代償金・精算金 settlement "
                          f"{format_yen(-o.equalization_payment)}", highlight=False)
    console.print("  [dim]請求されうる額: 夫婦の取り決めに関係なく、債務者・連帯保証人として金融機関から"
                  "請求されうる額 / lender can claim: what the lender can bill each spouse as a "
                  "debtor or guarantor, whatever the couple agree[/dim]")
