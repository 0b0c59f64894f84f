"""The case file's schema (ケースファイルの形): the pydantic models of the file and its JSON Schema.

Each field parses its own value (yen as ``30000000`` or ``"3000万"``, shares as ``"1/2"``, dates in
range) and rejects unknown keys; checks across fields are the builder's (``zansai.case.build``).
``case_json_schema()`` is what ``zansai schema`` prints.
"""

# No `from __future__ import annotations` here: pydantic would then compile every field's
# annotation from its text when the models are made, at every start-up.

from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from zansai.case.location import DistrictIn, FloorAreaIn, MunicipalityCodeIn, PrefectureCodeIn
from zansai.errors import InputError
from zansai.inputs import MAX_YEN, parse_date, parse_term, parse_yen
from zansai.loanfile import LoanEntry
from zansai.model import (
    AssetKind,
    ContributionKind,
    DebtKind,
    OverloanView,
    PropertyDivisionMethod,
    ProrationStart,
    Structure,
)
from zansai.model.sale_terms import ClientSide, SellingExpenseKind
from zansai.notation import NotationError, whole_number
from zansai.notation.numbers import MAX_DIGITS

SCHEMA_VERSION = 1


def _custom(ja: str, en: str) -> PydanticCustomError:
    return PydanticCustomError("zansai", "{en}", {"ja": ja, "en": en})


def _yen(raw: object) -> int:
    if raw is None:
        raise _custom("円単位の整数（例: 30000000 または \"3000万\"）を指定してください",
                      "give whole yen such as 30000000 or \"3000万\"")
    try:
        return parse_yen("yen", raw if isinstance(raw, int) else str(raw), allow_zero=True)
    except InputError as exc:
        raise _custom(*(exc.problem or exc.detail())) from None


def _date(raw: object) -> object:
    """A date as the input parser reads it (``"2015/4/1"``, ``"令和7年4月1日"``); TOML and YAML dates
    pass as they are; a number or a boolean is not a date."""
    if isinstance(raw, bool | int | float):
        raise _custom("日付を YYYY-MM-DD（または 2015年4月1日、R7.4.1）で指定してください",
                      "give a date as YYYY-MM-DD (or 2015年4月1日, R7.4.1)")
    if not isinstance(raw, str):
        return raw
    try:
        return parse_date("date", raw)
    except InputError as exc:
        raise _custom(*(exc.problem or exc.detail())) from None


def _count(raw: object) -> object:
    """A whole number (a rank, a count of parcels); a boolean is not one."""
    if isinstance(raw, bool):
        raise _custom("整数を指定してください", "give a whole number")
    if isinstance(raw, str):
        try:
            return whole_number(raw)
        except NotationError as exc:
            raise _custom(*exc.problem) from None
    return raw


def _years(raw: object) -> object:
    """A number of years: ``35``, ``"35年"``, ``"420か月"``; a boolean is not one."""
    if isinstance(raw, int | str):
        try:
            return parse_term("years", raw, whole_years=True, maximum=10**4 * 12) // 12
        except InputError as exc:
            raise _custom(*(exc.problem or exc.detail())) from None
    return raw


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
            percent = Decimal(text.removesuffix("%"))
            if not percent.is_finite() or abs(percent.adjusted()) > MAX_DIGITS:
                raise ValueError(text)  # 1e999999999% would build a billion-digit fraction
            value = Fraction(percent) / 100
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise _custom("持分は \"1/2\" か \"50%\" の形で指定してください",
                      "give the share as \"1/2\" or \"50%\"") from None
    if not 0 <= value <= 1:
        raise _custom("持分は 0〜100% です", "a share must be between 0 and 100%")
    return value


def _share_text(share: Fraction) -> str:
    """A share as the file writes it: ``"1/2"``."""
    return f"{share.numerator}/{share.denominator}"


def _percent_text(raw: object) -> str:
    # TOML `rate = 1.5` arrives as a float; its shortest repr is the decimal the user wrote.
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return repr(raw)
    return str(raw)


_YEN_SCHEMA = {"anyOf": [{"type": "integer", "minimum": 0},
                         {"type": "string", "examples": ["3000万", "30,000,000", "1億2,000万円"]}],
               "description": "円: an integer, or a string such as \"3000万\", \"30,000,000\" or "
                              "\"1億2,000万円\""}
YenIn = Annotated[int, BeforeValidator(_yen), WithJsonSchema(_YEN_SCHEMA)]


