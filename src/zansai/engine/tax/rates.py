"""The rates and the total (分離課税): taxable base, income tax, the reconstruction and defense
surtaxes, the national total and the resident tax, each rounded as the law says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.engine.tax.common import rate, uses
from zansai.messages import msg
from zansai.model import HoldingClass
from zansai.money import Rounding, Yen, format_percent, format_yen
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import Step, Text, explaining

__all__ = ["RateTable", "TaxDue", "tax_due"]

# the steps' names and fixed notes: messages without parameters, the same on every step
_TAXABLE = msg("tax.rates.taxable")
_INCOME_TAX = msg("tax.rates.income_tax")
_RECONSTRUCTION = msg("tax.rates.reconstruction")
_DEFENSE = msg("tax.rates.defense")
_NATIONAL_NOTE = msg("tax.rates.national_note")
_NATIONAL = msg("tax.rates.national")
_DEFENSE_ROUNDING = msg("tax.rates.defense_rounding")
_RESIDENT_NOTE = msg("tax.rates.resident_note")
_RESIDENT_TAX = msg("tax.rates.resident_tax")
_TOTAL = msg("tax.rates.total")


# treated as immutable but not frozen: it holds steps, so it was never hashable, and a frozen
# record's __init__ costs several times as much (see trace.Step)
@dataclass(slots=True)
class TaxDue:
    """The tax on one transfer's gain after the special deduction, national and resident."""

    taxable: Yen
    """課税譲渡所得金額 (1,000円未満切捨て)."""
    income_tax: Yen
    reconstruction_surtax: Yen
    defense_surtax: Yen
    national_tax: Yen
    """income tax + surtaxes, 100円未満切捨て."""
    resident_tax: Yen
    total_tax: Yen
    """national_tax + resident_tax."""
    steps: tuple[Step, ...]
    notes: tuple[Text, ...]


class RateTable:
    """What the rates and their steps take from the rule book on one transfer date, read once.

    A plan taxes several sales (one per exit, one per co-owner) on the same date; the rules,
    their rates as integer ratios, the formulas and the rounding texts are the same for each,
    so ``tax_due`` takes them from here. Build one per plan (or per call): it holds no figure
    of a sale, only the rule book's, and is never kept across plans."""

    __slots__ = ("defense", "floor", "income", "income_uses", "loc_base", "loc_tax", "nat_base",
                 "nat_tax", "national_rounding", "recon", "resident", "resident_rounding",
                 "resident_uses", "taxable_rounding", "taxable_uses", "threshold")

    def __init__(self, book: RuleBook, transfer: date) -> None:
        nat_round = book.at("tax.national_tax_rounding", transfer)
        loc_round = book.at("tax.local_tax_rounding", transfer)
        it_rule = book.at("capital_gains.income_tax_rates", transfer)
        rt_rule = book.at("capital_gains.resident_tax_rates", transfer)
        self.nat_base, self.nat_tax = int(nat_round.value["base_unit"]), int(nat_round.value["tax_unit"])
        self.loc_base, self.loc_tax = int(loc_round.value["base_unit"]), int(loc_round.value["tax_unit"])
        self.threshold = threshold = int(it_rule.value["reduced_threshold"])
        if min(self.nat_base, self.nat_tax, self.loc_base, self.loc_tax) <= 0:
            raise ValueError("unit must be positive")
        self.income_uses = uses(it_rule)
        self.floor = Rounding.FLOOR.label()
        self.taxable_rounding = msg("tax.rates.taxable_rounding",
                                    rounding=Rounding.FLOOR.label(self.nat_base)).ja
        self.taxable_uses = uses(nat_round)
        self.national_rounding = msg("tax.rates.national_rounding", each=self.floor,
                                     total=Rounding.FLOOR.label(self.nat_tax)).ja
        self.resident_rounding = msg("tax.rates.resident_rounding", base=self.loc_base,
                                     rounding=Rounding.FLOOR.label(self.loc_tax)).ja
        self.resident_uses = uses(rt_rule, it_rule, loc_round)
        self.income = _ClassRates(it_rule.value, threshold)
        self.resident = _ClassRates(rt_rule.value, threshold)
        self.recon = _Surtax(book.at("capital_gains.reconstruction_surtax_rate", transfer))
        self.defense = _Surtax(book.at("capital_gains.defense_surtax_rate", transfer))


class _ClassRates:
    """One rate record's rates per holding class, as integer ratios, with their formulas."""

    __slots__ = ("reduced", "reduced_formula", "simple", "threshold")

    def __init__(self, rates: dict[str, Any], threshold: Yen) -> None:
        self.threshold = threshold
        short, long_ = rate(rates["short_term"]), rate(rates["long_term"])
        low, high = rate(rates["reduced_low"]), rate(rates["reduced_high"])
        self.simple = {
            HoldingClass.SHORT: (short.numerator, short.denominator, f"taxable × {format_percent(short)}"),
            HoldingClass.LONG: (long_.numerator, long_.denominator, f"taxable × {format_percent(long_)}"),
        }
        self.reduced = (low.numerator, low.denominator, high.numerator, high.denominator)
        self.reduced_formula = (f"min(taxable, {format_yen(threshold)}) × {format_percent(low)} + "
                                f"max(taxable − {format_yen(threshold)}, 0) × {format_percent(high)}")

    def tax(self, holding: HoldingClass, taxable: Yen) -> tuple[Yen, str]:
        """Tax on ``taxable`` for the holding class, floored to the yen (exact, in integers)."""
        simple = self.simple.get(holding)
        if simple is not None:
            num, den, formula = simple
            return taxable * num // den, formula
        ln, ld, hn, hd = self.reduced
        th = self.threshold
        # ⌊min(t, th)·ln/ld + max(t − th, 0)·hn/hd⌋ over the common denominator ld·hd
        top = min(taxable, th) * ln * hd + max(taxable - th, 0) * hn * ld
        return top // (ld * hd), self.reduced_formula


