"""What the division counted, per spouse: title, loans, assets, debts and separate money."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from zansai.engine.divorce.home import HomeStake, Liability
from zansai.model import Asset, Debt, Divorce


def inventory(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset],
              debts: Sequence[Debt]) -> dict[str, Any]:
    """What the division counted, per spouse: title share, role on each loan, assets and debts
    in their name (marital or separate), and the separate money they put into the home."""
    people: dict[str, Any] = {}
    for name in divorce.spouses:
        loans = []
        for loan in (home.loans if home else ()):
            role = (Liability.DEBTOR if name in loan.debtors and len(loan.debtors) == 1 else
                    Liability.JOINT_DEBTOR if name in loan.debtors else
                    Liability.GUARANTOR if name in loan.guarantors else None)
            if role is not None:
                evidence = dict(divorce.loan_evidence).get(loan.name, "")
                loans.append({"loan": loan.name, "holder": loan.holder, "balance": loan.balance,
                              "role": role.value, **_shown(evidence)})
        people[name] = {
            "title_share": str(home.title.get(name, Fraction(0))) if home else "0",
            "loans": loans,
            "assets": [{"name": x.name or x.kind.value, "kind": x.kind.value, "amount": x.amount,
                        "separate": x.separate, **_shown(x.evidence, x.claims)}
                       for x in assets if x.owner == name],
            "debts": [{"name": d.name, "kind": d.kind.value, "amount": d.amount, "marital": d.marital,
                       **_shown(d.evidence, d.claims)} for d in debts if d.owner == name],
            "contributions": [{"amount": c.amount, "kind": c.kind.value, "source": c.source,
                               "paid_on": c.paid_on.isoformat() if c.paid_on else None}
                              for c in divorce.contributions if c.spouse == name],
        }
    return {
        "separation_date": divorce.separation_date.isoformat(),
        "divorce_date": divorce.divorce_date.isoformat() if divorce.divorce_date else None,
        "home": None if home is None else {
            "value": home.value, "loan_balance": home.loan_balance,
            "purchase_price": home.purchase_price, "pair_loan": pair_loan(home),
            **_shown(divorce.home_evidence, divorce.home_claims)},
        "spouses": people,
        "joint_assets": [{"name": x.name or x.kind.value, "kind": x.kind.value, "amount": x.amount,
                          "separate": x.separate, **_others(x.owner, divorce), **_shown(x.evidence, x.claims)}
                         for x in assets if x.owner not in divorce.spouses],
        "joint_debts": [{"name": d.name, "kind": d.kind.value, "amount": d.amount, "marital": d.marital,
                         **_others(d.owner, divorce), **_shown(d.evidence, d.claims)}
                        for d in debts if d.owner not in divorce.spouses],
    }


def _others(owner: str | None, divorce: Divorce) -> dict[str, Any]:
    """``owner`` of a line in the name of neither spouse (a relative): the division counts it half
    each, like a joint one, so it is listed with the joint ones."""
    return {"owner": owner} if owner is not None and owner not in divorce.spouses else {}


def _shown(evidence: str, claims: tuple[tuple[str, int], ...] = ()) -> dict[str, Any]:
    """The 婚姻関係財産一覧表's extras of a line, only when given: ``evidence`` (証拠) and ``claims``
    (each spouse's claimed amount; the division computes with the line's own amount)."""
    out: dict[str, Any] = {"evidence": evidence} if evidence else {}
    if claims:
        out["claims"] = dict(claims)
    return out


def pair_loan(home: HomeStake) -> bool:
    """ペアローン: two or more loans, each with its own single debtor, and not all the same one."""
    sole = [loan.debtors[0] for loan in home.loans if len(loan.debtors) == 1]
    return len(sole) >= 2 and len(set(sole)) >= 2
