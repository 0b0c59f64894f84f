"""売却の余剰金: what an exit's sale leaves over after every lien and cost, as the debtor's cash.

The money the sale hands the sellers belongs to the owners by their shares. The routes count the
debtor's part as cash: in the 清算価値 of a 個人再生 (民再174条2項4号, 230条, 241条2項2号) and in the
振り分け and the free cash of a 自己破産 (破産法34条3項1号).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from zansai.messages import Msg, msg
from zansai.model import Person
from zansai.money import Rounding, Yen, format_yen, round_div
from zansai.trace import RuleUse, Step, Text

SURPLUS_KEY = "sale_surplus"
"""The surplus's key among the asset categories of the 清算価値 and the 破産 振り分け."""


@dataclass(frozen=True, slots=True)
class SaleSurplus:
    """The surplus of the exit whose debt the routes settle, and whose part of it is the debtor's."""

    exit: str
    """The exit's key (``ExitKey`` value)."""
    exit_label: Text
    total: Yen
    """What the sale leaves the sellers (``ExitResult.surplus``)."""
    share: Fraction
    """The debtor's ownership share of the home."""
    shares_known: bool
    """False: no ownership share was entered, so the whole surplus is counted as the debtor's."""

    def part(self, rounding: Rounding) -> Yen:
        """The debtor's part: total × share, rounded as named (a floor's part: up)."""
        return round_div(self.total * self.share.numerator, self.share.denominator, rounding)

    @property
    def share_text(self) -> str:
        return f"{self.share.numerator}/{self.share.denominator}"

    def source_note(self) -> Msg:
        """Where the figure comes from: the exit, its surplus and the debtor's share."""
        return msg("residual_surplus.surplus.source" if self.shares_known
                   else "residual_surplus.surplus.source_no_shares", exit=self.exit_label,
                   total=self.total, share=self.share_text)

    def step(self, rounding: Rounding, rules: tuple[RuleUse, ...]) -> Step:
        """The workings' own line for the surplus: the exit it comes from, the share, the part."""
        return Step(name="residual.sale_surplus", label=msg("residual_surplus.surplus.label"),
                    formula="debtor's part = sale surplus × debtor's ownership share",
                    inputs={"exit": self.exit, "surplus": format_yen(self.total), "share": self.share_text},
                    result=format_yen(self.part(rounding)), rounding=rounding.label(), rules=rules,
                    note=self.source_note())


def sale_surplus(exit_key: str, exit_label: Text, total: Yen, people: Sequence[Person],
                 debtor: str) -> SaleSurplus | None:
    """The surplus ``total`` with ``debtor``'s ownership share; None when the sale left nothing.

    With no share entered for anyone, the whole surplus is counted as the debtor's (and the result
    says so): a floor must not be understated by a guess.
    """
    if total <= 0:
        return None
    known = any(p.ownership_share > 0 for p in people)
    share = (next((p.ownership_share for p in people if p.name == debtor), Fraction(0)) if known
             else Fraction(1))
    return SaleSurplus(exit_key, exit_label, total, share, known)
