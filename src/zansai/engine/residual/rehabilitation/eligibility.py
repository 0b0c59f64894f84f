"""Who may use 個人再生: the claims under the cap (民再221条1項), the plan length (229条2項), and the
bars of 給与所得者等再生 (a regular income, 7 years since an earlier discharge, 239条5項2号)."""

from __future__ import annotations

from dataclasses import dataclass

from zansai.dates import add_years
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.workings import Workings
from zansai.model import DebtKind, RouteKey
from zansai.money import Yen, format_yen


@dataclass(frozen=True, slots=True)
class Claims:
    """再生債権: the debts a plan reduces (ordinary and support), and the taxes outside it."""

    plan_debts: tuple[ResidualDebt, ...]
    total: Yen
    """T: Σ ordinary + support debts."""
    support: Yen
    taxes: Yen


def claims(ctx: RouteContext, work: Workings, key: RouteKey) -> tuple[Claims, bool]:
    """The claims total T, and whether it allows a plan (some debt, T within the cap)."""
    plan_debts = tuple(d for d in ctx.debts if d.kind in (DebtKind.ORDINARY, DebtKind.SUPPORT))
    total = sum(d.amount for d in plan_debts)
    found = Claims(plan_debts, total, ctx.total(DebtKind.SUPPORT), ctx.total(DebtKind.TAX))
    cap_res = work.rule("rehabilitation.debt_cap", ctx.filing)
    cap = int(cap_res.value)
    work.step(f"{key}.claims", "再生債権の総額 T", "T = Σ ordinary + support debts (taxes excluded)",
              {d.name: format_yen(d.amount) for d in plan_debts} | {"cap": format_yen(cap)},
              format_yen(total), rules=(cap_res,),
              note="After the sale there is no security and no 住宅資金貸付債権: the whole residual counts "
                   "(民再221条1項, 196条). Taxes are 一般優先債権, outside the plan.")
    eligible = True
    if total == 0:
        eligible = False
        work.reasons.append(("再生計画で減らす債務がありません", "there is no debt for a plan to reduce"))
    if total > cap:
        eligible = False
        work.reasons.append((
            f"再生債権の総額 {format_yen(total)} が上限 {format_yen(cap)} を超えます。"
            "売却後の住宅ローンの残債は担保がなくなるため全額この総額に数えられます（民再221条1項）",
            f"the claims total {format_yen(total)}, above the {format_yen(cap)} cap; after the sale the "
            "housing loan's remaining debt is unsecured and counts in full (Civil Rehabilitation Act "
            "221(1))"))
    return found, eligible


def plan_years(ctx: RouteContext, work: Workings) -> tuple[int, bool]:
    """The plan length (the user's, or the standard 3 years) and whether the law allows it."""
    years_res = work.rule("rehabilitation.plan_years", ctx.filing)
    standard, maximum = int(years_res.value["standard"]), int(years_res.value["maximum"])
    years = ctx.options.plan_years if ctx.options.plan_years is not None else standard
    if years > maximum:
        work.reasons.append((f"弁済期間 {years}年 は上限の{maximum}年を超えます（民再229条2項）",
                             f"a {years}-year plan exceeds the {maximum}-year maximum (art. 229(2))"))
    elif years < standard:
        work.reasons.append((f"弁済期間は原則{standard}年で、"
                             "それより短い計画は認められません（繰上返済は可能）",
                             f"the plan runs {standard} years; a shorter plan is not allowed (prepaying is)"))
    elif years > standard:
        work.warnings.append((f"{standard}年を超える計画には特別の事情が必要です（民再229条2項）",
                              f"a plan longer than {standard} years needs special circumstances "
                              "(art. 229(2))"))
    return years, standard <= years <= maximum


def salaried_barred(ctx: RouteContext, work: Workings) -> bool:
    """Adds the reasons 給与所得者等再生 is closed (no regular income, the 7-year bar); True if any."""
    before = len(work.reasons)
    if not ctx.household.salaried:
        work.reasons.append(("給与など定期的な収入がないため給与所得者等再生は使えません",
                             "without a salary or similarly regular income, salaried-person rehabilitation "
                             "is not available"))
    prev = ctx.options.previous_discharge
    res = work.rule("rehabilitation.salaried_repeat_bar_years", ctx.filing)
    if prev is not None and ctx.filing < add_years(prev, int(res.value)):
        work.reasons.append((
            f"前回の免責・給与所得者等再生（{prev.isoformat()}）から{res.value}年たっていません"
            "（民再239条5項2号）",
            f"less than {res.value} years since the earlier discharge or salaried plan ({prev.isoformat()}), "
            "art. 239(5)(ii)"))
    return len(work.reasons) > before