def date_in_range(value: date) -> date:
    """A case-file date, refused (``PydanticCustomError``) outside 1900-01-01 … 2200-12-31."""
    if not date(1900, 1, 1) <= value <= date(2200, 12, 31):
        raise _custom("1900-01-01 から 2200-12-31 までの日付を指定してください",
                      "give a date from 1900-01-01 to 2200-12-31")
    return value


DateIn = Annotated[date, BeforeValidator(_date), AfterValidator(date_in_range),
                   WithJsonSchema({"type": "string", "format": "date",
                                   "description": "YYYY-MM-DD (also 2015/4/1, 2015年4月1日, "
                                                  "令和7年4月1日, R7.4.1)"})]
"""A date of the case file: bounded so that date arithmetic (claims, credit records) stays in range."""
ShareIn = Annotated[Fraction, BeforeValidator(_share),
                    PlainSerializer(_share_text, return_type=str),
                    WithJsonSchema({"type": "string", "examples": ["1/2", "50%"],
                                    "description": "持分: a fraction \"1/2\" or a percentage \"50%\""})]
CountIn = Annotated[int, BeforeValidator(_count)]
"""A whole number of the case file (a rank, a count): ``true`` is refused, not read as 1."""


EVIDENCE_MAX = 20
"""The longest 証拠番号 (甲3, 乙第12号証の2 …) the 婚姻関係財産一覧表 takes."""


def _evidence(raw: object) -> object:
    """証拠: the exhibit number of a figure (``"甲3"``), a short text."""
    if not isinstance(raw, str):
        raise _custom("証拠番号は \"甲3\" のような文字列で指定してください",
                      "give the exhibit number as text such as \"甲3\"")
    if len(raw.strip()) > EVIDENCE_MAX:
        raise _custom(f"証拠番号は{EVIDENCE_MAX}文字以内にしてください",
                      f"an exhibit number is at most {EVIDENCE_MAX} characters")
    return raw.strip()


EvidenceIn = Annotated[str, BeforeValidator(_evidence),
                       WithJsonSchema({"type": "string", "maxLength": EVIDENCE_MAX,
                                       "description": "証拠番号 (甲3, 乙1 …)"})]
ClaimsIn = dict[str, YenIn]
"""A disputed figure: each spouse's claimed amount (spouse name → yen)."""
YearsIn = Annotated[int, BeforeValidator(_years),
                    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "examples": ["35年"]}],
                                    "description": "years: 35 or \"35年\" (\"420か月\")"})]
"""A number of years: ``35``, ``"35年"`` or ``"420か月"``."""
PercentIn = Annotated[str, BeforeValidator(_percent_text),
                      WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}],
                                      "description": "percent: 1.5 means 1.5%"})]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PropertyIn(_Model):
    """物件: the home being sold."""

    kind: Literal["house", "condo"] = Field(description="house (戸建て) or condo (マンション)")
    land_parcels: CountIn = Field(1, ge=0, le=100, description="土地の筆数 (condo: 敷地権の筆数)")
    buildings: CountIn = Field(1, ge=1, le=20, description="建物の個数 (condo: 1 専有部分)")
    acquired_on: DateIn | None = Field(None, description="取得日 (引渡日); omit if unknown: the capital "
                                       "gains tax is then not computed")
    acquisition_price: YenIn | None = Field(None, description="購入価格; omit if unknown (likewise)")
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
    municipality_code: MunicipalityCodeIn | None = Field(
        None, description="所在地の市区町村コード (全国地方公共団体コード; picks the auction court)")
    prefecture_code: PrefectureCodeIn | None = Field(None, description="都道府県コード (01–47)")
    district: DistrictIn | None = Field(None, description="地区名 (大字・町名)")
    floor_area_m2: FloorAreaIn | None = Field(None, description="床面積 ㎡ (専有面積 / 延床面積)")


class AppraisalIn(_Model):
    source: str = Field(description="査定した会社")
    amount: YenIn


class ValuationIn(_Model):
    """査定と時価."""

    market_value: YenIn | None = Field(None, description="時価 (the central value, if known)")
    appraisals: list[AppraisalIn] = Field(default_factory=list, description="不動産会社の査定")
    road_price_per_m2: YenIn | None = Field(None, description="路線価 円/㎡")
    land_area_m2: Decimal | None = Field(None, gt=0, le=10**6, allow_inf_nan=False,
                                         description="土地面積 ㎡ (at most 1,000,000 ㎡)")
    building_replacement_cost: YenIn | None = Field(None, description="建物の再調達価格")


