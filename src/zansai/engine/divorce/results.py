"""The results of 財産分与: each method's entitlements, the 代償金, the division, the scenarios.

Each result carries its own ``to_dict`` (the JSON keys keep their spelling: the 代償金 is
``"settlement"``) and the division its ``explain``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.messages import Labelled, Msg, msg
from zansai.model import ExitKey, OverloanView, PropertyDivisionMethod
from zansai.money import Yen
from zansai.trace import Explanation, RuleUse, Step, Text, text_dict


@dataclass(frozen=True, slots=True)
class MethodResult(Labelled):
    """One way of crediting separate money in the home, and what each spouse ends with."""

    key: PropertyDivisionMethod
    label: Msg
    """The method's name (``label_ja`` / ``label_en``)."""
    description: Text
    """What the method does."""
    separate_value: dict[str, Yen]
    """The contribution as counted, per spouse (1円未満切捨て; display only)."""
    entitlement: dict[str, Yen]
    """What each spouse ends with; negative = a burden (the article's 負担). Sums to the net estate."""
    steps: tuple[Step, ...]
    chosen: bool = False
    low_confidence: bool = False
    """Supported by a single informal source only (``confidence`` "low" in the JSON)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en, "label_id": self.label.id,
            "description": text_dict(self.description),
            "confidence": "low" if self.low_confidence else "medium",
            "separate_value": dict(self.separate_value), "entitlement": dict(self.entitlement),
            "chosen": self.chosen, "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True, slots=True)
class EqualizationPayment:
    """代償金: the payment that balances the division when one spouse keeps the home."""

    keeper: str
    payer: str | None
    """Who pays; None when nothing is divided (``ordered`` False)."""
    payee: str | None
    amount: Yen
    holds: dict[str, Yen]
    """What each spouse holds before the payment (the keeper holds the home as counted)."""
    warnings: tuple[Text, ...]
    step: Step
    ordered: bool = True
    """False when the net estate is zero or negative: nothing is divided, so no payment can be
    ordered and ``amount`` is 0 (docs/sources/law-debt-divorce.md §7.4)."""

    def to_dict(self) -> dict[str, Any]:
        return {"keeper": self.keeper, "payer": self.payer, "payee": self.payee,
                "amount": self.amount, "ordered": self.ordered, "holds": dict(self.holds),
                "warnings": [text_dict(t) for t in self.warnings], "why": self.step.to_dict()}


@dataclass(frozen=True, slots=True)
class PropertyDivision:
    """財産分与 of the home and the other marital property, every method side by side."""

    spouses: tuple[str, str]
    method: PropertyDivisionMethod
    """The chosen method."""
    overloan: OverloanView | None
    """The overloan view used; None when the home is not overloan (the views agree)."""
    methods: tuple[MethodResult, ...]
    """Every method, the chosen one first."""
    home_equity: Yen
    """E: 時価 − ローン残高 (or the exit's result)."""
    counted_home_equity: Yen
    """E': E, or 0 when 除外説 leaves an overloan home out."""
    other_net: Yen
    """O: marital assets − marital debts."""
    net_estate: Yen
    """N = E' + O."""
    shares: dict[str, Fraction]
    claim_years: int
    claim_deadline: date | None
    """Last day to ask the family court; None when the divorce date is not known."""
    claim_rule: RuleUse
    equalization_payment: EqualizationPayment | None
    """代償金 when ``divorce.keeper`` keeps the home."""
    spread: dict[str, Yen]
    """Per spouse: max − min entitlement across the methods."""
    warnings: tuple[Text, ...]
    notes: tuple[Text, ...]
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]
    other_view: PropertyDivision | None = None
    """The same division under the other overloan view (shown whenever the home is overloan)."""
    divided: bool = True
    """False when the net estate N ≤ 0: there is nothing positive to divide, nobody can be ordered
    to pay anybody, and the entitlements are only the burden split the couple may agree on."""

    @property
    def chosen(self) -> MethodResult:
        return self.methods[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "spouses": list(self.spouses), "method": self.method,
            "overloan": self.overloan.value if self.overloan else None,
            "chosen": self.chosen.to_dict(),
            "methods": [m.to_dict() for m in self.methods],
            "home_equity": self.home_equity, "counted_home_equity": self.counted_home_equity,
            "other_net": self.other_net, "net_estate": self.net_estate, "divided": self.divided,
            "shares": {k: str(v) for k, v in self.shares.items()},
            "claim_years": self.claim_years,
            "claim_deadline": self.claim_deadline.isoformat() if self.claim_deadline else None,
            "claim_rule": self.claim_rule.ref(),
            "settlement": self.equalization_payment.to_dict() if self.equalization_payment else None,
            "spread": dict(self.spread), "warnings": [text_dict(t) for t in self.warnings],
            "notes": [text_dict(t) for t in self.notes], "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
            "other_view": self.other_view.summary() if self.other_view else None,
        }

    def summary(self) -> dict[str, Any]:
        """The division in brief: view, method, estate and each spouse's entitlement under
        every method (the full breakdown is in ``to_dict``)."""
        return {
            "method": self.method, "overloan": self.overloan.value if self.overloan else None,
            "home_equity": self.home_equity, "counted_home_equity": self.counted_home_equity,
            "other_net": self.other_net, "net_estate": self.net_estate, "divided": self.divided,
            "entitlement": dict(self.chosen.entitlement),
            "methods": {m.key.value: dict(m.entitlement) for m in self.methods},
            "warnings": [text_dict(t) for t in self.warnings], "notes": [text_dict(t) for t in self.notes],
        }

    def explain(self) -> Explanation:
        title = msg("divorce.division.title")
        return Explanation(title=f"{title.ja} / {title.en}", steps=self.steps,
                           notes=tuple(f"{ja} / {en}" for ja, en in self.warnings + self.notes))


