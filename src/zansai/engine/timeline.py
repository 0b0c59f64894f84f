"""From the first missed payment to the auction, and the options that close on the way.

滞納 → 督促 → 信用情報の異動 → 期限の利益喪失 → 代位弁済 → 競売申立 → 開始決定 → 現況調査 → 公告
→ 入札期間 → 開札 → 売却決定期日 → 確定 → 代金納付 → 引渡命令. Every gap is a rule: ``typical``
uses its value, ``earliest`` its low end and ``latest`` its high end (a legal limit with no range
shifts all three by the limit). The windows (リスケ, 住宅資金特別条項, 任意売却) close on these dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from zansai.dates import add_months
from zansai.engine.owed import OwedFn
from zansai.errors import DomainError
from zansai.model import LenderType
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.rules.book import Period, Resolved
from zansai.trace import Explanation, RuleUse, Step

DAY = timedelta(days=1)


def _shift(d: date, n: int, unit: str) -> date:
    return add_months(d, n) if unit == "months" else d + timedelta(days=n)


@dataclass(frozen=True, slots=True)
class Milestone:
    """One event on the way to the auction, with its estimated dates and what is owed then."""

    key: str
    label_ja: str
    label_en: str
    earliest: date
    typical: date
    latest: date | None
    basis: str
    """``"law"``, ``"court_practice"`` or ``"market_practice"``: the kind of the rule that dates it."""
    step: Step
    owed: Yen | None = None
    """Total owed on ``typical`` over the household's loans (before any sale proceeds)."""
    late_charges: Yen | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
            "earliest": self.earliest.isoformat(), "typical": self.typical.isoformat(),
            "latest": self.latest.isoformat() if self.latest else None, "basis": self.basis,
            "owed": self.owed, "late_charges": self.late_charges, "why": self.step.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Window:
    """An option that stays open until ``closes`` (its last day, inclusive)."""

    key: str
    label_ja: str
    label_en: str
    closes: date
    closes_latest: date | None
    open_on: date
    """The calculation date ``is_open`` refers to."""
    is_open: bool
    note_ja: str
    note_en: str
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
            "closes": self.closes.isoformat(),
            "closes_latest": self.closes_latest.isoformat() if self.closes_latest else None,
            "open_on": self.open_on.isoformat(), "is_open": self.is_open,
            "note_ja": self.note_ja, "note_en": self.note_en, "basis": self.basis,
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    first_missed: date
    hypothetical: bool
    lender: LenderType
    milestones: tuple[Milestone, ...]
    windows: tuple[Window, ...]
    rules_used: tuple[RuleUse, ...]
    notes: tuple[str, ...]

    def milestone(self, key: str) -> Milestone:
        for m in self.milestones:
            if m.key == key:
                return m
        raise KeyError(f"no milestone {key!r} in this timeline")

    def window(self, key: str) -> Window:
        for w in self.windows:
            if w.key == key:
                return w
        raise KeyError(f"no window {key!r} in this timeline")

    def last_short_sale_day(self) -> date:
        """Last day to settle a 任意売却: for a bank loan the legal limit, the day before 開札
        (民執76条; creditors want it earlier, see window ``bank_short_sale_practical``); for JHF
        the day before the 競売申立 (its practice)."""
        return self.window("short_sale_last_day").closes

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_missed": self.first_missed.isoformat(), "hypothetical": self.hypothetical,
            "lender": self.lender.value,
            "milestones": [m.to_dict() for m in self.milestones],
            "windows": [w.to_dict() for w in self.windows],
            "rules": [r.ref() for r in self.rules_used], "notes": list(self.notes),
        }

    def explain(self) -> Explanation:
        steps = [m.step for m in self.milestones]
        steps += [Step(
            name=f"window.{w.key}", label_ja=w.label_ja,
            formula=f"open while on ≤ {w.closes.isoformat()}", inputs={"on": w.open_on.isoformat()},
            result="open" if w.is_open else "closed", note=w.note_en,
        ) for w in self.windows]
        return Explanation(title="滞納から競売までのタイムライン / delinquency timeline",
                           steps=tuple(steps), notes=self.notes)


