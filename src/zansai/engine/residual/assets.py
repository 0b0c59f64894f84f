"""The debtor's assets by category, as the 清算価値 sheet and the 破産 振り分け count them."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from zansai.model import Asset, AssetKind
from zansai.money import Rounding, Yen, round_div

KIND_JA = {AssetKind.CASH: "現金", AssetKind.DEPOSIT: "預貯金", AssetKind.INSURANCE: "保険解約返戻金",
           AssetKind.SECURITIES: "有価証券", AssetKind.CAR: "自動車", AssetKind.RETIREMENT: "退職金見込額",
           AssetKind.OTHER: "その他の財産"}


def owned(assets: Sequence[Asset], debtor: str) -> list[Asset]:
    """The assets of ``debtor``, or of no one in particular."""
    return [a for a in assets if a.owner is None or a.owner == debtor]


def categories(assets: Sequence[Asset], fraction: Fraction) -> list[tuple[AssetKind, Yen, Yen]]:
    """(category, face value, counted value) per asset category present; retirement at ``fraction``."""
    out = []
    for kind in AssetKind:
        face = sum(a.amount for a in assets if a.kind is kind)
        if not any(a.kind is kind for a in assets):
            continue
        counted = (round_div(face * fraction.numerator, fraction.denominator, Rounding.FLOOR)
                   if kind is AssetKind.RETIREMENT else face)
        out.append((kind, face, counted))
    return out
