"""財産分与 (民法768条) itself: the estate, the overloan view, the shares, every method, the deadline.

The net marital estate N = E' + O is split by the shares (2分の1ルール, 民法768条3項). E is the
home's equity (時価 − 別居時ローン残高, docs/sources/law-debt-divorce.md §7.2), E' the part the overloan view
counts (通算説 keeps a negative E, 除外説 leaves the home out, §7.4), O the marital assets less
the marital debts. Each step of ``divide_as`` adds its figures to the explanation, in the order
they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from zansai.dates import add_years
from zansai.engine.divorce.estate import Estate, holds, pair
from zansai.engine.divorce.home import HomeStake, bank_not_bound
from zansai.engine.divorce.methods import method_results, spread
from zansai.engine.divorce.results import EqualizationPayment, PropertyDivision
from zansai.errors import DomainError
from zansai.model import Asset, ContributionKind, Debt, Divorce, OverloanView, PropertyDivisionMethod
from zansai.money import Yen, format_yen
from zansai.rules import Resolved, RuleBook
from zansai.trace import RuleUse, Step, Text, unique_uses


def divide(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset], debts: Sequence[Debt],
           *, book: RuleBook, on: date, home_equity: Yen | None = None,
           method: PropertyDivisionMethod | None = None, overloan: OverloanView | None = None
           ) -> PropertyDivision:
    """財産分与 of ``home`` and the marital ``assets``/``debts`` between ``divorce.spouses``.

    Rules are taken on the divorce date when known, else on ``on``. ``home_equity`` replaces
    value − loan balance (the exit's result); ``method`` and ``overloan`` override the divorce's
    choices. An equalization payment (代償金) is computed when ``divorce.keeper`` is set.
    """
    return divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=home_equity,
                     method=method, overloan=overloan, keeper=divorce.keeper, other_view=True)


@dataclass(slots=True)
class _Trail:
    """What a division records as it goes, in the order it is shown."""

    steps: list[Step] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    uses: list[RuleUse] = field(default_factory=list)


def divide_as(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset],
              debts: Sequence[Debt], *, book: RuleBook, on: date, home_equity: Yen | None,
              method: PropertyDivisionMethod | None, overloan: OverloanView | None, keeper: str | None,
              other_view: bool) -> PropertyDivision:
    """One division: with ``keeper``, the 代償金 when that spouse keeps the home; with
    ``other_view``, the same division under the other overloan view when the home is overloan."""
    spouses = divorce.spouses
    a, b = spouses
    rule_on = divorce.divorce_date or on
    trail = _Trail()
    key, method_rule = _chosen_method(divorce, method, book, rule_on)
    value, price, e = _home_equity(divorce, home, home_equity, trail)
    o = _other_net(assets, debts, trail)
    view, counted = _overloan(e, o, overloan or divorce.overloan, book, on, trail)
    n = _net_estate(counted, o, trail)
    sa, sb = _shares(divorce, book, rule_on, trail)
    excluded = view is OverloanView.EXCLUSION
    contrib = _contributions(divorce, home, price, e, excluded, trail, key=key, rule=method_rule,
                             given=bool(method or divorce.method))
    est = Estate(spouses=spouses, shares=(sa, sb), contributions=contrib, value=value,
                 purchase_price=price, equity=e, counted=counted, other=o, excluded=excluded)
    results = method_results(key, est)
    years, deadline, claim_use = _claim_deadline(divorce, book, rule_on, on, trail)
    payment = None
    if keeper is not None:
        payment = equalization_payment(keeper, est, results[0].entitlement, home, assets, debts)
        trail.steps.append(payment.step)
        trail.warnings.extend(payment.warnings)
    trail.steps.extend(results[0].steps)

    other = None
    if other_view and e < 0:
        flip = OverloanView.EXCLUSION if view is OverloanView.NETTING else OverloanView.NETTING
        other = divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=home_equity,
                          method=key, overloan=flip, keeper=keeper, other_view=False)
    return PropertyDivision(
        spouses=spouses, method=key, overloan=view, methods=results, home_equity=e,
        counted_home_equity=counted, other_net=o, net_estate=n, shares={a: sa, b: sb},
        claim_years=years, claim_deadline=deadline, claim_rule=claim_use,
        equalization_payment=payment, spread=spread(spouses, results),
        warnings=tuple(trail.warnings), notes=tuple(trail.notes), steps=tuple(trail.steps),
        rules_used=unique_uses([*trail.uses, *(u for s in trail.steps for u in s.rules)]),
        other_view=other,
    )


def _chosen_method(divorce: Divorce, method: PropertyDivisionMethod | None, book: RuleBook, rule_on: date
                   ) -> tuple[PropertyDivisionMethod, Resolved]:
    """The method asked for, else the divorce's, else the rule's default (§7.3)."""
    method_rule = book.at("divorce.separate_property_method", rule_on)
    key = method or divorce.method or str(method_rule.value)
    try:
        return PropertyDivisionMethod(key), method_rule
    except ValueError:
        keys = ", ".join(PropertyDivisionMethod)
        raise DomainError.invalid("divorce.method", key, "次のどれかを指定してください: " + keys,
                                  "one of " + keys) from None



def _home_equity(divorce: Divorce, home: HomeStake | None, given: Yen | None, trail: _Trail
                 ) -> tuple[Yen, Yen, Yen]:
    """E = 時価 − 別居時ローン残高, or the exit's result when ``given`` (§7.2); with the home's value
    and purchase price."""
    value = home.value if home else 0
    balance = home.loan_balance if home else 0
    price = home.purchase_price if home else 0
    e = given if given is not None else value - balance
    trail.steps.append(Step(
        name="home_equity", label_ja="住宅の純資産（時価 − 別居時ローン残高）",
        formula="E = 時価 − ローン残高" if given is None else "E = the exit's result (given)",
        inputs={"value": format_yen(value), "loan_balance": format_yen(balance),
                "separation_date": divorce.separation_date.isoformat()},
        result=format_yen(e),
        note="不動産は現在の時価、ローン残高と預貯金は別居時で評価（§7.2） / the home at today's "
             "value, the loan and savings at the separation date",
    ))
    return value, price, e


def _other_net(assets: Sequence[Asset], debts: Sequence[Debt], trail: _Trail) -> Yen:
    """O = the marital assets − the marital debts; separate property stays out (§7.2)."""
    notes = trail.notes
    marital_assets = [x for x in assets if not x.separate]
    marital_debts = [d for d in debts if d.marital]
    o = sum(x.amount for x in marital_assets) - sum(d.amount for d in marital_debts)
    trail.steps.append(Step(
        name="other_net", label_ja="住宅以外の共有財産（資産 − 婚姻生活のための債務）",
        formula="O = Σ marital assets − Σ marital debts",
        inputs={"assets": format_yen(sum(x.amount for x in marital_assets)),
                "debts": format_yen(sum(d.amount for d in marital_debts)),
                "left_out": f"特有財産 {len(assets) - len(marital_assets)}件, 個人の債務 "
                            f"{len(debts) - len(marital_debts)}件"},
        result=format_yen(o),
    ))
    if len(marital_assets) < len(assets):
        notes.append(("特有財産（婚姻前の財産・相続・贈与）は分与の対象外です。特有であることは主張する側が"
                     "証明し、はっきりしなければ共有と推定されます（民法762条2項、§7.2）", "separate "
                     "property is left out; whoever claims it must prove it, else it is presumed shared"))
    return o


def _overloan(e: Yen, o: Yen, given: OverloanView | None, book: RuleBook, on: date, trail: _Trail
              ) -> tuple[OverloanView | None, Yen]:
    """The overloan view and E', the home's equity as counted (0 when the home is left out)."""
    notes = trail.notes
    view, view_step, view_warning = _overloan_view(e, o, given, book, on)
    if view_step is not None:
        trail.steps.append(view_step)
    if view_warning:
        trail.warnings.append(view_warning)
    excluded = view is OverloanView.EXCLUSION
    counted = 0 if excluded else e
    if excluded:
        notes.append(("除外説: 住宅とローンは分与の外に置かれ、ローンは契約どおり債務者に残ります（§7.4）",
                     "exclusion: the home and its loan are left out; the loan stays with its "
                     "debtors by contract"))
    return view, counted


def _net_estate(counted: Yen, o: Yen, trail: _Trail) -> Yen:
    """N = E' + O; with nothing positive, no claim can be ordered (§7.4)."""
    n = counted + o
    trail.steps.append(Step(
        name="net_estate", label_ja="分与対象の純財産", formula="N = E' + O",
        inputs={"E'": format_yen(counted), "O": format_yen(o)}, result=format_yen(n),
    ))
    if n <= 0:
        trail.notes.append(
            ("分けるべきプラスの財産がないため、法的には財産分与の請求は認められません（§7.4）。表示の数字は"
            "夫婦が合意で決める負担の分け方の目安です（記事2の考え方）", "legally there is nothing "
            "positive to divide and no claim can be ordered; the figures are the burden split the "
            "couple may agree on (the seed article's view)"))
    return n


def _shares(divorce: Divorce, book: RuleBook, rule_on: date, trail: _Trail) -> tuple[Fraction, Fraction]:
    """The spouses' shares: the given one, else the rule's (2分の1ルール, 民法768条3項)."""
    a, b = divorce.spouses
    if divorce.share is not None:
        sa = divorce.share
        share_uses: tuple[RuleUse, ...] = ()
    else:
        share_rule = book.at("divorce.contribution_share", rule_on)
        sa = Fraction(share_rule.value)
        share_uses = (RuleUse.of(share_rule),)
        trail.uses.extend(share_uses)
    sb = 1 - sa
    trail.steps.append(Step(
        name="shares", label_ja="分与割合（2分の1ルール）", formula="second = 1 − first",
        inputs={"given": "yes" if divorce.share is not None else "no (rule)"},
        result=f"{a}: {sa}, {b}: {sb}", rules=share_uses,
    ))
    return sa, sb


def _contributions(divorce: Divorce, home: HomeStake | None, price: Yen, e: Yen, excluded: bool,
                   trail: _Trail, *, key: PropertyDivisionMethod, rule: Resolved, given: bool
                   ) -> tuple[Yen, Yen]:
    """The separate money each spouse put into the home (at face value), with the caveats of §7.3."""
    notes, warnings = trail.notes, trail.warnings
    spouses = divorce.spouses
    a, b = spouses
    contrib = {a: 0, b: 0}
    if home is not None:
        for c in divorce.contributions:
            contrib[c.spouse] += c.amount
    elif divorce.contributions:
        notes.append(("住宅がないため、住宅に入れた特有財産は数えていません", "no home: the "
                     "contributions are not counted"))
    if any(c.kind is ContributionKind.PREPAYMENT for c in divorce.contributions):
        notes.append(("特有財産による繰上返済は頭金と同じく額面で数えています。資料は1件のみで（支払総額"
                     "（頭金＋返済元金）の割合で按分する案、coconala bbs 2853）、確度は低いです（§7.3）",
                     "a prepayment from separate money is counted like a down payment; the only "
                     "source (one Q&A answer) allocates by shares of the total paid: low confidence"))
    if any(contrib.values()):
        trail.steps.append(Step(
            name="contributions", label_ja="住宅に入れた特有財産（額面）", formula="c_i = Σ contributions",
            inputs={"purchase_price": format_yen(price)},
            result=pair(spouses, (contrib[a], contrib[b])), rules=(RuleUse.of(rule),),
            note=f"method: {key}" + ("" if given else " (the rule's default)"),
        ))
        notes.append(("住宅に入れた特有財産の扱いには確定した方式がないため、全方式を並べています（§7.3）",
                     "there is no settled method for separate money in the home: every method is shown"))
        if excluded:
            notes.append(("オーバーローンで住宅が除外されても、特有財産から頭金を出した配偶者は住宅の共有持分を"
                         "持ちうるとされています（東京地判平成24年12月27日、§7.3）", "even with the home "
                         "left out, a spouse who paid the down payment from separate money may hold a "
                         "co-ownership share"))
        if e < 0 and not excluded:
            warnings.append(("net_ratio（純資産按分方式）はオーバーローンでは特有部分がマイナスになり、出資した"
                            "配偶者に損失の一部を多く負担させます", "on an overloan home net_ratio makes "
                            "the separate part negative and charges the contributor part of the loss"))
    return contrib[a], contrib[b]


def _claim_deadline(divorce: Divorce, book: RuleBook, rule_on: date, on: date, trail: _Trail
                    ) -> tuple[int, date | None, RuleUse]:
    """民法768条2項: the family court can be asked within the years after the divorce (§7.1); the
    last day when the divorce date is known."""
    claim = book.at("divorce.property_division_claim_years", rule_on)
    use = RuleUse.of(claim)
    years = int(claim.value)
    done = divorce.divorce_date
    deadline = add_years(done, years) if done else None
    trail.uses.append(use)
    trail.steps.append(Step(
        name="claim_deadline", label_ja="家庭裁判所に財産分与を請求できる期限（離婚の時から）",
        formula="divorce date + years (除斥期間: not suspended or renewed)",
        inputs={"divorce_date": done.isoformat() if done
                else f"不明 / unknown (rule taken on {on.isoformat()})", "years": str(years)},
        result=deadline.isoformat() if deadline else "離婚日による / depends on the divorce date",
        rules=(use,),
        note="the last day is shown as the same date years later; confirm an exact day with a lawyer",
    ))
    if deadline is None:
        trail.notes.append((f"離婚日が未定のため請求期限は示せません。{on.isoformat()}に離婚すれば{years}年です。"
                            "期間は離婚日で決まります（§7.1）", "the divorce date is not known: a divorce on "
                            f"{on.isoformat()} would give {years} years; the period depends on the "
                            "divorce date"))
    return years, deadline, use


def _overloan_view(e: Yen, o: Yen, given: OverloanView | None, book: RuleBook, on: date
                   ) -> tuple[OverloanView | None, Step | None, Text | None]:
    """The view of an overloan home (§7.4): the given one, else the rule's when the other assets
    are net positive, else exclusion (nothing positive to divide). None when E ≥ 0."""
    if e >= 0:
        return None, None, None
    uses: tuple[RuleUse, ...] = ()
    warning = None
    if given is not None:
        view, basis = given, "chosen"
    else:
        if o > 0:
            rule = book.at("divorce.overloan_default_view", on)
            view, uses = OverloanView(str(rule.value)), (RuleUse.of(rule),)
            basis = f"default: other assets net positive → {rule.display()}"
        else:
            view = OverloanView.EXCLUSION
            basis = ("default: no other net-positive assets → nothing positive to divide, the "
                     "home is left out (§7.4)")
        warning = (("オーバーローンの住宅の扱いは裁判例・資料で分かれています（通算説: 東京高判令和6年"
                   "8月21日、除外説: 東京高決平成10年3月13日）。既定の見方で計算し、"
                   "もう一方の見方の結果も示します（§7.4）", "how an overloan home is divided is "
                   "not settled (netting vs exclusion); the default view is used and the other "
                   "view is shown too"))
    step = Step(
        name="overloan_view", label_ja="オーバーローンの扱い（通算説・除外説）",
        formula="netting: E' = E; exclusion: E' = 0 (home and loan left out)",
        inputs={"home_equity": format_yen(e), "other_net": format_yen(o), "basis": basis},
        result=view.value, rules=uses,
    )
    return view, step, warning


def equalization_payment(keeper: str, est: Estate, entitlement: dict[str, Yen], home: HomeStake | None,
                         assets: Sequence[Asset], debts: Sequence[Debt]) -> EqualizationPayment:
    """代償金 = what the other spouse is entitled to less what they already hold (§7.2)."""
    other = est.spouses[1] if keeper == est.spouses[0] else est.spouses[0]
    held = holds(est.spouses, est.counted, {keeper: Fraction(1)}, assets, debts)
    due = entitlement[other] - held[other]
    payer, payee = (keeper, other) if due >= 0 else (other, keeper)
    step = Step(  # the step keeps its JSON name, "settlement", like the division's key
        name="settlement", label_ja=f"代償金（{keeper}が住宅を取得）",
        formula="amount = entitlement(other) − holds(other); the keeper holds the home as counted",
        inputs={"entitlement": pair(est.spouses, [entitlement[s] for s in est.spouses]),
                "holds": pair(est.spouses, [held[s] for s in est.spouses])},
        result=f"{payer} → {payee}: {format_yen(abs(due))}",
    )
    return EqualizationPayment(keeper=keeper, payer=payer, payee=payee, amount=abs(due), holds=held,
                               warnings=tuple(bank_not_bound(other, home, keeper)), step=step)