@dataclass(frozen=True, slots=True)
class _Span:
    earliest: date
    typical: date
    latest: date


class _Builder:
    """Chains the rule-dated gaps and records every rule value used, every span and its step."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.used: dict[tuple[str, str], RuleUse] = {}
        self.spans: dict[str, _Span] = {}
        self.built: list[tuple[str, str, Step]] = []  # key, basis, step

    def rule(self, key: str, on: date) -> Resolved:
        resolved = self.book.at(key, on)
        use = RuleUse.of(resolved)
        self.used.setdefault((use.key, use.period), use)
        return resolved

    def gap(self, key: str, prev: _Span, *, before: bool = False) -> tuple[_Span, Resolved]:
        """``prev`` shifted by the rule (``before``: back by it); low/high give the range."""
        unit = self.book.get(key).unit
        typ = self.rule(key, prev.typical)
        first, last = self.rule(key, prev.earliest).period, self.rule(key, prev.latest).period

        def low(p: Period) -> int:
            return int(p.value if p.low is None else p.low)

        def high(p: Period) -> int:
            return int(p.value if p.high is None else p.high)

        if before:
            span = _Span(_shift(prev.earliest, -high(first), unit),
                         _shift(prev.typical, -int(typ.value), unit),
                         _shift(prev.latest, -low(last), unit))
        else:
            span = _Span(_shift(prev.earliest, low(first), unit),
                         _shift(prev.typical, int(typ.value), unit),
                         _shift(prev.latest, high(last), unit))
        return span, typ

    def record(self, key: str, span: _Span, basis: str, step: Step) -> None:
        """Keep a milestone's span and the step that explains it."""
        self.spans[key] = span
        self.built.append((key, basis, step))

    def add(self, key: str, rule: str, prev_key: str, prev: _Span,
            note: str | None = None) -> _Span:
        """The milestone ``key``, dated by ``rule`` after ``prev``."""
        span, resolved = self.gap(rule, prev)
        self.record(key, span, resolved.rule.kind.value,
                    _step(key, _LABELS[key][0], prev_key, prev, span, resolved, note))
        return span


def _step(key: str, label_ja: str, prev: str, prev_span: _Span, span: _Span,
          resolved: Resolved, note: str | None = None) -> Step:
    return Step(
        name=key, label_ja=label_ja,
        formula=f"{prev} {'−' if span.typical < prev_span.typical else '+'} {resolved.display()}",
        inputs={prev: prev_span.typical.isoformat(), "gap": resolved.display(),
                "earliest": span.earliest.isoformat(), "latest": span.latest.isoformat()},
        result=span.typical.isoformat(), rules=(RuleUse.of(resolved),),
        note="; ".join(n for n in (note, resolved.period.conflicts) if n) or None,
    )


_LABELS: dict[str, tuple[str, str]] = {
    "reminders": ("督促（電話・督促状）", "Reminders (calls and letters)"),
    "credit_record": ("信用情報の異動登録（CIC）", "Adverse credit record (CIC 異動)"),
    "acceleration": ("期限の利益喪失（一括請求）", "Acceleration: the whole loan falls due"),
    "subrogation": ("保証会社の代位弁済", "Guarantee company pays the bank (subrogation)"),
    "auction_filing": ("競売申立", "Auction filing"),
    "commencement": ("競売開始決定（差押登記）", "Auction commencement decision (seizure registered)"),
    "site_inspection": ("現況調査・評価（執行官の訪問）", "Site inspection and valuation"),
    "public_notice": ("期間入札の公告", "Public notice of the sale"),
    "bid_period": ("入札期間の開始", "Bidding period starts"),
    "bid_opening": ("開札期日", "Bid opening"),
    "sale_decision": ("売却決定期日（売却許可決定）", "Sale decision hearing (sale permitted)"),
    "sale_final": ("売却許可決定の確定", "Sale permission becomes final"),
    "payment": ("代金納付（所有権が買受人へ）", "Buyer pays; ownership passes"),
    "delivery_order": ("引渡命令の申立期限", "Deadline for the buyer's delivery order"),
}


