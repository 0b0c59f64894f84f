"""The cheaper ways a plan is computed and written (issue 19 §4, a 4-ms ``plan()``): each gives
exactly what the plain way gave.

Figures: 消費税 10% (tax.consumption_tax_rate; docs/sources/law-sale-costs.md §3), the guarantee
company's typical late-charge rate 14.6% (late_charges.typical_rate;
docs/sources/law-debt-divorce.md §3.5).
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from zansai.case import load_case
from zansai.engine.exact import fraction
from zansai.engine.plan import plan
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step

BOOK = RuleBook.default()
ON = date(2026, 9, 1)


def test_a_rule_rate_is_parsed_once_and_exactly() -> None:
    tax = BOOK.at("tax.consumption_tax_rate", ON).value
    assert fraction(tax) == Fraction(1, 10)
    assert fraction(tax) is fraction(tax)  # one parse serves every plan
    late = BOOK.at("late_charges.typical_rate", ON).value["guarantor_company"]
    assert fraction(late) == Fraction(146, 1000)
    assert fraction("0.146") == Fraction(73, 500)
    assert fraction(3) == 3
    assert fraction(Decimal("0.10")) == fraction(Decimal("0.1")) == Fraction(1, 10)
    with pytest.raises(TypeError):  # not a number: refused as Fraction refuses it
        fraction({"rate": "0.1"})


def test_a_citation_s_short_form_is_built_once_and_handed_out_as_a_copy() -> None:
    use = RuleUse.of(BOOK.at("tax.consumption_tax_rate", ON))
    first = use.ref()
    assert first == {"key": "tax.consumption_tax_rate", "value": use.value, "period": use.period}
    first["value"] = "changed by a reader"
    assert use.ref()["value"] == use.value  # a reader's change never reaches the next JSON
    caveated = RuleUse("k", "ラベル", "label", "1", "[2020-01-01, …)", "market", "low", "estimate", (),
                       caveat_ja="注意", caveat_en="careful", overridden=True)
    ref = caveated.ref()
    assert ref == {"key": "k", "value": "1", "period": "[2020-01-01, …)",
                   "caveat": {"ja": "注意", "en": "careful"}, "overridden": True}
    ref["caveat"]["ja"] = "x"
    assert caveated.ref()["caveat"]["ja"] == "注意"
    assert caveated == RuleUse("k", "ラベル", "label", "1", "[2020-01-01, …)", "market", "low",
                               "estimate", (), caveat_ja="注意", caveat_en="careful", overridden=True)


def test_a_step_s_json_keeps_its_keys_in_order_for_each_kind_of_label() -> None:
    common = {"formula": "a + b", "inputs": {"a": "1円"}, "result": "2円"}
    plain = Step("s", "a + b", {"a": "1円"}, "2円", label_ja="合計")
    assert list(plain.to_dict().items()) == [("name", "s"), ("label_ja", "合計"), *common.items()]
    pair = Step("s", "a + b", {"a": "1円"}, "2円", label=("合計", "total"), rounding="floor",
                note="n")
    assert list(pair.to_dict()) == ["name", "label_ja", "label_en", "formula", "inputs", "result",
                                    "rounding", "note"]
    label = msg("tax.gains.gain")
    rules = (RuleUse.of(BOOK.at("tax.consumption_tax_rate", ON)),)
    catalog = Step("s", "a + b", {"a": "1円"}, "2円", label=label, rules=rules,
                   note=msg("tax.rates.resident_note"))
    out = catalog.to_dict()
    assert list(out) == ["name", "label_ja", "label_en", "label_id", "formula", "inputs", "result",
                         "rules", "note"]
    assert (out["label_ja"], out["label_en"], out["label_id"]) == (label.ja, label.en, label.id)
    assert out["note"]["id"] == "tax.rates.resident_note"
    out["inputs"]["a"] = "changed"
    assert catalog.inputs == {"a": "1円"}  # the JSON holds a copy of the inputs


def test_the_sales_at_one_price_are_costed_once_and_each_explains_its_own_costs() -> None:
    """通常売却, 売却＋自己資金 and 住み替え sell at one price on one day (examples/trade-up.toml)."""
    case, book = load_case("examples/trade-up.toml")
    result = plan(case, book)
    sales = [result.exit(k) for k in (ExitKey.NORMAL_SALE, ExitKey.SALE_WITH_SAVINGS, ExitKey.TRADE_UP)]
    costs = [e.costs for e in sales]
    assert all(c is not None for c in costs)
    first = costs[0]
    assert first is not None
    for other in costs[1:]:
        assert other is not None
        assert other.to_dict() == first.to_dict()
        assert other.total == first.total
        mine = {id(it.step) for it in other.items if it.step is not None}
        assert mine.isdisjoint(id(it.step) for it in first.items if it.step is not None)
    names = [st.name for st in result.explain().steps]
    for key in ("brokerage_fee", "scrivener_fee"):  # shown once per priced sale, as before
        assert names.count(key) == sum(1 for e in result.exits if e.costs is not None
                                       and e.costs.item(key) is not None)


def test_a_message_without_parameters_is_rendered_once_for_every_plan() -> None:
    first, again = msg("tax.gains.gain"), msg("tax.gains.gain")
    assert first.ja is again.ja  # one rendering, shared
    assert (first.ja, first.en) == (again.ja, again.en)
    assert first.to_dict() == {"id": "tax.gains.gain", "ja": first.ja, "en": first.en}
    with_params = msg("sale.costs.caveat", key="k", caveat=("注意", "careful"))
    assert "注意" in with_params.ja
    assert "careful" in with_params.en


def test_the_claims_on_a_date_are_listed_once_and_each_caller_gets_steps_of_its_own() -> None:
    """examples/condo-jhf-arrears.toml: a loan in arrears, its claim on the sale date."""
    from zansai.engine.exits.context import claims_on
    from zansai.engine.plan import build_context

    case, book = load_case("examples/condo-jhf-arrears.toml")
    ctx = build_context(case, book)
    first = claims_on(ctx, case.sale_date)
    read = len(ctx.rules_used)
    again = claims_on(ctx, case.sale_date)
    assert again.liens == first.liens
    assert again.outcomes == first.outcomes
    assert again.outcomes is not first.outcomes
    assert [s.to_dict() for s in again.steps] == [s.to_dict() for s in first.steps]
    assert {id(s) for s in again.steps}.isdisjoint(id(s) for s in first.steps)
    repeated = ctx.rules_used[read:]  # the rules the claims read, cited again
    assert repeated
    assert repeated == ctx.rules_used[read - len(repeated):read]
    fresh = build_context(case, book)  # another context lists its own
    assert claims_on(fresh, case.sale_date).liens == first.liens
    assert first.liens[0].claim > 0


def test_a_sale_handed_out_again_copies_every_field_of_its_lines_and_items() -> None:
    """``closing.afresh`` rebuilds each 配分表 line and cost item field by field (faster than
    ``replace``): a field added to either must be added there too, or it would be lost."""
    from dataclasses import fields

    from zansai.engine.distribution import Line
    from zansai.model import Item

    assert [f.name for f in fields(Line)] == ["party", "name", "label", "claim", "paid", "step",
                                              "rank", "deduction"]
    assert [f.name for f in fields(Item)] == ["key", "label_ja", "label_en", "amount", "step", "label"]


def test_the_split_by_share_in_integers_is_the_largest_remainder_split_of_the_fractions() -> None:
    """最大剰余法 (tax/owners.py), checked against the plain Fraction computation."""
    import random

    from zansai.engine.tax.owners import split_by_share

    def by_fractions(amount: int, shares: list[Fraction]) -> list[int]:
        exact = [amount * s for s in shares]
        parts = [int(e // 1) for e in exact]
        order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
        for i in order[:amount - sum(parts)]:
            parts[i] += 1
        return parts

    assert split_by_share(10_000_001, [Fraction(1, 3), Fraction(2, 3)]) == [3_333_334, 6_666_667]
    assert split_by_share(100, [Fraction(1, 3)] * 3) == [34, 33, 33]  # a tie: the first listed
    rng = random.Random(19)
    for _ in range(2_000):
        raw = [Fraction(rng.randint(1, 9), rng.randint(1, 12)) for _ in range(rng.randint(1, 4))]
        shares = [r / sum(raw) for r in raw]
        amount = rng.choice([rng.randint(0, 10**13), rng.randint(0, 100)])
        assert split_by_share(amount, shares) == by_fractions(amount, shares)


def test_the_guarantee_company_s_terms_are_read_once_per_loan_in_a_plan() -> None:
    """The 代位弁済 example of tests/test_owed.py: 30,000,000円 at 1.5% over 35 years, the
    guarantee company's 14.6% (late_charges.typical_rate) on 29,609,240円 from the day after."""
    from zansai.engine.loan import amortize
    from zansai.engine.owed import OwedMemo, amount_owed
    from zansai.model import Loan

    s = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                      first_payment=date(2025, 1, 1)))
    kwargs = {"first_missed": date(2026, 1, 1), "acceleration": date(2026, 7, 10),
              "subrogation": date(2026, 8, 10)}
    memo = OwedMemo(BOOK)
    on_sep = memo.get(s, date(2026, 9, 1), book=BOOK, **kwargs)
    on_oct = memo.get(s, date(2026, 10, 1), book=BOOK, **kwargs)
    assert len(memo.terms) == 1  # one loan: its rate and cap looked up once
    assert on_sep.total == 29_972_945 + 260_561  # 29,609,240 × 0.146 × 22 / 365, floored
    assert on_oct.total == 29_972_945 + 29_609_240 * 146 * 52 // (1000 * 365)
    for got, on in ((on_sep, date(2026, 9, 1)), (on_oct, date(2026, 10, 1))):
        fresh = amount_owed(s, on, book=BOOK, **kwargs)
        assert got.total == fresh.total
        assert got.step.to_dict() == fresh.step.to_dict()
        assert got.rules_used == fresh.rules_used
