"""The guided case form: which fields a homeowner sees, how they map onto the case file.

Every input is named after its place in the case file (``loans[0].rate``), the same path the
validation messages name, so an error lands next to its field. The form owns the fields it
shows: a blank one removes the value (the engine's default applies); parts of a case the form
does not show (a third loan, liens, prepayments) are kept as they were.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.model import ExitKey, ProrationStart, Structure
from zansai.model import PropertyDivisionMethod as M
from zansai.web.location_form import PREFECTURES

Text = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: Text
    kind: str = "text"
    """text, yen, percent, date, month, int, select, bool, names (people picked from [[people]]),
    person (one of them), overrides, share, municipality (a name or a code, with suggestions)"""
    hint: Text | None = None
    choices: tuple[tuple[str, Text], ...] = ()
    advanced: bool = False
    placeholder: str = ""
    required: bool = False
    unit: Text | None = None
    """Printed beside the input (円, %, 年); a yen field has 円 unless it says otherwise."""
    default: bool | None = None
    """A checkbox's case-file default: ticked when the case is silent, and not written into a
    case that does not hold it (a default alone must not create a section such as [rescheduling])."""

    @property
    def suffix(self) -> Text | None:
        return self.unit or (("円", "yen") if self.kind == "yen" else None)

    @property
    def inputmode(self) -> str | None:
        """What a phone keyboard should offer: digits for yen and counts, a decimal point for a rate;
        months and free text keep the full keyboard (2015年4月, 令和8年4月 are accepted)."""
        return {"yen": "numeric", "int": "numeric", "percent": "decimal"}.get(self.kind)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: Text
    intro: Text
    fields: tuple[Field, ...]
    advanced: bool = False
    collapsible: bool = False
    """Folded (a <details>) until opened, or while it holds nothing."""


STRUCTURES: tuple[tuple[str, Text], ...] = (
    (Structure.WOOD.value, ("木造", "wood")),
    (Structure.WOOD_MORTAR.value, ("木骨モルタル造", "wood and mortar")),
    (Structure.LIGHT_STEEL_3MM.value, ("軽量鉄骨造（骨格材 3mm以下）", "light steel (frame 3 mm or less)")),
    (Structure.STEEL_4MM.value, ("鉄骨造（骨格材 3mm超4mm以下）", "steel (frame over 3 mm, up to 4 mm)")),
    (Structure.HEAVY_STEEL.value, ("重量鉄骨造（骨格材 4mm超）", "heavy steel (frame over 4 mm)")),
    (Structure.BRICK_STONE_BLOCK.value, ("れんが造・石造・ブロック造", "brick, stone or block")),
    (Structure.RC_SRC.value, ("鉄筋コンクリート造・鉄骨鉄筋コンクリート造", "reinforced concrete (RC/SRC)")),
)
"""Every ``Structure`` the case file takes (the depreciation rows), so a saved value is never lost."""


PREFECTURE_CHOICES: tuple[tuple[str, Text], ...] = tuple((code, (ja, en)) for code, ja, en in PREFECTURES)


def _appraisal(i: int) -> tuple[Field, ...]:
    return (Field(f"valuation.appraisals[{i}].source", (f"査定{i + 1}: 会社名", f"Appraisal {i + 1}: company"),
                  placeholder="A不動産" if i == 0 else ""),
            Field(f"valuation.appraisals[{i}].amount", (f"査定{i + 1}: 査定額", f"Appraisal {i + 1}: amount"),
                  "yen", placeholder="20,000,000" if i == 0 else ""))


def _loan(i: int, advanced: bool) -> tuple[Field, ...]:
    p = f"loans[{i}]"
    n = "" if i == 0 else "（2本目）"
    ne = "" if i == 0 else " (second loan)"
    return (
        Field(f"{p}.holder", (f"借入先の金融機関{n}", f"Lender{ne}"), placeholder="さくら銀行", advanced=advanced),
        Field(f"{p}.lender", (f"借入先の種類{n}", f"Lender type{ne}"), "select",
              choices=(("bank", ("銀行など（保証会社付き）", "bank (with a guarantee company)")),
                       ("jhf", ("住宅金融支援機構（フラット35など）", "JHF (Flat 35)"))), advanced=advanced),
        # A home with no loan (paid off, bought outright) leaves every loan field blank.
        Field(f"{p}.principal", (f"借りた金額{n}", f"Amount borrowed{ne}"), "yen", placeholder="38,000,000",
              advanced=advanced, hint=("住宅ローンがなければ空欄", "blank if there is no home loan")
              if i == 0 else None),
        Field(f"{p}.rate", (f"金利（年利）{n}", f"Interest rate (a year){ne}"), "percent", placeholder="1.2",
              advanced=advanced, unit=("%", "%")),
        Field(f"{p}.years", (f"返済期間{n}", f"Term{ne}"), "int", placeholder="35",
              advanced=advanced, unit=("年", "years")),
        Field(f"{p}.start", (f"返済が始まった年月{n}", f"First payment month{ne}"), "month",
              placeholder="2012-05", advanced=advanced,
              hint=("例: 2012-05、2012年5月", "e.g. 2012-05")),
        Field(f"{p}.payment_day", (f"毎月の返済日{n}", f"Payment day{ne}"), "int", placeholder="27",
              advanced=advanced, unit=("日", "th")),
        Field(f"{p}.anchor", (f"返済予定表の残高{n}（返済日:残高）", f"Statement balance{ne} (due date:balance)"),
              placeholder="2027-02-27:20000000", advanced=advanced,
              hint=("わかれば。その返済日に払った後の残高で、そこから先を計算します",
                    "if known: the balance after that payment; the schedule continues from it")),
        Field(f"{p}.method", (f"返済方法{n}", f"Repayment method{ne}"), "select",
              choices=(("annuity", ("元利均等（毎月同じ額）", "equal payments (元利均等)")),
                       ("equal_principal", ("元金均等", "equal principal (元金均等)"))), advanced=True),
        Field(f"{p}.bonus_share", (f"ボーナス返済の割合 %{n}", f"Bonus share %{ne}"), "percent", advanced=True),
        Field(f"{p}.guarantee_company", (f"保証会社{n}", f"Guarantee company{ne}"), advanced=True),
        Field(f"{p}.late_rate", (f"遅延損害金の利率 %{n}", f"Late-charge rate %{ne}"), "percent",
              hint=("契約書に書いてあります（多くは14%）", "in the loan contract (often 14%)"), advanced=True),
        Field(f"{p}.rank", (f"抵当権の順位{n}", f"Mortgage rank{ne}"), "int", advanced=True),
        Field(f"{p}.debtors", (f"ローンを借りた人（債務者）{n}", f"Borrowers{ne}"), "names", advanced=advanced),
        Field(f"{p}.guarantors", (f"連帯保証人{n}", f"Joint guarantors{ne}"), "names", advanced=advanced),
        Field(f"{p}.rate_changes", (f"金利の変更（YYYY-MM-DD:率、改行区切り）{n}", f"Rate changes (YYYY-MM-DD:rate){ne}"),
              "lines", advanced=True),
        Field(f"{p}.prepayments", (f"繰上返済（YYYY-MM-DD:額[:shorten|reduce]）{n}",
                                   f"Prepayments (YYYY-MM-DD:amount[:shorten|reduce]){ne}"), "lines", advanced=True),
    )


def _person(i: int) -> tuple[Field, ...]:
    return (
        Field(f"people[{i}].name", (f"名前・呼び名 {i + 1}", f"Name {i + 1}"),
              placeholder=("夫", "妻")[i] if i < 2 else ""),
        Field(f"people[{i}].share", (f"家の持分 {i + 1}", f"Share of the home {i + 1}"), "share",
              placeholder="1/2", hint=("登記簿の持分（例: 1/2）。名義がなければ空欄", "registered share, e.g. 1/2")),
        Field(f"people[{i}].consents", (f"売却に同意している {i + 1}", f"Agrees to sell {i + 1}"), "bool3"),
        # Co-owners' own residence (issue 17): each owner's 3,000万円 deduction depends on it.
        Field(f"people[{i}].lived_in", (f"この人が住んでいた {i + 1}", f"Lived in the home {i + 1}"), "bool3",
              advanced=True, hint=("不明なら家と同じ扱い（3,000万円控除など）",
                                   "unknown: as for the home (the 30m yen deduction)")),
        Field(f"people[{i}].moved_out_on", (f"この人が住まなくなった日 {i + 1}", f"Moved out on {i + 1}"), "date",
              advanced=True, hint=("空欄なら家と同じ", "blank: as for the home")),
    )


def _auction() -> tuple[Field, ...]:
    """競売の申立: what the court filing says, once the lender has filed (else estimated)."""
    return (
        Field("auction.filing_date", ("競売の申立日", "Auction filed on"), "date", advanced=True,
              hint=("裁判所の通知（競売開始決定）に書いてあります。空欄なら見込みで計算",
                    "on the court's notice; blank: estimated from the timeline")),
        Field("auction.claim", ("競売の請求債権額", "Amount claimed in the auction"), "yen", advanced=True,
              hint=("申立書の請求債権の額。空欄なら申立日の残高で計算",
                    "as the filing states it; blank: the amount owed on the filing date")),
    )


_ROUNDING: tuple[tuple[str, Text], ...] = (
    ("ceil", ("円未満を切上げ、最終回で調整（東京地裁の例）", "round up to the yen, last instalment adjusted "
              "(as in Tokyo)")),
    ("ceil_100_first", ("100円未満を切上げ、初回で調整（神戸の例）", "round up to 100 yen, first instalment "
                        "adjusted (as in Kobe)")),
    ("floor", ("円未満を切捨て", "round down to the yen")),
)
"""個人再生の毎月の弁済額の端数: the courts' conventions, in plain words."""

