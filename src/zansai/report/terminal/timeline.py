"""The delinquency timeline in the terminal: milestones to the auction and the windows that close."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.report.terminal.common import Out, yen
from zansai.report.terminal.plain import ReportTable

if TYPE_CHECKING:
    from zansai.engine.timeline import Timeline


def print_timeline(tl: Timeline, console: Out) -> None:
    """滞納から競売まで: each milestone with what is owed by then, and each option's last day."""
    tt = ReportTable(title=("滞納から競売まで（仮定）" if tl.hypothetical else "滞納から競売まで")
               + f" / delinquency timeline from {tl.first_missed}", title_justify="left")
    for col in ("段階 / milestone", "目安 typical", "幅 range", "請求額 owed", "うち遅延損害金 late"):
        tt.add_column(col)
    for m in tl.milestones:
        rng = f"{m.earliest} – {m.latest}" if m.latest and m.latest != m.earliest else ""
        tt.add_row(f"{m.label_ja} [dim]{m.label_en}[/dim]", m.typical.isoformat(), rng,
                   yen(m.owed), yen(m.late_charges))
    console.print(tt)
    if tl.court is not None:  # a located home: the court's published months, or 不明
        for note in tl.court.notes:
            console.print(f"  ⚖ {note.ja}\n    [dim]{note.en}[/dim]", highlight=False)
    wt = ReportTable(title="閉じていく選択肢 / windows that close", title_justify="left")
    for col in ("選択肢 / option", "最終日 last day", "状態 status"):
        wt.add_column(col)
    for w in tl.windows:
        status = "[green]まだ間に合う open[/green]" if w.is_open else "[red]締切済み closed[/red]"
        wt.add_row(f"{w.label_ja} [dim]{w.label_en}[/dim]", w.closes.isoformat(), status)
    console.print(wt)
