"""The rule book as the kernel reads it: integer tables, one row per date the engine asks about.

The kernel never sees a literal legal or market number. For every distinct date a chunk needs
(a settlement date, a first missed payment, the calculation date) this module asks the same
``RuleBook`` the engine asks, on the same date, and lays the values out in a row of integers
(``layout``). The delinquency timeline is the engine's own ``delinquency_timeline``. A date the
rule book does not cover marks the row bad, and the loans that need it are reported, not valued.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from zansai.batch import layout as F
from zansai.batch import manifest
from zansai.batch.chunk import NO_DATE
from zansai.batch.manifest import Read
from zansai.engine.timeline import delinquency_timeline
from zansai.errors import ZansaiError
from zansai.model import LenderType
from zansai.rules import RuleBook

if TYPE_CHECKING:
    from zansai.engine.timeline_court import CourtTiming

EPOCH = date(1970, 1, 1)
RATE_SCALE = 10**8
SMALL_SCALE = 10**4


class NotRepresentableError(ZansaiError):
    """A rule value the integer tables cannot hold exactly (the kernel would round it)."""


def day(d: date) -> int:
    return (d - EPOCH).days


def from_day(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def scaled(key: str, value: Any, scale: int) -> int:
    """``value × scale`` as an exact integer, or an error naming the rule."""
    x = Fraction(value) * scale
    if x.denominator != 1:
        raise NotRepresentableError(f"ルール {key} の値 {value} は 1/{scale} 単位で表せません",
                               f"rule {key}: {value} is not a multiple of 1/{scale}", field=key)
    return int(x)


def _put_pairs(row: npt.NDArray[np.int64], at: int, count_at: int, rows: Sequence[tuple[int, int]],
               limit: int, key: str) -> None:
    if len(rows) > limit:
        raise NotRepresentableError(f"ルール {key} の行数が多すぎます",
                                    f"rule {key} has more than {limit} rows",
                               field=key)
    row[count_at] = len(rows)
    for j, (a, b) in enumerate(rows):
        row[at + 2 * j] = a
        row[at + 2 * j + 1] = b


SCALES = {"4": SMALL_SCALE, "8": RATE_SCALE}


def _field(key: str, value: Any, spec: str) -> int:
    """``value[name]`` of a ``name`` or ``name:4``/``name:8`` spec, as an integer."""
    name, _, scale = spec.partition(":")
    v = value[name]
    return scaled(key, v, SCALES[scale]) if scale else int(v)


def _col(name: str) -> int:
    return int(getattr(F, name))


def lay_out(book: RuleBook, read: Read, on: date, row: npt.NDArray[np.int64],
            cols: list[int] | None = None) -> None:
    """Write the rule of ``read`` as read on ``on`` into ``row`` (``read.codec``; at ``read.columns``
    unless ``cols`` is given)."""
    key, codec = read.key, read.codec
    cols = cols if cols is not None else [_col(c) for c in read.columns]
    if codec == "contract_cap":
        row[cols[0]], row[cols[1]] = _business_cap(book, key)
        return
    value = book.value(key, on)
    if codec == "int":
        row[cols[0]] = int(value)
    elif codec == "flag":
        row[cols[0]] = bool(value)
    elif codec in ("rate4", "rate8"):
        row[cols[0]] = scaled(key, value, SCALES[codec[-1]])
    elif codec == "fields":
        for c, spec in zip(cols, read.args, strict=True):
            row[c] = _field(key, value, spec)
    elif codec == "brackets":
        spec, limit = read.args
        _put_pairs(row, cols[1], cols[0],
                   [(-1 if b.get("upto") is None else int(b["upto"]), _field(key, b, spec))
                    for b in value], _col(limit), key)
    elif codec == "release_fees":
        _put_release_fees(row, cols, value, _col(read.args[0]), key)
    else:  # pragma: no cover - the manifest test checks every codec is known
        raise ValueError(f"unknown codec {codec!r} of {key}")


def _put_release_fees(row: npt.NDArray[np.int64], cols: list[int], fees: Any, limit: int, key: str) -> None:
    if len(fees) > limit:
        raise NotRepresentableError(f"{key} の行数が多すぎます", f"rule {key} has too many rows", field=key)
    row[cols[0]] = len(fees)
    for j, f in enumerate(fees):
        row[cols[1] + 3 * j] = int(f["rank"])
        row[cols[1] + 3 * j + 1] = int(f["cap"])
        row[cols[1] + 3 * j + 2] = scaled(key, f["principal_ratio"], RATE_SCALE)


def _row(book: RuleBook, table: manifest.Table, width: int,
         dates: dict[manifest.Role, date]) -> npt.NDArray[np.int64]:
    row = np.zeros(width, np.int64)
    for read in manifest.reads(table):
        lay_out(book, read, dates[read.role], row)
    return row


def sale_row(book: RuleBook, on: date) -> npt.NDArray[np.int64]:
    """Everything ``sale_costs`` and the short-sale 配分表 read on the settlement date ``on``."""
    return _row(book, manifest.Table.SALE, F.SP_WIDTH, {manifest.Role.SALE: on})


TIMELINE_COLUMNS = (F.KT_ACC, F.KT_SUB, F.KT_FILING, F.KT_PAY, F.KT_PAY_EARLY, F.KT_PAY_LATE, F.KT_LAST)
"""The KT_ columns that hold the timeline's days (the rest are the rules read on its dates)."""
FILING_AT, PAYMENT_AT = TIMELINE_COLUMNS.index(F.KT_FILING), TIMELINE_COLUMNS.index(F.KT_PAY)
"""Where the filing and the payment date are among ``TIMELINE_COLUMNS``."""


