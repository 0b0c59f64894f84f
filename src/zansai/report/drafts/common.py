"""What every draft shares: its wording (the ``drafts`` catalog), amounts, dates and parties."""

from __future__ import annotations

from datetime import date
from typing import Any

from zansai.engine.plan import Plan
from zansai.messages import msg
from zansai.model import Lien


class Words:
    """The ``drafts`` catalog in one language: ``w("budget.title")``, ``w.yen(1200)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **params: Any) -> str:
        return msg(f"drafts.{key}", **params).text(self.lang)

    def yen(self, amount: int | None) -> str:
        return self("common.yen", amount=amount) if amount is not None else ""

    def date(self, on: date | None) -> str:
        if on is None:
            return ""
        return self("common.date", y=on.year, m=on.month, d=on.day)

    def mark(self) -> str:
        return self("common.mark")


def main_lien(plan: Plan) -> Lien | None:
    """The first lien with a loan: the lender a request or a proposal is written to."""
    return next((lien for lien in plan.case.liens if lien.loan is not None), None)


def debtor(plan: Plan) -> str:
    """The debtor who signs: the main loan's first debtor, else the first person of the case."""
    lien = main_lien(plan)
    if lien is not None and lien.debtors:
        return lien.debtors[0]
    return plan.case.people[0].name if plan.case.people else ""


def exit_dict(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((e for e in data["exits"] if e["key"] == key), None)


def label(item: dict[str, Any], lang: str) -> str:
    """A JSON item's label in ``lang`` (``label_ja`` / ``label_en``)."""
    return str(item.get(f"label_{lang}") or item.get("label_ja") or "")
