"""From the first missed payment to the auction, and the options that close on the way.

滞納 → 督促 → 信用情報の異動 → 期限の利益喪失 → 代位弁済 → 競売申立 → 開始決定 → 現況調査 → 公告
→ 入札期間 → 開札 → 売却決定期日 → 確定 → 代金納付 → 引渡命令. Every gap is a rule: ``typical``
uses its value, ``earliest`` its low end and ``latest`` its high end (a legal limit with no range
shifts all three by the limit). The windows (リスケ, 住宅資金特別条項, 任意売却) close on these dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from zansai.dates import add_months
from zansai.engine.owed import OwedFn
from zansai.errors import DomainError
from zansai.messages import Labelled, Msg, msg
from zansai.model import LenderType
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.rules.book import Period, Resolved
from zansai.trace import Explanation, RuleUse, Step, Text, explaining, text_dict

if TYPE_CHECKING:
    from zansai.engine.timeline_court import CourtStages, CourtTimeline, CourtTiming

DAY = timedelta(days=1)


def _shift(d: date, n: int, unit: str) -> date:
    return add_months(d, n) if unit == "months" else d + timedelta(days=n)


@dataclass(frozen=True, slots=True)
class Milestone(Labelled):
    """One event on the way to the auction, with its estimated dates and what is owed then."""

    key: str
    label: Text
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
            "label_id": _id(self.label), "earliest": self.earliest.isoformat(),
            "typical": self.typical.isoformat(),
            "latest": self.latest.isoformat() if self.latest else None, "basis": self.basis,
            "owed": self.owed, "late_charges": self.late_charges, "why": self.step.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Window(Labelled):
    """An option that stays open until ``closes`` (its last day, inclusive)."""

    key: str
    label: Text
    closes: date
    closes_latest: date | None
    open_on: date
    """The calculation date ``is_open`` refers to."""
    is_open: bool
    note: Text
    """What the window is and why it closes when it does."""
    basis: str


    @property
    def note_ja(self) -> str:
        return self.note[0]

    @property
    def note_en(self) -> str:
        return self.note[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
            "label_id": _id(self.label), "closes": self.closes.isoformat(),
            "closes_latest": self.closes_latest.isoformat() if self.closes_latest else None,
            "open_on": self.open_on.isoformat(), "is_open": self.is_open,
            "note_ja": self.note_ja, "note_en": self.note_en, "note_id": _id(self.note),
            "basis": self.basis,
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    first_missed: date
    hypothetical: bool
    lender: LenderType
    milestones: tuple[Milestone, ...]
    windows: tuple[Window, ...]
    rules_used: tuple[RuleUse, ...]
    notes: tuple[Text, ...]
    court: CourtTimeline | None = None
    """A located home: the court's published duration and how it dated the auction (or 不明)."""

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
            "rules": [r.ref() for r in self.rules_used],
            "notes": [text_dict(n) for n in self.notes],
        } | ({} if self.court is None else {"court": self.court.to_dict()})

    def explain(self) -> Explanation:
        steps = [m.step for m in self.milestones]
        steps += [Step(
            name=f"window.{w.key}", label=w.label,
            formula=f"open while on ≤ {w.closes.isoformat()}", inputs={"on": w.open_on.isoformat()},
            result="open" if w.is_open else "closed", note=w.note,
        ) for w in self.windows]
        ja, en = msg("timeline.notes.title")
        return Explanation(title=f"{ja} / {en}", steps=tuple(steps),
                           notes=tuple(f"{n[0]} / {n[1]}" for n in self.notes))


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
        typ = self.rule(key, prev.typical)
        unit = typ.rule.unit
        # A span from one known day (the first missed payment, a given filing) reads the rule once.
        first = typ.period if prev.earliest == prev.typical else self.rule(key, prev.earliest).period
        last = typ.period if prev.latest == prev.typical else self.rule(key, prev.latest).period

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
            note: Text | None = None) -> _Span:
        """The milestone ``key``, dated by ``rule`` after ``prev``."""
        span, resolved = self.gap(rule, prev)
        self.record(key, span, resolved.rule.kind.value,
                    _step(key, _LABELS[key], prev_key, prev, span, resolved, note))
        return span


