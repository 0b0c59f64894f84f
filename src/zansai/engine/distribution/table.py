"""The 配分表's types: the parties, the liens' claims, its lines and the table lenders read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zansai.model import DistributionMode, Item
from zansai.model.checks import require_yen
from zansai.money import Rounding, Yen
from zansai.trace import Explanation, RuleUse, Step

FLOOR = Rounding.FLOOR.label()


class Party(StrEnum):
    SALE_COSTS = "sale_costs"
    LENDER = "lender"
    """The first (senior-most) mortgage lender."""
    JUNIOR_LIENHOLDER = "junior_lienholder"
    TAX_OFFICE = "tax_office"
    """A tax seizure (差押) lien, or unpaid taxes without a seizure."""
    ASSOCIATION = "association"
    """管理組合: unpaid management fees and repair reserve."""
    SELLER = "seller"


class LineName(StrEnum):
    """The fixed names of 配分表 lines (the others are lienholders' names and cost keys)."""

    PROCEEDS = "proceeds"
    """売主手取り: what is left for the seller."""
    MOVING_ALLOWANCE = "moving_allowance"
    """引越費用 paid to the seller out of a short-sale price, when the lender allows it."""
    ASSOCIATION = "association"
    """滞納管理費・修繕積立金."""
    UNPAID_TAXES = "unpaid_taxes"
    """滞納税 without a seizure."""


_CLAIM_PARTIES = frozenset({Party.LENDER, Party.JUNIOR_LIENHOLDER, Party.TAX_OFFICE, Party.ASSOCIATION})


@dataclass(frozen=True, slots=True)
class LienClaim:
    """A lien on the home and what its holder is owed on the settlement date."""

    rank: int
    holder: str
    claim: Yen
    principal: Yen
    """Remaining principal (残元金), for the 1割 test of the release fee."""
    is_tax_seizure: bool = False

    def __post_init__(self) -> None:
        require_yen(f"liens[{self.rank}].claim", self.claim)
        require_yen(f"liens[{self.rank}].principal", self.principal)


@dataclass(frozen=True, slots=True)
class Line:
    """One row of the 配分表."""

    party: Party
    name: str
    label_ja: str
    label_en: str
    claim: Yen
    paid: Yen
    step: Step | None
    rank: int | None = None
    deduction: Yen = 0
    """Part of ``paid`` deducted before the first lender in a short sale (控除額)."""

    @property
    def shortfall(self) -> Yen:
        """What stays owed (claim − paid); 0 for cost and seller rows."""
        return self.claim - self.paid if self.party in _CLAIM_PARTIES else 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "party": self.party.value, "name": self.name, "label_ja": self.label_ja,
            "label_en": self.label_en, "claim": self.claim, "paid": self.paid,
            "shortfall": self.shortfall, "deduction": self.deduction, "rank": self.rank,
        }
        if self.step is not None:
            out["why"] = self.step.to_dict()
        return out


def _row(label_ja: str, label_en: str, amount: Yen, note: str = "") -> dict[str, Any]:
    return {"label_ja": label_ja, "label_en": label_en, "amount": amount, "note": note}


