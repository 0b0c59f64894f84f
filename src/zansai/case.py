"""The case file: one household's situation in TOML, YAML or JSON (ケースファイル).

Validated with pydantic at the edge. Every mistake becomes one bilingual ``InputError`` that
names the field path (``loans[1].rank``), the problem and what is allowed; inconsistent inputs
(a sale date before a loan starts, two liens of one rank, co-owner shares over 100%) are
rejected here, before the engine runs. ``case_json_schema()`` is what ``zansai schema`` prints.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from zansai.errors import DomainError, InputError, RuleDataError
from zansai.inputs import parse_percent, parse_yen, today_jst
from zansai.loanfile import LoanEntry, entry_key
from zansai.loanspec import build_loan
from zansai.model import (
    Appraisal,
    Asset,
    AssetKind,
    Case,
    Contribution,
    ContributionKind,
    Debt,
    DebtKind,
    DivisionMethod,
    Divorce,
    ExitKey,
    Household,
    LenderType,
    Lien,
    LienKind,
    OverloanView,
    Person,
    Property,
    PropertyKind,
    ProrationStart,
    ResidualOptions,
    Structure,
    TradeUp,
)
from zansai.money import format_percent, format_yen
from zansai.rules import RuleBook

SCHEMA_VERSION = 1


def _custom(ja: str, en: str) -> PydanticCustomError:
    return PydanticCustomError("zansai", "{en}", {"ja": ja, "en": en})


def _yen(raw: object) -> int:
    if isinstance(raw, bool) or raw is None:
        raise _custom("円単位の整数（例: 30000000 または \"3000万\"）を指定してください",
                      "give whole yen such as 30000000 or \"3000万\"")
    try:
        return parse_yen("yen", raw if isinstance(raw, int) else str(raw), allow_zero=True)
    except InputError:
        raise _custom("円単位の整数（例: 30000000 または \"3000万\"）を指定してください",
                      "give whole yen such as 30000000 or \"3000万\"") from None


def _share(raw: object) -> Fraction:
    """An ownership share: ``"1/2"`` or ``"50%"``; a bare number (0.5? 50?) is refused as ambiguous."""
    text = str(raw).strip()
    if "/" not in text and not text.endswith("%"):
        raise _custom("持分は \"1/2\" か \"50%\" の形で指定してください（数字だけでは割合か%か分かりません）",
                      "give the share as \"1/2\" or \"50%\" (a bare number is ambiguous)")
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            value = Fraction(int(num), int(den))
        else:
            value = Fraction(Decimal(text.removesuffix("%"))) / 100
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise _custom("持分は \"1/2\" か \"50%\" の形で指定してください",
                      "give the share as \"1/2\" or \"50%\"") from None
    if not 0 <= value <= 1:
        raise _custom("持分は 0〜100% です", "a share must be between 0 and 100%")
    return value


def _percent_text(raw: object) -> str:
    # TOML `rate = 1.5` arrives as a float; its shortest repr is the decimal the user wrote.
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return repr(raw)
    return str(raw)


_YEN_SCHEMA = {"anyOf": [{"type": "integer", "minimum": 0},
                         {"type": "string", "pattern": r"^[0-9][0-9,_]*(円)?$|^[0-9]+(\.[0-9]+)?万(円)?$"}],
               "description": "円: an integer, or a string such as \"3000万\" or \"30,000,000\""}
YenIn = Annotated[int, BeforeValidator(_yen), WithJsonSchema(_YEN_SCHEMA)]
def _date_range(value: date) -> date:
    if not date(1900, 1, 1) <= value <= date(2200, 12, 31):
        raise _custom("1900-01-01 から 2200-12-31 までの日付を指定してください",
                      "give a date from 1900-01-01 to 2200-12-31")
    return value


DateIn = Annotated[date, AfterValidator(_date_range)]
"""A date of the case file: bounded so that date arithmetic (claims, credit records) stays in range."""
ShareIn = Annotated[Fraction, BeforeValidator(_share),
                    PlainSerializer(lambda f: f"{f.numerator}/{f.denominator}", return_type=str),
                    WithJsonSchema({"type": "string", "examples": ["1/2", "50%"],
                                    "description": "持分: a fraction \"1/2\" or a percentage \"50%\""})]
PercentIn = Annotated[str, BeforeValidator(_percent_text),
                      WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}],
                                      "description": "percent: 1.5 means 1.5%"})]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PropertyIn(_Model):
    """物件: the home being sold."""

    kind: Literal["house", "condo"] = Field(description="house (戸建て) or condo (マンション)")
    land_parcels: int = Field(1, ge=0, le=100, description="土地の筆数 (condo: 敷地権の筆数)")
    buildings: int = Field(1, ge=1, le=20, description="建物の個数 (condo: 1 専有部分)")
    acquired_on: DateIn = Field(description="取得日 (引渡日)")
    acquisition_price: YenIn = Field(description="購入価格")
    land_price: YenIn | None = Field(None, description="購入価格のうち土地")
    building_price: YenIn | None = Field(None, description="購入価格のうち建物")
    acquisition_costs: YenIn = Field(0, description="購入時の諸費用 (取得費に加算)")
    structure: Structure = Field(Structure.WOOD, description="建物の構造 (減価償却)")
    built_on: DateIn | None = Field(None, description="建築日 (建物の原価法評価)")
    annual_property_tax: YenIn = Field(0, description="固定資産税＋都市計画税 年額 (納税通知書)")
    proration_start: ProrationStart | None = Field(
        None, description="日割り精算の起算日: january_1 (関東) or april_1 (関西); default: rule book")
    unpaid_management_fees: YenIn = Field(0, description="滞納管理費")
    unpaid_repair_reserve: YenIn = Field(0, description="滞納修繕積立金")
    monthly_management_fee: YenIn | None = Field(None, description="管理費＋修繕積立金 月額 (5年上限の判定)")
    unpaid_taxes: YenIn = Field(0, description="滞納税金 (固定資産税など)")
    tax_seized: bool = Field(False, description="税務署・市区町村が差押えているか")
    tax_office: str = Field("税務署・市区町村", description="差押えている役所の名前")
    lived_in: bool = Field(True, description="自分が住んでいる (3,000万円控除など)")
    moved_out_on: DateIn | None = Field(None, description="住まなくなった日")


class AppraisalIn(_Model):
    source: str = Field(description="査定した会社")
    amount: YenIn


class ValuationIn(_Model):
    """査定と時価."""

    market_value: YenIn | None = Field(None, description="時価 (the central value, if known)")
    appraisals: list[AppraisalIn] = Field(default_factory=list, description="不動産会社の査定")
    road_price_per_m2: YenIn | None = Field(None, description="路線価 円/㎡")
    land_area_m2: Decimal | None = Field(None, gt=0, description="土地面積 ㎡")
    building_replacement_cost: YenIn | None = Field(None, description="建物の再調達価格")


class CaseLoan(LoanEntry):
    """A home loan with its lien: the loan fields of ``zansai schedule --file`` plus the lien."""

    rate: PercentIn = Field(description="annual rate in percent (1.2 means 1.2%)")
    bonus_share: PercentIn | None = Field(None, description="ボーナス返済分の割合 % (≤ 40)")

    start: str = Field(description="first payment month YYYY-MM")
    rank: int = Field(1, ge=1, le=20, description="抵当権の順位")
    holder: str = Field("", description="金融機関の名前")
    lender: Literal["bank", "jhf"] = Field(
        "bank", description="bank (保証会社付き) or jhf (住宅金融支援機構)")
    guarantee_company: str | None = Field(None, description="保証会社 (bank loans)")
    late_rate: PercentIn | None = Field(None, description="遅延損害金の約定利率 %, default: practice")
    debtors: list[str] = Field(default_factory=list, description="債務者 (names in [[people]])")
    guarantors: list[str] = Field(default_factory=list, description="連帯保証人 (names in [[people]])")
    consents: bool | None = Field(None, description="任意売却に同意しているか (unknown if absent)")
    contract_date: DateIn | None = Field(None, description="契約日 (時効の新旧法; default: the month before "
                                       "the first payment)")


class LienIn(_Model):
    """Another registered right without a schedule: a second mortgage or a tax seizure."""

    rank: int = Field(ge=1, le=20, description="順位")
    holder: str
    kind: Literal["mortgage", "tax_seizure"] = "mortgage"
    balance: YenIn = Field(description="請求額 on the sale date")
    principal: YenIn | None = Field(None, description="残元金 (for the 1割 release-fee test)")
    consents: bool | None = None


class DebtIn(_Model):
    """Another debt: cards, a car loan, unpaid child support, taxes."""

    name: str
    amount: YenIn = Field(description="残高 (請求額)")
    monthly_payment: YenIn = Field(0, description="今の返済額 月額")
    kind: DebtKind = Field(DebtKind.ORDINARY,
                           description="ordinary (カード等), support (未払いの養育費・婚姻費用), "
                           "tax (税金・社会保険料)")
    owner: str | None = Field(None, description="誰の債務か (name in [[people]]); default: the main debtor")
    creditor: str = Field("", description="債権者")
    contract_date: DateIn | None = Field(None, description="契約日 (時効の新旧法)")
    guarantors: list[str] = Field(default_factory=list, description="連帯保証人 (names in [[people]])")
    marital: bool = Field(True, description="夫婦の生活のための債務か (財産分与で差し引く)")


class AssetIn(_Model):
    """Something owned besides the home (清算価値, 破産の振り分け, 財産分与)."""

    kind: AssetKind = Field(description="cash, deposit, insurance (解約返戻金), securities, car, "
                            "retirement (退職金見込額), other")
    amount: YenIn
    owner: str | None = Field(None, description="名義 (name in [[people]]); absent: joint")
    name: str = ""
    separate: bool = Field(False, description="特有財産 (婚姻前・相続・贈与): 財産分与の対象外")


class HouseholdIn(_Model):
    savings: YenIn = Field(0, description="預貯金")
    relatives_help: YenIn = Field(0, description="親族からの援助")
    monthly_income: YenIn = Field(0, description="手取り月収")
    monthly_living_costs: YenIn = Field(0, description="生活費 月額 (住居費を除く)")
    monthly_rent_after_sale: YenIn | None = Field(None, description="売却後の家賃 月額")
    other_debts: list[DebtIn] = Field(default_factory=list)
    assets: list[AssetIn] = Field(default_factory=list, description="預貯金・保険・車・退職金など")
    annual_minimum_living_cost: YenIn | None = Field(
        None, description="最低生活費 年額 (民再241条3項の政令の額; 給与所得者等再生の可処分所得)")
    salaried: bool = Field(True, description="給与など定期的な収入がある (給与所得者等再生)")


class PersonIn(_Model):
    name: str
    share: ShareIn = Field(Fraction(0), description="所有持分 \"1/2\" or \"50%\"")
    consents: bool | None = Field(None, description="売却に同意しているか")


class DelinquencyIn(_Model):
    first_missed: DateIn | None = Field(None, description="最初に払えなかった返済日")


class TradeUpIn(_Model):
    """住み替えローン: the next home."""

    new_home_price: YenIn
    rate: PercentIn
    years: int = Field(35, ge=1, le=50)
    purchase_costs: YenIn = 0


class ResidualIn(_Model):
    """残債の整理: choices for the routes after the sale."""

    exit: str | None = Field(None, description="どの出口の残債か (exit key); default: the best exit")
    debtor: str | None = Field(None, description="誰の整理か (name in [[people]]); default: the main debtor")
    monthly_payment: YenIn | None = Field(
        None, description="交渉で払える月額; default: 手取り − 生活費 − 家賃")
    settlement: YenIn | None = Field(None, description="一括和解を試す額 (never assumed)")
    negotiated_rate: PercentIn = Field("0", description="分割中の利息 % (将来利息; default 0)")
    plan_years: int | None = Field(None, ge=1, le=10, description="個人再生の弁済期間 (3, up to 5)")
    instalment_rounding: Literal["ceil", "floor"] = Field(
        "ceil", description="再生計画の毎月の額の端数: ceil (切上げ) or floor (切捨て); "
        "the last pays the rest")
    filing_date: DateIn | None = Field(None, description="申立予定日; default: the exit's completion")
    lawyer: bool = Field(True, description="弁護士に依頼する")
    discharge_concerns: bool = Field(False, description="免責不許可事由の調査が必要 (浪費など) → 管財")
    previous_discharge: DateIn | None = Field(None, description="以前の免責確定・給与所得者等再生の認可の日")


class ContributionIn(_Model):
    """特有財産 put into the home."""

    spouse: str = Field(description="出した人 (name in [[people]])")
    amount: YenIn
    kind: ContributionKind = Field(ContributionKind.DOWN_PAYMENT,
                                   description="down_payment (頭金) or prepayment (繰上返済)")
    source: Literal["pre_marriage_savings", "gift", "inheritance"] = Field(
        "pre_marriage_savings", description="婚姻前の貯金, 親からの贈与, 相続")
    paid_on: DateIn | None = None


class DivorceIn(_Model):
    """財産分与: the couple's dates and the separate money in the home."""

    spouses: list[str] = Field(min_length=2, max_length=2,
                               description="the two spouses (names in [[people]])")
    separation_date: DateIn = Field(description="別居日 (ローン残高・預貯金の基準日)")
    divorce_date: DateIn | None = Field(None, description="離婚日 (済み or 予定): 請求期限")
    married_on: DateIn | None = Field(None, description="婚姻日")
    contributions: list[ContributionIn] = Field(default_factory=list,
                                                description="特有財産からの頭金・繰上返済")
    method: Literal["tokyo_ratio", "net_ratio", "purchase_share", "face_value_set_aside",
                    "face_value_credit", "revalued_credit"] | None = Field(
        None, description="特有財産の評価方法; default: tokyo_ratio (東京家裁の運用)")
    overloan: OverloanView | None = Field(None, description="netting (通算説) or exclusion (除外説)")
    keeper: str | None = Field(None, description="家に住み続ける人 (代償金の計算)")
    share: ShareIn | None = Field(None, description="first spouse's share (default 1/2: 768条3項)")


