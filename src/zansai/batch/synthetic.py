"""Write a synthetic loan tape (合成ローンテープ) of Japanese home loans, for demos and benchmarks.

The rows are drawn in fixed blocks of ``BLOCK`` rows, block ``b`` from its own generator seeded
by ``(seed, b)``, so the tape depends on ``(n, seed, at, bad_share)`` only: ``chunk_rows`` just
groups the writes, and memory stays bounded whatever ``n``. Parquet (``.parquet``/``.pq``) gets
proper types (int64 yen, date32 dates, rates as decimal text such as ``"1.275"``); anything else
is written as CSV. Every row passes ``tape.read_tape``'s checks except the deliberately broken
ones (``bad_rows``).

Assumptions (demo data, not statistics):

- principal: lognormal, median 3,500万円, clipped to 1,500万–7,000万, rounded to 10万円;
- lender: 15% 住宅金融支援機構 (フラット35: rate 1.3–2.2%, no 保証会社), 85% banks (80% of
  them variable 0.3–0.9%, the rest fixed 1.0–2.5%; 95% with a 保証会社); rates in 0.005% steps;
- term: 75% 35 years (420 months), the rest 240–360 months; payment 1 fell 1–20 years before
  ``at`` (never so long ago that the loan is repaid); payment day 1, 5, 6, 10, 26 or 27;
- 90% 元利均等 (annuity); 20% repay 10–40% through bonus payments (at most the rule
  ``loan.bonus_share_cap``; none before the rule's coverage starts);
- 30% delinquent: the first missed payment is a due date 1–18 months before ``at``;
- 30% carry a current balance (the closed-form balance after the payments made, floored to the
  yen) dated at their last paid due date;
- market value 0.5–1.3 × principal rounded to 10万円; 60% with appraisals 5–15% below and above;
- 40% condominiums with a management fee of 1.5万–4万円 a month; half of the delinquent ones owe
  fees for some of the months missed; 3% second liens behind a senior claim of 100万–1,000万円;
- region: one of the 47 prefectures, weighted roughly by population; with ``region_codes``,
  also its ``prefecture_code`` (JIS X 0401, 01–47), so each loan gets its district court.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from zansai.batch.tablefile import TableWriter
from zansai.batch.tape import rebatch
from zansai.errors import InputError
from zansai.outfile import OutputFile, Outputs
from zansai.rules import RuleBook

BLOCK = 100_000
"""Rows per random block (fixed: the tape must not depend on how it is written)."""

SCHEMA = pa.schema([
    ("loan_id", pa.string()), ("principal", pa.int64()), ("rate", pa.string()),
    ("term_months", pa.int32()), ("start_month", pa.string()), ("payment_day", pa.int32()),
    ("method", pa.string()), ("bonus_share", pa.string()), ("current_balance", pa.int64()),
    ("balance_date", pa.date32()), ("first_missed", pa.date32()), ("collateral_value", pa.int64()),
    ("appraisal_low", pa.int64()), ("appraisal_high", pa.int64()), ("property_type", pa.string()),
    ("lien_rank", pa.int32()), ("senior_claim", pa.int64()), ("lender_type", pa.string()),
    ("guarantee_company", pa.bool_()), ("region", pa.string()), ("late_rate", pa.string()),
    ("unpaid_management_fees", pa.int64()), ("monthly_management_fee", pa.int64()),
    ("sale_date", pa.date32()), ("land_parcels", pa.int32()), ("buildings", pa.int32()),
    ("bonus_months", pa.string()),
])

CODED_SCHEMA = SCHEMA.append(pa.field("prefecture_code", pa.string()))
"""With ``region_codes``: the prefecture's JIS code as text (``"01"``)."""
PREFECTURES = (
    ("北海道", 522), ("青森県", 124), ("岩手県", 121), ("宮城県", 230), ("秋田県", 96), ("山形県", 107),
    ("福島県", 183), ("茨城県", 287), ("栃木県", 193), ("群馬県", 194), ("埼玉県", 734), ("千葉県", 628),
    ("東京都", 1405), ("神奈川県", 924), ("新潟県", 220), ("富山県", 103), ("石川県", 113), ("福井県", 77),
    ("山梨県", 81), ("長野県", 205), ("岐阜県", 198), ("静岡県", 363), ("愛知県", 754), ("三重県", 177),
    ("滋賀県", 141), ("京都府", 258), ("大阪府", 884), ("兵庫県", 547), ("奈良県", 132), ("和歌山県", 92),
    ("鳥取県", 55), ("島根県", 67), ("岡山県", 189), ("広島県", 280), ("山口県", 134), ("徳島県", 72),
    ("香川県", 95), ("愛媛県", 133), ("高知県", 69), ("福岡県", 514), ("佐賀県", 81), ("長崎県", 131),
    ("熊本県", 174), ("大分県", 112), ("宮崎県", 107), ("鹿児島県", 159), ("沖縄県", 147),
)
"""The 47 prefectures with rough populations (万人, about 2020) as drawing weights."""
PAYMENT_DAYS = (1, 5, 6, 10, 26, 27)
PAYMENT_DAY_WEIGHTS = (0.1, 0.1, 0.1, 0.1, 0.2, 0.4)

