"""譲渡所得税: the tax on the gain from selling the home (土地建物等の譲渡, 分離課税).

gain = proceeds − acquisition cost (取得費) − selling expenses (譲渡費用). A residence may
take the 3,000万円 special deduction (措法35条) and, held more than 10 years, the reduced
rates (措法31条の3); a loss on selling below the housing loan may be set off against other
income (措法41条の5の2). Income tax, the reconstruction and defense surtaxes and the resident
tax follow, each rounded as the law says and each explained by a ``Step``.

- ``transfer``: the sale as the tax sees it (``Transfer``);
- ``holding``: the holding period, judged on 1 January;
- ``acquisition``: 取得費 and the building's 減価の額, or the 5% estimate;
- ``reliefs``: the residence requirements, 35条, 31条の3 and 41条の5の2;
- ``rates``: the taxable base, the taxes and their rounding;
- ``capital_gains``: ``capital_gains_tax``, all of the above in order;
- ``not_computed``: the result that says why, when the purchase date or price is not known.
"""

from zansai.engine.tax.acquisition import AcquisitionCost, AcquisitionMethod, acquisition_cost
from zansai.engine.tax.capital_gains import CapitalGainsResult, capital_gains_tax
from zansai.engine.tax.holding import holding_period
from zansai.engine.tax.not_computed import TaxNotComputed, TaxResult, capital_gains_or_reason
from zansai.engine.tax.reliefs import LossRelief
from zansai.engine.tax.transfer import Transfer

__all__ = [
    "AcquisitionCost", "AcquisitionMethod", "CapitalGainsResult", "LossRelief", "TaxNotComputed", "TaxResult",
    "Transfer", "acquisition_cost", "capital_gains_or_reason", "capital_gains_tax", "holding_period",
]
