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
from typing import Any

import numpy as np
import numpy.typing as npt

from zansai.batch import layout as F
from zansai.batch.chunk import NO_DATE
from zansai.engine.timeline import delinquency_timeline
from zansai.errors import ZansaiError
from zansai.model import LenderType
from zansai.rules import RuleBook

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


def sale_row(book: RuleBook, on: date) -> npt.NDArray[np.int64]:
    """Everything ``sale_costs`` and the short-sale 配分表 read on the settlement date ``on``."""
    row = np.zeros(F.SP_WIDTH, np.int64)
    row[F.SP_TAX] = scaled("tax.consumption_tax_rate", book.value("tax.consumption_tax_rate", on),
                           SMALL_SCALE)
    tiers = book.value("brokerage.fee_tiers", on)
    _put_pairs(row, F.SP_BROK, F.SP_BROK_N,
               [(-1 if t.get("upto") is None else int(t["upto"]),
                 scaled("brokerage.fee_tiers", t["rate"], SMALL_SCALE)) for t in tiers],
               F.BROK_TIERS, "brokerage.fee_tiers")
    stamps = book.value("stamp_duty.sale_contract", on)
    _put_pairs(row, F.SP_STAMP, F.SP_STAMP_N,
               [(-1 if s.get("upto") is None else int(s["upto"]), int(s["duty"])) for s in stamps],
               F.STAMP_ROWS, "stamp_duty.sale_contract")
    lr = book.value("registration_tax.lien_release", on)
    row[F.SP_LR_PER] = lr["per_property"]
    row[F.SP_LR_CAP] = lr["application_cap"]
    row[F.SP_LR_OVER] = lr["cap_over_count"]
    row[F.SP_SCRIV] = int(book.value("scrivener.lien_release_fee", on))
    row[F.SP_MOVING] = int(book.value("market.moving_cost", on))
    row[F.SP_JHF_MOVING_OK] = bool(book.value("short_sale.jhf_moving_cost_allowed", on))
    row[F.SP_JHF_SCRIV_CAP] = int(book.value("short_sale.jhf_scrivener_fee_cap", on))
    row[F.SP_JHF_STAMP_OK] = bool(book.value("short_sale.jhf_stamp_duty_deductible", on))
    fees = book.value("short_sale.jhf_release_fees", on)
    if len(fees) > F.REL_ROWS:
        raise NotRepresentableError("short_sale.jhf_release_fees の行数が多すぎます",
                               "rule short_sale.jhf_release_fees has too many rows",
                               field="short_sale.jhf_release_fees")
    row[F.SP_REL_N] = len(fees)
    for j, f in enumerate(fees):
        row[F.SP_REL + 3 * j] = int(f["rank"])
        row[F.SP_REL + 3 * j + 1] = int(f["cap"])
        row[F.SP_REL + 3 * j + 2] = scaled("short_sale.jhf_release_fees", f["principal_ratio"], RATE_SCALE)
    row[F.SP_MGMT_YEARS] = int(book.value("short_sale.jhf_management_arrears_years", on))
    row[F.SP_BASIS] = int(book.value("late_charges.day_count_basis", on))
    return row


