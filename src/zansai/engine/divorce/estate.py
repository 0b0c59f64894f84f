"""The marital estate being divided (E, E', O, N), what each spouse holds, and exact splits.

Two amounts that must add up to a total are split by rounding the first spouse's and giving the
second the rest (``split_exact``), so no yen is lost or made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

from zansai.messages import msg
from zansai.model import Asset, Debt
from zansai.money import Rounding, Yen, format_yen, fraction_to_decimal, round_yen

ROUNDING = Rounding.FLOOR


@cache
def rounding_text() -> str:
    """How an entitlement is made whole yen, as a step's rounding says it (both languages)."""
    m = msg("divorce.division.rounding")
    return f"{m.ja} / {m.en}"


def yen_text(x: Fraction | int) -> str:
    """Yen for a step: exact amounts with a fraction keep two decimals."""
    if isinstance(x, int) or x.denominator == 1:
        return format_yen(int(x))
    return f"{fraction_to_decimal(x, 2):,f}円"


def pair(spouses: tuple[str, str], values: Sequence[Fraction | int]) -> str:
    """Each spouse's ``name: amount``, for a step's inputs and result."""
    return ", ".join(f"{n}: {yen_text(v)}" for n, v in zip(spouses, values, strict=True))


_CENT = Decimal("0.01")


def ratio_text(num: int, den: int) -> str:
    """Yen for a step of the exact amount ``num / den`` (den > 0), as ``yen_text`` shows the same
    fraction (the same Decimal operations as ``fraction_to_decimal``), without building one."""
    if num % den == 0:
        return format_yen(num // den)
    q = (Decimal(num) / Decimal(den)).quantize(_CENT).normalize()
    return f"{q if q != 0 else Decimal(0):,f}円"


def pair_ratio(spouses: tuple[str, str], nums: tuple[int, int], den: int) -> str:
    """``pair`` of the exact amounts ``nums[i] / den`` (den > 0)."""
    return f"{spouses[0]}: {ratio_text(nums[0], den)}, {spouses[1]}: {ratio_text(nums[1], den)}"


def split_exact(total: Yen, first: Fraction) -> tuple[Yen, Yen]:
    """Round the first amount, the second takes the rest: the two always add up to ``total``."""
    a = round_yen(first, ROUNDING)
    return a, total - a


HALF = Fraction(1, 2)
WHOLE = Fraction(1)
NONE = Fraction(0)


def even(spouses: tuple[str, str]) -> dict[str, Fraction]:
    """Equal shares (a joint asset or debt, a title that names neither spouse)."""
    return {spouses[0]: HALF, spouses[1]: HALF}


@dataclass(frozen=True, slots=True)
class Estate:
    """What the division splits: the home's equity E (E' as counted), the other net assets O,
    the shares and the separate money each spouse put into the home."""

    spouses: tuple[str, str]
    shares: tuple[Fraction, Fraction]
    contributions: tuple[Yen, Yen]
    value: Yen
    purchase_price: Yen
    equity: Yen
    counted: Yen
    other: Yen
    excluded: bool
    down_payment: Yen | None = None
    """頭金: the purchase price less the home loans' principal (None: not known)."""
    principal_repaid: Yen | None = None
    """The home loans' principal repaid between the purchase and the separation (None: not known)."""

    @property
    def paid(self) -> Yen | None:
        """T = 頭金 + 返済元金 by the separation: what was actually paid for the home (None: not known)."""
        if self.down_payment is None or self.principal_repaid is None:
            return None
        return self.down_payment + self.principal_repaid

    @property
    def net(self) -> Yen:
        """N = E' + O."""
        return self.counted + self.other

    @property
    def credited(self) -> bool:
        """Whether contributions enter the estate (a home, a price, and not left out)."""
        return any(self.contributions) and self.purchase_price > 0 and not self.excluded


def holds(spouses: tuple[str, str], counted: Yen, home_split: dict[str, Fraction],
          assets: Sequence[Asset], debts: Sequence[Debt]) -> dict[str, Yen]:
    """What each spouse holds now: the home as counted, assets and debts by owner (None: half each).

    The two add up to the net estate (E' + O). In integers: with the first spouse's home share
    p / q, own lines X and joint lines J (half each), the first holds
    floor((2·p·E' + q·(2·X + J)) / 2q) and the second the rest."""
    a, b = spouses
    share = home_split.get(a)
    p, q = (share.numerator, share.denominator) if share is not None else (0, 1)
    own = joint = 0
    total = counted
    for asset in assets:
        if not asset.separate:
            amount = asset.amount
            total += amount
            if asset.owner == a:
                own += amount
            elif asset.owner != b:
                joint += amount
    for debt in debts:
        if debt.marital:
            amount = debt.amount
            total -= amount
            if debt.owner == a:
                own -= amount
            elif debt.owner != b:
                joint -= amount
    ha = (2 * p * counted + q * (2 * own + joint)) // (2 * q)
    return {a: ha, b: total - ha}
