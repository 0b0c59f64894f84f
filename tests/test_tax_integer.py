"""譲渡所得税's rates in integers: the same figures and the same steps as the Fraction version.

The tax on the taxable gain is floored to the yen at each rate (分離課税; docs/sources/law-sale-costs.md
§5.1, the 6,000万円 threshold of the reduced rates; the surtaxes on the income tax, floored, and the
defense surtax from 2027, docs/sources/law-updates-2026.md §4). ``tax_due`` now reads its rules once
per plan (``RateTable``) and multiplies by each rate's numerator and floor-divides by its
denominator; the Fraction version it replaced is kept below, verbatim, as the reference, and every
result (figures, notes, and each step's name, formula, inputs, result, rounding, rules and labels)
must equal it over random gains, deductions, holding classes and dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.engine.tax.common import rate, uses
from zansai.engine.tax.rates import RateTable, TaxDue, tax_due
from zansai.errors import RuleCoverageError
from zansai.messages import msg
from zansai.model import HoldingClass
from zansai.money import Rounding, Yen, floor_to_unit, format_percent, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import Step, Text

B = RuleBook.default()

# --- the Fraction version (before issue 19), kept as the reference --------------------------------


def _ref_tax_due(gain: Yen, deduction: Yen, holding: HoldingClass, transfer: date,
            book: RuleBook) -> TaxDue:
    """Income tax, surtaxes and resident tax on ``gain − deduction`` at the class's rates."""
    nat_round = book.at("tax.national_tax_rounding", transfer)
    loc_round = book.at("tax.local_tax_rounding", transfer)
    base = max(gain - deduction, 0)
    taxable = floor_to_unit(base, int(nat_round.value["base_unit"]))
    steps = [Step(
        name="taxable", label=msg("tax.rates.taxable"), formula="max(gain − special deduction, 0)",
        inputs={"gain": format_yen(gain), "special_deduction": format_yen(deduction)},
        result=format_yen(taxable),
        rounding=msg("tax.rates.taxable_rounding",
                     rounding=Rounding.FLOOR.label(int(nat_round.value["base_unit"]))).ja,
        rules=uses(nat_round),
    )]
    it_rule = book.at("capital_gains.income_tax_rates", transfer)
    rt_rule = book.at("capital_gains.resident_tax_rates", transfer)
    threshold = int(it_rule.value["reduced_threshold"])
    income_tax, it_formula = _ref_by_class(holding, taxable, it_rule.value, threshold)
    steps.append(Step(
        name="income_tax", label=msg("tax.rates.income_tax"), formula=it_formula,
        inputs={"taxable": format_yen(taxable), "holding": holding},
        result=format_yen(income_tax), rounding=Rounding.FLOOR.label(), rules=uses(it_rule),
    ))
    recon, defense = _ref_surtaxes(income_tax, transfer, book, steps)
    national = floor_to_unit(income_tax + recon + defense, int(nat_round.value["tax_unit"]))
    steps.append(_ref_national_step(income_tax, recon, defense, national, nat_round))
    notes: tuple[Text, ...] = (msg("tax.rates.defense_rounding"),) if defense > 0 else ()
    res_taxable = floor_to_unit(base, int(loc_round.value["base_unit"]))
    resident_raw, rt_formula = _ref_by_class(holding, res_taxable, rt_rule.value, threshold)
    resident = floor_to_unit(resident_raw, int(loc_round.value["tax_unit"]))
    steps.append(Step(
        name="resident_tax", label=msg("tax.rates.resident_tax"), formula=rt_formula,
        inputs={"taxable": format_yen(res_taxable), "holding": holding,
                "before_rounding": format_yen(resident_raw)},
        result=format_yen(resident),
        rounding=msg("tax.rates.resident_rounding", base=int(loc_round.value["base_unit"]),
                     rounding=Rounding.FLOOR.label(int(loc_round.value["tax_unit"]))).ja,
        rules=uses(rt_rule, it_rule, loc_round), note=msg("tax.rates.resident_note"),
    ))
    total = national + resident
    steps.append(Step(
        name="total_tax", label=msg("tax.rates.total"), formula="national tax + resident tax",
        inputs={"national_tax": format_yen(national), "resident_tax": format_yen(resident)},
        result=format_yen(total),
    ))
    return TaxDue(taxable=taxable, income_tax=income_tax, reconstruction_surtax=recon,
                  defense_surtax=defense, national_tax=national, resident_tax=resident,
                  total_tax=total, steps=tuple(steps), notes=notes)


