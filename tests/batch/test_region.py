"""The tape's coded region: each loan's court, its auction figures, and their agreement with the engine.

Courts by municipality: docs/sources/auction-statistics.md §6.1 (one district court per
prefecture, 東京 for 13), §6.5 (松戸市 12207 → 千葉地方裁判所松戸支部). The court's median of
winning bid ÷ 売却基準価額: §1.2 (松戸支部 1.66倍), §1.7 (東京地裁 マンション 1.62倍, 2014上期).
The national realized ratio 0.7 / 0.918 / 1.086 and market adjustment 0.5–0.7 are the rule
files auction/realized_to_market_ratio.toml and auction/market_adjustment.toml.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.batch.chunks import chunk_of
from tests.batch.test_tape import BASE, read_all, write_csv

from zansai.batch import layout as F
from zansai.batch.output import Totals, results_table
from zansai.batch.reference import book_for, case_for
from zansai.batch.region import auction_draws, court_ids, court_table
from zansai.batch.value import Setup, loans_matrix, value
from zansai.engine.auction_court import court_view
from zansai.engine.exits import auction
from zansai.engine.plan import build_context
from zansai.model.keys import ExitKey
from zansai.rules import RuleBook

AT = date(2026, 12, 1)
MATSUDO, TOKYO, SAPPORO = (court_ids().index(c) for c in ("chiba:matsudo", "tokyo", "sapporo"))


def _court(name: str) -> int:
    return court_ids().index(name)


def test_a_tape_without_region_columns_has_no_courts(tmp_path: Path) -> None:
    chunks, errors = read_all(write_csv(tmp_path / "t.csv", [BASE, BASE]))
    assert errors == []
    assert not chunks[0].located
    assert chunks[0].court.tolist() == [-1, -1]


def test_courts_from_municipality_prefecture_or_court(tmp_path: Path) -> None:
    rows = [{**BASE, "municipality_code": "12207"},  # 松戸市 (§6.5)
            {**BASE, "municipality_code": "122076"},  # with its check digit 6
            {**BASE, "prefecture_code": "13"},  # 東京都: the district court (§6.1)
            {**BASE, "prefecture_code": "1"},  # 北海道 as a spreadsheet drops the zero: 札幌 (first listed)
            {**BASE, "court": "tokyo:tachikawa"},
            {**BASE, "court": "千葉地方裁判所松戸支部", "prefecture_code": "12"},
            {**BASE}]
    chunks, errors = read_all(write_csv(tmp_path / "t.csv", rows))
    assert errors == []
    c = chunks[0]
    assert c.located
    assert c.court.tolist() == [MATSUDO, MATSUDO, TOKYO, SAPPORO, _court("tokyo:tachikawa"), MATSUDO, -1]


@pytest.mark.parametrize(("cells", "column", "en"), [
    ({"municipality_code": "122075"}, "municipality_code", "a municipality code is 5 digits, or 6 with a "
     "correct check digit (千代田区: 13101 or 131016)"),
    ({"municipality_code": "1220"}, "municipality_code", None),
    ({"municipality_code": "48001"}, "municipality_code", None),
    ({"prefecture_code": "48"}, "prefecture_code", "a prefecture code is 2 digits from 01 to 47 (Tokyo: 13)"),
    ({"prefecture_code": "13", "municipality_code": "12207"}, "municipality_code",
     "its first two digits do not match prefecture_code (13)"),
    ({"court": "narnia"}, "court", None),
    ({"court": "tokyo", "municipality_code": "12207"}, "court",
     "it is not the district court of the location given (chiba:matsudo)"),
])
def test_bad_region_cells_are_row_errors(tmp_path: Path, cells: dict[str, str], column: str,
                                         en: str | None) -> None:
    chunks, errors = read_all(write_csv(tmp_path / "t.csv", [BASE, {**BASE, **cells}]))
    assert [(e.row, e.column) for e in errors] == [(2, column)]
    assert errors[0].message_ja
    assert errors[0].message_en
    if en is not None:
        assert errors[0].message_en == en
    assert chunks[0].row.tolist() == [1]


LOAN: dict[str, Any] = {"principal": 38_000_000, "rate": 1_200_000, "term_months": 420,
                        "first_payment": date(2012, 5, 27), "payment_day": 27,
                        "first_missed": date(2026, 8, 27), "collateral_value": 20_000_000,
                        "late_rate": 14_000_000, "sale_date": date(2027, 3, 31)}
LOCATED = [({**LOAN, "court": MATSUDO}, "12207", None),
           ({**LOAN, "court": TOKYO, "property_type": 1}, None, "13"),
           ({**LOAN, "court": SAPPORO, "collateral_value": 9_000_000}, None, "01"),
           ({**LOAN, "court": MATSUDO, "auction_realized_ratio": 80_000_000}, "12207", None)]


def test_a_located_loan_agrees_with_the_single_case_engine() -> None:
    """The results' court columns are the engine's court view (``zansai plan`` on the same case):
    the auction price is the engine's, the range and the court-based alternative are its figures."""
    chunk = chunk_of([loan for loan, _, _ in LOCATED], at=AT)
    setup = Setup.create(AT)
    got = value(chunk, setup)
    table = results_table(got, (AT - date(1970, 1, 1)).days).to_pylist()
    auction_base = F.O_EXIT + 3 * F.EXIT_WIDTH
    for i, (_, municipality, prefecture) in enumerate(LOCATED):
        case = case_for(chunk, i, AT)
        case = replace(case, property=replace(case.property, municipality_code=municipality,
                                              prefecture_code=prefecture))
        book = book_for(chunk, i, setup.book)
        ctx = build_context(case, book)
        view = court_view(case.property, ctx.valuation, book, case.at)
        assert view is not None
        row = table[i]
        assert row["court"] == view.court.court_id
        assert (row["auction_range_low"], row["auction_range_high"]) == (view.low, view.high)
        engine = auction(ctx, ExitKey.AUCTION_COURT)
        assert got.out[i][auction_base + F.E_PRICE] == engine.price == view.central
        based = next((a for a in view.alternatives if a.key == "court_based"), None)
        if based is None:
            assert row["auction_basis"] == "national"
            assert row["auction_court_low"] is None
        else:
            assert row["auction_basis"] == "court"
            assert (row["auction_court_low"], row["auction_court_high"]) == (based.price, based.high)
    # 松戸支部: 2,000万円 × 0.5 × 1.66 = 1,660万円 … × 0.7 × 1.66 = 2,324万円 (§1.2)
    assert (table[0]["auction_court_low"], table[0]["auction_court_high"]) == (16_600_000, 23_240_000)
    # 東京地裁 マンション: × 1.62 (§1.7): 1,620万円 … 2,268万円
    assert (table[1]["auction_court_low"], table[1]["auction_court_high"]) == (16_200_000, 22_680_000)
    # the range: 2,000万円 × 0.7 / 1.086 (national, every court)
    assert (table[0]["auction_range_low"], table[0]["auction_range_high"]) == (14_000_000, 21_720_000)
    assert table[2]["auction_basis"] == "national"  # 札幌: no median cited, 不明


