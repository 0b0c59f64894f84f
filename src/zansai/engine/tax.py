"""譲渡所得税: the tax on the gain from selling the home (土地建物等の譲渡, 分離課税).

gain = proceeds − acquisition cost (取得費) − selling expenses (譲渡費用). A residence may
take the 3,000万円 special deduction (措法35条) and, held more than 10 years, the reduced
rates (措法31条の3); a loss on selling below the housing loan may be set off against other
income (措法41条の5の2). Income tax, the reconstruction and defense surtaxes and the resident
tax follow, each rounded as the law says and each explained by a ``Step``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.dates import add_years
from zansai.errors import DomainError
from zansai.model import HoldingClass, Property
from zansai.money import Rounding, Yen, floor_to_unit, format_percent, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import Explanation, RuleUse, Step, unique_uses

__all__ = [
    "AcquisitionCost", "CapitalGainsResult", "LossRelief", "acquisition_cost",
    "capital_gains_tax", "holding_period",
]

SHORT, LONG, LONG_REDUCED = HoldingClass.SHORT, HoldingClass.LONG, HoldingClass.LONG_REDUCED


@dataclass(frozen=True, slots=True)
class AcquisitionCost:
    """取得費: what the home cost, less the building's wear while it was a home."""

    land: Yen
    building: Yen
    depreciation: Yen
    """減価の額 of the non-business building (所得税法38条2項, 同施行令85条)."""
    costs: Yen
    actual: Yen
    """land + building − depreciation + costs; 0 when it cannot be computed (see actual_known)."""
    estimated: Yen
    """概算取得費: proceeds × 5% (措法31条の4)."""
    used: Yen
    method: str
    """"actual" or "estimated_5pct" (the larger is used; the taxpayer may choose the estimate)."""
    elapsed_years: int
    steps: tuple[Step, ...]
    actual_known: bool = True
    """False when the land/building split is missing: the actual cost is not computed."""
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "land": self.land, "building": self.building, "depreciation": self.depreciation,
            "costs": self.costs, "actual": self.actual if self.actual_known else None,
            "actual_known": self.actual_known, "estimated": self.estimated, "used": self.used,
            "method": self.method, "elapsed_years": self.elapsed_years,
            "steps": [s.to_dict() for s in self.steps], "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class LossRelief:
    """措法41条の5の2: a loss on selling the home below its housing loan, set off against other income.

    Only the amount that may be set off is computed: the refund depends on the seller's other
    income (給与所得 …) and marginal rates, which the case may not know.
    """

    available: bool
    reasons: tuple[str, ...]
    """Why it is not available, each "ja / en"; empty when available."""
    loss: Yen
    overloan: Yen
    """契約締結日前日の住宅借入金等残高 − 譲渡対価 (0 when not known or not positive)."""
    offsettable: Yen
    """min(loss, overloan) when available, else 0."""
    carry_forward_years: int | None
    income_limit: Yen | None
    status: str
    """The rule period's status: "confirmed" or "unconfirmed"."""
    caveat: tuple[str, str] | None
    step: Step
    in_force: bool
    """Whether the measure covers the transfer date at all."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "available": self.available, "in_force": self.in_force,
            "reasons": list(self.reasons), "loss": self.loss, "overloan": self.overloan,
            "offsettable": self.offsettable, "carry_forward_years": self.carry_forward_years,
            "income_limit": self.income_limit, "status": self.status,
            "caveat": {"ja": self.caveat[0], "en": self.caveat[1]} if self.caveat else None,
            "why": self.step.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class CapitalGainsResult:
    """譲渡所得税 on one transfer of the home."""

    transfer_date: date
    proceeds: Yen
    selling_expenses: Yen
    acquisition: AcquisitionCost
    gain: Yen
    """譲渡所得 (negative: a loss)."""
    special_deduction: Yen
    taxable: Yen
    """課税譲渡所得金額 (1,000円未満切捨て)."""
    holding: HoldingClass
    """"short" | "long" | "long_reduced" (10年超 居住用, 措法31条の3)."""
    income_tax: Yen
    reconstruction_surtax: Yen
    defense_surtax: Yen
    national_tax: Yen
    """income tax + surtaxes, 100円未満切捨て."""
    resident_tax: Yen
    total_tax: Yen
    """national_tax + resident_tax."""
    loss_relief: LossRelief | None
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "transfer_date": self.transfer_date.isoformat(),
            "proceeds": self.proceeds, "selling_expenses": self.selling_expenses,
            "acquisition": self.acquisition.to_dict(), "gain": self.gain,
            "special_deduction": self.special_deduction, "taxable": self.taxable,
            "holding": self.holding, "income_tax": self.income_tax,
            "reconstruction_surtax": self.reconstruction_surtax,
            "defense_surtax": self.defense_surtax, "national_tax": self.national_tax,
            "resident_tax": self.resident_tax, "total_tax": self.total_tax,
            "loss_relief": self.loss_relief.to_dict() if self.loss_relief else None,
            "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
            "notes": list(self.notes),
        }

    def explain(self) -> Explanation:
        return Explanation(title="譲渡所得税 / capital gains tax on the home",
                           steps=self.steps, notes=self.notes)


# ------------------------------------------------------------------------------ dates


def _held_more_than(acquired_on: date, on: date, years: int) -> bool:
    return add_years(acquired_on, years) < on


def _whole_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` by 応当日 (民法143条: a missing day is the month end)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and end.day != calendar.monthrange(end.year, end.month)[1]:
        months -= 1
    return months


def _jan1(transfer: date) -> date:
    return date(transfer.year, 1, 1)


def _held_text(acquired_on: date, on: date) -> str:
    years = on.year - acquired_on.year - (1 if (on.month, on.day) < (acquired_on.month,
                                                                     acquired_on.day) else 0)
    exact = add_years(acquired_on, years) == on
    return f"満{years}年" + ("ちょうど" if exact else "超")


# ------------------------------------------------------------------------------ helpers


def _rate(value: Any) -> Fraction:
    return Fraction(value)


def _uses(*resolved: Resolved) -> tuple[RuleUse, ...]:
    return tuple(RuleUse.of(r) for r in resolved)


def _holding(acquired_on: date, transfer: date, book: RuleBook) -> tuple[HoldingClass, Step]:
    jan1 = _jan1(transfer)
    long_rule = book.at("capital_gains.long_term_holding_years", transfer)
    reduced_rule = book.at("capital_gains.reduced_rate_holding_years", transfer)
    long_years, reduced_years = int(long_rule.value), int(reduced_rule.value)
    if _held_more_than(acquired_on, jan1, reduced_years):
        cls = LONG_REDUCED
    elif _held_more_than(acquired_on, jan1, long_years):
        cls = LONG
    else:
        cls = SHORT
    step = Step(
        name="holding_period", label_ja="所有期間（譲渡年1月1日で判定）",
        formula=f"1月1日に {long_years}年超 → long, {reduced_years}年超 → long_reduced "
                "(the reduced rates only for a residence), else short",
        inputs={"acquired_on": acquired_on.isoformat(), "january_1": jan1.isoformat(),
                "held_on_january_1": _held_text(acquired_on, jan1)},
        result=cls, rules=_uses(long_rule, reduced_rule),
    )
    return cls, step


def holding_period(acquired_on: date, transfer: date, *, book: RuleBook) -> HoldingClass:
    """The holding class by time alone, judged on 1 January of the transfer year (措法31条2項).

    "short" unless held MORE than ``long_term_holding_years`` on that day; "long_reduced" when
    held more than ``reduced_rate_holding_years`` (措法31条の3). The reduced rates need a
    residence too: ``capital_gains_tax`` turns "long_reduced" into "long" otherwise.
    """
    if transfer < acquired_on:
        raise DomainError.invalid("sale.transfer_date", transfer.isoformat(),
                                  f"取得日 {acquired_on} 以後の日付を指定してください",
                                  f"it must be on or after the acquisition date {acquired_on}")
    return _holding(acquired_on, transfer, book)[0]


# ------------------------------------------------------------------------------ 取得費


def _split(prop: Property) -> tuple[Yen, Yen, str | None] | None:
    """(land, building, note) from the purchase; None when the split is not known."""
    land, building = prop.land_price, prop.building_price
    if land is not None and building is not None:
        if land + building != prop.acquisition_price:
            return land, building, (
                f"土地 {format_yen(land)} ＋ 建物 {format_yen(building)} が購入価格 "
                f"{format_yen(prop.acquisition_price)} と一致しません。内訳の額を使います / "
                "land + building differs from the purchase price; the split is used")
        return land, building, None
    if land is None and building is None:
        return None
    if land is not None:
        field, known, derived, derived_en = "property.land_price", land, "建物", "building"
    else:
        assert building is not None
        field, known, derived, derived_en = "property.building_price", building, "土地", "land"
    other = prop.acquisition_price - known
    if other < 0:
        raise DomainError.invalid(field, known, "購入価格以下の額を指定してください",
                                  "it must not exceed the purchase price")
    note = (f"{derived}の価額は購入価格 − 他方の額で求めました / the {derived_en} price is the "
            "purchase price minus the other part")
    return (known, other, note) if land is not None else (other, known, note)


def acquisition_cost(prop: Property, *, transfer: date, proceeds: Yen,
                     book: RuleBook) -> AcquisitionCost:
    """取得費: land + building − 減価の額 + 購入時の諸費用, or the 5% estimate when larger.

    The building's 減価の額 (never used for business) = building × 0.9 × 旧定額法 rate × elapsed
    years, years from acquisition to transfer with a remainder of 6 months or more counted as a
    year and less dropped, at most 95% of the building (所得税法38条2項, 同施行令85条). The 5%
    estimate (概算取得費, 措法31条の4) = proceeds × 5%. Without a land/building split nothing is
    guessed: the actual cost is not computed and the estimate is used.
    """
    if proceeds < 0:
        raise DomainError.invalid("sale.proceeds", proceeds, "0円以上を指定してください",
                                  "it must be zero or more")
    if transfer < prop.acquired_on:
        raise DomainError.invalid("sale.transfer_date", transfer.isoformat(),
                                  f"取得日 {prop.acquired_on} 以後の日付を指定してください",
                                  f"it must be on or after the acquisition date {prop.acquired_on}")
    steps: list[Step] = []
    notes: list[str] = []
    est_rule = book.at("capital_gains.estimated_acquisition_cost_rate", transfer)
    est_rate = _rate(est_rule.value)
    estimated = round_yen(proceeds * est_rate, Rounding.FLOOR)
    est_step = Step(
        name="estimated_acquisition_cost", label_ja="概算取得費（譲渡収入金額×5%）",
        formula=f"proceeds × {format_percent(est_rate)}",
        inputs={"proceeds": format_yen(proceeds)}, result=format_yen(estimated),
        rounding="1円未満切捨て", rules=_uses(est_rule),
    )
    costs = prop.acquisition_costs
    split = _split(prop)
    if split is None:
        notes.append("土地・建物の内訳が不明なため実額の取得費を計算せず、概算取得費を使いました"
                     "（建物価額は国税庁「建物の標準的な建築価額表」で推計できますが、ここでは推計しません）"
                     " / the land/building split is missing, so the actual acquisition cost is not "
                     "computed and the 5% estimate is used (no guess of the building price)")
        steps.append(Step(
            name="actual_acquisition_cost", label_ja="取得費（実額）",
            formula="land + building − depreciation + costs",
            inputs={"land_price": "不明 / unknown", "building_price": "不明 / unknown"},
            result="計算できません / not computed",
            note="the building's 減価の額 needs its price",
        ))
        steps.append(est_step)
        steps.append(Step(
            name="acquisition_cost", label_ja="取得費", formula="概算取得費 (actual not computed)",
            inputs={"estimated": format_yen(estimated)}, result=format_yen(estimated),
        ))
        return AcquisitionCost(
            land=0, building=0, depreciation=0, costs=costs, actual=0, estimated=estimated,
            used=estimated, method="estimated_5pct", elapsed_years=0, steps=tuple(steps),
            actual_known=False, notes=tuple(notes),
        )
    land, building, split_note = split
    if split_note:
        notes.append(split_note)
    if prop.built_on is not None and prop.built_on < prop.acquired_on and building > 0:
        notes.append("中古で取得した建物ですが、新築の非業務用耐用年数で減価しました。中古資産の耐用年数の"
                     "規則はルールブックにありません（不明） / the building was bought used; the "
                     "new-building non-business life was applied (the rule for used buildings is "
                     "not in the rule book)")
    if costs > 0 and building > 0:
        notes.append("購入時の諸費用は減価させずに全額加算しました（建物分の按分が入力にないため）。"
                     "建物分を減価すれば取得費はやや小さくなります / acquisition costs are added in "
                     "full, not depreciated (their building share is not known); depreciating that "
                     "share would lower the acquisition cost slightly")

    table = book.at("depreciation.non_business_building", transfer)
    rules = book.at("depreciation.non_business_rules", transfer)
    row = next((r for r in table.value if r["structure"] == prop.structure.value), None)
    if row is None:
        raise DomainError.invalid("property.structure", prop.structure.value,
                                  "耐用年数表にある構造を指定してください",
                                  "it must be a structure in depreciation.non_business_building")
    residual = _rate(rules.value["residual_factor"])
    cap_ratio = _rate(rules.value["cap_ratio"])
    round_up = int(rules.value["round_up_months"])
    life_rate = _rate(row["rate"])
    months = _whole_months(prop.acquired_on, transfer)
    years = months // 12 + (1 if months % 12 >= round_up else 0)
    steps.append(Step(
        name="elapsed_years", label_ja="経過年数（非業務用期間）",
        formula=f"whole months ÷ 12; a remainder of {round_up} months or more counts as a year, "
                "less is dropped",
        inputs={"acquired_on": prop.acquired_on.isoformat(), "transfer": transfer.isoformat(),
                "elapsed": f"{months // 12}年{months % 12}か月"},
        result=f"{years}年", rounding=f"{round_up}か月以上は1年、未満は切捨て", rules=_uses(rules),
    ))
    raw = round_yen(building * residual * life_rate * years, Rounding.FLOOR)
    cap = round_yen(building * cap_ratio, Rounding.FLOOR)
    depreciation = min(raw, cap)
    steps.append(Step(
        name="depreciation", label_ja="建物の減価の額（非業務用・旧定額法）",
        formula=f"min(building × {rules.value['residual_factor']} × {row['rate']} × {years}, "
                f"building × {format_percent(cap_ratio)})",
        inputs={"building": format_yen(building), "structure": prop.structure.value,
                "useful_life_years": f"{row['useful_life_years']}年", "rate": str(row["rate"]),
                "elapsed_years": f"{years}年"},
        result=format_yen(depreciation), rounding="1円未満切捨て",
        rules=_uses(table, rules),
        note="capped at 95% of the building price" if raw > cap else None,
    ))
    actual = land + building - depreciation + costs
    steps.append(Step(
        name="actual_acquisition_cost", label_ja="取得費（実額）",
        formula="land + building − depreciation + costs",
        inputs={"land": format_yen(land), "building": format_yen(building),
                "depreciation": format_yen(depreciation), "costs": format_yen(costs)},
        result=format_yen(actual),
    ))
    steps.append(est_step)
    method = "actual" if actual >= estimated else "estimated_5pct"
    used = max(actual, estimated)
    steps.append(Step(
        name="acquisition_cost", label_ja="取得費", formula="max(actual, estimated)",
        inputs={"actual": format_yen(actual), "estimated": format_yen(estimated)},
        result=format_yen(used), note=f"method: {method}",
    ))
    return AcquisitionCost(
        land=land, building=building, depreciation=depreciation, costs=costs, actual=actual,
        estimated=estimated, used=used, method=method, elapsed_years=years, steps=tuple(steps),
        notes=tuple(notes),
    )


# ------------------------------------------------------------------------------ residence


def _residence_reasons(prop: Property, transfer: date, *, residence: bool, related_party: bool,
                       used_recently: bool, book: RuleBook) -> tuple[list[str], Resolved]:
    """Why the home does not count as the seller's residence for the reliefs ([] if it does)."""
    move_rule = book.at("capital_gains.residence_move_out_years", transfer)
    reasons: list[str] = []
    if not residence:
        reasons.append("居住用財産ではありません / the property is not the seller's residence")
    elif prop.moved_out_on is not None and prop.moved_out_on <= transfer:
        anniversary = add_years(prop.moved_out_on, int(move_rule.value))
        deadline = date(anniversary.year, 12, 31)
        if transfer > deadline:
            reasons.append(
                f"住まなくなった日 {prop.moved_out_on} から{move_rule.value}年を経過する日の属する年の"
                f"12月31日（{deadline}）より後の譲渡です / sold after {deadline}, the end of the "
                f"year in which {move_rule.value} years pass since moving out")
    elif not prop.lived_in:
        reasons.append("住んでいない家で、住まなくなった日が不明です / not lived in, and no "
                       "move-out date is given")
    if related_party:
        reasons.append("配偶者・親族など特別の関係がある者への譲渡です / sold to a related person")
    if used_recently:
        reasons.append("前年・前々年に居住用財産の特例を受けています / a residence relief was used "
                       "in the two previous years")
    return reasons, move_rule