class CaseFile(_Model):
    """zansai case file (one household, one home)."""

    schema_version: Literal[1] = 1
    title: str = ""
    at: DateIn | None = Field(None, description="計算基準日 (default: today in Japan)")
    sale_date: DateIn | None = Field(None, description="売却 (決済) 予定日 (default: the calculation date)")
    property: PropertyIn
    valuation: ValuationIn
    loans: list[CaseLoan] = Field(min_length=1, description="住宅ローン (at least one)")
    liens: list[LienIn] = Field(default_factory=list)
    household: HouseholdIn = Field(default_factory=lambda: HouseholdIn())
    people: list[PersonIn] = Field(default_factory=list)
    delinquency: DelinquencyIn = Field(default_factory=lambda: DelinquencyIn())
    trade_up: TradeUpIn | None = None
    moving_cost: YenIn | None = Field(None, description="引越費用 (default: practice)")
    leaseback_years: int = Field(10, ge=1, le=50, description="リースバックで住み続ける年数 (比較用)")
    residual: ResidualIn = Field(default_factory=lambda: ResidualIn(), description="残債の整理の選択")
    divorce: DivorceIn | None = Field(None, description="離婚の財産分与")
    overrides: dict[str, str | int | bool] = Field(
        default_factory=dict, description="実務の既定値の上書き: rule key → value")

    @field_validator("overrides", mode="before")
    @classmethod
    def _override_numbers(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: _percent_text(v) if isinstance(v, float) else v for k, v in value.items()}
        return value


