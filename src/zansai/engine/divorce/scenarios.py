"""The division under each way the home ends, per spouse: sold, sold short, or kept by one spouse.

A sale's result replaces the home's equity; a keeper takes the home at value − balance and the
代償金 balances the entitlements. Per spouse: the economic result, the payment, and what the
lenders can still claim whatever the couple agreed (docs/sources/law-debt-divorce.md §8).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from zansai.engine.divorce.division import divide_as
from zansai.engine.divorce.estate import holds, split_exact
from zansai.engine.divorce.home import (
    ROLE_JA,
    HomeStake,
    Liability,
    SaleOutcome,
    by_debtors,
    by_title,
    exposure,
    roles,
)
from zansai.engine.divorce.results import PropertyDivision, Scenario, SpouseOutcome
from zansai.model import Asset, Debt, Divorce, ExitKey
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import Text

SELL = "sell"
"""The scenario key of a sale at market (the plan's normal sale)."""


def keep_key(keeper: str) -> str:
    """The scenario key of ``keeper`` keeping the home."""
    return f"keep:{keeper}"


def property_division_scenarios(divorce: Divorce, home: HomeStake, assets: Sequence[Asset],
                       debts: Sequence[Debt], *, book: RuleBook, on: date,
                       sale: SaleOutcome | None, short_sale: SaleOutcome | None
                       ) -> tuple[Scenario, ...]:
    """The division under each way the home ends: "sell", "short_sale", "keep:<name>".

    A sale's result replaces the home's equity; a keeper takes the home at value − balance and
    the equalization payment balances the entitlements. Per spouse: the economic result, the
    payment, and what the lenders can still claim whatever the couple agreed (§8).
    """
    out: list[Scenario] = []
    for key, outcome in ((SELL, sale), (ExitKey.SHORT_SALE.value, short_sale)):
        if outcome is not None:
            out.append(_exit_scenario(key, outcome, divorce, home, assets, debts, book=book, on=on))
    for keeper in (divorce.keeper,) if divorce.keeper else divorce.spouses:
        out.append(_keep_scenario(keeper, divorce, home, assets, debts, book=book, on=on))
    return tuple(out)


def _excluded_debt(div: PropertyDivision, split: dict[str, Fraction]) -> dict[str, Yen]:
    """Home debt left with each spouse outside the division (除外説), split as ``split``."""
    a, b = div.spouses
    left = div.home_equity - div.counted_home_equity
    if left >= 0:
        return {a: 0, b: 0}
    ea, eb = split_exact(left, split.get(a, Fraction(0)) * left)
    return {a: ea, b: eb}


def _outcomes(div: PropertyDivision, home: HomeStake, assets: Sequence[Asset],
              debts: Sequence[Debt], *, home_split: dict[str, Fraction],
              debt_split: dict[str, Fraction], remaining: Yen | None,
              keeper: str | None) -> dict[str, SpouseOutcome]:
    """Per spouse: the entitlement, the payment that reaches it from what they hold, and what the
    lenders can claim (``remaining`` None: the loans run on)."""
    held = holds(div.spouses, div.counted_home_equity, home_split, assets, debts)
    left = _excluded_debt(div, debt_split)
    out = {}
    for s in div.spouses:
        ent = div.chosen.entitlement[s]
        claimable, caveat = exposure(s, home, remaining)
        notes: list[Text] = []
        if claimable > 0:
            roles_ja = "、".join(f"{ln.name}: {ROLE_JA[role]}" for ln, role in roles(s, home))
            roles_en = ", ".join(f"{ln.name}: {role}" for ln, role in roles(s, home))
            notes.append((f"夫婦の取り決めにかかわらず、銀行は{s}に{format_yen(claimable)}まで請求できます"
                         f"（{roles_ja}、§8）", f"the lenders can claim up to {format_yen(claimable)} from "
                         f"{s} whatever the couple agreed ({roles_en})"))
        if caveat:
            notes.append(caveat)
        if left[s] < 0:
            notes.append((f"除外説では住宅の不足分 {format_yen(-left[s])} が分与の外で{s}に残ります",
                         f"under exclusion {format_yen(-left[s])} of home debt stays with {s} outside "
                         "the division"))
        out[s] = SpouseOutcome(entitlement=ent, equalization_payment=ent - held[s],
                               lender_can_claim=claimable, keeps_home=s == keeper, holds=held[s],
                               excluded_debt=left[s], notes=tuple(notes))
    return out


def _exit_scenario(key: str, outcome: SaleOutcome, divorce: Divorce, home: HomeStake,
                   assets: Sequence[Asset], debts: Sequence[Debt], *, book: RuleBook,
                   on: date) -> Scenario:
    """The division after an exit of the plan: its result replaces the home's equity."""
    div = divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=outcome.equity,
                    method=None, overloan=None, keeper=None, other_view=False)
    spouses = div.spouses
    debtors = by_debtors(home, spouses)
    home_split = by_title(home, spouses) if div.counted_home_equity >= 0 else debtors
    outcomes = _outcomes(div, home, assets, debts, home_split=home_split,
                         debt_split=debtors, remaining=outcome.remaining_debt, keeper=None)
    warnings = list(div.warnings)
    notes = list(div.notes)
    if outcome.remaining_debt > 0 and any(roles(s, home) for s in spouses):
        liable = ", ".join(f"{s}: {format_yen(o.lender_can_claim)}" for s, o in outcomes.items()
                           if o.lender_can_claim > 0)
        warnings.append((f"売却後も{format_yen(outcome.remaining_debt)}の残債が残ります。夫婦の負担の取り決めは"
                        f"銀行を拘束せず、債務者・連帯保証人は全額を請求されえます（{liable}、§8）",
                        f"{format_yen(outcome.remaining_debt)} stays owed after the sale; the couple's "
                        f"split does not bind the lenders: each debtor or guarantor can be billed the "
                        f"whole ({liable})"))
    if div.counted_home_equity < 0 or div.home_equity < 0:
        notes.append(("残債の夫婦間の負担は、ローンごとに残高の割合、連帯債務者の間では等分と仮定しました"
                     "", "the remaining debt is assumed borne by the loans' debtors, by balance, "
                     "joint debtors equally"))
    elif div.counted_home_equity > 0:
        notes.append(("売却の余剰は登記の持分で受け取ると仮定しました", "the surplus is assumed received by "
                     "title shares"))
    if key == ExitKey.SHORT_SALE and sum(1 for s in spouses if home.title.get(s, Fraction(0)) > 0) > 1:
        notes.append(("任意売却には共有者全員と抵当権者全員の同意が要ります。共有者の一人が拒めば任意売却は"
                     "できません（§8）", "a short sale needs every co-owner and every lienholder to agree"))
    if div.claim_deadline is not None and outcome.completion > div.claim_deadline:
        warnings.append((f"売却の完了予定 {outcome.completion.isoformat()} は財産分与の請求期限 "
                        f"{div.claim_deadline.isoformat()} より後です", "the exit completes after the "
                        "deadline to ask the family court for division"))
    return Scenario(
        key=key, label_ja=f"{outcome.label_ja}のあと分与", label_en=f"Divide after {outcome.label_en}",
        outcomes=outcomes, warnings=tuple(warnings), property_division=div, notes=tuple(notes),
        exit=outcome.key,
    )


