"""消滅時効 dates: one convention for every start event, and the old law's dates as dates.

docs/sources/law-debt-divorce.md §5: new law 5 years (10 objective) for contracts from 2020-04-01
(民法166条1項); before, 5 years for a merchant creditor (旧商法522条) and 10 for JHF or a 信用金庫
(旧民法167条); a guarantee company's 求償権 runs from the day after 代位弁済. The counting is the
Civil Code's for every period: the first day is not counted (初日不算入, 民法140条) and a period of
years ends on the day before the same date in the last year, or at that month's end when it has
no such date (143条2項).
"""

from datetime import date

import pytest

from zansai.engine.residual import ResidualDebt
from zansai.engine.residual.limitation import limitation, period_dates
from zansai.model import DebtKind, LenderType
from zansai.rules import RuleBook

BOOK = RuleBook.default()
ON = date(2026, 12, 1)


def _bank(**kw: object) -> ResidualDebt:
    args: dict[str, object] = {"from_home": True, "lender": LenderType.BANK}
    args.update(kw)
    return ResidualDebt("住宅ローン残債", "みずほ銀行", 5_000_000, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(("event", "years", "clock", "last", "barred"), [
    # 期限の利益喪失 2026-12-28: counted from 12-29; 5 years end on 2031-12-28; barred from 12-29.
    (date(2026, 12, 28), 5, date(2026, 12, 29), date(2031, 12, 28), date(2031, 12, 29)),
    # 起算日 2024-02-29 has no same date in 2029: the period ends at the end of February (143条2項).
    (date(2024, 2, 28), 5, date(2024, 2, 29), date(2029, 2, 28), date(2029, 3, 1)),
    # 起算日 2023-03-01: the day before 2028-03-01 is the leap day 2028-02-29.
    (date(2023, 2, 28), 5, date(2023, 3, 1), date(2028, 2, 29), date(2028, 3, 1)),
    # Old civil 10 years (旧民法167条) from a New Year's Eve event.
    (date(2019, 12, 31), 10, date(2020, 1, 1), date(2029, 12, 31), date(2030, 1, 1)),
])
def test_period_dates(event: date, years: int, clock: date, last: date, barred: date) -> None:
    assert period_dates(event, years) == (clock, last, barred)


def test_acceleration_and_subrogation_are_counted_the_same_way() -> None:
    """The bank's claim from 期限の利益喪失 and the guarantee company's from 代位弁済: both from
    the day after the event (before, the bank's ran from the day itself)."""
    event = date(2025, 3, 10)
    bank = limitation(_bank(contract_date=date(2015, 5, 1), default_date=event), ON, BOOK)
    gc = limitation(_bank(contract_date=date(2015, 5, 1), default_date=event, guarantor_company=True),
                    ON, BOOK)
    for info in (bank, gc):
        assert (info.regime, info.years) == ("commercial", 5)
        assert (info.start_event, info.clock_start) == (event, date(2025, 3, 11))
        assert (info.last_day_alive, info.time_barred_from) == (date(2030, 3, 10), date(2030, 3, 11))
        assert info.alternatives == ()
    d = bank.to_dict()
    assert (d["start_event"], d["clock_start"], d["last_day_alive"], d["time_barred_from"]) == (
        "2025-03-10", "2025-03-11", "2030-03-10", "2030-03-11")
    assert "earliest" not in d


def test_new_law_gives_the_objective_date_too() -> None:
    info = limitation(_bank(contract_date=date(2020, 4, 1), default_date=date(2025, 3, 10)), ON, BOOK)
    assert (info.regime, info.years, info.objective_years) == ("new_law", 5, 10)
    assert info.time_barred_from == date(2030, 3, 11)
    assert info.objective_time_barred_from == date(2035, 3, 11)


@pytest.mark.parametrize(("lender", "creditor", "old", "old_years", "old_barred"), [
    (LenderType.BANK, "みずほ銀行", "commercial", 5, date(2030, 3, 11)),
    (LenderType.JHF, "住宅金融支援機構", "civil", 10, date(2035, 3, 11)),
])
def test_unknown_contract_date_gives_each_law_as_dates(lender: LenderType, creditor: str, old: str,
                                                       old_years: int, old_barred: date) -> None:
    """No contract date: which law applies is unknown, so the old law's date (the one for this
    creditor) and the new law's are both given as dates."""
    debt = ResidualDebt("残債", creditor, 5_000_000, lender=lender, default_date=date(2025, 3, 10))
    info = limitation(debt, ON, BOOK)
    assert (info.regime, info.time_barred_from) == ("unknown", None)
    assert [(a.regime, a.years, a.time_barred_from) for a in info.alternatives] == [
        (old, old_years, old_barred), ("new_law", 5, date(2030, 3, 11))]
    assert info.to_dict()["alternatives"][0]["time_barred_from"] == old_barred.isoformat()


@pytest.mark.parametrize(("contract", "alternatives"), [
    (date(2020, 4, 1), [("commercial", date(2030, 3, 11))]),
    (date(2020, 3, 1), []),
])
def test_estimated_contract_date_on_the_new_law_side_gives_the_old_law_dates(
        contract: date, alternatives: list[tuple[str, date]]) -> None:
    """A contract date estimated from the first payment (2020-04-01) may really be earlier, when
    the old law applies: its date is given too, and the warning says why."""
    info = limitation(_bank(contract_date=contract, contract_date_estimated=True,
                            default_date=date(2025, 3, 10)), ON, BOOK)
    assert [(a.regime, a.time_barred_from) for a in info.alternatives] == alternatives
    ids = [getattr(w, "id", "") for w in info.warnings]
    assert ("limitation.estimated_contract_date" in ids) is bool(alternatives)


def test_support_has_no_dates_and_no_alternatives() -> None:
    info = limitation(ResidualDebt("養育費", "元配偶者", 100_000, kind=DebtKind.SUPPORT,
                                   default_date=date(2025, 3, 10)), ON, BOOK)
    assert (info.regime, info.time_barred_from, info.alternatives) == ("not_covered", None, ())
