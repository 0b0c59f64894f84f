"""The rule-read manifest is what the engine really reads (issue 19 §1).

A tracing rule book records every (rule key, date) the single-case engine is asked while it values
the tape-like loans of the agreement test (tests/batch/test_agreement.py) through its own exits
(``batch.reference``). Every rule it reads must be in ``batch.manifest`` and be read on one of the
dates the manifest names for it; every rule the manifest names must be read by the engine; and the
batch's rule tables (``batch.params``) read exactly the manifest's rules, on those same dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from tests.batch.chunks import chunk_of
from tests.batch.test_agreement import random_loan
from tests.batch.tracing import TracingBook

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch import manifest
from zansai.batch.chunk import NO_DATE
from zansai.batch.manifest import Role
from zansai.batch.params import from_day, key_row
from zansai.batch.reference import reference
from zansai.batch.region import court_ids, court_timings
from zansai.batch.value import Setup, loans_matrix, value
from zansai.errors import ZansaiError
from zansai.rules import RuleBook

AT = date(2026, 12, 1)
SEED1 = {"principal": 38_000_000, "rate": 1_200_000, "term_months": 420, "first_payment": date(2012, 5, 27),
         "payment_day": 27, "first_missed": date(2026, 8, 27), "collateral_value": 20_000_000,
         "late_rate": 14_000_000, "sale_date": date(2027, 3, 31)}
"""記事1's household (docs/sources/seed1-short-sale.md), as in the agreement test."""
CAP = {"principal": 30_000_000, "rate": 1_500_000, "term_months": 420, "late_rate": 21_500_000,
       "first_missed": date(2026, 1, 1), "collateral_value": 20_000_000, "first_payment": date(2010, 8, 1)}
"""The agreement test's 利息制限法7条 loan (docs/sources/law-updates-2026.md §9)."""


def loans() -> list[dict[str, Any]]:
    """The agreement test's loans: its fixed ones, a junior lien on a condo, a JHF loan, a loan on
    schedule with overrides, and random draws of its generator."""
    rng = np.random.default_rng(19)
    fixed = [SEED1, CAP, {**CAP, "lender_type": 1, "guarantor_company": False},
             {**SEED1, "lien_rank": 2, "senior_claim": 5_000_000, "property_type": 1,
              "unpaid_management_fees": 300_000, "monthly_management_fee": 12_000, "moving_cost": 200_000},
             {"principal": 30_000_000, "rate": 1_500_000, "term_months": 420,
              "first_payment": date(2015, 3, 1), "collateral_value": 20_000_000, "bonus_principal": 5_000_000,
              "short_sale_price_ratio": 80_000_000, "sale_date": AT + timedelta(days=200)}]
    return fixed + [random_loan(rng, AT) for _ in range(40)]


def role_dates(setup: Setup, chunk: Any, i: int, key_first: int, late_first: int) -> dict[Role, date]:
    """The dates loan ``i`` reads its rules on, by role (the kernel's own first-date logic)."""
    book = RuleBook.default()
    first_payment = from_day(int(chunk.first_payment[i]))
    y, m = divmod(first_payment.year * 12 + first_payment.month - 2, 12)
    dates = {Role.CALCULATION: setup.at, Role.SALE: from_day(int(chunk.sale_date[i])),
             Role.CONTRACT: date(y, m + 1, 1)}
    if late_first != NO_DATE:
        dates[Role.FIRST_DUE] = from_day(late_first)
    if key_first != NO_DATE:
        gc = bool(chunk.guarantor_company[i]) and chunk.lender_type[i] == 0
        try:
            row = key_row(book, from_day(key_first), int(chunk.lender_type[i]), gc, setup.at)
        except ZansaiError:  # before the rule book's coverage: the loan is not valued
            return dates
        dates[Role.FILING] = from_day(int(row[F.KT_FILING]))
        dates[Role.PAYMENT] = from_day(int(row[F.KT_PAY]))
    return dates


def unlisted(reads: Iterable[tuple[str, date | None]]) -> list[str]:
    """The rules read that the manifest does not list."""
    return sorted({key for key, _ in reads} - manifest.rule_keys())


def misdated(reads: Iterable[tuple[str, date | None]], dates: dict[Role, date],
             timeline: set[tuple[str, date | None]]) -> list[tuple[str, date]]:
    """The (key, date) reads on a date none of the key's manifest roles gives."""
    wrong = []
    for key, on in reads:
        if on is None or key not in manifest.rule_keys():
            continue
        roles = manifest.roles(key)
        if Role.TIMELINE in roles and (key, on) in timeline:
            continue
        if on not in {dates.get(r) for r in roles}:
            wrong.append((key, on))
    return sorted(set(wrong))


