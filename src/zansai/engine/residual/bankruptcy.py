"""自己破産 (bankruptcy): ordinary debts discharged; support and taxes survive (破産法253条1項).

Tokyo practice decides between 同時廃止 and a small trustee case (少額管財) from the debtor's assets;
the time from filing to discharge is not in the research, so no end date is shown.
"""

from __future__ import annotations

from fractions import Fraction

from zansai.dates import add_years
from zansai.engine.residual.assets import categories, owned
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.credit_record import official_gazette_record, transaction_records
from zansai.engine.residual.fees import NO_POSTAGE, lawyer_fee
from zansai.engine.residual.guarantors import others_liable
from zansai.engine.residual.results import Route, make_route
from zansai.engine.residual.workings import Workings
from zansai.model import AssetKind, DebtKind, Item, RouteKey
from zansai.money import Yen, format_yen


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
        work.reasons.append(("免責で消える債務がありません（養育費・税金は免責されません）",
                             "there is no debt a discharge would remove (support and taxes are not "
                             "discharged)"))
    work.step(f"{RouteKey.BANKRUPTCY}.discharge", "免責される債務と残る債務",
              "forgiven = ordinary; surviving = support + taxes",
              {"ordinary": format_yen(ordinary), "support": format_yen(support), "taxes": format_yen(taxes)},
              f"forgiven {format_yen(ordinary)}, surviving {format_yen(support + taxes)}",
              note="破産法253条1項: 租税等 and 婚姻費用・養育費 are not discharged; 財産分与 claims are.")
    _notes(ctx, work, trustee=trustee, costs_total=costs_total, support=support, taxes=taxes)
    official_gazette = work.rule("bankruptcy.gazette_publications", ctx.filing)
    who = others_liable(ctx.debts, lambda ja, en: (
        f"免責は{ja}の責任に影響しません。残債の全額がそのまま請求されます（破産法253条2項、記事）",
        f"the discharge does not touch {en}: each can be billed the whole remaining debt "
        "(Bankruptcy Act 253(2), seed article)"))
    credit = [official_gazette_record(work, ctx.filing),
              *transaction_records(work, None, ctx.filing, bankrupt=True)]
    _life(work, official_gazette.value, free=free, trustee=trustee, surviving=support + taxes)
    return make_route(work, RouteKey.BANKRUPTCY, eligible=eligible, feasible=eligible,
                      total_to_pay=costs_total + support + taxes, instalments_total=0, monthly=0, last=0,
                      months=None, end=None, costs=costs, forgiven=ordinary, surviving=support + taxes,
                      official_gazette=int(official_gazette.value), guarantors=who, credit=credit,
                      assets_at_risk=at_risk)


def _track(ctx: RouteContext, work: Workings) -> tuple[bool, Yen, Yen]:
    """同時廃止 or 管財 (Tokyo's 振り分け): (trustee case, assets a trustee may realise, free cash)."""
    filing, opts = ctx.filing, ctx.options
    cash_res = work.rule("bankruptcy.tokyo_cash_threshold", filing)
    item_res = work.rule("bankruptcy.asset_item_threshold", filing)
    frac_res = work.rule("rehabilitation.retirement_allowance_fraction", filing)
    free_res = work.rule("bankruptcy.free_cash", filing)
    cash_th, item_th, free = int(cash_res.value), int(item_res.value), int(free_res.value)
    cats = categories(owned(ctx.assets, ctx.debtor), Fraction(frac_res.value))
    cash = sum(counted for kind, _, counted in cats if kind is AssetKind.CASH)
    triggers: list[str] = []
    if cash >= cash_th:
        triggers.append(f"cash {format_yen(cash)} ≥ {format_yen(cash_th)}")
    at_risk = max(0, cash - free)
    for kind, _, counted in cats:
        if kind is not AssetKind.CASH and counted >= item_th:
            triggers.append(f"{kind.value} {format_yen(counted)} ≥ {format_yen(item_th)}")
            at_risk += counted
    if opts.discharge_concerns:
        triggers.append("免責不許可事由の調査 / grounds for refusing discharge to investigate")
    trustee = bool(triggers)
    work.step(f"{RouteKey.BANKRUPTCY}.track", "同時廃止か管財か（東京地裁の振り分け）",
              "管財 if cash ≥ cash threshold, any other category ≥ item threshold (retirement × fraction), "
              "or discharge concerns",
              {kind.value: format_yen(counted) for kind, _, counted in cats} | {
                  "discharge_concerns": "yes" if opts.discharge_concerns else "no"},
              ("管財 / trustee case: " + "; ".join(triggers)) if trustee else "同時廃止 / no trustee",
              rules=(cash_res, item_res, frac_res))
    if not trustee:
        at_risk = 0
    work.step(f"{RouteKey.BANKRUPTCY}.free_cash", "自由財産（現金）", "kept = min(cash, free cash)",
              {"cash": format_yen(cash)}, format_yen(min(cash, free)), rules=(free_res,),
              note="破産法34条3項1号: cash only; deposits are kept only by 自由財産の拡張 (34条4項)."
                   + (f" Estimated value a trustee may realise: {format_yen(at_risk)} (upper bound)."
                      if trustee else ""))
    return trustee, at_risk, free


