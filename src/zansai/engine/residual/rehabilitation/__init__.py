"""個人再生 (rehabilitation): the 231条 minimum, the liquidation value, disposable income, the plan's
instalments and costs, and the route that puts them together."""

from zansai.engine.residual.rehabilitation.instalments import split_instalments
from zansai.engine.residual.rehabilitation.liquidation_value import LiquidationValue, liquidation_value
from zansai.engine.residual.rehabilitation.minimum import MinimumRepayment, minimum_repayment
from zansai.engine.residual.rehabilitation.route import rehabilitation

__all__ = ["LiquidationValue", "MinimumRepayment", "liquidation_value", "minimum_repayment",
           "rehabilitation", "split_instalments"]
