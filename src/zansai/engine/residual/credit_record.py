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
from zansai.messages import msg
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
    "KSC": msg("residual.credit.ksc"),
    "CIC": msg("residual.credit.cic"),
    "JICC": msg("residual.credit.jicc"),
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
            note: Text = msg("residual.credit.after_repaid", years=years)
            until: date | None = add_years(end, years)
        elif bankrupt:
            note = msg("residual.credit.after_discharge", years=years)
            until = None
        else:
            note = msg("residual.credit.until_repaid", years=years)
            until = None
        if bankrupt and bureau == "JICC":
            note = msg("residual.credit.jicc_discharge", note=note)
        out.append(CreditRecord(bureau, _BUREAU_WHAT[bureau], until, note))
    return out


def official_gazette_record(work: Workings, filing: date) -> CreditRecord:
    """KSC's record of the 官報 notice that opens a bankruptcy or rehabilitation case."""
    res = work.rule("credit_record.ksc_official_gazette_years", filing)
    years = int(res.value)
    high = int(res.period.high) if res.period.high is not None else years
    note = msg("residual.credit.gazette_note", years=years, high=high)
    return CreditRecord("KSC", msg("residual.credit.gazette_what"), add_years(filing, years), note)