def _step(key: str, label: Text, prev: str, prev_span: _Span, span: _Span,
          resolved: Resolved, note: Text | None = None) -> Step:
    if not explaining():
        return Step.bare(key, (RuleUse.of(resolved),))
    conflicts = resolved.period.conflicts
    if conflicts:
        note = msg("timeline.notes.with_conflict", base=note, conflicts=conflicts) if note else \
            (conflicts, conflicts)
    gap = resolved.display()
    return Step(
        name=key, label=label,
        formula=f"{prev} {'−' if span.typical < prev_span.typical else '+'} {gap}",
        inputs={prev: prev_span.typical.isoformat(), "gap": gap,
                "earliest": span.earliest.isoformat(), "latest": span.latest.isoformat()},
        result=span.typical.isoformat(), rules=(RuleUse.of(resolved),),
        note=note,
    )


_LABELS: dict[str, Text] = {
    "reminders": msg("timeline.milestones.reminders"),
    "credit_record": msg("timeline.milestones.credit_record"),
    "acceleration": msg("timeline.milestones.acceleration"),
    "subrogation": msg("timeline.milestones.subrogation"),
    "auction_filing": msg("timeline.milestones.auction_filing"),
    "commencement": msg("timeline.milestones.commencement"),
    "site_inspection": msg("timeline.milestones.site_inspection"),
    "public_notice": msg("timeline.milestones.public_notice"),
    "bid_period": msg("timeline.milestones.bid_period"),
    "bid_opening": msg("timeline.milestones.bid_opening"),
    "sale_decision": msg("timeline.milestones.sale_decision"),
    "sale_final": msg("timeline.milestones.sale_final"),
    "payment": msg("timeline.milestones.payment"),
    "delivery_order": msg("timeline.milestones.delivery_order"),
}


def delinquency_timeline(first_missed: date, *, on: date, book: RuleBook,
                         lender: LenderType = LenderType.BANK, guarantor_company: bool = True,
                         hypothetical: bool = False, owed: OwedFn | None = None,
                         filed_on: date | None = None, court: CourtTiming | None = None) -> Timeline:
    """The timeline from ``first_missed`` (or, ``hypothetical``, the next due date as a what-if).

    ``owed(on, acceleration, subrogation) -> (total, late charges)`` fills each milestone's
    amounts at its typical date, so the report shows what waiting costs. ``filed_on``: the
    競売申立 is known (the case file gives it); the court's steps then run from it. ``court``:
    the court of a located home; its published months from filing to distribution date the
    auction where there are some (``timeline_court``), else a note says they are 不明.
    """
    _check(first_missed, on=on, lender=lender, hypothetical=hypothetical)
    jhf = lender is LenderType.JHF
    with_gc = guarantor_company and not jhf
    b = _Builder(book)
    notes: list[Text] = []
    if hypothetical:
        notes.append(msg("timeline.notes.hypothetical", due=first_missed))
    acc, filing = _to_filing(b, first_missed, jhf=jhf, with_gc=with_gc, notes=notes)
    if filed_on is not None:
        filing = _given_filing(b, filed_on, acc, hypothetical=hypothetical)
    court_result = _auction(b, filing, notes, court)
    spans = b.spans
    milestones = _milestones(b.built, spans, owed, acc.typical,
                             spans["subrogation"].typical if "subrogation" in spans else None)
    windows = _windows(b, on, lender, spans, with_gc)
    if owed is not None:
        notes.append(msg("timeline.notes.owed_at_typical"))
    return Timeline(first_missed=first_missed, hypothetical=hypothetical, lender=lender,
                    milestones=milestones, windows=windows, rules_used=tuple(b.used.values()),
                    notes=tuple(notes), court=court_result)


