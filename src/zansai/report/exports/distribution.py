"""The 配分表 laid out as lenders read it: the sale price at the top, the deductions
(仲介手数料, 抵当権抹消費用, 司法書士報酬, 滞納管理費, 引越費用, ハンコ代 …), then each creditor's
claim, 配分額 and 残額, and what the seller pays from other money.

Built from the engine's ``Distribution`` lines, the same lines the plan JSON gives
(``exits[].distribution.lines``): every figure is copied, none recomputed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from zansai.engine.distribution.table import Distribution, Line, LineName, Party
from zansai.errors import InputError
from zansai.messages import Msg, msg
from zansai.report.exports.header import case_header
from zansai.report.exports.sheet import Block, Cell, Kind, Row, Sheet, Style, col
from zansai.settings import Adviser

if TYPE_CHECKING:
    from zansai.engine.exits.result import ExitResult
    from zansai.engine.plan import Plan

_CLAIMS = (Party.LENDER, Party.JUNIOR_LIENHOLDER, Party.TAX_OFFICE, Party.ASSOCIATION)


def chosen_exit(plan: Plan, key: str | None) -> ExitResult:
    """The exit whose 配分表 is exported: ``key``, else the one the results page shows."""
    if key is None:
        shown = plan.distribution_exit()
        if shown is None or shown.distribution is None:
            raise InputError("--exit: このケースには配分表がありません（売却する出口がありません）",
                             "--exit: this case has no 配分表 (no exit sells the home)", field="--exit")
        return shown
    with_table = [e.key.value for e in plan.exits if e.distribution is not None]
    if key not in with_table:
        raise InputError.invalid("--exit", key, f"配分表のある出口は {', '.join(with_table)} です",
                                 f"the exits with a 配分表 are {', '.join(with_table)}")
    return plan.exit(key)


def _deduction_label(ln: Line) -> Msg | tuple[str, str]:
    """The deduction line's name, as in the plan JSON's ``table``."""
    if ln.party is Party.JUNIOR_LIENHOLDER:
        return msg("distribution.table.release_fee", rank=ln.rank, name=ln.name)
    if ln.party is Party.ASSOCIATION:
        return msg("distribution.table.association")
    if ln.party is Party.TAX_OFFICE:
        return msg("distribution.table.seizure_release", name=ln.name)
    if ln.party is Party.SELLER and ln.name == LineName.MOVING_ALLOWANCE:
        return msg("distribution.table.moving")
    return ln.label


def deductions(dist: Distribution) -> list[tuple[Msg | tuple[str, str], int]]:
    """What is taken from the price before the creditors (控除): the sale costs in full, then the
    parts of other lines deducted in a short sale (ハンコ代, 滞納管理費, 差押解除費用, 引越費用)."""
    out = [(ln.label, ln.paid) for ln in dist.lines if ln.party is Party.SALE_COSTS]
    order = (Party.JUNIOR_LIENHOLDER, Party.ASSOCIATION, Party.TAX_OFFICE, Party.SELLER)
    for party in order:
        out += [(_deduction_label(ln), ln.deduction) for ln in dist.lines
                if ln.party is party and ln.deduction > 0]
    return out


def _flow(dist: Distribution) -> Block:
    taken = deductions(dist)
    rows = [Row({"item": msg("distribution.table.price"), "amount": dist.price}, Style.TOTAL),
            Row({"item": msg("exports.distribution.deductions")}, Style.SECTION)]
    rows += [Row({"item": label, "amount": amount}) for label, amount in taken]
    total = sum(a for _, a in taken)
    rows += [Row({"item": msg("exports.distribution.deductions_total"), "amount": total}, Style.TOTAL),
             Row({"item": msg("exports.distribution.for_creditors"), "amount": dist.price - total},
                 Style.TOTAL)]
    return Block(msg("exports.distribution.flow"), (col("item", width=40), col("amount", Kind.YEN, 16)),
                 tuple(rows), key="flow")


def _creditors(dist: Distribution) -> Block:
    claims = [ln for ln in dist.lines if ln.party in _CLAIMS]
    seller = [ln for ln in dist.lines if ln.party is Party.SELLER]
    costs = sum(ln.paid for ln in dist.lines if ln.party is Party.SALE_COSTS)
    rows = [Row({"creditor": msg("exports.distribution.sale_costs"), "paid": costs})]
    rows += [Row({"rank": ln.rank, "creditor": ln.label, "claim": ln.claim, "deduction": ln.deduction,
                  "paid": ln.paid, "left": ln.shortfall}) for ln in claims]
    rows += [Row({"creditor": ln.label, "deduction": ln.deduction, "paid": ln.paid}) for ln in seller]
    paid: Cell = costs + sum(ln.paid for ln in [*claims, *seller])  # the whole price
    rows.append(Row({"creditor": msg("exports.distribution.total"),
                     "claim": sum(ln.claim for ln in claims), "paid": paid,
                     "left": dist.remaining_debt}, Style.TOTAL))
    columns = (col("rank", Kind.INT, 6), col("creditor", width=34), col("claim", Kind.YEN, 16),
               col("deduction", Kind.YEN, 14), col("paid", Kind.YEN, 16), col("left", Kind.YEN, 16))
    return Block(msg("exports.distribution.creditors"), columns, tuple(rows), key="creditors")


def _out_of_pocket(dist: Distribution) -> Block:
    rows = [Row({"item": (it.label_ja, it.label_en), "amount": it.amount}) for it in dist.out_of_pocket]
    rows.append(Row({"item": msg("exports.distribution.total"),
                     "amount": sum(it.amount for it in dist.out_of_pocket)}, Style.TOTAL))
    return Block(msg("exports.distribution.out_of_pocket"),
                 (col("item", width=40), col("amount", Kind.YEN, 16)), tuple(rows), key="out_of_pocket")


def distribution_sheet(plan: Plan, exit_key: str | None, adviser: Adviser, made_on: date) -> Sheet:
    """The 配分表 of one exit (default: the one the results page shows)."""
    chosen = chosen_exit(plan, exit_key)
    dist = chosen.distribution
    assert dist is not None  # chosen_exit only returns exits with a table
    header: list[tuple[Msg, Cell]] = [
        (msg("exports.header.exit"), (chosen.label_ja, chosen.label_en)),
        (msg("exports.header.price"), dist.price),
        (msg("exports.header.settlement"), chosen.completion),
    ]
    blocks = [_flow(dist), _creditors(dist)]
    if dist.out_of_pocket:
        blocks.append(_out_of_pocket(dist))
    return Sheet("distribution", msg("exports.distribution.title"), "配分表",
                 case_header(plan, header, adviser, made_on), tuple(blocks),
                 notes=tuple(dist.warnings))
