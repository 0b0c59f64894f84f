"""婚姻関係財産一覧表: the family court's list of the marital property, from the 財産分与 result.

Laid out as the Tokyo Family Court's form: one block per name-holder (名義人) with the base date
(基準日 = 別居日), lines numbered by kind and line (1 不動産 → 1-1, 1-2; 2 預貯金; 3 生命保険;
4 退職金; 5 株式 …; 8 負債), columns 番号・項目・細目・金額・証拠・備考, each holder's totals, then the
net estate of both, which equals the division's net estate to the yen. Lines with claimed
amounts (the form's 争点整理 variant) add each spouse's claim and mark the lines they differ on;
the computation uses the 金額 column all the same. The lines come from ``property_lines``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from zansai.errors import InputError
from zansai.messages import Msg, msg
from zansai.model import OverloanView
from zansai.report.exports.header import case_header
from zansai.report.exports.property_lines import SECTIONS, Line, holder_lines, joined
from zansai.report.exports.sheet import Block, Cell, Column, Kind, Row, Sheet, Style, col

if TYPE_CHECKING:
    from zansai.engine.plan import Plan
    from zansai.settings import Adviser


def _columns(spouses: tuple[str, str], claims: bool) -> tuple[Column, ...]:
    head = (col("no", width=7), col("item", width=26), col("detail", width=16), col("amount", Kind.YEN, 15))
    disputed = (*_claim_columns(spouses), col("disputed", width=6)) if claims else ()
    return (*head, *disputed, col("evidence", width=9), col("remarks", width=40))


def _claim_columns(spouses: tuple[str, str]) -> tuple[Column, ...]:
    """「夫の主張額」「妻の主張額」: each spouse's claimed amounts."""
    return tuple(Column(f"claimed:{n}", msg("exports.columns.claimed", name=n), Kind.YEN, 15)
                 for n in spouses)


def _sums(lines: list[Line], spouses: tuple[str, str]) -> dict[str, int]:
    """The counted lines' amount, and each spouse's view (their claim, else the amount)."""
    counted = [x for x in lines if x.counted]
    out = {"amount": sum(x.amount for x in counted)}
    out.update({f"claimed:{n}": sum(x.claims.get(n, x.amount) for x in counted) for n in spouses})
    return out


def _holder_block(name: str, lines: list[Line], spouses: tuple[str, str], claims: bool,
                  on: date) -> tuple[Block, dict[str, int], dict[str, int]]:
    """One holder's block, with their assets' and debts' totals."""
    rows: list[Row] = []
    assets = [x for x in lines if x.section != "debts"]
    debts = [x for x in lines if x.section == "debts"]
    for part in (assets, debts):
        for number, section in enumerate(SECTIONS, start=1):
            mine = [x for x in part if x.section == section]
            if not mine:
                continue
            rows.append(Row({"no": str(number), "item": msg(f"exports.property.{section}")}, Style.SECTION))
            rows += [_row(f"{number}-{k}", x, spouses, claims) for k, x in enumerate(mine, start=1)]
        if part is assets:
            a = _sums(assets, spouses)
            rows.append(_total(msg("exports.property.assets_total"), a, claims))
    d = _sums(debts, spouses)
    rows.append(_total(msg("exports.property.debts_total"), d, claims))
    rows.append(_total(msg("exports.property.net"), {k: a[k] - d[k] for k in a}, claims))
    title = msg("exports.property.holder", name=name, on=on.isoformat())
    block = Block(title, _columns(spouses, claims), tuple(rows), key=f"holder-{name}")
    return block, a, d


def _row(no: str, x: Line, spouses: tuple[str, str], claims: bool) -> Row:
    cells: dict[str, Cell] = {"no": no, "item": x.item, "detail": x.detail, "amount": x.amount,
                              "evidence": x.evidence, "remarks": joined(x.remarks)}
    if claims:
        cells.update({f"claimed:{n}": x.claims.get(n) for n in spouses})
        cells["disputed"] = msg("exports.property.disputed") if x.disputed else ""
    return Row(cells, Style.DISPUTED if x.disputed else Style.ROW)


def _total(label: Msg, sums: dict[str, int], claims: bool) -> Row:
    cells: dict[str, Cell] = {"item": label, "amount": sums["amount"]}
    if claims:
        cells.update({k: v for k, v in sums.items() if k.startswith("claimed:")})
    return Row(cells, Style.TOTAL)


def _summary(totals: dict[str, tuple[dict[str, int], dict[str, int]]], spouses: tuple[str, str],
             claims: bool, on: date) -> tuple[Block, int]:
    """Each holder's assets, debts and net, and the net estate of both."""
    extra = _claim_columns(spouses) if claims else ()
    columns = (col("item", width=26), col("assets", Kind.YEN, 15), col("debts", Kind.YEN, 15),
               col("net", Kind.YEN, 15), *extra)
    rows: list[dict[str, int]] = []
    for n in spouses:
        a, d = totals[n]
        figures = {"assets": a["amount"], "debts": d["amount"], "net": a["amount"] - d["amount"]}
        if claims:
            figures.update({k: a[k] - d[k] for k in a if k.startswith("claimed:")})
        rows.append(figures)
    sums: dict[str, int] = {k: sum(r[k] for r in rows) for k in rows[0]}
    out = [Row({"item": msg("exports.property.holder_net", name=n), **r})
           for n, r in zip(spouses, rows, strict=True)]
    out.append(Row({"item": msg("exports.property.estate"), **sums}, Style.TOTAL))
    title = msg("exports.property.summary", on=on.isoformat())
    return Block(title, columns, tuple(out), key="summary"), sums["net"]


def property_list_sheet(plan: Plan, adviser: Adviser, made_on: date) -> Sheet:
    """The 婚姻関係財産一覧表 of a case with a [divorce] section."""
    property_division, inv = plan.property_division, plan.inventory
    if property_division is None or inv is None:
        raise InputError("--what: このケースファイルには [divorce]（別居日と2人の配偶者）がありません",
                         "--what: this case file has no [divorce] section (the separation date and "
                         "the two spouses)", field="--what")
    spouses = property_division.spouses
    on = date.fromisoformat(inv["separation_date"])
    excluded = property_division.overloan is OverloanView.EXCLUSION
    home_item = msg("exports.property.home", kind=msg(f"exports.kinds.{plan.case.property.kind.value}"))
    lines = holder_lines(inv, spouses, excluded, home_item)
    claims = any(x.claims for held in lines.values() for x in held)
    blocks, totals = [], {}
    for n in spouses:
        block, a, d = _holder_block(n, lines[n], spouses, claims, on)
        blocks.append(block)
        totals[n] = (a, d)
    summary, net = _summary(totals, spouses, claims, on)
    if net != property_division.net_estate:  # the lines must add up to what was divided
        raise AssertionError(f"property list {net} != net estate {property_division.net_estate}")
    header: list[tuple[Msg, Cell]] = [
        (msg("exports.header.spouses"), "・".join(spouses)),
        (msg("exports.header.separation"), on),
        (msg("exports.header.method"), property_division.chosen.label),
        (msg("exports.header.net_estate"), property_division.net_estate),
    ]
    notes = [msg("exports.property.notes_per_holder"), msg("exports.property.notes_separate")]
    if claims:
        notes.append(msg("exports.property.notes_claims"))
    if not property_division.divided:
        notes.append(msg("exports.property.notes_not_divided"))
    return Sheet("property-list", msg("exports.property.title"), "婚姻関係財産一覧表",
                 case_header(plan, header, adviser, made_on), (*blocks, summary), notes=tuple(notes))
