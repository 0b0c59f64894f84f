"""Home loans (住宅ローン): repayment schedules (償還表) exact to the yen.

The engine is integer arithmetic throughout: the annuity payment is computed exactly and
rounded once, by a named convention; interest each period is ``balance × rate`` rounded the
same way; the last payment absorbs the remainder. A bonus loan (ボーナス併用) is two tracks:
the monthly part, and the bonus part as its own semiannual annuity at half the annual rate,
paid in the bonus months.

- ``annuity``: the exact annuity payment;
- ``schedule``: ``Payment``, ``Columns``, ``Schedule`` and its queries (balance on a date …);
- ``amortization``: ``amortize``, the level fast path and the general path;
- ``explain``: the schedule's explanation;
- ``loan_set``: several loans on one home, summed.
"""

from zansai.engine.loan.amortization import amortize
from zansai.engine.loan.annuity import annuity_payment
from zansai.engine.loan.loan_set import LoanSet
from zansai.engine.loan.schedule import Columns, Payment, Schedule, ScheduleEvent

__all__ = ["Columns", "LoanSet", "Payment", "Schedule", "ScheduleEvent", "amortize",
           "annuity_payment"]
