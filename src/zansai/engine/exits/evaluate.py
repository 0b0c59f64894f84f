"""Every way out on the same inputs and the same dates, in the order the household reads them."""

from __future__ import annotations

from zansai.engine.exits.context import Context
from zansai.engine.exits.court import auction
from zansai.engine.exits.keep_home import keep_home_rehabilitation
from zansai.engine.exits.reschedule import rescheduling
from zansai.engine.exits.result import ExitResult
from zansai.engine.exits.sales import normal_sale, sale_with_savings, trade_up
from zansai.engine.exits.short_sales import dealer_purchase, short_sale
from zansai.engine.exits.stay import keep_paying, leaseback
from zansai.model import ExitKey


def evaluate_exits(ctx: Context) -> list[ExitResult]:
    """Every exit on the same inputs and dates, sorted by remaining debt (then cash needed).

    Without a home loan (no timeline) there is nothing to default on: no short sale, no auction."""
    if ctx.timeline is None:
        return _without_loan(ctx)
    court = auction(ctx, ExitKey.AUCTION_COURT)
    seed = auction(ctx, ExitKey.AUCTION_SEED)
    first_lender_at_auction = court.lenders[0].paid if court.lenders else None
    normal = normal_sale(ctx)
    short = short_sale(ctx, first_lender_at_auction, normal)
    alternative = normal if normal.feasible else short
    exits = [normal, sale_with_savings(ctx)]
    up = trade_up(ctx)
    if up is not None:
        exits.append(up)
    exits += [short, dealer_purchase(ctx), leaseback(ctx, alternative), court, seed, keep_paying(ctx)]
    exits.append(keep_home_rehabilitation(ctx))
    exits += [e for e in (rescheduling(ctx),) if e is not None]  # 返済方法の変更
    if "court" in court.details:  # a location gave a court: say where the range flips the ranking
        from zansai.engine.exits.court_range import flag_flips
        exits[exits.index(court)] = flag_flips(ctx, court, [e for e in exits if e is not court])
    return sorted(exits, key=lambda e: (not e.feasible, e.remaining_debt, e.cash_needed))


def _without_loan(ctx: Context) -> list[ExitResult]:
    """The exits of a home with no loan: the sales (each repays what little is owed) and staying."""
    normal = normal_sale(ctx)
    exits = [normal, sale_with_savings(ctx)]
    up = trade_up(ctx)
    if up is not None:
        exits.append(up)
    exits += [dealer_purchase(ctx), leaseback(ctx, normal), keep_paying(ctx)]
    return sorted(exits, key=lambda e: (not e.feasible, e.remaining_debt, e.cash_needed))