def _check(first_missed: date, *, on: date, lender: LenderType, hypothetical: bool) -> None:
    """The original lender is named, and a future missed payment is marked hypothetical."""
    if lender is LenderType.GUARANTOR_COMPANY:
        raise DomainError.invalid("loan.lender", lender.value, msg("timeline.errors.original_lender"))
    if first_missed > on and not hypothetical:
        raise DomainError.invalid(
            "loan.first_missed", first_missed.isoformat(), msg("timeline.errors.future_missed", on=on))


def _to_filing(b: _Builder, first_missed: date, *, jhf: bool, with_gc: bool,
               notes: list[Text]) -> tuple[_Span, _Span]:
    """督促, 信用情報, 期限の利益喪失, 代位弁済 (if any), 競売申立: (acceleration, filing)."""
    f = _Span(first_missed, first_missed, first_missed)
    b.add("reminders", "timeline.reminder_months", "first_missed", f,
          msg("timeline.notes.late_charges_run"))
    b.add("credit_record", "credit_record.cic_delinquency_days", "first_missed", f)
    acc_rule = "timeline.jhf_acceleration_months" if jhf else "timeline.bank_acceleration_months"
    acc = b.add("acceleration", acc_rule, "first_missed", f,
                None if jhf else msg("timeline.notes.acceleration_range"))
    if jhf:
        notes.append(msg("timeline.notes.jhf_no_subrogation"))
        filing = b.add("auction_filing", "timeline.jhf_auction_filing_after_acceleration_months",
                       "acceleration", acc)
    elif with_gc:
        sub = b.add("subrogation", "timeline.subrogation_after_acceleration_months",
                    "acceleration", acc)
        filing = b.add("auction_filing", "timeline.auction_filing_after_subrogation_months",
                       "subrogation", sub)
    else:
        notes.append(msg("timeline.notes.no_guarantee_company"))
        no_sub, _ = b.gap("timeline.subrogation_after_acceleration_months", acc)
        filing = b.add("auction_filing", "timeline.auction_filing_after_subrogation_months",
                       "acceleration + subrogation gap", no_sub)
    return acc, filing


def _given_filing(b: _Builder, filed_on: date, acc: _Span, *, hypothetical: bool) -> _Span:
    """競売申立 on a known date: it replaces the estimate, and cannot come before the
    acceleration (期限の利益喪失) the claims are computed with, nor without a missed payment."""
    if hypothetical:
        raise DomainError.invalid("auction.filing_date", filed_on.isoformat(),
                                  msg("auction.errors.filing_without_default"))
    if filed_on < acc.typical:
        raise DomainError.invalid("auction.filing_date", filed_on.isoformat(),
                                  msg("auction.errors.filing_before_acceleration",
                                      acceleration=acc.typical))
    estimated = b.spans["auction_filing"]
    span = _Span(filed_on, filed_on, filed_on)
    b.built = [entry for entry in b.built if entry[0] != "auction_filing"]
    b.record("auction_filing", span, "given", Step(
        name="auction_filing", label=_LABELS["auction_filing"], formula="the filing date given",
        inputs={"filing_date": filed_on.isoformat(), "estimate": estimated.typical.isoformat()},
        result=filed_on.isoformat(), note=msg("auction.notes.filing_given", estimate=estimated.typical)))
    return span