_EXPENSE_KINDS: tuple[tuple[str, Text], ...] = (
    ("survey", ("測量費", "land survey")),
    ("demolition", ("建物の取壊し費用", "demolition")),
    ("eviction", ("立退料", "paid to a tenant to leave")),
    ("contract_penalty", ("前の契約の違約金", "penalty for an earlier contract")),
    ("leasehold_transfer_fee", ("借地権の名義書換料", "leasehold transfer fee")),
    ("other", ("その他（内容を書く）", "other (say what)")),
)
"""The selling expenses (譲渡費用) the case file takes, each in plain words."""

SELLING_EXPENSE_ROWS = 2
"""Rows of other selling expenses the form has (a survey and a demolition, say); more in the file."""


def _selling_expense(i: int) -> tuple[Field, ...]:
    p, n = f"selling_expenses[{i}]", i + 1
    return (
        Field(f"{p}.kind", (f"売るための費用 {n}: 種類", f"Selling expense {n}: kind"), "select",
              choices=_EXPENSE_KINDS, advanced=True,
              hint=("仲介手数料・印紙税のほかに、売るために払った費用（税金の計算で差し引けます）",
                    "besides the agent's fee and stamp duty: costs paid to sell (they reduce the tax)")
              if i == 0 else None),
        Field(f"{p}.amount", (f"売るための費用 {n}: 金額", f"Selling expense {n}: amount"), "yen", advanced=True),
        Field(f"{p}.note", (f"売るための費用 {n}: 内容", f"Selling expense {n}: what it was"), advanced=True),
    )


