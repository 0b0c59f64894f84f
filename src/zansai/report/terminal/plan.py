"""The plan as a terminal report (rich): verdict, exits, 配分表, taxes, then the timeline, the
routes for the remaining debt and 財産分与. Rendering only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.engine.tax.common import joined
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.money import format_yen
from zansai.report.terminal.common import Out, report_console, yen
from zansai.report.terminal.comparables import print_comparables
from zansai.report.terminal.divorce import print_property_division
from zansai.report.terminal.keep_home import print_keep_home
from zansai.report.terminal.now import print_now
from zansai.report.terminal.plain import ReportTable
from zansai.report.terminal.reschedule import print_rescheduling
from zansai.report.terminal.residual import print_residual
from zansai.report.terminal.timeline import print_timeline

if TYPE_CHECKING:
    from zansai.engine.plan import Plan
    from zansai.engine.position import Reconciliation
    from zansai.engine.tax.owners import OwnerTax

_NUMBERS = [("価格\nprice", "price"), ("−費用\n−costs", "costs"), ("=手取り\n=net", "net"),
            ("残債\nremaining", "remaining"), ("別途費用\nseparate", "separate"),
            ("必要現金\ncash", "cash")]
"""The exits table's figure columns (price − costs from it = net); a narrow console drops costs,
net and the costs paid separately."""


def print_plan(plan: Plan, console: Out | None = None) -> None:
    """``zansai plan``: every section of the plan, in reading order."""
    console = report_console(console)
    _print_position(plan, console)
    print_comparables(plan, console)
    print_now(plan, console)
    _print_exits(plan, console)
    print_keep_home(plan, console)
    _print_best_exit(plan, console)
    print_rescheduling(plan, console)
    _print_distribution(plan, console)
    _print_taxes(plan, console)
    if plan.timeline is not None:
        print_timeline(plan.timeline, console)
    print_residual(plan, console)
    print_property_division(plan, console)
    caveats = [r for r in plan.rules_used if r.caveat_ja]
    for r in caveats:
        console.print(f"[yellow]⚠ {r.key}: {r.caveat_ja}[/yellow]", highlight=False)
    console.print("[dim]--json: すべての内訳と出典 / every breakdown with its sources; "
                  "--explain: 計算の過程 / how each figure was computed[/dim]")


def _print_position(plan: Plan, console: Out) -> None:
    """Title, dates, the answer with its reconciliation line, the equity, the appraisals and the
    plan's notes."""
    case = plan.case
    pos = plan.position
    title = case.title or "zansai plan"
    console.print(f"[bold]{title}[/bold]")
    console.print(f"計算基準日 at {case.at}　売却予定日 sale date {case.sale_date}")
    console.print(f"[bold]{plan.verdict[0]}[/bold]")
    console.print(plan.verdict[1])
    rec = pos.reconciliation
    if rec is not None:
        for lang in ("ja", "en"):
            console.print(reconciliation_line(rec, lang), highlight=False)
    state = ("オーバーローン: 価格がローン残高を下回る / overloan" if pos.underwater
             else "アンダーローン: 価格がローン残高を上回る / underloan")
    console.print(
        f"時価 market value {format_yen(pos.market_value)} − ローン残高 loan balance "
        f"{format_yen(pos.loan_balance)}"
        + (f" − 他の担保 other liens {format_yen(pos.other_liens)}" if pos.other_liens else "")
        + f" = {format_yen(pos.equity)} ({state}, 費用を引く前 before costs); 売却日の請求額 owed on "
        f"the sale date {format_yen(pos.owed)}", highlight=False)
    v = plan.valuation
    console.print(f"査定 appraisals: 低 low {format_yen(v.low)} / 中央 central {format_yen(v.central)} / "
                  f"高 high {format_yen(v.high)} ({v.basis})")
    for ja, en in plan.notes:
        console.print(f"[dim]{ja} / {en}[/dim]")


def reconciliation_line(rec: Reconciliation, lang: str) -> str:
    """時価 20,000,000円 − ローン残高 … = 不足 6,645,021円, in one language."""
    parts = []
    for i, term in enumerate(rec.terms):
        sign = "" if i == 0 else (" − " if term.sign < 0 else " + ")
        parts.append(f"{sign}{term.label.text(lang)} {format_yen(term.amount)}")
    result = msg(f"story.result.{rec.status}").text(lang)
    amount = rec.shortfall if rec.status == "shortfall" else rec.surplus
    return "".join(parts) + f" = {result} {format_yen(amount)}"