_JA = {
    "missing": "必須の項目です",
    "extra_forbidden": "使えない項目です（綴りを確認してください）",
    "int_parsing": "整数を指定してください",
    "int_type": "整数を指定してください",
    "int_from_float": "整数を指定してください",
    "bool_type": "true か false を指定してください",
    "bool_parsing": "true か false を指定してください",
    "date_from_datetime_parsing": "日付を YYYY-MM-DD で指定してください",
    "date_parsing": "日付を YYYY-MM-DD で指定してください",
    "date_type": "日付を YYYY-MM-DD で指定してください",
    "string_type": "文字列を指定してください",
    "list_type": "リスト（配列）を指定してください",
    "model_type": "表（テーブル）を指定してください",
    "dict_type": "表（テーブル）を指定してください",
    "decimal_parsing": "数値を指定してください",
}


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(case)"


def _from_validation(exc: ValidationError, source: str) -> InputError:
    return _input_error(exc.errors()[0], source)


def validation_errors(raw: object, *, source: str = "case") -> list[InputError]:
    """Every problem of a case (not only the first), for a form that marks each field.

    Schema errors come first; when the schema passes, the first cross-field check that fails
    (``build_case``) is returned alone.
    """
    if not isinstance(raw, dict):
        return [_fail(source, "(case)", "ケースは表（オブジェクト）で書いてください",
                      "a case must be a table (object)")]
    try:
        cf = CaseFile.model_validate(raw)
    except ValidationError as exc:
        return [_input_error(err, source) for err in exc.errors()]
    try:
        build_case(cf, source=source)
    except InputError as exc:
        return [exc]
    return []


