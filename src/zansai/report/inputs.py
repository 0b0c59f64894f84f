"""The inputs page of the client report (入力内容): every value the case file gives, in words.

A client and a lender read what the figures rest on: each input under its heading (the home, the
valuation, each loan, the household, the people, the divorce …) with its label as the guided form
shows it and its value with a unit (円, %, 年), never a field path. Values the case leaves out are
not listed: the engine's defaults show as the assumptions (``assumption_rows``) instead.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any, Protocol

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from zansai.report import i18n

Text = tuple[str, str]


@dataclass(frozen=True, slots=True)
class InputRow:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class InputGroup:
    """One heading of the inputs page and its rows."""

    title: str
    rows: tuple[InputRow, ...]


# Top-level parts of the case file, in the order a consultant reads a case; each (key, title).
# A list part (loans, people …) gives one group per entry.
_GROUPS: tuple[tuple[str, Text], ...] = (
    ("", ("ご相談の内容", "About this case")),
    ("property", ("家について", "The home")),
    ("valuation", ("いくらで売れそうか（査定）", "What it could sell for (valuation)")),
    ("loans", ("住宅ローン", "Home loan")),
    ("liens", ("ほかの抵当権など", "Other liens")),
    ("delinquency", ("滞納", "Arrears")),
    ("auction", ("競売の申立て", "Auction filing")),
    ("people", ("関係する人", "Person")),
    ("household", ("家計", "Household")),
    ("brokerage", ("仲介の契約", "Agent's contract")),
    ("selling_expenses", ("売るための費用", "Selling expense")),
    ("rescheduling", ("返済方法の変更", "Rescheduling the loan")),
    ("trade_up", ("住み替え", "Trade-up")),
    ("residual", ("残債の整理", "Settling the remaining debt")),
    ("divorce", ("離婚（財産分与）", "Divorce (property division)")),
)
_SKIP = {"schema_version", "overrides"}  # overrides are listed with the assumptions

# Labels of the case-file entries the guided form does not show (keyed by path without indices).
_LABELS: dict[str, Text] = {
    "loans.name": ("ローンの名前", "Name of the loan"),
    "loans.years": ("返済期間", "Term"),
    "loans.consents": ("任意売却に同意している", "Agrees to a short sale"),
    "loans.contract_date": ("ローンの契約日", "Loan contract date"),
    "loans.bonus_months": ("ボーナス返済の月", "Bonus months"),
    "loans.rounding": ("利息の端数処理", "Interest rounding"),
    "loans.five_year_rule": ("5年ルール（返済額の見直しは5年ごと）",
                             "Five-year rule (payment reset every 5 years)"),
    "loans.payment_cap_125": ("125%ルール（返済額の増加は1.25倍まで）", "125% cap on payment increases"),
    "property.land_parcels": ("土地の筆数", "Land parcels"),
    "property.buildings": ("建物の数", "Buildings"),
    "property.built_on": ("建築日", "Built on"),
    "property.tax_office": ("差押えている役所", "Seizing tax office"),
    "valuation.appraisals": ("査定", "Appraisal"),
    "valuation.road_price_per_m2": ("路線価（1㎡あたり）", "Road price per m²"),
    "valuation.land_area_m2": ("土地の面積", "Land area"),
    "valuation.building_replacement_cost": ("建物の再調達価格", "Building replacement cost"),
    "household.other_debts": ("ほかの借金", "Other debt"),
    "household.assets": ("財産", "Asset"),
    "divorce.contributions": ("特有財産からの支出", "Separate money put in"),
    "divorce.share": ("1人目の配偶者の分与割合", "First spouse's share"),
    "residual.debtor": ("整理する人", "Whose debt is settled"),
    "residual.negotiated_rate": ("分割中の利息", "Interest while paying in instalments"),
    "residual.plan_years": ("個人再生の弁済期間", "Rehabilitation plan length"),
    "residual.filing_date": ("申立予定日", "Planned filing date"),
    "residual.lawyer": ("弁護士に依頼する", "A lawyer is instructed"),
    "residual.discharge_concerns": ("免責の調査が必要な事情がある", "Grounds needing a discharge inquiry"),
    "residual.previous_discharge": ("以前の免責などの日", "Earlier discharge on"),
    "rescheduling.rank": ("変更するローンの抵当権の順位", "Rank of the loan rescheduled"),
    "liens.rank": ("順位", "Rank"),
    "liens.holder": ("権利者", "Holder"),
    "liens.kind": ("種類", "Kind"),
    "liens.balance": ("売却日の請求額", "Amount claimed on the sale date"),
    "liens.principal": ("残元金", "Principal outstanding"),
    "liens.consents": ("任意売却に同意している", "Agrees to a short sale"),
    "liens.housing_loan": ("住宅ローンの抵当権", "Secures a housing loan"),
    "liens.debtors": ("債務者", "Debtors"),
    "liens.term_years": ("償還期間", "Repayment term"),
    "household.other_debts.kind": ("種類", "Kind"),
    "household.other_debts.owner": ("誰の借金か", "Whose debt"),
    "household.other_debts.creditor": ("債権者", "Creditor"),
    "household.other_debts.contract_date": ("契約日", "Contract date"),
    "household.other_debts.guarantors": ("連帯保証人", "Joint guarantors"),
    "household.other_debts.marital": ("夫婦の生活のための借金", "Debt of the marriage"),
    "household.assets.kind": ("種類", "Kind"),
    "household.assets.amount": ("金額", "Amount"),
    "household.assets.owner": ("名義", "Owner"),
    "household.assets.name": ("名前", "Name"),
    "household.assets.separate": ("特有財産", "Separate property"),
    "divorce.contributions.kind": ("使い道", "Used for"),
    "divorce.contributions.paid_on": ("出した日", "Paid on"),
    "trade_up.new_home_price": ("次の家の価格", "Next home's price"),
    "trade_up.rate": ("次のローンの金利", "Next loan's rate"),
    "trade_up.years": ("次のローンの期間", "Next loan's term"),
    "trade_up.purchase_costs": ("次の家の購入諸費用", "Next home's purchase costs"),
}
# Units of entries whose case-file type does not say (free text read by the loan builder).
_UNITS: dict[str, str] = {"loans.principal": "yen", "liens.balance": "yen", "loans.years": "years",
                          "loans.payment_day": "day", "valuation.land_area_m2": "m2"}
_NUMBERED = re.compile(r"^(査定|Appraisal |売るための費用 |Selling expense )\d+: "
                       r"|^ほかの借金の|^Another debt: |\s*[0-9]+$|（2本目）| \(second loan\)")
"""The numbering of the form's repeated rows (査定1, 2本目 …): the report heads each entry instead."""
_INDEX = re.compile(r"\[\d+\]")


