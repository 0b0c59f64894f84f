"""Delinquency timeline: dates from the first missed payment to the auction, and the windows.

Dates are worked by hand from the rule values (docs/sources/law-debt-divorce.md §4):
bank 期限の利益喪失 3 months (range 3–6; §4.1, 記事1 (docs/sources/seed1-short-sale.md §1) '3~6ヶ月',
記事2 (docs/sources/seed2-divorce.md §6) 'だいたい6ヶ月'); 代位弁済 +1 (0–3); 競売申立 +3 (2–3; §4.1 '≈6–8
months total'); JHF 喪失 6 months (3–6, §4.2); JHF 申立 +2 (0–4, new rule, estimate); 開始決定 +10 days
(7–14, §4.3 '1–2 weeks'); 現況調査 +2 months (1–3); 入札開始 = 開始決定 + 5 months (4–6); 公告 ≥ 14 days
before; 入札期間 8 days (規則46条1項: 1週間以上1月以内); 開札 ≤ 7 days after (規則46条1項); 売却決定期日 ≤ 21
days (規則46条2項 since 2020-04-01, 7 before); 確定 +7 (民執10条2項); 代金納付 ≤ 1 month (規則56条1項);
引渡命令 6 (9) months (民執83条2項). CIC 異動 at 61 days (§6). Windows: §4.4, §4.6, §1.6.
"""

import json
from datetime import date, timedelta
from fractions import Fraction

import pytest

from zansai.engine.loan import amortize
from zansai.engine.owed import amount_owed, owed_callback
from zansai.engine.timeline import Timeline, add_months, delinquency_timeline
from zansai.errors import InputError, RuleCoverageError
from zansai.model import LenderType, Loan
from zansai.rules import RuleBook

BOOK = RuleBook.default()
F = date(2026, 1, 27)
ON = date(2026, 6, 1)
D = date.fromisoformat

BANK_DATES = {  # key: (earliest, typical, latest)
    "reminders": ("2026-02-27", "2026-02-27", "2026-03-27"),  # F + 1 (1–2) months
    "credit_record": ("2026-03-29", "2026-03-29", "2026-03-29"),  # F + 61 days
    "acceleration": ("2026-04-27", "2026-04-27", "2026-07-27"),  # F + 3 (3–6) months
    "subrogation": ("2026-04-27", "2026-05-27", "2026-10-27"),  # + 1 (0–3) months
    "auction_filing": ("2026-06-27", "2026-08-27", "2027-01-27"),  # + 3 (2–3) months
    "commencement": ("2026-07-04", "2026-09-06", "2027-02-10"),  # + 10 (7–14) days
    "site_inspection": ("2026-08-04", "2026-11-06", "2027-05-10"),  # + 2 (1–3) months
    "public_notice": ("2026-10-21", "2027-01-23", "2027-07-27"),  # bid start − 14 days
    "bid_period": ("2026-11-04", "2027-02-06", "2027-08-10"),  # commencement + 5 (4–6) months
    # period ends: 11-04+6 (7 days), 02-06+7 (8 days), 08-10+1 month−1 = 09-09; opening + 7
    "bid_opening": ("2026-11-17", "2027-02-20", "2027-09-16"),
    "sale_decision": ("2026-12-08", "2027-03-13", "2027-10-07"),  # + 21 days
    "sale_final": ("2026-12-15", "2027-03-20", "2027-10-14"),  # + 7 days
    "payment": ("2027-01-15", "2027-04-20", "2027-11-14"),  # + 1 month
    "delivery_order": ("2027-07-15", "2027-10-20", "2028-08-14"),  # + 6 (latest: 9) months
}

