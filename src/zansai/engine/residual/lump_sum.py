"""一括和解 (lump-sum settlement): a scenario the user enters, never assumed.

Practice disagrees on whether a servicer accepts less than it is owed, so the route only exists when
the user names an amount (``ResidualOptions.lump_sum``, the case file's ``[residual] settlement``).
"""

from __future__ import annotations

from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.credit_record import transaction_records
from zansai.engine.residual.guarantors import others_liable
from zansai.engine.residual.results import Route, make_route
from zansai.engine.residual.workings import Workings
from zansai.model import LenderType, RouteKey
from zansai.money import Yen, format_yen


def lump_sum(ctx: RouteContext, amount: Yen) -> Route:
    """Pay ``amount`` at once on the start date; the creditor forgives the rest."""
    work = Workings(ctx.book)
    total = ctx.total()
    forgiven = total - amount
    work.step(f"{RouteKey.LUMP_SUM}.forgiven", "一括和解で免除される額",
              "forgiven = total claimed − settlement",
              {"total": format_yen(total), "settlement": format_yen(amount)}, format_yen(forgiven))
    means = ctx.means
    feasible = amount <= means
    if not feasible:
        work.reasons.append((f"一括 {format_yen(amount)} は"
                             f"貯蓄と親族の援助の合計 {format_yen(means)} を超えます",
                             f"the lump sum of {format_yen(amount)} exceeds savings plus family help of "
                             f"{format_yen(means)}"))
    work.warnings.append((
        "入力された一括和解のシナリオです。サービサーが減額に応じるかは実務の見解が分かれます（大幅減額の例が"
        "ある一方、減額・免除はされないとする見解もある）",
        "a scenario you entered: practice disagrees on whether servicers reduce the debt (some report large "
        "reductions, others say no reduction or forgiveness is granted)"))
    if any(d.lender is LenderType.JHF for d in ctx.debts):
        work.warnings.append(("住宅金融支援機構は債権の免除をしないとされます（実務上の指摘、信頼度低）",
                              "住宅金融支援機構 (JHF) is said never to forgive debt (practice claim, low "
                              "confidence)"))
    who = others_liable(ctx.debts, lambda ja, en: (
        f"和解で{ja}の責任も消えるかは和解の条項次第です。書面で確認してください（調査資料にない点です）",
        f"whether the settlement also releases {en} depends on its terms; get it in writing "
        "(not covered by the research)"))
    credit = transaction_records(work, ctx.start, ctx.start)
    work.life.append(("官報には載りません", "nothing is published in the official gazette"))
    return make_route(work, RouteKey.LUMP_SUM, eligible=True, feasible=feasible, total_to_pay=amount,
                      instalments_total=amount, monthly=amount, last=amount, months=1 if amount else 0,
                      end=ctx.start, costs=(), forgiven=forgiven, surviving=0, official_gazette=0,
                      guarantors=who, credit=credit, first=ctx.start)