OFFER_ROWS = 4
"""Offers the form has rows for (one per way out a buyer can offer for); more in the file."""
_OFFER_EXITS: tuple[tuple[str, Text], ...] = (
    (ExitKey.NORMAL_SALE, ("通常売却（仲介）", "normal sale")), (ExitKey.SHORT_SALE, ("任意売却", "short sale")),
    (ExitKey.DEALER_PURCHASE, ("業者買取", "dealer purchase")), (ExitKey.LEASEBACK, ("リースバック", "leaseback")))


def _offer(i: int) -> tuple[Field, ...]:
    """One offer row (申出価格): the way out, the price, the date and the buyer."""
    p, n = f"offers[{i}]", i + 1
    return (Field(f"{p}.exit", (f"申出 {n}: 出口", f"Offer {n}: way out"), "select", choices=_OFFER_EXITS),
            Field(f"{p}.price", (f"申出 {n}: 申出価格", f"Offer {n}: price offered"), "yen"),
            Field(f"{p}.date", (f"申出 {n}: 申出日", f"Offer {n}: date"), "date",
                  hint=("空欄なら計算の基準日。決済日より後は不可", "blank: the calculation date; not after the sale")
                  if i == 0 else None),
            Field(f"{p}.buyer", (f"申出 {n}: 買主", f"Offer {n}: buyer"), placeholder="山田不動産" if i == 0 else ""),
            Field(f"{p}.note", (f"申出 {n}: メモ", f"Offer {n}: note")))


