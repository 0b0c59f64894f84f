"""The people a sale concerns and the household's money: debts, assets, income, choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model.checks import require_yen
from zansai.model.keys import ExitKey
from zansai.money import Yen


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the sale concerns: an owner, a debtor, a guarantor."""

    name: str
    ownership_share: Fraction = Fraction(0)
    consents: bool | None = None
    """Agrees to the sale: True, False, or None when not yet asked."""
    lived_in: bool | None = None
    """Lived in the home (居住用財産, for this owner's 3,000万円控除 and reduced rates); None: as
    the property's ``lived_in`` says."""
    moved_out_on: date | None = None
    """When this owner stopped living there; None: as the property's ``moved_out_on`` says."""


class DebtKind(StrEnum):
    """How the law treats a debt in 個人再生 and 自己破産."""

    ORDINARY = "ordinary"
    """Cards, car loans, consumer loans, a housing-loan residual: reduced by 個人再生, discharged by 破産."""
    SUPPORT = "support"
    """Unpaid 養育費・婚姻費用: not reduced (民再229条3項) and not discharged (破産法253条1項)."""
    TAX = "tax"
    """租税・社会保険料: 一般優先債権 outside a 再生計画, not discharged (破産法253条1項1号)."""


@dataclass(frozen=True, slots=True)
class Debt:
    """Another debt of the household (cards, car loan, unpaid child support …)."""

    name: str
    amount: Yen
    monthly_payment: Yen = 0
    kind: DebtKind = DebtKind.ORDINARY
    owner: str | None = None
    """Whose debt it is (a name in people); None: the household's - the main debtor's in the
    remaining-debt routes, shared half each in a divorce division."""
    creditor: str = ""
    contract_date: date | None = None
    """When the debt was contracted (which limitation law applies)."""
    guarantors: tuple[str, ...] = ()
    marital: bool = True
    """Incurred for the marriage's household (netted in 財産分与); False: a spouse's own debt."""
    secured_value: Yen = 0
    """別除権: what the creditor is expected to recover from its security (a car under 所有権留保):
    left out of the 個人再生 claims (民再221条1項, 231条2項) and paid outside the plan."""
    evidence: str = ""
    """証拠: the exhibit number of the figure (甲3), for the 婚姻関係財産一覧表."""
    claims: tuple[tuple[str, Yen], ...] = ()
    """A disputed figure: (spouse, claimed yen) pairs; shown on the list, never computed with."""

    def __post_init__(self) -> None:
        require_yen("debt.amount", self.amount)
        require_yen("debt.secured_value", self.secured_value)
        if self.secured_value > self.amount:
            raise DomainError.invalid("debt.secured_value", self.secured_value,
                                      msg("keep_home.errors.secured_within_amount"))
        require_yen("debt.monthly_payment", self.monthly_payment)
        require_debt_kind("debt.kind", self.kind)


class AssetKind(StrEnum):
    """Asset categories of the 清算価値 sheet and the 破産 振り分け (Tokyo practice)."""

    CASH = "cash"
    """現金."""
    DEPOSIT = "deposit"
    """預貯金."""
    INSURANCE = "insurance"
    """保険の解約返戻金."""
    SECURITIES = "securities"
    """有価証券."""
    CAR = "car"
    """自動車."""
    RETIREMENT = "retirement"
    """退職金見込額 (the full projected amount; the rules take the counted fraction)."""
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Asset:
    """Something the household owns besides the home."""

    kind: AssetKind
    amount: Yen
    owner: str | None = None
    """A name in people; None: held jointly or not attributed."""
    name: str = ""
    separate: bool = False
    """特有財産 (owned before the marriage, inherited, a gift): left out of 財産分与."""
    evidence: str = ""
    """証拠: the exhibit number of the figure (甲3), for the 婚姻関係財産一覧表."""
    claims: tuple[tuple[str, Yen], ...] = ()
    """A disputed figure: (spouse, claimed yen) pairs; shown on the list, never computed with."""

    def __post_init__(self) -> None:
        require_yen("asset.amount", self.amount)


