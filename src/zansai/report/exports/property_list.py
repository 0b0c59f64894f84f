"""婚姻関係財産一覧表: the family court's list of the marital property, from the 財産分与 result.

The court's layout: numbered lines grouped by kind (不動産, 預貯金, 保険, 有価証券, 自動車,
退職金, 負債 …), each with its 名義, 項目, 金額, a 特有財産 mark and 備考. zansai holds one
figure per line (the figure entered), not each spouse's claim, so the 金額 column is one column;
the separate money put into the home (特有財産からの頭金) is listed with the home, marked, and not
added to the totals.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from zansai.errors import InputError
from zansai.messages import Msg, msg
from zansai.report.exports.header import case_header
from zansai.report.exports.sheet import Block, Cell, Column, Kind, Row, Sheet, Style, col
from zansai.settings import Adviser

if TYPE_CHECKING:
    from zansai.engine.plan import Plan

SECTIONS = ("real_estate", "cash", "deposit", "insurance", "securities", "car", "retirement", "other")
"""The asset sections in the court's order (an asset's ``kind`` names its section)."""

_MARK = "○"


def _columns() -> tuple[Column, ...]:
    return (col("no", Kind.INT, 6), col("owner", width=16), col("category", width=16),
            col("item", width=30), col("amount", Kind.YEN, 16), col("separate", width=8),
            col("remarks", width=36))


def _home_rows(inv: dict[str, Any]) -> list[dict[str, Cell]]:
    home = inv.get("home")
    if not home:
        return []
    spouses: dict[str, Any] = inv["spouses"]
    owners = "・".join(f"{n} {p['title_share']}" for n, p in spouses.items() if p["title_share"] != "0")
    rows: list[dict[str, Cell]] = [{
        "owner": owners, "category": msg("exports.property.real_estate"),
        "item": msg("exports.property.home"), "amount": home["value"],
        "remarks": msg("exports.property.home_note", purchase=home["purchase_price"] or 0)}]
    for name, person in spouses.items():
        rows += [{"owner": name, "category": msg("exports.property.real_estate"),
                  "item": msg(f"exports.property.contribution_{c['kind']}"), "amount": c["amount"],
                  "separate": _MARK, "remarks": msg("exports.property.not_counted")}
                 for c in person["contributions"]]
    return rows


def _assets(inv: dict[str, Any]) -> dict[str, list[dict[str, Cell]]]:
    by_kind: dict[str, list[dict[str, Cell]]] = {k: [] for k in SECTIONS}
    by_kind["real_estate"] = _home_rows(inv)
    holders = [*((n, p["assets"]) for n, p in inv["spouses"].items()),
               (msg("exports.property.joint"), inv["joint_assets"])]
    for owner, assets in holders:
        for a in assets:
            kind = a["kind"] if a["kind"] in by_kind else "other"
            by_kind[kind].append({
                "owner": owner, "category": msg(f"exports.property.{kind}"),
                "item": a["name"] if a["name"] != a["kind"] else msg(f"exports.property.{kind}"),
                "amount": a["amount"], "separate": _MARK if a["separate"] else "",
                "remarks": msg("exports.property.not_counted") if a["separate"] else
                msg("exports.property.retirement_note") if kind == "retirement" else ""})
    return by_kind


def _debts(inv: dict[str, Any]) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []
    seen: set[tuple[str, str]] = set()
    for name, person in inv["spouses"].items():
        for loan in person["loans"]:
            if loan["role"] == "guarantor" or (loan["loan"], loan["holder"]) in seen:
                continue
            seen.add((loan["loan"], loan["holder"]))
            rows.append({"owner": name, "category": msg("exports.property.home_loan"),
                         "item": f"{loan['loan']}（{loan['holder']}）", "amount": loan["balance"],
                         "remarks": msg("exports.property.balance_at_separation")})
    holders = [*((n, p["debts"]) for n, p in inv["spouses"].items()),
               (msg("exports.property.joint"), inv["joint_debts"])]
    for owner, debts in holders:
        rows += [{"owner": owner, "category": msg("exports.property.other_debt"), "item": d["name"],
                  "amount": d["amount"], "separate": "" if d["marital"] else _MARK,
                  "remarks": "" if d["marital"] else msg("exports.property.own_debt")} for d in debts]
    return rows


def _number(sections: list[tuple[Msg, list[dict[str, Cell]]]]) -> list[Row]:
    rows: list[Row] = []
    n = 0
    for title, lines in sections:
        if not lines:
            continue
        rows.append(Row({"category": title}, Style.SECTION))
        for line in lines:
            n += 1
            rows.append(Row({"no": n, **line}))
    return rows


def _total(lines: list[dict[str, Cell]], label: Msg) -> Row:
    counted = sum(x["amount"] for x in lines
                  if isinstance(x["amount"], int) and not x.get("separate"))
    return Row({"item": label, "amount": counted}, Style.TOTAL)


def property_list_sheet(plan: Plan, adviser: Adviser, made_on: date) -> Sheet:
    """The 婚姻関係財産一覧表 of a case with a [divorce] section."""
    property_division, inv = plan.property_division, plan.inventory
    if property_division is None or inv is None:
        raise InputError("--what: このケースファイルには [divorce]（別居日と2人の配偶者）がありません",
                         "--what: this case file has no [divorce] section (the separation date and "
                         "the two spouses)", field="--what")
    by_kind = _assets(inv)
    asset_lines = [x for k in SECTIONS for x in by_kind[k]]
    debt_lines = _debts(inv)
    rows = _number([(msg(f"exports.property.{k}"), by_kind[k]) for k in SECTIONS])
    rows.append(_total(asset_lines, msg("exports.property.assets_total")))
    debt_rows = _number([(msg("exports.property.debts"), debt_lines)])
    offset = sum(1 for r in rows if r.style is Style.ROW)
    debt_rows = [Row({**r.cells, "no": int(r.cells["no"]) + offset}) if r.style is Style.ROW  # type: ignore[arg-type]
                 else r for r in debt_rows]
    debt_rows.append(_total(debt_lines, msg("exports.property.debts_total")))
    header: list[tuple[Msg, Cell]] = [
        (msg("exports.header.spouses"), "・".join(property_division.spouses)),
        (msg("exports.header.separation"), date.fromisoformat(inv["separation_date"])),
        (msg("exports.header.method"), property_division.chosen.label),
        (msg("exports.header.net_estate"), property_division.net_estate),
    ]
    blocks = (Block(msg("exports.property.assets"), _columns(), tuple(rows), key="assets"),
              Block(msg("exports.property.debts"), _columns(), tuple(debt_rows), key="debts"))
    return Sheet("property-list", msg("exports.property.title"), "婚姻関係財産一覧表",
                 case_header(plan, header, adviser, made_on), blocks,
                 notes=(msg("exports.property.one_view"),))