def _input_error(err: Any, source: str) -> InputError:
    where = _where(tuple(x for x in err["loc"] if x not in ("function-before",)))
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "zansai":
        ja, en = str(ctx["ja"]), str(ctx["en"])
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()))
        word = {"greater_than_equal": ("以上", "at least"), "greater_than": ("より大きく", "above"),
                "less_than_equal": ("以下", "at most"), "less_than": ("未満", "below")}[kind]
        ja, en = f"{bound} {word[0]}にしてください", f"it must be {word[1]} {bound}"
    elif kind in ("literal_error", "enum"):
        allowed = str(ctx.get("expected", ""))
        ja, en = f"次のどれかを指定してください: {allowed}", f"choose one of: {allowed}"
    else:
        ja, en = _JA.get(kind, f"正しくありません（{err['msg']}）"), err["msg"]
    value = err.get("input", "")
    shown = "" if isinstance(value, dict | list) or kind == "missing" else f" = {value!s}"
    return _fail(source, where, ja, en, shown=shown)


def _fail(source: str, where: str, ja: str, en: str, *, shown: str = "") -> InputError:
    """"case.toml: loans[0].rate = 2.x: …": the file, the field (and the value), the problem."""
    err = InputError(f"{source}: {where}{shown}: {ja}", f"{source}: {where}{shown}: {en}", field=where)
    err.problem = (ja, en)
    return err