# ------------------------------------------------------------------------------ 41条の5の2


def _loss_relief(prop: Property, transfer: date, *, gain: Yen, proceeds: Yen,
                 balance: Yen | None, term: int | None, residence_reasons: list[str],
                 move_rule: Resolved, book: RuleBook) -> LossRelief:
    rule = book.at("capital_gains.overloan_loss_relief", transfer)
    loss = -gain
    overloan = max(balance - proceeds, 0) if balance is not None else 0
    reasons = list(residence_reasons)
    carry: int | None = None
    limit: Yen | None = None
    if not rule.in_force:
        reasons.insert(0, f"{transfer} の譲渡は措法41条の5の2 の適用期間外です / a transfer on "
                          f"{transfer} is outside the period of 措法41条の5の2")
    else:
        v = rule.value
        carry, limit = int(v["carry_forward_years"]), int(v["income_limit"])
        min_years, min_term = int(v["min_holding_years"]), int(v["min_loan_term_years"])
        if not _held_more_than(prop.acquired_on, _jan1(transfer), min_years):
            reasons.append(f"譲渡年1月1日の所有期間が{min_years}年以下です / held {min_years} years "
                           "or less on 1 January of the transfer year")
        if term is None:
            reasons.append("住宅借入金等の償還期間が不明です / the loan's repayment period is unknown")
        elif term < min_term:
            reasons.append(f"住宅借入金等の償還期間 {term}年 が{min_term}年未満です / the loan's "
                           f"repayment period {term} years is under {min_term} years")
    if balance is None:
        reasons.append("契約締結日前日の住宅借入金等の残高が不明です / the loan balance on the day "
                       "before the sale contract is unknown")
    elif proceeds >= balance:
        reasons.append(f"譲渡対価 {format_yen(proceeds)} が残高 {format_yen(balance)} 以上です / the "
                       "proceeds are not below the loan balance")
    available = rule.in_force and not reasons
    offsettable = min(loss, overloan) if available else 0
    step = Step(
        name="overloan_loss_relief",
        label_ja="特定居住用財産の譲渡損失（損益通算・繰越控除の対象額）",
        formula="min(譲渡損失, 契約締結日前日の住宅借入金等残高 − 譲渡対価) when every requirement holds",
        inputs={"loss": format_yen(loss),
                "loan_balance_before_contract": format_yen(balance) if balance is not None
                else "不明 / unknown",
                "proceeds": format_yen(proceeds),
                "loan_term_years": f"{term}年" if term is not None else "不明 / unknown"},
        result=format_yen(offsettable),
        rules=_uses(rule, move_rule),
        note="the refund depends on the seller's other income, which is not computed"
             + ("" if available else "; not available: " + "; ".join(reasons)),
    )
    return LossRelief(
        available=available, reasons=tuple(reasons), loss=loss, overloan=overloan,
        offsettable=offsettable, carry_forward_years=carry, income_limit=limit,
        status=rule.period.status.value, caveat=rule.caveat, step=step, in_force=rule.in_force,
    )