class CaseLoan(LoanEntry):
    """A home loan with its lien: the loan fields of ``zansai schedule --file`` plus the lien."""

    rate: PercentIn = Field(description="annual rate in percent (1.2 means 1.2%)")
    bonus_share: PercentIn | None = Field(None, description="ボーナス返済分の割合 % (≤ 40)")

    start: str = Field(description="first payment month YYYY-MM")
    rank: CountIn = Field(1, ge=1, le=20, description="抵当権の順位")
    holder: str = Field("", description="金融機関の名前")
    lender: Literal["bank", "jhf"] = Field(
        "bank", description="bank (保証会社付き) or jhf (住宅金融支援機構)")
    guarantee_company: str | None = Field(None, description="保証会社 (bank loans)")
    late_rate: PercentIn | None = Field(None, description="遅延損害金の約定利率 %, default: practice")
    debtors: list[str] = Field(default_factory=list, description="債務者 (names in [[people]])")
    guarantors: list[str] = Field(default_factory=list, description="連帯保証人 (names in [[people]])")
    consents: bool | None = Field(None, description="任意売却に同意しているか (unknown if absent)")
    contract_date: DateIn | None = Field(None, description="契約日 (時効の新旧法・利息制限法7条; "
                                       "default: the month before the first payment)")

    @property
    def guarantor_company(self) -> str | None:
        """保証会社 by its glossary name (the published case-file key is ``guarantee_company``)."""
        return self.guarantee_company


class LienIn(_Model):
    """Another registered right without a schedule: a second mortgage or a tax seizure."""

    rank: CountIn = Field(ge=1, le=20, description="順位")
    holder: str
    kind: Literal["mortgage", "tax_seizure"] = "mortgage"
    balance: YenIn = Field(description="請求額 on the sale date")
    principal: YenIn | None = Field(None, description="残元金 (for the 1割 release-fee test)")
    consents: bool | None = None
    # co-owners' capital gains tax (issue 17 §1.1-1.2)
    housing_loan: bool = Field(False, description="住宅ローンの抵当権 (措法41条の5の2 の住宅借入金等)")
    debtors: list[str] = Field(default_factory=list, description="債務者 (names in [[people]])")
    term_years: YearsIn | None = Field(None, ge=1, le=50,
                                       description="償還期間 (住宅借入金等は10年以上: 措法41条の5の2)")


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
    secured_value: YenIn = Field(0, description="担保で回収される見込み額 (別除権: 所有権留保の車など); "
                                 "個人再生の債権から除く")
    evidence: EvidenceIn = Field("", description="証拠番号 (婚姻関係財産一覧表の証拠欄: 甲3, 乙1 …)")
    claims: ClaimsIn = Field(default_factory=dict, description="争いのある額: 配偶者の名前 → その人の主張額 "
                             "(一覧表に表示するだけで、計算は amount を使う)")


class AssetIn(_Model):
    """Something owned besides the home (清算価値, 破産の振り分け, 財産分与)."""

    kind: AssetKind = Field(description="cash, deposit, insurance (解約返戻金), securities, car, "
                            "retirement (退職金見込額), other")
    amount: YenIn
    owner: str | None = Field(None, description="名義 (name in [[people]]); absent: joint")
    name: str = ""
    separate: bool = Field(False, description="特有財産 (婚姻前・相続・贈与): 財産分与の対象外")
    evidence: EvidenceIn = Field("", description="証拠番号 (婚姻関係財産一覧表の証拠欄: 甲3, 乙1 …)")
    claims: ClaimsIn = Field(default_factory=dict, description="争いのある額: 配偶者の名前 → その人の主張額 "
                             "(一覧表に表示するだけで、計算は amount を使う)")


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
    lived_in: bool | None = Field(None, description="この共有者が住んでいた (3,000万円控除など; "
                                  "default: 物件の lived_in)")
    moved_out_on: DateIn | None = Field(None, description="この共有者が住まなくなった日 ("
                                        "default: 物件の moved_out_on)")


class DelinquencyIn(_Model):
    first_missed: DateIn | None = Field(None, description="最初に払えなかった返済日")


class AuctionIn(_Model):
    """競売申立: what the filing says, when the lender has filed (each optional: else estimated)."""

    filing_date: DateIn | None = Field(None, description="競売申立日 (default: the timeline's estimate)")
    claim: YenIn | None = Field(None, ge=1, description="請求債権額 (default: owed on the filing date)")


class TradeUpIn(_Model):
    """住み替えローン: the next home."""

    new_home_price: YenIn
    rate: PercentIn
    years: YearsIn = Field(35, ge=1, le=50)
    purchase_costs: YenIn = 0


