"""The rule-read manifest: every rule the batch valuation reads, and on which date (規則の読み取り表).

The kernel never looks a rule up itself: ``params`` lays the rules out in integer tables, one row
per date. This manifest is the one list of those reads. Each ``Read`` names the rule key, the
date it is read on (its ``Role``: the settlement date, the first missed due date, the calculation
date, the loan's contract date, the auction's filing or payment date, or a date of the engine's
delinquency timeline), the table it lands in and how its value is laid out (``codec`` and the
``layout`` columns). ``params`` builds its rows from these entries alone, and the manifest test
(tests/batch/test_manifest.py) traces the engine's own reads on the same loans and checks that
they are exactly these keys, on these dates.

Rules the engine reads for figures the batch does not report are listed too (``Table.NONE``), so
that a new read in the engine is a decision, not an accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """On which date of a loan a rule is read."""

    CALCULATION = "calculation_date"
    """The run's calculation date (計算基準日)."""
    SALE = "sale_date"
    """The sale's settlement date (決済日)."""
    FIRST_DUE = "first_missed_due"
    """The first missed due date (the first due on or after the first missed payment)."""
    CONTRACT = "contract_date"
    """The loan's contract date (assumed as the engine does: the first day of the month before the
    first payment)."""
    FILING = "auction_filing"
    """The auction's filing date (競売申立日) on the delinquency timeline."""
    PAYMENT = "auction_payment"
    """The auction buyer's payment date (代金納付日) on the delinquency timeline."""
    TIMELINE = "timeline"
    """A date of the engine's own delinquency timeline (``engine.timeline``), which the batch
    calls as it is: its milestones are chained from the first missed payment."""


class Table(StrEnum):
    """Where a read lands: a row of one of ``params``' tables, the run's globals, or nowhere."""

    SALE = "sale"
    """One row per settlement date (``layout`` SP_ columns)."""
    KEY = "key"
    """One row per (first missed date, lender, guarantee company) (KT_ columns)."""
    LATE = "late"
    """One row per first missed due date (LT_ columns)."""
    VALUATION = "valuation"
    """The run's globals and the loan matrix's practice defaults (read once, on the calculation date)."""
    TIMELINE = "timeline"
    """Read inside the engine's delinquency timeline, whose milestones fill the KT_ dates."""
    NONE = "none"
    """Read by the engine for a figure the batch does not report."""


@dataclass(frozen=True, slots=True)
class Read:
    """One rule read: ``key`` on the loan's ``role`` date, laid out by ``codec`` into ``columns``.

    Codecs (``params.CODECS``): ``int``, ``flag``, ``rate4`` (× 10**4), ``rate8`` (× 10**8);
    ``fields`` (one column per named field, ``args``: the field names, a ``:4``/``:8`` suffix scales a
    rate); ``brackets`` (a count column, then (upto or -1, value) pairs, ``args``: the value field
    and its scale, the row limit); ``release_fees`` (rank, cap, ratio × 10**8 triples);
    ``contract_cap`` (利息制限法7条's rate and first day, from the rule's periods);
    ``none`` (not laid out)."""

    key: str
    role: Role
    table: Table
    codec: str = "none"
    columns: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    why: str = ""


S, K, L, V, T, N = Table.SALE, Table.KEY, Table.LATE, Table.VALUATION, Table.TIMELINE, Table.NONE