def _auction(b: _Builder, filing: _Span, notes: list[Text],
             court: CourtTiming | None = None) -> CourtTimeline | None:
    """開始決定 … 代金納付 and the delivery-order deadline, from the filing (the practice stages
    on the court's published months where there are some: ``timeline_court``)."""
    stages = result = None
    if court is not None:  # a located home only: the national path imports nothing more
        from zansai.engine.timeline_court import court_stages

        national = _Builder(b.book)  # the national dates, for the proportions
        _auction(national, filing, [])
        b.used.update(national.used)
        stages, result = court_stages(b, filing, court, national.spans, _LABELS)
        notes.extend(result.notes)
    if stages is None:
        comm = b.add("commencement", "timeline.filing_to_commencement_days", "auction_filing", filing)
        b.add("site_inspection", "timeline.site_inspection_after_commencement_months",
              "commencement", comm)
    else:
        comm = b.spans["commencement"]
    end = _bid_period(b, comm, stages)
    opening = b.add("bid_opening", "timeline.bid_opening_within_days", "bid_period_end", end,
                    msg("timeline.notes.bid_opening"))
    decision = b.add("sale_decision", "timeline.sale_decision_within_days", "bid_opening",
                     opening)
    decision_rule = b.book.at("timeline.sale_decision_within_days", opening.typical)
    if decision_rule.period.conflicts:
        notes.append(msg("timeline.notes.sale_decision_conflict", gap=decision_rule.display(),
                         conflicts=decision_rule.period.conflicts))
    final = b.add("sale_final", "timeline.appeal_days", "sale_decision", decision)
    payment = b.add("payment", "timeline.payment_deadline_months", "sale_final", final,
                    msg("timeline.notes.payment"))
    _delivery_order(b, payment)
    return result if stages is None or result is None else result.with_distribution(b, payment.typical)