def timeline_days(book: RuleBook, first: date, lender: int, guaranteed: bool,
                  at: date, court: CourtTiming | None = None) -> tuple[npt.NDArray[np.int64], int, int]:
    """The engine's delinquency timeline from ``first`` as the ``TIMELINE_COLUMNS`` days (``NO_DATE``
    where a milestone is absent), and the first and last day it reads rules on (every timeline rule
    is read on ``first`` or on one of the milestones' days, so these bound the reads). ``court``: a
    located loan's court and its published months to distribution (``engine.timeline_court``)."""
    lender_type = LenderType.JHF if lender == 1 else LenderType.BANK
    tl = delinquency_timeline(first, on=at, book=book, lender=lender_type,
                              guarantor_company=guaranteed, hypothetical=first > at, court=court)
    keys = {m.key for m in tl.milestones}
    payment = tl.milestone("payment")
    days = np.array([
        day(tl.milestone("acceleration").typical),
        day(tl.milestone("subrogation").typical) if "subrogation" in keys else NO_DATE,
        day(tl.milestone("auction_filing").typical), day(payment.typical), day(payment.earliest),
        day(payment.latest or payment.typical), day(tl.last_short_sale_day())], np.int64)
    low = min(first, *(min(m.earliest, m.typical) for m in tl.milestones))
    high = max(max(m.typical, m.latest or m.typical) for m in tl.milestones)
    return days, day(low), day(high)


def key_rules(book: RuleBook, filing: date, payment: date) -> npt.NDArray[np.int64]:
    """The KT_ row's rules (the auction costs), read on the filing and the payment date."""
    return _row(book, manifest.Table.KEY, F.KT_WIDTH,
                {manifest.Role.FILING: filing, manifest.Role.PAYMENT: payment})


def key_row(book: RuleBook, first: date, lender: int, guaranteed: bool,
            at: date, court: CourtTiming | None = None) -> npt.NDArray[np.int64]:
    """The engine's delinquency timeline from ``first`` and the auction costs on its filing date."""
    days, _low, _high = timeline_days(book, first, lender, guaranteed, at, court)
    row = key_rules(book, from_day(int(days[FILING_AT])), from_day(int(days[PAYMENT_AT])))
    row[list(TIMELINE_COLUMNS)] = days
    return row


