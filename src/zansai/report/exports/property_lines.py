"""The lines of the 婚姻関係財産一覧表, per name-holder (名義人), from what the division counted.

The family court's form lists each spouse's assets and debts apart (「相手方名義の資産・負債」,
「申立人名義の資産・負債」); a co-owned thing is written under each holder for their 持分. So the
home is split by the title shares, a joint asset or debt half each, and a loan owed jointly half
each; each split rounds the first spouse's part down and gives the second the rest
(``split_exact``), so the lines add up to the division's net estate to the yen. The 特有財産 put
into the home (頭金) is a remark on the home, not a line: the division credits it through its
method, never by adding it to the totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from zansai.engine.divorce.estate import split_exact
from zansai.messages import Msg, msg
from zansai.report.exports.sheet import Cell, text

SECTIONS = ("real_estate", "deposit", "insurance", "retirement", "securities", "car", "other", "debts")
"""The court form's kinds in its order: 1 不動産, 2 預貯金, 3 生命保険, 4 退職金, 5 株式 …, 8 負債."""
_SECTION_OF = {"cash": "deposit"}
"""An asset kind written under another kind's number (現金 with 預貯金)."""

Remark = Msg | tuple[str, str] | str


@dataclass(frozen=True, slots=True)
class Line:
    """One line under a holder: its kind, what it is, the holder's part, and whether it counts."""

    section: str
    item: Cell
    amount: int
    counted: bool = True
    detail: Cell = ""
    evidence: str = ""
    remarks: tuple[Remark, ...] = ()
    claims: dict[str, int] = field(default_factory=dict)
    """Each spouse's claimed amount for the holder's part (shown only)."""

    @property
    def disputed(self) -> bool:
        """The claims differ from each other or from the amount computed with (争点)."""
        return bool(self.claims) and len({*self.claims.values(), self.amount}) > 1


def joined(remarks: tuple[Remark, ...]) -> Cell:
    """Several remarks as one cell, in both languages."""
    if not remarks:
        return ""
    return ("。".join(text(r, "ja") for r in remarks), "; ".join(text(r, "en") for r in remarks))


def split(amount: int, weights: dict[str, Fraction], spouses: tuple[str, str]) -> dict[str, int]:
    """``amount`` by ``weights`` (adding up to 1): the first spouse's part rounded down, the rest to
    the second, so nothing is lost."""
    a, b = split_exact(amount, weights.get(spouses[0], Fraction(0)) * amount)
    return {spouses[0]: a, spouses[1]: b}


def _claims(claims: dict[str, int] | None, weights: dict[str, Fraction], spouses: tuple[str, str],
            holder: str) -> dict[str, int]:
    """Each claim split like the amount, the holder's part of it."""
    return {who: split(v, weights, spouses)[holder] for who, v in (claims or {}).items()}


def holder_lines(inv: dict[str, Any], spouses: tuple[str, str], excluded: bool,
                 home_item: Cell) -> dict[str, list[Line]]:
    """Every line of each spouse's block, in the court's order of kinds; ``excluded``: the
    除外説 leaves the home and its loans out of the totals."""
    out: dict[str, list[Line]] = {n: [] for n in spouses}
    _home(inv, spouses, excluded, home_item, out)
    _assets(inv, spouses, out)
    _loans(inv, spouses, excluded, out)
    _debts(inv, spouses, out)
    for lines in out.values():
        lines.sort(key=lambda x: SECTIONS.index(x.section))
    return out


def _shares(inv: dict[str, Any], spouses: tuple[str, str]) -> dict[str, Fraction]:
    held = {n: Fraction(inv["spouses"][n]["title_share"]) for n in spouses}
    total = sum(held.values())
    return {n: held[n] / total for n in spouses} if total else even(spouses)


def even(spouses: tuple[str, str]) -> dict[str, Fraction]:
    return {n: Fraction(1, 2) for n in spouses}


def _home(inv: dict[str, Any], spouses: tuple[str, str], excluded: bool, item: Cell,
          out: dict[str, list[Line]]) -> None:
    home = inv.get("home")
    if not home:
        return
    weights = _shares(inv, spouses)
    parts = split(home["value"], weights, spouses)
    given: list[Remark] = []
    if home["purchase_price"]:
        given.append(msg("exports.property.purchase", amount=home["purchase_price"]))
    given += [msg(f"exports.property.contribution_{c['kind']}", amount=c["amount"], name=n)
              for n in spouses for c in inv["spouses"][n]["contributions"]]
    if excluded:
        given.append(msg("exports.property.excluded"))
    for n in spouses:
        if weights[n] == 0:
            continue
        share = inv["spouses"][n]["title_share"]
        whole = weights[n] == 1
        remarks = given if whole else [msg("exports.property.value_of", amount=home["value"],
                                           share=share), *given]
        out[n].append(Line("real_estate", item, parts[n], not excluded,
                           "" if whole else msg("exports.property.share", share=share),
                           home.get("evidence", ""), tuple(remarks),
                           _claims(home.get("claims"), weights, spouses, n)))