def delinquency_timeline(first_missed: date, *, on: date, book: RuleBook,
                         lender: LenderType = LenderType.BANK, guarantor_company: bool = True,
                         hypothetical: bool = False, owed: OwedFn | None = None) -> Timeline:
    """The timeline from ``first_missed`` (or, ``hypothetical``, the next due date as a what-if).

    ``owed(on, acceleration, subrogation) -> (total, late charges)`` fills each milestone's
    amounts at its typical date, so the report shows what waiting costs.
    """
    _check(first_missed, on=on, lender=lender, hypothetical=hypothetical)
    jhf = lender is LenderType.JHF
    with_gc = guarantor_company and not jhf
    b = _Builder(book)
    notes: list[str] = []
    if hypothetical:
        notes.append(f"hypothetical: no payment has been missed yet; the dates assume the payment "
                     f"due {first_missed} is missed and nothing is paid after it")
    acc, filing = _to_filing(b, first_missed, jhf=jhf, with_gc=with_gc, notes=notes)
    _auction(b, filing, notes)
    spans = b.spans
    milestones = _milestones(b.built, spans, owed, acc.typical,
                             spans["subrogation"].typical if "subrogation" in spans else None)
    windows = _windows(b, on, lender, spans, with_gc)
    if owed is not None:
        notes.append("amounts owed are at each milestone's typical date, before any sale proceeds")
    return Timeline(first_missed=first_missed, hypothetical=hypothetical, lender=lender,
                    milestones=milestones, windows=windows, rules_used=tuple(b.used.values()),
                    notes=tuple(notes))


def _check(first_missed: date, *, on: date, lender: LenderType, hypothetical: bool) -> None:
    """The original lender is named, and a future missed payment is marked hypothetical."""
    if lender is LenderType.GUARANTOR_COMPANY:
        raise DomainError.invalid("loan.lender", lender.value,
                                  "元の貸し手（bank または jhf）を指定してください",
                                  "give the original lender: bank or jhf")
    if first_missed > on and not hypothetical:
        raise DomainError.invalid(
            "loan.first_missed", first_missed.isoformat(),
            f"計算基準日 {on} より後の延滞は仮定（hypothetical）として指定してください",
            f"a missed payment after the calculation date {on} must be marked hypothetical")


def _to_filing(b: _Builder, first_missed: date, *, jhf: bool, with_gc: bool,
               notes: list[str]) -> tuple[_Span, _Span]:
    """督促, 信用情報, 期限の利益喪失, 代位弁済 (if any), 競売申立: (acceleration, filing)."""
    f = _Span(first_missed, first_missed, first_missed)
    b.add("reminders", "timeline.reminder_months", "first_missed", f,
          "late charges (遅延損害金) run from the day after the missed due date")
    b.add("credit_record", "credit_record.cic_delinquency_days", "first_missed", f)
    acc_rule = "timeline.jhf_acceleration_months" if jhf else "timeline.bank_acceleration_months"
    acc = b.add("acceleration", acc_rule, "first_missed", f,
                None if jhf else "seed 004: 'だいたい6ヶ月程度で期限の利益を喪失' (the range's high end); "
                                 "seed 000: '3~6ヶ月'")
    if jhf:
        notes.append("JHF (フラット35) has no guarantee company: no 代位弁済; the claim stays with JHF "
                     "and its servicer (law-debt-divorce.md §4.2, law-updates-2026.md §7)")
        filing = b.add("auction_filing", "timeline.jhf_auction_filing_after_acceleration_months",
                       "acceleration", acc)
    elif with_gc:
        sub = b.add("subrogation", "timeline.subrogation_after_acceleration_months",
                    "acceleration", acc)
        filing = b.add("auction_filing", "timeline.auction_filing_after_subrogation_months",
                       "subrogation", sub)
    else:
        notes.append("bank loan without a guarantee company: no 代位弁済; the bank files itself, "
                     "dated as if on the guarantee-company path (an assumption)")
        no_sub, _ = b.gap("timeline.subrogation_after_acceleration_months", acc)
        filing = b.add("auction_filing", "timeline.auction_filing_after_subrogation_months",
                       "acceleration + subrogation gap", no_sub)
    return acc, filing


