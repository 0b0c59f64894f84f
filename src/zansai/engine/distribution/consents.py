"""Who must agree to a short sale, and whether the first lender may refuse it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zansai.engine.distribution.table import Distribution, Party
from zansai.errors import DomainError
from zansai.messages import Msg, msg
from zansai.model import DistributionMode
from zansai.model.checks import require_yen
from zansai.model.keys import ConsentRole, ConsentStatus
from zansai.money import Yen
from zansai.trace import Text


@dataclass(frozen=True, slots=True)
class ConsentCheck:
    """Whether one person whose consent a short sale needs has given it."""

    party: str
    role: ConsentRole
    status: ConsentStatus
    message: Text

    @property
    def message_ja(self) -> str:
        return self.message[0]

    @property
    def message_en(self) -> str:
        return self.message[1]

    def to_dict(self) -> dict[str, str]:
        out = {"party": self.party, "role": self.role, "status": self.status,
               "message_ja": self.message_ja, "message_en": self.message_en}
        if isinstance(self.message, Msg):
            out["message_id"] = self.message.id
        return out


_ROLES = {
    ConsentRole.OWNER: msg("distribution.roles.owner"),
    ConsentRole.LIENHOLDER: msg("distribution.roles.lienholder"),
    ConsentRole.GUARANTOR: msg("distribution.roles.guarantor"),
    ConsentRole.TAX_SEIZURE_HOLDER: msg("distribution.roles.tax_seizure_holder"),
}


def _consent(name: str, role: ConsentRole, consents: bool | None) -> ConsentCheck:
    """One person's consent, named as typed (no honorific is added)."""
    said = _ROLES[role]
    if consents is True:
        return ConsentCheck(name, role, ConsentStatus.GIVEN,
                            msg("distribution.consents.given", name=name, role=said))
    if consents is False:
        outcome = msg("distribution.consents.outcome_owner" if role is ConsentRole.OWNER
                      else "distribution.consents.outcome")
        return ConsentCheck(name, role, ConsentStatus.REFUSED,
                            msg("distribution.consents.refused", name=name, role=said, outcome=outcome))
    return ConsentCheck(name, role, ConsentStatus.UNKNOWN,
                        msg("distribution.consents.unknown", name=name, role=said))


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
                raise DomainError.invalid(f"{role}.name", repr(name),
                                          msg("distribution.errors.name_required"))
            checks.append(_consent(name, role, consents))
    return tuple(checks)


def lender_refusal_risk(distribution: Distribution, *,
                        first_lender_auction_recovery: Yen) -> Text | None:
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
    return msg("distribution.consents.refusal_risk", recovery=recovery,
               auction=first_lender_auction_recovery, gap=gap)