class ResidualIn(_Model):
    """残債の整理: choices for the routes after the sale."""

    exit: str | None = Field(None, description="どの出口の残債か (exit key); default: the best exit")
    debtor: str | None = Field(None, description="誰の整理か (name in [[people]]); default: the main debtor")
    monthly_payment: YenIn | None = Field(
        None, description="交渉で払える月額; default: 手取り − 生活費 − 家賃")
    settlement: YenIn | None = Field(None, description="一括和解を試す額 (never assumed)")
    negotiated_rate: PercentIn = Field("0", description="分割中の利息 % (将来利息; default 0)")
    plan_years: YearsIn | None = Field(None, ge=1, le=10, description="個人再生の弁済期間 (3, up to 5)")
    instalment_rounding: Literal["ceil", "floor", "ceil_100_first"] = Field(
        "ceil", description="再生計画の毎月の額の端数: ceil (円未満切上げ・最終回で調整, 東京), "
        "floor (切捨て), ceil_100_first (100円未満切上げ・初回で調整, 神戸)")
    filing_date: DateIn | None = Field(None, description="申立予定日; default: the exit's completion")
    lawyer: bool = Field(True, description="弁護士に依頼する")
    discharge_concerns: bool = Field(False, description="免責不許可事由の調査が必要 (浪費など) → 管財")
    previous_discharge: DateIn | None = Field(None, description="以前の免責確定・給与所得者等再生の認可の日")
    debtor_birth_date: DateIn | None = Field(
        None, description="債務者の生年月日 (住宅ローンの延長の年齢上限, 民再199条2項)")


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
    method: PropertyDivisionMethod | None = Field(
        None, description="特有財産の評価方法; default: tokyo_ratio (東京家裁の運用)")
    overloan: OverloanView | None = Field(None, description="netting (通算説) or exclusion (除外説)")
    keeper: str | None = Field(None, description="家に住み続ける人 (代償金の計算)")
    share: ShareIn | None = Field(None, description="first spouse's share (default 1/2: 768条3項)")
    home_evidence: EvidenceIn = Field("", description="自宅の時価の証拠番号 (査定書など: 甲1)")
    home_claims: ClaimsIn = Field(default_factory=dict, description="自宅の時価に争いがあるとき: "
                                  "配偶者の名前 → その人の主張額 (計算は valuation の時価を使う)")
    loan_evidence: dict[str, EvidenceIn] = Field(default_factory=dict, description=
                                                 "住宅ローン残高の証拠番号: ローンの名前 → 証拠番号 (乙2)")


class LowCostSpecialIn(_Model):
    """低廉な空家等の特例 (報酬告示 第七) as agreed at the brokerage contract."""

    consent: bool = Field(False, description="事前の説明と合意 (the client agreed the special fee)")
    client_side: ClientSide = Field(ClientSide.SELLER, description="依頼者: seller (売主) or buyer (買主)")
    survey_costs: YenIn = Field(0, description="現地調査等の費用 (税抜・実額; 2018年版で報酬に加算)")


# Section defaults: module-level functions (not lambdas), so the prebuilt validator can name them.
def _default_low_cost_special() -> LowCostSpecialIn:
    return LowCostSpecialIn()


class BrokerageIn(_Model):
    """媒介契約: its date and the low-cost special."""

    contract_date: DateIn | None = Field(None, description="媒介契約日 (特例の新旧の判定; default: 決済日)")
    low_cost_special: LowCostSpecialIn = Field(default_factory=_default_low_cost_special)


class SellingExpenseIn(_Model):
    """譲渡費用 besides brokerage and stamp duty (所得税基本通達33-7・33-8)."""

    kind: SellingExpenseKind = Field(description="survey (測量費), demolition (取壊し費用), eviction "
                                     "(立退料), contract_penalty (違約金), leasehold_transfer_fee "
                                     "(名義書換料), other")
    amount: YenIn
    note: str = Field("", max_length=200, description="内容 (required for other)")
class ReschedulingIn(_Model):
    """返済方法の変更: a bank's agreed terms, or the facts JHF's published criteria read."""

    rank: CountIn | None = Field(None, description="変更するローンの抵当権の順位; default: the first loan "
                                 "(the first JHF loan when no terms are given)")
    change_date: DateIn | None = Field(None, description="変更日 (default: the calculation date)")
    extension_months: CountIn | None = Field(None, ge=0, le=600, description="返済期間の延長（か月）")
    deferment_months: CountIn | None = Field(None, ge=0, le=600, description="元金据置（利息のみ）の月数")
    rate: PercentIn | None = Field(None, description="変更後の金利 %; default: the loan's own")
    annual_income: YenIn | None = Field(None, description="年収（税込）: 機構の収入基準")
    previous_annual_income: YenIn | None = Field(None, description="比べる前の年の年収（収入減少割合）")
    household_size: CountIn | None = Field(None, ge=1, le=50, description="世帯人員")
    birth_date: DateIn | None = Field(None, description="債務者の生年月日（完済時年齢）")
    unemployed: bool = Field(False, description="現に失業中")
    hardship: bool | None = Field(None, description="離職・病気などで返済が困難")