class FormField(Protocol):
    """A field of the guided form (``zansai.web.forms.Field``): its words are the report's labels."""

    @property
    def label(self) -> Text: ...
    @property
    def choices(self) -> tuple[tuple[str, Text], ...]: ...
    @property
    def suffix(self) -> Text | None: ...


Fields = Mapping[str, FormField]
"""The guided form's fields by case-file path (``loans[0].rate``), handed in by the shell."""


def input_groups(data: Mapping[str, Any] | BaseModel, lang: str,
                 fields: Fields | None = None) -> list[InputGroup]:
    """The case file's inputs as headed groups of (label, value with unit) rows; ``fields`` (the
    guided form's) give the words a homeowner already saw, the rest come from this module."""
    from zansai.case.schema import CaseFile

    cf = data if isinstance(data, CaseFile) else CaseFile.model_validate(data)
    given = cf.model_dump(exclude_unset=True)
    groups: list[InputGroup] = []
    for key, title in _GROUPS:
        name = i18n.pick(title, lang)
        if key == "":
            top = {k: v for k, v in given.items()
                   if k not in _SKIP and k not in dict(_GROUPS) and k != ""}
            rows = _rows(CaseFile, top, "", lang, fields or {})
            if rows:
                groups.append(InputGroup(name, tuple(rows)))
            continue
        value = given.get(key)
        model = _model_of(CaseFile.model_fields[key].annotation)
        if isinstance(value, list):
            for i, item in enumerate(value, 1):
                rows = _rows(model, item, f"{key}[{i - 1}]", lang, fields or {}) if model else []
                label = item.get("name") or item.get("holder") if isinstance(item, dict) else None
                head = f"{name} {i}" + (f" — {label}" if label else "")
                if rows:
                    groups.append(InputGroup(head, tuple(rows)))
        elif isinstance(value, dict) and model:
            rows = _rows(model, value, key, lang, fields or {})
            if rows:
                groups.append(InputGroup(name, tuple(rows)))
    return groups