def _print_exits(plan: Plan, console: Out) -> None:
    """The exits side by side, least debt first, and why each refused one is refused."""
    table = ReportTable(title="出口の比較（残債の少ない順）/ ways out, least debt first",
                        title_justify="left")
    wide = console.width >= 120
    table.add_column("出口\nexit", ratio=1, min_width=14)
    numbers = _NUMBERS if wide else [n for n in _NUMBERS if n[1] not in ("costs", "net", "separate")]
    for col, _ in numbers:
        table.add_column(col, justify="right", no_wrap=True, min_width=11)
    table.add_column("完了日\ndone", no_wrap=True, min_width=10)
    if wide:
        table.add_column("住める\nstay", justify="center", min_width=6, no_wrap=True)
    table.add_column("可否\nok", justify="center", min_width=4, no_wrap=True)
    for e in plan.exits:
        mark = "[green]✓[/green]" if e.feasible else "[red]✗[/red]"
        best = " ★" if e.key == plan.best else ""
        taken = e.price - e.net_proceeds
        values = {"price": yen(e.price or None), "costs": yen(taken if e.price else None),
                  "net": yen(e.net_proceeds or None), "remaining": yen(e.remaining_debt),
                  "separate": yen(e.costs_total - taken), "cash": yen(e.cash_needed)}
        row = [f"{e.label_ja}{best}", *(values[k] for _, k in numbers), e.completion.isoformat()]
        if wide:
            row.append("○" if e.can_stay else "×")
        table.add_row(*row, mark)
    console.print(table)
    if wide:
        console.print("  価格 − 費用（代金から払う分）= 手取り。別途費用は代金の外で売主が払う / "
                      "price − costs taken from it = net proceeds; separate costs are paid outside "
                      "the price", highlight=False)
    for e in plan.exits:
        if e.offer is not None:
            o = e.offer
            console.print(f"  {e.label_ja}の価格は申出価格（{o.buyer or '買主名なし'}、{o.offered_on}）/ "
                          f"{e.label_en}: the price offered ({o.buyer or 'buyer not named'}, {o.offered_on})",
                          highlight=False)
    for e in plan.exits:
        if e.reasons:
            console.print(f"  ✗ {e.label_ja}: {e.reasons[0][0]}", highlight=False)
    _print_auction_court(plan, console)


def _print_auction_court(plan: Plan, console: Out) -> None:
    """The court of the home's location and the auction's range, where the case gives a location."""
    court = next((e for e in plan.exits if e.key is ExitKey.AUCTION_COURT), None)
    view = court.details.get("court") if court is not None else None
    if court is None or view is None:
        return
    line = view["summary"]
    console.print(f"  ⚖ {line['ja']} / {line['en']}", highlight=False)
    for w in court.warnings:
        if getattr(w, "id", "").startswith("auction_court.flip."):
            console.print(f"  ⇅ {w[0]} / {w[1]}", highlight=False)


def _print_best_exit(plan: Plan, console: Out) -> None:
    """The best exit with its warnings (who it affects is in the what-to-do-now block)."""
    best_exit = next((e for e in plan.exits if e.key == plan.best), None)
    if best_exit is None:
        return
    console.print(f"[bold]★ {best_exit.label_ja} / {best_exit.label_en}[/bold]")
    for ja, en in best_exit.warnings:
        console.print(f"  ⚠ {ja}\n    [dim]{en}[/dim]", highlight=False)


def _print_distribution(plan: Plan, console: Out) -> None:
    """配分表: who gets what from the short sale's price, and the consents still missing."""
    short = plan.distribution_exit()
    if short is None or short.distribution is None:
        return
    dt = ReportTable(title=f"配分表（{short.label_ja} {format_yen(short.price)}）/ who gets what: "
               f"{short.label_en}", title_justify="left")
    dt.add_column("項目 / item")
    dt.add_column("金額 amount", justify="right")
    dt.add_column("備考 note")
    for line in short.distribution.table():
        note = line.get("note") or ""
        dt.add_row(f"{line['label_ja']} [dim]{line['label_en']}[/dim]", yen(line["amount"]),
                   note if isinstance(note, str) else f"{note['ja']} / {note['en']}")
    console.print(dt)
    for c in short.consents:
        if c.status != "given":
            console.print(f"  ⚠ {c.message_ja}", highlight=False)


def _print_taxes(plan: Plan, console: Out) -> None:
    """譲渡所得税 of the sales, with the loss relief of 措法41条の5の2 where it applies."""
    from zansai.engine.tax import CapitalGainsResult

    # A tax not computed (the purchase is not known) is said once, among the plan's notes.
    taxes = [(e, tax) for e in plan.exits if isinstance(tax := plan.taxes.get(e.key), CapitalGainsResult)
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
        for owner in tax.owners:
            _print_owner_tax(owner, console)
        if relief is not None and relief.caveat:
            console.print(f"  [yellow]⚠ {relief.caveat[0]}[/yellow]", highlight=False)


def _print_owner_tax(owner: OwnerTax, console: Out) -> None:
    """One co-owner's line: their share, gain, deduction and tax, or why no residence relief."""
    share = f"{owner.share.numerator}/{owner.share.denominator}"
    text = (f"  {owner.name} 持分 share {share}: 譲渡所得 gain {format_yen(owner.gain)}, "
            f"特別控除 deduction {format_yen(owner.special_deduction)}, "
            f"税額 tax {format_yen(owner.total_tax)}")
    if owner.loss_relief is not None and owner.loss_relief.available:
        text += f"; 措法41条の5の2 loss to offset {format_yen(owner.loss_relief.offsettable)}"
    console.print(text, highlight=False)
    if not owner.residence_relief:
        why = msg("cotax.notes.no_residence_relief", owner=owner.name,
                  reasons=owner.reasons[0] if len(owner.reasons) == 1 else joined(list(owner.reasons)))
        console.print(f"    [yellow]⚠ {why.ja}[/yellow]", highlight=False)
        console.print(f"    [yellow]{why.en}[/yellow]", highlight=False)