ENGINE_FIELDS = {"loan.first_missed": "delinquency.first_missed", "case.at": "at", "case.loans": "loans"}
"""The engine's domain paths whose case-file name differs; the others (``valuation.market_value``,
``residual.exit``, ``divorce.method``, ``property.built_on`` …) are case-file paths already."""


def engine_error(exc: DomainError, source: str) -> InputError:
    """An engine error named by the case file's field, like the file's other errors."""
    ja, en = exc.detail()
    return _fail(source, ENGINE_FIELDS.get(exc.field or "", exc.field or "(case)"), ja, en)


@contextmanager
def case_errors(source: str) -> Iterator[None]:
    """Run the engine on a case: its domain errors come out named by the case file's fields."""
    try:
        yield
    except DomainError as exc:
        raise engine_error(exc, source) from None


def read_case_file(path: str) -> CaseFile:
    """Parse and validate a case file (TOML, YAML or JSON by its extension)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError.invalid("CASE", path, "読めるファイルを指定してください",
                                 f"the file cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError.invalid("CASE", path, "UTF-8 のテキストファイルを指定してください",
                                 "the file must be UTF-8 text") from None
    raw = parse_case_text(text, path, field="CASE")
    return parse_case_data(raw, source=p.name)


def parse_case_text(text: str, name: str, *, field: str) -> object:
    """The raw table of a case file's text: JSON, YAML or TOML by the name's extension."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix in (".yaml", ".yml"):
            import yaml

            return yaml.safe_load(text)
        return tomllib.loads(text)
    except Exception as exc:  # each parser raises its own error type; all mean "not readable"
        detail = " ".join(str(exc).split())  # parsers' messages span several lines
        raise InputError.invalid(field, name, f"{suffix or 'TOML'} として読めません（{detail}）",
                                 f"it is not valid {suffix.lstrip('.') or 'TOML'} ({detail})") from None


def parse_case_data(raw: object, *, source: str = "case") -> CaseFile:
    if not isinstance(raw, dict):
        raise _fail(source, "(case)", "ケースは表（オブジェクト）で書いてください",
                    "a case must be a table (object)")
    try:
        return CaseFile.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation(exc, source) from None