class OfferIn(_Model):
    """買付申込・申出価格: a price offered for one way out (the latest dated one per way out is used)."""

    exit: Annotated[str, WithJsonSchema({"type": "string", "enum": ["normal_sale", "short_sale",
                                                                    "dealer_purchase", "leaseback"]})] = \
        Field(description="出口: normal_sale (通常売却), short_sale (任意売却), dealer_purchase (業者買取), "
                          "leaseback (リースバック)")
    price: YenIn = Field(description="申出価格（買付価格）")
    date: DateIn | None = Field(None, description="申出日 (default: the calculation date); on or before "
                                "the sale date")
    buyer: str = Field("", max_length=100, description="買主・買取業者・投資家の名前 (optional)")
    note: str = Field("", max_length=200, description="メモ (条件など; optional)")


def _default_household() -> HouseholdIn:
    return HouseholdIn()


def _default_delinquency() -> DelinquencyIn:
    return DelinquencyIn()


def _default_residual() -> ResidualIn:
    return ResidualIn()


def _default_brokerage() -> BrokerageIn:
    return BrokerageIn()


def _default_auction() -> AuctionIn:
    return AuctionIn()


class CaseFile(_Model):
    """zansai case file (one household, one home)."""

    schema_version: Literal[1] = 1
    title: str = ""
    at: DateIn | None = Field(None, description="計算基準日 (default: today in Japan)")
    sale_date: DateIn | None = Field(None, description="売却 (決済) 予定日 (default: the calculation date)")
    sale_contract_date: DateIn | None = Field(
        None, description="売買契約日 (印紙税・措法41条の5の2; default: the sale date)")
    property: PropertyIn
    valuation: ValuationIn
    loans: list[CaseLoan] = Field(default_factory=list, description="住宅ローン (none: a home with no loan)")
    liens: list[LienIn] = Field(default_factory=list)
    household: HouseholdIn = Field(default_factory=_default_household)
    people: list[PersonIn] = Field(default_factory=list)
    delinquency: DelinquencyIn = Field(default_factory=_default_delinquency)
    trade_up: TradeUpIn | None = None
    moving_cost: YenIn | None = Field(None, description="引越費用 (default: practice)")
    leaseback_years: YearsIn = Field(10, ge=1, le=50, description="リースバックで住み続ける年数 (比較用)")
    residual: ResidualIn = Field(default_factory=_default_residual, description="残債の整理の選択")
    divorce: DivorceIn | None = Field(None, description="離婚の財産分与")
    brokerage: BrokerageIn = Field(default_factory=_default_brokerage,
                                   description="媒介契約 (低廉な空家等の特例)")
    selling_expenses: list[SellingExpenseIn] = Field(
        default_factory=list, max_length=50, description="その他の譲渡費用 (測量費, 立退料 …)")
    contract_amount_stated: bool = Field(
        True, description="売買契約書に契約金額を記載する (false: 印紙税は記載金額のないもの)")
    rescheduling: ReschedulingIn | None = Field(None, description="返済方法の変更（期間の延長・元金据置）")
    overrides: dict[str, str | int | bool] = Field(
        default_factory=dict, description="実務の既定値の上書き: rule key → value")
    auction: AuctionIn = Field(default_factory=_default_auction,
                               description="競売申立 (申立日・請求債権額), when the lender has filed")
    offers: list[OfferIn] = Field(default_factory=list, max_length=100,
                                  description="申出価格（買付申込）: a price offered per way out")

    @field_validator("overrides", mode="before")
    @classmethod
    def _override_numbers(cls, value: object) -> object:
        if isinstance(value, dict):
            for v in value.values():
                if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_YEN:
                    raise _custom("上書きの値が大きすぎます（10兆以下にしてください）",
                                  "an override value is too large (at most 10 trillion)")
                if isinstance(v, str) and len(v) > MAX_DIGITS:
                    raise _custom(f"上書きの値が長すぎます（{MAX_DIGITS}文字まで）",
                                  f"an override value is too long (at most {MAX_DIGITS} characters)")
            return {k: _percent_text(v) if isinstance(v, float) else v for k, v in value.items()}
        return value


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of the case file (``zansai schema``)."""
    schema = CaseFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://zansai.invalid/schema/case-v1.json"
    return schema
