"""The legal cap on late charges: 利息制限法4条 by principal, 7条1項 (20%) for a business lender
on loans contracted from 2010-06-18.

Sources: docs/sources/law-debt-divorce.md §3.5 (4条: 29.2% / 26.28% / 21.9% by principal; 7条1項:
20% for 営業的金銭消費貸借, contracts from 2010-06-18) and docs/sources/law-updates-2026.md §9
(7条 created by 平成18年法律第115号, in force 2010-06-18; the transitional rule for older
contracts is not confirmed, so only 4条 is applied to them and the result says so).
"""

from datetime import date
from fractions import Fraction

import pytest

from zansai.cli import main
from zansai.engine.arrears import arrears
from zansai.engine.late_cap import ART4, ART7, late_cap
from zansai.engine.loan import amortize
from zansai.engine.owed import amount_owed
from zansai.model import LenderType, Loan
from zansai.rules import RuleBook

BOOK = RuleBook.default()
LOAN = Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
            first_payment=date(2025, 1, 1))
S = amortize(LOAN)
FIRST, ON = date(2026, 1, 1), date(2026, 3, 15)


def _ids(notes: tuple[object, ...] | list[object]) -> list[str]:
    return [getattr(n, "id", "") for n in notes]


@pytest.mark.parametrize(("contract", "rate", "law", "note"), [
    (date(2010, 6, 17), Fraction(219, 1000), ART4, "late_cap.before_art7"),
    (date(2010, 6, 18), Fraction(20, 100), ART7, "late_cap.over_cap_art7"),
])
def test_article_7_binds_a_bank_from_its_start(contract: date, rate: Fraction, law: str,
                                               note: str) -> None:
    """A bank loan at 25%: contracted the day before 7条 came into force, only 4条 (21.9% for
    ≥100万円) applies and the result says 7条 may apply; from 2010-06-18, 20%."""
    r = arrears(S, FIRST, ON, book=BOOK, late_rate=Fraction(25, 100), contract_date=contract)
    assert r.late_rate == rate
    assert r.cap is not None
    assert (r.cap.law, r.cap.contract_date) == (law, contract)
    assert note in _ids(r.notes)
    d = r.to_dict()
    assert (d["late_rate_cap"], d["late_rate_cap_law"], d["contract_date"],
            d["contract_date_assumed"]) == (f"{float(rate) * 100:g}%", law, contract.isoformat(), False)


def test_a_bank_at_21_5_percent_is_charged_20_percent() -> None:
    """The issue's case: 21.5% on a bank loan of 2010-06-18 is charged at 20%. Jan 2026 instalment
    principal 55,176円 overdue 73 days: 55,176 × 0.20 × 73 / 365 = 2,207.04 → 2,207円."""
    r = arrears(S, FIRST, ON, book=BOOK, late_rate=Fraction(215, 1000), contract_date=date(2010, 6, 18))
    jan = r.missed[0]
    assert (jan.principal, jan.days_overdue, jan.late_charge) == (55_176, 73, 2_207)
    old = arrears(S, FIRST, ON, book=BOOK, late_rate=Fraction(215, 1000),
                  contract_date=date(2010, 6, 17))
    assert old.missed[0].late_charge == 2_372  # 55,176 × 0.215 × 73 / 365 = 2,372.568


@pytest.mark.parametrize(("rate", "charged", "noted"), [
    (Fraction(20, 100), Fraction(20, 100), False),
    (Fraction(201, 1000), Fraction(20, 100), True),
])
def test_twenty_percent_is_allowed_and_20_1_is_cut(rate: Fraction, charged: Fraction,
                                                   noted: bool) -> None:
    r = arrears(S, FIRST, ON, book=BOOK, late_rate=rate, contract_date=date(2020, 6, 1))
    assert r.late_rate == charged
    assert ("late_cap.over_cap_art7" in _ids(r.notes)) is noted


@pytest.mark.parametrize(("principal", "art4"), [
    (99_999, Fraction(292, 1000)), (100_000, Fraction(2628, 10000)),
    (999_999, Fraction(2628, 10000)), (1_000_000, Fraction(219, 1000)),
])
def test_article_4_brackets_by_principal(principal: int, art4: Fraction) -> None:
    """4条: 元本10万円未満 29.2%, 100万円未満 26.28%, otherwise 21.9%; 7条 makes all 20% for a bank."""
    loan = Loan(principal=principal, annual_rate=Fraction(3, 200), months=12,
                first_payment=date(2025, 1, 1))
    jhf = late_cap(loan, LenderType.JHF, date(2025, 3, 1), BOOK, contract_date=date(2024, 12, 1))
    bank = late_cap(loan, LenderType.BANK, date(2025, 3, 1), BOOK, contract_date=date(2024, 12, 1))
    assert (jhf.rate, jhf.law, jhf.unknown) == (art4, ART4, "jhf")
    assert (bank.rate, bank.law, bank.unknown) == (Fraction(20, 100), ART7, None)


