"""The 婚姻関係財産一覧表 laid out as the family court's form: one block per name-holder (名義人)
with the base date (別居日), lines numbered by kind and line (1-1 不動産, 2-1 預貯金 …, 8-1 負債),
証拠 and 備考 columns, each holder's totals and the net estate, which equals the 財産分与's net
estate in ``zansai plan --json`` to the yen; disputed figures (the form's 争点整理 variant) add
each spouse's claimed amount and never change the computation.

The figures are docs/sources/seed2-divorce.md §7, §8 and §9 (home worth 1,500万円, loan 1,000万
or 2,000万円, the wife's 200万円 of pre-marriage savings in the down payment, which stays out of
the totals: docs/sources/law-debt-divorce.md §7.2, §7.3); co-owned things are written per 持分 and
an overloan home left out under the exclusion view (docs/sources/law-debt-divorce.md §7.4).
The layout is the Tokyo Family Court's form: docs/sources/family-court-property-list.md §1–§6.
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
SEPARATE = EXAMPLES / "seed2-divorce-separate-property.toml"
ALL = sorted(EXAMPLES.glob("seed2-divorce-*.toml"))
HUSBAND = "夫名義の資産・負債（基準日 2027-02-27）"
WIFE = "妻名義の資産・負債（基準日 2027-02-27）"
SUMMARY = "財産分与の対象となる純資産（基準日 2027-02-27）"

ASSETS = """other_debts = [
  { name = "自動車ローン", amount = "90万", monthly_payment = 25_000, owner = "夫", evidence = "乙4" },
  { name = "妻の奨学金", amount = "50万", monthly_payment = 10_000, owner = "妻", marital = false },
  { name = "カードローン", amount = 300_001, monthly_payment = 10_000 },
]
assets = [
  { kind = "deposit", amount = "40万", owner = "夫", name = "みどり銀行 普通預金", evidence = "甲3" },
  { kind = "deposit", amount = "300万", owner = "妻", name = "独身時代の定期預金", separate = true },
  { kind = "cash", amount = "5万", owner = "妻" },
  { kind = "insurance", amount = "80万", owner = "妻", name = "学資保険" },
  { kind = "retirement", amount = "600万", owner = "夫", name = "退職金" },
  { kind = "car", amount = 1_200_001 },
]
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def case_with(tmp_path: Path, household: str = "", divorce: str = "", base: Path = SEPARATE) -> Path:
    """The example with lines added to [household] and to [divorce]."""
    text = base.read_text(encoding="utf-8")
    text = text.replace("monthly_living_costs = 200_000\n", "monthly_living_costs = 200_000\n" + household, 1)
    text = text.replace("divorce_date = 2027-04-30\n", "divorce_date = 2027-04-30\n" + divorce, 1)
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    return path


