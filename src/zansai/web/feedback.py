"""What the form says back: every problem and every question, next to its own field, in words.

The case builder names a problem by its case-file path (``loans[0].rate``,
``loans[0].debtors[1]``, ``people``); a page never shows such a path. ``place`` finds the form
field that shows it, ``problems`` gives each one with the field's label and an anchor for the
error summary, and ``questions`` asks about amounts that look typed in 万円 by mistake (a
warning: the case is still saved).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zansai.errors import ZansaiError
from zansai.inputs import parse_yen
from zansai.web.forms import FIELDS, SECTIONS, Field, Text, form_values

_WHOLE = {"valuation": "valuation.appraisals[0].amount", "people": "people[0].name",
          "divorce.contributions": "divorce.contributions[0].amount", "loans": "loans[0].principal",
          # issue 17's sections: a problem of the whole section lands on its first field
          "auction": "auction.filing_date", "rescheduling": "rescheduling.change_date",
          "rescheduling.rank": "rescheduling.change_date", "brokerage": "brokerage.contract_date",
          "brokerage.low_cost_special": "brokerage.low_cost_special.consent",
          "selling_expenses": "selling_expenses[0].kind"}
"""Problems of a whole section or list, and the field that shows them."""
_LAST = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def dom_id(name: str) -> str:
    """The input's id: ``loans[0].rate`` → ``f-loans-0-rate`` (a plain #anchor, no escaping)."""
    return "f-" + re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-")


def place(path: str | None) -> str | None:
    """The form field that shows a problem of ``path``: itself, the field of its list
    (``loans[0].debtors[1]`` → ``loans[0].debtors``) or of its section; None if the form has no
    place for it (a third loan, a lien: the case-file editor has)."""
    p = path or ""
    while p:
        if p in FIELDS:
            return p
        if p in _WHOLE:
            return _WHOLE[p]
        shorter = _LAST.sub("", p)
        if shorter == p or (p.endswith("]") and shorter not in FIELDS):
            return None  # an entry of a list the form does not show (loans[2], people[5])
        p = shorter
    return None


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem as the page shows it: under its field and as a line of the summary."""

    field: str | None
    """The form field it belongs to (None: the form has no place for it)."""
    label: Text | None
    message: Text
    """In words, without the field's path or the file's name."""

    @property
    def anchor(self) -> str | None:
        return dom_id(self.field) if self.field else None


def problems(errors: Iterable[ZansaiError]) -> list[Problem]:
    """The page's problems, each placed, labelled and worded without a path."""
    out = []
    for e in errors:
        where = place(e.field)
        out.append(Problem(where, FIELDS[where].label if where else None, e.detail()))
    return out


def by_field(found: Iterable[Problem]) -> dict[str, list[Problem]]:
    placed: dict[str, list[Problem]] = {}
    for p in found:
        if p.field:
            placed.setdefault(p.field, []).append(p)
    return placed


# -- questions that do not block the save

SMALL_HOME_AMOUNT = 1_000_000
"""Below 100万円 a home price or a loan is almost surely 万円 typed as yen (2800 for 2,800万円).
TODO(lead): use the parser's plausibility API (zansai.plausibility) once it is in main; this is
the form's stand-in with the same question."""
_HOME_AMOUNTS = re.compile(r"^(property\.acquisition_price|valuation\.market_value|"
                           r"valuation\.appraisals\[\d\]\.amount|loans\[\d\]\.principal)$")


def questions(data: Mapping[str, Any]) -> dict[str, Text]:
    """Amounts that look like 万円 typed as yen, by field: 「万円のつもりですか？」."""
    asked: dict[str, Text] = {}
    for name, shown in form_values(data).items():
        if not shown or not _HOME_AMOUNTS.match(name):
            continue
        try:
            yen = parse_yen(name, shown)
        except ZansaiError:
            continue
        if 0 < yen < SMALL_HOME_AMOUNT:
            asked[name] = (f"{yen:,}円と入力されています。{yen:,}万円のつもりですか？"
                           f"そうなら「{yen}万」と入力してください",
                           f"This reads as {yen:,} yen. Did you mean {yen:,}万円 ({yen * 10_000:,} yen)? "
                           f"Then type {yen}万")
    return asked


# -- the form's mode

_DEFAULT_SHOWN = {"property.tax_seized": "false", "household.salaried": "true"}
"""Advanced checkboxes whose unticked/ticked state is the case file's default, not a choice."""


def wants_advanced(data: Mapping[str, Any]) -> bool:
    """Whether a saved case opens in the detailed mode: only when it holds a detailed value the
    simple mode would hide. A refused save never decides this: the user's choice is kept."""
    values = form_values(data)
    return any(values.get(f.name) and values.get(f.name) != _DEFAULT_SHOWN.get(f.name, _default_shown(f))
               for f in _advanced_fields())


def _default_shown(f: Field) -> str | None:
    """A checkbox's default as the form shows it ("true"/"false"), None for other fields."""
    return None if f.default is None else str(f.default).lower()


def _advanced_fields() -> list[Field]:
    return [f for s in SECTIONS for f in s.fields if f.advanced or s.advanced]