BAD_KINDS = (
    "loan_id", "principal", "rate", "rate_digits", "term_months", "start_month", "payment_day", "method",
    "bonus_share", "current_balance", "first_missed", "collateral_value", "appraisal_high",
    "property_type", "senior_claim", "guarantee_company", "late_rate", "sale_date",
)
"""The deliberate errors, each named after the column ``read_tape`` reports (``rate_digits``: rate)."""

_MAN = 10_000
_EPOCH = date(1970, 1, 1)


def _rng(seed: int, block: int, stream: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, block, stream])))


def _quota(rows: int, share: Fraction) -> int:
    """Bad rows among the first ``rows`` (rounded half up, so blocks add up to the whole)."""
    return int(share * rows + Fraction(1, 2))


def _bad_in_block(n: int, seed: int, share: Fraction, block: int) -> tuple[Any, Any]:
    """Offsets within block ``block`` of its bad rows, and the kind of each."""
    lo, hi = block * BLOCK, min(n, (block + 1) * BLOCK)
    count = _quota(hi, share) - _quota(lo, share)
    rng = _rng(seed, block, 1)
    where = np.sort(rng.choice(hi - lo, size=count, replace=False)) if count else np.zeros(0, np.int64)
    return where, rng.integers(0, len(BAD_KINDS), size=count)