def _auction(b: _Builder, filing: _Span, notes: list[str]) -> None:
    """開始決定 … 代金納付 and the delivery-order deadline, from the filing."""
    comm = b.add("commencement", "timeline.filing_to_commencement_days", "auction_filing", filing)
    b.add("site_inspection", "timeline.site_inspection_after_commencement_months",
          "commencement", comm)
    end = _bid_period(b, comm)
    opening = b.add("bid_opening", "timeline.bid_opening_within_days", "bid_period_end", end,
                    "dated at the legal limit (民事執行規則46条1項); the documents give no typical "
                    "gap")
    decision = b.add("sale_decision", "timeline.sale_decision_within_days", "bid_opening",
                     opening)
    decision_rule = b.book.at("timeline.sale_decision_within_days", opening.typical)
    if decision_rule.period.conflicts:
        notes.append(f"sale decision within {decision_rule.display()} of the opening "
                     f"(民事執行規則46条2項 as in force on the opening date); conflict: "
                     f"{decision_rule.period.conflicts}")
    final = b.add("sale_final", "timeline.appeal_days", "sale_decision", decision)
    payment = b.add("payment", "timeline.payment_deadline_months", "sale_final", final,
                    "dated at the deadline (民事執行規則56条1項); in practice 3–4 weeks after notice")
    _delivery_order(b, payment)


def _bid_period(b: _Builder, comm: _Span) -> _Span:
    """The bidding period's start (and the public notice before it); returns its end."""
    start, start_rule = b.gap("timeline.filing_to_bid_start_months", comm)
    b.spans["bid_period"] = start
    notice, notice_rule = b.gap("timeline.public_notice_before_bid_days", start, before=True)
    b.record("public_notice", notice, notice_rule.rule.kind.value,
             _step("public_notice", _LABELS["public_notice"][0], "bid_period", start, notice,
                   notice_rule, "the notice must appear at least this long before the bidding "
                                "period; a postponement can be asked for only before it"))
    period = b.rule("timeline.bid_period_days", start.typical).value
    period_lo = b.rule("timeline.bid_period_days", start.earliest).value
    period_hi = b.rule("timeline.bid_period_days", start.latest).value
    end = _Span(start.earliest + (period_lo["minimum_days"] - 1) * DAY,
                start.typical + (period["typical_days"] - 1) * DAY,
                add_months(start.latest, period_hi["maximum_months"]) - DAY)
    bid_uses = (RuleUse.of(start_rule), RuleUse.of(b.book.at("timeline.bid_period_days",
                                                             start.typical)))
    b.built.append(("bid_period", start_rule.rule.kind.value, Step(
        name="bid_period", label_ja=_LABELS["bid_period"][0],
        formula=f"commencement + {start_rule.display()}; the period lasts {period['typical_days']}日 "
                f"(民事執行規則46条1項: {period['minimum_days']}日以上{period['maximum_months']}か月以内)",
        inputs={"commencement": comm.typical.isoformat(), "start": start.typical.isoformat(),
                "end": end.typical.isoformat(), "earliest": start.earliest.isoformat(),
                "latest": start.latest.isoformat()},
        result=start.typical.isoformat(), rules=bid_uses,
        note="the rule's value counts from the commencement decision, not from the filing",
    )))
    return end