def test_the_monte_carlo_draws_the_auction_ratio_around_the_court_figure() -> None:
    """Central = the midpoint of the court-based ratio (0.5 … 0.7 × 1.66 → 0.996 for 松戸);
    low / high scaled by the national 0.7 / 1.086 ÷ 0.918 (the court's spread is 不明)."""
    chunk = chunk_of([loan for loan, _, _ in LOCATED] + [LOAN], at=AT)
    setup = Setup.create(AT)
    L = loans_matrix(chunk, setup)
    assert L[:, F.AUC_DRAW].tolist() == [1, 1, 1, 1, 0]
    assert L[3, F.R_AUC_MODE] == 80_000_000  # the row's own ratio
    mode = 99_600_000
    assert L[0, F.R_AUC_MODE] == mode
    assert (L[0, F.R_AUC_LO], L[0, F.R_AUC_HI]) == (mode * 700 // 918, mode * 1086 // 918)
    assert L[1, F.R_AUC_MODE] == 97_200_000  # 0.6 × 1.62
    assert (L[2, F.R_AUC_LO], L[2, F.R_AUC_MODE], L[2, F.R_AUC_HI]) == (70_000_000, 91_800_000, 108_600_000)
    table = court_table(AT, RuleBook.default())
    blank = np.zeros_like(L)
    auction_draws(blank, chunk_of([LOAN], at=AT), table)  # no court: nothing set
    assert not blank.any()


def test_scenarios_of_unlocated_loans_do_not_change() -> None:
    """A loan without a region draws exactly what it drew before (its stream is untouched); a
    located loan's auction recovery varies with the drawn ratio as well as the payment date. The
    sale is dated after the auction's payment, so every scenario falls through to the auction."""
    plain = {**LOAN, "sale_date": date(2030, 3, 31)}
    located = {**plain, "court": MATSUDO}
    setup = Setup.create(AT, scenarios=200, seed=7)
    a = value(chunk_of([plain, plain], at=AT), setup)
    b = value(chunk_of([plain, located], at=AT), setup)
    assert a.mc is not None
    assert b.mc is not None
    assert a.mc[0].tolist() == b.mc[0].tolist()
    spread_plain = a.mc[1, F.M_P90] - a.mc[1, F.M_P10]
    spread_located = b.mc[1, F.M_P90] - b.mc[1, F.M_P10]
    assert spread_located > spread_plain + 1_000_000


def test_the_summary_counts_loans_and_recoveries_per_court() -> None:
    """Per court: the loans, how many used its cited figure or the national rule (札幌: 不明), what
    they owe and recover; chunks add up. A tape without a region has no ``courts`` at all."""
    setup = Setup.create(AT)
    loans = [loan for loan, _, _ in LOCATED] + [LOAN]
    totals = Totals()
    for part in (loans[:2], loans[2:]):
        one = Totals()
        one.add_chunk(value(chunk_of(part, at=AT), setup))
        totals.merge(one)
    got = totals.to_dict()["courts"]
    rows = {r["court"]: r for r in got["by_court"]}
    assert [r["court"] for r in got["by_court"]] == ["chiba:matsudo", "sapporo", "tokyo", ""]
    assert (rows["sapporo"]["court_figure"], rows["sapporo"]["national"]) == (0, 1)
    assert (rows["tokyo"]["court_figure"], rows["tokyo"]["national"]) == (1, 0)
    assert (rows[""]["court_figure"], rows[""]["national"]) == (0, 0)
    assert (got["national_loans"], got["unlocated_loans"]) == (1, 1)
    assert got["unknown"] == ["bid_ratio_distribution"]
    whole = value(chunk_of(loans, at=AT), setup)
    auction = F.O_EXIT + 3 * F.EXIT_WIDTH
    recovered = int(whole.out[:, auction + F.E_RECOVERY].sum())
    assert sum(r["auction_recovery"] for r in got["by_court"]) == recovered
    assert rows["chiba:matsudo"]["loans"] == 2
    assert rows["chiba:matsudo"]["owed"] == int(whole.out[0, F.O_OWED_AT] + whole.out[3, F.O_OWED_AT])
    plain = Totals()
    plain.add_chunk(value(chunk_of([LOAN], at=AT), setup))
    assert "courts" not in plain.to_dict()


def test_the_command_shows_the_courts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``zansai batch`` on a located tape: the results' court columns, the summary's table by court
    (terminal) and its ``courts`` (--json); exit 0, every row valued."""
    from zansai.cli import main

    rows = [{**BASE, "loan_id": "M", "municipality_code": "12207"},
            {**BASE, "loan_id": "S", "prefecture_code": "01"}]
    tape, out = write_csv(tmp_path / "t.csv", rows), tmp_path / "out.csv"
    for extra in ([], ["--json"]):
        code = 0
        try:
            main(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(), *extra])
        except SystemExit as exc:
            code = int(exc.code or 0)
        assert code == 0
    printed = capsys.readouterr().out
    assert "裁判所別 / by court" in printed
    assert "千葉地方裁判所松戸支部 chiba:matsudo" in printed
    summary = json.loads(printed[printed.index("\n{") + 1:])
    assert [(r["court"], r["court_figure"], r["national"]) for r in summary["courts"]["by_court"]] == [
        ("chiba:matsudo", 1, 0), ("sapporo", 0, 1)]
    header = out.read_text("utf-8").splitlines()[0]
    assert '"court","auction_basis","auction_range_low"' in header
