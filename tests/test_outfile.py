"""Output files (issue 16 §1): never replace what is not a regular file, all targets or none.

Run as root (the README's set-up), ``zansai batch tape -o /dev/null`` used to replace the
system's /dev/null by a regular file, and ``report --html ok.html --pdf /sys/x.pdf`` left
ok.html behind. Every target here is checked and reserved before any work.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
from pathlib import Path

import pytest

from zansai.cli import main
from zansai.errors import InputError
from zansai.outfile import Outputs, Terminated, check_target, terminate_as_interrupt, write_atomically

SEED1 = "examples/seed1-short-sale.toml"
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


def _assert_dev_null_intact() -> None:
    assert stat.S_ISCHR(DEV_NULL.lstat().st_mode), "/dev/null must still be a character device"


@pytest.fixture
def specials(tmp_path: Path) -> dict[str, Path]:
    """A symlink (to a regular file), a FIFO, a folder and a socket, each a target to refuse."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "link.html").symlink_to(victim)
    os.mkfifo(tmp_path / "fifo.html")
    (tmp_path / "folder.html").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.html"))
    sock.close()
    return {"symbolic link": tmp_path / "link.html", "FIFO": tmp_path / "fifo.html",
            "folder": tmp_path / "folder.html", "socket": tmp_path / "sock.html", "device": DEV_NULL}


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.lstat().st_mode, p.lstat().st_size) for p in folder.iterdir()}


@pytest.mark.parametrize("kind", ["symbolic link", "FIFO", "folder", "socket", "device"])
def test_a_target_that_is_not_a_regular_file_is_refused(specials: dict[str, Path], tmp_path: Path,
                                                        kind: str) -> None:
    before = _snapshot(tmp_path)
    with pytest.raises(InputError) as caught:
        check_target("--html", specials[kind])
    assert caught.value.field == "--html"
    assert kind in caught.value.message_en
    assert str(specials[kind]) in caught.value.message_ja
    with pytest.raises(InputError), Outputs() as outputs:
        outputs.add("--out", specials[kind])
    assert _snapshot(tmp_path) == before  # nothing created, nothing replaced
    assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == "keep me"
    _assert_dev_null_intact()


def test_a_link_is_not_followed_even_to_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    with pytest.raises(InputError, match="symbolic link"):
        write_atomically(tmp_path / "dangling.pdf", b"%PDF-")
    assert not (tmp_path / "elsewhere.pdf").exists()
    assert (tmp_path / "dangling.pdf").is_symlink()


def test_a_regular_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, b"new", "--html")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_two_targets_are_all_or_nothing(tmp_path: Path) -> None:
    """The second target fails when reserved: the first is neither written nor left as a partial."""
    ok = tmp_path / "ok.html"
    def both() -> None:
        with Outputs() as outputs:
            outputs.add("--html", ok)
            outputs.add("--pdf", DEV_NULL)

    with pytest.raises(InputError) as caught:
        both()
    assert caught.value.field == "--pdf"
    assert list(tmp_path.iterdir()) == []
    _assert_dev_null_intact()


def test_an_error_after_writing_leaves_every_target_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "old.html"
    old.write_text("previous", encoding="utf-8")
    def failing() -> None:
        with Outputs() as outputs:
            outputs.add("--html", old).write(b"new html")
            outputs.add("--pdf", tmp_path / "new.pdf").write(b"%PDF-new")
            raise RuntimeError("the PDF printer failed")

    with pytest.raises(RuntimeError):
        failing()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.html"]
    assert old.read_text(encoding="utf-8") == "previous"


def test_commit_renames_every_target(tmp_path: Path) -> None:
    with Outputs() as outputs:
        outputs.add("--out", tmp_path / "r.parquet").write(b"results")
        outputs.add("--errors", tmp_path / "r.errors.csv").write(b"errors")
        outputs.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.errors.csv", "r.parquet"]


def test_a_target_swapped_for_a_link_before_commit_is_refused(tmp_path: Path) -> None:
    target, victim = tmp_path / "r.html", tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    def swapped() -> None:
        with Outputs() as outputs:
            outputs.add("--html", target).write(b"new")
            target.symlink_to(victim)
            outputs.commit()

    with pytest.raises(InputError, match="symbolic link"):
        swapped()
    assert target.is_symlink()
    assert victim.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "victim"]


def test_the_same_file_twice_is_refused(tmp_path: Path) -> None:
    def twice() -> None:
        with Outputs() as outputs:
            outputs.add("--html", tmp_path / "r")
            outputs.add("--pdf", tmp_path / "." / "r")

    with pytest.raises(InputError, match="same file as --html"):
        twice()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("path", "reason"), [
    ("/proc/x.html", "cannot hold files"),
    ("/no-such-folder/x.html", "does not exist"),
])
def test_a_folder_that_cannot_hold_the_file_is_refused(path: str, reason: str) -> None:
    with pytest.raises(InputError) as caught, Outputs() as outputs:
        outputs.add("--html", path)
    assert reason in caught.value.message_en
    assert caught.value.field == "--html"


def test_permission_denied_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root may write anywhere, so the denial is simulated where the partial file is created."""
    real_open = os.open

    def denied(path: object, flags: int, *args: int) -> int:
        if str(path).endswith(".part") and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(InputError) as caught, Outputs() as outputs:
        outputs.add("--pdf", tmp_path / "r.pdf")
    assert caught.value.message_en == f"--pdf: cannot write {tmp_path / 'r.pdf'}: permission denied"
    assert "書き込む権限がありません" in caught.value.message_ja


def test_sigterm_is_raised_like_ctrl_c_and_the_handler_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated) as caught, terminate_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
    assert caught.value.code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_removes_the_partial_files(tmp_path: Path) -> None:
    def terminated() -> None:
        with Outputs() as outputs:
            outputs.add("--out", tmp_path / "r.csv").write(b"half")
            os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(Terminated):
        terminated()
    assert list(tmp_path.iterdir()) == []


# --- the report command ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["symbolic link", "FIFO", "folder", "socket", "device"])
@pytest.mark.parametrize("option", ["--html", "--pdf"])
def test_report_refuses_a_special_target(specials: dict[str, Path], tmp_path: Path, kind: str, option: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(tmp_path)
    code, err = _cli(["report", SEED1, option, str(specials[kind])], capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert f"error: {option}: cannot write {specials[kind]}: it is a" in err
    assert kind in err
    assert _snapshot(tmp_path) == before
    _assert_dev_null_intact()


@pytest.mark.parametrize("bad", ["/sys/x.pdf", "/proc/x.pdf", "/dev/null", "/no-such-folder/x.pdf"])
def test_report_html_and_pdf_are_all_or_nothing(tmp_path: Path, bad: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """``--html ok.html --pdf /sys/x.pdf`` used to leave ok.html behind; Chromium is never needed."""
    code, err = _cli(["report", SEED1, "--html", str(tmp_path / "ok.html"), "--pdf", bad], capsys)
    assert code == 2
    assert f"error: --pdf: cannot write {bad}: " in err
    assert list(tmp_path.iterdir()) == []
    _assert_dev_null_intact()


@pytest.mark.parametrize("bad", ["/proc/x.html", "/sys/x.html"])
def test_report_into_a_folder_that_cannot_be_written(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli(["report", SEED1, "--html", bad], capsys)
    assert code == 2
    assert err.startswith(f"エラー: --html の出力先 {bad} には書けません: ")


def test_report_html_writes_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _cli(["report", SEED1, "--html", str(tmp_path / "r.html")], capsys)
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    assert "相談用レポート" in (tmp_path / "r.html").read_text(encoding="utf-8")