def _bid_period(b: _Builder, comm: _Span, court: CourtStages | None = None) -> _Span:
    """The bidding period's start (and the public notice before it); returns its end. ``court``:
    the start on the court's months instead of the national practice rule."""
    start, start_rule = b.gap("timeline.filing_to_bid_start_months", comm)
    start_formula = f"commencement + {start_rule.display()}"
    note: Text = msg("timeline.notes.bid_period")
    if court is not None:
        start, start_formula = court.bid_start, court.formula
        note = court.note
    b.spans["bid_period"] = start
    notice, notice_rule = b.gap("timeline.public_notice_before_bid_days", start, before=True)
    b.record("public_notice", notice, notice_rule.rule.kind.value,
             _step("public_notice", _LABELS["public_notice"], "bid_period", start, notice,
                   notice_rule, msg("timeline.notes.public_notice")))
    period = b.rule("timeline.bid_period_days", start.typical).value
    period_lo = b.rule("timeline.bid_period_days", start.earliest).value
    period_hi = b.rule("timeline.bid_period_days", start.latest).value
    end = _Span(start.earliest + (period_lo["minimum_days"] - 1) * DAY,
                start.typical + (period["typical_days"] - 1) * DAY,
                add_months(start.latest, period_hi["maximum_months"]) - DAY)
    bid_uses = (RuleUse.of(start_rule), RuleUse.of(b.book.at("timeline.bid_period_days",
                                                             start.typical)))
    b.built.append(("bid_period", start_rule.rule.kind.value, Step(
        name="bid_period", label=_LABELS["bid_period"],
        formula=f"{start_formula}; the period lasts {period['typical_days']}日 "
                f"(民事執行規則46条1項: {period['minimum_days']}日以上{period['maximum_months']}か月以内)",
        inputs={"commencement": comm.typical.isoformat(), "start": start.typical.isoformat(),
                "end": end.typical.isoformat(), "earliest": start.earliest.isoformat(),
                "latest": start.latest.isoformat()},
        result=start.typical.isoformat(), rules=bid_uses, note=note,
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
        name="delivery_order", label=_LABELS["delivery_order"],
        formula=f"payment + {dl_normal['normal']}か月 ({dl_grace['with_grace']}か月 where an occupant "
                "had the grace period; 民事執行法83条2項)",
        inputs={"payment": payment.typical.isoformat()}, result=deliv.typical.isoformat(),
        rules=(RuleUse.of(b.book.at("timeline.delivery_order_months", payment.typical)),),
        note=msg("timeline.notes.delivery_order"),
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
            if explaining():  # the step was built for this timeline alone: amounts in place
                step.inputs["owed"] = format_yen(total)
                step.inputs["late_charges"] = format_yen(late)
        out.append(Milestone(key=key, label=_LABELS[key],
                             earliest=span.earliest, typical=span.typical, latest=span.latest,
                             basis=basis, step=step, owed=total, late_charges=late))
    out.sort(key=lambda m: m.typical)  # stable: same-day milestones keep the procedural order
    return tuple(out)


def _windows(b: _Builder, on: date, lender: LenderType, spans: dict[str, _Span],
             with_gc: bool) -> tuple[Window, ...]:
    """The options and the days they close: rescheduling, the housing clause, the short sale."""
    acc = spans["acceleration"]
    out = [_window(on, "rescheduling", acc.typical - DAY, acc.latest - DAY,
                   msg("timeline.windows.notes.rescheduling"), "market_practice")]
    out.append(_housing_clause(b, on, spans, with_gc))
    if lender is LenderType.JHF:
        out += _jhf_short_sale(on, spans)
    else:
        out += _bank_short_sale(on, spans)
    return tuple(out)


def _window(on: date, key: str, closes: date, closes_latest: date | None, note: Text, basis: str,
            label: Text | None = None) -> Window:
    return Window(key=key, label=label or _WINDOWS[key], closes=closes, closes_latest=closes_latest,
                  open_on=on, is_open=on <= closes, note=note, basis=basis)


def _housing_clause(b: _Builder, on: date, spans: dict[str, _Span], with_gc: bool) -> Window:
    """住宅資金特別条項: within the months after 代位弁済 (if any), and before the home is sold."""
    payment = spans["payment"]
    if not with_gc:
        return _window(on, "housing_clause", payment.typical - DAY, payment.latest - DAY,
                       msg("timeline.windows.notes.housing_clause_no_subrogation"), "law")
    sub = spans["subrogation"]
    months = b.rule("rehabilitation.housing_clause_window_months", sub.typical).value
    months_l = b.rule("rehabilitation.housing_clause_window_months", sub.latest).value
    # 民法140条・143条: the day of 代位弁済 is not counted; the period ends the day before the
    # corresponding day.
    return _window(
        on, "housing_clause",
        min(add_months(sub.typical + DAY, months) - DAY, payment.typical - DAY),
        min(add_months(sub.latest + DAY, months_l) - DAY, payment.latest - DAY),
        msg("timeline.windows.notes.housing_clause", months=months), "law")


def _jhf_short_sale(on: date, spans: dict[str, _Span]) -> list[Window]:
    """JHF: the request must come before it files for auction; that is also the last day."""
    filing, opening = spans["auction_filing"], spans["bid_opening"]
    jhf = _window(on, "jhf_short_sale", filing.typical - DAY, filing.latest - DAY,
                  msg("timeline.windows.notes.jhf_short_sale", earliest=filing.earliest,
                      last_legal=opening.typical - DAY), "market_practice")
    return [jhf, _window(on, "short_sale_last_day", jhf.closes, jhf.closes_latest, jhf.note, jhf.basis)]


def _bank_short_sale(on: date, spans: dict[str, _Span]) -> list[Window]:
    """A bank loan: the legal limit (the day before 開札) and the practical one (before bidding)."""
    filing, start, opening = spans["auction_filing"], spans["bid_period"], spans["bid_opening"]
    legal = _window(on, "bank_short_sale", opening.typical - DAY, opening.latest - DAY,
                    msg("timeline.windows.notes.bank_short_sale"), "law")
    practical = _window(on, "bank_short_sale_practical", start.typical - DAY, start.latest - DAY,
                        msg("timeline.windows.notes.bank_short_sale_practical", filing=filing.typical),
                        "market_practice")
    last = msg("timeline.windows.notes.last_day", legal=legal.note, practical=practical.closes)
    return [legal, practical,
            _window(on, "short_sale_last_day", legal.closes, legal.closes_latest, last, legal.basis)]


_WINDOWS: dict[str, Text] = {
    "rescheduling": msg("timeline.windows.rescheduling"),
    "housing_clause": msg("timeline.windows.housing_clause"),
    "jhf_short_sale": msg("timeline.windows.jhf_short_sale"),
    "short_sale_last_day": msg("timeline.windows.short_sale_last_day"),
    "bank_short_sale": msg("timeline.windows.bank_short_sale"),
    "bank_short_sale_practical": msg("timeline.windows.bank_short_sale_practical"),
}


def _id(text: Text) -> str | None:
    return text.id if isinstance(text, Msg) else None