def build_case(cf: CaseFile, *, source: str = "case", today: date | None = None,
               book: RuleBook | None = None) -> tuple[Case, RuleBook]:
    """Turn a validated file into the engine's ``Case`` and the rule book with its overrides."""
    book = book or RuleBook.default()
    at = cf.at or today or today_jst()
    sale_date = cf.sale_date or at
    if sale_date < at:
        raise _fail(source, "sale_date", f"計算基準日 {at} 以降の日付にしてください",
                    f"it must be on or after the calculation date {at}")
    for key, value in cf.overrides.items():
        try:
            book = book.with_overrides({key: value})
        except RuleDataError as exc:
            raise _fail(source, f"overrides.{key}", *exc.problem) from None
        except InputError as exc:
            raise _fail(source, f"overrides.{key}", exc.message_ja, exc.message_en) from None

    names = [p.name for p in cf.people]
    if len(set(names)) != len(names):
        raise _fail(source, "people", "同じ名前の人が2人います", "two people have the same name")
    total_share = sum((p.share for p in cf.people), Fraction(0))
    if total_share > 1:
        raise _fail(source, "people", f"持分の合計が {format_percent(total_share)} で、100% を超えています",
                    f"the ownership shares add up to {format_percent(total_share)}, over 100%")

    prop_in = cf.property
    if (prop_in.land_price is None) != (prop_in.building_price is None):
        raise _fail(source, "property.land_price", "土地と建物の価格は両方指定するか、両方省略してください",
                    "give both land_price and building_price, or neither")
    if prop_in.land_price is not None and prop_in.building_price is not None and \
            prop_in.land_price + prop_in.building_price != prop_in.acquisition_price:
        raise _fail(source, "property.building_price",
                    "土地＋建物の価格が購入価格と一致しません",
                    "land_price + building_price must equal acquisition_price")
    if prop_in.acquired_on > sale_date:
        raise _fail(source, "property.acquired_on", f"売却日 {sale_date} より前の日付にしてください",
                    f"it must be before the sale date {sale_date}")
    if prop_in.kind == "condo" and prop_in.buildings != 1:
        raise _fail(source, "property.buildings", "マンションの専有部分は 1 です",
                    "a condominium unit counts as 1 building")

    prop = Property(
        kind=PropertyKind(prop_in.kind), land_parcels=prop_in.land_parcels,
        buildings=prop_in.buildings, acquired_on=prop_in.acquired_on,
        acquisition_price=prop_in.acquisition_price, land_price=prop_in.land_price,
        building_price=prop_in.building_price, structure=prop_in.structure,
        acquisition_costs=prop_in.acquisition_costs, annual_property_tax=prop_in.annual_property_tax,
        proration_start=prop_in.proration_start,
        unpaid_management_fees=prop_in.unpaid_management_fees,
        unpaid_repair_reserve=prop_in.unpaid_repair_reserve, unpaid_taxes=prop_in.unpaid_taxes,
        tax_seized=prop_in.tax_seized, lived_in=prop_in.lived_in, moved_out_on=prop_in.moved_out_on,
        built_on=prop_in.built_on,
    )

    val = cf.valuation
    if val.market_value is None and not val.appraisals and val.road_price_per_m2 is None:
        raise _fail(source, "valuation", "時価 (market_value)、査定 (appraisals)、路線価のどれかが必要です",
                    "give a market_value, at least one appraisal, or a road price")
    if val.road_price_per_m2 is not None and val.land_area_m2 is None:
        raise _fail(source, "valuation.land_area_m2", "路線価を使うには土地面積が必要です",
                    "a road price needs the land area")

    liens: list[Lien] = []
    ranks: dict[int, str] = {}
    first_missed = cf.delinquency.first_missed

    def take_rank(rank: int, where: str) -> None:
        if rank in ranks:
            raise _fail(source, where, f"順位 {rank} は {ranks[rank]} と重なっています",
                        f"rank {rank} is already taken by {ranks[rank]}")
        ranks[rank] = where

    def check_names(items: list[str], where: str) -> tuple[str, ...]:
        for i, n in enumerate(items):
            if n not in names:
                raise _fail(source, f"{where}[{i}]", f"{n} は [[people]] にいません",
                            f"{n} is not listed in [[people]]")
        return tuple(items)

    for i, entry in enumerate(cf.loans):
        where = f"loans[{i}]"
        take_rank(entry.rank, f"{where}.rank")
        try:
            loan = build_loan(entry.options(today=at), book).loan
        except InputError as exc:
            raise _fail(source, f"{where}.{entry_key(exc.field or '')}", *exc.detail()) from None
        late = None
        if entry.late_rate is not None:
            try:
                late = parse_percent("late_rate", entry.late_rate)
            except InputError as exc:
                raise _fail(source, f"{where}.late_rate", exc.message_ja, exc.message_en) from None
        if sale_date < loan.first_payment.replace(day=1):
            raise _fail(source, "sale_date",
                        f"{where} の返済開始 {loan.first_payment} より前です",
                        f"it is before {where} starts ({loan.first_payment})")
        if first_missed is not None and first_missed < loan.first_payment:
            raise _fail(source, "delinquency.first_missed",
                        f"{where} の初回返済日 {loan.first_payment} より前です",
                        f"it is before the first payment of {where} ({loan.first_payment})")
        if entry.contract_date is not None and entry.contract_date > loan.first_payment:
            raise _fail(source, f"{where}.contract_date",
                        f"初回返済日 {loan.first_payment} より後です", f"it is after the first payment "
                        f"({loan.first_payment})")
        if entry.lender == "jhf" and entry.guarantee_company:
            raise _fail(source, f"{where}.guarantee_company",
                        "住宅金融支援機構のローンに保証会社はありません",
                        "a 住宅金融支援機構 (JHF) loan has no guarantee company")
        liens.append(Lien(
            rank=entry.rank, holder=entry.holder or entry.name, kind=LienKind.MORTGAGE,
            lender=LenderType(entry.lender), loan=replace(loan, name=entry.name), late_rate=late,
            guarantor_company=entry.guarantee_company if entry.lender == "bank" else None,
            debtors=check_names(entry.debtors, f"{where}.debtors"),
            guarantors=check_names(entry.guarantors, f"{where}.guarantors"),
            loan_term_years=int(entry.years), contract_date=entry.contract_date,
        ))
    for i, lien_in in enumerate(cf.liens):
        where = f"liens[{i}]"
        take_rank(lien_in.rank, f"{where}.rank")
        if lien_in.principal is not None and lien_in.principal > lien_in.balance:
            raise _fail(source, f"{where}.principal", "残元金は請求額以下です",
                        "the principal cannot exceed the balance")
        liens.append(Lien(rank=lien_in.rank, holder=lien_in.holder, kind=LienKind(lien_in.kind),
                          lender=LenderType.BANK, balance=lien_in.balance,
                          principal=lien_in.principal, consents=lien_in.consents))
    if first_missed is not None and first_missed > at:
        raise _fail(source, "delinquency.first_missed",
                    f"計算基準日 {at} より後の日付です（まだ延滞していなければ省略してください）",
                    f"it is after the calculation date {at} (leave it out if no payment has been missed)")
    if first_missed is not None and not cf.loans:
        raise _fail(source, "delinquency.first_missed", "延滞を計算するローンがありません",
                    "there is no loan in [[loans]] to be behind on")
    # consents of loan lienholders
    liens = [replace(lien, consents=cf.loans[i].consents) if i < len(cf.loans) else lien
             for i, lien in enumerate(liens)]
    liens.sort(key=lambda lien: lien.rank)

    hh = cf.household
    debts: list[Debt] = []
    for i, d in enumerate(hh.other_debts):
        where = f"household.other_debts[{i}]"
        if d.owner is not None and d.owner not in names:
            raise _fail(source, f"{where}.owner", f"{d.owner} は [[people]] にいません",
                        f"{d.owner} is not listed in [[people]]")
        debts.append(Debt(d.name, d.amount, d.monthly_payment, kind=d.kind, owner=d.owner,
                          creditor=d.creditor, contract_date=d.contract_date,
                          guarantors=check_names(d.guarantors, f"{where}.guarantors"),
                          marital=d.marital))
    assets: list[Asset] = []
    for i, a in enumerate(hh.assets):
        if a.owner is not None and a.owner not in names:
            raise _fail(source, f"household.assets[{i}].owner", f"{a.owner} は [[people]] にいません",
                        f"{a.owner} is not listed in [[people]]")
        assets.append(Asset(kind=a.kind, amount=a.amount, owner=a.owner, name=a.name, separate=a.separate))
    residual = _residual_options(cf.residual, source, names)
    divorce = _divorce(cf.divorce, source, check_names, prop, sale_date) if cf.divorce else None
    trade = None
    if cf.trade_up is not None:
        try:
            rate = parse_percent("trade_up.rate", cf.trade_up.rate)
        except InputError as exc:
            raise _fail(source, "trade_up.rate", exc.message_ja, exc.message_en) from None
        trade = TradeUp(new_home_price=cf.trade_up.new_home_price, annual_rate=rate,
                        years=cf.trade_up.years, purchase_costs=cf.trade_up.purchase_costs)
    case = Case(
        title=cf.title, property=prop,
        appraisals=tuple(Appraisal(a.source, a.amount) for a in val.appraisals),
        market_value=val.market_value, liens=tuple(liens),
        household=Household(
            savings=hh.savings, relatives_help=hh.relatives_help, monthly_income=hh.monthly_income,
            monthly_living_costs=hh.monthly_living_costs,
            monthly_rent_after_sale=hh.monthly_rent_after_sale, other_debts=tuple(debts),
            assets=tuple(assets), annual_minimum_living_cost=hh.annual_minimum_living_cost,
            salaried=hh.salaried,
        ),
        people=tuple(Person(p.name, p.share, p.consents) for p in cf.people),
        sale_date=sale_date, at=at, first_missed=first_missed,
        road_price_per_m2=val.road_price_per_m2, land_area_m2=val.land_area_m2,
        building_replacement_cost=val.building_replacement_cost, trade_up=trade,
        moving_cost=cf.moving_cost, leaseback_years=cf.leaseback_years,
        overrides=dict(cf.overrides), monthly_management_fee=prop_in.monthly_management_fee,
        tax_office=prop_in.tax_office, residual=residual, divorce=divorce,
    )
    return case, book


