"""自己破産 (bankruptcy): ordinary debts discharged; support and taxes survive (破産法253条1項).

Tokyo practice decides between 同時廃止 and a small trustee case (少額管財) from the debtor's assets;
the time from filing to discharge is not in the research, so no end date is shown.
"""

from __future__ import annotations

from zansai.dates import add_years
from zansai.engine.exact import fraction
from zansai.engine.residual.assets import Category, categories, floor_rounding, owned
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.credit_record import official_gazette_record, transaction_records
from zansai.engine.residual.fees import NO_POSTAGE, lawyer_fee
from zansai.engine.residual.guarantors import others_liable
from zansai.engine.residual.results import Route, make_route
from zansai.engine.residual.surplus import SURPLUS_KEY
from zansai.engine.residual.workings import Workings
from zansai.messages import Msg, msg
from zansai.model import AssetKind, DebtKind, Item, RouteKey
from zansai.money import Yen, format_yen
from zansai.trace import explaining


def bankruptcy(ctx: RouteContext) -> Route:
    """自己破産 on the debts after the sale, filed on ``ctx.filing``."""
    work = Workings(ctx.book)
    ordinary, support, taxes = (ctx.total(DebtKind.ORDINARY), ctx.total(DebtKind.SUPPORT),
                                ctx.total(DebtKind.TAX))
    trustee, at_risk, free = _track(ctx, work)
    costs = _costs(ctx, work, trustee=trustee)
    costs_total = sum(c.amount for c in costs)
    eligible = True
    if ordinary == 0:
        eligible = False
        work.reasons.append(msg("residual.bankruptcy.no_ordinary"))
    if explaining():
        work.step(f"{RouteKey.BANKRUPTCY}.discharge", msg("residual.bankruptcy.discharge"),
                  "forgiven = ordinary; surviving = support + taxes",
                  {"ordinary": format_yen(ordinary), "support": format_yen(support),
                   "taxes": format_yen(taxes)},
                  f"forgiven {format_yen(ordinary)}, surviving {format_yen(support + taxes)}",
                  note=msg("residual.bankruptcy.discharge_note"))
    work.figure("support", support)
    work.figure("taxes", taxes)
    _notes(ctx, work, trustee=trustee, costs_total=costs_total, support=support, taxes=taxes)
    official_gazette = work.rule("bankruptcy.gazette_publications", ctx.filing)
    who = others_liable(ctx.debts, lambda people: msg("residual.bankruptcy.guarantors", who=people))
    credit = [official_gazette_record(work, ctx.filing),
              *transaction_records(work, None, ctx.filing, bankrupt=True)]
    _life(work, official_gazette.value, free=free, trustee=trustee, surviving=support + taxes)
    return make_route(work, RouteKey.BANKRUPTCY, eligible=eligible, feasible=eligible,
                      total_to_pay=costs_total + support + taxes, instalments_total=0, monthly=0, last=0,
                      months=None, end=None, costs=costs, forgiven=ordinary, surviving=support + taxes,
                      official_gazette=int(official_gazette.value), guarantors=who, credit=credit,
                      assets_at_risk=at_risk)


def _track(ctx: RouteContext, work: Workings) -> tuple[bool, Yen, Yen]:
    """同時廃止 or 管財 (Tokyo's 振り分け): (trustee case, assets a trustee may realise, free cash).

    The debtor's part of the sale's surplus is cash: it adds to the cash the threshold is tested on
    and to the cash the debtor keeps. Retirement is tested on the exact fraction (rounding never
    decides the track) and counted in whole yen rounded up, as in the liquidation value.
    """
    filing, opts = ctx.filing, ctx.options
    cash_res = work.rule("bankruptcy.tokyo_cash_threshold", filing)
    item_res = work.rule("bankruptcy.asset_item_threshold", filing)
    frac_res = work.rule("rehabilitation.retirement_allowance_fraction", filing)
    round_res = work.rule("rehabilitation.legal_floor_rounding", filing)
    free_res = work.rule("bankruptcy.free_cash", filing)
    cash_th, item_th, free = int(cash_res.value), int(item_res.value), int(free_res.value)
    cats = categories(owned(ctx.assets, ctx.debtor), fraction(frac_res.value), floor_rounding(round_res))
    surplus = ctx.surplus_cash
    cash = sum(c.counted for c in cats if c.kind is AssetKind.CASH) + surplus
    triggers: list[str] = []
    if cash >= cash_th:
        triggers.append(f"cash {format_yen(cash)} ≥ {format_yen(cash_th)}")
    at_risk = max(0, cash - free)
    for c in cats:
        if c.kind is not AssetKind.CASH and c.exact >= item_th:
            triggers.append(f"{c.kind.value} {format_yen(c.counted)} ≥ {format_yen(item_th)}")
            at_risk += c.counted
    if opts.discharge_concerns:
        triggers.append(_both(msg("residual.bankruptcy.concerns")))
    trustee = bool(triggers)
    shown = {c.kind.value: format_yen(c.counted) for c in cats}
    if surplus:
        shown[SURPLUS_KEY] = f"{format_yen(surplus)} (cash)"
    if explaining():
        work.step(f"{RouteKey.BANKRUPTCY}.track", msg("residual.bankruptcy.track"),
                  "trustee case if cash (with the sale's surplus) ≥ cash threshold, any other category ≥ "
                  "item threshold (retirement × fraction), or discharge concerns",
                  shown | {"discharge_concerns": "yes" if opts.discharge_concerns else "no"},
                  f"{_both(msg('residual.bankruptcy.trustee'))}: " + "; ".join(triggers) if trustee
                  else _both(msg("residual.bankruptcy.no_trustee")),
                  rules=(cash_res, item_res, frac_res, round_res),
                  note=ctx.surplus.source_note() if ctx.surplus is not None and surplus else None)
    if not trustee:
        at_risk = 0
    kept = min(cash, free)
    if explaining():
        work.step(f"{RouteKey.BANKRUPTCY}.free_cash", msg("residual.bankruptcy.free_cash"),
                  "kept = min(cash, free cash)", {"cash": format_yen(cash)}, format_yen(kept),
                  rules=(free_res,),
                  note=msg("residual.bankruptcy.free_cash_note_trustee", amount=at_risk) if trustee
                  else msg("residual.bankruptcy.free_cash_note"))
    _figures(work, cats, surplus=surplus, cash=cash, kept=kept, free=free, at_risk=at_risk, trustee=trustee)
    return trustee, at_risk, free