JHF_DATES = {
    "reminders": ("2026-02-27", "2026-02-27", "2026-03-27"),
    "credit_record": ("2026-03-29", "2026-03-29", "2026-03-29"),
    "acceleration": ("2026-04-27", "2026-07-27", "2026-07-27"),  # F + 6 (3–6) months
    "auction_filing": ("2026-04-27", "2026-09-27", "2026-11-27"),  # + 2 (0–4) months
    "commencement": ("2026-05-04", "2026-10-07", "2026-12-11"),
    "site_inspection": ("2026-06-04", "2026-12-07", "2027-03-11"),
    "public_notice": ("2026-08-21", "2027-02-21", "2027-05-28"),
    "bid_period": ("2026-09-04", "2027-03-07", "2027-06-11"),
    "bid_opening": ("2026-09-17", "2027-03-21", "2027-07-17"),  # 03-07 + 7 + 7
    "sale_decision": ("2026-10-08", "2027-04-11", "2027-08-07"),
    "sale_final": ("2026-10-15", "2027-04-18", "2027-08-14"),
    "payment": ("2026-11-15", "2027-05-18", "2027-09-14"),
    "delivery_order": ("2027-05-15", "2027-11-18", "2028-06-14"),
}


def bank(on: date = ON, **kw: object) -> Timeline:
    return delinquency_timeline(F, on=on, book=BOOK, **kw)  # type: ignore[arg-type]


def dates(t: Timeline) -> dict[str, tuple[str, str, str]]:
    return {m.key: (m.earliest.isoformat(), m.typical.isoformat(),
                    m.latest.isoformat() if m.latest else "") for m in t.milestones}


def test_bank_loan_with_guarantee_company_dates() -> None:
    t = bank()
    assert dates(t) == BANK_DATES
    assert [m.key for m in t.milestones] == list(BANK_DATES)  # chronological
    assert t.milestone("bid_period").step.inputs["end"] == "2027-02-13"  # 8 days: 02-06..02-13
    assert t.milestone("acceleration").basis == "market_practice"
    assert t.milestone("commencement").basis == "court_practice"
    assert t.milestone("bid_opening").basis == "law"


def test_jhf_loan_dates_and_no_subrogation() -> None:
    t = delinquency_timeline(F, on=ON, book=BOOK, lender=LenderType.JHF)
    assert dates(t) == JHF_DATES
    with pytest.raises(KeyError):
        t.milestone("subrogation")
    assert any("no guarantee company" in n[1] for n in t.notes)
    # the JHF filing gap is an estimate: its caveat travels with the result
    use = next(u for u in t.rules_used
               if u.key == "timeline.jhf_auction_filing_after_acceleration_months")
    assert use.status == "unconfirmed"
    assert use.caveat_ja


def test_bank_without_guarantee_company_files_on_the_same_path() -> None:
    t = bank(guarantor_company=False)
    assert "subrogation" not in {m.key for m in t.milestones}
    assert t.milestone("auction_filing").typical == D("2026-08-27")
    # no 代位弁済: no 6-month limit; the clause closes the day before the auction buyer pays
    assert t.window("housing_clause").closes == D("2027-04-19")


def test_seed_004_six_months_as_a_case_override() -> None:
    """記事2 (docs/sources/seed2-divorce.md §6): 'だいたい6ヶ月程度で期限の利益を喪失' - a case may set 6; the
    chain follows."""
    book = BOOK.with_overrides({"timeline.bank_acceleration_months": 6})
    t = delinquency_timeline(F, on=ON, book=book)
    assert t.milestone("acceleration").typical == D("2026-07-27")
    assert t.milestone("subrogation").typical == D("2026-08-27")
    assert t.milestone("auction_filing").typical == D("2026-11-27")


def test_sale_decision_was_one_week_before_2020_04_01() -> None:
    """規則46条2項: 1 week for an opening before 2020-04-01 (3 weeks after)."""
    t = delinquency_timeline(date(2018, 1, 27), on=date(2018, 2, 1), book=BOOK)
    assert t.milestone("bid_opening").typical == D("2019-02-20")
    assert t.milestone("sale_decision").typical == D("2019-02-27")
    assert any("1週間以内" in n[1] for n in bank().notes)  # the older statement is recorded