def net_estate(case: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code, out, err = run(["plan", str(case), "--json"], capsys)
    assert code == 0, err
    return int(json.loads(out)["division"]["net_estate"])


def sheet(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    out = tmp_path / "list.xlsx"
    code, _, err = run(["export", str(case), "--what", "property-list", "--format", "xlsx", "-o", str(out)],
                       capsys)
    assert code == 0, err
    return openpyxl.load_workbook(out)["婚姻関係財産一覧表"]


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


def line(rows: list[dict[str, Any]], no: str) -> dict[str, Any]:
    return next(r for r in rows if r["番号"] == no)


def total(rows: list[dict[str, Any]], label: str) -> dict[str, Any]:
    return next(r for r in rows if r["項目"] == label and r["番号"] is None)


def test_one_block_per_holder_numbered_as_the_court_form(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """docs/sources/seed2-divorce.md §9: home 1,500万円 held 1/2 each, the husband's loan
    2,000万円 (the wife a guarantor), the wife's 200万円 頭金 from savings only in 備考 (the form:
    docs/sources/family-court-property-list.md §1, §3, §4)."""
    ws = sheet(SEPARATE, tmp_path, capsys)
    husband, wife = table(ws, HUSBAND), table(ws, WIFE)
    assert list(husband[0]) == ["番号", "項目", "細目", "金額", "証拠", "備考"]
    assert [(r["番号"], r["項目"]) for r in husband if r["番号"]] == [
        ("1", "不動産"), ("1-1", "自宅（戸建て）"), ("8", "負債"), ("8-1", "住宅ローン")]
    home = line(husband, "1-1")
    assert (home["細目"], home["金額"]) == ("持分 1/2", 7_500_000)
    assert "頭金のうち 2,000,000円は妻の特有財産から" in home["備考"]
    assert line(wife, "1-1")["金額"] == 7_500_000
    loan = line(husband, "8-1")
    assert loan["金額"] == 20_000_000
    assert "連帯保証人: 妻" in loan["備考"]
    assert not any(r["番号"] == "8-1" for r in wife)  # a guarantee is not the wife's debt
    assert total(husband, "資産合計")["金額"] == 7_500_000
    assert total(husband, "負債合計")["金額"] == 20_000_000
    assert total(husband, "純資産（資産合計−負債合計）")["金額"] == -12_500_000
    assert total(wife, "純資産（資産合計−負債合計）")["金額"] == 7_500_000
    assert not any(r["金額"] == 2_000_000 for r in husband + wife)  # the 頭金 is no line


@pytest.mark.parametrize("case", ALL, ids=[p.stem for p in ALL])
def test_the_net_estate_equals_the_division_to_the_yen(case: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """docs/sources/seed2-divorce.md §7, §8, §9: the holders' nets add up to the plan's net estate
    (−500万円 overloan, +500万円 underloan)."""
    ws = sheet(case, tmp_path, capsys)
    summary = table(ws, SUMMARY)
    want = net_estate(case, capsys)
    code, out, _ = run(["divorce", str(case), "--json"], capsys)
    assert code == 0
    assert json.loads(out)["division"]["net_estate"] == want
    assert summary[-1]["項目"] == "純資産の合計（分与の対象）"
    assert summary[-1]["純資産"] == want == sum(r["純資産"] for r in summary[:-1])
    assert want in (-5_000_000, 5_000_000)
    for title, row in ((HUSBAND, summary[0]), (WIFE, summary[1])):
        assert total(table(ws, title), "純資産（資産合計−負債合計）")["金額"] == row["純資産"]


def test_kinds_joint_items_separate_property_and_own_debts(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Each asset under its kind's number; a joint car and card loan written per 持分 1/2 under
    each spouse (the odd yen to the second); separate property and an own debt listed but not
    totalled (docs/sources/law-debt-divorce.md §7.2)."""
    case = case_with(tmp_path, ASSETS)
    ws = sheet(case, tmp_path, capsys)
    husband, wife = table(ws, HUSBAND), table(ws, WIFE)
    assert [r["番号"] for r in husband if r["番号"]] == ["1", "1-1", "2", "2-1", "4", "4-1", "6", "6-1",
                                                         "8", "8-1", "8-2", "8-3"]
    assert (line(husband, "2-1")["項目"], line(husband, "2-1")["証拠"]) == ("みどり銀行 普通預金", "甲3")
    assert [line(wife, n)["項目"] for n in ("2-1", "2-2", "3-1")] == [
        "独身時代の定期預金", "現金", "学資保険"]
    assert "特有財産: 合計に含めない" in line(wife, "2-1")["備考"]
    car_h, car_w = line(husband, "6-1"), line(wife, "6-1")
    assert (car_h["細目"], car_h["金額"], car_w["金額"]) == ("共有・持分 1/2", 600_000, 600_001)
    assert [(line(husband, n)["項目"], line(husband, n)["金額"]) for n in ("8-1", "8-2", "8-3")] == [
        ("住宅ローン", 20_000_000), ("自動車ローン", 900_000), ("カードローン", 150_000)]
    assert line(husband, "8-2")["証拠"] == "乙4"
    assert [line(wife, n)["項目"] for n in ("8-1", "8-2")] == ["妻の奨学金", "カードローン"]
    assert "固有の債務" in line(wife, "8-1")["備考"]
    assert total(husband, "資産合計")["金額"] == 7_500_000 + 400_000 + 6_000_000 + 600_000
    assert total(husband, "負債合計")["金額"] == 20_000_000 + 900_000 + 150_000
    assert total(wife, "資産合計")["金額"] == 7_500_000 + 50_000 + 800_000 + 600_001
    assert total(wife, "負債合計")["金額"] == 150_001  # the scholarship is her own debt
    summary = table(ws, SUMMARY)
    assert summary[-1]["純資産"] == net_estate(case, capsys) == (
        15_000_000 - 20_000_000 + 400_000 + 50_000 + 800_000 + 6_000_000 + 1_200_001 - 900_000 - 300_001)


def test_the_exclusion_view_lists_the_home_but_leaves_it_out(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Under 除外説 (docs/sources/law-debt-divorce.md §7.4) the overloan home and its loan are
    listed with a remark and left out of the totals; the net estate is the other property."""
    text = SEPARATE.read_text(encoding="utf-8").replace('overloan = "netting"', 'overloan = "exclusion"')
    base = tmp_path / "exclusion.toml"
    base.write_text(text, encoding="utf-8")
    case = case_with(tmp_path, '  assets = [{ kind = "deposit", amount = "100万", owner = "妻" }]\n'[2:],
                     base=base)
    ws = sheet(case, tmp_path, capsys)
    husband = table(ws, HUSBAND)
    assert line(husband, "1-1")["金額"] == 7_500_000
    assert "除外説" in line(husband, "1-1")["備考"]
    assert "除外説" in line(husband, "8-1")["備考"]
    assert total(husband, "資産合計")["金額"] == 0
    assert total(husband, "負債合計")["金額"] == 0
    assert table(ws, SUMMARY)[-1]["純資産"] == net_estate(case, capsys) == 1_000_000


CLAIMS_DIVORCE = ('home_evidence = "甲1"\nhome_claims = { "夫" = "1600万", "妻" = "1400万" }\n'
                  'loan_evidence = { "住宅ローン" = "乙2" }\n')
CLAIMS_ASSETS = ('assets = [\n  { kind = "insurance", amount = "80万", owner = "妻", name = "学資保険", '
                 'claims = { "夫" = "80万", "妻" = "60万" } },\n'
                 '  { kind = "deposit", amount = "40万", owner = "夫",'
                 ' claims = { "夫" = "40万", "妻" = "40万" } },\n]\n')


def test_claims_add_each_spouses_column_and_mark_the_disputed_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The 争点整理 variant (docs/sources/family-court-property-list.md §6): each spouse's claimed
    amount beside the 金額 the plan computes with;
    the lines they differ on marked ※ and highlighted; the net estate unchanged."""
    plain = case_with(tmp_path, CLAIMS_ASSETS.replace(', claims = { "夫" = "80万", "妻" = "60万" }', "")
                      .replace(', claims = { "夫" = "40万", "妻" = "40万" }', ""))
    before = net_estate(plain, capsys)
    case = case_with(tmp_path, CLAIMS_ASSETS, CLAIMS_DIVORCE)
    assert net_estate(case, capsys) == before == -5_000_000 + 1_200_000
    ws = sheet(case, tmp_path, capsys)
    husband, wife = table(ws, HUSBAND), table(ws, WIFE)
    assert list(husband[0]) == ["番号", "項目", "細目", "金額", "夫の主張額", "妻の主張額", "争点", "証拠",
                                "備考"]
    home = line(husband, "1-1")
    assert (home["金額"], home["夫の主張額"], home["妻の主張額"], home["争点"], home["証拠"]) == (
        7_500_000, 8_000_000, 7_000_000, "※", "甲1")
    assert line(husband, "8-1")["証拠"] == "乙2"
    deposit = line(husband, "2-1")
    assert (deposit["夫の主張額"], deposit["妻の主張額"], deposit["争点"]) == (400_000, 400_000, None)
    insurance = line(wife, "3-1")
    assert (insurance["夫の主張額"], insurance["妻の主張額"], insurance["争点"]) == (800_000, 600_000, "※")
    assets = total(wife, "資産合計")
    assert (assets["金額"], assets["夫の主張額"], assets["妻の主張額"]) == (
        7_500_000 + 800_000, 8_000_000 + 800_000, 7_000_000 + 600_000)
    summary = table(ws, SUMMARY)
    assert summary[-1]["純資産"] == before
    assert summary[-1]["夫の主張額"] == 16_000_000 + 1_200_000 - 20_000_000
    assert summary[-1]["妻の主張額"] == 14_000_000 + 1_000_000 - 20_000_000
    fills = {c.fill.fgColor.rgb for c in ws[next(c.row for c in ws["A"] if c.value == "3-1")]}
    assert "00FFF2CC" in fills
    code, out, _ = run(["export", str(case), "--what", "property-list", "--format", "html"], capsys)
    assert code == 0
    assert out.count('<tr class="disputed">') == 3  # the home twice (per 持分) and the insurance
    assert "計算（合計・純資産・財産分与）は金額欄の額によります" in out


def test_the_csv_keeps_the_blocks_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = case_with(tmp_path, CLAIMS_ASSETS, CLAIMS_DIVORCE)
    code, out, _ = run(["export", str(case), "--what", "property-list", "--format", "csv", "--lang", "en"],
                       capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    home = next(r for r in rows if r["No."] == "1-1" and "夫" in r["Section"])
    assert (home["Amount"], home["夫's claim"], home["妻's claim"], home["Disputed"], home["Evidence"]) == (
        "7500000", "8000000", "7000000", "※", "甲1")
    assert rows[-1]["Item"] == "Net estate to divide"
    assert rows[-1]["Net"] == str(-5_000_000 + 1_200_000)


@pytest.mark.parametrize(("household", "divorce", "field"), [
    ('assets = [{ kind = "car", amount = "100万", claims = { "太郎" = "90万" } }]\n', "",
     "household.assets[0].claims.太郎"),
    ('assets = [{ kind = "car", amount = "100万", claims = { "夫" = "-90万" } }]\n', "",
     "household.assets[0].claims.夫"),
    ('other_debts = [{ name = "カード", amount = "10万", claims = { "妻" = true } }]\n', "",
     "household.other_debts[0].claims.妻"),
    ('assets = [{ kind = "car", amount = "100万",'
     ' evidence = "甲第123号証の45（車検証・自動車税の納税証明書）" }]\n', "",
     "household.assets[0].evidence"),
    ('assets = [{ kind = "car", amount = "100万", evidence = 3 }]\n', "", "household.assets[0].evidence"),
    ("", 'home_claims = { "長男" = "1600万" }\n', "divorce.home_claims.長男"),
    ("", 'loan_evidence = { "フラット35" = "乙2" }\n', "divorce.loan_evidence.フラット35"),
])
def test_a_wrong_claim_or_evidence_is_one_bilingual_line_naming_the_field(
        household: str, divorce: str, field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = case_with(tmp_path, household, divorce)
    out_file = tmp_path / "list.xlsx"
    code, out, err = run(["export", str(case), "--what", "property-list", "-o", str(out_file)], capsys)
    assert code == 2
    assert out == ""
    assert field in err
    assert " / error: " in err
    assert err.count("\n") == 1
    assert not out_file.exists()


def test_claims_need_a_divorce(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "seed1-short-sale.toml").read_text(encoding="utf-8")
    assert "[household]\n" in text
    case = tmp_path / "case.toml"
    case.write_text(text.replace("[household]\n", '[household]\nassets = [{ kind = "car", amount = "100万", '
                                 'claims = { "夫" = "90万" } }]\n', 1), encoding="utf-8")
    code, _, err = run(["plan", str(case)], capsys)
    assert code == 2
    assert "household.assets[0].claims" in err
    assert "[divorce]" in err
    assert " / error: " in err


def test_a_line_in_a_relatives_name_is_written_half_under_each_spouse(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The division counts an account in a child's name half each, like a joint one
    (docs/sources/law-debt-divorce.md §7.1: marital property regardless of 名義), so the list does
    too, and still adds up to the net estate."""
    text = SEPARATE.read_text(encoding="utf-8")
    text = text.replace("[divorce]", '[[people]]\nname = "長男"\n\n[divorce]', 1)
    base = tmp_path / "child.toml"
    base.write_text(text, encoding="utf-8")
    case = case_with(tmp_path, 'assets = [{ kind = "deposit", amount = 1_000_001, owner = "長男" }]\n',
                     base=base)
    ws = sheet(case, tmp_path, capsys)
    husband, wife = line(table(ws, HUSBAND), "2-1"), line(table(ws, WIFE), "2-1")
    assert (husband["金額"], wife["金額"]) == (500_000, 500_001)
    assert "名義は長男" in husband["備考"]
    assert table(ws, SUMMARY)[-1]["純資産"] == net_estate(case, capsys) == -5_000_000 + 1_000_001


def test_a_loan_owed_jointly_is_written_half_under_each(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """連帯債務: both spouses owe the 2,000万円 balance (docs/sources/law-debt-divorce.md §8); the
    list writes half under each, and the net estate is unchanged."""
    text = SEPARATE.read_text(encoding="utf-8")
    assert 'debtors = ["夫"]\nguarantors = ["妻"]\n' in text
    base = tmp_path / "joint.toml"
    base.write_text(text.replace('debtors = ["夫"]\nguarantors = ["妻"]\n', 'debtors = ["夫", "妻"]\n'),
                    encoding="utf-8")
    ws = sheet(base, tmp_path, capsys)
    husband, wife = line(table(ws, HUSBAND), "8-1"), line(table(ws, WIFE), "8-1")
    assert (husband["金額"], wife["金額"]) == (10_000_000, 10_000_000)
    assert husband["細目"] == "連帯債務・各1/2"
    assert "連帯保証人" not in husband["備考"]
    assert table(ws, SUMMARY)[-1]["純資産"] == net_estate(base, capsys) == -5_000_000
