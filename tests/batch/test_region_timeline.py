"""A located loan's auction timeline in the batch: the court's published months from filing to
distribution date the auction as in the single-case engine (``engine.timeline_court``).

東京地方裁判所 本庁 (千代田区 13101, docs/sources/auction-statistics.md §6.2): 申立→配当 about
10 months for all properties, about 7 for condominiums (§5.1). 千葉地方裁判所松戸支部 (松戸市
12207, §6.5) publishes no such figure: 不明, the national rules date its auctions. The loan is
記事1's household (docs/sources/seed1-short-sale.md), as in examples/tokyo-auction-range.toml.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from tests.batch.chunks import chunk_of

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch.courttotals import CourtTotals
from zansai.batch.output import results_table
from zansai.batch.params import day, key_row
from zansai.batch.reference import reference
from zansai.batch.region import court_ids, court_timings
from zansai.batch.timelines import TimelineMemo
from zansai.batch.value import Setup, value
from zansai.rules import RuleBook

AT = date(2026, 12, 1)
TOKYO, MATSUDO = court_ids().index("tokyo:main"), court_ids().index("chiba:matsudo")
SEED1: dict[str, Any] = {"principal": 38_000_000, "rate": 1_200_000, "term_months": 420,
                         "first_payment": date(2012, 5, 27), "payment_day": 27,
                         "first_missed": date(2026, 8, 27), "collateral_value": 20_000_000,
                         "late_rate": 14_000_000, "sale_date": date(2027, 3, 31)}
AUCTION = F.O_EXIT + 3 * F.EXIT_WIDTH
ROOT = Path(__file__).resolve().parents[2]

# (tape row, the same home's location in a case file: municipality code, prefecture code)
LOANS: list[tuple[dict[str, Any], tuple[str | None, str | None] | None]] = [
    ({**SEED1, "court": TOKYO}, ("13101", None)),
    ({**SEED1, "court": TOKYO, "property_type": 1, "monthly_management_fee": 15_000}, ("13101", None)),
    ({**SEED1, "court": TOKYO, "lender_type": 1, "guarantor_company": False,
      "first_missed": date(2026, 3, 1), "payment_day": 1, "first_payment": date(2012, 6, 1)},
     ("13101", None)),
    ({**SEED1, "court": TOKYO, "first_missed": None, "sale_date": date(2027, 9, 30)}, ("13101", None)),
    ({**SEED1, "court": TOKYO, "lien_rank": 2, "senior_claim": 5_000_000}, ("13101", None)),
    ({**SEED1, "court": MATSUDO}, ("12207", None)),
    (SEED1, None),
]


def _valued() -> tuple[Any, Setup]:
    setup = Setup.create(AT)
    chunk = chunk_of([loan for loan, _ in LOANS], at=AT)
    assert chunk.located
    return value(chunk, setup), setup


def test_a_located_loan_agrees_with_the_engine_to_the_yen() -> None:
    """Every result of every exit (the auction's payment date, late charges, recovery, remaining
    debt) is the engine's on the same case with its location, row by row."""
    got, setup = _valued()
    for i, (_loan, location) in enumerate(LOANS):
        status, row = reference(got.chunk, i, setup, location=location)
        assert got.status[i] == status == K.ST_OK, (i, got.reasons.get(i))
        diff = np.flatnonzero(got.out[i] != row)
        assert diff.size == 0, (i, {int(c): (int(got.out[i][c]), int(row[c])) for c in diff})


def test_the_court_moves_the_auction_and_a_court_without_figures_does_not() -> None:
    """東京 本庁 (10 months) pays later than the national timeline (its 配当 then lands about 10
    months after the filing); 松戸 (不明) and the unlocated loan keep the national dates."""
    got, setup = _valued()
    tokyo, matsudo, plain = got.out[0], got.out[5], got.out[6]
    assert (matsudo == plain).all()
    _status, national = reference(got.chunk, 6, setup)
    assert (plain == national).all()
    assert tokyo[AUCTION + F.E_COMPLETION] > plain[AUCTION + F.E_COMPLETION]
    assert tokyo[AUCTION + F.E_LATE] > plain[AUCTION + F.E_LATE]
    assert tokyo[AUCTION + F.E_REMAINING] > plain[AUCTION + F.E_REMAINING]
    # the filing is the same: only the stages after it move
    assert got.keys[0, 2] == got.keys[6, 2]