def _rows(model: type[BaseModel], values: Mapping[str, Any], path: str, lang: str,
          fields: Fields) -> list[InputRow]:
    rows: list[InputRow] = []
    for key, value in values.items():
        if key in _SKIP or value is None or key not in model.model_fields:
            continue
        info = model.model_fields[key]
        here = f"{path}.{key}" if path else key
        sub = _model_of(info.annotation)
        if sub is not None and isinstance(value, dict):
            rows += _rows(sub, value, here, lang, fields)
        elif sub is not None and isinstance(value, list):
            for i, item in enumerate(value, 1):
                parts = _rows(sub, item, f"{here}[{i - 1}]", lang, fields)
                text = "; ".join(f"{r.label}: {r.value}" for r in parts)
                rows.append(InputRow(f"{_label(here, info.description, lang, fields)} {i}", text))
        else:
            field = fields.get(here) or fields.get(_first_index(here))
            rows.append(InputRow(_label(here, info.description, lang, fields),
                                 _value(here, info, value, lang, field)))
    return rows


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X``, ``X | None`` or ``list[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _label(path: str, description: str | None, lang: str, fields: Fields) -> str:
    bare = _INDEX.sub("", path)
    field = fields.get(path) or fields.get(_first_index(path))
    if field is not None and bare not in _LABELS:
        return _NUMBERED.sub("", i18n.pick(field.label, lang)).strip()
    if bare in _LABELS:
        return i18n.pick(_LABELS[bare], lang)
    if description:  # the schema's own short description (Japanese), up to its first aside
        return re.split(r" \(|;|: ", description, maxsplit=1)[0]
    return bare.rsplit(".", 1)[-1].replace("_", " ")


def _first_index(path: str) -> str:
    return _INDEX.sub("[0]", path)


def _kind(path: str, info: FieldInfo) -> str:
    """yen, percent or years, read from the case-file type (its validator), else from _UNITS."""
    from zansai.case import schema

    bare = _INDEX.sub("", path)
    if bare in _UNITS:
        return _UNITS[bare]
    validators = {getattr(m, "func", None) for m in info.metadata}
    for arg in _flat_args(info.annotation):
        validators |= {getattr(m, "func", None) for m in getattr(arg, "__metadata__", ())}
    for kind, func in (("yen", schema._yen), ("percent", schema._percent_text), ("years", schema._years)):
        if func in validators:
            return kind
    return ""


def _flat_args(annotation: Any) -> list[Any]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return list(typing.get_args(annotation))
    return []


def _value(path: str, info: FieldInfo, value: Any, lang: str, field: FormField | None) -> str:
    """A value in words with its unit."""
    en = lang == "en"
    if field is not None and field.choices:
        for choice, words in field.choices:
            if choice == (value.value if isinstance(value, Enum) else value):
                return i18n.pick(words, lang)
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("はい" if value else "いいえ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return (", " if en else "、").join(str(v) for v in value)
    return _with_unit(_kind(path, info), value, field.suffix if field else None, lang)


def _with_unit(kind: str, value: Any, suffix: Text | None, lang: str) -> str:
    en = lang == "en"
    if kind == "yen":
        from zansai.inputs import parse_yen

        amount = value if isinstance(value, int) else parse_yen("yen", str(value), allow_zero=True)
        return i18n.yen(amount, lang)
    if kind == "percent":
        return f"{value}%"
    if kind == "years":
        return f"{value} years" if en else f"{value}年"
    if kind == "day":
        return f"day {value}" if en else f"{value}日"
    if kind == "m2":
        return f"{value} m²" if en else f"{value}㎡"
    if suffix:
        return f"{value} {suffix[1]}" if en else f"{value}{suffix[0]}"
    return str(value)
