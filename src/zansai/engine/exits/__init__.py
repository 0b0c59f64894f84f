"""The ways out (出口): every exit computed on the same inputs and the same dates.

Each exit answers the same questions (``result``): the price, the costs, what each lender receives
and is still owed on the closing date (late charges included), the cash the household must bring,
when it is over, whether the household can stay, what happens to its credit record and to its
joint debtors and guarantors (``debtors``), whose consent is needed (``consents``), and what to
watch out for.

One module per kind of way out: ``sales`` (通常売却, 売却＋自己資金, 住み替えローン),
``short_sales`` (任意売却, 業者買取), ``court`` (競売), ``stay`` (リースバック, 払い続ける); what
they share is in ``context`` (the dates and the claims on a date) and ``closing`` (a sale's costs,
its 配分表 and its result). ``evaluate_exits`` runs them all.
"""

from zansai.engine.exits.context import Claims, Context, Dates, claims_on, lien_name
from zansai.engine.exits.court import auction
from zansai.engine.exits.evaluate import evaluate_exits
from zansai.engine.exits.result import EXIT_LABELS, ExitResult, LenderOutcome
from zansai.engine.exits.sales import normal_sale, sale_with_savings, trade_up
from zansai.engine.exits.short_sales import dealer_purchase, short_sale
from zansai.engine.exits.stay import keep_paying, leaseback

__all__ = [
    "EXIT_LABELS", "Claims", "Context", "Dates", "ExitResult", "LenderOutcome", "auction",
    "claims_on", "dealer_purchase", "evaluate_exits", "keep_paying", "leaseback", "lien_name",
    "normal_sale", "sale_with_savings", "short_sale", "trade_up",
]
