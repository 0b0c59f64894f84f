"""財産分与 (民法768条) itself: the estate, the overloan view, the shares, every method, the deadline.

The net marital estate N = E' + O is split by the shares (2分の1ルール, 民法768条3項). E is the
home's equity (時価 − 別居時ローン残高), E' the part the overloan view
counts (通算説 keeps a negative E, 除外説 leaves the home out), O the marital assets less
the marital debts. Each step of ``divide_as`` adds its figures to the explanation, in the order
they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import NamedTuple

from zansai.dates import add_years
from zansai.engine.divorce.estate import WHOLE, Estate, holds, pair
from zansai.engine.divorce.home import HomeStake, bank_not_bound
from zansai.engine.divorce.methods import BY_KEY, afresh, computable, method_results, spread
from zansai.engine.divorce.results import EqualizationPayment, MethodResult, PropertyDivision
from zansai.engine.exact import fraction
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import Asset, ContributionKind, Debt, Divorce, OverloanView, PropertyDivisionMethod
from zansai.money import Yen, format_yen
from zansai.rules import Resolved, RuleBook
from zansai.trace import RuleUse, Step, Text, unique_uses


def divide(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset], debts: Sequence[Debt],
           *, book: RuleBook, on: date, home_equity: Yen | None = None,
           method: PropertyDivisionMethod | None = None, overloan: OverloanView | None = None,
           memo: PropertyDivisionMemo | None = None) -> PropertyDivision:
    """財産分与 of ``home`` and the marital ``assets``/``debts`` between ``divorce.spouses``.

    Rules are taken on the divorce date when known, else on ``on``. ``home_equity`` replaces
    value − loan balance (the exit's result); ``method`` and ``overloan`` override the divorce's
    choices. An equalization payment (代償金) is computed when ``divorce.keeper`` is set. ``memo``
    (one plan's) shares the work with the plan's other divisions of the same estate.
    """
    return divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=home_equity,
                     method=method, overloan=overloan, keeper=divorce.keeper, other_view=True, memo=memo)


@dataclass(slots=True)
class _Trail:
    """What a division records as it goes, in the order it is shown."""

    steps: list[Step] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    uses: list[RuleUse] = field(default_factory=list)


class _Base(NamedTuple):
    """A division up to its 代償金: what every division of the same estate shares."""

    key: PropertyDivisionMethod
    view: OverloanView | None
    est: Estate
    results: tuple[MethodResult, ...]
    claim: tuple[int, date | None, RuleUse]
    trail: _Trail


_BaseKey = tuple[int, int, int, int, int, date, Yen | None, PropertyDivisionMethod | None,
                 OverloanView | None]
"""The inputs' identities (one plan's objects) and the choices that make the estate."""


class PropertyDivisionMemo:
    """One plan's divisions by estate: the division, its other overloan view and the scenarios
    often divide the same estate (the keepers' scenarios that of the division itself). Made per
    plan (``divide_case``) and never kept across plans; a result handed out again is made of new
    objects, as a fresh computation would be."""

    __slots__ = ("bases",)

    def __init__(self) -> None:
        self.bases: dict[_BaseKey, _Base] = {}


def divide_as(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset],
              debts: Sequence[Debt], *, book: RuleBook, on: date, home_equity: Yen | None,
              method: PropertyDivisionMethod | None, overloan: OverloanView | None, keeper: str | None,
              other_view: bool, memo: PropertyDivisionMemo | None = None) -> PropertyDivision:
    """One division: with ``keeper``, the 代償金 when that spouse keeps the home; with
    ``other_view``, the same division under the other overloan view when the home is overloan."""
    spouses = divorce.spouses
    a, b = spouses
    key, view, est, results, (years, deadline, claim_use), trail = _base(
        divorce, home, assets, debts, book=book, on=on, home_equity=home_equity, method=method,
        overloan=overloan, memo=memo)
    n, e = est.net, est.equity
    payment = None
    if keeper is not None:
        payment = equalization_payment(keeper, est, results[0].entitlement, home, assets, debts,
                                       divided=n > 0)
        trail.steps.append(payment.step)
        trail.warnings.extend(payment.warnings)
    trail.steps.extend(results[0].steps)

    other = None
    if other_view and e < 0:
        flip = OverloanView.EXCLUSION if view is OverloanView.NETTING else OverloanView.NETTING
        other = divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=home_equity,
                          method=key, overloan=flip, keeper=keeper, other_view=False, memo=memo)
    sa, sb = est.shares
    return PropertyDivision(
        spouses=spouses, method=key, overloan=view, methods=results, home_equity=e,
        counted_home_equity=est.counted, other_net=est.other, net_estate=n, shares={a: sa, b: sb},
        claim_years=years, claim_deadline=deadline, claim_rule=claim_use,
        equalization_payment=payment, spread=spread(spouses, results),
        warnings=tuple(trail.warnings), notes=tuple(trail.notes), steps=tuple(trail.steps),
        rules_used=unique_uses([*trail.uses, *(u for s in trail.steps for u in s.rules)]),
        other_view=other, divided=n > 0,
    )


def _base(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset], debts: Sequence[Debt], *,
          book: RuleBook, on: date, home_equity: Yen | None, method: PropertyDivisionMethod | None,
          overloan: OverloanView | None, memo: PropertyDivisionMemo | None) -> _Base:
    """The division up to its 代償金, from ``memo`` when this plan already made it (with a new
    trail, steps and results), else computed (and kept in ``memo``)."""
    if memo is None:
        return _compute_base(divorce, home, assets, debts, book=book, on=on, home_equity=home_equity,
                             method=method, overloan=overloan)
    mkey = (id(divorce), id(home), id(assets), id(debts), id(book), on, home_equity, method, overloan)
    done = memo.bases.get(mkey)
    if done is None:
        done = memo.bases[mkey] = _compute_base(divorce, home, assets, debts, book=book, on=on,
                                                home_equity=home_equity, method=method,
                                                overloan=overloan)
        t = done.trail  # the kept trail stays as it is: the division appends to its own copy
        return done._replace(trail=_Trail(list(t.steps), list(t.warnings), list(t.notes), list(t.uses)))
    t = done.trail
    return done._replace(results=tuple(afresh(r) for r in done.results),
                         trail=_Trail([s.again() for s in t.steps], list(t.warnings), list(t.notes),
                                      list(t.uses)))


def _compute_base(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset], debts: Sequence[Debt],
                  *, book: RuleBook, on: date, home_equity: Yen | None,
                  method: PropertyDivisionMethod | None, overloan: OverloanView | None) -> _Base:
    """The estate, every method's result and the claim deadline, each step in the order shown."""
    spouses = divorce.spouses
    rule_on = divorce.divorce_date or on
    trail = _Trail()
    key, method_rule = _chosen_method(divorce, method, book, rule_on)
    value, price, e = _home_equity(divorce, home, home_equity, trail)
    o = _other_net(assets, debts, trail)
    view, counted = _overloan(e, o, overloan or divorce.overloan, book, on, trail)
    _net_estate(counted, o, trail)
    sa, sb = _shares(divorce, book, rule_on, trail)
    excluded = view is OverloanView.EXCLUSION
    contrib = _contributions(divorce, home, price, e, excluded, trail, key=key, rule=method_rule,
                             given=bool(method or divorce.method))
    est = Estate(spouses=spouses, shares=(sa, sb), contributions=contrib, value=value,
                 purchase_price=price, equity=e, counted=counted, other=o, excluded=excluded,
                 down_payment=home.down_payment if home else None,
                 principal_repaid=home.principal_repaid if home else None)
    results = method_results(key, est)
    if any(r.low_confidence for r in results) and est.credited:
        trail.notes.append(msg("divorce.division.paid_share_low_confidence"))
    if not computable(BY_KEY[key], est):
        trail.warnings.append(msg("divorce.division.paid_share_unknown"))
    claim = _claim_deadline(divorce, book, rule_on, on, trail)
    return _Base(key, view, est, results, claim, trail)


def _chosen_method(divorce: Divorce, method: PropertyDivisionMethod | None, book: RuleBook, rule_on: date
                   ) -> tuple[PropertyDivisionMethod, Resolved]:
    """The method asked for, else the divorce's, else the rule's default."""
    method_rule = book.at("divorce.separate_property_method", rule_on)
    key = method or divorce.method or str(method_rule.value)
    try:
        return PropertyDivisionMethod(key), method_rule
    except ValueError:
        keys = ", ".join(PropertyDivisionMethod)
        raise DomainError.invalid("divorce.method", key, msg("divorce.division.one_of", keys=keys)) from None



def _home_equity(divorce: Divorce, home: HomeStake | None, given: Yen | None, trail: _Trail
                 ) -> tuple[Yen, Yen, Yen]:
    """E = 時価 − 別居時ローン残高, or the exit's result when ``given``; with the home's value
    and purchase price."""
    value = home.value if home else 0
    balance = home.loan_balance if home else 0
    price = home.purchase_price if home else 0
    e = given if given is not None else value - balance
    trail.steps.append(Step(
        name="home_equity", label=msg("divorce.division.home_equity"),
        formula=msg("divorce.division.home_equity_formula").ja if given is None
        else "E = the exit's result (given)",
        inputs={"value": format_yen(value), "loan_balance": format_yen(balance),
                "separation_date": divorce.separation_date.isoformat()},
        result=format_yen(e),
        note=msg("divorce.division.home_equity_note"),
    ))
    return value, price, e


def _other_net(assets: Sequence[Asset], debts: Sequence[Debt], trail: _Trail) -> Yen:
    """O = the marital assets − the marital debts; separate property stays out."""
    notes = trail.notes
    marital_assets = [x for x in assets if not x.separate]
    marital_debts = [d for d in debts if d.marital]
    assets_sum = sum(x.amount for x in marital_assets)
    debts_sum = sum(d.amount for d in marital_debts)
    o = assets_sum - debts_sum
    trail.steps.append(Step(
        name="other_net", label=msg("divorce.division.other_net"),
        formula="O = Σ marital assets − Σ marital debts",
        inputs={"assets": format_yen(assets_sum), "debts": format_yen(debts_sum),
                "left_out": msg("divorce.division.left_out", assets=len(assets) - len(marital_assets),
                                debts=len(debts) - len(marital_debts)).ja},
        result=format_yen(o),
    ))
    if len(marital_assets) < len(assets):
        notes.append(msg("divorce.division.separate_left_out"))
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
        notes.append(msg("divorce.division.exclusion"))
    return view, counted


def _net_estate(counted: Yen, o: Yen, trail: _Trail) -> Yen:
    """N = E' + O; with nothing positive (N ≤ 0) nothing is divided and no payment can be ordered
    (docs/sources/law-debt-divorce.md §7.4: 分けるべきプラスの財産がない)."""
    n = counted + o
    trail.steps.append(Step(
        name="net_estate", label=msg("divorce.division.net_estate"), formula="N = E' + O",
        inputs={"E'": format_yen(counted), "O": format_yen(o)}, result=format_yen(n),
    ))
    if n <= 0:
        trail.notes.append(msg("divorce.division.nothing_positive"))
    return n


def _shares(divorce: Divorce, book: RuleBook, rule_on: date, trail: _Trail) -> tuple[Fraction, Fraction]:
    """The spouses' shares: the given one, else the rule's (2分の1ルール, 民法768条3項)."""
    a, b = divorce.spouses
    if divorce.share is not None:
        sa = divorce.share
        share_uses: tuple[RuleUse, ...] = ()
    else:
        share_rule = book.at("divorce.contribution_share", rule_on)
        sa = fraction(share_rule.value)
        share_uses = (RuleUse.of(share_rule),)
        trail.uses.extend(share_uses)
    sb = 1 - sa
    trail.steps.append(Step(
        name="shares", label=msg("divorce.division.shares"), formula="second = 1 − first",
        inputs={"given": "yes" if divorce.share is not None else "no (rule)"},
        result=f"{a}: {sa}, {b}: {sb}", rules=share_uses,
    ))
    return sa, sb


def _contributions(divorce: Divorce, home: HomeStake | None, price: Yen, e: Yen, excluded: bool,
                   trail: _Trail, *, key: PropertyDivisionMethod, rule: Resolved, given: bool
                   ) -> tuple[Yen, Yen]:
    """The separate money each spouse put into the home (at face value), with its caveats."""
    notes, warnings = trail.notes, trail.warnings
    spouses = divorce.spouses
    a, b = spouses
    contrib = {a: 0, b: 0}
    if home is not None:
        for c in divorce.contributions:
            contrib[c.spouse] += c.amount
    elif divorce.contributions:
        notes.append(msg("divorce.division.no_home_contributions"))
    if any(c.kind is ContributionKind.PREPAYMENT for c in divorce.contributions):
        notes.append(msg("divorce.division.prepayment"))
    if any(contrib.values()):
        trail.steps.append(Step(
            name="contributions", label=msg("divorce.division.contributions"),
            formula="c_i = Σ contributions",
            inputs={"purchase_price": format_yen(price)},
            result=pair(spouses, (contrib[a], contrib[b])), rules=(RuleUse.of(rule),),
            note=msg("divorce.division.method", method=key.value) if given
            else msg("divorce.division.method_default", method=key.value),
        ))
        notes.append(msg("divorce.division.every_method"))
        if excluded:
            notes.append(msg("divorce.division.co_ownership"))
        if e < 0 and not excluded:
            warnings.append(msg("divorce.division.net_ratio_overloan"))
    return contrib[a], contrib[b]


def _claim_deadline(divorce: Divorce, book: RuleBook, rule_on: date, on: date, trail: _Trail
                    ) -> tuple[int, date | None, RuleUse]:
    """民法768条2項: the family court can be asked within the years after the divorce; the
    last day when the divorce date is known."""
    claim = book.at("divorce.property_division_claim_years", rule_on)
    use = RuleUse.of(claim)
    years = int(claim.value)
    done = divorce.divorce_date
    deadline = add_years(done, years) if done else None
    trail.uses.append(use)
    trail.steps.append(Step(
        name="claim_deadline", label=msg("divorce.division.claim_deadline"),
        formula=msg("divorce.division.claim_deadline_formula").en,
        inputs={"divorce_date": done.isoformat() if done else _unknown_date(on), "years": str(years)},
        result=deadline.isoformat() if deadline else _both(msg("divorce.division.depends_on_divorce_date")),
        rules=(use,), note=msg("divorce.division.claim_deadline_note"),
    ))
    if deadline is None:
        trail.notes.append(msg("divorce.division.deadline_unknown", on=on, years=years))
    return years, deadline, use


def _overloan_view(e: Yen, o: Yen, given: OverloanView | None, book: RuleBook, on: date
                   ) -> tuple[OverloanView | None, Step | None, Text | None]:
    """The view of an overloan home: the given one, else the rule's when the other assets
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
            basis = msg("divorce.division.overloan_default", view=rule.display()).en
        else:
            view = OverloanView.EXCLUSION
            basis = msg("divorce.division.overloan_nothing_positive").en
        warning = msg("divorce.division.overloan_unsettled")
    step = Step(
        name="overloan_view", label=msg("divorce.division.overloan_view"),
        formula="netting: E' = E; exclusion: E' = 0 (home and loan left out)",
        inputs={"home_equity": format_yen(e), "other_net": format_yen(o), "basis": basis},
        result=view.value, rules=uses,
    )
    return view, step, warning


def equalization_payment(keeper: str, est: Estate, entitlement: dict[str, Yen], home: HomeStake | None,
                         assets: Sequence[Asset], debts: Sequence[Debt], *, divided: bool = True
                         ) -> EqualizationPayment:
    """代償金 = what the other spouse is entitled to less what they already hold; nothing when the
    estate is not divided (``divided`` False: N ≤ 0, each keeps what is in their name)."""
    other = est.spouses[1] if keeper == est.spouses[0] else est.spouses[0]
    held = holds(est.spouses, est.counted, {keeper: WHOLE}, assets, debts)
    due = entitlement[other] - held[other] if divided else 0
    payer, payee = ((keeper, other) if due >= 0 else (other, keeper)) if divided else (None, None)
    not_divided = msg("divorce.division.no_payment")
    step = Step(  # the step keeps its JSON name, "settlement", like the division's key
        name="settlement", label=msg("divorce.division.settlement", keeper=keeper),
        formula="amount = entitlement(other) − holds(other); the keeper holds the home as counted; "
                "0 when N ≤ 0 (nothing is divided)",
        inputs={"entitlement": pair(est.spouses, [entitlement[s] for s in est.spouses]),
                "holds": pair(est.spouses, [held[s] for s in est.spouses]),
                "N": format_yen(est.net)},
        result=f"{payer} → {payee}: {format_yen(abs(due))}" if divided
        else f"{format_yen(0)} ({not_divided.en})",
        note=None if divided else not_divided,
    )
    return EqualizationPayment(keeper=keeper, payer=payer, payee=payee, amount=abs(due), holds=held,
                               warnings=tuple(bank_not_bound(other, home, keeper)), step=step,
                               ordered=divided)


def _unknown_date(on: date) -> str:
    """The divorce date input when it is not known: "不明 / unknown (rule taken on …)"."""
    return f"{_both(msg('divorce.common.unknown'))} ({msg('divorce.division.rule_taken_on', on=on).en})"


def _both(m: Text) -> str:
    """"ja / en" in one string, for a step's inputs or result (a figure's own notation)."""
    return f"{m[0]} / {m[1]}"
