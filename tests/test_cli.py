"""The command line as a user meets it: JSON shape, bilingual errors, start-up weight."""

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from zansai.cli import main

DONE_WHEN = ["schedule", "--principal", "30000000", "--rate", "1.5", "--years", "35",
             "--start", "2025-01"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_done_when_schedule_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #2: monthly payment 91,855 yen with totals consistent with its rows."""
    code, out, _ = run([*DONE_WHEN, "--json", "--at", "2026-11-21"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["monthly_payment"] == 91_855
    rows = data["payments"]
    assert len(rows) == 420
    assert set(rows[0]) >= {"number", "due_date", "payment", "interest", "principal", "balance"}
    assert data["total_paid"] == sum(r["payment"] for r in rows)
    assert data["total_interest"] == sum(r["interest"] for r in rows)
    assert data["total_paid"] - data["total_interest"] == 30_000_000
    assert rows[0]["due_date"] == "2025-01-01"
    assert rows[-1]["due_date"] == "2059-12-01"
    assert all(isinstance(r[k], int) for r in rows for k in ("payment", "interest", "balance"))
    # 23 payments fall due on or before 2026-11-21 (2025-01-01 … 2026-11-01).
    assert data["balance_at"] == rows[22]["balance"]


def test_csv_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*DONE_WHEN, "--csv"], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("number,due_date,payment")
    assert lines[1].startswith("1,2025-01-01,91855,37500,54355,29945645")
    code, out, _ = run([*DONE_WHEN, "--json", "--explain"], capsys)
    steps = json.loads(out)["explanation"]["steps"]
    assert steps[0]["name"] == "monthly_payment"
    assert "91,855" in steps[0]["result"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--principal", "0"], "--principal"),
        (["--principal", "-5"], "--principal"),
        (["--rate", "100"], "--rate"),
        (["--years", "0"], "--years"),
        (["--bonus-share", "41"], "--bonus-share"),
        (["--method", "balloon"], "--method"),
        (["--at", "2024-12-31"], "--at"),
        (["--start", "2025-13"], "--start"),
    ],
)
def test_bad_input_is_one_bilingual_line(args: list[str], field: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    base = {"--principal": "30000000", "--rate": "1.5", "--years": "35", "--start": "2025-01"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = ["schedule"] + [x for kv in base.items() for x in kv]
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("エラー: ")
    assert " / error: " in lines[0]
    assert field in lines[0]
    assert "Traceback" not in err


def test_rules_list_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--at", "2026-11-21", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["not_covered"] == []
    keys = {r["key"] for r in data["rules"]}
    assert "stamp_duty.sale_contract" in keys
    assert len(keys) >= 100
    assert all(r["sources"] for r in data["rules"])
    code, _, err = run(["rules", "no.such_rule"], capsys)
    assert code == 2
    assert "no.such_rule" in err
    code, _, err = run(["rules", "stamp_duty.sale_contract", "--at", "1990-01-01"], capsys)
    assert code == 2
    assert "[1997-04-01, …)" in err


def test_arrears_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["arrears", "--principal", "30000000", "--rate", "1.5", "--years", "35",
                        "--start", "2025-01", "--first-missed", "2026-01-01",
                        "--on", "2026-03-15", "--late-rate", "14", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["missed_count"] == 3
    assert data["missed"][0]["late_charge"] == 1_544


def test_json_path_does_not_import_rich() -> None:
    """Start-up stays light: --json never loads rich, pydantic or typer."""
    code = ("import sys; from zansai.cli import main\n"
            "try:\n    main(" + repr([*DONE_WHEN, "--json"]) + ")\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('rich', 'pydantic', 'typer', 'numpy', 'numba', 'polars', 'pyarrow',\n"
            "                     'dask') if m in sys.modules]\n"
            "sys.stderr.write(repr(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stderr == "[]"


def test_loan_file_single_equals_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schedule", "--file", "examples/single-loan.toml", "--json"], capsys)
    from_file = json.loads(out)
    code2, out2, _ = run([*DONE_WHEN, "--json"], capsys)
    assert code == code2 == 0
    assert from_file == json.loads(out2)


def test_pair_loan_file_sums(capsys: pytest.CaptureFixture[str]) -> None:
    """ペアローン: two loans on one home are held separately and summed."""
    code, out, _ = run(["schedule", "--file", "examples/pair-loan.toml", "--json",
                        "--at", "2030-12-31"], capsys)
    data = json.loads(out)
    assert code == 0
    husband, wife = data["loans"]
    assert (husband["name"], wife["name"]) == ("husband", "wife")
    assert data["combined"]["balance_at"] == husband["balance_at"] + wife["balance_at"]
    assert data["combined"]["monthly_payment"] == (husband["monthly_payment"]
                                                   + wife["monthly_payment"])
    assert wife["bonus_payment"] > 0
    assert any(e["kind"] == "payment_review" for e in husband["events"])


def test_loan_file_errors_name_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[loans]]\nprincipal = 1000000\nrate = 1\nyears = 3\ncolour = "red"\n')
    code, out, err = run(["schedule", "--file", str(bad)], capsys)
    assert code == 2
    assert out == ""
    assert "loans[0].colour" in err
    assert len(err.strip().splitlines()) == 1


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED1 = str(EXAMPLES / "seed1-short-sale.toml")


def test_plan_json_top_level_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plan", SEED1, "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["best_exit"] == "short_sale"
    assert data["exits"][0]["key"] == "short_sale"  # sorted by remaining debt, feasible first
    debts = [e["remaining_debt"] for e in data["exits"] if e["feasible"]]
    assert debts == sorted(debts)
    assert data["timeline"]["milestones"][0]["key"] == "reminders"


def test_plan_terminal_report_has_verdict_table_distribution_timeline(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plan", SEED1], capsys)
    assert code == 0
    assert "残る借金がいちばん少ないのは任意売却" in out
    assert "配分表" in out
    assert "開札期日" in out
    assert "7,395,521" in out


def test_plan_at_moves_the_calculation_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plan", SEED1, "--json", "--at", "2027-01-15", "--sale-date", "2027-05-31"],
                       capsys)
    assert code == 0
    data = json.loads(out)
    assert (data["at"], data["sale_date"]) == ("2027-01-15", "2027-05-31")


def test_plan_bad_case_file_is_one_bilingual_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    text = (EXAMPLES / "condo-jhf-arrears.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace("rank = 2", "rank = 1"), encoding="utf-8")
    code, out, err = run(["plan", str(bad)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "liens[0].rank" in err
    assert "エラー" in err
    assert "error:" in err
    code, _, err = run(["plan", str(tmp_path / "missing.toml")], capsys)
    assert code == 2
    assert "CASE" in err


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "CaseFile"
    assert "loans" in schema["properties"]



def _absent(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` look uninstalled to zansai.extras (the check runs before any import)."""
    from zansai import extras

    real = extras.find_spec
    monkeypatch.setattr(extras, "find_spec", lambda name: None if name in modules else real(name))


def test_serve_without_the_web_extra_is_a_one_line_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14 §5: `pip install 'zansai[web]'`, status 2, no traceback, nothing created. The hint
    comes first: without it this address would be refused for want of a token instead."""
    _absent(monkeypatch, "fastapi", "uvicorn")
    monkeypatch.delenv("ZANSAI_TOKEN", raising=False)
    db = tmp_path / "cases.sqlite3"
    code, out, err = run(["serve", "--host", "0.0.0.0", "--db", str(db)], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "エラー: ウェブアプリ（zansai serve）には追加の部品が必要です（fastapi, uvicorn がありません）"
        ": pip install 'zansai[web]' / error: the web app (zansai serve) needs the optional part "
        "zansai[web] (fastapi, uvicorn missing): pip install 'zansai[web]'\n")
    assert not db.exists()


def test_batch_without_the_batch_extra_is_a_one_line_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _absent(monkeypatch, "numpy")
    tape = tmp_path / "tape.csv"
    code, out, err = run(["batch", "--synthetic", "5", "-o", str(tape)], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "エラー: ポートフォリオ計算（zansai batch）には追加の部品が必要です（numpy がありません）"
        ": pip install 'zansai[batch]' / error: portfolio mode (zansai batch) needs the optional "
        "part zansai[batch] (numpy missing): pip install 'zansai[batch]'\n")
    assert not tape.exists()


def _start_up(args: list[str], cache: Path) -> dict[str, object]:
    """What a fresh ``zansai ARGS`` process imported, and how its dataclass methods were made."""
    code = ("import json, os, sys\nfrom zansai.cli import main\n"
            "try:\n    main(" + repr(args) + ")\nexcept SystemExit: pass\n"
            "from zansai import dataclass_cache\n"
            "sys.stderr.write(json.dumps({'modules': sorted(sys.modules), "
            "'methods': dataclass_cache.stats()}))")
    env = {**__import__("os").environ, "ZANSAI_CACHE_DIR": str(cache)}
    env.pop("ZANSAI_NO_RULE_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=env)
    return dict(json.loads(proc.stderr))


def test_plan_json_start_up_skips_what_it_does_not_need(tmp_path: Path) -> None:
    """``zansai plan --json`` starts light: no package metadata scan (pydantic's plugins are off),
    no importlib.resources (the rule files are read as files), the message catalogs cached, no
    terminal or page renderer, every dataclass method prebuilt."""
    args = ["plan", SEED1, "--json"]
    _start_up(args, tmp_path)  # fills the per-user caches
    seen = _start_up(args, tmp_path)
    modules = set(seen["modules"])  # type: ignore[call-overload]
    assert {"zansai.engine.plan", "pydantic"} <= modules
    for heavy in ("importlib.metadata", "email", "importlib.resources", "tempfile", "zipfile", "rich",
                  "jinja2", "numpy", "yaml", "zansai.report.terminal", "zansai.web",
                  "zansai.engine.divorce", "zansai.report.html"):  # seed1 has no [divorce]
        assert heavy not in modules, heavy
    assert seen["methods"] == {"prebuilt": seen["methods"]["prebuilt"], "compiled": 0}  # type: ignore[index]
    assert list(tmp_path.glob("zansai/messages-*.json"))


def test_help_loads_neither_the_validator_nor_the_engine(tmp_path: Path) -> None:
    modules = set(_start_up(["--help"], tmp_path)["modules"])  # type: ignore[call-overload]
    for heavy in ("pydantic", "rich", "zansai.engine", "zansai.case", "zansai._dataclass_methods",
                  "tomllib", "importlib.metadata"):
        assert heavy not in modules, heavy


def test_plan_imports_only_its_own_command_module(tmp_path: Path) -> None:
    """A command's module is imported when that command is named: ``plan`` does not import the
    modules of ``arrears``, ``batch``, ``cases`` and the rest (nor what they import)."""
    modules = set(_start_up(["plan", SEED1, "--json"], tmp_path)["modules"])  # type: ignore[call-overload]
    assert "zansai.cli.plan" in modules
    others = {f"zansai.cli.{m}" for m in ("arrears", "batch", "cases", "drafts", "export", "rules",
                                         "schedule", "schema", "serve", "whatif")}
    assert not others & modules, sorted(others & modules)


def test_every_command_is_listed_with_its_module() -> None:
    """The lazy table names every command of every ``zansai.cli`` module, and only those."""
    import importlib
    import pkgutil

    import zansai.cli
    from zansai.cli import COMMAND_MODULES

    found = {}
    for info in pkgutil.iter_modules(zansai.cli.__path__):
        module = importlib.import_module(f"zansai.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            found[command.name] = info.name
    assert found == COMMAND_MODULES
    assert sorted(zansai.cli.app.list_commands(click.Context(zansai.cli.app))) == sorted(found)
    draft = zansai.cli.app.get_command(click.Context(zansai.cli.app), "draft")
    assert draft is not None
    assert draft.name == "draft"


@pytest.mark.parametrize("command", ["plan", "divorce", "whatif"])
def test_compact_json_is_json_s_own_text_on_every_example(
        command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Piped JSON is written by orjson when installed: the same characters as ``json`` for every
    example's result (strings and integers only: no binary float, whose exponent orjson would
    spell differently)."""
    orjson = pytest.importorskip("orjson")
    used: list[object] = []
    dumps = orjson.dumps
    def counted(obj: object) -> bytes:
        used.append(obj)
        return bytes(dumps(obj))

    monkeypatch.setattr(orjson, "dumps", counted)
    cases = [c for c in sorted(EXAMPLES.glob("*.toml"))
             if command != "divorce" or "divorce" in c.name]
    for case in cases:
        with contextlib.suppress(SystemExit):  # a loan file, not a case
            main([command, str(case), "--json"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(used) >= (3 if command == "divorce" else 9)
    for obj, line in zip(used, lines, strict=True):
        assert line == json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        assert not _has_float(json.loads(line))


def _has_float(obj: object) -> bool:
    if isinstance(obj, dict):
        return any(_has_float(v) for v in obj.values())
    if isinstance(obj, list):
        return any(_has_float(v) for v in obj)
    return isinstance(obj, float)


def test_a_short_command_runs_without_the_cyclic_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up objects live until exit: ``plan`` and the other one-case commands skip the cyclic
    collector; ``serve`` and ``batch`` (long-running) keep it; the caller's setting comes back."""
    import gc
    import importlib

    cli_app = importlib.import_module("zansai.cli.app")  # the module (the package exports the group)

    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(cli_app.app, "main", lambda args, **_: seen.append((args[0], gc.isenabled())))
    assert gc.isenabled()
    for command in ("plan", "schedule", "serve", "batch", "cases"):
        cli_app.main([command, "--help"])
        assert gc.isenabled(), command
    assert seen == [("plan", False), ("schedule", False), ("serve", True), ("batch", True), ("cases", True)]
