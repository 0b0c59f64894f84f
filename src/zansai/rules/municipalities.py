"""総務省「全国地方公共団体コード」: every municipality's code, name and kana, shipped with the app.

The list (data/_places/municipalities.csv; how it was read: the README beside it) holds the
1,741 cities, towns and villages with Tokyo's 23 special wards and the 175 wards of the designated
cities (政令指定都市の区: 札幌市中央区 011011, 横浜市港北区 141097), as of ``AS_OF``. It lets the
web forms resolve a name with no comparable imported, and lets a case file's code be checked
against the list. Codes change when municipalities merge or a city redraws its wards, so a code
missing from the list is a note, never an error. Read lazily, once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from zansai.messages import Msg, msg

LIST = Path(__file__).resolve().parent / "data" / "_places" / "municipalities.csv"
AS_OF = date(2021, 11, 1)
"""The date of the list read (the copy's 2021-11-01 update, which added the codes): later changes,
such as 浜松市's wards redrawn on 2024-01-01, are not in it."""


@dataclass(frozen=True, slots=True)
class Municipality:
    """One entry: 5-digit code (the check digit dropped), prefecture, name as 総務省 writes it
    (a ward with its city: 「横浜市港北区」), its reading in hiragana, and the 郡 of a town or
    village ("" for a city or ward)."""

    code: str
    prefecture: str
    name: str
    kana: str
    gun: str = ""


@cache
def all_municipalities() -> dict[str, Municipality]:
    """5-digit code → entry, in the list's order (by code within each prefecture)."""
    out: dict[str, Municipality] = {}
    with LIST.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            out[code[:5]] = Municipality(code[:5], row["prefecture"], row["name"], row["kana"], row["gun"])
    return out


def check_digits() -> dict[str, str]:
    """5-digit code → the check digit the list gives (the list's 6th digit)."""
    with LIST.open(encoding="utf-8", newline="") as f:
        return {row["code"][:5]: row["code"][5] for row in csv.DictReader(f)}


def lookup(code: str) -> Municipality | None:
    """The entry of a 5-digit (or 6-digit, the check digit ignored) code, None when not listed."""
    return all_municipalities().get(code[:5])


@cache
def names(prefecture: str | None = None) -> dict[str, str]:
    """5-digit code → name, in ``prefecture`` (2 digits) or everywhere."""
    return {c: m.name for c, m in all_municipalities().items() if not prefecture or c.startswith(prefecture)}


def unlisted_note(code: str | None) -> Msg | None:
    """The note for a well-formed code the list does not hold (a typo such as 12999, or a code
    newer than the list): a note, not an error, since the list has a date and codes change."""
    if code is None or lookup(code) is not None:
        return None
    return msg("places.notes.unlisted", code=code[:5], as_of=AS_OF.isoformat())
