"""A located case and a comparables database, shared by the tests of the valuation's comparables
basis (engine, CLI, report and web): the condo example moved to 月島, 中央区 (60 m²) on
2025-03-01, and the tokyo-cp932.csv fixture imported into a fresh database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zansai.cli import main
from zansai.comps.app_db import open_comps

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "comps"
CONDO = ROOT / "examples" / "condo-jhf-arrears.toml"


def located_condo_text(with_value: bool = True, located: bool = True) -> str:
    """The condo example's case file, located in 月島 (or not), with or without its valuation."""
    s = CONDO.read_text(encoding="utf-8")
    s = s.replace("at = 2026-12-01\nsale_date = 2027-01-29", "at = 2025-03-01\nsale_date = 2025-05-30")
    s = s.replace("first_missed = 2026-06-05", "first_missed = 2024-12-05")
    if located:
        s = s.replace('tax_office = "大阪市"\n', 'tax_office = "中央区"\nmunicipality_code = "13102"\n'
                      'district = "月島"\nfloor_area_m2 = "60"\n')
    if not with_value:
        s = re.sub(r"\[valuation\]\n.*?\]\n", "[valuation]\n", s, flags=re.S)
    return s


def comps_db(path: Path) -> Path:
    """``path`` as a database holding the fixture's ten sales."""
    with open_comps(path) as store:
        store.import_file(FIXTURES / "tokyo-cp932.csv")
    return path


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``zansai ARGS`` in process: its exit status, stdout and stderr."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
