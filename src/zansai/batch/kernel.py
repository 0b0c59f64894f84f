"""The vectorized valuation kernel: one loan per row, exact integer yen, compiled with Numba.

It is a line-by-line port of the single-case engine for the loans a tape can describe (one home
loan, optionally behind one senior claim): ``engine.loan`` (schedule, ``jp_floor``), ``owed`` and
``arrears`` (amount owed, 遅延損害金, 代位弁済), ``sale`` (costs), ``distribution`` (配分表) and
``exits`` (normal sale, short sale, 業者買取, auction). Rule values are not in this file: they
arrive in the tables of ``params`` (read from the same rule book, on the same dates as the
engine reads them). ``tests/batch/test_agreement.py`` checks it against the engine to the yen.

Rates and ratios are integers over ``RS`` (10**8); consumption-tax and brokerage rates over
``SS`` (10**4). Every division is floored (円未満切捨て), as in the engine. The integer steps
themselves (the calendar, one period's interest, 日割り charges, the annuity estimate, one
schedule step, bracket and tiered fees, the 配分表's ``pay``) are not written here: they are the
engine's own functions in ``zansai.arith``, compiled by ``batch.compiled``, with the rates
passed as exact (numerator, RS) pairs.

Small helpers that take arrays are inlined by Numba (``inline="always"``): a compiled call with
array arguments pays for reference counting, which cost more than the helpers' own work. The
large functions are left as calls, which keeps the first compile near half a minute.

The tail (everything after the schedule) does each piece of work once per loan: the schedule
stores only the rows a claim reads (up to the first due date after the last date asked about:
the calculation date, the latest sale, and the auction's dates but no later than the
acceleration, after which a claim in arrears reads no row); the sale costs that do not depend on
the price and the late-charge rates are put in the block's scratch ``buf`` once; every claim after
the acceleration shares one arrears sum (``arrears_to``'s memo) and the three sale exits one
claim. (Measured and left out: the four exits as one compiled call, +1 %, within the noise.)

Size: this module (about 900 lines) and its three long functions (``build_schedule``,
``sale_exit``, ``exit_value``) are kept whole on purpose for now. Cutting a Numba kernel into
smaller compiled calls changes its speed and compile time, so the kernel is reshaped together
with the speed work that follows (one arithmetic core shared with the engine), measured there.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from zansai.batch import layout as F
from zansai.batch.compiled import (
    add_months,
    annuity_estimate,
    bracket_value,
    civil_from_days,
    day_charge,
    days_from_civil,
    discount,
    due_day,
    month_days,
    muldiv,
    pay,
    ratio_floor,
    tiered_sum,
    track_step,
    with_tax,
)

RS = 10**8
SS = 10**4
NO = np.iinfo(np.int32).min
MEMO = 4
"""Where ``arrears_to`` keeps its memo in the per-block scratch ``buf`` (passed whole: a slice
would be a new array, with its reference counting, on every call)."""
FIXED = 14
"""Where ``value_loan`` keeps the loan's sale costs that do not depend on the price (抹消登記の
登録免許税, the scrivener's fee, moving costs) for its three sale exits and their scenarios."""
LATE = 17
"""Where ``value_loan`` keeps the loan's 遅延損害金 rates (the lender's, the guarantee company's):
every claim in arrears reads them, and each costs a bracket lookup and a date."""
BUF = 19

ST_OK, ST_REPAID, ST_PAST_TERM, ST_RULES, ST_PRICE, ST_ACCEL = 0, 1, 2, 3, 4, 5
EXITS = F.EXITS


# --- calendar and arithmetic: the shared core (zansai.arith), compiled in batch.compiled ----------


@njit(cache=True, parallel=True)
def year_month(days, years, months):
    """Year and month of each day number (the loan matrix's FY and FM columns)."""
    for i in prange(days.shape[0]):
        y, m, _d = civil_from_days(days[i])
        years[i] = y
        months[i] = m


# --- the schedule ------------------------------------------------------------------------------


@njit(cache=True)
def payment_after(fy, fm, pday, day, strict):
    """Number of the first payment due on or after ``day`` (``strict``: after it); at least 1."""
    y, m, _d = civil_from_days(day)
    k = (y * 12 + m - 1) - (fy * 12 + fm - 1) + 1  # the payment due in day's month
    dd = due_day(fy, fm, pday, k)
    if dd < day or (strict and dd == day):
        k += 1
    return max(k, 1)