@dataclass(frozen=True, slots=True)
class SpouseOutcome:
    """What one spouse ends with in a scenario, and what the lenders can still claim."""

    entitlement: Yen
    """The economic result of the division under the chosen method."""
    equalization_payment: Yen
    """代償金・精算金 paid between the spouses: + receives, − pays; 0 when nothing is divided
    (net estate ≤ 0)."""
    lender_can_claim: Yen
    """Legal exposure to the home's lenders: a debtor or guarantor can be billed the whole
    remaining debt of the loan, whatever the couple agreed (§8)."""
    keeps_home: bool
    holds: Yen = 0
    """What the spouse holds after the exit, before the equalization payment."""
    excluded_debt: Yen = 0
    """Home debt left with this spouse outside the division (除外説), ≤ 0."""
    notes: tuple[Text, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"entitlement": self.entitlement, "settlement": self.equalization_payment,
                "lender_can_claim": self.lender_can_claim, "keeps_home": self.keeps_home,
                "holds": self.holds, "excluded_debt": self.excluded_debt,
                "notes": [text_dict(t) for t in self.notes]}


@dataclass(frozen=True, slots=True)
class Scenario(Labelled):
    """The division under one way the home ends: sold, sold short, or kept by one spouse."""

    key: str
    label: Msg
    """The scenario's name (``label_ja`` / ``label_en``)."""
    outcomes: dict[str, SpouseOutcome]
    warnings: tuple[Text, ...]
    property_division: PropertyDivision
    notes: tuple[Text, ...] = ()
    exit: ExitKey | None = None
    """The plan's exit key (sell, short_sale); None when a spouse keeps the home."""


    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
                "label_id": self.label.id, "exit": self.exit,
                "outcomes": {k: v.to_dict() for k, v in self.outcomes.items()},
                "warnings": [text_dict(t) for t in self.warnings],
                "notes": [text_dict(t) for t in self.notes], "division": self.property_division.summary()}


