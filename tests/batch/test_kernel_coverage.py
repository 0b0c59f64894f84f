"""Every line and branch of the batch kernel and the arithmetic core is reached by an agreement loan.

``kernel_coverage`` runs the loans of ``test_agreement`` and ``test_agreement_branches`` (each judged
against the engine to the yen there) through the kernel with ``NUMBA_DISABLE_JIT=1``, under
coverage.py with branch coverage, in a subprocess: the variable must be set before Numba is
imported. Nothing may be missed but the branches below, each unreachable from the kernel by
construction, with the reason. An entry that stops being missed must leave the list.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zansai

pytest.importorskip("coverage", reason="the kernel's coverage test needs coverage.py: "
                    "pip install 'zansai[dev]'")

SRC = Path(zansai.__file__).resolve().parent
ROOT = Path(__file__).resolve().parents[2]
EVERYTHING = "*"

# (file under zansai/, function) → (lines whose misses are allowed: their own text, as the source
# of a missed branch or as a missed line; EVERYTHING for the whole function), and why.
UNREACHABLE: dict[tuple[str, str], tuple[tuple[str, ...] | str, str]] = {
    ("arith/annuity.py", "annuity_parts"): (
        EVERYTHING, "the engine's exact annuity (unbounded integers): not compiled for the kernel"),
    ("arith/annuity.py", "annuity_floor"): (
        EVERYTHING, "the engine's exact annuity (unbounded integers): not compiled for the kernel"),
    ("arith/annuity.py", "annuity_estimate"): (
        ("if n <= 0:", "return principal, False"),
        "the kernel asks for a payment over n ≥ 1 periods only: a term is at least one month "
        "(the tape's check) and a bonus track's payment is asked for only when it has payments"),
    ("arith/brackets.py", "bracket_index"): (
        ("for j in range(count):", "return count - 1"),
        "every bracket table of the rule book ends with an open bracket (upto < 0), which holds "
        "any amount: the loop always returns from inside"),
    ("arith/brackets.py", "tiered_sum"): (
        ("for j in range(count):", "if top > lower:"),
        "the brokerage tiers rise and end open, and the kernel prices only sales of at least 1円 "
        "(a lower price stops at ST_PRICE): each tier reached holds some of the price, and the open "
        "last tier breaks the loop"),
    ("arith/calendar.py", "year_days"): (
        EVERYTHING, "the engine's 365/366 day-count helper; the kernel receives the basis from the "
        "rule tables"),
    ("arith/interest.py", "settle"): (
        EVERYTHING, "called by fdiv, which the kernel uses only for day_charge's remainder term "
        "r·days / (10**8·basis) with r < 10**8·basis and days ≤ DAYS_MAX: the dividend is below 2**53, "
        "so the float quotient is correctly rounded and, below 40,000, never reaches the next integer; "
        "the estimate is always exact there"),
    ("arith/waterfall.py", "waterfall"): (
        EVERYTHING, "the engine's 配分表 over a list of claims; the kernel pays its fixed claims one "
        "by one with pay"),
    ("batch/kernel.py", "year_month"): (
        EVERYTHING, "the loan matrix now takes the first payment's year and month in its own compiled "
        "pass (batch.loanmatrix); this one is kept as test_loanmatrix's reference for that pass"),
}


def _measure(tmp_path: Path) -> dict[str, object]:
    out = tmp_path / "kernel-coverage.json"
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1",
           "PYTHONPATH": os.pathsep.join([str(SRC.parent), str(ROOT)])}
    done = subprocess.run([sys.executable, "-m", "tests.batch.kernel_coverage", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return report


def _text(name: str, line: int) -> str:
    return (SRC / name).read_text(encoding="utf-8").splitlines()[line - 1].strip()


def unexplained(report: dict[str, object]) -> tuple[list[str], set[tuple[str, str, str]]]:
    """Misses outside the allow-list ("file:line text" or "file:from->to"), and the allowed texts
    that were used."""
    bad: list[str] = []
    used: set[tuple[str, str, str]] = set()
    files = report["files"]
    assert isinstance(files, dict)
    for path, data in files.items():
        name = Path(path).resolve().relative_to(SRC).as_posix()
        for function, region in data["functions"].items():
            allowed, _why = UNREACHABLE.get((name, function), ((), ""))
            for line in region["missing_lines"]:
                text = _text(name, line)
                if allowed == EVERYTHING or text in allowed:
                    used.add((name, function, EVERYTHING if allowed == EVERYTHING else text))
                else:
                    bad.append(f"{name}:{line} ({function}) {text}")
            for src, dst in region["missing_branches"]:
                text = _text(name, src)
                if allowed == EVERYTHING or text in allowed:
                    used.add((name, function, EVERYTHING if allowed == EVERYTHING else text))
                else:
                    bad.append(f"{name}:{src}->{dst} ({function}) {text}")
    return bad, used


@pytest.mark.slow
def test_agreement_loans_reach_every_branch_of_the_kernel(tmp_path: Path) -> None:
    """Seen when this test was written: 696 of 717 lines and 193 of 206 branches, all 21 lines and
    13 branches missed on the allow-list (kernel.py alone: 544 of 545, 157 of 158)."""
    report = _measure(tmp_path)
    totals = report["totals"]
    bad, used = unexplained(report)
    assert not bad, (totals, bad)
    stale = [(f, fn, t) for (f, fn), (texts, _why) in UNREACHABLE.items()
             for t in ((EVERYTHING,) if texts == EVERYTHING else texts) if (f, fn, t) not in used]
    assert not stale, f"now reached, take them off UNREACHABLE: {stale}"
    assert isinstance(totals, dict)
    assert totals["num_branches"] > 200  # the kernel and the core were measured


def test_the_allow_list_names_real_lines() -> None:
    """Each allowed line exists in its function's file (a renamed line would otherwise hide)."""
    for (name, _function), (texts, why) in UNREACHABLE.items():
        lines = {line.strip() for line in (SRC / name).read_text(encoding="utf-8").splitlines()}
        assert why
        if texts != EVERYTHING:
            assert set(texts) <= lines, (name, texts)


def test_bracket_tables_rise_and_end_open() -> None:
    """What the brackets' allow-list entries rest on: every bracket table the kernel reads (印紙税,
    仲介手数料's tiers, 予納金, 利息制限法's caps) rises and ends with an open bracket, in every period
    of the shipped rule book."""
    from zansai.batch import manifest
    from zansai.rules import RuleBook

    book = RuleBook.default()
    tables = [r.key for r in manifest.READS if r.codec == "brackets"]
    assert len(tables) == 4
    for key in tables:
        for period in book.get(key).periods:
            uptos = [b.get("upto") for b in period.value]
            assert uptos[-1] is None, (key, period)
            assert None not in uptos[:-1], (key, period)
            bounded = [int(u) for u in uptos[:-1]]
            assert bounded == sorted(set(bounded)), (key, period)
            assert not bounded or bounded[0] > 0, (key, period)