# ------------------------------------------------------------------------------ the tax


def capital_gains_tax(prop: Property, *, transfer: date, proceeds: Yen, selling_expenses: Yen,
                      book: RuleBook, residence: bool = True,
                      loan_balance_before_contract: Yen | None = None,
                      loan_term_years: int | None = None,
                      used_residence_relief_recently: bool = False,
                      related_party: bool = False) -> CapitalGainsResult:
    """譲渡所得税 on selling ``prop`` on ``transfer``.

    ``proceeds`` is the 譲渡収入金額: the sale price PLUS the 固定資産税・都市計画税 proration
    money the buyer pays the seller (国税庁 質疑応答: it is income from the transfer); the caller
    passes the sum. ``selling_expenses`` are the 譲渡費用 (brokerage fee, the seller's stamp duty …).
    ``used_residence_relief_recently`` stands for "a residence relief (3,000万円控除, 軽減税率,
    買換え特例 …) was used in the two previous years"; it blocks 35条, 31条の3 and 41条の5の2
    alike (fail closed: the notes do not list, for each relief, which earlier ones block it).
    ``loan_balance_before_contract`` / ``loan_term_years``: the housing loan on the day before
    the sale contract and its repayment period, for 措法41条の5の2. Rates and thresholds come
    from the rule book at the transfer date.
    """
    if selling_expenses < 0:
        raise DomainError.invalid("sale.selling_expenses", selling_expenses, "0円以上を指定してください",
                                  "it must be zero or more")
    if loan_balance_before_contract is not None and loan_balance_before_contract < 0:
        raise DomainError.invalid("loan.balance_before_contract", loan_balance_before_contract,
                                  "0円以上を指定してください", "it must be zero or more")
    if loan_term_years is not None and loan_term_years <= 0:
        raise DomainError.invalid("loan.term_years", loan_term_years, "1年以上を指定してください",
                                  "it must be at least 1")
    acq = acquisition_cost(prop, transfer=transfer, proceeds=proceeds, book=book)
    steps: list[Step] = list(acq.steps)
    notes: list[str] = list(acq.notes)

    gain = proceeds - acq.used - selling_expenses
    steps.append(Step(
        name="gain", label_ja="譲渡所得（損失はマイナス）",
        formula="proceeds − acquisition cost − selling expenses",
        inputs={"proceeds": format_yen(proceeds), "acquisition_cost": format_yen(acq.used),
                "selling_expenses": format_yen(selling_expenses)},
        result=format_yen(gain),
    ))
    by_time, holding_step = _holding(prop.acquired_on, transfer, book)
    steps.append(holding_step)
    reasons, move_rule = _residence_reasons(
        prop, transfer, residence=residence, related_party=related_party,
        used_recently=used_residence_relief_recently, book=book)

    deduction_rule = book.at("capital_gains.residence_special_deduction", transfer)
    limit = int(deduction_rule.value)
    deduction = min(max(gain, 0), limit) if not reasons else 0
    steps.append(Step(
        name="special_deduction", label_ja="居住用財産の3,000万円特別控除（措法35条）",
        formula=f"min(gain, {format_yen(limit)}) for a qualifying residence; never below 0",
        inputs={"gain": format_yen(gain), "qualifies": "yes" if not reasons else "no"},
        result=format_yen(deduction), rules=_uses(deduction_rule, move_rule),
        note="; ".join(reasons) if reasons and gain > 0 else None,
    ))

    holding = by_time
    if holding is LONG_REDUCED and reasons:
        holding = LONG
        if gain > deduction:
            notes.append("10年超所有の軽減税率（措法31条の3）は居住用財産の要件を満たさないため使えません"
                         " / the reduced rates for a 10-year residence do not apply: "
                         + "; ".join(reasons))

    nat_round = book.at("tax.national_tax_rounding", transfer)
    loc_round = book.at("tax.local_tax_rounding", transfer)
    base = max(gain - deduction, 0)
    taxable = floor_to_unit(base, int(nat_round.value["base_unit"]))
    steps.append(Step(
        name="taxable", label_ja="課税譲渡所得金額", formula="max(gain − special deduction, 0)",
        inputs={"gain": format_yen(gain), "special_deduction": format_yen(deduction)},
        result=format_yen(taxable), rounding="1,000円未満切捨て（国税通則法118条1項）",
        rules=_uses(nat_round),
    ))

    it_rule = book.at("capital_gains.income_tax_rates", transfer)
    rt_rule = book.at("capital_gains.resident_tax_rates", transfer)
    threshold = int(it_rule.value["reduced_threshold"])
    income_tax, it_formula = _by_class(holding, taxable, it_rule.value, threshold)
    steps.append(Step(
        name="income_tax", label_ja="所得税（分離課税）", formula=it_formula,
        inputs={"taxable": format_yen(taxable), "holding": holding},
        result=format_yen(income_tax), rounding="1円未満切捨て", rules=_uses(it_rule),
    ))

    recon_rule = book.at("capital_gains.reconstruction_surtax_rate", transfer)
    defense_rule = book.at("capital_gains.defense_surtax_rate", transfer)
    recon = _surtax(income_tax, recon_rule)
    defense = _surtax(income_tax, defense_rule)
    steps.append(Step(
        name="reconstruction_surtax", label_ja="復興特別所得税（基準所得税額×税率）",
        formula="income tax × rate" if recon_rule.in_force else "not in force → 0",
        inputs={"income_tax": format_yen(income_tax), "rate": recon_rule.display()},
        result=format_yen(recon), rounding="1円未満切捨て", rules=_uses(recon_rule),
    ))
    steps.append(Step(
        name="defense_surtax", label_ja="防衛特別所得税（基準所得税額×1%、2027年分以後）",
        formula="income tax × rate" if defense_rule.in_force else "not in force → 0",
        inputs={"income_tax": format_yen(income_tax), "rate": defense_rule.display()},
        result=format_yen(defense), rounding="1円未満切捨て", rules=_uses(defense_rule),
    ))
    tax_unit = int(nat_round.value["tax_unit"])
    national = floor_to_unit(income_tax + recon + defense, tax_unit)
    steps.append(Step(
        name="national_tax", label_ja="所得税及び特別所得税の額（国税）",
        formula="income tax + reconstruction surtax + defense surtax",
        inputs={"income_tax": format_yen(income_tax), "reconstruction_surtax": format_yen(recon),
                "defense_surtax": format_yen(defense)},
        result=format_yen(national),
        rounding="各特別所得税は1円未満切捨て、合計を100円未満切捨て（国税通則法119条1項）",
        rules=_uses(nat_round),
        note="on a real return the 100円 floor applies to the whole tax due with other income",
    ))
    if defense > 0:
        notes.append("2027年分以後の確定申告で復興特別所得税と防衛特別所得税をどう端数処理するかは不明です"
                     "（law-updates-2026 §5）。ここでは各税を1円未満切捨てで別々に計算し、国税の合計を"
                     "100円未満切捨てにしました。旧制度（2.1%一本）との差は通常1円程度です / how the "
                     "two surtaxes are rounded on a 2027+ return is unknown; each is floored to the "
                     "yen here and the national total to 100円 (about 1円 from the old single 2.1%)")

    res_taxable = floor_to_unit(base, int(loc_round.value["base_unit"]))
    resident_raw, rt_formula = _by_class(holding, res_taxable, rt_rule.value, threshold)
    resident = floor_to_unit(resident_raw, int(loc_round.value["tax_unit"]))
    steps.append(Step(
        name="resident_tax", label_ja="住民税（分離課税、譲渡の翌年度に課税）", formula=rt_formula,
        inputs={"taxable": format_yen(res_taxable), "holding": holding,
                "before_rounding": format_yen(resident_raw)},
        result=format_yen(resident),
        rounding="課税標準1,000円未満・税額100円未満切捨て（地方税法20条の4の2第1項・第3項）",
        rules=_uses(rt_rule, it_rule, loc_round),
        note="道府県民税と市町村民税は別々に100円未満切捨てされるため、実際の通知額とは最大100円程度ずれ"
             "ます / prefectural and municipal shares are rounded separately in reality",
    ))
    total = national + resident
    steps.append(Step(
        name="total_tax", label_ja="譲渡所得税等の合計", formula="national tax + resident tax",
        inputs={"national_tax": format_yen(national), "resident_tax": format_yen(resident)},
        result=format_yen(total),
    ))

    relief: LossRelief | None = None
    if gain < 0:
        relief = _loss_relief(prop, transfer, gain=gain, proceeds=proceeds,
                              balance=loan_balance_before_contract, term=loan_term_years,
                              residence_reasons=reasons, move_rule=move_rule, book=book)
        steps.append(relief.step)
        notes.append("譲渡損失の損益通算による還付額は他の所得（給与など）によるため計算していません。"
                     "確定申告と契約締結日前日の残高証明書が必要です / the refund from setting the "
                     "loss off depends on other income and is not computed; a tax return with a "
                     "loan-balance certificate is needed")
        if relief.caveat:
            notes.append(f"{relief.caveat[0]} / {relief.caveat[1]}")

    return CapitalGainsResult(
        transfer_date=transfer, proceeds=proceeds, selling_expenses=selling_expenses,
        acquisition=acq, gain=gain, special_deduction=deduction, taxable=taxable,
        holding=holding, income_tax=income_tax, reconstruction_surtax=recon,
        defense_surtax=defense, national_tax=national, resident_tax=resident, total_tax=total,
        loss_relief=relief, steps=tuple(steps), rules_used=_distinct(steps),
        notes=tuple(notes),
    )