@njit(cache=True)
def build_schedule(li, stop, keep, rows):  # long on purpose: one compiled loop (see the module note)
    """Rows of the (anchor-sliced) schedule up to the first due date after ``stop``.

    ``rows[:, 0..5]`` = due, (unused), principal, interest, balance, unpaid interest (a row's
    payment is never read, so it is not written). Rows due
    before the last one due before ``keep`` are run without being written (nothing reads them:
    every date the valuation asks about is on or after ``keep``); the stored rows then start
    there, as a sliced schedule does. Returns (row count, first payment number, opening balance).
    """
    principal = li[F.PRINCIPAL]
    rate = li[F.RATE]
    n = li[F.TERM]
    fy, fm, pday = li[F.FY], li[F.FM], li[F.PDAY]
    equal = li[F.METHOD] == 1
    bonus_m1, bonus_m2 = li[F.BM1], li[F.BM2]
    mb = principal - li[F.BONUS]
    bb = li[F.BONUS]
    m_left = n
    b_left = li[F.NB]
    if equal:
        m_pay = mb // max(m_left, 1)
        b_pay = bb // max(b_left, 1) if b_left else 0
    else:
        m_pay = li[F.PAY_M0]
        b_pay = li[F.PAY_B0]
    m_unpaid = 0
    b_unpaid = 0
    anchor_day = li[F.ANCHOR_DAY]
    anchored = anchor_day != NO
    anchor_k = 0
    count = 0
    first_number = 1
    opening = principal
    k_from = 1
    if anchored and bb == 0:
        # Without a bonus part the rows before the statement are discarded and leave nothing behind
        # (the payment is never repriced, the balance stays positive until the last row): start at
        # the first payment due after the statement, where the engine applies it.
        k_from = payment_after(fy, fm, pday, anchor_day, True)
        if k_from > n:
            return 0, n + 1, li[F.ANCHOR_BAL]
        m_left = n - k_from + 1
        mb = li[F.ANCHOR_BAL]
        anchor_k = k_from
        first_number = k_from
        opening = mb
        if mb == 0:  # a statement of nothing owed still leaves its one (empty) row
            rows[0, 0] = due_day(fy, fm, pday, k_from)
            rows[0, 1:6] = 0
            return 1, k_from, 0
    # fast-forward: payments k_from .. k_keep − 1 change the balances only
    k_keep = payment_after(fy, fm, pday, keep, False) - 1
    if anchored and anchor_k == 0:
        k_keep = min(k_keep, payment_after(fy, fm, pday, anchor_day, True))
    k_keep = min(k_keep, n)
    if k_keep > k_from:
        month = (fm + k_from - 2) % 12 + 1
        has_bonus = li[F.BONUS] != 0
        # the common row (an annuity's monthly part, not its last, interest below the payment) in
        # unsigned arithmetic: the same floors, half the instructions of Python's signed floor
        u_rate = np.uint64(rate)
        u_pay = np.uint64(m_pay)
        u_den = np.uint64(RS * 12)
        for k in range(k_from, k_keep):
            if mb == 0 and bb == 0 and m_unpaid == 0 and b_unpaid == 0:
                break
            plain = False
            if not equal and m_unpaid == 0 and m_left > 1 and mb > 0:
                u_bal = np.uint64(mb)
                u_acc = u_bal * u_rate // u_den
                if u_acc < u_pay and u_bal + u_acc > u_pay:
                    mb = np.int64(u_bal - (u_pay - u_acc))
                    plain = True
            if not plain:
                part, interest, m_unpaid = track_step(mb, m_unpaid, m_pay, m_left, rate, RS, 12, equal)
                mb -= part
            m_left -= 1
            if has_bonus and k >= 2 and month in (bonus_m1, bonus_m2):
                part, interest, b_unpaid = track_step(bb, b_unpaid, b_pay, b_left, rate, RS, 2, equal)
                bb -= part
                b_left -= 1
            month = month + 1 if month < 12 else 1
        first_number = k_keep
        opening = mb + bb
        k_from = k_keep
    # due dates month by month: the first day of payment k's month, and that month's length
    m0 = fy * 12 + fm - 1 + k_from - 1
    y = m0 // 12
    m = m0 % 12 + 1
    month_start = days_from_civil(y, m, 1)
    for k in range(k_from, n + 1):
        if mb == 0 and bb == 0 and m_unpaid == 0 and b_unpaid == 0:
            break
        mdays = month_days(y, m)
        due = month_start + min(pday, mdays) - 1
        month_start += mdays
        m += 1
        if m == 13:
            m = 1
            y += 1
        if anchored and anchor_k == 0 and anchor_day < due:
            anchor_k = k
            a_bal = li[F.ANCHOR_BAL]
            if bb:
                bb = muldiv(a_bal, bb, mb + bb)
            mb = a_bal - bb
            m_unpaid = 0
            b_unpaid = 0
            count = 0
            first_number = k
            opening = a_bal
        part, interest, m_unpaid = track_step(mb, m_unpaid, m_pay, m_left, rate, RS, 12, equal)
        mb -= part
        m_left -= 1
        int_total = interest
        prin_total = part
        # bonus track, in the bonus months after the first payment
        month = (fm + k - 2) % 12 + 1
        if li[F.BONUS] and k >= 2 and month in (bonus_m1, bonus_m2):
            part, interest, b_unpaid = track_step(bb, b_unpaid, b_pay, b_left, rate, RS, 2, equal)
            bb -= part
            b_left -= 1
            int_total += interest
            prin_total += part
        rows[count, 0] = due
        rows[count, 2] = prin_total
        rows[count, 3] = int_total
        rows[count, 4] = mb + bb
        rows[count, 5] = m_unpaid + b_unpaid
        count += 1
        if due > stop and not (anchored and anchor_k == 0):
            break
    if anchored and anchor_k == 0:
        count = 0
        first_number = n + 1
        opening = li[F.ANCHOR_BAL]
    return count, first_number, opening