def _delivery_order(b: _Builder, payment: _Span) -> None:
    """The buyer's deadline for a delivery order (引渡命令), after the payment."""
    dl_normal = b.rule("timeline.delivery_order_months", payment.typical).value
    dl_grace = b.rule("timeline.delivery_order_months", payment.latest).value
    deliv = _Span(add_months(payment.earliest, dl_normal["normal"]),
                  add_months(payment.typical, dl_normal["normal"]),
                  add_months(payment.latest, dl_grace["with_grace"]))
    b.record("delivery_order", deliv, "law", Step(
        name="delivery_order", label_ja=_LABELS["delivery_order"][0],
        formula=f"payment + {dl_normal['normal']}か月 ({dl_grace['with_grace']}か月 where an occupant "
                "had the grace period; 民事執行法83条2項)",
        inputs={"payment": payment.typical.isoformat()}, result=deliv.typical.isoformat(),
        rules=(RuleUse.of(b.book.at("timeline.delivery_order_months", payment.typical)),),
        note="the buyer's deadline, after the sale: no amount owed is shown",
    ))


def _milestones(built: list[tuple[str, str, Step]], spans: dict[str, _Span], owed: OwedFn | None,
                acceleration: date, subrogation: date | None) -> tuple[Milestone, ...]:
    out: list[Milestone] = []
    for key, basis, step in built:
        span = spans[key]
        total = late = None
        if owed is not None and key != "delivery_order":
            t = span.typical
            total, late = owed(t, acceleration if t >= acceleration else None,
                               subrogation if subrogation is not None and t >= subrogation else None)
            step = Step(name=step.name, label_ja=step.label_ja, formula=step.formula,
                        inputs={**step.inputs, "owed": format_yen(total),
                                "late_charges": format_yen(late)},
                        result=step.result, rounding=step.rounding, rules=step.rules, note=step.note)
        out.append(Milestone(key=key, label_ja=_LABELS[key][0], label_en=_LABELS[key][1],
                             earliest=span.earliest, typical=span.typical, latest=span.latest,
                             basis=basis, step=step, owed=total, late_charges=late))
    out.sort(key=lambda m: m.typical)  # stable: same-day milestones keep the procedural order
    return tuple(out)


def _windows(b: _Builder, on: date, lender: LenderType, spans: dict[str, _Span],
             with_gc: bool) -> tuple[Window, ...]:
    """The options and the days they close: rescheduling, the housing clause, the short sale."""
    acc = spans["acceleration"]
    out = [_window(
        on, "rescheduling", "リスケ（返済条件の変更）", "Rescheduling with the lender",
        acc.typical - DAY, acc.latest - DAY,
        "期限の利益喪失（一括請求）の前日まで。喪失・代位弁済の後は元の分割返済には戻れないのが通例です。",
        "Until the day before acceleration; after acceleration and subrogation the original "
        "instalments are normally gone (practice, law-debt-divorce.md §4.6).",
        "market_practice")]
    out.append(_housing_clause(b, on, spans, with_gc))
    if lender is LenderType.JHF:
        out += _jhf_short_sale(on, spans)
    else:
        out += _bank_short_sale(on, spans)
    return tuple(out)


def _window(on: date, key: str, ja: str, en: str, closes: date, closes_latest: date | None,
            note_ja: str, note_en: str, basis: str) -> Window:
    return Window(key=key, label_ja=ja, label_en=en, closes=closes, closes_latest=closes_latest,
                  open_on=on, is_open=on <= closes, note_ja=note_ja, note_en=note_en,
                  basis=basis)