SECTIONS: tuple[Section, ...] = (
    Section("basics", ("ご相談の内容", "About this case"),
            ("わかるところだけで大丈夫です。空欄は一般的な値で計算します。金額は「3800万」「38,000,000」のどちらでも入力できます。",
             "Fill in what you know; blanks use typical values. Amounts may be written 3800万 or 38,000,000."),
            (Field("title", ("このケースの名前", "Name of this case"), placeholder="自宅の売却"),
             Field("sale_date", ("売りたい時期（決済日）", "When to sell (settlement date)"), "date"),
             Field("sale_contract_date", ("売買契約日", "Sale contract date"), "date", advanced=True,
                   hint=("決済日より前に契約書を交わす日。空欄なら決済日（印紙税などの基準）",
                         "the day the sale contract is signed; blank: the settlement date "
                         "(stamp duty is dated by it)")),
             Field("at", ("計算の基準日", "Calculation date"), "date", advanced=True,
                   hint=("空欄なら今日。法令はこの日の時点のものを使います", "blank: today; rules in force on it")))),
    Section("property", ("家について", "The home"), ("", ""),
            (Field("property.kind", ("家の種類", "Kind of home"), "select", required=True,
                   choices=(("house", ("一戸建て", "house")), ("condo", ("マンション", "condominium")))),
             Field("property.acquired_on", ("買った日（引渡日）", "Bought on"), "date",
                   hint=("わからなければ空欄（譲渡所得税は計算しません）", "blank if unknown (no capital gains tax then)")),
             Field("property.acquisition_price", ("買った値段", "Purchase price"), "yen", placeholder="38,000,000",
                   hint=("わからなければ空欄（譲渡所得税は計算しません）", "blank if unknown (no capital gains tax then)")),
             Field("property.land_price", ("うち土地", "of which land"), "yen", advanced=True),
             Field("property.building_price", ("うち建物", "of which building"), "yen", advanced=True),
             Field("property.acquisition_costs", ("買ったときの諸費用", "Purchase costs"), "yen", advanced=True),
             Field("property.structure", ("建物の構造", "Structure"), "select", advanced=True,
                   choices=STRUCTURES),
             Field("property.annual_property_tax", ("固定資産税・都市計画税（年額）", "Property tax (a year)"), "yen",
                   placeholder="118,000", hint=("納税通知書の金額", "from the tax notice")),
             Field("property.proration_start", ("固定資産税の精算の起算日", "Property-tax proration starts on"),
                   "select", advanced=True,
                   choices=((ProrationStart.JANUARY_1.value, ("1月1日（関東に多い）", "1 January (usual in Kanto)")),
                            (ProrationStart.APRIL_1.value, ("4月1日（関西に多い）", "1 April (usual in Kansai)"))),
                   hint=("売買契約書の精算の条項。空欄なら地域の慣行", "in the sale contract; blank: local practice")),
             Field("property.unpaid_management_fees", ("滞納している管理費（マンション）",
                                                       "Unpaid management fees (condo)"), "yen"),
             Field("property.unpaid_repair_reserve", ("滞納している修繕積立金（マンション）",
                                                      "Unpaid repair reserve (condo)"), "yen", advanced=True),
             Field("property.monthly_management_fee", ("管理費＋修繕積立金（月額）", "Management fees (monthly)"), "yen",
                   advanced=True),
             Field("property.unpaid_taxes", ("滞納している税金", "Unpaid taxes"), "yen", advanced=True),
             Field("property.tax_seized", ("税金の滞納で差押えされている", "Seized for unpaid taxes"), "bool",
                   advanced=True),
             Field("property.lived_in", ("今も住んでいる", "We live in it"), "bool"),
             Field("property.moved_out_on", ("住まなくなった日", "Moved out on"), "date", advanced=True),
             # issue 20: the location picks the court that would sell at auction (and the comparables);
             # the municipality is typed by name or code (web/location_form.py resolves it)
             Field("property.prefecture_code", ("所在地の都道府県", "Prefecture of the home"), "select",
                   advanced=True, choices=PREFECTURE_CHOICES),
             Field("property.municipality_code", ("所在地の市区町村", "Municipality of the home"),
                   "municipality", advanced=True, placeholder="世田谷区",
                   hint=("名前（候補から選べます）か5桁のコード（千代田区 13101）。競売を行う裁判所と、"
                         "その統計による価格の幅を示します",
                         "its name (pick from the suggestions) or 5-digit code (Chiyoda 13101): shows the "
                         "court that would hold the auction and its price range")),
             Field("property.district", ("地区名・町名（任意）", "District (optional)"), advanced=True,
                   placeholder="三軒茶屋", hint=("近くの取引事例を選ぶのに使います", "narrows the comparable sales")),
             Field("property.floor_area_m2", ("床面積（専有・延床）", "Floor area"), advanced=True,
                   placeholder="65.5", unit=("㎡", "m²")))),
    Section("valuation", ("いくらで売れそうか", "What it could sell for"),
            ("不動産会社の査定額を入れてください（1社でも可）。", "Enter the agents' appraisals (one is enough)."),
            (*_appraisal(0), *_appraisal(1), *_appraisal(2),
             Field("valuation.market_value", ("時価（わかっている場合）", "Market value, if known"), "yen",
                   advanced=True))),
    Section("offers", ("申出価格（買付申込）", "Offers received"),
            ("買主から価格の申出があれば、出口ごとに入れてください。その出口は割合の目安ではなく申出価格で計算します"
             "（同じ出口に複数あれば日付の新しいもの）。",
             "A price a buyer offered, per way out: that way out is computed at the offer instead of the "
             "usual ratio (the latest dated one when there are several)."),
            tuple(itertools.chain.from_iterable(_offer(i) for i in range(OFFER_ROWS))),
            advanced=True, collapsible=True),
    Section("sale_terms", ("売却の費用と契約", "Sale costs and contracts"),
            ("仲介の契約と、売るためにかかったその他の費用。", "The agent's contract and other costs of selling."),
            (*itertools.chain.from_iterable(_selling_expense(i) for i in range(SELLING_EXPENSE_ROWS)),
             Field("contract_amount_stated", ("売買契約書に金額を書く", "The sale contract states the price"), "bool",
                   default=True, hint=("書かない契約書の印紙税は200円", "without a price the stamp duty is 200 yen")),
             Field("brokerage.contract_date", ("仲介（媒介）契約の日", "Agent's (brokerage) contract date"), "date",
                   hint=("空欄なら決済日", "blank: the settlement date")),
             Field("brokerage.low_cost_special.consent", ("安い空き家の報酬の特例に合意した",
                                                          "Agreed the low-cost vacant home fee"), "bool",
                   default=False, hint=("価格の低い空き家などで、仲介手数料の上限を上げる特例。契約前の説明と合意が必要",
                                        "low-priced vacant homes: a higher fee cap, agreed before the contract")),
             Field("brokerage.low_cost_special.client_side", ("特例の依頼者", "Client under the special"), "select",
                   choices=(("seller", ("売主", "the seller")), ("buyer", ("買主", "the buyer")))),
             Field("brokerage.low_cost_special.survey_costs", ("現地調査などの費用（税抜）",
                                                               "Site survey costs (before tax)"), "yen",
                   hint=("特例の報酬に加える実費", "the actual costs added to the special fee"))),
            advanced=True),
    Section("people", ("家族と関係する人", "The people involved"),
            ("家の名義人、ローンを借りた人、連帯保証人（親など）を一人ずつ入力してください。下の欄ではここから選びます。",
             "Enter each owner, borrower and guarantor (a parent, say) once; the fields below pick from them."),
            (*_person(0), *_person(1), *_person(2))),
    Section("loan", ("住宅ローン", "The home loan"), ("返済予定表や契約書を見ながら入力してください。",
                                                   "Use the repayment schedule or the loan contract."),
            (*_loan(0, False), Field("delinquency.first_missed", ("最初に払えなかった返済日", "First missed payment"),
                                     "date", hint=("滞納していなければ空欄", "blank if no payment was missed")),
             *_auction())),
    Section("loan2", ("2本目のローン", "A second loan"), ("ペアローンや2番抵当など。", "Pair loan or second mortgage."),
            _loan(1, True), advanced=True),
    Section("rescheduling", ("返済方法の変更（家に住み続ける）", "Rescheduling the loan (keep the home)"),
            ("ローンの返済期間の延長や、元金の据置（利息だけ払う期間）を考える場合。銀行と決めた条件か、"
             "住宅金融支援機構の基準に使う事実を入れてください。",
             "When the term is extended or principal deferred (interest only for a while): the terms a bank "
             "agreed, or the facts the JHF criteria read."),
            (Field("rescheduling.change_date", ("変更する日", "Change date"), "date",
                   hint=("空欄なら計算の基準日", "blank: the calculation date")),
             Field("rescheduling.extension_months", ("返済期間の延長", "Term extended by"), "int",
                   unit=("か月", "months")),
             Field("rescheduling.deferment_months", ("元金の据置（利息だけ払う）", "Interest only for"), "int",
                   unit=("か月", "months")),
             Field("rescheduling.rate", ("変更後の金利（年利）", "Rate after the change (a year)"), "percent",
                   unit=("%", "%"), hint=("空欄なら今の金利", "blank: the loan's own")),
             Field("rescheduling.annual_income", ("今の年収（税込）", "Annual income now (before tax)"), "yen"),
             Field("rescheduling.previous_annual_income", ("比べる前の年の年収（税込）",
                                                           "Annual income of the earlier year"), "yen",
                   hint=("収入がどれだけ減ったかを見ます", "shows how far income has fallen")),
             Field("rescheduling.household_size", ("世帯の人数", "People in the household"), "int",
                   unit=("人", "people")),
             Field("rescheduling.birth_date", ("ローンを借りた人の生年月日", "Borrower's birth date"), "date",
                   hint=("完済するときの年齢を見ます", "checks the age at the last payment")),
             Field("rescheduling.unemployed", ("今、失業している", "Out of work now"), "bool", default=False),
             Field("rescheduling.hardship", ("仕事を失った・病気などで返済が難しい", "Hard to repay (job loss, illness)"),
                   "bool3")),
            advanced=True, collapsible=True),
    Section("household", ("家計", "Household"), ("売った後の生活と残った借金の返し方の計算に使います。",
                                                "Used for life after the sale and repaying what is left."),
            (Field("household.savings", ("預貯金", "Savings"), "yen", placeholder="300,000"),
             Field("household.relatives_help", ("親族からの援助", "Help from relatives"), "yen", advanced=True),
             Field("household.monthly_income", ("手取り月収（世帯）", "Take-home pay a month"), "yen",
                   placeholder="240,000"),
             Field("household.monthly_living_costs", ("生活費（住居費を除く、月額）", "Living costs a month (no rent)"),
                   "yen", placeholder="180,000"),
             Field("household.monthly_rent_after_sale", ("売却後の家賃（月額）", "Rent after the sale (monthly)"),
                   "yen", placeholder="85,000"),
             Field("household.other_debts[0].name", ("ほかの借金の名前", "Another debt: name"),
                   placeholder="カードローン"),
             Field("household.other_debts[0].amount", ("ほかの借金の残高", "Another debt: balance"), "yen"),
             Field("household.other_debts[0].monthly_payment", ("ほかの借金の月々の返済", "Another debt: monthly"),
                   "yen"),
             Field("household.other_debts[0].secured_value", ("うち担保で回収される額（別除権）",
                                                             "of which secured (a separate right)"), "yen",
                   advanced=True, hint=("所有権留保の車のローンなど、担保の車などを引き揚げて回収される見込み額。"
                                        "個人再生の計算から除きます",
                                        "e.g. a car loan with the car as security: what the lender recovers "
                                        "from it; left out of individual rehabilitation")),
             Field("household.annual_minimum_living_cost", ("最低生活費（年額、個人再生用）",
                                                           "Minimum living cost a year (rehabilitation)"), "yen",
                   advanced=True),
             Field("household.salaried", ("給与など定期的な収入がある", "Regular salary income"), "bool",
                   advanced=True))),
    Section("divorce", ("離婚する場合（財産分与）", "If divorcing (property division)"),
            ("離婚しない場合は空欄のままにしてください。", "Leave blank unless divorcing."),
            (Field("divorce.spouses", ("夫婦の2人", "The two spouses"), "names"),
             Field("divorce.separation_date", ("別居した日（予定）", "Separation date"), "date"),
             Field("divorce.divorce_date", ("離婚した日（予定）", "Divorce date"), "date"),
             Field("divorce.married_on", ("結婚した日", "Married on"), "date", advanced=True),
             Field("divorce.contributions[0].spouse", ("結婚前のお金や親からの援助を頭金に出した人",
                                                       "Who put separate money into the home"), "person"),
             Field("divorce.contributions[0].amount", ("その金額", "Amount"), "yen", placeholder="2,000,000"),
             Field("divorce.contributions[0].source", ("そのお金の出どころ", "Where it came from"), "select",
                   choices=(("pre_marriage_savings", ("結婚前の貯金", "savings from before marriage")),
                            ("gift", ("親などからの贈与", "a gift")), ("inheritance", ("相続", "inheritance")))),
             Field("divorce.keeper", ("家に住み続ける人（いれば）", "Who keeps the home, if anyone"), "person",
                   advanced=True),
             Field("divorce.method", ("特有財産の計算方法", "Separate-property method"), "select", advanced=True,
                   choices=((M.TOKYO_RATIO, ("東京家裁の運用（寄与割合）", "Tokyo family court ratio")),
                            (M.NET_RATIO, ("純資産按分（＝購入価格按分）", "net ratio (= purchase share)")),
                            (M.FACE_VALUE_SET_ASIDE, ("額面を先に返す", "face value set aside")),
                            (M.FACE_VALUE_CREDIT, ("額面を相手が精算", "face value credited")),
                            (M.REVALUED_CREDIT, ("時価で評価し直す", "revalued credit")),
                            (M.PAID_SHARE, ("支払額で按分（信頼度低）", "shares of what was paid (low confidence)")))),
             Field("divorce.overloan", ("オーバーローンの扱い", "Overloan view"), "select", advanced=True,
                   choices=(("netting", ("通算する（通算説）", "netting")), ("exclusion", ("除外する（除外説）", "exclusion")))))),
    Section("advanced", ("専門家向けの設定", "Adviser settings"),
            ("実務の既定値の上書きなど。", "Overrides of practice defaults and more."),
            (Field("moving_cost", ("引越費用", "Moving cost"), "yen"),
             Field("leaseback_years", ("リースバックで住み続ける年数", "Years to stay in a leaseback"), "int"),
             Field("residual.monthly_payment", ("残債に払える月額", "Monthly payment towards the residual"), "yen"),
             Field("residual.settlement", ("一括和解を試す額", "Lump-sum settlement to try"), "yen"),
             Field("residual.debtor_birth_date", ("債務者の生年月日（個人再生）", "Debtor's birth date (rehabilitation)"),
                   "date", hint=("住宅ローンの返済期間を延ばせる年齢の上限を確かめます",
                                 "checks the age limit for extending the home loan")),
             Field("residual.instalment_rounding", ("再生計画の毎月の額の端数", "Plan instalments: rounding"), "select",
                   choices=_ROUNDING, hint=("裁判所によって違います。空欄なら東京地裁の例",
                                            "courts differ; blank: as in Tokyo")),
             Field("residual.exit", ("残債の整理を考える出口", "Exit whose residual is settled"), "select",
                   choices=((ExitKey.SHORT_SALE, ("任意売却", "short sale")), (ExitKey.NORMAL_SALE, ("通常売却", "normal sale")),
                            (ExitKey.DEALER_PURCHASE, ("業者買取", "dealer purchase")),
                            (ExitKey.AUCTION_COURT, ("競売", "auction")))),
             Field("overrides", ("ルールの上書き（key = 値、改行区切り）", "Rule overrides (key = value per line)"),
                   "overrides", hint=("例: market.short_sale_price_ratio = 0.9", "e.g. market.short_sale_price_ratio = 0.9"))),
            advanced=True),
)