def _costs(ctx: RouteContext, work: Workings, *, trustee: bool) -> list[Item]:
    """Filing fee, 官報 fee, the small trustee-case deposit (管財 only), and the lawyer."""
    filing = ctx.filing
    items = []
    parts = [("filing_fee", "bankruptcy.filing_fee", "申立手数料（収入印紙）", "Filing fee (revenue stamps)"),
             ("gazette_fee", "bankruptcy.gazette_fee", "官報公告費（予納金）", "Official-gazette fee")]
    if trustee:
        parts.append(("trustee_deposit", "bankruptcy.tokyo_small_trustee_deposit",
                      "少額管財の引継予納金（東京地裁）", "Small trustee-case deposit (Tokyo)"))
    for k, rule_key, ja, en in parts:
        res = work.rule(rule_key, filing)
        step = work.step(f"bankruptcy.costs.{k}", ja, "rule value", {}, format_yen(res.value), rules=(res,))
        items.append(Item(k, ja, en, int(res.value), step))
    if ctx.options.lawyer:
        items.append(lawyer_fee(work, "bankruptcy.lawyer_fee", filing, "弁護士費用（税込）"))
    return items


def _notes(ctx: RouteContext, work: Workings, *, trustee: bool, costs_total: Yen, support: Yen,
           taxes: Yen) -> None:
    """The 7-year bar, the unknown time to discharge, the costs against savings, what survives."""
    prev = ctx.options.previous_discharge
    bar = work.rule("bankruptcy.discharge_repeat_bar_years", ctx.filing)
    if prev is not None and ctx.filing < add_years(prev, int(bar.value)):
        work.warnings.append((
            f"前回の免責等（{prev.isoformat()}）から{bar.value}年以内の申立ては免責不許可事由です"
            "（破産法252条1項10号）。裁量免責の可能性はあります（252条2項）",
            f"a discharge within {bar.value} years of an earlier one ({prev.isoformat()}) is a ground for "
            "refusal (Bankruptcy Act 252(1)(x)); a discretionary discharge is still possible (252(2))"))
    work.warnings.append(("申立てから免責までの期間は調査資料にないため不明です（回数・終了日は表示しません）",
                          "the time from filing to discharge is not in the research (不明): no end date is "
                          "shown"))
    if trustee and not ctx.options.lawyer:
        work.warnings.append(("本人申立ての管財事件は少額管財にならず予納金が高くなります（金額は未確認）。"
                              "表示の費用は下限です",
                              "a trustee case filed without a lawyer is not a small trustee case and the "
                              "deposit is higher (amount unconfirmed): the costs shown are a lower bound"))
    work.warnings.append(NO_POSTAGE)
    means = ctx.means
    if costs_total > means:
        work.warnings.append((f"費用 {format_yen(costs_total)} は"
                              f"貯蓄と援助の合計 {format_yen(means)} を超えます",
                              f"the costs of {format_yen(costs_total)} exceed savings plus family help of "
                              f"{format_yen(means)}"))
    if support or taxes:
        work.warnings.append(("養育費・婚姻費用と税金は免責されません。"
                              "財産分与の請求権は免責の対象です（破産法253条1項）",
                              "child support, marital costs and taxes survive the discharge; "
                              "property-division claims are discharged (Bankruptcy Act 253(1))"))


def _life(work: Workings, notices: object, *, free: Yen, trustee: bool, surviving: Yen) -> None:
    """Daily life during and after the case (``notices``: the rule's count of 官報 notices)."""
    work.life += [
        (f"官報に氏名が{notices}回載ります（破産手続開始決定・免責許可決定）",
         f"the debtor's name appears in the official gazette {notices} times (opening, discharge)"),
        (f"現金 {format_yen(free)} までは手元に残せます（自由財産、破産法34条3項）",
         f"cash up to {format_yen(free)} is kept (free property, Bankruptcy Act 34(3))"),
        ("信用情報に記録がある間は、新しいローンやクレジットカードは作れません（記事: "
         "一定期間クレジットカードが作れなくなる）",
         "while the records last, new loans and credit cards are out of reach (seed article)"),
        ("免責許可決定の確定（復権）まで、一部の資格・職業に就けません（破産法255条・各資格法。調査資料外）",
         "some licences and occupations are barred until the discharge becomes final (復権; Bankruptcy Act "
         "255 and the licensing laws; outside the research documents)"),
    ]
    if trustee:
        work.life += [
            ("管財事件の間は、転居や長期の旅行に裁判所の許可が必要です（破産法37条。調査資料外）",
             "during a trustee case, moving house or a long trip needs the court's permission (Bankruptcy "
             "Act 37; outside the research documents)"),
            ("管財事件の間は、郵便物が破産管財人に転送されます（破産法81条。調査資料外）",
             "during a trustee case, mail is redirected to the trustee (Bankruptcy Act 81; outside the "
             "research documents)"),
        ]
    if surviving:
        work.life.append((f"養育費・婚姻費用・税金 {format_yen(surviving)} は免責されず、"
                          "払い続けます（破産法253条1項）",
                          f"support and taxes of {format_yen(surviving)} are not discharged and must "
                          "still be paid (Bankruptcy Act 253(1))"))
