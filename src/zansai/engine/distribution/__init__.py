"""Distribution of the sale price (配分表): who receives what at settlement.

Two modes (and the court's 配当, which is the first without the overloan warning):

* ``full_repayment`` (通常売却): a strict priority waterfall — sale costs, liens by rank, the
  condominium association, unpaid taxes, then the seller. A claim left unpaid means the sale
  cannot close without extra cash (overloan). See ``allocation``.
* ``short_sale`` (任意売却): the first lender releases its lien for less. The deductions its
  criteria allow come off the price first, each capped by the rule book's JHF criteria (the
  de-facto industry standard, docs/sources/law-sale-costs.md §8.1, docs/sources/law-debt-divorce.md §3.6); the
  first lender takes the rest up to its claim, any surplus runs down the ranks, then to the seller. See
  ``deductions`` and ``fees``.

Costs the criteria do not allow (the stamp duty, a scrivener fee above the cap, unlisted items)
are not taken from the price: they appear in ``Distribution.out_of_pocket`` and in a warning,
because the seller pays them from other money. The allocation always adds up to the price.
Who must consent to a short sale, and whether the first lender may refuse it: ``consents``.
"""

from zansai.engine.distribution.allocation import allocate
from zansai.engine.distribution.consents import ConsentCheck, lender_refusal_risk, required_consents
from zansai.engine.distribution.fees import release_fee, tax_seizure_release
from zansai.engine.distribution.table import Distribution, LienClaim, Line, LineName, Party

__all__ = [
    "ConsentCheck", "Distribution", "LienClaim", "Line", "LineName", "Party", "allocate",
    "lender_refusal_risk", "release_fee", "required_consents", "tax_seizure_release",
]