@njit(cache=True, inline="always")
def index_on(rows, count, on):
    """How many rows fall due on or before ``on`` (bisect_right)."""
    lo = 0
    hi = count
    while lo < hi:
        mid = (lo + hi) // 2
        if rows[mid, 0] <= on:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, inline="always")
def index_from(rows, count, on):
    """First row due on or after ``on`` (bisect_left)."""
    lo = 0
    hi = count
    while lo < hi:
        mid = (lo + hi) // 2
        if rows[mid, 0] < on:
            lo = mid + 1
        else:
            hi = mid
    return lo


# --- what is owed (engine.owed.amount_owed) ----------------------------------------------------


@njit(cache=True, inline="always")
def on_schedule(li, rows, count, first_number, opening, on, basis):
    """(total, principal, interest, late) repaid on schedule: balance + 日割り経過利息."""
    i = index_on(rows, count, on)
    if i == 0:
        principal = opening
        since = due_day(li[F.FY], li[F.FM], li[F.PDAY], first_number - 1)
        carried = 0
    else:
        principal = rows[i - 1, 4]
        since = rows[i - 1, 0]
        carried = rows[i - 1, 5]
    days = max(on - since, 0)
    interest = carried + day_charge(principal, li[F.RATE], RS, days, basis)
    return principal + interest, principal, interest, 0


@njit(cache=True, inline="always")
def late_rate_of(li, lt):
    """The lender's 遅延損害金 rate: the contract's or the practice default, capped (利息制限法4条,
    and 7条 for a bank: engine.late_cap)."""
    rate = li[F.LATE_RATE]
    if rate < 0:
        rate = lt[F.LT_RATE_JHF] if li[F.LENDER] == 1 else lt[F.LT_RATE_BANK]
    return min(rate, late_cap_of(li, lt, li[F.LENDER] != 1))


@njit(cache=True, inline="always")
def late_cap_of(li, lt, business):
    """利息制限法4条 by principal; 7条 too for a business lender whose loan was contracted from
    the day it came into force (the contract date assumed as the engine does: the first day of
    the month before the first payment)."""
    cap = bracket_rate(lt, li[F.PRINCIPAL])
    if business and due_day(li[F.FY], li[F.FM], 1, 0) >= lt[F.LT_BIZ_FROM]:
        cap = min(cap, lt[F.LT_BIZ_CAP])
    return cap


@njit(cache=True, inline="always")
def late_rates(li, lt, buf):
    """Once per loan into ``buf[LATE:]``: the lender's rate and, with a guarantee company, its
    rate after 代位弁済 (the contract's or the practice default, capped as a business lender's)."""
    buf[LATE] = late_rate_of(li, lt)
    if li[F.GC]:
        rate = li[F.LATE_RATE]
        if rate < 0:
            rate = lt[F.LT_RATE_GC]
        buf[LATE + 1] = min(rate, late_cap_of(li, lt, True))


@njit(cache=True, inline="always")
def bracket_rate(lt, principal):
    return bracket_value(lt, F.LT_CAP, lt[F.LT_CAP_N], principal)


@njit(cache=True, inline="always")
def arrears_to(li, late, basis, rows, count, s, principal_out, cutoff, memo):
    """Over the rows from ``s`` due by ``cutoff``: the late charges to ``cutoff`` on each missed
    principal, and the interest (the missed rows' plus 日割り on the principal not yet due, from
    the last due date to ``cutoff``). Remembered in ``memo[MEMO:]`` for the last (s, cutoff):
    every claim after the acceleration shares its cutoff, so they differ only by later charges."""
    if memo[MEMO] == s and memo[MEMO + 1] == cutoff:
        return memo[MEMO + 2], memo[MEMO + 3]
    end = index_on(rows, count, cutoff)
    before = 0
    unpaid = 0
    missed_principal = 0
    for j in range(s, end):
        before += day_charge(rows[j, 2], late, RS, cutoff - rows[j, 0], basis)
        unpaid += rows[j, 3]
        missed_principal += rows[j, 2]
    interest = unpaid + day_charge(principal_out - missed_principal, li[F.RATE], RS,
                                   cutoff - rows[end - 1, 0], basis)
    memo[MEMO] = s
    memo[MEMO + 1] = cutoff
    memo[MEMO + 2] = before
    memo[MEMO + 3] = interest
    return before, interest