@dataclass(frozen=True, slots=True)
class Distribution:
    """The 配分表 of one sale price."""

    price: Yen
    mode: DistributionMode
    lines: tuple[Line, ...]
    warnings: tuple[tuple[str, str], ...]
    rules_used: tuple[RuleUse, ...]
    out_of_pocket: tuple[Item, ...] = field(default=())
    """Costs the seller pays from other money, outside the price (short sale)."""

    @property
    def paid_total(self) -> Yen:
        return sum(line.paid for line in self.lines)

    @property
    def remaining_debt(self) -> Yen:
        """Σ claim − paid over the claim rows (残債 after settlement)."""
        return sum(line.shortfall for line in self.lines)

    def paid_to(self, party: Party, name: str | None = None) -> Yen:
        return sum(ln.paid for ln in self.lines if ln.party is party and name in (None, ln.name))

    def _first_lender(self) -> Line | None:
        return next((ln for ln in self.lines if ln.party is Party.LENDER), None)

    def table(self) -> list[dict[str, Any]]:
        """The 配分表 rows in the order lenders lay them out."""
        rows = [_row("売買代金", "Sale price", self.price)]
        liens = [ln for ln in self.lines if ln.rank is not None]
        if self.mode is DistributionMode.SHORT_SALE:
            rows += self._deduction_rows()
            first = self._first_lender()
            if first is not None:
                rows.append(_row(f"第{first.rank}順位 返済額（{first.name}）",
                                 f"Repaid to the first lender ({first.name})", first.paid,
                                 "控除後の残額 / price less deductions, up to the claim"))
            for ln in self.lines:
                extra = ln.paid - ln.deduction
                if ln.party is not Party.SELLER and ln is not first and extra > 0:
                    rows.append(_row(f"{ln.label_ja} 返済額", f"{ln.label_en}: repaid", extra,
                                     "第1順位の完済後の残余 / surplus after the first lender"))
        else:
            rows += [_row(ln.label_ja, ln.label_en, ln.paid, "優先順位どおり / by priority")
                     for ln in self.lines if ln.party is not Party.SELLER]
        for ln in liens:
            rows.append(_row(f"{ln.label_ja} 残債", f"{ln.label_en}: remaining debt", ln.shortfall,
                             "請求額 − 配分額 / claim − paid"))
        rows += [_row(f"{ln.label_ja} 残", f"{ln.label_en}: still unpaid", ln.shortfall,
                      "請求額 − 配分額 / claim − paid")
                 for ln in self.lines if ln.rank is None and ln.shortfall > 0]
        rows.append(_row("売主手取り", "Seller's proceeds", self.paid_to(Party.SELLER, LineName.PROCEEDS)))
        rows += [_row(f"別途 売主負担: {it.label_ja}", f"Paid by the seller separately: {it.label_en}",
                      it.amount, "売買代金からは控除されない / not taken from the price")
                 for it in self.out_of_pocket]
        return rows

    def _deduction_rows(self) -> list[dict[str, Any]]:
        costs = [ln for ln in self.lines if ln.party is Party.SALE_COSTS]
        junior = [ln for ln in self.lines if ln.party is Party.JUNIOR_LIENHOLDER]
        assoc = [ln for ln in self.lines if ln.party is Party.ASSOCIATION]
        seizures = [ln for ln in self.lines if ln.party is Party.TAX_OFFICE and ln.rank is not None]
        moving = [ln for ln in self.lines
                  if ln.party is Party.SELLER and ln.name == LineName.MOVING_ALLOWANCE]
        rows = [_row(ln.label_ja, ln.label_en, ln.deduction,
                     ln.step.formula if ln.step and ln.step.rules else "全額控除 / deducted in full")
                for ln in costs]
        rows += [_row(f"第{ln.rank}順位 抹消承諾料（{ln.name}）",
                      f"Release fee to the rank-{ln.rank} lienholder ({ln.name})", ln.deduction,
                      "min(上限, 残元金×割合) / min(cap, principal × ratio)") for ln in junior]
        rows += [_row("滞納管理費等", "Unpaid condominium fees", ln.deduction,
                      "直近の年数分まで / up to the allowed years") for ln in assoc]
        first_rank = next((ln.rank or 0 for ln in self.lines if ln.party is Party.LENDER), 0)
        rows += [_row(f"差押解除費用（{ln.name}）", f"Release of the tax seizure ({ln.name})", ln.deduction,
                      "優先税: 全額 / tax with priority: in full" if (ln.rank or 0) < first_rank
                      else "min(上限, 固都税1年分) / min(cap, one year of property tax)")
                 for ln in seizures]
        rows += [_row("引越費用", "Moving allowance", ln.deduction,
                      "金融機関の同意が必要 / lender must agree") for ln in moving]
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "price": self.price,
            "mode": self.mode,
            "paid_total": self.paid_total,
            "remaining_debt": self.remaining_debt,
            "lines": [ln.to_dict() for ln in self.lines],
            "table": self.table(),
            "out_of_pocket": [it.to_dict() for it in self.out_of_pocket],
            "warnings": [{"ja": ja, "en": en} for ja, en in self.warnings],
            "rules_used": [r.ref() for r in self.rules_used],
        }

    def explain(self) -> Explanation:
        title = {DistributionMode.SHORT_SALE: "配分表（任意売却） / distribution of a short sale",
                 DistributionMode.AUCTION: "配当（競売） / distribution of an auction"}.get(
                     self.mode, "配分表（通常売却） / distribution of a normal sale")
        steps = tuple(s for s in [*(ln.step for ln in self.lines), *(it.step for it in self.out_of_pocket)]
                      if s is not None)
        return Explanation(title=title, steps=steps,
                           notes=tuple(f"{ja} / {en}" for ja, en in self.warnings))
