"""Exports lenders and courts recognise: the 配分表, the 償還表 and the 婚姻関係財産一覧表 as a
workbook, a CSV and a printable page, read back and compared with the plan JSON to the yen.

The cases are the short sale of docs/sources/seed1-short-sale.md (§3, §6: the price is not all
repaid, the sale costs come off it first), the JHF condo with a second lien, arrears and a tax
seizure (deductions per docs/sources/law-sale-costs.md §8.1) and the wife of
docs/sources/seed2-divorce.md §9, who put 200万円 of pre-marriage savings into the down payment.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from zansai.cli import main

openpyxl = pytest.importorskip("openpyxl")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED1 = str(EXAMPLES / "seed1-short-sale.toml")
CONDO = str(EXAMPLES / "condo-jhf-arrears.toml")
DIVORCE = str(EXAMPLES / "seed2-divorce-separate-property.toml")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def plan_json(case: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, _ = run(["plan", case, "--json"], capsys)
    assert code == 0
    return json.loads(out)


def workbook(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    out = tmp_path / "out.xlsx"
    code, _, err = run(["export", *args, "--format", "xlsx", "-o", str(out)], capsys)
    assert code == 0, err
    return openpyxl.load_workbook(out)


def table(ws: Any, title: str) -> list[dict[str, Any]]:
    """The rows of the table headed ``title``, keyed by its column names (until a blank row)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == title)
    names = [n for n in rows[start + 1] if n is not None]
    out = []
    for r in rows[start + 2:]:
        if all(v is None for v in r):
            break
        out.append(dict(zip(names, r, strict=False)))
    return out


def exit_of(plan: dict[str, Any], key: str) -> dict[str, Any]:
    return next(e for e in plan["exits"] if e["key"] == key)


def check_distribution(ws: Any, dist: dict[str, Any]) -> None:
    """Every figure of the workbook's 配分表 equals the plan JSON's distribution, to the yen."""
    lines = dist["lines"]
    flow = {r["項目"]: r["金額"] for r in table(ws, "売買代金と控除")}
    assert flow["売買代金"] == dist["price"]
    costs = [ln for ln in lines if ln["party"] == "sale_costs"]
    for ln in costs:
        assert flow[ln["label_ja"]] == ln["paid"]
    deducted = sum(ln["paid"] for ln in costs) + sum(
        ln["deduction"] for ln in lines if ln["party"] != "sale_costs")
    assert flow["控除合計"] == deducted
    assert flow["控除後の残額（債権者・売主への配分）"] == dist["price"] - deducted
    creditors = table(ws, "債権者別配分")
    by_name = {r["債権者"]: r for r in creditors}
    for ln in lines:
        if ln["party"] in ("sale_costs",):
            continue
        row = by_name[ln["label_ja"]]
        assert row["配分額"] == ln["paid"]
        assert (row["うち控除額"] or 0) == ln["deduction"]
        if ln["party"] != "seller":
            assert (row["順位"], row["債権額"], row["残額"]) == (ln["rank"], ln["claim"], ln["shortfall"])
    total = by_name["合計"]
    assert total["配分額"] == dist["paid_total"] == dist["price"]
    assert total["残額"] == dist["remaining_debt"]
    assert by_name["売却諸費用（控除項目のうち費用）"]["配分額"] == sum(ln["paid"] for ln in costs)
    yen_cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, int)]
    assert yen_cells
    assert all(c.number_format == "#,##0" for c in yen_cells if c.column > 1)