@njit(cache=True)
def delinquent(li, lt, rows, count, first_number, opening, s, on, acc, memo):
    """(total, principal, interest, late) in arrears from row ``s`` (acc: NO if not accelerated)."""
    basis = lt[F.LT_BASIS]
    late = memo[LATE]  # value_loan's late_rates
    principal_out = rows[s - 1, 4] if s > 0 else opening
    cutoff = acc if acc != NO else on
    late_total, interest = arrears_to(li, late, basis, rows, count, s, principal_out, cutoff, memo)
    if acc != NO:  # after the acceleration, late charges on the whole principal
        late_total += day_charge(principal_out, late, RS, on - acc, basis)
    return principal_out + interest + late_total, principal_out, interest, late_total


@njit(cache=True)
def owed(li, lt, kt, rows, count, first_number, opening, first, s, on, basis_on, memo):
    """What the loan's holder claims on ``on`` (Context.owed): (total, principal, late)."""
    if first == NO:
        t, p, i, lc = on_schedule(li, rows, count, first_number, opening, on, basis_on)
        return t, p, lc
    if on < rows[s, 0]:
        t, p, i, lc = on_schedule(li, rows, count, first_number, opening, on, basis_on)
        return t, p, lc
    acc = kt[F.KT_ACC]
    if acc > on:
        acc = NO
    sub = kt[F.KT_SUB]
    if acc == NO or li[F.GC] == 0 or sub == NO or sub > on:
        t, p, i, lc = delinquent(li, lt, rows, count, first_number, opening, s, on, acc, memo)
        return t, p, lc
    # 代位弁済: the guarantee company's claim, with its own late charges on principal + interest.
    t, p, i, lc = delinquent(li, lt, rows, count, first_number, opening, s, sub, acc, memo)
    own = day_charge(p + i, memo[LATE + 1], RS, on - sub, lt[F.LT_BASIS])
    return t + own, p, lc + own


# --- costs (engine.sale) -------------------------------------------------------------------------


@njit(cache=True, inline="always")
def brokerage_fee(price, sp):
    """仲介手数料の上限 (宅建業法46条, 告示): tiers × (1 + consumption tax), floored."""
    ex_tax = tiered_sum(sp, F.SP_BROK, sp[F.SP_BROK_N], price)  # × SS
    return with_tax(ex_tax, SS, sp[F.SP_TAX], SS)


@njit(cache=True, inline="always")
def stamp_duty(price, sp):
    return bracket_value(sp, F.SP_STAMP, sp[F.SP_STAMP_N], price)


@njit(cache=True, inline="always")
def lien_release_tax(liens, count, sp):
    """抹消登記の登録免許税: ``count`` properties (land parcels + buildings) per lien released."""
    per_app = sp[F.SP_LR_CAP] if count > sp[F.SP_LR_OVER] else count * sp[F.SP_LR_PER]
    return per_app * liens


@njit(cache=True, inline="always")
def scrivener_fee(liens, sp):
    return with_tax(sp[F.SP_SCRIV] * liens, 1, sp[F.SP_TAX], SS)


@njit(cache=True, inline="always")
def release_fee(rank, principal, sp):
    """ハンコ代: min(cap, principal × ratio) of the row with the largest rank ≤ ``rank``."""
    best = -1
    for j in range(sp[F.SP_REL_N]):
        if sp[F.SP_REL + 3 * j] <= rank and (best < 0 or sp[F.SP_REL + 3 * j] > sp[F.SP_REL + 3 * best]):
            best = j
    if best < 0:
        return 0
    return min(sp[F.SP_REL + 3 * best + 1], ratio_floor(principal, sp[F.SP_REL + 3 * best + 2], RS))


@njit(cache=True, inline="always")
def fixed_costs(li, sp, buf):
    """The sale costs that do not depend on the price, once per loan into ``buf[FIXED:]``."""
    liens = 2 if li[F.RANK] > 1 else 1
    buf[FIXED] = lien_release_tax(liens, li[F.PARCELS], sp)
    buf[FIXED + 1] = scrivener_fee(liens, sp)
    buf[FIXED + 2] = li[F.MOVING] if li[F.MOVING] >= 0 else sp[F.SP_MOVING]


# --- one sale exit ----------------------------------------------------------------------------------


