"""What every terminal rendering shares: the console and how a yen cell reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console


def yen(v: int | None) -> str:
    """A yen cell: ``1,234`` or ``—`` when there is no figure."""
    return "—" if v is None else f"{v:,}"


class Out(Protocol):
    """Where a report prints: rich's ``Console``, or ``plain.PlainConsole`` when piped."""

    @property
    def width(self) -> int: ...

    def print(self, *objects: Any, highlight: bool | None = None) -> None: ...


def report_console(console: Out | None = None) -> Out:
    """``console``, else one on the terminal; when piped (not a terminal, no colours), 132 columns
    wide so that the wide tables keep every column, written without rich's layout where it adds
    nothing (``plain.PlainConsole``: the same characters, sooner, without importing rich's console)."""
    if console is not None:
        return console
    from zansai.report.terminal.plain import PlainConsole, piped

    if piped():
        return PlainConsole()
    from rich.console import Console

    rich_console: Console = Console()
    if not rich_console.is_terminal:
        rich_console = Console(width=132)
        if rich_console.color_system is None:  # no styles are written, so highlighting would be
            rich_console = Console(width=132, highlight=False)  # lost work: the same text, sooner
    return rich_console