def key_row(book: RuleBook, first: date, lender: int, guaranteed: bool,
            at: date) -> npt.NDArray[np.int64]:
    """The engine's delinquency timeline from ``first`` and the auction costs on its filing date."""
    row = np.zeros(F.KT_WIDTH, np.int64)
    lender_type = LenderType.JHF if lender == 1 else LenderType.BANK
    tl = delinquency_timeline(first, on=at, book=book, lender=lender_type,
                              guarantor_company=guaranteed, hypothetical=first > at)
    keys = {m.key for m in tl.milestones}
    row[F.KT_ACC] = day(tl.milestone("acceleration").typical)
    row[F.KT_SUB] = day(tl.milestone("subrogation").typical) if "subrogation" in keys else NO_DATE
    filing = tl.milestone("auction_filing").typical
    payment = tl.milestone("payment")
    row[F.KT_FILING] = day(filing)
    row[F.KT_PAY] = day(payment.typical)
    row[F.KT_PAY_EARLY] = day(payment.earliest)
    row[F.KT_PAY_LATE] = day(payment.latest or payment.typical)
    row[F.KT_LAST] = day(tl.last_short_sale_day())
    row[F.KT_BASIS_PAY] = int(book.value("late_charges.day_count_basis", payment.typical))
    deposits = book.value("auction.deposit_tokyo", filing)
    _put_pairs(row, F.KT_DEP, F.KT_DEP_N,
               [(-1 if d.get("upto") is None else int(d["upto"]), int(d["deposit"])) for d in deposits],
               F.DEP_ROWS, "auction.deposit_tokyo")
    row[F.KT_FEE] = int(book.value("auction.filing_fee_per_lien", filing))
    row[F.KT_SEIZ_RATE] = scaled("registration_tax.seizure", book.value("registration_tax.seizure", filing),
                                 RATE_SCALE)
    rounding = book.value("tax.national_tax_rounding", filing)
    row[F.KT_BASE_UNIT] = rounding["base_unit"]
    row[F.KT_TAX_UNIT] = rounding["tax_unit"]
    row[F.KT_REG_MIN] = int(book.value("registration_tax.minimum", filing))
    return row


def late_row(book: RuleBook, first_due: date) -> npt.NDArray[np.int64]:
    """The late-charge rules ``arrears`` reads on the first missed due date."""
    row = np.zeros(F.LT_WIDTH, np.int64)
    row[F.LT_BASIS] = int(book.value("late_charges.day_count_basis", first_due))
    typical = book.value("late_charges.typical_rate", first_due)
    row[F.LT_RATE_BANK] = scaled("late_charges.typical_rate", typical[LenderType.BANK.value], RATE_SCALE)
    row[F.LT_RATE_JHF] = scaled("late_charges.typical_rate", typical[LenderType.JHF.value], RATE_SCALE)
    row[F.LT_RATE_GC] = scaled("late_charges.typical_rate",
                               typical[LenderType.GUARANTOR_COMPANY.value], RATE_SCALE)
    caps = book.value("late_charges.interest_limitation_cap", first_due)
    _put_pairs(row, F.LT_CAP, F.LT_CAP_N,
               [(-1 if c.get("upto") is None else int(c["upto"]),
                 scaled("late_charges.interest_limitation_cap", c["rate"], RATE_SCALE)) for c in caps],
               F.CAP_ROWS, "late_charges.interest_limitation_cap")
    row[F.LT_BIZ_CAP], row[F.LT_BIZ_FROM] = _business_cap(book)
    return row


def _business_cap(book: RuleBook) -> tuple[int, int]:
    """(rate × RATE_SCALE, first day in force) of 利息制限法7条, which is keyed on the loan
    contract date (the kernel compares the loan's): representable while it has one rate from
    one day on."""
    key = "late_charges.business_lender_cap"
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


def valuation_rules(book: RuleBook, at: date) -> Valuation:
    def r(key: str) -> int:
        return scaled(key, book.value(key, at), RATE_SCALE)

    return Valuation(adjustment=r("auction.market_adjustment"), minimum_bid=r("auction.minimum_bid_ratio"),
                     short_sale=r("market.short_sale_price_ratio"),
                     dealer_purchase=r("market.dealer_purchase_ratio"),
                     realized=r("auction.realized_to_market_ratio"),
                     basis_at=int(book.value("late_charges.day_count_basis", at)))


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


def lookup_by(table: Table, keys: npt.NDArray[np.int64],
              convert: Callable[[int], tuple[Any, ...]]) -> npt.NDArray[np.int32]:
    """Row numbers for per-loan packed keys: each distinct key is converted and looked up once."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    rows = table.lookup([convert(int(u)) for u in uniq])
    return rows[inverse.reshape(-1)]


__all__ = ["NotRepresentableError", "Table", "Valuation", "day", "from_day", "key_row", "late_row",
           "lookup_by", "sale_row", "scaled", "valuation_rules"]