def test_seed1_short_sale_workbook_equals_the_json(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The short sale at 1,900万円; after the costs 18,295,000円 goes to さくら銀行 and
    7,395,521円 stays owed (docs/sources/seed1-short-sale.md §3, §7)."""
    plan = plan_json(SEED1, capsys)
    assert plan["distribution"]["exit"] == "short_sale"
    wb = workbook([SEED1, "--adviser-name", "山田 太郎"], tmp_path, capsys)
    assert wb.sheetnames == ["配分表"]
    ws = wb["配分表"]
    dist = exit_of(plan, "short_sale")["distribution"]
    check_distribution(ws, dist)
    first = table(ws, "債権者別配分")[1]
    assert (first["配分額"], first["残額"]) == (18_295_000, 7_395_521)
    head = {r[0]: r[1] for r in ws.iter_rows(min_row=3, max_row=14, max_col=2, values_only=True)}
    assert head["売買代金"] == 19_000_000
    assert head["作成者"] == "山田 太郎"
    assert head["決済日"].date().isoformat() == plan["sale_date"]
    assert ws.column_dimensions["B"].width >= 30
    assert int(ws.page_setup.paperSize) == 9


def test_condo_workbook_lists_each_deduction_and_creditor(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The JHF condo: ハンコ代 to the second lien, the 滞納管理費 and the seizure release are
    deductions (docs/sources/law-sale-costs.md §8.1), each creditor's 配分額 and 残額 as in the JSON."""
    plan = plan_json(CONDO, capsys)
    dist = exit_of(plan, "short_sale")["distribution"]
    ws = workbook([CONDO, "--exit", "short_sale"], tmp_path, capsys)["配分表"]
    check_distribution(ws, dist)
    flow = {r["項目"]: r["金額"] for r in table(ws, "売買代金と控除")}
    assert flow["第2順位 抹消承諾料（Xファイナンス）"] == 240_000
    assert flow["滞納管理費等"] == 350_000


def test_every_exit_with_a_table_exports_equal_to_the_json(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The auction's table too (costs off the top, then by rank): the same checks hold."""
    plan = plan_json(SEED1, capsys)
    ws = workbook([SEED1, "--exit", "auction_court"], tmp_path, capsys)["配分表"]
    check_distribution(ws, exit_of(plan, "auction_court")["distribution"])


def test_csv_is_utf8_with_bom_and_plain_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", SEED1, "--format", "csv"], capsys)
    assert code == 0
    # capsys decodes stdout; the BOM is its first character
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["区分", "項目", "金額", "順位", "債権者", "債権額", "うち控除額", "配分額", "残額",
                       "内容"]
    header = {r[1]: r[9] for r in rows if r[0] == "見出し"}
    assert header["売買代金"] == "19000000"
    assert header["売却方法"] == "任意売却"
    lender = next(r for r in rows if r[4] == "第1順位 抵当権（さくら銀行）")
    assert lender[3:9] == ["1", "第1順位 抵当権（さくら銀行）", "25690521", "0", "18295000", "7395521"]
    oop = [r for r in rows if r[0] == "売買代金とは別に売主が負担する費用"]
    assert [r[2] for r in oop] == ["10000", "6500", "16500"]


def test_csv_written_to_a_file_keeps_crlf_and_the_bom(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "haibun.csv"
    code, _, _ = run(["export", SEED1, "--format", "csv", "-o", str(out), "--lang", "en"], capsys)
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert data.decode("utf-8-sig").splitlines()[0].startswith("Section,Item,Amount,Rank,Creditor")


@pytest.mark.parametrize(("lang", "words"), [("ja", ["配分表", "債権者別配分", "作成日"]),
                                        ("en", ["Distribution of the sale price", "Paid to each creditor"])])
def test_the_page_renders_in_both_languages(lang: str, words: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", SEED1, "--format", "html", "--lang", lang], capsys)
    assert code == 0
    assert f'<html lang="{lang}">' in out
    for w in [*words, "18,295,000", "7,395,521", "@page { size: A4", "break-inside: avoid"]:
        assert w in out
    assert "<script" not in out


@pytest.mark.parametrize(("args", "field"), [
    (["--format", "pdf"], "--format"),
    (["--what", "ledger"], "--what"),
    (["--exit", "keep_paying"], "--exit"),
    (["--exit", "short_sale", "--what", "schedule"], "--exit"),
    (["--adviser-name", "x" * 201], "--adviser-name"),
])
def test_a_bad_option_writes_nothing(args: list[str], field: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xlsx"
    code, stdout, err = run(["export", SEED1, *args, "-o", str(out)], capsys)
    assert code == 2
    assert stdout == ""
    assert err.startswith("エラー: ")
    assert " / error: " in err
    assert field in err
    assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_left_as_it_was_on_a_mistake(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "haibun.xlsx"
    out.write_bytes(b"before")
    code, _, _ = run(["export", DIVORCE.replace("seed2-divorce-separate-property", "seed1-short-sale"),
                      "--what", "property-list", "-o", str(out)], capsys)
    assert code == 2
    assert out.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["haibun.xlsx"]


def test_excel_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["export", SEED1], capsys)
    assert code == 2
    assert out == ""
    assert "-o" in err
    assert " / error: " in err


def test_schedule_workbook_rows_equal_zansai_schedule_json(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The loan of docs/sources/seed1-short-sale.md's household (3,800万円, 1.2%, 35 years
    from 2012-05, due on the 27th): every row of the workbook's 償還表 equals ``zansai schedule
    --json``'s."""
    code, out, _ = run(["schedule", "--principal", "3800万", "--rate", "1.2", "--years", "35",
                        "--start", "2012-05", "--payment-day", "27", "--json"], capsys)
    assert code == 0
    expected = json.loads(out)["payments"]
    ws = workbook([SEED1, "--what", "schedule"], tmp_path, capsys)["償還表"]
    rows = table(ws, "住宅ローン（さくら銀行）借入額 38,000,000円・420回")
    body, total = rows[:-1], rows[-1]
    assert len(body) == len(expected) == 420
    keys = {"回": "number", "返済額": "payment", "利息": "interest", "元金": "principal", "残高": "balance",
            "ボーナス返済": "bonus_payment", "繰上返済": "prepayment", "未払利息": "unpaid_interest",
            "金利": "annual_rate"}
    for got, want in zip(body, expected, strict=True):
        assert {keys[k]: v for k, v in got.items() if k in keys} == {v: want[v] for v in keys.values()}
        assert got["返済日"].date().isoformat() == want["due_date"]
    assert total["返済日"] == "合計"
    assert total["返済額"] == sum(r["payment"] for r in expected)
    assert total["元金"] == 38_000_000
    header_row = next(c.row for c in ws["A"] if c.value == "回")
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.freeze_panes == f"A{header_row + 1}"


def test_schedule_csv_and_page(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", SEED1, "--what", "schedule", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    first = next(r for r in rows if r[2] == "1")
    assert first[3] == "2012-05-27"
    assert first[7] == str(38_000_000 - int(first[6]))
    code, out, _ = run(["export", SEED1, "--what", "schedule", "--format", "html", "--lang", "en"], capsys)
    assert code == 0
    assert "Repayment schedule" in out
    assert "38,000,000" in out


def test_the_adviser_comes_from_the_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('[adviser]\nname = "山田 太郎"\noffice = "山田司法書士事務所"\n'
                        'contact = "03-0000-0000"\n', encoding="utf-8")
    monkeypatch.setenv("ZANSAI_SETTINGS", str(settings))
    code, out, _ = run(["export", SEED1, "--format", "csv", "--adviser-contact", "06-1111-2222"], capsys)
    assert code == 0
    header = {r[1]: r[9] for r in csv.reader(io.StringIO(out.lstrip("\ufeff"))) if r[0] == "見出し"}
    assert (header["作成者"], header["事務所"], header["連絡先"]) == (
        "山田 太郎", "山田司法書士事務所", "06-1111-2222")
    settings.write_text('[adviser]\nphone = "03"\n', encoding="utf-8")
    code, out, err = run(["export", SEED1, "--format", "csv"], capsys)
    assert code == 2
    assert out == ""
    assert "adviser.phone" in err
    assert " / error: " in err


@pytest.mark.parametrize(("content", "field"), [
    ("[adviser\nname = 1", "ZANSAI_SETTINGS"),
    ('[adviser]\nname = 1\n', "adviser.name"),
    ('adviser = "山田"\n', "adviser"),
])
def test_a_broken_settings_file_is_one_line_naming_the_key(
        content: str, field: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(content, encoding="utf-8")
    monkeypatch.setenv("ZANSAI_SETTINGS", str(settings))
    out = tmp_path / "haibun.csv"
    code, _, err = run(["export", SEED1, "--format", "csv", "-o", str(out)], capsys)
    assert code == 2
    assert field in err
    assert err.count("\n") == 1
    assert not out.exists()