def test_windows_for_a_bank_loan() -> None:
    t = bank()
    w = {x.key: x for x in t.windows}
    assert set(w) == {"rescheduling", "housing_clause", "bank_short_sale",
                      "bank_short_sale_practical", "short_sale_last_day"}
    assert (w["rescheduling"].closes, w["rescheduling"].closes_latest) == (D("2026-04-26"),
                                                                         D("2026-07-26"))
    # 民再198条2項: 6 months from 代位弁済 2026-05-27 (民法140・143条) → 2026-11-27
    assert w["housing_clause"].closes == D("2026-11-27")
    assert w["housing_clause"].closes_latest == D("2027-04-27")
    assert w["housing_clause"].basis == "law"
    # 民執76条: the day before 開札 2027-02-20; practically before the bidding (02-06)
    assert w["bank_short_sale"].closes == D("2027-02-19")
    assert w["bank_short_sale_practical"].closes == D("2027-02-05")
    assert t.last_short_sale_day() == D("2027-02-19")
    assert [x.is_open for x in t.windows] == [False, True, True, True, True]
    assert all(x.open_on == ON for x in t.windows)


def test_jhf_short_sale_closes_at_the_filing_bank_one_the_day_before_opening() -> None:
    """docs/sources/law-debt-divorce.md §4.2/§4.6: JHF wants the 申出書 before the 競売申立; banks: 民執76条
    (開札前日)."""
    jhf = delinquency_timeline(F, on=ON, book=BOOK, lender=LenderType.JHF)
    assert jhf.window("jhf_short_sale").closes == jhf.milestone("auction_filing").typical - timedelta(1)
    assert jhf.last_short_sale_day() == D("2026-09-26")
    assert jhf.window("short_sale_last_day").basis == "market_practice"
    with pytest.raises(KeyError):
        jhf.window("bank_short_sale")
    b = bank()
    assert b.last_short_sale_day() == b.milestone("bid_opening").typical - timedelta(1)
    assert b.window("short_sale_last_day").basis == "law"
    # JHF: no 代位弁済, so the housing clause is open until the sale (payment 2027-05-18)
    assert jhf.window("housing_clause").closes == D("2027-05-17")


@pytest.mark.parametrize(
    ("key", "last_open"),
    [("rescheduling", "2026-04-26"), ("housing_clause", "2026-11-27"),
     ("bank_short_sale", "2027-02-19"), ("bank_short_sale_practical", "2027-02-05")],
)
def test_window_is_open_through_its_last_day(key: str, last_open: str) -> None:
    day = D(last_open)
    assert bank(on=day - timedelta(1)).window(key).is_open
    assert bank(on=day).window(key).is_open
    assert not bank(on=day + timedelta(1)).window(key).is_open


def test_owed_grows_along_the_milestones() -> None:
    """Waiting costs: each later milestone owes at least as much (before sale proceeds)."""
    s = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                      first_payment=date(2025, 1, 27)))
    for lender in (LenderType.BANK, LenderType.JHF):
        t = delinquency_timeline(F, on=ON, book=BOOK, lender=lender,
                                 owed=owed_callback([s], F, book=BOOK, lender=lender))
        owed = [m.owed for m in t.milestones if m.owed is not None]
        late = [m.late_charges for m in t.milestones if m.late_charges is not None]
        assert len(owed) == len(t.milestones) - 1  # none after the sale (delivery order)
        assert t.milestone("delivery_order").owed is None
        assert owed == sorted(owed)
        assert late == sorted(late)
        assert owed[-1] > owed[0]
    t = bank(owed=owed_callback([s], F, book=BOOK))
    acc, sub = t.milestone("acceleration"), t.milestone("subrogation")
    at_acc = amount_owed(s, acc.typical, book=BOOK, first_missed=F, acceleration=acc.typical)
    assert acc.owed == at_acc.total
    filing = t.milestone("auction_filing")
    at_filing = amount_owed(s, filing.typical, book=BOOK, first_missed=F,
                            acceleration=acc.typical, subrogation=sub.typical)
    assert (filing.owed, filing.late_charges) == (at_filing.total, at_filing.late_charges)
    assert at_filing.holder == "guarantee_company"
    assert filing.step.inputs["owed"] == f"{at_filing.total:,}円"