@njit(cache=True, inline="always")
def sale_exit(li, sp, price, brokered, mode, our_claim, our_principal, out):  # inlined (module note)
    """Costs and 配分表 of a sale. mode: 0 full repayment, 1 short sale, 2 full if it repays
    everyone else short (業者買取). Writes costs, recovery, remaining debt, short flag to ``out``."""
    senior = li[F.SENIOR]
    has_senior = li[F.RANK] > 1
    liens = 2 if has_senior else 1
    brok = brokerage_fee(price, sp) if brokered else 0
    stamp = stamp_duty(price, sp)
    lr, scriv, moving = out[FIXED], out[FIXED + 1], out[FIXED + 2]  # value_loan's fixed_costs
    costs = brok + stamp + lr + scriv + moving
    assoc = li[F.ASSOC]
    out[0] = costs
    if mode != 1:
        # full repayment: costs, liens by rank, the association, then the seller
        _paid_costs, rem = pay(costs, price)
        paid_senior = 0
        if has_senior:
            paid_senior, rem = pay(senior, rem)
        paid_ours, rem = pay(our_claim, rem)
        paid_assoc, rem = pay(assoc, rem)
        remaining = (senior - paid_senior if has_senior else 0) + our_claim - paid_ours + assoc - paid_assoc
        if mode == 0 or remaining == 0:
            out[1] = paid_ours
            out[2] = remaining
            out[3] = 0
            return
    # short sale: the allowed deductions, then the first lender, then the surplus by rank
    rem = price
    if brokered:
        _got, rem = pay(brok, rem)
    if sp[F.SP_JHF_STAMP_OK]:
        _got, rem = pay(stamp, rem)
    _got, rem = pay(lr, rem)
    _got, rem = pay(min(scriv, sp[F.SP_JHF_SCRIV_CAP] * liens), rem)
    paid_ours = 0
    paid_senior = 0
    if has_senior:
        # our loan is the junior lien: its release fee is deducted before the first lender
        paid_ours, rem = pay(min(release_fee(li[F.RANK], our_principal, sp), our_claim), rem)
    assoc_allowed = assoc
    if assoc > 0 and li[F.MONTHLY_FEE] >= 0:
        assoc_allowed = min(assoc, sp[F.SP_MGMT_YEARS] * 12 * li[F.MONTHLY_FEE])
    paid_assoc, rem = pay(assoc_allowed, rem)
    if sp[F.SP_JHF_MOVING_OK] and moving > 0:
        _got, rem = pay(moving, rem)
    if has_senior:
        paid_senior, rem = pay(senior, rem)
        more, rem = pay(our_claim - paid_ours, rem)
        paid_ours += more
    else:
        paid_ours, rem = pay(our_claim, rem)
    more = min(assoc - paid_assoc, rem) if rem > 0 else 0
    paid_assoc += more
    remaining = (senior - paid_senior if has_senior else 0) + our_claim - paid_ours + assoc - paid_assoc
    out[1] = paid_ours
    out[2] = remaining
    out[3] = 1