def test_jhf_gets_article_4_and_a_flag() -> None:
    """Whether 7条 binds 住宅金融支援機構 is not in the research: 4条 only, and the result says so."""
    r = arrears(S, FIRST, ON, book=BOOK, lender=LenderType.JHF, late_rate=Fraction(215, 1000),
                contract_date=date(2020, 6, 1))
    assert r.late_rate == Fraction(215, 1000)
    assert _ids(r.notes) == ["late_cap.jhf"]
    usual = arrears(S, FIRST, ON, book=BOOK, lender=LenderType.JHF, contract_date=date(2020, 6, 1))
    assert "late_cap.jhf" not in _ids(usual.notes)  # 14.5% is below 20%: nothing to flag


@pytest.mark.parametrize(("first_payment", "assumed", "rate"), [
    (date(2010, 7, 1), date(2010, 6, 1), Fraction(215, 1000)),
    (date(2010, 8, 1), date(2010, 7, 1), Fraction(20, 100)),
])
def test_missing_contract_date_is_assumed_and_said(first_payment: date, assumed: date,
                                                   rate: Fraction) -> None:
    s = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                      first_payment=first_payment))
    r = arrears(s, date(2026, 1, 1), ON, book=BOOK, late_rate=Fraction(215, 1000))
    assert r.cap is not None
    assert (r.cap.contract_date, r.cap.contract_date_assumed) == (assumed, True)
    assert r.late_rate == rate
    assert "late_cap.contract_date_assumed" in _ids(r.notes)
    assert r.to_dict()["contract_date_assumed"] is True


@pytest.mark.parametrize(("contract", "rate"), [
    (date(2010, 6, 17), Fraction(219, 1000)), (date(2010, 6, 18), Fraction(20, 100)),
])
def test_guarantee_company_claim_uses_the_loan_contract_date(contract: date, rate: Fraction) -> None:
    """After 代位弁済 the guarantee company's own charges are capped like the lender's."""
    acc, sub, on = date(2026, 7, 10), date(2026, 8, 10), date(2026, 9, 1)
    paid = amount_owed(S, sub, book=BOOK, first_missed=FIRST, acceleration=acc,
                       late_rate=Fraction(25, 100), contract_date=contract)
    o = amount_owed(S, on, book=BOOK, first_missed=FIRST, acceleration=acc, subrogation=sub,
                    late_rate=Fraction(25, 100), contract_date=contract)
    base = paid.principal + paid.interest
    own = base * rate.numerator * 22 // (rate.denominator * 365)
    assert o.late_charges - paid.late_charges == own


def test_cli_late_rate_21_5_on_a_bank_loan(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["arrears", "--principal", "30000000", "--rate", "1.5", "--years", "35", "--start", "2025-01",
            "--first-missed", "2026-01-01", "--on", "2026-03-15", "--late-rate", "21.5"]
    main(args)
    out = capsys.readouterr().out
    assert "遅延損害金率 20%" in out
    assert "利息制限法7条1項" in out
    with pytest.raises(SystemExit) as exc:
        main([*args, "--contract-date", "2025-02-01"])
    assert exc.value.code == 2
    assert "--contract-date" in capsys.readouterr().err


@pytest.mark.slow
def test_a_plan_says_which_lien_is_capped() -> None:
    """The seed household's bank loan (examples/seed1-short-sale.toml: first paid May 2012, so
    contracted after 2010-06-18; no contract date given) entered at 21.5%: the plan's notes say
    which contract date was assumed and that 20% is used (docs/sources/law-debt-divorce.md
    §3.5); at the example's 14% nothing is said."""
    from dataclasses import replace
    from pathlib import Path

    from zansai.case import load_case
    from zansai.engine.plan import plan

    case, book = load_case(str(Path(__file__).resolve().parent.parent / "examples" / "seed1-short-sale.toml"))
    lien = case.liens[0]
    high = replace(case, liens=(replace(lien, late_rate=Fraction(215, 1000)), *case.liens[1:]))
    ids = [getattr(n.params.get("note"), "id", "") for n in plan(high, book).notes
           if getattr(n, "id", "") == "late_cap.for_lien"]
    assert ids == ["late_cap.contract_date_assumed", "late_cap.over_cap_art7"]
    assert not [n for n in plan(case, book).notes if getattr(n, "id", "") == "late_cap.for_lien"]
