"""残債の整理: the ways to deal with the debt left after the home is sold.

After a 任意売却 or 競売 the housing loan is no longer secured but still owed (recourse,
see the glossary). The source article names three ways on:
negotiate the monthly amount (任意整理), 個人再生, 自己破産. Each route here answers the same questions on the
same debts and dates: is it allowed, can the household pay it, how much in all, per month and until when, what
it costs, what is forgiven and what survives, the 官報, the guarantors, the credit records and
daily life. 消滅時効 is shown per debt as information only (``LimitationInfo``), never as a route.

One module per idea: ``negotiated`` (任意整理), ``lump_sum`` (一括和解, a scenario the user enters),
``rehabilitation/`` (個人再生: the 231条 minimum, liquidation value, disposable income, instalments,
costs), ``bankruptcy`` (自己破産), ``limitation`` (消滅時効), ``credit_record`` (信用情報 and the 官報
record), ``surplus`` (売却の余剰金: what the sale left over, the debtor's cash), ``results`` (``Route``,
``ResidualRoutes``) and ``routes`` (``residual_routes``).
"""

from zansai.engine.residual.credit_record import CreditRecord
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.limitation import LimitationInfo
from zansai.engine.residual.rehabilitation import (
    LiquidationValue,
    MinimumRepayment,
    liquidation_value,
    minimum_repayment,
    split_instalments,
)
from zansai.engine.residual.results import ROUTE_KEYS, ROUTE_LABELS, ResidualRoutes, Route
from zansai.engine.residual.routes import residual_routes

__all__ = [
    "ROUTE_KEYS", "ROUTE_LABELS", "CreditRecord", "LimitationInfo", "LiquidationValue", "MinimumRepayment",
    "ResidualDebt", "ResidualRoutes", "Route", "liquidation_value", "minimum_repayment",
    "residual_routes", "split_instalments",
]