@njit(cache=True, inline="always")
def auction_costs(claim, kt):
    """予納金 (東京地裁), 申立手数料 and the seizure registration tax on the filing claim."""
    deposit = bracket_value(kt, F.KT_DEP, kt[F.KT_DEP_N], claim)
    fee = kt[F.KT_FEE]
    base = (claim // kt[F.KT_BASE_UNIT]) * kt[F.KT_BASE_UNIT]
    tax = ratio_floor(base, kt[F.KT_SEIZ_RATE], RS)
    tax = max((tax // kt[F.KT_TAX_UNIT]) * kt[F.KT_TAX_UNIT], kt[F.KT_REG_MIN])
    return deposit + fee + tax


# --- the loan ---------------------------------------------------------------------------------------


@njit(cache=True)
def prepare(li, kt, g, rows, stop, keep):
    """Build the schedule and find the first missed row: (status, count, first number, opening,
    row of the first missed payment or -1, the timeline's first missed row, index after `at`)."""
    count, first_number, opening = build_schedule(li, stop, keep, rows)
    # the timeline's first missed payment: the case's, or (hypothetical) the next due after `at`
    fm = li[F.FIRST_MISSED]
    nxt = index_on(rows, count, g[F.G_AT])
    if fm == NO and nxt >= count:
        return ST_REPAID, count, first_number, opening, -1, -1, nxt
    s = index_from(rows, count, fm if fm != NO else rows[nxt, 0])
    if s >= count:
        return ST_PAST_TERM, count, first_number, opening, -1, -1, nxt
    if fm != NO and kt[F.KT_ACC] < rows[s, 0]:
        return ST_ACCEL, count, first_number, opening, -1, -1, nxt
    return ST_OK, count, first_number, opening, s if fm != NO else -1, s, nxt


@njit(cache=True)  # one compiled call per exit; long on purpose (see the module note)
def exit_value(e, li, sp, kt, lt, g, rows, count, first_number, opening, s_case, s_any, central,
               sale, payment, realized, buf, o, base):
    """Exit ``e`` (0 normal sale, 1 short sale, 2 業者買取, 3 auction) of a home worth ``central``
    settled on ``sale`` (sale exits) or paid for on ``payment`` (auction, at the realized ratio
    ``realized`` × 10**8 of ``central``), written to ``o[base:]``."""
    fm = li[F.FIRST_MISSED]
    if e < 3:
        # prices (engine.valuation): the central value × the practice ratios
        price = central if e == 0 else ratio_floor(central, li[F.R_SHORT] if e == 1 else li[F.R_DEALER], RS)
        if price < 1:
            return ST_PRICE
        if buf[10] == sale:  # the three sale exits settle on the same day: one claim
            t, p, lc = buf[11], buf[12], buf[13]
        else:
            t, p, lc = owed(li, lt, kt, rows, count, first_number, opening, fm, s_case, sale,
                            sp[F.SP_BASIS], buf)
            buf[10], buf[11], buf[12], buf[13] = sale, t, p, lc
        sale_exit(li, sp, price, e != 2, e, t, p, buf)
        feasible = True
        if e == 0 and buf[2] > 0:
            feasible = False
        if (e == 1 or buf[3] == 1) and sale > kt[F.KT_LAST]:
            feasible = False
        if fm != NO and sale >= kt[F.KT_PAY]:
            feasible = False
        o[base + F.E_PRICE] = price
        o[base + F.E_COSTS] = buf[0]
        o[base + F.E_CLAIM] = t
        o[base + F.E_LATE] = lc
        o[base + F.E_RECOVERY] = buf[1]
        o[base + F.E_COMPLETION] = sale
        o[base + F.E_FEASIBLE] = 1 if feasible else 0
        o[base + F.E_REMAINING] = buf[2]
        return ST_OK
    # auction: claims on the buyer's payment date, as if payments stop (assume_default); the
    # court costs on the claim on the filing date, which is after the acceleration (so in arrears)
    base_price = ratio_floor(central, g[F.G_ADJ], RS)
    min_bid = ratio_floor(base_price, g[F.G_BID], RS)
    price = max(min_bid, ratio_floor(central, realized, RS))
    first_any = fm if fm != NO else rows[s_any, 0]
    t, p, lc = owed(li, lt, kt, rows, count, first_number, opening, first_any, s_any, payment,
                    kt[F.KT_BASIS_PAY], buf)
    senior = li[F.SENIOR]
    has_senior = li[F.RANK] > 1
    filing_claim = senior
    if not has_senior:  # the court costs are fixed on the claim on the filing date (請求債権額)
        filing_claim, _, _ = owed(li, lt, kt, rows, count, first_number, opening, first_any, s_any,
                                  kt[F.KT_FILING], kt[F.KT_BASIS_PAY], buf)
    if filing_claim < 1:
        return ST_PRICE
    costs = auction_costs(filing_claim, kt)
    _paid_costs, rem = pay(costs, price)
    paid_senior = 0
    if has_senior:
        paid_senior, rem = pay(senior, rem)
    paid, rem = pay(t, rem)
    paid_assoc, rem = pay(li[F.ASSOC], rem)
    o[base + F.E_PRICE] = price
    o[base + F.E_COSTS] = costs
    o[base + F.E_CLAIM] = t
    o[base + F.E_LATE] = lc
    o[base + F.E_RECOVERY] = paid
    o[base + F.E_COMPLETION] = payment
    o[base + F.E_FEASIBLE] = 1
    o[base + F.E_REMAINING] = ((senior - paid_senior if has_senior else 0) + t - paid
                               + li[F.ASSOC] - paid_assoc)
    return ST_OK


@njit(cache=True)
def value_loan(li, sp, kt, lt, g, rows, buf, o):
    """Value one loan: fills ``o`` (see ``layout``); returns its status and its schedule's shape
    (row count, first number, opening balance, first missed rows) for the Monte Carlo."""
    at = g[F.G_AT]
    delay = g[F.G_DELAY_MONTHS]
    last_sale = add_months(li[F.SALE_DAY], delay) if delay else li[F.SALE_DAY]
    # the last date anything is asked on: the calculation date, the last sale, the first missed
    # payment and the auction's dates; but in arrears a claim reads no row due after the
    # acceleration (期限の利益喪失), so the auction's rows stop there (about 6–8 rows stored, not 23)
    pay_last = max(kt[F.KT_PAY_LATE], kt[F.KT_PAY], kt[F.KT_FILING])
    acc = kt[F.KT_ACC]
    stop = max(pay_last if acc == NO else min(pay_last, acc), last_sale, at)
    if li[F.FIRST_MISSED] != NO:
        stop = max(stop, li[F.FIRST_MISSED])
    # the earliest date anything is asked on: the calculation date, the first missed payment,
    # the sale, the auction's earliest payment (scenario dates come later still)
    keep = min(at, li[F.SALE_DAY], kt[F.KT_PAY_EARLY])
    if li[F.FIRST_MISSED] != NO:
        keep = min(keep, li[F.FIRST_MISSED])
    st, count, first_number, opening, s_case, s_any, nxt = prepare(li, kt, g, rows, stop, keep)
    if st != ST_OK:
        return st, count, first_number, opening, s_case, s_any
    o[F.O_BALANCE] = rows[nxt - 1, 4] if nxt > 0 else opening
    buf[MEMO] = -1  # a new schedule: forget the last loan's arrears sums and claim
    buf[10] = NO
    fixed_costs(li, sp, buf)
    late_rates(li, lt, buf)
    t, _p, lc = owed(li, lt, kt, rows, count, first_number, opening, li[F.FIRST_MISSED], s_case, at,
                     g[F.G_BASIS_AT], buf)
    o[F.O_OWED_AT] = t
    o[F.O_LATE_AT] = lc
    best = -1
    best_pv = -1
    for e in range(4):
        base = F.O_EXIT + e * F.EXIT_WIDTH
        st = exit_value(e, li, sp, kt, lt, g, rows, count, first_number, opening, s_case, s_any,
                        li[F.COLLATERAL], li[F.SALE_DAY], kt[F.KT_PAY], li[F.R_REALIZED], buf, o, base)
        if st != ST_OK:
            return st, count, first_number, opening, s_case, s_any
        pv = discount(o[base + F.E_RECOVERY], o[base + F.E_COMPLETION] - at, g[F.G_DISCOUNT],
                      g[F.G_PV_BASIS])
        o[base + F.E_PV] = pv
        if o[base + F.E_FEASIBLE] and pv > best_pv:
            best = e
            best_pv = pv
    o[F.O_BEST] = best
    return ST_OK, count, first_number, opening, s_case, s_any


# --- Monte Carlo ----------------------------------------------------------------------------------

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@njit(cache=True)
def splitmix(x):
    x = x + _GOLDEN
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


@njit(cache=True)
def uniform(seed, row, scenario, stream):
    """A uniform number in (0, 1) from (seed, tape row, scenario, stream) alone (counter-based),
    so a loan draws the same numbers in any chunk, on any worker."""
    x = splitmix(np.uint64(seed) ^ splitmix(np.uint64(row) * np.uint64(4) + np.uint64(stream)))
    x = splitmix(x ^ np.uint64(scenario))
    return ((x >> np.uint64(11)).item() + 0.5) / 9007199254740992.0


AUCTION_STREAM = 1 << 40
"""Set in the scenario number for the auction ratio's draw: a stream of its own (scenarios are
fewer than 2**40), so loans without a region draw exactly the numbers they drew before."""


@njit(cache=True)
def triangular(u, lo, mode, hi):
    """The realized ratio × 10**8 at the quantile ``u`` of the triangular distribution lo–mode–hi."""
    if hi <= lo:
        return mode
    if u < (mode - lo) / (hi - lo):
        return lo + int(math.sqrt(u * (hi - lo) * (mode - lo)))
    return hi - int(math.sqrt((1.0 - u) * (hi - lo) * (hi - mode)))


@njit(cache=True)
def scenario_recovery(li, sp, kt, lt, g, rows, count, first_number, opening, s_case, s_any, best,
                      scenario, buf, tmp):
    """The recovery of the loan's best exit in one scenario (the auction if it falls through)."""
    seed = g[F.G_SEED]
    row = li[F.ROW]
    u1 = uniform(seed, row, scenario, 0)
    u2 = uniform(seed, row, scenario, 1)
    z = math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
    factor = round(math.exp(li[F.SIGMA] / 1e6 * z) * 1e6)
    central = max(li[F.COLLATERAL] * factor // 1_000_000, 1)
    # settlement: up to G_DELAY_MONTHS later; the buyer's payment: triangular on the timeline's range
    sale = li[F.SALE_DAY]
    span = add_months(sale, g[F.G_DELAY_MONTHS]) - sale
    sale = sale + int(uniform(seed, row, scenario, 2) * (span + 1))
    lo, mode, hi = kt[F.KT_PAY_EARLY], kt[F.KT_PAY], kt[F.KT_PAY_LATE]
    payment = triangular(uniform(seed, row, scenario, 3), lo, mode, hi)
    realized = li[F.R_REALIZED]
    if li[F.AUC_DRAW]:
        realized = triangular(uniform(seed, row, scenario | AUCTION_STREAM, 0), li[F.R_AUC_LO],
                              li[F.R_AUC_MODE], li[F.R_AUC_HI])
    st = exit_value(best, li, sp, kt, lt, g, rows, count, first_number, opening, s_case, s_any, central,
                    sale, payment, realized, buf, tmp, 0)
    if st != ST_OK or tmp[F.E_FEASIBLE] == 0:
        exit_value(3, li, sp, kt, lt, g, rows, count, first_number, opening, s_case, s_any, central,
                   sale, payment, realized, buf, tmp, 0)
    return tmp[F.E_RECOVERY]


@njit(cache=True, parallel=True, nogil=True)  # nogil: the next chunk is read meanwhile
def value_chunk(loans, key_idx, late_idx, sale_idx, sale_tab, key_tab, late_tab, bad_sale, bad_key,
                bad_late, g, out, status, mc, portfolio, block):
    """Value every loan of a chunk (rows of ``loans``) in parallel blocks; with scenarios, also
    the P10/P50/P90 recovery per loan (``mc``) and the recovery per scenario summed per block
    (``portfolio``, one row per block)."""
    n = loans.shape[0]
    nblocks = (n + block - 1) // block
    scenarios = g[F.G_SCENARIOS]
    for b in prange(nblocks):
        rows = np.empty((F.MAX_ROWS, 6), np.int64)
        buf = np.zeros(BUF, np.int64)  # sale_exit's results, memo, sale-day claim, fixed costs
        tmp = np.zeros(F.EXIT_WIDTH, np.int64)
        rec = np.zeros(max(scenarios, 1), np.int64)
        lo = b * block
        hi = min(n, lo + block)
        for i in range(lo, hi):
            if bad_sale[sale_idx[i]] or bad_key[key_idx[i]] or bad_late[late_idx[i]]:
                status[i] = ST_RULES
                continue
            li = loans[i]
            sp = sale_tab[sale_idx[i]]
            kt = key_tab[key_idx[i]]
            lt = late_tab[late_idx[i]]
            st, count, first_number, opening, s_case, s_any = value_loan(li, sp, kt, lt, g, rows, buf, out[i])
            status[i] = st
            if st != ST_OK or scenarios == 0:
                continue
            total = 0
            for sc in range(scenarios):
                r = scenario_recovery(li, sp, kt, lt, g, rows, count, first_number, opening, s_case,
                                      s_any, out[i][F.O_BEST], sc, buf, tmp)
                rec[sc] = r
                portfolio[b, sc] += r
                total += r
            ordered = np.sort(rec[:scenarios])
            mc[i, F.M_P10] = ordered[nearest_rank(scenarios, 10)]
            mc[i, F.M_P50] = ordered[nearest_rank(scenarios, 50)]
            mc[i, F.M_P90] = ordered[nearest_rank(scenarios, 90)]
            mc[i, F.M_MEAN] = total // scenarios


@njit(cache=True)
def nearest_rank(n, percent):
    """Index of the P-th percentile by the nearest-rank method: ceil(P/100 × n) − 1."""
    return max((percent * n + 99) // 100 - 1, 0)


@njit(cache=True, parallel=True)
def first_dates(loans, at, key_first, late_first):
    """Per loan: the timeline's first missed date and the first missed due date (the dates the
    engine reads the timeline and the late-charge rules on), from the calendar alone."""
    n = loans.shape[0]
    for i in prange(n):
        li = loans[i]
        fy, fm, pday, term = li[F.FY], li[F.FM], li[F.PDAY], li[F.TERM]
        # rows start at the statement's payment when there is one (the engine slices the rest off)
        start = payment_after(fy, fm, pday, li[F.ANCHOR_DAY], True) if li[F.ANCHOR_DAY] != NO else 1
        target = li[F.FIRST_MISSED]
        strict = target == NO
        if strict:
            target = at
        # the first due on or after the first missed payment (or, hypothetically, after `at`)
        k = max(start, payment_after(fy, fm, pday, target, strict))
        first = due_day(fy, fm, pday, k) if k <= term else NO
        late_first[i] = first
        key_first[i] = li[F.FIRST_MISSED] if li[F.FIRST_MISSED] != NO else first


@njit(cache=True, parallel=True)
def initial_payments(loans, ambiguous):
    """The annuity payments of the monthly and bonus parts (floored), flagging near-ties."""
    n = loans.shape[0]
    for i in prange(n):
        li = loans[i]
        if li[F.METHOD] == 1:
            continue
        pay, amb = annuity_estimate(li[F.PRINCIPAL] - li[F.BONUS], li[F.RATE], RS, 12, li[F.TERM])
        li[F.PAY_M0] = pay
        bonus_amb = False
        if li[F.BONUS] and li[F.NB]:
            bpay, bonus_amb = annuity_estimate(li[F.BONUS], li[F.RATE], RS, 2, li[F.NB])
            li[F.PAY_B0] = bpay
        ambiguous[i] = amb or bonus_amb
