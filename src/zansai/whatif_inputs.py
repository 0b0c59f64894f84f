"""The what-if options as typed (``--prices``, ``--months``, ``--discount-rate``), parsed at the edge.

Prices are ``start:stop:step`` (``1500万:2200万:50万``; ``start:stop`` steps 50万), or a list
``1700万,1750万``; every mistake is one bilingual line naming the option.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

from zansai.errors import DomainError, InputError
from zansai.inputs import parse_int, parse_percent, parse_yen
from zansai.messages import msg

DEFAULT_STEP = 500_000
MAX_MONTHS = 24


@contextmanager
def named(field: str) -> Iterator[None]:
    """The engine's what-if errors named as ``field`` (an option or a body key)."""
    try:
        yield
    except DomainError as exc:
        if not (exc.field or "").startswith("whatif."):
            raise
        raise InputError.about(field, *exc.detail()) from None


def parse_prices(field: str, raw: str) -> tuple[int, ...]:
    """``start:stop[:step]`` or ``a,b,c`` (yen as the case file writes them)."""
    from zansai.engine.whatif import price_steps

    text = raw.strip()
    if ":" in text:
        parts = text.split(":")
        if len(parts) not in (2, 3):
            raise InputError.invalid(field, raw, msg("whatif.errors.range"))
        start, stop = (parse_yen(field, p) for p in parts[:2])
        step = parse_yen(field, parts[2]) if len(parts) == 3 else DEFAULT_STEP
        with named(field):
            return price_steps(start, stop, step)
    prices = tuple(parse_yen(field, p) for p in text.split(",") if p.strip())
    if not prices:
        raise InputError.invalid(field, raw, msg("whatif.errors.empty"))
    return prices


def parse_months(field: str, raw: str | int) -> int:
    return parse_int(field, raw, minimum=1, maximum=MAX_MONTHS)


def parse_discount_rate(field: str, raw: str) -> Fraction:
    """A yearly rate in percent, 0 to below 100 (``3`` = 3%)."""
    return parse_percent(field, raw)
