"""``zansai batch`` output files (issue 16 §1): never replace a device, both files or none, SIGTERM.

``zansai batch tape.parquet -o /dev/null`` run as root used to replace /dev/null by a regular file.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from zansai.batch.synthetic import write_synthetic
from zansai.cli import main

AT = date(2026, 12, 1)
DEV_NULL = Path("/dev/null")


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.fixture(scope="module")
def tape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tape") / "tape.csv"
    write_synthetic(path, 50, seed=1, at=AT)
    return path


@pytest.mark.parametrize("args", [
    ["--synthetic", "10", "-o", "/dev/null"],
    ["TAPE", "-o", "/dev/null"],
    ["TAPE", "-o", "OUT/r.parquet", "--errors", "/dev/null"],
])
def test_batch_never_replaces_dev_null(tape: Path, tmp_path: Path, args: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    args = [a.replace("TAPE", str(tape)).replace("OUT", str(tmp_path)) for a in args]
    code, err = _cli(["batch", *args], capsys)
    assert code == 2
    assert "cannot write /dev/null: it is a device" in err
    assert stat.S_ISCHR(DEV_NULL.lstat().st_mode)
    assert list(tmp_path.iterdir()) == []


def test_batch_refuses_a_link_and_a_fifo(tape: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim.parquet"
    victim.write_bytes(b"keep")
    (tmp_path / "link.parquet").symlink_to(victim)
    os.mkfifo(tmp_path / "fifo.csv")
    code, err = _cli(["batch", str(tape), "-o", str(tmp_path / "link.parquet")], capsys)
    assert (code, "symbolic link" in err) == (2, True)
    code, err = _cli(["batch", str(tape), "-o", str(tmp_path / "r.parquet"), "--errors",
                      str(tmp_path / "fifo.csv")], capsys)
    assert (code, "named pipe (FIFO)" in err) == (2, True)
    assert victim.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo.csv", "link.parquet", "victim.parquet"]


@pytest.mark.parametrize("bad", ["/proc/r.parquet", "/sys/r.errors.csv"])
def test_batch_into_a_folder_that_cannot_be_written(tape: Path, tmp_path: Path, bad: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    option = "--errors" if "errors" in bad else "-o"
    code, err = _cli(["batch", str(tape), "-o", str(tmp_path / "r.parquet"), option, bad], capsys)
    assert code == 2
    assert f"cannot write {bad}: " in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_sigterm_removes_the_hidden_partial_file(tmp_path: Path) -> None:
    """Terminated while writing a large synthetic tape: no partial file, no output, status 143."""
    out = tmp_path / "big.parquet"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    command = [sys.executable, "-m", "zansai", "batch", "--synthetic", "50000000", "-o", str(out)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".big.parquet.*.part")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # inside the writing, past the reservation
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []
