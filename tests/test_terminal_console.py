"""The report's console off a terminal: 132 columns, and no highlighting when nothing is coloured."""

from __future__ import annotations

import pytest

from zansai.report.terminal.common import report_console
from zansai.report.terminal.plain import PlainConsole


def test_piped_without_colours_nothing_is_highlighted(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    console = report_console()
    assert isinstance(console, PlainConsole)  # lines and tables written as rich would, without rich
    assert console.width == 132
    console.print("[link=https://example.com]残債[/link]")  # needs rich: its console, made on need
    rich_console = console._rich
    assert rich_console is not None
    assert not rich_console.is_terminal
    assert rich_console.width == 132
    assert rich_console.color_system is None
    assert rich_console.render_str("残債 30,000,000 (2026-03-01)").spans == []


def test_forced_colours_keep_the_highlighting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    console = report_console()
    assert console.color_system is not None
    assert {s.style for s in console.render_str("残債 30,000,000").spans} == {"repr.number"}