def late_row(book: RuleBook, first_due: date) -> npt.NDArray[np.int64]:
    """The late-charge rules ``arrears`` reads on the first missed due date (and 利息制限法7条,
    keyed on the contract date, which the kernel compares per loan)."""
    return _row(book, manifest.Table.LATE, F.LT_WIDTH,
                {manifest.Role.FIRST_DUE: first_due, manifest.Role.CONTRACT: first_due})


def _business_cap(book: RuleBook, key: str) -> tuple[int, int]:
    """(rate × RATE_SCALE, first day in force) of 利息制限法7条, which is keyed on the loan
    contract date (the kernel compares the loan's): representable while it has one rate from
    one day on."""
    rule = book.get(key)
    first = next((i for i, p in enumerate(rule.periods) if p.in_force), None)
    periods = rule.periods[first:] if first is not None else ()
    if (not periods or not all(p.in_force for p in periods) or periods[-1].end is not None
            or len({str(p.value) for p in periods}) != 1):
        raise NotRepresentableError(f"ルール {key} の期間は表せません",
                                    f"rule {key}: its periods cannot be laid out", field=key)
    return scaled(key, periods[0].value, RATE_SCALE), day(periods[0].start)


@dataclass(frozen=True, slots=True)
class Valuation:
    """The rules ``value_home`` reads on the calculation date."""

    adjustment: int
    minimum_bid: int
    short_sale: int
    dealer_purchase: int
    realized: int
    basis_at: int
    pv_basis: int


VALUATION_FIELDS = {"G_ADJ": "adjustment", "G_BID": "minimum_bid", "R_SHORT": "short_sale",
                    "R_DEALER": "dealer_purchase", "R_REALIZED": "realized", "G_BASIS_AT": "basis_at",
                    "G_PV_BASIS": "pv_basis"}
"""The manifest's calculation-date columns, by ``Valuation`` field."""


def valuation_rules(book: RuleBook, at: date) -> Valuation:
    values: dict[str, int] = {}
    for read in manifest.reads(manifest.Table.VALUATION):
        cell = np.zeros(1, np.int64)
        lay_out(book, read, at, cell, [0])
        values[VALUATION_FIELDS[read.columns[0]]] = int(cell[0])
    return Valuation(**values)


@dataclass
class Table:
    """Rows built once per distinct key and kept across chunks (a tape has few distinct dates)."""

    width: int
    build: Callable[..., npt.NDArray[np.int64]]
    rows: list[npt.NDArray[np.int64]] = field(default_factory=list)
    bad: list[bool] = field(default_factory=list)
    reasons: list[tuple[str, str] | None] = field(default_factory=list)
    index: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def lookup(self, keys: Sequence[tuple[Any, ...]]) -> npt.NDArray[np.int32]:
        """The row number of each key, building the rows it has not seen."""
        out = np.empty(len(keys), np.int32)
        for i, key in enumerate(keys):
            j = self.index.get(key)
            if j is None:
                j = len(self.rows)
                self.index[key] = j
                try:
                    # (None,): a loan the kernel turns away before it needs this table
                    self.rows.append(np.zeros(self.width, np.int64) if key == (None,)
                                     else self.build(*key))
                    self.bad.append(False)
                    self.reasons.append(None)
                except (ZansaiError, KeyError, ValueError) as exc:
                    self.rows.append(np.zeros(self.width, np.int64))
                    self.bad.append(True)
                    ja = getattr(exc, "message_ja", str(exc))
                    en = getattr(exc, "message_en", str(exc))
                    self.reasons.append((ja, en))
            out[i] = j
        return out

    def arrays(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        if not self.rows:
            return np.zeros((1, self.width), np.int64), np.ones(1, np.bool_)
        return np.vstack(self.rows), np.array(self.bad, np.bool_)


__all__ = ["FILING_AT", "PAYMENT_AT", "TIMELINE_COLUMNS", "NotRepresentableError", "Table", "Valuation",
           "day", "from_day", "key_row", "key_rules", "late_row", "lay_out", "sale_row", "scaled",
           "timeline_days", "valuation_rules"]
