"""The debtor's assets by category, as the 清算価値 sheet and the 破産 振り分け count them."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from zansai.messages import Msg, msg
from zansai.model import Asset, AssetKind
from zansai.money import Rounding, Yen, round_div

KIND_LABELS: dict[AssetKind, Msg] = {
    AssetKind.CASH: msg("residual.assets.cash"), AssetKind.DEPOSIT: msg("residual.assets.deposit"),
    AssetKind.INSURANCE: msg("residual.assets.insurance"),
    AssetKind.SECURITIES: msg("residual.assets.securities"), AssetKind.CAR: msg("residual.assets.car"),
    AssetKind.RETIREMENT: msg("residual.assets.retirement"), AssetKind.OTHER: msg("residual.assets.other")}
"""Each asset category's name, as the 清算価値 sheet lists it."""


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