def _ref_surtaxes(income_tax: Yen, transfer: date, book: RuleBook,
              steps: list[Step]) -> tuple[Yen, Yen]:
    """復興特別所得税 and 防衛特別所得税 (2027年分以後) on the income tax, each floored."""
    recon_rule = book.at("capital_gains.reconstruction_surtax_rate", transfer)
    defense_rule = book.at("capital_gains.defense_surtax_rate", transfer)
    recon = _ref_surtax(income_tax, recon_rule)
    defense = _ref_surtax(income_tax, defense_rule)
    steps.append(Step(
        name="reconstruction_surtax", label=msg("tax.rates.reconstruction"),
        formula="income tax × rate" if recon_rule.in_force else "not in force → 0",
        inputs={"income_tax": format_yen(income_tax), "rate": recon_rule.display()},
        result=format_yen(recon), rounding=Rounding.FLOOR.label(), rules=uses(recon_rule),
    ))
    steps.append(Step(
        name="defense_surtax", label=msg("tax.rates.defense"),
        formula="income tax × rate" if defense_rule.in_force else "not in force → 0",
        inputs={"income_tax": format_yen(income_tax), "rate": defense_rule.display()},
        result=format_yen(defense), rounding=Rounding.FLOOR.label(), rules=uses(defense_rule),
    ))
    return recon, defense


def _ref_national_step(income_tax: Yen, recon: Yen, defense: Yen, national: Yen,
                   nat_round: Resolved) -> Step:
    return Step(
        name="national_tax", label=msg("tax.rates.national"),
        formula="income tax + reconstruction surtax + defense surtax",
        inputs={"income_tax": format_yen(income_tax), "reconstruction_surtax": format_yen(recon),
                "defense_surtax": format_yen(defense)},
        result=format_yen(national),
        rounding=msg("tax.rates.national_rounding", each=Rounding.FLOOR.label(),
                     total=Rounding.FLOOR.label(int(nat_round.value["tax_unit"]))).ja,
        rules=uses(nat_round), note=msg("tax.rates.national_note"),
    )


def _ref_by_class(holding: HoldingClass, taxable: Yen, rates: dict[str, Any],
              threshold: Yen) -> tuple[Yen, str]:
    """Tax on ``taxable`` for the holding class, from a record with long/short/reduced rates."""
    if holding is HoldingClass.SHORT:
        r = rate(rates["short_term"])
        return round_yen(taxable * r, Rounding.FLOOR), f"taxable × {format_percent(r)}"
    if holding is HoldingClass.LONG:
        r = rate(rates["long_term"])
        return round_yen(taxable * r, Rounding.FLOOR), f"taxable × {format_percent(r)}"
    low, high = rate(rates["reduced_low"]), rate(rates["reduced_high"])
    amount = min(taxable, threshold) * low + max(taxable - threshold, 0) * high
    return (round_yen(amount, Rounding.FLOOR),
            f"min(taxable, {format_yen(threshold)}) × {format_percent(low)} + "
            f"max(taxable − {format_yen(threshold)}, 0) × {format_percent(high)}")


def _ref_surtax(income_tax: Yen, rule: Resolved) -> Yen:
    if not rule.in_force:
        return 0
    return round_yen(income_tax * rate(rule.value), Rounding.FLOOR)


# --- the comparison -------------------------------------------------------------------------------


def _same(new: TaxDue, old: TaxDue) -> None:
    assert (new.taxable, new.income_tax, new.reconstruction_surtax, new.defense_surtax,
            new.national_tax, new.resident_tax, new.total_tax) == (
        old.taxable, old.income_tax, old.reconstruction_surtax, old.defense_surtax,
        old.national_tax, old.resident_tax, old.total_tax)
    assert [tuple(n) for n in new.notes] == [tuple(n) for n in old.notes]
    assert len(new.steps) == len(old.steps)
    for a, b in zip(new.steps, old.steps, strict=True):
        assert a.to_dict() == b.to_dict()
        assert a == b


@settings(max_examples=300, deadline=None)
@given(gain=st.integers(-200_000_000, 500_000_000), deduction=st.integers(0, 30_000_000),
       holding=st.sampled_from(list(HoldingClass)),
       on=st.dates(min_value=date(2013, 1, 1), max_value=date(2040, 12, 31)))
def test_tax_due_equals_the_fraction_version(gain: Yen, deduction: Yen, holding: HoldingClass,
                                            on: date) -> None:
    try:
        old = _ref_tax_due(gain, deduction, holding, on, B)
    except RuleCoverageError:
        return
    _same(tax_due(gain, deduction, holding, on, B), old)
    _same(tax_due(gain, deduction, holding, on, B, RateTable(B, on)), old)


def test_reduced_rates_across_the_threshold_by_hand() -> None:
    """措法31条の3 (docs/sources/law-sale-costs.md §5.1): 所得税 10% up to 6,000万円, 15% above;
    住民税 4% and 5%. Taxable 70,000,000円 in 2026: 6,000,000 + 1,500,000 = 7,500,000円 所得税,
    2,400,000 + 500,000 = 2,900,000円 住民税; 復興 2.1% = 157,500円; national 7,657,500円."""
    r = tax_due(70_000_000, 0, HoldingClass.LONG_REDUCED, date(2026, 6, 1), B)
    assert (r.income_tax, r.reconstruction_surtax, r.defense_surtax) == (7_500_000, 157_500, 0)
    assert (r.national_tax, r.resident_tax, r.total_tax) == (7_657_500, 2_900_000, 10_557_500)
