"""The adviser's status of a case (案件の進み具合): set by hand on the case list, stored with the case.

The steps of a 任意売却 as an adviser tracks them: the first consultation, the request to the
lenders (申出), the home on the market, the sale contract, the settlement, and the file closed.
The words are ``status_<key>`` in ``report/i18n.py``.
"""

from __future__ import annotations

from enum import StrEnum

from zansai.errors import InputError


class CaseStatus(StrEnum):
    """Where a case stands; the order is the usual order of a short sale."""

    CONSULTING = "consulting"
    """相談中: facts being gathered."""
    APPLIED = "applied"
    """申出済: the request for a 任意売却 sent to the lenders."""
    MARKETING = "marketing"
    """販売中: the home is on the market."""
    CONTRACTED = "contracted"
    """契約済: a sale contract is signed."""
    SETTLED = "settled"
    """決済済: the sale is settled and the liens released."""
    CLOSED = "closed"
    """終了: the file is closed (settled, withdrawn or passed on)."""


STATUSES: tuple[str, ...] = tuple(s.value for s in CaseStatus)


def check_status(value: object, field: str = "status") -> CaseStatus:
    """``value`` as a status, or a one-line bilingual error naming ``field``."""
    if isinstance(value, str) and value in STATUSES:
        return CaseStatus(value)
    shown = str(value)[:40]
    raise InputError.invalid(field, shown, "状況は " + "・".join(STATUSES) + " のどれかにしてください",
                             "the status must be one of " + ", ".join(STATUSES))
