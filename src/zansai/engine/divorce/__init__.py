"""財産分与 (民法768条): dividing the home and the other marital property at divorce.

The net marital estate N = E' + O is split by the shares (2分の1ルール, 民法768条3項). E is the
home's equity (時価 − 別居時ローン残高, docs/sources/law-debt-divorce.md §7.2), E' the part the overloan view
counts (通算説 keeps a negative E, 除外説 leaves the home out, §7.4), O the marital assets less
the marital debts. Separate money put into the home (特有財産: a down payment, a prepayment) is
credited by competing methods with no settled rule (§7.3): all are computed side by side. The
lenders are never bound by what the couple agree: a debtor or guarantor stays liable for the
whole loan (§8).

One module per idea: ``home`` (the home and who is bound by its loans), ``estate`` (E, O, N and
what each spouse holds), ``methods`` (the ways separate money is credited), ``division``
(the division itself), ``results`` (what it returns), ``scenarios`` (each way the home ends,
per spouse), ``inventory`` (what was counted) and ``from_case`` (the division of a planned case).
"""

from zansai.engine.divorce.division import divide
from zansai.engine.divorce.from_case import CasePropertyDivision, divide_case, home_stake
from zansai.engine.divorce.home import HomeStake, LoanRole, SaleOutcome
from zansai.engine.divorce.inventory import inventory
from zansai.engine.divorce.results import (
    EqualizationPayment,
    MethodResult,
    PropertyDivision,
    Scenario,
    SpouseOutcome,
)
from zansai.engine.divorce.scenarios import property_division_scenarios

__all__ = [
    "CasePropertyDivision",
    "EqualizationPayment",
    "HomeStake",
    "LoanRole",
    "MethodResult",
    "PropertyDivision",
    "SaleOutcome",
    "Scenario",
    "SpouseOutcome",
    "divide",
    "divide_case",
    "home_stake",
    "inventory",
    "property_division_scenarios",
]
