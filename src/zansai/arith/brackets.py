"""Bracket tables (印紙税, 利息制限法's caps, 予納金) and tiered fees (仲介手数料の上限).

A table is flat integers, pairs ``(upto, value)`` from ``start``: ``upto`` is the bracket's
inclusive upper bound, negative for the open last bracket. The engine passes lists built from a
rule's rows, the kernel rows of its rule tables.
"""

from __future__ import annotations

from typing import Any

from zansai.arith.interest import muldiv


def bracket_index(table: Any, start: int, count: int, amount: int) -> int:
    """Index of the bracket that holds ``amount`` (the last one when none does)."""
    for j in range(count):
        upto = table[start + 2 * j]
        if upto < 0 or amount <= upto:
            return j
    return count - 1


def bracket_value(table: Any, start: int, count: int, amount: int) -> int:
    """The value of the bracket that holds ``amount``."""
    value: int = table[start + 2 * bracket_index(table, start, count, amount) + 1]
    return value


def tiered_sum(table: Any, start: int, count: int, amount: int) -> int:
    """Σ (the part of ``amount`` inside each tier × the tier's rate numerator): 告示 第二's
    fee before tax, over the rates' common denominator."""
    total = 0
    lower = 0
    for j in range(count):
        upto = table[start + 2 * j]
        rate = table[start + 2 * j + 1]
        top = amount if upto < 0 else min(amount, upto)
        if top > lower:
            total += (top - lower) * rate
        if upto < 0 or amount <= upto:
            break
        lower = upto
    return total


def with_tax(ex_num: int, ex_den: int, tax_num: int, tax_den: int) -> int:
    """floor(ex_num/ex_den × (1 + tax_num/tax_den)): an amount before tax with consumption tax."""
    return muldiv(ex_num, tax_den + tax_num, ex_den * tax_den)