NameCheck = Callable[[list[str], str], tuple[str, ...]]


def _residual_options(r: ResidualIn, source: str, names: list[str]) -> ResidualOptions:
    if r.exit is not None and r.exit not in set(ExitKey):
        allowed = ", ".join(ExitKey)
        raise _fail(source, "residual.exit", f"次のどれかを指定してください: {allowed}",
                    f"choose one of: {allowed}")
    if r.debtor is not None and r.debtor not in names:
        raise _fail(source, "residual.debtor", f"{r.debtor} は [[people]] にいません",
                    f"{r.debtor} is not listed in [[people]]")
    try:
        rate = parse_percent("negotiated_rate", r.negotiated_rate, allow_zero=True)
    except InputError as exc:
        raise _fail(source, "residual.negotiated_rate", exc.message_ja, exc.message_en) from None
    return ResidualOptions(
        exit=ExitKey(r.exit) if r.exit is not None else None, debtor=r.debtor,
        monthly_payment=r.monthly_payment, settlement=r.settlement,
        negotiated_rate=rate, plan_years=r.plan_years, instalment_rounding=r.instalment_rounding,
        filing_date=r.filing_date, lawyer=r.lawyer, discharge_concerns=r.discharge_concerns,
        previous_discharge=r.previous_discharge)


