"""The report written without rich's layout: byte for byte what rich writes, or left to rich.

``plain_text`` stands in for rich when nothing is styled; these tests render random lines and
tables both ways (Japanese and ASCII words, markup, emoji codes, narrow widths that wrap, fold,
shrink columns and cut cells with …) and hold the two to the same text.
"""

from __future__ import annotations

import io
import random

import pytest
from rich import markup
from rich.console import Console
from rich.errors import MarkupError

from zansai.report.terminal import plain
from zansai.report.terminal.common import report_console
from zansai.report.terminal.plain import PlainConsole, ReportTable, plain_text

WORDS = ["残債", "売却＋自己資金で不足を補う", "1,506,370", "円", "a", "price", "—", "★", "✓", "（目安）",
         "2027-06-30", "overloan,", "　", ":", ":smile:", "x:y", "[dim]", "[/dim]", "[bold]", "[/bold]",
         "[/]", "[1]", "[link=x]", "\\[", "\t", "\n", " ", "  ", "ｱ"]
CELL_WORDS = [w for w in WORDS if w not in ("[dim]", "[/dim]", "[bold]", "[/bold]", "[/]", "[link=x]", "\\[",
                                            "\t", ":smile:")] + ["[dim]en[/dim]", "[green]✓[/green]"]


def _text(rng: random.Random, most: int, words: list[str] = WORDS) -> str:
    return "".join(rng.choice(words) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(0, most)))


def _rich(renderable: object, width: int) -> str | None:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, highlight=False)
    try:
        console.print(renderable)
    except MarkupError:
        return None
    return out.getvalue()


def _table(rng: random.Random) -> ReportTable:
    table = ReportTable(title=rng.choice([None, _text(rng, 4, CELL_WORDS)]), title_justify="left")
    for _ in range(rng.randint(1, 6)):
        table.add_column(_text(rng, 2, CELL_WORDS), justify=rng.choice(["left", "right", "center"]),
                         no_wrap=rng.random() < 0.4, min_width=rng.choice([None, 4, 11]),
                         ratio=rng.choice([None, 1]))
    for _ in range(rng.randint(0, 4)):
        table.add_row(*(_text(rng, 4, CELL_WORDS) for _ in table.columns))
    return table


@pytest.mark.parametrize("seed", range(6))
def test_lines_are_what_rich_writes(seed: int) -> None:
    rng = random.Random(seed)
    taken = 0
    for _ in range(300):
        text, width = _text(rng, 12), rng.randint(4, 70)
        got = plain_text(text, width)
        if got is not None:
            taken += 1
            assert got == _rich(text, width), (text, width)
    assert taken > 60  # many lines are written plainly


EDGE = ["残債" * 5, "残債 " * 5, "a" * 10, "a" * 9 + " ", "a" * 10 + "  ", "売却 a", "e\u0301" * 6,
        "e\u0301" * 11, "ok \U0001f44d\ufe0f", "\U0001f468\u200d\U0001f469 abcdefgh", "ｱ" * 10, "　" * 6]
"""Lines at the edge of a 10-cell width: exactly filling it, one cell over, wide characters, trailing
spaces, combining marks (more characters than cells), joiners and emoji selectors (widths that do
not simply add up): a line that fits is written without asking where rich would break it."""


@pytest.mark.parametrize("text", EDGE)
def test_lines_at_the_edge_are_what_rich_writes(text: str) -> None:
    for width in (9, 10, 11):
        got = plain_text(text, width)
        assert got is not None
        assert got == _rich(text, width), (text, width)


@pytest.mark.parametrize("seed", range(6))
def test_tables_are_what_rich_writes(seed: int) -> None:
    rng = random.Random(seed)
    taken = 0
    for _ in range(80):
        table, width = _table(rng), rng.randint(8, 100)
        got = plain_text(table, width)
        if got is not None:
            taken += 1
            assert got == _rich(table, width), (seed, width)
    assert taken > 20


def test_what_it_cannot_write_is_left_to_rich() -> None:
    assert plain_text("[link=https://example.com]x[/link]", 80) is None
    assert plain_text("a\\[b", 80) is None
    assert plain_text("a\tb", 80) is None
    assert plain_text("[/bold]", 80) is None  # rich refuses it, with its own error
    assert plain_text(":smile:", 80) is None
    table = ReportTable(show_lines=True)
    table.add_column("a")
    assert plain_text(table, 80) is None
    assert plain_text(object(), 80) is None


def test_the_markup_tags_are_richs() -> None:
    assert plain.RE_TAGS.pattern == markup.RE_TAGS.pattern


def test_the_piped_report_console_writes_plainly(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    console = report_console()
    assert isinstance(console, PlainConsole)
    lines = ["[bold]残債[/bold] 1,506,370円 [link=x]y[/link] " + "売却" * 70,  # the link: rich's way
             "[dim]売却＋自己資金で不足を補う[/dim] " + "price " * 30]
    for line in lines:
        console.print(line)
    assert capsys.readouterr().out == "".join(_rich(line, 132) or "" for line in lines)


def test_forced_colours_go_through_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert isinstance(report_console(), Console)
