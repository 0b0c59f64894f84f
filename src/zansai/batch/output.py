"""The batch results as columns: one row per valued loan, one per failed row, and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch.chunk import NO_DATE, RowError
from zansai.batch.value import Valued

EXITS = K.EXITS
"""The exits by the engine's keys (``model.keys.ExitKey``): the results' column prefixes and the JSON's."""


def exit_names(legacy: bool = False) -> tuple[str, ...]:
    """The names the output uses for ``EXITS``: the engine's keys, or with ``legacy`` the batch's old
    ones (``auction`` for ``auction_court``; ``--legacy-exit-names``, kept for one release)."""
    return tuple(F.LEGACY_EXIT_NAMES.get(n, n) for n in EXITS) if legacy else EXITS
EXIT_FIELDS = ("price", "costs", "claim", "late_charges", "recovery", "loss", "completion", "days",
               "feasible", "pv", "remaining_debt")
ERROR_SCHEMA = pa.schema([("row", pa.int64()), ("loan_id", pa.string()), ("column", pa.string()),
                          ("value", pa.string()), ("message_ja", pa.string()), ("message_en", pa.string())])


def _dates(days: npt.NDArray[np.int64]) -> pa.Array:
    mask = days == NO_DATE
    return pa.array(np.where(mask, 0, days).astype(np.int32), type=pa.date32(), mask=mask)


def results_table(v: Valued, at_day: int, names: tuple[str, ...] = EXITS) -> pa.Table:
    """The valued loans of a chunk (status ok), in tape order; ``names``: the exits' names."""
    idx, out = v.valued_columns()
    every = len(idx) == len(v.status)
    ids = pa.array(v.chunk.loan_id, pa.string())
    regions = pa.array(v.chunk.region, pa.string())
    cols: dict[str, Any] = {
        "row": pa.array(v.chunk.row[idx], pa.int64()),
        "loan_id": ids if every else ids.take(pa.array(idx)),
        "region": regions if every else regions.take(pa.array(idx)),
        "balance": out[F.O_BALANCE],
        "owed": out[F.O_OWED_AT],
        "late_charges": out[F.O_LATE_AT],
        "acceleration": _dates(v.keys[idx, 0]),
        "subrogation": _dates(v.keys[idx, 1]),
        "auction_filing": _dates(v.keys[idx, 2]),
        "last_short_sale_day": _dates(v.keys[idx, 3]),
    }
    for e, name in enumerate(names):
        base = F.O_EXIT + e * F.EXIT_WIDTH
        claim = out[base + F.E_CLAIM]
        recovery = out[base + F.E_RECOVERY]
        completion = out[base + F.E_COMPLETION]
        cols[f"{name}_price"] = out[base + F.E_PRICE]
        cols[f"{name}_costs"] = out[base + F.E_COSTS]
        cols[f"{name}_claim"] = claim
        cols[f"{name}_late_charges"] = out[base + F.E_LATE]
        cols[f"{name}_recovery"] = recovery
        cols[f"{name}_loss"] = claim - recovery
        cols[f"{name}_completion"] = _dates(completion)
        cols[f"{name}_days"] = (completion - at_day).astype(np.int32)
        cols[f"{name}_feasible"] = out[base + F.E_FEASIBLE].astype(np.bool_)
        cols[f"{name}_pv"] = out[base + F.E_PV]
        cols[f"{name}_remaining_debt"] = out[base + F.E_REMAINING]
    best = out[F.O_BEST]
    has_best = best >= 0
    pick = np.where(has_best, best, 0)
    cols["best_exit"] = pa.array(names, pa.string()).take(pa.array(pick, mask=~has_best))
    per_exit = out[F.O_EXIT:F.O_EXIT + len(EXITS) * F.EXIT_WIDTH].reshape(len(EXITS), F.EXIT_WIDTH, -1)
    chosen = np.take_along_axis(per_exit, pick[None, None, :], axis=0)[0]
    cols["best_recovery"] = chosen[F.E_RECOVERY]
    cols["best_pv"] = chosen[F.E_PV]
    cols["best_loss"] = chosen[F.E_CLAIM] - chosen[F.E_RECOVERY]
    if v.mc is not None:
        mc = v.mc[idx]
        cols["recovery_p10"] = mc[:, F.M_P10]
        cols["recovery_p50"] = mc[:, F.M_P50]
        cols["recovery_p90"] = mc[:, F.M_P90]
        cols["recovery_mean"] = mc[:, F.M_MEAN]
    return pa.table({k: c if isinstance(c, pa.Array) else pa.array(c) for k, c in cols.items()})


