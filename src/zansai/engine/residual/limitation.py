"""消滅時効 (limitation) of each debt: information only, never a route.

Which law applies depends on the contract date (民法 as amended from 2020-04-01, or the former 商法
522条 / 民法167条) and on the creditor; the clock starts at 期限の利益喪失 or, for a guarantee
company's 求償権, the day after 代位弁済. It rarely completes: any payment or a judgment resets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from zansai.dates import add_years
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.workings import Workings, iso
from zansai.model import DebtKind, LenderType
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import RuleUse, Step, Text, text_dict, unique_uses

_CREDIT_UNION_WORDS = ("信用金庫", "信用組合", "農業協同組合", "労働金庫")
"""Creditors that are not 商人: their pre-2020 loans had the civil 10 years
(docs/sources/law-debt-divorce.md §5)."""


@dataclass(frozen=True, slots=True)
class LimitationInfo:
    """消滅時効 of one debt: when it could complete at the earliest, and why that rarely happens."""

    debt: str
    creditor: str
    regime: str
    """"commercial" (旧商法522条), "civil" (旧民法167条), "new_law" (民法166条), "unknown" or
    "not_covered" (support and taxes: outside the research)."""
    regime_text: Text
    years: int | None
    objective_years: int | None
    clock_start: date | None
    earliest: date | None
    """clock_start + years, if nothing resets or suspends it; None when not known."""
    resets: tuple[Text, ...]
    warnings: tuple[Text, ...]
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "debt": self.debt, "creditor": self.creditor, "regime": self.regime,
            "regime_text": text_dict(self.regime_text), "years": self.years,
            "objective_years": self.objective_years, "clock_start": iso(self.clock_start),
            "earliest": iso(self.earliest), "resets": [text_dict(t) for t in self.resets],
            "warnings": [text_dict(t) for t in self.warnings], "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }


@dataclass(frozen=True, slots=True)
class _Regime:
    name: str
    text: Text
    years: int | None = None
    objective: int | None = None


def limitation(debt: ResidualDebt, on: date, book: RuleBook) -> LimitationInfo:
    """消滅時効 of ``debt``: the law that applies, the clock start and the earliest completion."""
    work = Workings(book)
    regime = _regime(work, debt)
    years = regime.years
    clock: date | None = None
    if debt.default_date is not None:
        clock = debt.default_date + timedelta(days=1) if debt.guarantor_company else debt.default_date
    earliest = add_years(clock, years) if clock is not None and years is not None else None
    warnings: list[Text] = [
        ("時効は、支払督促・訴訟や一部の支払いで止まるため、成立することはまずありません。"
         "勧める方法ではありません（記事: 時効が成立することは、まずありえない）",
         "servicers sue or obtain a payment before it runs out, so a time-barred residual is rare; it is "
         "never a recommended route (seed article)"),
        ("時効は援用しなければ効力がありません（民法145条）",
         "it only takes effect if invoked (援用, Civil Code 145)"),
    ]
    if clock is None and regime.name not in ("not_covered",):
        warnings.append(("期限の利益喪失日・代位弁済日が未入力のため起算日は不明です",
                         "no default or subrogation date: the clock start is unknown (不明)"))
    resets, rules = _resets(work, on)
    work.step(f"limitation.{debt.name}.earliest", "時効完成の最も早い時期", "clock start + years",
              {"default_date": iso(debt.default_date) or "—",
               "clock_start": iso(clock) or "—", "years": str(years) if years is not None else "—"},
              iso(earliest) or "不明 / unknown", rules=rules,
              note="A guarantee company's 求償権 runs from the day after 代位弁済. Information only, never a "
                   "route.")
    return LimitationInfo(debt=debt.name, creditor=debt.creditor, regime=regime.name,
                          regime_text=regime.text, years=years, objective_years=regime.objective,
                          clock_start=clock, earliest=earliest, resets=resets,
                          warnings=tuple(warnings), steps=tuple(work.steps),
                          rules_used=unique_uses(work.uses))


def _regime(work: Workings, debt: ResidualDebt) -> _Regime:
    """Which limitation law applies, by the contract date and the creditor (附則10条4項)."""
    cd = debt.contract_date
    if debt.kind is not DebtKind.ORDINARY:
        return _Regime("not_covered", ("養育費・税金の時効は調査の対象外です（不明）",
                                       "limitation of support and tax claims is outside the research (不明)"))
    if cd is None:
        return _Regime("unknown", ("契約日が未入力のため、適用される時効の規定は不明です",
                                   "no contract date: which limitation law applies is unknown (不明)"))
    new = work.rule("limitation.new_law", cd)
    civil_lender = debt.lender is LenderType.JHF or any(w in debt.creditor for w in _CREDIT_UNION_WORDS)
    if new.in_force:
        years, objective = int(new.value["subjective_years"]), int(new.value["objective_years"])
        regime = _Regime("new_law", (f"2020年4月1日以後の契約: 知った時から{years}年・権利を行使できる時から"
                                     f"{objective}年（民法166条1項）",
                                     f"contract from 2020-04-01: {years} years from when the creditor knew, "
                                     f"{objective} years from when it could claim (Civil Code 166(1))"),
                         years, objective)
        used = new
    elif civil_lender and not debt.guarantor_company:
        used = work.rule("limitation.civil_claim_years", cd)
        years = int(used.value)
        regime = _Regime("civil", ("2020年3月31日以前の契約・商人でない貸主（住宅金融支援機構・信用金庫等）: "
                                   f"{years}年（旧民法167条1項）",
                                   "contract before 2020-04-01 with a non-merchant lender (JHF, 信用金庫 …): "
                                   f"{years} years (former Civil Code 167(1))"), years)
    else:
        used = work.rule("limitation.commercial_claim_years", cd)
        years = int(used.value)
        regime = _Regime("commercial", ("2020年3月31日以前の契約・商人の債権者（銀行・保証会社・貸金業者）: "
                                        f"{years}年（旧商法522条）",
                                        "contract before 2020-04-01 with a merchant creditor (bank, "
                                        f"guarantee company, consumer lender): {years} years (former "
                                        "Commercial Code 522)"),
                         years)
    work.step(f"limitation.{debt.name}.regime", "適用される時効", "by contract date and creditor",
              {"contract_date": cd.isoformat(), "lender": debt.lender.value if debt.lender else "—",
               "creditor": debt.creditor, "guarantee_company": "yes" if debt.guarantor_company else "no"},
              f"{regime.name}: {years} years", rules=(used,),
              note="附則10条4項: the law at the contract (保証委託契約 for a 求償権) decides. Lender type "
                   "by LenderType; a 信用金庫 etc. is recognised by its name.")
    return regime


def _resets(work: Workings, on: date) -> tuple[tuple[Text, ...], tuple[Resolved, Resolved]]:
    """What resets or suspends the period (民法150–152条, 169条), and the two rules they cite."""
    judgment = work.rule("limitation.judgment_years", on)
    agreement = work.rule("limitation.agreement_suspension", on)
    resets: list[Text] = [
        ("一部でも支払う・分割を申し出る（承認）と、時効はそこからやり直しになります（民法152条）",
         "any payment or request to pay in instalments is an acknowledgement: the period starts again (Civil "
         "Code 152)"),
        (f"判決・支払督促などで確定すると、そこから{judgment.value}年になります（民法169条）",
         f"a judgment or a final payment order starts a new {judgment.value}-year period (Civil Code 169)"),
        ("催告（請求書・内容証明）で完成が一時猶予されます（民法150条）",
         "a demand suspends completion for a while (Civil Code 150)"),
    ]
    if agreement.in_force:
        resets.append((f"協議を行う旨の書面合意で最長{agreement.value['per_agreement_years']}年ずつ、"
                       f"通算{agreement.value['max_total_years']}年まで完成が猶予されます（民法151条）",
                       "a written agreement to negotiate suspends it up to "
                       f"{agreement.value['per_agreement_years']} year at a time, "
                       f"{agreement.value['max_total_years']} years in all (Civil Code 151)"))
    return tuple(resets), (judgment, agreement)
