"""What to do now (issue 15 §4): the next deadlines with their countdown, the actions chosen from
the facts of the case, and who is affected, from the plan alone.

The dates are the delinquency timeline's (docs/sources/law-debt-divorce.md and the timeline rules);
the bills are the exits' remaining debts; the countdown is counted from the plan's ``at``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zansai.case import load_case
from zansai.engine.plan import Plan, plan
from zansai.report.html import environment
from zansai.report.now import next_steps, now_context

ROOT = Path(__file__).resolve().parent.parent
HOMEOWNER = ROOT / "tests" / "story" / "homeowner-three-months-behind.toml"


def _plan(path: Path) -> Plan:
    case, book = load_case(str(path))
    return plan(case, book)


def test_the_homeowner_sees_the_rescheduling_deadline_first() -> None:
    """First missed 2026-09-27, at 2026-12-01: acceleration on 2026-12-27, so rescheduling closes
    2026-12-26, 25 days away; then 代位弁済 2027-01-27 and the auction filing 2027-04-27; the short
    sale's last day 2027-10-20 is added because the best exit is the short sale."""
    p = _plan(HOMEOWNER)
    steps = next_steps(p, p.case.at)
    assert [(d.key, d.on, d.days) for d in steps.deadlines] == [
        ("rescheduling", date(2026, 12, 26), 25), ("subrogation", date(2027, 1, 27), 57),
        ("auction_filing", date(2027, 4, 27), 147), ("short_sale_last_day", date(2027, 10, 20), 323)]
    assert [a.key for a in steps.actions] == ["reschedule", "tell_guarantor", "appraisals", "specialist"]
    assert steps.actions[0].text.ja == ("2026-12-26（あと25日）までに、みどり銀行に返済条件の変更（リスケ）を"
                                        "相談する。")


def test_the_guarantor_is_billed_what_the_short_sale_leaves() -> None:
    p = _plan(HOMEOWNER)
    steps = next_steps(p, p.case.at)
    billed = [(a.name, a.amount) for a in steps.affected if a.key == "guarantor"]
    assert billed == [("父", p.exit("short_sale").remaining_debt)] == [("父", 1_861_952)]
    home = next(a for a in steps.affected if a.key == "home")
    assert home.amount == 200_000  # market.moving_cost
    assert home.on == date(2027, 3, 31)  # the sale date
    consents = [a.text.ja for a in steps.affected if a.key == "consent"]
    assert "同意: みどり銀行（貸し手・抵当権者）の同意が必要です（まだ確認できていません）。" in consents
    credit = next(a for a in steps.affected if a.key == "credit")
    assert credit.amount == 5  # credit_record.cic_years
    assert steps.best is not None
    assert steps.best.ja.startswith("おすすめ＝任意売却: 実行できる方法のうち、"
                                    "残る借金がいちばん少ない方法です（条件: みどり銀行の同意")


def test_a_case_without_arrears_counts_down_to_the_sale_only() -> None:
    p = _plan(ROOT / "examples" / "leaseback-retiree.toml")
    steps = next_steps(p, p.case.at)
    assert steps.hypothetical
    assert [(d.key, d.days) for d in steps.deadlines] == [("sale_date", (p.case.sale_date - p.case.at).days)]
    assert steps.actions[0].key == "keep_paying"
    assert not any(a.key == "guarantor" for a in steps.affected)
    credit = next(a for a in steps.affected if a.key == "credit")
    assert credit.text.ja.startswith("信用情報: 返済が遅れなければ")


def test_the_countdown_counts_from_the_day_given() -> None:
    p = _plan(ROOT / "examples" / "seed1-short-sale.toml")
    later = next_steps(p, date(2027, 1, 1))
    assert later.deadlines[0].key == "auction_filing"  # 代位弁済 2026-12-27 has passed
    assert later.deadlines[0].days == (date(2027, 3, 27) - date(2027, 1, 1)).days


def test_the_partial_renders_alone_in_both_languages() -> None:
    p = _plan(HOMEOWNER)
    for lang, words in (("ja", ("今すべきこと", "あと25日", "父（連帯保証人）")),
                        ("en", ("What to do now", "in 25 days", "父 (joint guarantor)"))):
        html = environment().get_template("_now.html").render(lang=lang, now=now_context(p, p.case.at, lang))
        assert all(w in html for w in words), lang
        assert 'id="deadline-rescheduling" data-days="25"' in html


def test_a_feasible_way_to_keep_the_home_is_offered_beside_the_best_exit() -> None:
    """The keep-home example: 個人再生 with the 住宅資金特別条項 is feasible but is never the best exit
    (it sells nothing), so "who is affected" offers it with its monthly total (loan 66,007 +
    arrears 47,873 + plan 28,889 = 142,769円) and what the plan pays (T 5,200,000 / 5 = 1,040,000円,
    民再231条2項, 196–206条; docs/sources/law-debt-divorce.md §1.1, §1.6)."""
    p = _plan(ROOT / "examples" / "keep-home-rehabilitation.toml")
    steps = next_steps(p, p.case.at)
    keep = [a for a in steps.affected if a.key == "keep_option"]
    assert [a.amount for a in keep] == [142_769]
    assert "1,040,000円" in keep[0].text.ja
    assert "¥1,040,000" in keep[0].text.en
    other = _plan(HOMEOWNER)
    assert not [a for a in next_steps(other, other.case.at).affected if a.key == "keep_option"]