def errors_of(v: Valued) -> list[RowError]:
    """The chunk's failed rows: validation errors and loans the kernel could not value, by row."""
    errs = list(v.chunk.errors)
    for i, (ja, en) in v.reasons.items():
        errs.append(RowError(row=int(v.chunk.row[i]), loan_id=v.chunk.loan_id[i], column="",
                             value="", message_ja=ja, message_en=en))
    errs.sort(key=lambda e: e.row)
    return errs


def errors_table(errors: list[RowError]) -> pa.Table:
    return pa.table({"row": [e.row for e in errors], "loan_id": [e.loan_id for e in errors],
                     "column": [e.column for e in errors], "value": [e.value for e in errors],
                     "message_ja": [e.message_ja for e in errors],
                     "message_en": [e.message_en for e in errors]}, schema=ERROR_SCHEMA)


@dataclass
class Totals:
    """Sums over the valued loans; chunks add up (on one machine or across a cluster)."""

    rows: int = 0
    valued: int = 0
    invalid: int = 0
    """Rows that failed the tape's checks."""
    unvalued: int = 0
    """Valid rows the engine cannot value (repaid, rules not in force …)."""
    balance: int = 0
    owed: int = 0
    claim: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXITS, 0))
    recovery: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXITS, 0))
    pv: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXITS, 0))
    feasible: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXITS, 0))
    best_count: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXITS, 0))
    best_recovery: int = 0
    best_pv: int = 0
    best_claim: int = 0
    scenarios: npt.NDArray[np.int64] | None = None
    """Portfolio recovery per Monte Carlo scenario."""

    def add_chunk(self, v: Valued) -> None:
        idx, out = v.valued_columns()
        self.rows += v.chunk.rows_read
        self.invalid += len(v.chunk.errors)
        self.valued += len(idx)
        self.unvalued += len(v.status) - len(idx)
        self.balance += int(out[F.O_BALANCE].sum())
        self.owed += int(out[F.O_OWED_AT].sum())
        best = out[F.O_BEST]
        for e, name in enumerate(EXITS):
            base = F.O_EXIT + e * F.EXIT_WIDTH
            self.claim[name] += int(out[base + F.E_CLAIM].sum())
            self.recovery[name] += int(out[base + F.E_RECOVERY].sum())
            self.pv[name] += int(out[base + F.E_PV].sum())
            self.feasible[name] += int(out[base + F.E_FEASIBLE].sum())
            mine = best == e
            self.best_count[name] += int(mine.sum())
            self.best_recovery += int(out[base + F.E_RECOVERY][mine].sum())
            self.best_pv += int(out[base + F.E_PV][mine].sum())
            self.best_claim += int(out[base + F.E_CLAIM][mine].sum())
        if v.portfolio is not None and v.portfolio.size:
            self.scenarios = v.portfolio.copy() if self.scenarios is None else self.scenarios + v.portfolio

    def merge(self, other: Totals) -> None:
        for name in ("rows", "valued", "invalid", "unvalued", "balance", "owed", "best_recovery", "best_pv",
                     "best_claim"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("claim", "recovery", "pv", "feasible", "best_count"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for k in mine:
                mine[k] += theirs[k]
        if other.scenarios is not None:
            mine = self.scenarios
            self.scenarios = other.scenarios.copy() if mine is None else mine + other.scenarios

    @property
    def failed(self) -> int:
        return self.invalid + self.unvalued

    def percentiles(self) -> dict[str, int] | None:
        """Portfolio recovery P10 / P50 / P90 over the scenarios (nearest rank)."""
        if self.scenarios is None or not self.scenarios.size:
            return None
        ordered = np.sort(self.scenarios)
        n = len(ordered)
        return {f"p{p}": int(ordered[max((p * n + 99) // 100 - 1, 0)]) for p in (10, 50, 90)}

    def to_dict(self, names: tuple[str, ...] = EXITS) -> dict[str, Any]:
        """The totals as the summary's JSON; ``names``: the exits' names (``exit_names``)."""
        return {
            "rows": self.rows, "valued": self.valued, "failed": self.failed, "invalid": self.invalid,
            "unvalued": self.unvalued, "balance": self.balance, "owed": self.owed,
            "exits": {shown: {"claim": self.claim[name], "recovery": self.recovery[name],
                              "loss": self.claim[name] - self.recovery[name], "pv": self.pv[name],
                              "feasible": self.feasible[name], "best": self.best_count[name]}
                      for name, shown in zip(EXITS, names, strict=True)},
            "best": {"recovery": self.best_recovery, "pv": self.best_pv,
                     "loss": self.best_claim - self.best_recovery},
            "monte_carlo": self.percentiles(),
        }