def test_callback_gets_acceleration_and_subrogation_only_once_reached() -> None:
    calls: list[tuple[date, date | None, date | None]] = []

    def owed(on: date, acc: date | None, sub: date | None) -> tuple[int, int]:
        calls.append((on, acc, sub))
        return 0, 0

    bank(owed=owed)
    by_day = {c[0]: c for c in calls}
    assert by_day[D("2026-03-29")] == (D("2026-03-29"), None, None)
    assert by_day[D("2026-04-27")] == (D("2026-04-27"), D("2026-04-27"), None)
    assert by_day[D("2026-08-27")] == (D("2026-08-27"), D("2026-04-27"), D("2026-05-27"))


def test_hypothetical_what_if() -> None:
    t = delinquency_timeline(date(2026, 12, 27), on=ON, book=BOOK, hypothetical=True)
    assert t.hypothetical
    assert any(n[1].startswith("hypothetical") for n in t.notes)
    assert all(w.is_open for w in t.windows)


def test_a_future_miss_must_be_hypothetical() -> None:
    with pytest.raises(InputError) as exc:
        delinquency_timeline(date(2026, 12, 27), on=ON, book=BOOK)
    assert exc.value.field == "loan.first_missed"


def test_guarantee_company_is_not_an_original_lender() -> None:
    with pytest.raises(InputError) as exc:
        delinquency_timeline(F, on=ON, book=BOOK, lender=LenderType.GUARANTOR_COMPANY)
    assert exc.value.field == "loan.lender"


def test_to_dict_and_explain_are_json_ready() -> None:
    t = bank()
    d = json.loads(json.dumps(t.to_dict()))
    assert d["lender"] == "bank"
    assert d["milestones"][0]["typical"] == "2026-02-27"
    assert d["windows"][-1]["closes"] == "2027-02-19"
    assert {r["key"] for r in d["rules"]} >= {"timeline.bid_period_days",
                                              "rehabilitation.housing_clause_window_months"}
    e = t.explain().to_dict()
    assert len(e["steps"]) == len(t.milestones) + len(t.windows)
    json.dumps(e)


def test_add_months_clips_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 8, 31), -2) == date(2026, 6, 30)
    assert add_months(date(2026, 11, 27), 2) == date(2027, 1, 27)


# ------------------------------------------------------------------ the rules added here

NEW_RULES = {  # key: (value, low, high, kind)
    # docs/sources/law-debt-divorce.md §4.1 '1–2 months'
    "timeline.reminder_months": (1, 1, 2, "market_practice"),
    "timeline.filing_to_commencement_days": (10, 7, 14, "court_practice"),  # §4.3 '1–2 weeks'
    "timeline.site_inspection_after_commencement_months": (2, 1, 3, "court_practice"),  # §4.3
    "timeline.public_notice_before_bid_days": (14, None, None, "law"),  # §4.3 '公告 ≥ 2週間'
    # estimate: §4.1 6–8 months to filing − JHF 喪失 6 (§4.2) = 0–2; high = bank path +4
    "timeline.jhf_auction_filing_after_acceleration_months": (2, 0, 4, "market_practice"),
}


@pytest.mark.parametrize("key", sorted(NEW_RULES))
def test_new_rule_values(key: str) -> None:
    value, low, high, kind = NEW_RULES[key]
    rule = BOOK.get(key)
    assert rule.kind.value == kind
    assert rule.covered_from == date(2014, 4, 1)
    assert rule.covered_to is None
    for on in (date(2014, 4, 1), date(2026, 11, 22), date(2060, 1, 1)):
        r = BOOK.at(key, on)
        assert (r.value, r.period.low, r.period.high) == (value, low, high)
        assert r.period.sources
    with pytest.raises(RuleCoverageError):
        BOOK.at(key, date(2014, 3, 31))


def test_only_the_jhf_estimate_is_unconfirmed() -> None:
    statuses = {k: BOOK.at(k, date(2026, 1, 1)).caveat is not None for k in NEW_RULES}
    assert statuses == {k: k.startswith("timeline.jhf_") for k in NEW_RULES}


def test_default_bank_path_filing_is_within_6_to_8_months() -> None:
    """docs/sources/law-debt-divorce.md §4.1: 競売申立 ≈ 6–8 months after the first missed payment (bank with
    guarantor)."""
    filing = bank().milestone("auction_filing").typical
    assert add_months(F, 6) <= filing <= add_months(F, 8)