def _figures(work: Workings, cats: list[Category], *, surplus: Yen, cash: Yen, kept: Yen, free: Yen,
             at_risk: Yen, trustee: bool) -> None:
    """The figures of the 振り分け and the free cash as numbers, for the JSON."""
    lines = [{"key": c.kind.value, "amount": c.counted} for c in cats]
    work.figure("assets", lines + ([{"key": SURPLUS_KEY, "amount": surplus}] if surplus else []))
    work.figure("sale_surplus", surplus)
    work.figure("cash", cash)
    work.figure("trustee_case", trustee)
    work.figure("free_cash_limit", free)
    work.figure("kept_cash", kept)
    work.figure("assets_at_risk", at_risk)


def _costs(ctx: RouteContext, work: Workings, *, trustee: bool) -> list[Item]:
    """Filing fee, 官報 fee, the small trustee-case deposit (管財 only), and the lawyer."""
    filing = ctx.filing
    items = []
    parts = [("filing_fee", "bankruptcy.filing_fee", msg("residual.fees.filing_fee")),
             ("gazette_fee", "bankruptcy.gazette_fee", msg("residual.fees.gazette_fee"))]
    if trustee:
        parts.append(("trustee_deposit", "bankruptcy.tokyo_small_trustee_deposit",
                      msg("residual.fees.trustee_deposit")))
    for k, rule_key, label in parts:
        res = work.rule(rule_key, filing)
        step = work.step(f"bankruptcy.costs.{k}", label, "rule value", {}, format_yen(res.value),
                         rules=(res,)) if explaining() else None
        items.append(Item.of(k, label, int(res.value), step))
    if ctx.options.lawyer:
        items.append(lawyer_fee(work, "bankruptcy.lawyer_fee", filing))
    return items


def _notes(ctx: RouteContext, work: Workings, *, trustee: bool, costs_total: Yen, support: Yen,
           taxes: Yen) -> None:
    """The 7-year bar, the unknown time to discharge, the costs against savings, what survives."""
    prev = ctx.options.previous_discharge
    bar = work.rule("bankruptcy.discharge_repeat_bar_years", ctx.filing)
    if prev is not None and ctx.filing < add_years(prev, int(bar.value)):
        work.warnings.append(msg("residual.bankruptcy.repeat_bar", previous=prev, years=bar.value))
    work.warnings.append(msg("residual.bankruptcy.duration_unknown"))
    if trustee and not ctx.options.lawyer:
        work.warnings.append(msg("residual.bankruptcy.self_filed_trustee"))
    work.warnings.append(NO_POSTAGE)
    means = ctx.means
    if costs_total > means:
        work.warnings.append(msg("residual.bankruptcy.costs_over_means", costs=costs_total, means=means))
    if support or taxes:
        work.warnings.append(msg("residual.bankruptcy.support_survives"))


def _life(work: Workings, notices: object, *, free: Yen, trustee: bool, surviving: Yen) -> None:
    """Daily life during and after the case (``notices``: the rule's count of 官報 notices)."""
    work.life += [
        msg("residual.bankruptcy.gazette", notices=notices),
        msg("residual.bankruptcy.keep_cash", amount=free),
        msg("residual.bankruptcy.no_credit"),
        msg("residual.bankruptcy.licences"),
    ]
    if trustee:
        work.life += [msg("residual.bankruptcy.moving"), msg("residual.bankruptcy.mail")]
    if surviving:
        work.life.append(msg("residual.bankruptcy.surviving", amount=surviving))


def _both(m: Msg) -> str:
    """"ja / en" in one string, for a step's result (a figure's own notation)."""
    return f"{m.ja} / {m.en}"
