"""Whose consent a way out needs: every owner for any sale; for a short sale also every
lienholder, seizure holder and joint guarantor. A refusal blocks the exit."""

from __future__ import annotations

from collections.abc import Sequence

from zansai.engine.distribution import ConsentCheck, required_consents
from zansai.engine.exits.context import Context, lien_name
from zansai.model import Case, LienKind
from zansai.model.keys import ConsentStatus
from zansai.trace import Text


def short_sale_consents(ctx: Context) -> tuple[ConsentCheck, ...]:
    """Everyone who must agree to release the liens for less (任意売却)."""
    kept: tuple[ConsentCheck, ...] | None = ctx.consents.get("short_sale")
    if kept is None:
        kept = ctx.consents["short_sale"] = _short_sale_consents(ctx.case)
    return kept


def _short_sale_consents(case: Case) -> tuple[ConsentCheck, ...]:
    owners = [(p.name, p.consents) for p in case.people if p.ownership_share > 0]
    lienholders = [(lien_name(lien, case.liens), lien.consents) for lien in case.liens
                   if lien.kind is LienKind.MORTGAGE]
    seizures = [(lien_name(lien, case.liens), lien.consents) for lien in case.liens
                if lien.kind is LienKind.TAX_SEIZURE]
    if case.property.tax_seized and not seizures:
        seizures = [(case.tax_office, None)]
    people = {p.name: p.consents for p in case.people}
    guarantor_names = sorted({g for lien in case.liens for g in lien.guarantors})
    guarantors = [(g, people.get(g)) for g in guarantor_names]
    return required_consents(owners=owners, lienholders=lienholders, guarantors=guarantors,
                             tax_seizure_holders=seizures)


def owner_consents(ctx: Context) -> tuple[ConsentCheck, ...]:
    """Any sale needs every owner's signature (共有者全員); lienholders are repaid in full."""
    kept: tuple[ConsentCheck, ...] | None = ctx.consents.get("owners")
    if kept is None:
        owners = [(p.name, p.consents) for p in ctx.case.people if p.ownership_share > 0]
        kept = ctx.consents["owners"] = required_consents(owners=owners, lienholders=[], guarantors=[])
    return kept


def blocked(consents: Sequence[ConsentCheck]) -> list[Text]:
    """The refusals, as reasons the exit is not feasible."""
    return [c.message for c in consents if c.status is ConsentStatus.REFUSED]
