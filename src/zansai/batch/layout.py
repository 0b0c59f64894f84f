"""Column positions of the kernel's integer tables (loans, results, rule tables).

The kernel reads plain ``int64`` matrices; these names say which column holds what. Money is
yen, dates are days since 1970-01-01 (``NO_DATE`` when absent), rates ``× 10**8`` unless noted.
"""

from __future__ import annotations

from itertools import count

from zansai.model.keys import ExitKey

MAX_ROWS = 601
"""Schedule rows a loan can have (term ≤ 600 months) plus one."""

_c = count()
# loans: one row per loan
PRINCIPAL = next(_c)
BONUS = next(_c)
"""Bonus part of the principal (ボーナス返済分)."""
RATE = next(_c)
TERM = next(_c)
FY = next(_c)
"""Year and month of payment 1, and the payment day."""
FM = next(_c)
PDAY = next(_c)
METHOD = next(_c)
PAY_M0 = next(_c)
"""Initial annuity payment of the monthly part (floored)."""
PAY_B0 = next(_c)
NB = next(_c)
"""Number of bonus payments."""
BM1 = next(_c)
BM2 = next(_c)
ANCHOR_DAY = next(_c)
ANCHOR_BAL = next(_c)
FIRST_MISSED = next(_c)
COLLATERAL = next(_c)
RANK = next(_c)
SENIOR = next(_c)
LENDER = next(_c)
GC = next(_c)
LATE_RATE = next(_c)
"""Contract late-charge rate × 10**8, or -1 for the practice default."""
MOVING = next(_c)
ASSOC = next(_c)
MONTHLY_FEE = next(_c)
SALE_DAY = next(_c)
R_SHORT = next(_c)
R_DEALER = next(_c)
R_REALIZED = next(_c)
SIGMA = next(_c)
"""Price volatility of the home × 10**6 (log scale) for the Monte Carlo."""
ROW = next(_c)
"""1-based tape row: the Monte Carlo's random stream is keyed on it, not on the chunk."""
PARCELS = next(_c)
"""Properties a lien release registers: land parcels + buildings (tape columns, default 1 + 1)."""
AUC_DRAW = next(_c)
"""1 where the Monte Carlo draws the auction's realized ratio (a loan with a region on the tape)."""
R_AUC_LO = next(_c)
R_AUC_MODE = next(_c)
R_AUC_HI = next(_c)
"""The draw's low, central and high realized ratio × 10**8 (``batch.region``)."""
LOAN_WIDTH = next(_c)

# results: one row per loan
_c = count()
O_BALANCE = next(_c)
O_OWED_AT = next(_c)
O_LATE_AT = next(_c)
O_BEST = next(_c)
O_EXIT = next(_c)
_e = count()
E_PRICE = next(_e)
E_COSTS = next(_e)
E_CLAIM = next(_e)
E_LATE = next(_e)
E_RECOVERY = next(_e)
E_COMPLETION = next(_e)
E_FEASIBLE = next(_e)
E_PV = next(_e)
E_REMAINING = next(_e)
EXIT_WIDTH = next(_e)
EXITS: tuple[str, ...] = tuple(k.value for k in (ExitKey.NORMAL_SALE, ExitKey.SHORT_SALE,
                                                 ExitKey.DEALER_PURCHASE, ExitKey.AUCTION_COURT))
"""The kernel's exits in its order (0 … 3), named by the engine's keys (``model.keys.ExitKey``)."""
LEGACY_EXIT_NAMES = {ExitKey.AUCTION_COURT.value: "auction"}
"""The batch's names before the engine's keys were shared (``--legacy-exit-names``, one release)."""
N_EXITS = len(EXITS)
OUT_WIDTH = O_EXIT + N_EXITS * EXIT_WIDTH

# globals
_c = count()
G_AT = next(_c)
G_BASIS_AT = next(_c)
G_ADJ = next(_c)
G_BID = next(_c)
G_DISCOUNT = next(_c)
"""Annual discount rate × 10**6 (a percent with four decimals)."""
G_SCENARIOS = next(_c)
G_SEED = next(_c)
G_DELAY_MONTHS = next(_c)
"""Largest extra delay of a sale's settlement in the Monte Carlo (months)."""
G_PV_BASIS = next(_c)
"""Days in a year of the present value's simple-interest discount (``market.discount_day_count_basis``)."""
G_WIDTH = next(_c)

# Monte Carlo results: one row per loan
_c = count()
M_P10 = next(_c)
M_P50 = next(_c)
M_P90 = next(_c)
M_MEAN = next(_c)
M_WIDTH = next(_c)

# sale table: one row per settlement date (rates marked SS are × 10**4)
BROK_TIERS = 4
STAMP_ROWS = 16
REL_ROWS = 4
_c = count()
SP_TAX = next(_c)
"""Consumption tax × 10**4."""
SP_BROK_N = next(_c)
SP_BROK = next(_c)
"""(upto or -1, rate × 10**4) pairs."""
for _ in range(2 * BROK_TIERS - 1):
    next(_c)
SP_STAMP_N = next(_c)
SP_STAMP = next(_c)
"""(upto or -1, duty) pairs."""
for _ in range(2 * STAMP_ROWS - 1):
    next(_c)
SP_LR_PER = next(_c)
SP_LR_CAP = next(_c)
SP_LR_OVER = next(_c)
SP_SCRIV = next(_c)
SP_MOVING = next(_c)
SP_JHF_MOVING_OK = next(_c)
SP_JHF_SCRIV_CAP = next(_c)
SP_JHF_STAMP_OK = next(_c)
SP_REL_N = next(_c)
SP_REL = next(_c)
"""(rank, cap, ratio × 10**8) triples."""
for _ in range(3 * REL_ROWS - 1):
    next(_c)
SP_MGMT_YEARS = next(_c)
SP_BASIS = next(_c)
SP_WIDTH = next(_c)

# timeline key table: one row per (first missed date, lender, guarantee company)
DEP_ROWS = 8
_c = count()
KT_ACC = next(_c)
KT_SUB = next(_c)
KT_FILING = next(_c)
KT_PAY = next(_c)
KT_PAY_EARLY = next(_c)
KT_PAY_LATE = next(_c)
KT_LAST = next(_c)
KT_BASIS_PAY = next(_c)
KT_DEP_N = next(_c)
KT_DEP = next(_c)
for _ in range(2 * DEP_ROWS - 1):
    next(_c)
KT_FEE = next(_c)
KT_SEIZ_RATE = next(_c)
KT_BASE_UNIT = next(_c)
KT_TAX_UNIT = next(_c)
KT_REG_MIN = next(_c)
KT_WIDTH = next(_c)

# late-charge table: one row per first missed due date
CAP_ROWS = 4
_c = count()
LT_BASIS = next(_c)
LT_RATE_BANK = next(_c)
LT_RATE_JHF = next(_c)
LT_RATE_GC = next(_c)
LT_CAP_N = next(_c)
LT_CAP = next(_c)
for _ in range(2 * CAP_ROWS - 1):
    next(_c)
LT_BIZ_CAP = next(_c)
LT_BIZ_FROM = next(_c)
"""Day number from which 利息制限法7条 binds, by the loan contract date (LT_BIZ_CAP's rate)."""
LT_WIDTH = next(_c)
del _c, _e, _
