"""The debtor's assets by category, as the 清算価値 sheet and the 破産 振り分け count them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from zansai.errors import DomainError
from zansai.messages import Msg, msg
from zansai.model import Asset, AssetKind
from zansai.money import Rounding, Yen, round_div
from zansai.rules.book import Resolved

KIND_LABELS: dict[AssetKind, Msg] = {
    AssetKind.CASH: msg("residual.assets.cash"), AssetKind.DEPOSIT: msg("residual.assets.deposit"),
    AssetKind.INSURANCE: msg("residual.assets.insurance"),
    AssetKind.SECURITIES: msg("residual.assets.securities"), AssetKind.CAR: msg("residual.assets.car"),
    AssetKind.RETIREMENT: msg("residual.assets.retirement"), AssetKind.OTHER: msg("residual.assets.other")}
"""Each asset category's name, as the 清算価値 sheet lists it."""

SURPLUS_LABEL = msg("residual_surplus.surplus.category")
"""The sale's surplus as a line of the 清算価値 sheet (cash, tested with the cash category)."""


@dataclass(frozen=True, slots=True)
class Category:
    """One asset category: its face value, its exact counted value and the value in whole yen."""

    kind: AssetKind
    face: Yen
    exact: Fraction
    """face × fraction (retirement) or face: what a threshold is tested on."""
    counted: Yen
    """``exact`` in whole yen, rounded as the legal-floor rule says (up)."""


def owned(assets: Sequence[Asset], debtor: str) -> list[Asset]:
    """The assets of ``debtor``, or of no one in particular."""
    return [a for a in assets if a.owner is None or a.owner == debtor]


def floor_rounding(res: Resolved) -> Rounding:
    """The rule ``rehabilitation.legal_floor_rounding`` as a ``Rounding``: only CEIL (切上げ) is
    accepted, since a floor rounded down could let a plan pass below the statute."""
    if res.value != Rounding.CEIL.value:
        raise DomainError.invalid(res.rule.key, res.value, msg("residual_surplus.errors.floor_rounding"))
    return Rounding.CEIL


def categories(assets: Sequence[Asset], fraction: Fraction,
               rounding: Rounding = Rounding.CEIL) -> list[Category]:
    """Each asset category present; retirement at ``fraction``, rounded to the yen as named."""
    out = []
    for kind in AssetKind:
        if not any(a.kind is kind for a in assets):
            continue
        face = sum(a.amount for a in assets if a.kind is kind)
        exact = face * fraction if kind is AssetKind.RETIREMENT else Fraction(face)
        out.append(Category(kind, face, exact, round_div(exact.numerator, exact.denominator, rounding)))
    return out
