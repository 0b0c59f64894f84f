"""What every terminal rendering shares: the console and how a yen cell reads."""

from __future__ import annotations

from rich.console import Console


def yen(v: int | None) -> str:
    """A yen cell: ``1,234`` or ``—`` when there is no figure."""
    return "—" if v is None else f"{v:,}"


def report_console(console: Console | None = None) -> Console:
    """``console``, else one on the terminal; when not on a terminal (piped, a file), 132 columns
    wide so that the wide tables keep every column (and, without colours, not highlighted)."""
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=132)
            if console.color_system is None:  # no styles are written, so highlighting would be
                console = Console(width=132, highlight=False)  # lost work: the same text, sooner
    return console