def bad_rows(n: int, *, seed: int = 0, bad_share: float = 0.0) -> list[tuple[int, str]]:
    """The deliberately broken rows of ``write_synthetic(n, seed, bad_share)``: (1-based row, column)."""
    share = Fraction(bad_share)
    out = []
    for block in range((n + BLOCK - 1) // BLOCK):
        where, kinds = _bad_in_block(n, seed, share, block)
        for offset, kind in zip(where.tolist(), kinds.tolist(), strict=True):
            name = BAD_KINDS[kind]
            out.append((block * BLOCK + offset + 1, "rate" if name == "rate_digits" else name))
    return out


def _month_date(month: Any, pday: Any) -> Any:
    """Days since 1970 of the due date in month index (months since 1970-01) on ``pday`` (clamped)."""
    m = month.astype("datetime64[M]")
    start = m.astype("datetime64[D]").astype(np.int64)
    days_in = (m + 1).astype("datetime64[D]").astype(np.int64) - start
    return start + np.minimum(pday, days_in) - 1


def _rate_text(q: Any) -> pl.Series:
    """Rates in thousandths of a percent → ``"1.275"``, ``"0.5"``, ``"2"``."""
    s = pl.Series(q, dtype=pl.Int64)
    text = (s // 1000).cast(pl.String) + "." + (s % 1000).cast(pl.String).str.zfill(3)
    return text.str.strip_chars_end("0").str.strip_chars_end(".")


def _block(n: int, seed: int, at: date, share: Fraction, block: int, caps: _Caps,
           region_codes: bool = False) -> pa.Table:
    """One block of rows: drawn in a fixed order from the block's own generator, so the rows never
    depend on how the tape is chunked (each part below draws after the one before it)."""
    lo = block * BLOCK
    size = min(n, lo + BLOCK) - lo
    rng = _rng(seed, block, 0)
    at_month = (at.year - 1970) * 12 + at.month - 1
    cols = _loan_terms(rng, size, at_month, caps)
    cols |= _delinquency(rng, size, at, at_month, cols)
    cols |= _collateral(rng, size, cols)
    df = _frame(lo, size, cols)
    where, kinds = _bad_in_block(n, seed, share, block)
    if len(where):
        df = _break(df, where, kinds, at)
    if region_codes:  # no draw of its own: the other columns are those of the tape without it
        codes = pl.Series([f"{k + 1:02d}" for k in range(len(PREFECTURES))]).gather(cols["region"])
        return df.with_columns(codes.alias("prefecture_code")).to_arrow().cast(CODED_SCHEMA)
    return df.to_arrow().cast(SCHEMA)


def _loan_terms(rng: np.random.Generator, size: int, at_month: int, caps: _Caps) -> dict[str, Any]:
    """Principal, rate, term, start, payment day, method and bonus share of each loan."""
    principal = np.clip(np.round(np.exp(rng.normal(np.log(3500 * _MAN), 0.35, size)) / (10 * _MAN)),
                        150, 700).astype(np.int64) * 10 * _MAN
    jhf = rng.random(size) < 0.15
    variable = rng.random(size) < 0.8
    q_rate = np.where(jhf, rng.integers(260, 441, size), np.where(variable, rng.integers(60, 181, size),
                                                                   rng.integers(200, 501, size))) * 5
    term = np.where(rng.random(size) < 0.75, 420, rng.integers(20, 31, size) * 12).astype(np.int64)
    months_back = rng.integers(12, np.minimum(240, term - 12) + 1)
    start = at_month - months_back
    pday = np.asarray(PAYMENT_DAYS)[rng.choice(len(PAYMENT_DAYS), size, p=PAYMENT_DAY_WEIGHTS)]
    first = _month_date(start, pday)
    annuity = rng.random(size) < 0.9
    bonus = (rng.random(size) < 0.2) & caps.covered(first)
    share_pct = np.minimum(rng.integers(10, 41, size), caps.percent(first, bonus))
    return {"principal": principal, "jhf": jhf, "q_rate": q_rate, "term": term,
            "months_back": months_back, "start": start, "pday": pday, "annuity": annuity,
            "bonus": bonus, "share_pct": share_pct}


def _delinquency(rng: np.random.Generator, size: int, at: date, at_month: int,
                 cols: dict[str, Any]) -> dict[str, Any]:
    """Who is behind (and since when), and the statement balances some rows carry."""
    pday, start = cols["pday"], cols["start"]
    delinquent = rng.random(size) < 0.3
    k_missed = np.minimum(rng.integers(1, 19, size), cols["months_back"] - 1)
    missed = _month_date(at_month - k_missed, pday)
    with_balance = rng.random(size) < 0.3
    due_now = _month_date(np.full(size, at_month), pday)
    paid_month = np.where(delinquent, at_month - k_missed - 1,
                          np.where(due_now <= (at - _EPOCH).days, at_month, at_month - 1))
    balance = _balance(cols["principal"], cols["q_rate"], cols["term"], paid_month - start + 1,
                       cols["annuity"])
    return {"delinquent": delinquent, "k_missed": k_missed, "missed": missed,
            "with_balance": with_balance, "paid_month": paid_month, "balance": balance}


def _collateral(rng: np.random.Generator, size: int, cols: dict[str, Any]) -> dict[str, Any]:
    """The home: its value and appraisals, condo fees and arrears, second liens, the region."""
    collateral = np.maximum(np.round(cols["principal"] * rng.uniform(0.5, 1.3, size) / (10 * _MAN)),
                            1).astype(np.int64) * 10 * _MAN
    appraised = rng.random(size) < 0.6
    low = (np.floor(collateral * (1 - rng.uniform(0.05, 0.15, size)) / _MAN) * _MAN).astype(np.int64)
    high = (np.ceil(collateral * (1 + rng.uniform(0.05, 0.15, size)) / _MAN) * _MAN).astype(np.int64)
    condo = rng.random(size) < 0.4
    fee = rng.integers(150, 401, size) * 100
    owes_fees = condo & cols["delinquent"] & (rng.random(size) < 0.5)
    unpaid = np.where(owes_fees, fee * rng.integers(1, np.maximum(cols["k_missed"], 1) + 1), 0)
    second = rng.random(size) < 0.03
    senior = rng.integers(10, 101, size) * 10 * _MAN
    guaranteed = ~cols["jhf"] & (rng.random(size) < 0.95)
    weights = np.asarray([w for _, w in PREFECTURES], dtype=np.float64)
    region = rng.choice(len(PREFECTURES), size, p=weights / weights.sum())
    return {"collateral": collateral, "appraised": appraised, "low": low, "high": high,
            "condo": condo, "fee": fee, "unpaid": unpaid, "second": second, "senior": senior,
            "guaranteed": guaranteed, "region": region}


def _frame(lo: int, size: int, c: dict[str, Any]) -> pl.DataFrame:
    """The drawn columns as the tape's text and typed columns (absent values as nulls)."""

    def opt(values: Any, mask: Any, dtype: pl.DataType | type[pl.DataType]) -> pl.Series:
        return pl.Series(values, dtype=dtype).zip_with(pl.Series(mask), nulls(dtype))

    def nulls(dtype: pl.DataType | type[pl.DataType]) -> pl.Series:
        return pl.Series(dtype=dtype).extend_constant(None, size)

    def pick(mask: Any, yes: str, no: str) -> pl.Series:
        return pl.Series([no, yes]).gather(np.asarray(mask, np.int64))

    ids = pl.Series(np.arange(lo + 1, lo + size + 1), dtype=pl.Int64).cast(pl.String).str.zfill(10)
    start_y, start_m = np.divmod(c["start"], 12)
    return pl.DataFrame({
        "loan_id": "L" + ids,
        "principal": c["principal"],
        "rate": _rate_text(c["q_rate"]),
        "term_months": c["term"].astype(np.int32),
        "start_month": pl.Series(start_y + 1970).cast(pl.String) + "-"
        + pl.Series(start_m + 1).cast(pl.String).str.zfill(2),
        "payment_day": c["pday"].astype(np.int32),
        "method": pick(~c["annuity"], "equal_principal", "annuity"),
        "bonus_share": opt(c["share_pct"], c["bonus"], pl.Int64).cast(pl.String),
        "current_balance": opt(c["balance"], c["with_balance"], pl.Int64),
        "balance_date": opt(_month_date(c["paid_month"], c["pday"]), c["with_balance"],
                            pl.Int32).cast(pl.Date),
        "first_missed": opt(c["missed"], c["delinquent"], pl.Int32).cast(pl.Date),
        "collateral_value": c["collateral"],
        "appraisal_low": opt(c["low"], c["appraised"], pl.Int64),
        "appraisal_high": opt(c["high"], c["appraised"], pl.Int64),
        "property_type": pick(c["condo"], "condo", "house"),
        "lien_rank": np.where(c["second"], 2, 1).astype(np.int32),
        "senior_claim": opt(c["senior"], c["second"], pl.Int64),
        "lender_type": pick(c["jhf"], "jhf", "bank"),
        "guarantee_company": c["guaranteed"],
        "region": pl.Series([p for p, _ in PREFECTURES]).gather(c["region"]),
        "late_rate": nulls(pl.String),
        "unpaid_management_fees": c["unpaid"].astype(np.int64),
        "monthly_management_fee": opt(c["fee"], c["condo"], pl.Int64),
        "sale_date": nulls(pl.Date),
        # the case file's defaults: one parcel and one building, bonuses in June and December
        "land_parcels": np.ones(len(c["pday"]), np.int32),
        "buildings": np.ones(len(c["pday"]), np.int32),
        "bonus_months": pl.repeat("6,12", len(c["pday"]), dtype=pl.String, eager=True),
    })


def _balance(principal: Any, q_rate: Any, term: Any, paid: Any, annuity: Any) -> Any:
    """The closed-form balance after ``paid`` payments (floats: demo data), floored to the yen."""
    r = q_rate / 1000 / 100 / 12
    grow_n = np.power(1 + r, term)
    grow_p = np.power(1 + r, paid)
    level = principal * (grow_n - grow_p) / np.where(r > 0, grow_n - 1, 1)
    straight = principal * (term - paid) / term
    out = np.floor(np.where(annuity & (r > 0), level, straight))
    return np.clip(out, 0, principal).astype(np.int64)


def _break(df: pl.DataFrame, where: Any, kinds: Any, at: date) -> pl.DataFrame:
    """Give each row in ``where`` its deliberate error (one per row, of kind ``kinds``)."""
    kind = np.full(df.height, -1)
    kind[where] = kinds
    k = pl.Series("kind", kind)
    df = df.with_columns(k)

    def on(name: str) -> pl.Expr:
        return pl.col("kind") == BAD_KINDS.index(name)

    def put(column: str, name: str, value: pl.Expr) -> pl.Expr:
        return pl.when(on(name)).then(value).otherwise(pl.col(column)).alias(column)

    def null(column: str, name: str) -> pl.Expr:
        return pl.when(~on(name)).then(pl.col(column)).alias(column)

    df = df.with_columns(
        put("loan_id", "loan_id", pl.lit("")),
        put("principal", "principal", -pl.col("principal")),
        put("rate", "rate", pl.lit("abc")),
        put("term_months", "term_months", pl.lit(601, pl.Int32)),
        put("start_month", "start_month", pl.lit("2020-13")),
        put("payment_day", "payment_day", pl.lit(32, pl.Int32)),
        put("method", "method", pl.lit("bullet")),
        put("bonus_share", "bonus_share", pl.lit("-5")),
        put("current_balance", "current_balance", pl.col("principal") + 10 * _MAN),
        put("first_missed", "first_missed", pl.lit(at + timedelta(days=31))),
        put("collateral_value", "collateral_value", pl.lit(0, pl.Int64)),
        put("property_type", "property_type", pl.lit("apartment")),
        put("lien_rank", "senior_claim", pl.lit(2, pl.Int32)),
        null("senior_claim", "senior_claim"),
        put("lender_type", "guarantee_company", pl.lit("jhf")),
        put("guarantee_company", "guarantee_company", pl.lit(True)),
        put("late_rate", "late_rate", pl.lit("35")),
        put("sale_date", "sale_date", pl.lit(at - timedelta(days=1))),
    )
    rate = pl.col("rate")
    df = df.with_columns(
        put("rate", "rate_digits", pl.when(rate.str.contains(".", literal=True)).then(rate + "1234567")
            .otherwise(rate + ".1234567")),
        put("appraisal_low", "appraisal_high", pl.col("collateral_value") * 12 // 10),
        put("appraisal_high", "appraisal_high", pl.col("collateral_value") * 8 // 10),
    )
    return df.drop("kind")


class _Caps:
    """Rule ``loan.bonus_share_cap`` (a whole percent, floored) by first payment date."""

    def __init__(self, book: RuleBook) -> None:
        self.rule = book.get("loan.bonus_share_cap")
        self._cache: dict[int, int] = {}

    def covered(self, days: Any) -> Any:
        end = self.rule.covered_to
        ok = days >= (self.rule.covered_from - _EPOCH).days
        return ok if end is None else ok & (days < (end - _EPOCH).days)

    def percent(self, days: Any, mask: Any) -> Any:
        """The cap on each masked day (0 elsewhere)."""
        if not mask.any():
            return np.zeros(len(days), np.int64)
        unique, inverse = np.unique(np.where(mask, days, days[mask][0]), return_inverse=True)
        for d in unique.tolist():
            if d not in self._cache:
                value = Fraction(self.rule.at(_EPOCH + timedelta(days=d)).value)
                self._cache[d] = int(value * 100)
        caps = np.asarray([self._cache[d] for d in unique.tolist()], dtype=np.int64)
        return np.where(mask, caps[inverse], 0)


def _blocks(n: int, seed: int, at: date, share: Fraction, region_codes: bool = False) -> Iterator[pa.Table]:
    caps = _Caps(RuleBook.default())
    for block in range((n + BLOCK - 1) // BLOCK):
        yield _block(n, seed, at, share, block, caps, region_codes)


def write_synthetic(path: str | Path | OutputFile, n: int, *, seed: int = 0, at: date, bad_share: float = 0.0,
                    chunk_rows: int = 500_000, out_format: str | None = None,
                    region_codes: bool = False) -> int:
    """Write ``n`` synthetic loans to ``path`` (``out_format``, else Parquet by suffix, else CSV);
    returns the rows written.

    The same ``(n, seed, at, bad_share)`` always give the same rows, whatever ``chunk_rows``.
    A fraction ``bad_share`` of the rows (rounded) carries exactly one deliberate error each
    (``bad_rows`` lists them). The file is written beside the target and renamed at the end.
    ``region_codes`` adds the ``prefecture_code`` column (the same rows otherwise).
    """
    if n < 0 or seed < 0 or chunk_rows < 1:
        raise InputError.invalid("n/seed/chunk_rows", f"{n}/{seed}/{chunk_rows}",
                                 "件数と seed は0以上、chunk_rows は1以上にしてください",
                                 "n and seed must be at least 0, chunk_rows at least 1")
    if not 0 <= bad_share <= 1:
        raise InputError.invalid("bad_share", bad_share, "0〜1 の割合にしてください",
                                 "give a share from 0 to 1")
    with Outputs() as outputs:
        writer = TableWriter(path if isinstance(path, OutputFile) else outputs.add("--out", path),
                             out_format)
        written = 0
        try:
            batches = (b for table in _blocks(n, seed, at, Fraction(bad_share), region_codes)
                       for b in table.to_batches())
            for table in rebatch(batches, chunk_rows):
                writer.write(table)
                written += table.num_rows
            writer.close((CODED_SCHEMA if region_codes else SCHEMA).empty_table())
        except BaseException:
            writer.abort()
            raise
        outputs.commit()
    return written