def _by_class(holding: HoldingClass, taxable: Yen, rates: dict[str, Any], threshold: Yen) -> tuple[Yen, str]:
    """Tax on ``taxable`` for the holding class, from a record with long/short/reduced rates."""
    if holding is SHORT:
        r = _rate(rates["short_term"])
        return round_yen(taxable * r, Rounding.FLOOR), f"taxable × {format_percent(r)}"
    if holding is LONG:
        r = _rate(rates["long_term"])
        return round_yen(taxable * r, Rounding.FLOOR), f"taxable × {format_percent(r)}"
    low, high = _rate(rates["reduced_low"]), _rate(rates["reduced_high"])
    amount = min(taxable, threshold) * low + max(taxable - threshold, 0) * high
    return (round_yen(amount, Rounding.FLOOR),
            f"min(taxable, {format_yen(threshold)}) × {format_percent(low)} + "
            f"max(taxable − {format_yen(threshold)}, 0) × {format_percent(high)}")


def _surtax(income_tax: Yen, rule: Resolved) -> Yen:
    if not rule.in_force:
        return 0
    return round_yen(income_tax * _rate(rule.value), Rounding.FLOOR)


def _distinct(steps: list[Step]) -> tuple[RuleUse, ...]:
    return unique_uses(use for step in steps for use in step.rules)
