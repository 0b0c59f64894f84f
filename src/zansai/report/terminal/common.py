"""What every terminal rendering shares: the console and how a yen cell reads."""

from __future__ import annotations

from typing import Any

from rich.console import WINDOWS, Console


def yen(v: int | None) -> str:
    """A yen cell: ``1,234`` or ``—`` when there is no figure."""
    return "—" if v is None else f"{v:,}"


class ReportConsole(Console):
    """A console that, when it writes no styles, writes a line that fits or a table that fits at
    its natural width straight out (``plain.plain_text``: the same characters as rich, without
    rich's layout work); everything else goes through rich."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        if len(objects) == 1 and kwargs.keys() <= {"highlight"} and self._writes_plain():
            from zansai.report.terminal.plain import plain_text

            text = plain_text(objects[0], self.width)
            if text is not None:
                try:
                    self.file.write(text)
                    self.file.flush()
                except BrokenPipeError:
                    self.on_broken_pipe()
                return
        super().print(*objects, **kwargs)

    def _writes_plain(self) -> bool:
        """No colours, nothing recorded or buffered, UTF-8 out: what rich writes is the bare text."""
        return (self.color_system is None and not self.record and not self.quiet and not WINDOWS
                and not self.is_jupyter and self._buffer_index == 0 and not self.soft_wrap
                and self.encoding.startswith("utf"))


def report_console(console: Console | None = None) -> Console:
    """``console``, else one on the terminal; when not on a terminal (piped, a file), 132 columns
    wide so that the wide tables keep every column, without highlighting (no styles are written),
    and writing what fits without rich's layout work."""
    if console is None:
        report = ReportConsole(width=132)
        if report.is_terminal:
            return Console()
        # no styles are written, so highlighting would be lost work: the same text, sooner
        report._highlight = report.color_system is not None
        console = report
    return console