def test_the_tokyo_example_in_the_batch_is_zansai_plan() -> None:
    """examples/tokyo-auction-range.toml (the seed-1 loan, 千代田区) through ``zansai plan`` and the
    same loan as a tape row with its court: the auction exit's figures agree to the yen."""
    example = str(ROOT / "examples/tokyo-auction-range.toml")
    out = subprocess.run([sys.executable, "-m", "zansai", "plan", example, "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    plan = json.loads(out.stdout)
    assert plan["timeline"]["court"]["applied"] is True
    engine = next(e for e in plan["exits"] if e["key"] == "auction_court")
    (lender,) = engine["lenders"]
    got, _setup = _valued()
    row = got.out[0]
    assert int(row[AUCTION + F.E_COMPLETION]) == day(date.fromisoformat(engine["completion_date"]))
    assert (int(row[AUCTION + F.E_PRICE]), int(row[AUCTION + F.E_COSTS]), int(row[AUCTION + F.E_CLAIM]),
            int(row[AUCTION + F.E_LATE]), int(row[AUCTION + F.E_RECOVERY]),
            int(row[AUCTION + F.E_REMAINING])) == (
        engine["price"], engine["costs_total"], lender["claim"], lender["late_charges"], lender["paid"],
        engine["remaining_debt"])
    # the figures themselves (2027-12-27 payment: 遅延損害金 3,719,833円, 残債 10,985,790円)
    assert engine["completion_date"] == "2027-12-27"
    assert (lender["late_charges"], engine["remaining_debt"]) == (3_719_833, 10_985_790)


def test_courts_with_the_same_months_share_their_timelines() -> None:
    """One timing class per distinct published months (the engine's dates depend on them alone):
    東京 本庁's houses (10) and condominiums (7), 松戸 none (class 0)."""
    t = court_timings(AT)
    months = [str(x.figure.value) for x in t.timings if x.figure is not None]
    assert len(months) == len(t.timings) == len(set(months))
    assert t.classes[MATSUDO].tolist() == [0, 0]
    house, condo = t.classes[TOKYO].tolist()
    assert (months[house - 1], months[condo - 1]) == ("10", "7")


def test_a_moved_court_timeline_is_the_engines() -> None:
    """The memo moves a court's timeline by whole four-year cycles as it does a national one; each
    moved row is what the engine computes for that first missed date (leap days included)."""
    t = court_timings(AT)
    memo = TimelineMemo(RuleBook.default(), AT, t.timings)
    house = int(t.classes[TOKYO][0])
    # no timeline rule changes value after 2020-04-01 (the book's last change day): the 2020/2024 and
    # 2021/2025 pairs move
    firsts = [date(2020, 8, 27), date(2024, 8, 27), date(2021, 3, 31), date(2025, 3, 31), date(2020, 2, 29),
              date(2024, 2, 29)]
    for first in firsts:
        for lender, gc in ((0, 1), (1, 0)):
            got = memo.row(day(first), lender, gc, house)
            want = key_row(memo.book, first, lender, bool(gc), AT, t.timings[house - 1])
            assert (got == want).all(), first
            assert (got != key_row(memo.book, first, lender, bool(gc), AT)).any()
    assert memo.computed <= 2 * len(firsts) - 4


def test_the_results_say_which_timeline_dated_the_auction() -> None:
    """``auction_timeline``: ``court`` for 東京 本庁 (its months), ``national`` for 松戸 (不明),
    empty without a location."""
    got, _setup = _valued()
    table = results_table(got, day(AT)).to_pylist()
    assert [r["auction_timeline"] for r in table] == ["court"] * 5 + ["national", ""]


def test_the_summary_counts_the_loans_on_the_courts_timeline() -> None:
    """The summary's ``courts``: 東京 本庁's five loans dated on its months, 松戸's none."""
    got, _setup = _valued()
    totals = CourtTotals()
    totals.add(got)
    rows = {r["court"]: r for r in totals.to_dict()["by_court"]}
    assert (rows["tokyo:main"]["loans"], rows["tokyo:main"]["court_timeline"]) == (5, 5)
    assert (rows["chiba:matsudo"]["court_timeline"], rows[""]["court_timeline"]) == (0, 0)