FIELDS: dict[str, Field] = {f.name: f for s in SECTIONS for f in s.fields}

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """``loans[0].rate`` → ["loans", 0, "rate"]."""
    return [int(idx) if idx else name for name, idx in _PART.findall(path)]


def _get(data: Any, parts: list[str | int]) -> Any:
    for part in parts:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, Mapping):
                return None
            data = data.get(part)
    return data


def _set(data: dict[str, Any], parts: list[str | int], value: Any) -> None:
    node: Any = data
    for part, nxt in itertools.pairwise(parts):
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append({} if not isinstance(nxt, int) else [])
            if not isinstance(node[part], type(empty)):
                node[part] = empty
            node = node[part]
        else:
            if not isinstance(node.get(part), type(empty)):
                node[part] = empty
            node = node[part]
    last = parts[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _delete(data: dict[str, Any], parts: list[str | int]) -> None:
    parent = _get(data, parts[:-1]) if len(parts) > 1 else data
    last = parts[-1]
    if isinstance(parent, dict) and isinstance(last, str):
        parent.pop(last, None)


def _display(field: Field, value: Any) -> str:
    if value is None:
        return ""
    if field.kind == "names" and isinstance(value, list):
        return "、".join(str(v) for v in value)
    if field.kind == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if field.kind == "overrides" and isinstance(value, Mapping):
        return "\n".join(f"{k} = {_display(Field(k, ('', '')), v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The case's values as the form shows them (strings keyed by field name)."""
    return {name: _display(f, _get(data, parse_path(name))) for name, f in FIELDS.items()}


def _override_value(text: str) -> str | int | bool:
    """As TOML would read the value: whole yen and counts as integers, true/false, else the text
    (a rate stays a decimal string such as "0.9")."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if re.fullmatch(r"-?[0-9][0-9_,]{0,30}", text):
        return int(text.replace(",", "").replace("_", ""))
    return text


def _parse(field: Field, raw: str) -> Any:
    raw = raw.strip()
    if field.kind == "names":
        return [n.strip() for n in re.split(r"[、,，]", raw) if n.strip()]
    if field.kind == "lines":
        return [n.strip() for n in raw.splitlines() if n.strip()]
    if field.kind == "overrides":
        out: dict[str, Any] = {}
        for line in raw.splitlines():
            if line.strip():
                key, sep, value = line.partition("=")
                out[key.strip()] = _override_value(value.strip() if sep else "")
        return out
    if field.kind in ("bool", "bool3"):
        return raw.lower() in ("true", "on", "1", "yes")
    if field.kind == "yen":
        return raw.replace("，", ",").replace(" ", "")
    if field.kind == "int" and raw.isdecimal() and len(raw) <= 18:  # longer: past int's digit limit
        return int(raw)  # "35" → 35 as a case file has it; anything else is left for validation to name
    return raw


PEOPLE_SLOTS = 3
"""People the form's people section has rows for (an owner, a spouse, a guarantor such as a parent)."""
_SLOT = re.compile(r"^@(\d+)$")


def _slot_names(values: Mapping[str, str], data: Mapping[str, Any]) -> list[str]:
    """The names in the people section as submitted (or as saved, for a row not sent)."""
    names = []
    for i in range(PEOPLE_SLOTS):
        key = f"people[{i}].name"
        raw = values[key] if key in values else _get(data, ["people", i, "name"])
        names.append(str(raw or "").strip())
    return names


def _resolve(sent: list[str], slots: list[str], kind: str) -> str:
    """The picked people as names: ``@1`` → the second row's name (dropped while it has none)."""
    out: list[str] = []
    for value in sent:
        m = _SLOT.match(value.strip())
        names = [slots[int(m.group(1))]] if m and int(m.group(1)) < len(slots) else \
            [] if m else [n.strip() for n in re.split(r"[、,，]", value)]
        out += [n for n in names if n and n not in out]
    if kind == "person":
        return out[-1] if out else ""
    return "、".join(out)


def picked(values: Mapping[str, str], name: str) -> list[str]:
    """The names a people field holds (as ``form_values`` shows them)."""
    return [n for n in values.get(name, "").split("、") if n]


def _prune(node: Any) -> Any:
    """Drop empty tables and list entries the form left empty."""
    if isinstance(node, dict):
        return {k: v for k, v in ((k, _prune(v)) for k, v in node.items())
                if v is not None and v != {} and v != []}
    if isinstance(node, list):
        return [v for v in (_prune(v) for v in node) if v is not None and v != {}]
    return node


def _fill_names(data: dict[str, Any]) -> None:
    """Give unnamed list entries a name, so an amount alone is enough."""
    for i, a in enumerate(_get(data, ["valuation", "appraisals"]) or []):
        if isinstance(a, dict) and "amount" in a and not a.get("source"):
            a["source"] = f"査定{i + 1}"
    for i, d in enumerate(_get(data, ["household", "other_debts"]) or []):
        if isinstance(d, dict) and "amount" in d and not d.get("name"):
            d["name"] = f"借入{i + 1}"


def form_to_data(form: Iterable[tuple[str, str]], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge the submitted form onto ``base`` (the saved case, or empty for a new one).

    Every field of the form is owned by it: blank removes the value. Checkboxes send a hidden
    "false" before the box, so the last value wins. A person is picked as ``@i`` (the i-th name
    of the people section, as typed in the same form) or written as names. Unknown names are
    ignored.
    """
    values: dict[str, str] = {}
    picks: dict[str, list[str]] = {}
    for name, value in form:
        if name in FIELDS:
            values[name] = value
            if FIELDS[name].kind in ("names", "person"):
                picks.setdefault(name, []).append(value)
    data: dict[str, Any] = copy.deepcopy(dict(base or {}))
    slots = _slot_names(values, data)
    for name, sent in picks.items():
        values[name] = _resolve(sent, slots, FIELDS[name].kind)
    # Blank list entries come out last-first so that indices stay valid while deleting.
    for name in sorted(FIELDS, key=lambda n: parse_path(n), reverse=True):
        if name not in values:
            continue
        field = FIELDS[name]
        raw = values[name]
        parts = parse_path(name)
        if raw.strip() == "":  # a checkbox always sends its hidden "false", so blank is "not given"
            _delete(data, parts)
        elif field.default is not None and _parse(field, raw) is field.default and _get(data, parts) is None:
            continue  # an untouched box states the default: it does not start a section
        else:
            _set(data, parts, _parse(field, raw))
    data = _prune(data)
    _fill_names(data)
    if isinstance(data.get("divorce"), dict) and set(data["divorce"]) <= {"contributions"}:
        contributions = data["divorce"].get("contributions") or []
        if not any(isinstance(c, dict) and "amount" in c for c in contributions):
            data.pop("divorce")
    return data
