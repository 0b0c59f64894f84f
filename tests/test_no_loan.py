"""A home with no loan: paid off, or bought outright. No ``[[loans]]`` at all, through ``zansai plan``
(terminal, --json, --explain), ``zansai divorce`` and ``zansai report --html``.

Nothing can fall behind, so there is no delinquency timeline, no short sale and no auction; every
sale repays what is owed, and keeping the home costs no loan payments. The couple is
記事2's (docs/sources/seed2-divorce.md §7: a home worth 1,500万円) with the loan repaid; the division is the
2分の1 rule (docs/sources/law-debt-divorce.md §7.2).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from zansai.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MAN = 10_000


def _without_loans(tmp_path: Path, *, lien: str = "", delinquency: str = "") -> Path:
    """examples/seed2-divorce-underloan.toml with its [[loans]] table cut out (and ``lien`` or
    ``delinquency`` added)."""
    text = (EXAMPLES / "seed2-divorce-underloan.toml").read_text(encoding="utf-8")
    cut = re.sub(r"\[\[loans\]\].*?(?=\n\[household\])", "", text, flags=re.S)
    assert "[[loans]]" not in cut
    path = tmp_path / "paid-off.toml"
    path.write_text(cut + lien + delinquency, encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_json_of_a_paid_off_home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No timeline, no short sale or auction; the normal sale leaves 0円 owed and the whole net
    proceeds; keep_paying pays nothing; no remaining-debt routes; the home (1,500万円) is divided
    750万円 each."""
    code, out, err = run(["plan", str(_without_loans(tmp_path)), "--json"], capsys)
    assert code == 0, err
    plan = json.loads(out)
    assert plan["timeline"] is None
    exits = {e["key"]: e for e in plan["exits"]}
    assert set(exits) == {"normal_sale", "sale_with_savings", "dealer_purchase", "leaseback", "keep_paying"}
    assert all(e["remaining_debt"] == 0 for e in exits.values())
    assert exits["normal_sale"]["feasible"]
    assert exits["keep_paying"]["details"]["monthly_payment"] == 0
    assert plan["best_exit"] == "normal_sale"
    assert plan["position"]["loan_balance"] == 0
    assert plan["position"]["equity"] == 1500 * MAN
    assert plan["residual_routes"] is None
    assert any("no home loan" in n["en"] for n in plan["notes"])
    assert "nothing is owed on the home" in plan["verdict"]["en"]
    assert plan["division"]["chosen"]["entitlement"] == {"夫": 750 * MAN, "妻": 750 * MAN}


def test_plan_terminal_explain_and_divorce(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal report says why there is no timeline; --explain and ``zansai divorce`` run."""
    path = str(_without_loans(tmp_path))
    code, out, err = run(["plan", path], capsys)
    assert code == 0, err
    assert "住宅ローンがないため" in out
    assert "売却後に手元に残るお金" in out  # the valuation decides the cash left, not a debt
    assert "任意売却 ★" not in out
    code, out, err = run(["plan", path, "--explain"], capsys)
    assert code == 0, err
    code, out, err = run(["divorce", path, "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["division"]["net_estate"] == 1500 * MAN


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_report_html_has_no_timeline(tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """The printable report leaves out the delinquency timeline and its chart."""
    out_file = tmp_path / f"report-{lang}.html"
    code, _, err = run(["report", str(_without_loans(tmp_path)), "--html", str(out_file), "--lang", lang],
                       capsys)
    assert code == 0, err
    html = out_file.read_text(encoding="utf-8")
    assert 'id="division"' in html
    assert 'id="timeline"' not in html
    assert 'id="chart-timeline"' not in html


def test_a_lien_without_a_loan_is_repaid_by_the_sale(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """A registered lien given by its balance only (no schedule): the normal sale repays its 300万円,
    nothing is left owed, and there is still no delinquency timeline."""
    lien = '\n[[liens]]\nrank = 1\nholder = "Xファイナンス"\nkind = "mortgage"\nbalance = "300万"\n'
    code, out, err = run(["plan", str(_without_loans(tmp_path, lien=lien)), "--json"], capsys)
    assert code == 0, err
    plan = json.loads(out)
    assert plan["timeline"] is None
    normal = next(e for e in plan["exits"] if e["key"] == "normal_sale")
    assert normal["remaining_debt"] == 0
    assert [(ln["rank"], ln["paid"]) for ln in normal["lenders"]] == [(1, 300 * MAN)]


def test_a_missed_payment_without_a_loan_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    """House rules: a contradiction is refused with a reason naming the field, exit status 2."""
    path = _without_loans(tmp_path, delinquency="\n[delinquency]\nfirst_missed = 2026-10-27\n")
    code, out, err = run(["plan", str(path)], capsys)
    assert code == 2
    assert "delinquency.first_missed" in err
    assert "no loan" in err
    assert out == ""


def test_routes_for_a_short_sale_of_a_home_with_no_loan_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """There is no short sale of a home with no loan, so its routes cannot be asked for: exit status 2,
    the field named, the reason given."""
    code, out, err = run(["plan", str(_without_loans(tmp_path)), "--routes-for", "short_sale"], capsys)
    assert code == 2
    assert "residual.exit" in err
    assert "home with no loan" in err
    assert out == ""