@pytest.fixture(scope="module")
def traced() -> dict[str, Any]:
    """Value the loans with the kernel and with the engine through one tracing book."""
    book = TracingBook()
    data = loans()
    chunk = chunk_of(data, at=AT)
    setup = Setup.create(AT, book=book)
    got = value(chunk, setup)
    batch_reads = book.taken()
    L = loans_matrix(chunk, setup)
    key_first = np.empty(len(data), np.int64)
    late_first = np.empty(len(data), np.int64)
    K.first_dates(L, (AT - date(1970, 1, 1)).days, key_first, late_first)
    per_loan = []
    for i in range(len(data)):
        book.taken()
        status, _row = reference(chunk, i, setup)
        engine = book.taken()
        dates = role_dates(setup, chunk, i, int(key_first[i]), int(late_first[i]))
        timeline: set[tuple[str, date | None]] = set()
        if status == K.ST_OK:
            row_book = TracingBook()
            key_row(row_book, from_day(int(key_first[i])), int(chunk.lender_type[i]),
                    bool(chunk.guarantor_company[i]) and chunk.lender_type[i] == 0, AT)
            timeline = set(row_book.taken())
        per_loan.append((status, engine, dates, timeline))
    return {"batch": batch_reads, "loans": per_loan, "status": got.status, "located": located()}


def located() -> tuple[list[tuple[str, date | None]], list[tuple[str, date | None]], dict[Role, date],
                       set[tuple[str, date | None]]]:
    """The seed-1 loan in 千代田区 (東京地裁 本庁, whose months to distribution date the auction:
    docs/sources/auction-statistics.md §5.1): the batch's reads, the engine's, the loan's role
    dates and the court timeline's reads (``engine.timeline_court``)."""
    book = TracingBook()
    chunk = chunk_of([{**SEED1, "court": court_ids().index("tokyo:main")}], at=AT)
    setup = Setup.create(AT, book=book)
    value(chunk, setup)
    batch = book.taken()
    status, _row = reference(chunk, 0, setup, location=("13101", None))
    assert status == K.ST_OK
    engine = book.taken()
    court = court_timings(AT)
    timing = court.timings[int(court.classes[court_ids().index("tokyo:main"), 0]) - 1]
    row_book = TracingBook()
    row = key_row(row_book, SEED1["first_missed"], 0, True, AT, timing)
    L = loans_matrix(chunk, setup)
    key_first, late_first = np.empty(1, np.int64), np.empty(1, np.int64)
    K.first_dates(L, (AT - date(1970, 1, 1)).days, key_first, late_first)
    dates = role_dates(setup, chunk, 0, int(key_first[0]), int(late_first[0]))
    dates[Role.FILING], dates[Role.PAYMENT] = from_day(int(row[F.KT_FILING])), from_day(int(row[F.KT_PAY]))
    return batch, engine, dates, set(row_book.taken())


def test_a_located_loan_reads_the_manifests_rules_on_its_dates(traced: dict[str, Any]) -> None:
    """The court's timeline reads one more rule (the distribution after the payment), listed, on
    the dates the manifest names; the batch reads only listed rules for it too."""
    batch, engine, dates, timeline = traced["located"]
    assert unlisted(engine) == unlisted(batch) == []
    assert misdated(engine, dates, timeline) == []
    assert "timeline.distribution_after_payment_months" in {key for key, _ in engine}


def test_the_engine_reads_only_the_manifests_rules_on_the_manifests_dates(traced: dict[str, Any]) -> None:
    valued = 0
    for status, engine, dates, timeline in traced["loans"]:
        assert unlisted(engine) == [], "the engine reads rules the manifest lacks"
        if status == K.ST_OK:
            valued += 1
            assert misdated(engine, dates, timeline) == [], dates
    assert valued > 30


def test_every_rule_of_the_manifest_is_read_by_the_engine(traced: dict[str, Any]) -> None:
    read = {key for _s, engine, _d, _t in traced["loans"] for key, _on in engine}
    read |= {key for key, _on in traced["located"][1]}  # a located loan's court timeline
    assert sorted(manifest.rule_keys() - read) == []
    assert read == manifest.rule_keys()


def test_the_batch_tables_read_exactly_the_manifests_modelled_rules(traced: dict[str, Any]) -> None:
    """``params`` reads every rule of the manifest but those it marks as not reported, and no other."""
    batch = traced["batch"]
    assert unlisted(batch) == []
    assert {key for key, _ in batch} == manifest.rule_keys() - manifest.rule_keys(manifest.Table.NONE)


def test_a_rule_missing_from_the_manifest_is_named() -> None:
    """The check fails naming a rule the engine would read without the manifest listing it."""
    reads = [("tax.consumption_tax_rate", AT), ("tax.made_up_rule", AT)]
    assert unlisted(reads) == ["tax.made_up_rule"]
    sale = AT + timedelta(days=30)
    dates = {Role.CALCULATION: AT, Role.SALE: sale}
    assert misdated([("tax.consumption_tax_rate", AT)], dates, set()) == [("tax.consumption_tax_rate", AT)]
    assert misdated([("tax.consumption_tax_rate", sale)], dates, set()) == []


def test_every_table_column_is_written_by_one_read() -> None:
    """The manifest's columns exist in ``layout`` and no column is claimed twice in a table."""
    seen: dict[tuple[manifest.Table, str], str] = {}
    for read in manifest.READS:
        for col in read.columns:
            if read.table is not manifest.Table.VALUATION:
                assert hasattr(F, col), (read.key, col)
            assert (read.table, col) not in seen, (read.key, col, seen.get((read.table, col)))
            seen[(read.table, col)] = read.key
        assert (read.codec == "none") == (read.table in (manifest.Table.TIMELINE, manifest.Table.NONE))
