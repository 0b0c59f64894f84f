"""The 再生計画 per creditor (債権者ごとの弁済額): each instalment shared pro rata to the claims,
exactly to the yen, and what each 連帯保証人 still answers for (民再177条2項)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.rehabilitation.instalments import Instalments
from zansai.money import Yen


def pro_rata(amount: Yen, weights: Sequence[Yen]) -> tuple[Yen, ...]:
    """``amount`` shared in proportion to ``weights`` in whole yen that add up to ``amount``.

    Each share is floor(amount × w / W); the yen left over go one each to the largest remainders
    (the earlier weight first on a tie), the 最大剰余法 a plan's 弁済表 uses.
    """
    total = sum(weights)
    if amount < 0 or total <= 0 or any(w < 0 for w in weights):
        raise ValueError("pro_rata needs a non-negative amount and positive total weight")
    shares = [amount * w // total for w in weights]
    rest = amount - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in order[:rest]:
        shares[i] += 1
    return tuple(shares)


@dataclass(frozen=True, slots=True)
class CreditorShare:
    """One creditor's part of the plan."""

    creditor: str
    claim: Yen
    """The 再生債権 counted in the plan (secured parts left out)."""
    regular: Yen
    """Its share of each regular instalment."""
    odd: Yen
    """Its share of the instalment that takes the rest."""
    total: Yen
    """What the plan pays it: regular × (count − 1) + odd."""

    def to_dict(self) -> dict[str, Any]:
        return {"creditor": self.creditor, "claim": self.claim, "regular": self.regular,
                "odd": self.odd, "total": self.total, "forgiven": self.claim - self.total}


@dataclass(frozen=True, slots=True)
class GuarantorExposure:
    """What one creditor can still ask one 連帯保証人 for: the whole claim now (the plan does not
    reduce a guarantee), and what is left of it if the plan is paid in full."""

    guarantor: str
    creditor: str
    claim: Yen
    after_plan: Yen

    def to_dict(self) -> dict[str, Any]:
        return {"guarantor": self.guarantor, "creditor": self.creditor, "claim": self.claim,
                "after_plan": self.after_plan}


def split_by_creditor(debts: Sequence[ResidualDebt], plan: Instalments) -> tuple[CreditorShare, ...]:
    """Each instalment of ``plan`` shared among the creditors of ``debts`` pro rata to their claims."""
    creditors: dict[str, Yen] = {}
    for d in debts:
        creditors[d.creditor or d.name] = creditors.get(d.creditor or d.name, 0) + d.amount
    names, claims = list(creditors), list(creditors.values())
    if not names or sum(claims) == 0 or plan.count == 0:
        return tuple(CreditorShare(n, c, 0, 0, 0) for n, c in zip(names, claims, strict=True))
    regular = pro_rata(plan.regular, claims)
    odd = pro_rata(plan.odd, claims)
    return tuple(CreditorShare(n, c, r, o, r * (plan.count - 1) + o)
                 for n, c, r, o in zip(names, claims, regular, odd, strict=True))


def guarantor_exposure(debts: Sequence[ResidualDebt],
                       shares: Sequence[CreditorShare]) -> tuple[GuarantorExposure, ...]:
    """Per guarantor and creditor: the guaranteed claims, and what is left of them once the plan has
    paid the creditor's share (split among its debts pro rata; together the creditor never recovers
    more than the claim)."""
    paid: list[Yen] = [0] * len(debts)
    for share in shares:
        mine = [i for i, d in enumerate(debts) if (d.creditor or d.name) == share.creditor]
        amounts = [debts[i].amount for i in mine]
        if sum(amounts) > 0:
            for i, p in zip(mine, pro_rata(share.total, amounts), strict=True):
                paid[i] = p
    found: dict[tuple[str, str], tuple[Yen, Yen]] = {}
    for d, p in zip(debts, paid, strict=True):
        for g in d.guarantors:
            key = (g, d.creditor or d.name)
            claim, after = found.get(key, (0, 0))
            found[key] = (claim + d.amount, after + d.amount - p)
    return tuple(GuarantorExposure(g, c, claim, after) for (g, c), (claim, after) in found.items())
