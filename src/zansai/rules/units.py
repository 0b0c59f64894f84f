"""The vocabulary of a rule file: the units a value can have and the event dates that select it.

The loader refuses anything else; ``zansai rules`` and the data README describe the same words.
"""

from __future__ import annotations

from typing import Any

KEYED_ON = {
    "calculation_date": "計算基準日 (the date the question is asked for)",
    "document_date": "文書の作成日 (date the contract document is made)",
    "brokerage_service_date": "媒介報酬の受領・役務提供日 (settlement of the brokerage)",
    "brokerage_contract_date": "媒介契約の締結日",
    "sale_contract_date": "売買契約の締結日",
    "settlement_date": "決済・引渡日",
    "transfer_date": "譲渡日 (the tax year of the transfer follows it)",
    "registration_date": "登記の日",
    "filing_date": "申立日",
    "decision_date": "開始決定日・免責決定日",
    "loan_contract_date": "金銭消費貸借契約・保証委託契約の締結日",
    "default_date": "延滞・期限の利益喪失の日",
    "divorce_date": "離婚の日",
    "event_date": "the event the rule describes (see the rule's description)",
}

SCALAR_UNITS = {
    "yen": "円",
    "rate": "割合 (0.03 = 3%)",
    "years": "年",
    "months": "か月",
    "days": "日",
    "count": "個・回",
    "flag": "真偽",
    "text": "文字列",
}
COMPOSITE_UNITS = {
    "record": "a table of named fields, each with its own unit",
    "brackets": "rows ascending by `upto` (yen, inclusive); the last row has no `upto`",
    "table": "rows of named fields",
}
ALL_UNITS = SCALAR_UNITS | COMPOSITE_UNITS

INTEGER_UNITS = frozenset({"yen", "years", "months", "days", "count"})
"""Scalar units whose values are non-negative integers."""

RuleValue = Any
"""A decoded value: int, Decimal, bool, str, a dict of those, or a tuple of such dicts."""
