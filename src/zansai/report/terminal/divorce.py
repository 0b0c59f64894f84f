"""財産分与 in the terminal: each method side by side, the equalization payment, the exits per spouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.model import OverloanView
from zansai.money import format_yen
from zansai.report.terminal.common import Out, report_console, yen
from zansai.report.terminal.plain import ReportTable

if TYPE_CHECKING:
    from zansai.engine.divorce import PropertyDivision, Scenario
    from zansai.engine.plan import Plan

_VIEW_LABEL = {OverloanView.NETTING: "通算説 netting", OverloanView.EXCLUSION: "除外説 exclusion"}


def print_property_division(plan: Plan, console: Out | None = None) -> None:
    """財産分与: each method side by side and the exits per spouse."""
    property_division = plan.property_division
    if property_division is None:
        return
    console = report_console(console)
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
    if payment is not None and payment.ordered:
        console.print(f"代償金 settlement: {payment.payer} → {payment.payee} {format_yen(payment.amount)}"
                      f"（{payment.keeper} が住み続ける場合 / if {payment.keeper} keeps the home）",
                      highlight=False)
    elif payment is not None:
        console.print(f"代償金 settlement: {format_yen(0)}（分ける財産がなく支払いなし / nothing to divide, "
                      f"no payment）", highlight=False)
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


def _print_methods(property_division: PropertyDivision, console: Out) -> None:
    """Each spouse's entitlement under every method, the other overloan view and the spread."""
    a, b = property_division.spouses
    table = ReportTable(title="特有財産の評価方法ごと / by method", title_justify="left")
    table.add_column("方法 / method", ratio=1)
    table.add_column(a, justify="right", no_wrap=True)
    table.add_column(b, justify="right", no_wrap=True)
    for m in property_division.methods:
        star = " ★" if m.key == property_division.method else ""
        table.add_row(f"{m.label_ja}{star} [dim]{m.label_en}[/dim]", yen(m.entitlement[a]),
                      yen(m.entitlement[b]))
    console.print(table)
    other = property_division.other_view
    if other is not None:
        other_view = _VIEW_LABEL[other.overloan or OverloanView.EXCLUSION]
        console.print(f"もう一方の考え方（{other_view}）なら / under the other view: " + "、".join(
            f"{n} {format_yen(v)}" for n, v in other.chosen.entitlement.items()), highlight=False)
    if property_division.spread:
        console.print("方法による差 spread: " + "、".join(
            f"{name} {format_yen(v)}" for name, v in property_division.spread.items()), highlight=False)


def _print_scenarios(scenarios: tuple[Scenario, ...], spouses: tuple[str, str], console: Out) -> None:
    """Per exit and spouse: the share after the division, what the lenders can claim, who pays whom."""
    st = ReportTable(title="出口ごとの夫婦それぞれ / each exit per spouse", title_justify="left")
    st.add_column("出口 / exit", ratio=1)
    for name in spouses:
        st.add_column(f"{name}\n分与後 share", justify="right", no_wrap=True)
        st.add_column(f"{name}\n請求されうる額\nlender can claim", justify="right", no_wrap=True)
    for sc in scenarios:
        cells = []
        for name in spouses:
            o = sc.outcomes[name]
            cells += [yen(o.holds + o.equalization_payment if not sc.property_division.divided
                          else o.entitlement), yen(o.lender_can_claim)]
        st.add_row(f"{sc.label_ja} [dim]{sc.label_en}[/dim]", *cells)
    console.print(st)
    for sc in scenarios:
        if not sc.property_division.divided:
            console.print(f"  {sc.label_ja}: 分ける財産が0円以下のため分与なし・支払いなし"
                          "（各自の名義どおり） / not divided (net estate 0 or less): nobody pays, "
                          "each keeps what is held",
                          highlight=False)
        payers = [(n, o) for n, o in sc.outcomes.items() if o.equalization_payment < 0]
        for name, o in payers:
            payee = next(n for n in sc.outcomes if n != name)
            console.print(f"  {sc.label_ja}: {name} → {payee} 代償金・精算金 settlement "
                          f"{format_yen(-o.equalization_payment)}", highlight=False)
    console.print("  [dim]請求されうる額: 夫婦の取り決めに関係なく、債務者・連帯保証人として金融機関から"
                  "請求されうる額 / lender can claim: what the lender can bill each spouse as a "
                  "debtor or guarantor, whatever the couple agree[/dim]")
