"""The adviser block of the client report (担当者: name, office, contact).

The report prints who prepared it. The values come from a plain mapping with the keys ``name``,
``office`` and ``contact``: the CLI fills it from ``--adviser-name/--adviser-office/--adviser-contact``,
the web app from the request, else the settings file's ``[adviser]`` table (``zansai.settings``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zansai.settings import MAX_FIELD as MAX_CHARS
from zansai.settings import Adviser

__all__ = ["MAX_CHARS", "Adviser", "adviser_from"]


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
