"""Who must agree to a short sale, and whether the first lender may refuse it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zansai.engine.distribution.table import Distribution, Party
from zansai.errors import DomainError
from zansai.model import DistributionMode
from zansai.model.checks import require_yen
from zansai.model.keys import ConsentRole, ConsentStatus
from zansai.money import Yen, format_yen


@dataclass(frozen=True, slots=True)
class ConsentCheck:
    """Whether one person whose consent a short sale needs has given it."""

    party: str
    role: ConsentRole
    status: ConsentStatus
    message_ja: str
    message_en: str

    def to_dict(self) -> dict[str, str]:
        return {"party": self.party, "role": self.role, "status": self.status,
                "message_ja": self.message_ja, "message_en": self.message_en}


_ROLES = {
    ConsentRole.OWNER: ("所有者・共有者", "owner"),
    ConsentRole.LIENHOLDER: ("抵当権者", "lienholder"),
    ConsentRole.GUARANTOR: ("連帯保証人", "joint guarantor"),
    ConsentRole.TAX_SEIZURE_HOLDER: ("差押権者", "tax seizure holder"),
}


def _consent(name: str, role: ConsentRole, consents: bool | None) -> ConsentCheck:
    ja_role, en_role = _ROLES[role]
    if consents is True:
        return ConsentCheck(name, role, ConsentStatus.GIVEN, f"{name}（{ja_role}）は任意売却に同意しています",
                            f"{name} ({en_role}) consents to the short sale")
    if consents is False:
        owner = role is ConsentRole.OWNER
        outcome_ja = "競売（共有なら共有物分割）" if owner else "競売"
        outcome_en = "an auction (or a partition of the co-owned home)" if owner else "an auction"
        return ConsentCheck(
            name, role, ConsentStatus.REFUSED,
            f"{name}（{ja_role}）が同意しないため任意売却はできません。{outcome_ja}になる見込みです",
            f"{name} ({en_role}) refuses, so a short sale is impossible; the likely outcome is {outcome_en}",
        )
    return ConsentCheck(name, role, ConsentStatus.UNKNOWN,
                        f"{name}（{ja_role}）の同意がまだ確認できていません。任意売却には同意が必要です",
                        f"{name} ({en_role}) must be asked: a short sale needs their consent")


def required_consents(*, owners: Sequence[tuple[str, bool | None]],
                      lienholders: Sequence[tuple[str, bool | None]],
                      guarantors: Sequence[tuple[str, bool | None]],
                      tax_seizure_holders: Sequence[tuple[str, bool | None]] = (),
                      ) -> tuple[ConsentCheck, ...]:
    """Everyone who must agree to a short sale, and whether they have.

    Every owner and co-owner, every lienholder and seizure holder (docs/sources/law-debt-divorce.md §8), and
    every joint guarantor (記事1 (docs/sources/seed1-short-sale.md §5): 「連帯保証人の同意が必要」…
    同意してもらえなかったり、連絡がつかなかったりする場合、任意売却できずに競売にかけられてしまう可能性があります).
    """
    groups = ((ConsentRole.OWNER, owners), (ConsentRole.LIENHOLDER, lienholders),
              (ConsentRole.GUARANTOR, guarantors), (ConsentRole.TAX_SEIZURE_HOLDER, tax_seizure_holders))
    checks = []
    for role, people in groups:
        for name, consents in people:
            if not name.strip():
                raise DomainError.invalid(f"{role}.name", repr(name), "名前を入力してください",
                                          "a name is required")
            checks.append(_consent(name, role, consents))
    return tuple(checks)


def lender_refusal_risk(distribution: Distribution, *,
                        first_lender_auction_recovery: Yen) -> tuple[str, str] | None:
    """A warning when the first lender recovers less than it would at auction (it may refuse).

    JHF's condition (docs/sources/law-sale-costs.md §8.1, medium):
    控除後の回収額が競売による回収見込額を下回る場合は応諾しないことがある.
    """
    require_yen("first_lender_auction_recovery", first_lender_auction_recovery)
    if distribution.mode is not DistributionMode.SHORT_SALE:
        return None
    recovery = distribution.paid_to(Party.LENDER)
    if recovery >= first_lender_auction_recovery:
        return None
    gap = first_lender_auction_recovery - recovery
    return (
        f"第1順位の回収額 {format_yen(recovery)} は競売での回収見込額 "
        f"{format_yen(first_lender_auction_recovery)} を {format_yen(gap)} 下回ります。"
        "金融機関は任意売却に応じないおそれがあります",
        f"The first lender would recover {format_yen(recovery)}, {format_yen(gap)} less than the "
        f"{format_yen(first_lender_auction_recovery)} it expects at auction; it may refuse the short sale",
    )