def _divorce(d: DivorceIn, source: str, check_names: NameCheck, prop: Property,
             sale_date: date) -> Divorce:
    spouses = check_names(d.spouses, "divorce.spouses")
    if spouses[0] == spouses[1]:
        raise _fail(source, "divorce.spouses", "2人の別の人を指定してください",
                    "name two different people")
    if d.divorce_date is not None and d.separation_date > d.divorce_date:
        raise _fail(source, "divorce.separation_date",
                    f"離婚日 {d.divorce_date} より後です（別居は離婚の前か同じ日です）",
                    f"it is after the divorce date {d.divorce_date} (separation comes first)")
    if d.married_on is not None and d.married_on > d.separation_date:
        raise _fail(source, "divorce.married_on", f"別居日 {d.separation_date} より後です",
                    f"it is after the separation date {d.separation_date}")
    if d.separation_date < prop.acquired_on:
        raise _fail(source, "divorce.separation_date",
                    f"家の取得日 {prop.acquired_on} より前です"
                    "（別居後に買った家は夫婦の共有財産として扱えません）",
                    f"it is before the home was acquired ({prop.acquired_on}); a home bought after "
                    "separating is not marital property")
    contributions: list[Contribution] = []
    for i, c in enumerate(d.contributions):
        where = f"divorce.contributions[{i}]"
        if c.spouse not in spouses:
            raise _fail(source, f"{where}.spouse", f"{c.spouse} は divorce.spouses にいません",
                        f"{c.spouse} is not one of divorce.spouses")
        if c.amount <= 0:
            raise _fail(source, f"{where}.amount", "1円以上にしてください", "it must be at least 1 yen")
        contributions.append(Contribution(spouse=c.spouse, amount=c.amount, kind=c.kind, source=c.source,
                                          paid_on=c.paid_on))
    total = sum(c.amount for c in contributions)
    if total > prop.acquisition_price:
        raise _fail(source, "divorce.contributions",
                    f"特有財産の合計 {format_yen(total)} が購入価格 {format_yen(prop.acquisition_price)} "
                    "を超えています",
                    f"the separate contributions ({format_yen(total)}) exceed the purchase price "
                    f"({format_yen(prop.acquisition_price)})")
    if d.keeper is not None and d.keeper not in spouses:
        raise _fail(source, "divorce.keeper", f"{d.keeper} は divorce.spouses にいません",
                    f"{d.keeper} is not one of divorce.spouses")
    return Divorce(spouses=(spouses[0], spouses[1]), separation_date=d.separation_date,
                   divorce_date=d.divorce_date, married_on=d.married_on,
                   contributions=tuple(contributions), overloan=d.overloan, keeper=d.keeper,
                   method=DivisionMethod(d.method) if d.method else None, share=d.share)


def with_options(cf: CaseFile, *, at: str | None = None, sale_date: str | None = None,
                 residual_exit: str | None = None) -> CaseFile:
    """Apply the command-line (or query) options: the calculation date, the sale date, and whose
    remaining debt the routes settle. A sale date before a new calculation date moves with it."""
    from zansai.inputs import parse_date

    def bounded(field: str, raw: str) -> date:
        value = parse_date(field, raw)
        try:
            return _date_range(value)
        except PydanticCustomError:
            raise InputError.invalid(field, raw, "1900-01-01 から 2200-12-31 までの日付を指定してください",
                                     "give a date from 1900-01-01 to 2200-12-31") from None

    updates: dict[str, Any] = {}
    if at is not None:
        updates["at"] = bounded("--at", at)
        if cf.sale_date is not None and cf.sale_date < updates["at"] and sale_date is None:
            updates["sale_date"] = updates["at"]
    if sale_date is not None:
        updates["sale_date"] = bounded("--sale-date", sale_date)
    if residual_exit is not None:
        updates["residual"] = cf.residual.model_copy(update={"exit": residual_exit})
    return cf.model_copy(update=updates) if updates else cf


def load_case(path: str, *, today: date | None = None,
              book: RuleBook | None = None) -> tuple[Case, RuleBook]:
    """Read, validate and build a case file; nothing is half-built on error."""
    cf = read_case_file(path)
    return build_case(cf, source=Path(path).name, today=today, book=book)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of the case file (``zansai schema``)."""
    schema = CaseFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://zansai.invalid/schema/case-v1.json"
    return schema