READS: tuple[Read, ...] = (
    # sale costs and the short-sale 配分表, on the settlement date (engine.sale, engine.distribution)
    Read("tax.consumption_tax_rate", Role.SALE, S, "rate4", ("SP_TAX",)),
    Read("brokerage.fee_tiers", Role.SALE, S, "brackets", ("SP_BROK_N", "SP_BROK"),
         ("rate:4", "BROK_TIERS")),
    Read("stamp_duty.sale_contract", Role.SALE, S, "brackets", ("SP_STAMP_N", "SP_STAMP"),
         ("duty", "STAMP_ROWS")),
    Read("registration_tax.lien_release", Role.SALE, S, "fields", ("SP_LR_PER", "SP_LR_CAP", "SP_LR_OVER"),
         ("per_property", "application_cap", "cap_over_count")),
    Read("scrivener.lien_release_fee", Role.SALE, S, "int", ("SP_SCRIV",)),
    Read("market.moving_cost", Role.SALE, S, "int", ("SP_MOVING",)),
    Read("short_sale.jhf_moving_cost_allowed", Role.SALE, S, "flag", ("SP_JHF_MOVING_OK",)),
    Read("short_sale.jhf_scrivener_fee_cap", Role.SALE, S, "int", ("SP_JHF_SCRIV_CAP",)),
    Read("short_sale.jhf_stamp_duty_deductible", Role.SALE, S, "flag", ("SP_JHF_STAMP_OK",)),
    Read("short_sale.jhf_release_fees", Role.SALE, S, "release_fees", ("SP_REL_N", "SP_REL"), ("REL_ROWS",)),
    Read("short_sale.jhf_management_arrears_years", Role.SALE, S, "int", ("SP_MGMT_YEARS",)),
    Read("late_charges.day_count_basis", Role.SALE, S, "int", ("SP_BASIS",),
         why="the claim on the settlement date of a loan still on schedule"),
    # auction costs on the filing date, the claim's day count on the payment date (engine.exits.auction)
    Read("auction.deposit_tokyo", Role.FILING, K, "brackets", ("KT_DEP_N", "KT_DEP"),
         ("deposit", "DEP_ROWS")),
    Read("auction.filing_fee_per_lien", Role.FILING, K, "int", ("KT_FEE",)),
    Read("registration_tax.seizure", Role.FILING, K, "rate8", ("KT_SEIZ_RATE",)),
    Read("tax.national_tax_rounding", Role.FILING, K, "fields", ("KT_BASE_UNIT", "KT_TAX_UNIT"),
         ("base_unit", "tax_unit")),
    Read("registration_tax.minimum", Role.FILING, K, "int", ("KT_REG_MIN",)),
    Read("late_charges.day_count_basis", Role.PAYMENT, K, "int", ("KT_BASIS_PAY",),
         why="the claim on the payment date of a loan still on schedule"),
    # late charges on the first missed due date (engine.arrears, engine.owed)
    Read("late_charges.day_count_basis", Role.FIRST_DUE, L, "int", ("LT_BASIS",)),
    Read("late_charges.typical_rate", Role.FIRST_DUE, L, "fields",
         ("LT_RATE_BANK", "LT_RATE_JHF", "LT_RATE_GC"),
         ("bank:8", "jhf:8", "guarantor_company:8")),
    Read("late_charges.interest_limitation_cap", Role.FIRST_DUE, L, "brackets", ("LT_CAP_N", "LT_CAP"),
         ("rate:8", "CAP_ROWS")),
    Read("late_charges.business_lender_cap", Role.CONTRACT, L, "contract_cap", ("LT_BIZ_CAP", "LT_BIZ_FROM")),
    # prices and the claim on the calculation date (engine.valuation, engine.owed)
    Read("auction.market_adjustment", Role.CALCULATION, V, "rate8", ("G_ADJ",)),
    Read("auction.minimum_bid_ratio", Role.CALCULATION, V, "rate8", ("G_BID",)),
    Read("market.short_sale_price_ratio", Role.CALCULATION, V, "rate8", ("R_SHORT",)),
    Read("market.dealer_purchase_ratio", Role.CALCULATION, V, "rate8", ("R_DEALER",)),
    Read("auction.realized_to_market_ratio", Role.CALCULATION, V, "rate8", ("R_REALIZED",)),
    Read("late_charges.day_count_basis", Role.CALCULATION, V, "int", ("G_BASIS_AT",)),
    Read("market.discount_day_count_basis", Role.CALCULATION, V, "int", ("G_PV_BASIS",),
         why="each exit's present value (--discount-rate)"),
    # the delinquency timeline (engine.timeline), called as it is for the KT_ dates
    *(Read(key, Role.TIMELINE, T) for key in (
        "timeline.reminder_months", "timeline.bank_acceleration_months", "timeline.jhf_acceleration_months",
        "timeline.jhf_auction_filing_after_acceleration_months",
        "timeline.subrogation_after_acceleration_months", "timeline.auction_filing_after_subrogation_months",
        "timeline.filing_to_commencement_days", "timeline.filing_to_bid_start_months",
        "timeline.site_inspection_after_commencement_months", "timeline.public_notice_before_bid_days",
        "timeline.bid_period_days", "timeline.bid_opening_within_days", "timeline.sale_decision_within_days",
        "timeline.appeal_days", "timeline.payment_deadline_months", "timeline.delivery_order_months",
        "credit_record.cic_delinquency_days", "rehabilitation.housing_clause_window_months",
        # a located loan whose court publishes its months to distribution (engine.timeline_court)
        "timeline.distribution_after_payment_months")),
    # read by the engine's exits for figures the batch does not report
    Read("auction.seed_ratio", Role.CALCULATION, N, why="the 任意売却の種 price of the valuation table"),
    Read("market.leaseback_price_ratio", Role.CALCULATION, N,
         why="the leaseback price of the valuation table"),
    Read("credit_record.cic_years", Role.CALCULATION, N, why="the credit-record note of each exit"),
)
"""Every rule read of the batch valuation, in the order ``params`` lays them out."""


def reads(table: Table) -> tuple[Read, ...]:
    """The manifest's reads that land in ``table``."""
    return tuple(r for r in READS if r.table is table)


def rule_keys(*tables: Table) -> frozenset[str]:
    """The rule keys read into ``tables`` (all tables when none is given)."""
    return frozenset(r.key for r in READS if not tables or r.table in tables)


def roles(key: str) -> frozenset[Role]:
    """The dates ``key`` is read on."""
    return frozenset(r.role for r in READS if r.key == key)


__all__ = ["READS", "Read", "Role", "Table", "reads", "roles", "rule_keys"]
