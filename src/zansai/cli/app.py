"""The ``zansai`` click group, the options several commands share, and ``main()``.

``main()`` is the console script: a user's mistake (an ``InputError``) or a missing optional part
(``MissingExtraError``) is one bilingual line and exit status 2, any other ``ZansaiError`` one
line and status 1, never a traceback. Only click is imported here: each command imports what it
needs when it runs, so ``--help`` and ``--json`` start fast.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import types
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from zansai.errors import InputError, ZansaiError
from zansai.extras import MissingExtraError

if TYPE_CHECKING:
    from zansai.loanspec import LoanOptions

F = Callable[..., Any]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zansai")
def app() -> None:
    """zansai (残債): loan schedules, dated legal rules, and what a home sale leaves owing."""


def loan_options(f: F) -> F:
    """The options that describe one loan, shared by the commands that need a schedule."""
    options = [
        click.option("--principal", default=None, help="Loan amount in yen (30000000 or 3000万)."),
        click.option("--rate", default=None, help="Annual interest rate in percent, e.g. 1.5."),
        click.option("--years", default=None, help="Term in years (1–50)."),
        click.option("--method", default="annuity", show_default=True,
                     help="annuity (元利均等) or equal-principal (元金均等)."),
        click.option("--bonus-share", default=None,
                     help="Share of the loan repaid by bonus payments, in percent (ボーナス併用)."),
        click.option("--bonus-months", default="6,12", show_default=True,
                     help="The two bonus months."),
        click.option("--start", default=None,
                     help="Month of the first payment, YYYY-MM (default: next month)."),
        click.option("--payment-day", default=None,
                     help="Day of the month payments fall due (default 1)."),
        click.option("--rounding", default="jp_floor", show_default=True,
                     help="Rounding convention: jp_floor, half_up or payment_ceil."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def loan_spec(**kw: Any) -> LoanOptions:
    """The loan options as given on the command line (text), for ``loanspec.build_loan``."""
    from zansai.loanspec import LoanOptions

    kw["rate_changes"] = tuple(kw.get("rate_changes") or ())
    kw["prepayments"] = tuple(kw.get("prepayments") or ())
    return LoanOptions(**kw)


def echo_json(obj: object, *, compact: bool = False) -> None:
    """Pretty JSON; ``compact`` when piped (a large result is then written much faster)."""
    if compact and not sys.stdout.isatty():
        sys.stdout.write(compact_json(obj) + "\n")
        return
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def compact_json(obj: object) -> str:
    """``json.dumps(obj, ensure_ascii=False, separators=(",", ":"))``, written by orjson when the
    web extra installed it: a plan's half-megabyte in a tenth of the time, the same text for what
    the commands print (strings, integers, no binary float: tests/test_cli.py compares the two
    on every example). What orjson refuses (a key that is not a plain str, an integer beyond 64
    bits, a lone surrogate) is written by ``json``."""
    try:
        import orjson
    except ImportError:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    try:
        return orjson.dumps(obj).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _one_line(message: str) -> str:
    """The message with what a terminal would act on (a newline, an escape sequence, a bidi
    override, a lone surrogate) written as its escape: an echoed value cannot break the line."""
    return "".join(c.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(c) in _UNPRINTABLE else c for c in message.rstrip())


def _fail(message: str) -> None:
    sys.stderr.write(_one_line(message) + "\n")
    raise SystemExit(2)


def _no_plugin_loader() -> None:
    """With pydantic's plugins off, give it a plugin loader that says so: its own imports
    importlib.metadata (and email, zipfile, csv) before it reads that setting."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    if "pydantic.plugin._loader" in sys.modules:
        return
    loader = types.ModuleType("pydantic.plugin._loader", "plugins are off (zansai.cli.app)")
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # no plugins
    sys.modules["pydantic.plugin._loader"] = loader


SHORT_COMMANDS = frozenset({"plan", "divorce", "report", "schedule", "arrears", "whatif", "rules",
                            "schema"})
"""Commands that read one case or loan and exit: they run without the cyclic garbage collector."""


def _without_collector(argv: list[str] | None) -> bool:
    """Turn the cyclic garbage collector off for a short command (True when it was on).

    Start-up makes a few hundred thousand objects that live until the process exits (modules,
    classes, the validator's and the rule book's tables) and the collector would walk them again
    and again for nothing; what a short command makes is freed by reference counting. The
    long-running commands (``serve``, ``batch``) and any other keep it.
    """
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in SHORT_COMMANDS or not gc.isenabled():
        return False
    gc.disable()
    return True


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: user mistakes become one bilingual line and exit status 2."""
    collector_off = _without_collector(argv)
    try:
        _run(argv)
    finally:
        if collector_off:
            gc.enable()


def _run(argv: list[str] | None) -> None:
    # pydantic scans every installed package's entry points for plugins on first use; the
    # command line uses none, and skipping the scan keeps start-up light.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_loader()
    # Text the edge let through (a file name, a value echoed back) may hold a character the
    # terminal cannot encode: print a replacement, never a UnicodeEncodeError. The error line
    # echoes the value refused (a lone surrogate from an undecodable argument): escape it there.
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)
    try:
        code = app.main(args=argv, prog_name="zansai", standalone_mode=False)
    except (InputError, MissingExtraError) as exc:
        _fail(f"エラー: {exc.message_ja} / error: {exc.message_en}")
    except ZansaiError as exc:
        sys.stderr.write(_one_line(f"エラー: {exc.message_ja} / error: {exc.message_en}") + "\n")
        raise SystemExit(1) from None
    except click.exceptions.Abort:
        raise SystemExit(130) from None
    except click.ClickException as exc:
        msg = exc.format_message()
        _fail(f"エラー: コマンドの指定が正しくありません: {msg} / error: {msg} "
              "(see `zansai --help`)")
    if isinstance(code, int) and code:
        raise SystemExit(code)