@dataclass(frozen=True, slots=True)
class Household:
    """The household's money besides the home: savings, income, costs, other debts and assets."""

    savings: Yen = 0
    relatives_help: Yen = 0
    monthly_income: Yen = 0
    """Take-home income per month (手取り)."""
    monthly_living_costs: Yen = 0
    """Living costs per month, housing excluded."""
    monthly_rent_after_sale: Yen | None = None
    """Rent of the next home after moving out; None: not known."""
    other_debts: tuple[Debt, ...] = ()
    assets: tuple[Asset, ...] = ()
    annual_minimum_living_cost: Yen | None = None
    """最低限度の生活を維持するために必要な1年分の費用 (民再241条3項の政令): entered by the user,
    because the 政令's tables are not transcribed in the rule book."""
    salaried: bool = True
    """Earns a salary or a similarly regular income (給与所得者等再生 is open)."""

    def __post_init__(self) -> None:
        for name in ("savings", "relatives_help", "monthly_income", "monthly_living_costs"):
            require_yen(f"household.{name}", getattr(self, name))
        for name in ("monthly_rent_after_sale", "annual_minimum_living_cost"):
            if getattr(self, name) is not None:
                require_yen(f"household.{name}", getattr(self, name))


@dataclass(frozen=True, slots=True)
class ResidualOptions:
    """What the user chose for the remaining-debt routes (残債の整理)."""

    exit: ExitKey | None = None
    """Whose remaining debt: an exit key; None: the best exit of the plan."""
    debtor: str | None = None
    """Whose routes: a name in people; None: the main loan's first debtor."""
    monthly_payment: Yen | None = None
    """A negotiated monthly amount; None: the household's capacity (income − costs)."""
    lump_sum: Yen | None = None
    """A lump-sum settlement the user wants to try (一括和解); never assumed. The case file calls it
    ``[residual] settlement``, and its errors keep that path (``residual.settlement``)."""
    negotiated_rate: Fraction = Fraction(0)
    """Interest on the negotiated instalments (将来利息); 0 under the 弁護士会 統一基準."""
    plan_years: int | None = None
    """個人再生 plan length; None: the 3 years of 民再229条2項."""
    instalment_rounding: str = "ceil"
    """How a plan instalment becomes whole yen (a convention of ``rehabilitation.instalment_rounding``):
    "ceil" (each rounded up to the yen, the last takes the rest: Tokyo), "floor", or "ceil_100_first"
    (rounded up to 100円, the first takes the rest: Kobe)."""
    filing_date: date | None = None
    """When a court route would be filed; None: the exit's completion date."""
    lawyer: bool = True
    discharge_concerns: bool = False
    """免責不許可事由 to investigate (浪費・偏頗弁済 …): a bankruptcy goes to 管財."""
    previous_discharge: date | None = None
    """Date of an earlier 免責許可決定確定 or 給与所得者等再生 認可 (the 7-year bars)."""
    debtor_birth_date: date | None = None
    """The debtor's birth date: the age limit of extending the housing loan (民再199条2項)."""

    def __post_init__(self) -> None:
        if self.instalment_rounding not in ("ceil", "floor", "ceil_100_first"):
            raise DomainError.invalid("residual.instalment_rounding", self.instalment_rounding,
                                      msg("model.checks.ceil_or_floor"))
        if self.monthly_payment is not None:
            require_yen("residual.monthly_payment", self.monthly_payment)
        if self.lump_sum is not None:
            require_yen("residual.lump_sum", self.lump_sum)
        if not isinstance(self.negotiated_rate, Fraction | int) or self.negotiated_rate < 0:
            raise DomainError.invalid("residual.negotiated_rate", self.negotiated_rate,
                                      msg("model.checks.rate_not_negative"))
        years = self.plan_years
        if years is not None and (isinstance(years, bool) or not isinstance(years, int) or years < 1):
            raise DomainError.invalid("residual.plan_years", self.plan_years,
                                      msg("model.checks.years_at_least_one"))


def require_debt_kind(path: str, kind: object) -> None:
    """``kind`` must be a ``DebtKind`` (how the law treats the debt in 個人再生 and 自己破産)."""
    if not isinstance(kind, DebtKind):
        raise DomainError.invalid(path, kind, "ordinary / support / tax", "ordinary, support or tax")
