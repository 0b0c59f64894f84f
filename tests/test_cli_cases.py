"""``zansai cases``: the web app's saved cases from the terminal, with the page's figures.

The household of examples/seed1-short-sale.toml sells for 1,900万円 and 7,395,521円 stays owed
after the short sale (docs/sources/seed1-short-sale.md §3, §7); the list, the show and the
comparison must give that figure, and what ``zansai plan --json`` gives for any other input.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from zansai.cli import main

SEED1 = "examples/seed1-short-sale.toml"
SEED2 = "examples/seed2-divorce-separate-property.toml"
SEED1_REMAINING = 7_395_521
"""Left owing after the short sale (docs/sources/seed1-short-sale.md §3, §7)."""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    """``cases --db`` of a fresh database (the arguments before a subcommand)."""
    return ["cases", "--db", str(tmp_path / "cases.sqlite3")]


def ok(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(args, capsys)
    assert (code, err) == (0, ""), err
    return out


def imported(db: list[str], capsys: pytest.CaptureFixture[str], *files: str) -> list[str]:
    out = ok([*db, "import", *files], capsys)
    return [line.split("\t")[0] for line in out.splitlines()]


def plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(ok(["plan", *args, "--json"], capsys))
    return data


def best_remaining(plan: dict[str, object]) -> int:
    exits = plan["exits"]
    assert isinstance(exits, list)
    return int(next(e["remaining_debt"] for e in exits if e["key"] == plan["best_exit"]))


def one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("エラー: ")
    assert " / error: " in err
    for word in words:
        assert word in err


def test_list_shows_the_remaining_debt_zansai_plan_gives(db: list[str],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (case_id,) = imported(db, capsys, SEED1)
    assert len(case_id) == 32
    plan = plan_json(capsys, SEED1)
    assert best_remaining(plan) == SEED1_REMAINING
    (row,) = json.loads(ok([*db, "list", "--json"], capsys))
    assert (row["id"], row["best_exit"], row["remaining_debt"]) == (case_id, "short_sale", SEED1_REMAINING)
    assert (row["client"], row["lender"], row["status"]) == ("夫", "さくら銀行", "consulting")
    table = ok([*db, "list"], capsys)
    for shown in ("7,395,521", "さくら銀行", "相談中", case_id[:8], "残る借金（円）", "次の期限"):
        assert shown in table
    assert "Remaining" not in table
    assert "Consulting" in ok([*db, "list", "--lang", "en"], capsys)


def test_show_and_its_json(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    (case_id,) = imported(db, capsys, SEED1)
    shown = ok([*db, "show", case_id[:6]], capsys)
    assert "7,395,521" in shown
    assert "216,500" in shown
    assert "任意売却" in shown
    stored = json.loads(ok([*db, "show", case_id, "--json"], capsys))
    assert stored["id"] == case_id
    assert stored["data"]["sale_date"] == "2027-03-31"


def test_the_csv_is_the_pages_export(db: list[str], capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    (case_id,) = imported(db, capsys, SEED1)
    target = tmp_path / "list.csv"
    assert ok([*db, "list", "--csv", "-o", str(target)], capsys) == ""
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    head, row = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert head[:6] == ["名前", "依頼者", "金融機関（1番抵当）", "状況", "最善の方法", "残る借金（円）"]
    assert row[1:6] == ["夫", "さくら銀行", "相談中", "任意売却", str(SEED1_REMAINING)]
    assert row[-1] == case_id
    assert ok([*db, "list", "--csv"], capsys).encode("utf-8") == raw  # stdout: the same bytes
    code, _, err = run([*db, "list", "-o", str(tmp_path / "x.csv")], capsys)
    one_line_error(code, err, "--csv")


def test_status_change_filter_and_refusal(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    first, second = imported(db, capsys, SEED1, SEED2)
    assert ok([*db, "status", first, "applied"], capsys).split("\t")[1] == "applied"
    assert ok([*db, "status", second, "販売中"], capsys).split("\t")[1] == "marketing"
    rows = json.loads(ok([*db, "list", "--status", "applied", "--json"], capsys))
    assert [r["id"] for r in rows] == [first]
    code, _, err = run([*db, "status", first, "done"], capsys)
    one_line_error(code, err, "STATUS", "consulting", "applied", "closed")
    code, _, err = run([*db, "list", "--status", "done"], capsys)
    one_line_error(code, err, "--status")
    assert json.loads(ok([*db, "show", first, "--json"], capsys))["status"] == "applied"


@pytest.mark.parametrize("command", [["show"], ["export"], ["history"], ["status", "-", "closed"],
                                     ["restore", "-", "1"], ["compare"], ["duplicate"]])
def test_an_unknown_id_is_one_bilingual_line(db: list[str], capsys: pytest.CaptureFixture[str],
                                             command: list[str]) -> None:
    imported(db, capsys, SEED1)
    unknown = "0" * 32
    args = [unknown if w == "-" else w for w in command] + ([unknown] if len(command) == 1 else [])
    code, out, err = run([*db, *args], capsys)
    one_line_error(code, err, f"保存されたケース {unknown} はありません", f"no saved case {unknown}")
    assert out == ""


def test_one_bad_file_saves_nothing(db: list[str], capsys: pytest.CaptureFixture[str],
                                    tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(SEED1).read_text("utf-8").replace('\nrate = 1.2\n', '\nrate = "abc"\n'), "utf-8")
    assert 'rate = "abc"' in bad.read_text("utf-8")
    code, out, err = run([*db, "import", SEED1, str(bad), SEED2], capsys)
    one_line_error(code, err, "bad.toml", "rate")
    assert out == ""
    assert json.loads(ok([*db, "list", "--json"], capsys)) == []


def _edited_copy(db: list[str], capsys: pytest.CaptureFixture[str], case_id: str, tmp_path: Path,
                 name: str) -> Path:
    """The case exported as TOML with the sale date moved a month later."""
    target = tmp_path / name
    assert ok([*db, "export", case_id, "-o", str(target)], capsys).strip() == str(target)
    text = target.read_text("utf-8")
    assert "\nsale_date = 2027-03-31\n" in text
    target.write_text(text.replace("\nsale_date = 2027-03-31\n", "\nsale_date = 2027-04-30\n"), "utf-8")
    return target


def test_export_plans_like_the_stored_case(db: list[str], capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    (case_id,) = imported(db, capsys, SEED1)
    target = tmp_path / "out.toml"
    ok([*db, "export", case_id, "-o", str(target)], capsys)
    assert best_remaining(plan_json(capsys, str(target))) == SEED1_REMAINING
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = run([*db, "export", case_id, "-o", str(tmp_path)], capsys)  # a folder
    one_line_error(code, err, "-o")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no partial file left behind


def test_history_and_restore_roundtrip(db: list[str], capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    (case_id,) = imported(db, capsys, SEED1)
    original = json.loads(ok([*db, "show", case_id, "--json"], capsys))["data"]
    later = _edited_copy(db, capsys, case_id, tmp_path, "later.toml")
    moved = best_remaining(plan_json(capsys, SEED1, "--sale-date", "2027-04-30"))
    assert moved != SEED1_REMAINING
    ok([*db, "update", case_id, str(later)], capsys)
    assert json.loads(ok([*db, "list", "--json"], capsys))[0]["remaining_debt"] == moved
    (rev,) = json.loads(ok([*db, "history", case_id, "--json"], capsys))
    assert (rev["revision"], rev["changes"]) == (1, "売りたい時期（決済日）")
    assert "売りたい時期（決済日）" in ok([*db, "history", case_id], capsys)
    ok([*db, "restore", case_id, "1"], capsys)
    assert json.loads(ok([*db, "show", case_id, "--json"], capsys))["data"] == original
    assert json.loads(ok([*db, "list", "--json"], capsys))[0]["remaining_debt"] == SEED1_REMAINING
    assert [r["revision"] for r in json.loads(ok([*db, "history", case_id, "--json"], capsys))] == [2, 1]
    code, _, err = run([*db, "restore", case_id, "7"], capsys)
    one_line_error(code, err, "revision")


def test_compare_shows_exactly_the_changed_input(db: list[str], capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    (case_id,) = imported(db, capsys, SEED1)
    copy_id = ok([*db, "duplicate", case_id, "--title", "一か月後"], capsys).split("\t")[0]
    ok([*db, "update", copy_id, str(_edited_copy(db, capsys, copy_id, tmp_path, "c.toml"))], capsys)
    moved = best_remaining(plan_json(capsys, SEED1, "--sale-date", "2027-04-30"))
    result = json.loads(ok([*db, "compare", copy_id, "--json"], capsys))  # the copy finds its original
    assert result["inputs"] == [
        {"path": "sale_date", "values": ["2027-03-31", "2027-04-30"], "differs": True}]
    assert [(c["id"], c["parent_id"], c["remaining_debt"]) for c in result["cases"]] == [
        (case_id, None, SEED1_REMAINING), (copy_id, case_id, moved)]
    table = ok([*db, "compare", case_id], capsys)
    assert "売りたい時期（決済日）" in table
    assert "7,395,521" in table
    assert f"{moved:,}" in table
    every = json.loads(ok([*db, "compare", case_id, copy_id, "--all", "--json"], capsys))
    assert len(every["inputs"]) > 20
    assert sum(r["differs"] for r in every["inputs"]) == 1


def test_fifty_cases(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    ids = imported(db, capsys, *([SEED1, SEED2] * 25))
    assert len(set(ids)) == 50
    rows = json.loads(ok([*db, "list", "--sort", "debt", "--json"], capsys))
    assert len(rows) == 50
    debts = [r["remaining_debt"] for r in rows]
    assert debts == sorted(debts, reverse=True)
    assert debts[0] == SEED1_REMAINING
    assert len(json.loads(ok([*db, "list", "-q", "みどり銀行", "--json"], capsys))) == 25
    table = ok([*db, "list"], capsys)
    assert "50 / 50" in table
    assert table.count("7,395,521") == 25
    copy_id = ok([*db, "duplicate", ids[10]], capsys).split("\t")[0]
    result = json.loads(ok([*db, "compare", copy_id, "--json"], capsys))
    assert [c["id"] for c in result["cases"]] == [ids[10], copy_id]
    assert result["inputs"] == []


def test_a_short_id_must_name_one_case(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    ids = imported(db, capsys, SEED1, SEED2)
    assert json.loads(ok([*db, "show", ids[0][:5].upper(), "--json"], capsys))["id"] == ids[0]
    code, _, err = run([*db, "show", ids[0][:3]], capsys)  # shorter than 4: never taken
    one_line_error(code, err, "保存されたケース")


def test_listing_stored_summaries_starts_light(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """The list's JSON reads the stored summaries: no engine, pydantic or rich is loaded."""
    imported(db, capsys, SEED1)
    code = ("import sys; from zansai.cli import main\n"
            "try:\n    main(" + repr([*db, "list", "--json"]) + ")\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('rich', 'pydantic', 'fastapi', 'zansai.engine.plan') if m in sys.modules]\n"
            "sys.stderr.write(repr(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stderr == "[]"
    assert json.loads(proc.stdout)[0]["remaining_debt"] == SEED1_REMAINING


@pytest.mark.parametrize("command", [["list"], ["show", "0" * 32], ["compare", "0" * 32]])
def test_a_missing_database_is_refused_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   command: list[str]) -> None:
    missing = tmp_path / "typo.sqlite3"
    code, out, err = run(["cases", "--db", str(missing), *command], capsys)
    one_line_error(code, err, "--db", str(missing))
    assert out == ""
    assert not missing.exists()