def _assets(inv: dict[str, Any], spouses: tuple[str, str], out: dict[str, list[Line]]) -> None:
    owned: list[tuple[str | None, Any, dict[str, Fraction]]] = [
        (n, a, {n: Fraction(1)}) for n in spouses for a in inv["spouses"][n]["assets"]]
    owned += [(None, a, even(spouses)) for a in inv["joint_assets"]]
    for owner, a, weights in owned:
        section = _SECTION_OF.get(a["kind"], a["kind"] if a["kind"] in SECTIONS else "other")
        label = "cash" if a["kind"] == "cash" else section
        item: Cell = a["name"] if a["name"] != a["kind"] else msg(f"exports.property.{label}")
        remarks: list[Remark] = []
        if a["separate"]:
            remarks.append(msg("exports.property.separate"))
        if a["kind"] == "retirement":
            remarks.append(msg("exports.property.retirement_note"))
        if "owner" in a:
            remarks.append(msg("exports.property.other_holder", name=a["owner"]))
        parts = split(a["amount"], weights, spouses)
        for n in ([owner] if owner else spouses):
            detail: Cell = "" if owner else msg("exports.property.joint_share", share="1/2")
            out[n].append(Line(section, item, parts[n], not a["separate"], detail, a.get("evidence", ""),
                               tuple(remarks), _claims(a.get("claims"), weights, spouses, n)))


def _loans(inv: dict[str, Any], spouses: tuple[str, str], excluded: bool, out: dict[str, list[Line]]) -> None:
    home = inv.get("home")
    if not home:
        return
    loans: dict[tuple[str, str], dict[str, Any]] = {}
    for n in spouses:
        for ln in inv["spouses"][n]["loans"]:
            entry = loans.setdefault((ln["loan"], ln["holder"]), {**ln, "debtors": [], "guarantors": []})
            entry["guarantors" if ln["role"] == "guarantor" else "debtors"].append(n)
    listed = sum(ln["balance"] for ln in loans.values())
    common: list[Remark] = [msg("exports.property.excluded")] if excluded else []
    for (name, holder), ln in loans.items():
        debtors = ln["debtors"]
        weights = ({debtors[0]: Fraction(1)} if len(debtors) == 1 else even(spouses))
        remarks: list[Remark] = [msg("exports.property.balance_at_separation")]
        remarks += [msg("exports.property.guarantor", name=g) for g in ln["guarantors"]]
        if not debtors:
            remarks.append(msg("exports.property.other_liens_note"))
        parts = split(ln["balance"], weights, spouses)
        for n in (debtors if len(debtors) == 1 else spouses):
            detail: Cell = ("" if len(debtors) == 1 else msg("exports.property.joint_debtors")
                            if debtors else msg("exports.property.joint_share", share="1/2"))
            item = name if name != holder else msg("exports.property.home_loan", holder=holder)
            out[n].append(Line("debts", item, parts[n], not excluded, detail, ln.get("evidence", ""),
                               (*remarks, *common)))
    rest = home["loan_balance"] - listed
    if rest:
        parts = split(rest, even(spouses), spouses)
        for n in spouses:
            out[n].append(Line("debts", msg("exports.property.other_liens"), parts[n], not excluded,
                               msg("exports.property.joint_share", share="1/2"), "",
                               (msg("exports.property.other_liens_note"), *common)))


def _debts(inv: dict[str, Any], spouses: tuple[str, str], out: dict[str, list[Line]]) -> None:
    owed: list[tuple[str | None, Any, dict[str, Fraction]]] = [
        (n, d, {n: Fraction(1)}) for n in spouses for d in inv["spouses"][n]["debts"]]
    owed += [(None, d, even(spouses)) for d in inv["joint_debts"]]
    for owner, d, weights in owed:
        remarks: tuple[Remark, ...] = () if d["marital"] else (msg("exports.property.own_debt"),)
        if "owner" in d:
            remarks = (*remarks, msg("exports.property.other_holder", name=d["owner"]))
        parts = split(d["amount"], weights, spouses)
        for n in ([owner] if owner else spouses):
            detail: Cell = "" if owner else msg("exports.property.joint_share", share="1/2")
            out[n].append(Line("debts", d["name"], parts[n], d["marital"], detail, d.get("evidence", ""),
                               remarks, _claims(d.get("claims"), weights, spouses, n)))