class _Surtax:
    """A surtax rule on the income tax: its rate as an integer ratio, its step's fixed parts."""

    __slots__ = ("den", "display", "formula", "num", "uses")

    def __init__(self, rule: Resolved) -> None:
        self.num, self.den = 0, 1
        if rule.in_force:
            r = rate(rule.value)
            self.num, self.den = r.numerator, r.denominator
        self.formula = "income tax × rate" if rule.in_force else "not in force → 0"
        self.display = rule.display()
        self.uses = uses(rule)

    def on(self, income_tax: Yen) -> Yen:
        return income_tax * self.num // self.den


def tax_due(gain: Yen, deduction: Yen, holding: HoldingClass, transfer: date,
            book: RuleBook, table: RateTable | None = None) -> TaxDue:
    """Income tax, surtaxes and resident tax on ``gain − deduction`` at the class's rates.

    ``table``: the rules read once for ``transfer`` (one per plan); read here when not given."""
    t = table if table is not None else RateTable(book, transfer)
    base = max(gain - deduction, 0)
    taxable = base // t.nat_base * t.nat_base
    income_tax, it_formula = t.income.tax(holding, taxable)
    recon, defense = t.recon.on(income_tax), t.defense.on(income_tax)
    national = (income_tax + recon + defense) // t.nat_tax * t.nat_tax
    notes: tuple[Text, ...] = (_DEFENSE_ROUNDING,) if defense > 0 else ()
    res_taxable = base // t.loc_base * t.loc_base
    resident_raw, rt_formula = t.resident.tax(holding, res_taxable)
    resident = resident_raw // t.loc_tax * t.loc_tax
    total = national + resident
    if not explaining():  # figures only: the steps' names and rules, for rules_used
        steps = [Step.bare("taxable", t.taxable_uses), Step.bare("income_tax", t.income_uses),
                 Step.bare("reconstruction_surtax", t.recon.uses),
                 Step.bare("defense_surtax", t.defense.uses),
                 Step.bare("national_tax", t.taxable_uses),
                 Step.bare("resident_tax", t.resident_uses), Step.bare("total_tax")]
    else:
        steps = _due_steps(t, gain, deduction, holding, taxable, (income_tax, it_formula), recon,
                           defense, national, (res_taxable, resident_raw, rt_formula), resident, total)
    return TaxDue(taxable=taxable, income_tax=income_tax, reconstruction_surtax=recon,
                  defense_surtax=defense, national_tax=national, resident_tax=resident,
                  total_tax=total, steps=tuple(steps), notes=notes)


def _due_steps(t: RateTable, gain: Yen, deduction: Yen, holding: HoldingClass, taxable: Yen,
               income: tuple[Yen, str], recon: Yen, defense: Yen, national: Yen,
               res: tuple[Yen, Yen, str], resident: Yen, total: Yen) -> list[Step]:
    """The steps of ``tax_due``, each figure with its formula and inputs in words."""
    income_tax, it_formula = income
    res_taxable, resident_raw, rt_formula = res
    steps = [Step("taxable", "max(gain − special deduction, 0)",
                  {"gain": format_yen(gain), "special_deduction": format_yen(deduction)},
                  format_yen(taxable), "", t.taxable_rounding, t.taxable_uses, None,
                  _TAXABLE)]
    steps.append(Step("income_tax", it_formula, {"taxable": format_yen(taxable), "holding": holding},
                      format_yen(income_tax), "", t.floor, t.income_uses,
                      None, _INCOME_TAX))
    shown = format_yen(income_tax)
    steps.append(Step("reconstruction_surtax", t.recon.formula,
                      {"income_tax": shown, "rate": t.recon.display}, format_yen(recon), "",
                      t.floor, t.recon.uses, None, _RECONSTRUCTION))
    steps.append(Step("defense_surtax", t.defense.formula,
                      {"income_tax": shown, "rate": t.defense.display}, format_yen(defense), "",
                      t.floor, t.defense.uses, None, _DEFENSE))
    steps.append(Step("national_tax", "income tax + reconstruction surtax + defense surtax",
                      {"income_tax": shown, "reconstruction_surtax": format_yen(recon),
                       "defense_surtax": format_yen(defense)},
                      format_yen(national), "", t.national_rounding, t.taxable_uses,
                      _NATIONAL_NOTE, _NATIONAL))
    steps.append(Step("resident_tax", rt_formula,
                      {"taxable": format_yen(res_taxable), "holding": holding,
                       "before_rounding": format_yen(resident_raw)},
                      format_yen(resident), "", t.resident_rounding, t.resident_uses,
                      _RESIDENT_NOTE, _RESIDENT_TAX))
    steps.append(Step("total_tax", "national tax + resident tax",
                      {"national_tax": format_yen(national), "resident_tax": format_yen(resident)},
                      format_yen(total), label=_TOTAL))
    return steps
