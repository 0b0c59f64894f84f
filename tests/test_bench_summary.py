"""bench/summary.py builds its table from the scripts' records (fake records here; no benchmark runs)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("summary"), importlib.import_module("record")
    finally:
        sys.path.remove(str(BENCH))


def rec(key: str, value: float, unit: str, **extra: object) -> str:
    return json.dumps({"key": key, "value": value, "unit": unit, "note": "", **extra})


FAKE = [
    rec("kernel_lps", 1_020_000, "loans/s", loans=100_000),
    rec("npf_lps", 36_000_000, "loans/s"),
    rec("floor_scalar_lps", 4_300_000, "loans/s"),
    "not json at all",
    rec("batch_s", 5.8, "s", rate=171_000.0, loans=1_000_000),
    rec("plan_slowest_ms", 7.4, "ms", case="co-owned-gain.toml"),
    rec("pdf_app_ms", 1600.0, "ms"),
    rec("pdf_floor_ms", 650.0, "ms"),
    rec("case_list_ms", 100.0, "ms"),
    rec("api_cached_rps", 2000.0, "req/s", p99=12.5),
    rec("api_uncached_p99_ms", 110.0, "ms"),
    rec("plan_slowest_ms", 7.5, "ms", case="trade-up.toml"),  # a later record replaces an earlier one
]


def by_what(summary: ModuleType) -> dict[str, tuple[str, ...]]:
    return {r[0]: r for r in summary.rows(summary.read_records(FAKE))}


def test_rows_show_value_aim_verdict_and_peers(bench: tuple[ModuleType, ModuleType]) -> None:
    summary, _ = bench
    rows = by_what(summary)
    kernel = rows["Full exact valuation kernel, in memory (100,000 loans)"]
    assert kernel[1:5] == ("1.02 M", "loans/s", "≥ 5 M loans/s", "FAIL")
    assert "numpy-financial, float balance only 36.00 M loans/s" in kernel[5]
    assert "scalar loop 4.30 M loans/s" in kernel[5]
    assert "lockstep × 64: not measured" in kernel[5]
    # the batch: seconds from the value, loans/s from the record's rate field
    seconds = rows["`zansai batch`, Parquet in and out (1,000,000 loans)"]
    assert seconds[1:5] == ("5.80", "s", "≤ 2.5 s", "FAIL")
    rate = rows["`zansai batch` on a long tape, rate (1,000,000 loans)"]
    assert rate[1:5] == ("171,000", "loans/s", "≥ 600,000 loans/s", "FAIL")
    assert rows["`plan()` in process, slowest example (trade-up.toml)"][1] == "7.50"
    # ms recorded, seconds shown, the floor in its own unit
    pdf = rows["PDF from the app (`GET /cases/{id}/report.pdf`)"]
    assert pdf[1:5] == ("1.60", "s", "≤ 1 s", "FAIL")
    assert pdf[5] == "floor: Chromium alone printing the same HTML 0.65 s"
    assert rows["Uncached `POST /api/v1/plan`, p99"][5].startswith("peer: cached, same body, p99 12.5 ms")
    # a borrowed aim gives its verdict in parentheses; a missing record is said so
    assert rows["Case list, 50 saved cases (`GET /cases`, p95)"][4] == "(PASS)"
    assert rows["`zansai plan --json` (trade-up)"][1:5] == ("—", "ms", "≤ 150 ms", "not measured")
    assert rows["numpy-financial, float balance only"][3:5] == ("—", "—")


def test_table_and_tally(bench: tuple[ModuleType, ModuleType]) -> None:
    summary, _ = bench
    records = summary.read_records(FAKE)
    text = summary.table(records)
    lines = text.splitlines()
    assert lines[0] == "| what | measured | unit | aim | verdict | peer or floor (same run) |"
    assert len(lines) == 2 + len(summary.SPECS)
    assert all(line.count(" | ") == 5 for line in lines[2:])  # `|` inside a cell is escaped
    assert summary.tally(records) == "aims: 0 met, 6 missed, 17 not measured"


def test_machine_names_cpu_isa_and_memory(bench: tuple[ModuleType, ModuleType]) -> None:
    summary, _ = bench
    cpuinfo = ("vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
               "model name\t: AMD EPYC 9R14 96-Core Processor\n"
               "flags\t\t: fpu sse4_2 avx avx2 fma bmi2 avx512f avx512dq\n")
    lines = summary.machine(cpuinfo, "MemTotal:       24576000 kB\n")
    assert lines[0].startswith("CPU:     AMD EPYC 9R14 96-Core Processor (")
    assert "family 25 model 17" in lines[0]
    assert lines[1] == "ISA:     avx512f, avx512dq, avx2, avx, fma, bmi2, sse4_2"
    assert lines[2] == "memory:  23.4 GiB"
    no512 = summary.machine("model name\t: X\nflags\t\t: avx2\n", "")
    assert no512[1] == "ISA:     avx2 (no AVX-512)"
    assert no512[2] == "memory:  unknown"


def test_record_replaces_only_the_summary_section(bench: tuple[ModuleType, ModuleType],
                                                  tmp_path: Path) -> None:
    summary, _ = bench
    readme = tmp_path / "README.md"
    readme.write_text(f"# Benchmarks\n\nintro\n\n{summary.START}\nold table\n{summary.END}\n\n"
                      "## plan.py\nrest\n")
    summary.record_readme("new table", readme)
    assert readme.read_text() == (f"# Benchmarks\n\nintro\n\n{summary.START}\nnew table\n{summary.END}\n\n"
                                  "## plan.py\nrest\n")
    bare = tmp_path / "BARE.md"
    bare.write_text("# Benchmarks\n")
    summary.record_readme("first", bare)
    assert bare.read_text() == f"# Benchmarks\n\n{summary.START}\nfirst\n{summary.END}\n"


def test_the_readme_has_the_markers(bench: tuple[ModuleType, ModuleType]) -> None:
    summary, _ = bench
    text = (BENCH / "README.md").read_text(encoding="utf-8")
    assert text.count(summary.START) == 1
    assert text.count(summary.END) == 1


def test_emit_writes_only_when_asked(bench: tuple[ModuleType, ModuleType], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _, record = bench
    out = tmp_path / "records.jsonl"
    monkeypatch.delenv(record.ENV, raising=False)
    record.emit("x", 1.0, "ms")
    assert not out.exists()
    monkeypatch.setenv(record.ENV, str(out))
    record.emit("kernel_lps", 1_000_000.0, "loans/s", "note", loans=5)
    record.emit("batch_s", None, "s", "failed")
    lines = out.read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"key": "kernel_lps", "value": 1_000_000.0, "unit": "loans/s", "note": "note", "loans": 5},
        {"key": "batch_s", "value": None, "unit": "s", "note": "failed"}]


def test_every_figure_the_summary_shows_is_emitted_by_a_script(bench: tuple[ModuleType, ModuleType]) -> None:
    """A key misspelt on either side would leave its row "not measured" for ever."""
    summary, _ = bench
    sources = "".join(p.read_text(encoding="utf-8") for p in sorted(BENCH.glob("*.py"))
                      if p.name != "summary.py")
    shown = {s.key for s in summary.SPECS} | {p.key for s in summary.SPECS for p in s.peers if p.key}
    wanted = shown - {"tape_gen_s"}
    assert {k for k in wanted if f'"{k}"' not in sources} == set()
    assert '"tape_gen_s"' in (BENCH / "summary.py").read_text(encoding="utf-8")


def test_an_as_filed_row_shows_its_own_records_figures_as_peers(bench: tuple[ModuleType, ModuleType]) -> None:
    """bench/asfiled.py's ratio rows: the ratio against the issue's aim as a ratio (4 ms of 6.2 ms),
    and the two medians it divides, taken from the row's own record."""
    summary, _ = bench
    records = summary.read_records([json.dumps({"key": "asfiled_plan_ratio", "value": 0.5, "unit": "×",
                                                "note": "", "base_ms": 20.0, "today_ms": 10.0})])
    what = "`plan()` (trade-up), today ÷ as issue 19 was filed, same run"
    row = {r[0]: r for r in summary.rows(records)}[what]
    assert row[1:6] == ("0.50", "×", "≤ 0.645 ×", "PASS", "as filed 20.0 ms; today 10.0 ms")
    records["asfiled_plan_ratio"]["value"] = 0.7
    assert {r[0]: r for r in summary.rows(records)}[row[0]][4] == "FAIL"
