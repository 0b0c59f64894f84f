"""一括和解 (lump-sum settlement): a scenario the user enters, never assumed.

Practice disagrees on whether a servicer accepts less than it is owed, so the route only exists when
the user names an amount (``ResidualOptions.lump_sum``, the case file's ``[residual] settlement``).
"""

from __future__ import annotations

from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.credit_record import transaction_records
from zansai.engine.residual.guarantors import others_liable
from zansai.engine.residual.results import Route, make_route
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import LenderType, RouteKey
from zansai.money import Yen, format_yen
from zansai.trace import explaining


def lump_sum(ctx: RouteContext, amount: Yen) -> Route:
    """Pay ``amount`` at once on the start date; the creditor forgives the rest."""
    work = Workings(ctx.book)
    total = ctx.total()
    forgiven = total - amount
    if explaining():
        work.step(f"{RouteKey.LUMP_SUM}.forgiven", msg("residual.lump_sum.forgiven"),
                  "forgiven = total claimed − settlement",
                  {"total": format_yen(total), "settlement": format_yen(amount)}, format_yen(forgiven))
    means = ctx.means
    feasible = amount <= means
    if not feasible:
        work.reasons.append(msg("residual.lump_sum.over_means", amount=amount, means=means))
    work.warnings.append(msg("residual.lump_sum.scenario"))
    if any(d.lender is LenderType.JHF for d in ctx.debts):
        work.warnings.append(msg("residual.lump_sum.jhf"))
    who = others_liable(ctx.debts, lambda people: msg("residual.lump_sum.guarantors", who=people))
    credit = transaction_records(work, ctx.start, ctx.start)
    work.life.append(msg("residual.life.no_gazette"))
    return make_route(work, RouteKey.LUMP_SUM, eligible=True, feasible=feasible, total_to_pay=amount,
                      instalments_total=amount, monthly=amount, last=amount, months=1 if amount else 0,
                      end=ctx.start, costs=(), forgiven=forgiven, surviving=0, official_gazette=0,
                      guarantors=who, credit=credit, first=ctx.start)
