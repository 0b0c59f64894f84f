"""The adviser block of the client report (担当者: name, office, contact).

The report prints who prepared it. The values come from a plain mapping with the keys ``name``,
``office`` and ``contact``: the CLI fills it from ``--adviser-name/--adviser-office/--adviser-contact``,
the web app from the request or its state, and later the settings file's ``[adviser]`` table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_CHARS = 200
"""Longest value printed (a name, an office, a phone and mail line): the block stays one box."""


@dataclass(frozen=True, slots=True)
class Adviser:
    """Who prepared the report (担当者)."""

    name: str = ""
    office: str = ""
    contact: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.office or self.contact)


def adviser_from(values: Mapping[str, Any] | None) -> Adviser | None:
    """The adviser of ``values`` (``name``, ``office``, ``contact``; other keys ignored), or None
    when none is given. Whitespace is trimmed and each value cut to MAX_CHARS characters."""
    if not values:
        return None

    def text(key: str) -> str:
        raw = values.get(key)
        return " ".join(str(raw).split())[:MAX_CHARS] if raw is not None else ""

    adviser = Adviser(text("name"), text("office"), text("contact"))
    return adviser or None
