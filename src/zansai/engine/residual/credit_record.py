"""信用情報 (credit records): what KSC, CIC and JICC may show after a route, and until when.

Each bureau keeps its transaction records a number of years after the debt is repaid; KSC also
keeps the 官報 (official gazette) record of a court route from the decision that opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.dates import add_years
from zansai.engine.residual.workings import Workings, iso
from zansai.trace import Text, text_dict


@dataclass(frozen=True, slots=True)
class CreditRecord:
    """What one credit bureau may show, and the latest date it may still show it."""

    bureau: str
    """"KSC", "CIC" or "JICC"."""
    what: Text
    until: date | None
    """The latest date the record may still be shown; None: open-ended or not known (see note)."""
    note: Text = ("", "")

    def to_dict(self) -> dict[str, Any]:
        return {"bureau": self.bureau, "what": text_dict(self.what), "until": iso(self.until),
                "note": text_dict(self.note)}


_BUREAU_WHAT: dict[str, Text] = {
    "KSC": ("銀行・保証会社の取引情報（延滞・代位弁済・完済）", "bank and guarantee-company loan records "
            "(arrears, subrogation, repayment)"),
    "CIC": ("クレジット情報（異動）", "credit records (adverse 異動 entries)"),
    "JICC": ("JICC の登録情報（延滞・債務整理）", "JICC records (arrears, debt relief)"),
}
_TRANSACTION_KEYS = {"KSC": "credit_record.ksc_transaction_years", "CIC": "credit_record.cic_years",
                     "JICC": "credit_record.jicc_years"}


def transaction_records(work: Workings, end: date | None, on: date, *,
                        bankrupt: bool = False) -> list[CreditRecord]:
    """Each bureau's transaction record: kept ``years`` after ``end`` (the last payment), open-ended
    while the debt is unpaid (``end`` None), or from a discharge whose date is not known."""
    out = []
    for bureau, key in _TRANSACTION_KEYS.items():
        res = work.rule(key, end or on)
        years = int(res.value)
        if end is not None:
            note: Text = (f"完済（計画の終了）から{years}年を超えない期間",
                          f"up to {years} years after the debt is repaid (the end of the payments)")
            until: date | None = add_years(end, years)
        elif bankrupt:
            note = (f"免責・契約終了の登録から{years}年以内。"
                    "免責までの期間は調査資料にないため日付は不明です",
                    f"up to {years} years after the discharge (or the end of the contract) is registered; "
                    "the time to discharge is not in the research, so the date is unknown")
            until = None
        else:
            note = (f"完済するまで残り、完済後も最長{years}年残ります",
                    f"stays until the debt is repaid, and up to {years} years after")
            until = None
        if bankrupt and bureau == "JICC":
            note = (note[0] + "。JICC は会員が免責を知った場合だけ免責確定日で完済として登録します"
                              "（債権者に知らせる）",
                    note[1] + "; JICC records the discharge as 完済 only if the member learns of it (tell "
                    "the lender)")
        out.append(CreditRecord(bureau, _BUREAU_WHAT[bureau], until, note))
    return out


def official_gazette_record(work: Workings, filing: date) -> CreditRecord:
    """KSC's record of the 官報 notice that opens a bankruptcy or rehabilitation case."""
    res = work.rule("credit_record.ksc_official_gazette_years", filing)
    years = int(res.value)
    high = int(res.period.high) if res.period.high is not None else years
    note: Text = (f"開始決定日から{years}年を超えない期間。"
                  "開始決定日の代わりに申立日を使っています（決定は申立ての後なので実際の日付は遅くなります"
                  f"）。変更前の登録には{high}年が残っている可能性があります",
                  f"up to {years} years from the decision to open the case; the filing date stands in for "
                  "the decision date (the decision comes later, so the real date is later). Records made "
                  f"before KSC's change may still be kept {high} years")
    what: Text = ("官報情報（破産・再生の手続開始決定）",
                  "official-gazette record (opening of the bankruptcy or rehabilitation case)")
    return CreditRecord("KSC", what, add_years(filing, years), note)
