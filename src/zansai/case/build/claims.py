"""The 婚姻関係財産一覧表's inputs: each disputed figure's claims (主張額) name a spouse, and each
loan given an exhibit number (証拠) is a home loan of the case.

A claim is shown on the list only; the plan computes with ``amount`` (and the home's valuation).
"""

from __future__ import annotations

from collections.abc import Sequence

from zansai.case.build.context import Context
from zansai.case.schema import CaseFile
from zansai.model import Lien, LienKind


def check_claims(cf: CaseFile, liens: Sequence[Lien], ctx: Context) -> None:
    """``claims`` and ``home_claims`` name one of the two spouses (and need [divorce]);
    ``divorce.loan_evidence`` names a home loan."""
    spouses = tuple(cf.divorce.spouses) if cf.divorce else None
    lines = [(f"household.assets[{i}].claims", a.claims) for i, a in enumerate(cf.household.assets)]
    lines += [(f"household.other_debts[{i}].claims", d.claims)
              for i, d in enumerate(cf.household.other_debts)]
    if cf.divorce is not None:
        lines.append(("divorce.home_claims", cf.divorce.home_claims))
    for where, claims in lines:
        for name in claims:
            if spouses is None:
                ctx.report(where, "主張額は離婚の財産分与（[divorce]）のある案件でだけ使えます",
                           "claimed amounts need a [divorce] section (property division)")
                break
            if name not in spouses:
                ctx.report(f"{where}.{name}",
                           f"{name} は夫婦の2人（{'・'.join(spouses)}）のどちらでもありません",
                           f"{name} is not one of the two spouses ({', '.join(spouses)})")
    if cf.divorce is None:
        return
    loans = {lien.loan.name if lien.loan else lien.holder for lien in liens
             if lien.kind is LienKind.MORTGAGE}
    for name in cf.divorce.loan_evidence:
        if name not in loans:
            known_ja, known_en = "・".join(sorted(loans)) or "なし", ", ".join(sorted(loans)) or "none"
            ctx.report(f"divorce.loan_evidence.{name}",
                       f"{name} という住宅ローンはありません（ローン: {known_ja}）",
                       f"there is no home loan named {name} (loans: {known_en})")
