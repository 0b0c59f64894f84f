"""Fetching a municipality's transaction prices quarter by quarter (四半期ごと) from XIT001.

MLIT publishes XIT001 by quarter and states no request limit but asks users to space their
requests (docs/sources/mlit-reinfolib-api.md §2, §5): one request per quarter, a pause between
requests, and a bounded span, so a typo in a year cannot start hundreds of requests.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from zansai.comps.client import ReinfolibClient
from zansai.errors import InputError

MAX_QUARTERS = 80
"""The longest span fetched in one call (20 years)."""

_QUARTER = re.compile(r"(\d{4})[Qq]([1-4])")


def parse_quarter(field: str, text: str) -> tuple[int, int]:
    """``"2024Q1"`` → ``(2024, 1)``; anything else is refused naming ``field``."""
    match = _QUARTER.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise InputError.invalid(field, text, "2024Q1 のように 年Q四半期 で指定してください",
                                 "write it as year Q quarter, e.g. 2024Q1")
    return int(match.group(1)), int(match.group(2))


def quarters_between(from_q: str, to_q: str) -> list[tuple[int, int]]:
    """Every quarter from ``from_q`` to ``to_q``, both included, oldest first."""
    start, end = parse_quarter("from", from_q), parse_quarter("to", to_q)
    first, last = start[0] * 4 + start[1] - 1, end[0] * 4 + end[1] - 1
    if last < first:
        raise InputError.about("to", f"to（{to_q}）が from（{from_q}）より前です",
                               f"to ({to_q}) is before from ({from_q})")
    if last - first + 1 > MAX_QUARTERS:
        raise InputError.about("to", f"一度に取得できるのは {MAX_QUARTERS} 四半期までです",
                               f"at most {MAX_QUARTERS} quarters can be fetched at once")
    return [(n // 4, n % 4 + 1) for n in range(first, last + 1)]


def fetch_quarters(client: ReinfolibClient, city: str, from_q: str, to_q: str, *,
                   price_classification: str | None = None, spacing: float = 1.0,
                   sleep: Callable[[float], object] = time.sleep) -> list[dict[str, str]]:
    """The XIT001 records of ``city`` (市区町村コード) for each quarter from ``from_q`` to
    ``to_q``, in order; a quarter without data adds nothing. ``spacing`` seconds pass between
    requests. A failure stops the whole fetch (nothing partial is returned)."""
    span = quarters_between(from_q, to_q)
    rows: list[dict[str, str]] = []
    for index, (year, quarter) in enumerate(span):
        if index and spacing > 0:
            sleep(spacing)
        rows += client.transactions(year, quarter, city=city,
                                    price_classification=price_classification)
    return rows