def _housing_clause(b: _Builder, on: date, spans: dict[str, _Span], with_gc: bool) -> Window:
    """住宅資金特別条項: within the months after 代位弁済 (if any), and before the home is sold."""
    payment = spans["payment"]
    if not with_gc:
        return _window(
            on, "housing_clause", "個人再生の住宅資金特別条項", "Personal rehabilitation keeping the home",
            payment.typical - DAY, payment.latest - DAY,
            "代位弁済がないので6か月の期限（198条2項）はかかりません。家が売れるまで（任意売却なら決済まで）。",
            "No subrogation, so the 6-month limit of 民再198条2項 does not apply; open until the home "
            "is sold (a short sale's settlement or the auction buyer's payment, 196条).", "law")
    sub = spans["subrogation"]
    months = b.rule("rehabilitation.housing_clause_window_months", sub.typical).value
    months_l = b.rule("rehabilitation.housing_clause_window_months", sub.latest).value
    # 民法140条・143条: the day of 代位弁済 is not counted; the period ends the day before the
    # corresponding day.
    return _window(
        on, "housing_clause", "個人再生の住宅資金特別条項", "Personal rehabilitation keeping the home",
        min(add_months(sub.typical + DAY, months) - DAY, payment.typical - DAY),
        min(add_months(sub.latest + DAY, months_l) - DAY, payment.latest - DAY),
        f"代位弁済から{months}か月以内に再生手続開始の申立てが必要（民事再生法198条2項・204条1項）。"
        "家が売れた後（任意売却の決済・競売の代金納付）は使えません（196条）。",
        f"The petition must be filed within {months} months of the guarantee company's payment "
        "(民再198条2項, 巻戻し 204条1項); impossible once the home is sold (settlement of a short "
        "sale or the auction buyer's payment, 196条).", "law")


def _jhf_short_sale(on: date, spans: dict[str, _Span]) -> list[Window]:
    """JHF: the request must come before it files for auction; that is also the last day."""
    filing, opening = spans["auction_filing"], spans["bid_opening"]
    jhf = _window(
        on, "jhf_short_sale", "任意売却（住宅金融支援機構）", "Short sale (JHF)",
        filing.typical - DAY, filing.latest - DAY,
        f"「任意売却に関する申出書」を競売申立の前に提出（早ければ {filing.earliest} に申立）。"
        "申立後は機構が任意売却に応じないことが多い（実務）。法律上の限界は開札期日の前日（民執76条）。",
        f"The 任意売却に関する申出書 must reach JHF before it files for auction (as early as "
        f"{filing.earliest}); after the filing JHF often refuses (practice, medium). The legal "
        f"limit would be the day before the opening, {opening.typical - DAY} (民執76条).",
        "market_practice")
    return [jhf, _window(on, "short_sale_last_day", "任意売却の最終日", "Last day for a short sale",
                         jhf.closes, jhf.closes_latest, jhf.note_ja, jhf.note_en, jhf.basis)]


def _bank_short_sale(on: date, spans: dict[str, _Span]) -> list[Window]:
    """A bank loan: the legal limit (the day before 開札) and the practical one (before bidding)."""
    filing, start, opening = spans["auction_filing"], spans["bid_period"], spans["bid_opening"]
    legal = _window(
        on, "bank_short_sale", "任意売却（法律上の期限）", "Short sale: legal limit",
        opening.typical - DAY, opening.latest - DAY,
        "開札で最高価買受申出人が決まると、債権者は単独で競売を取り下げられません（民執76条1項）。"
        "開札期日の前日までに決済（契約だけでなく）を終える必要があります。",
        "Once bids are opened the creditor cannot withdraw the auction alone (民執76条1項): the "
        "short sale must be settled, not only contracted, by the day before the opening.", "law")
    practical = _window(
        on, "bank_short_sale_practical", "任意売却（実務上の目安）", "Short sale: practical limit",
        start.typical - DAY, start.latest - DAY,
        "多くの債権者は期間入札の開始前の決済を求めます。保証会社が競売を申し立てる前に交渉を始めると"
        f"進めやすい（seed 004）。競売申立の目安は {filing.typical}。",
        "Many creditors want the settlement before the bidding period starts; talks are easier "
        f"before the guarantee company files for auction (seed 004), around {filing.typical}.",
        "market_practice")
    return [legal, practical,
            _window(on, "short_sale_last_day", "任意売却の最終日", "Last day for a short sale",
                    legal.closes, legal.closes_latest,
                    f"{legal.note_ja} 実務上は {practical.closes} まで。",
                    f"{legal.note_en} Practically by {practical.closes}.", legal.basis)]