def _keep_scenario(keeper: str, divorce: Divorce, home: HomeStake, assets: Sequence[Asset],
                   debts: Sequence[Debt], *, book: RuleBook, on: date) -> Scenario:
    """``keeper`` keeps the home and the loan, and the 代償金 balances the division."""
    div = divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=None, method=None,
                    overloan=None, keeper=keeper, other_view=False)
    other = div.spouses[1] if keeper == div.spouses[0] else div.spouses[0]
    outcomes = _outcomes(div, home, assets, debts, home_split={keeper: Fraction(1)},
                         debt_split={keeper: Fraction(1)}, remaining=None, keeper=keeper)
    notes = list(div.notes)
    notes.append((f"{keeper}が住宅とともにローンの返済も引き受けると仮定しました", f"assumed {keeper} takes "
                 "over the loan payments with the home"))
    if not any(role is Liability.DEBTOR for _, role in roles(keeper, home)) and home.loans:
        notes.append((f"{keeper}はローンの債務者ではありません。ローンは契約どおり債務者に残り、返済が止まれば"
                     f"住宅は担保として処分されえます（§8）", f"{keeper} is not a debtor: the loan stays "
                     "with its debtors by contract, and if payments stop the home can be taken as "
                     "collateral"))
    if home.title.get(other, Fraction(0)) > 0:
        notes.append((f"{other}の持分を{keeper}に移す登記が要ります。譲渡所得（分与した側）・登録免許税"
                     f"（受けた側）などの税を確認してください（§7.5）", f"{other}'s share of the title must "
                     f"be transferred to {keeper}: check the taxes (capital gains for the giver, "
                     "registration tax for the recipient)"))
    return Scenario(
        key=keep_key(keeper), label_ja=f"{keeper}が住み続ける（代償金で精算）",
        label_en=f"{keeper} keeps the home (equalization payment)", outcomes=outcomes,
        warnings=div.warnings, property_division=div, notes=tuple(notes), exit=None,
    )
