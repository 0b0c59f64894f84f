"""The summary's per-court totals of a tape with a coded region (裁判所別の集計).

Per court: the loans valued, how many used the court's cited auction figure and how many the
national rule (the court's figure 不明), what they owe, their auction and best recoveries, and
how many had their auction dated on the court's published months to distribution.
Loans of the tape without a location are counted under ``""``. Chunks add up, as ``Totals`` do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from zansai.batch import layout as F
from zansai.batch.region import BASIS_COURT, BASIS_NATIONAL, court_ids

if TYPE_CHECKING:
    from zansai.batch.value import Valued

FIELDS = ("loans", "court_figure", "national", "owed", "auction_recovery", "best_recovery", "court_timeline")
AUCTION = F.O_EXIT + 3 * F.EXIT_WIDTH
UNKNOWN = ("bid_ratio_distribution",)
"""What no source gives for any court: the spread (P10/P90) of winning bid ÷ 売却基準価額. The
Monte Carlo spreads a court's central ratio by the national range's shape instead."""


@dataclass
class CourtTotals:
    """Per court id (``""``: no location): ``FIELDS`` summed over the valued loans."""

    by_court: dict[str, list[int]] = field(default_factory=dict)

    def add(self, v: Valued) -> None:
        assert v.courts is not None
        table = v.courts[0]
        idx, out = v.valued_columns()
        court = v.chunk.court[idx].astype(np.int64)
        kind = v.chunk.property_type[idx].astype(np.int64)
        located = court >= 0
        basis = np.where(located, table.basis[np.where(located, court, 0), kind], 0)
        best = out[F.O_BEST]
        per_exit = out[F.O_EXIT + F.E_RECOVERY::F.EXIT_WIDTH][:4]
        best_recovery = np.where(best >= 0, per_exit[np.maximum(best, 0), np.arange(len(idx))], 0)
        slot = np.where(located, court, len(court_ids()))
        size = len(court_ids()) + 1
        sums = [np.bincount(slot, minlength=size),
                np.bincount(slot, basis == BASIS_COURT, size),
                np.bincount(slot, basis == BASIS_NATIONAL, size)]
        money = [out[F.O_OWED_AT], out[AUCTION + F.E_RECOVERY], best_recovery]
        timed = np.zeros(len(idx), np.int64) if v.timing is None else (v.timing[idx] > 0).astype(np.int64)
        columns = ([s.astype(np.int64) for s in sums] + [_sum_by(slot, m, size) for m in money]
                   + [_sum_by(slot, timed, size)])
        for k in np.flatnonzero(columns[0]):
            name = court_ids()[k] if k < len(court_ids()) else ""
            row = self.by_court.setdefault(name, [0] * len(FIELDS))
            for j, c in enumerate(columns):
                row[j] += int(c[k])

    def merge(self, other: CourtTotals) -> None:
        for name, theirs in other.by_court.items():
            mine = self.by_court.setdefault(name, [0] * len(FIELDS))
            for j, x in enumerate(theirs):
                mine[j] += x

    def to_dict(self) -> dict[str, Any]:
        """The summary's ``courts``: one entry per court (by id, the unlocated loans under
        ``""`` last), the loans on national figures, and what is 不明 for every court."""
        from zansai.rules.courts import jurisdiction

        courts = jurisdiction().courts
        rows: list[dict[str, Any]] = []
        for name in sorted(self.by_court, key=lambda n: (n == "", n)):
            d = dict(zip(FIELDS, self.by_court[name], strict=True))
            court = courts.get(name)
            rows.append({"court": name, "name_ja": court.name_ja if court else "",
                         "name_en": court.name_en if court else "", **d})
        national = sum(self.by_court[name][FIELDS.index("national")] for name in self.by_court)
        return {"by_court": rows, "national_loans": national,
                "unlocated_loans": self.by_court.get("", [0])[0],
                "unknown": list(UNKNOWN), "monte_carlo_spread": "national"}


def _sum_by(slot: Any, values: Any, size: int) -> Any:
    """Exact integer sums of ``values`` per slot (``bincount`` would sum in floats)."""
    out = np.zeros(size, np.int64)
    np.add.at(out, slot, values)
    return out
