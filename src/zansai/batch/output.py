"""The batch results as columns: one row per valued loan, one per failed row, and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch.chunk import NO_DATE, RowError
from zansai.batch.value import Valued

if TYPE_CHECKING:
    from zansai.batch.courttotals import CourtTotals

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


SCHEMAS = ("full", "lean")
"""``--columns``: every documented column (the default) or the servicer's lean subset."""
def lean_columns(names: tuple[str, ...] = EXITS) -> frozenset[str]:
    """The lean schema: per loan what is owed, each exit's recovery, present value and feasibility,
    and the best exit (docs/batch-tape.md lists both schemas); ``names``: the exits' names."""
    return frozenset(
        ["row", "loan_id", "region", "court", "auction_basis", "balance", "owed", "late_charges",
         *(f"{name}_{what}" for name in names for what in ("recovery", "pv", "feasible")),
         "best_exit", "best_recovery", "best_pv", "best_loss",
         "recovery_p10", "recovery_p50", "recovery_p90", "recovery_mean"])


LEAN = lean_columns()
"""The lean schema with the engine's exit keys."""


def column(values: npt.NDArray[Any]) -> pa.Array:
    """A NumPy column as Arrow: zero-copy where the type allows (int64, int32; bool is bit-packed)."""
    return pa.array(np.ascontiguousarray(values))


def _dates(days: npt.NDArray[np.int64]) -> pa.Array:
    mask = days == NO_DATE
    d32 = days.astype(np.int32)
    if not mask.any():
        return pa.Array.from_buffers(pa.date32(), len(d32), [None, pa.py_buffer(d32)])
    return pa.array(d32, type=pa.date32(), mask=mask)


def results_table(v: Valued, at_day: int, schema: str = "full", names: tuple[str, ...] = EXITS) -> pa.Table:
    """The valued loans of a chunk (status ok), in tape order; ``schema`` full or lean (``LEAN``);
    ``names``: the exits' names (``exit_names``).

    Money columns wrap the kernel's NumPy columns without a copy; ids and regions stay Arrow."""
    idx, out = v.valued_columns()
    every = len(idx) == len(v.status)
    lean = lean_columns(names)
    wanted = (lambda name: True) if schema == "full" else lean.__contains__
    cols: dict[str, Any] = {}

    def put(name: str, make: Any) -> None:
        if wanted(name):
            cols[name] = make()

    put("row", lambda: v.chunk.row if every else v.chunk.row[idx])
    put("loan_id", lambda: v.chunk.loan_id if every else v.chunk.loan_id.take(pa.array(idx)))
    put("region", lambda: v.chunk.region if every else v.chunk.region.take(pa.array(idx)))
    if v.courts is not None:
        from zansai.batch.region import auction_columns

        for name, array in auction_columns(v.chunk, idx, *v.courts, timing=v.timing).items():
            put(name, lambda array=array: array)
    put("balance", lambda: out[F.O_BALANCE])
    put("owed", lambda: out[F.O_OWED_AT])
    put("late_charges", lambda: out[F.O_LATE_AT])
    for k, name in enumerate(("acceleration", "subrogation", "auction_filing", "last_short_sale_day")):
        put(name, lambda k=k: _dates(v.keys[idx, k]))
    for e, name in enumerate(names):
        _exit_columns(put, out, F.O_EXIT + e * F.EXIT_WIDTH, name, at_day)
    best = out[F.O_BEST]
    has_best = best >= 0
    pick = np.where(has_best, best, 0)
    put("best_exit", lambda: pa.array(names, pa.string()).take(pa.array(pick, mask=~has_best)))
    per_exit = out[F.O_EXIT:F.O_EXIT + len(EXITS) * F.EXIT_WIDTH].reshape(len(EXITS), F.EXIT_WIDTH, -1)
    chosen = np.take_along_axis(per_exit, pick[None, None, :], axis=0)[0]
    put("best_recovery", lambda: chosen[F.E_RECOVERY])
    put("best_pv", lambda: chosen[F.E_PV])
    put("best_loss", lambda: chosen[F.E_CLAIM] - chosen[F.E_RECOVERY])
    if v.mc is not None:
        mc = np.ascontiguousarray(v.mc[idx].T)
        for name, m in (("p10", F.M_P10), ("p50", F.M_P50), ("p90", F.M_P90), ("mean", F.M_MEAN)):
            put(f"recovery_{name}", lambda m=m: mc[m])
    return pa.table({k: c if isinstance(c, pa.Array) else column(c) for k, c in cols.items()})


def _exit_columns(put: Any, out: npt.NDArray[np.int64], base: int, name: str, at_day: int) -> None:
    """One exit's columns (``EXIT_FIELDS``), each made only when the schema wants it."""
    claim, recovery, completion = out[base + F.E_CLAIM], out[base + F.E_RECOVERY], out[base + F.E_COMPLETION]
    put(f"{name}_price", lambda: out[base + F.E_PRICE])
    put(f"{name}_costs", lambda: out[base + F.E_COSTS])
    put(f"{name}_claim", lambda: claim)
    put(f"{name}_late_charges", lambda: out[base + F.E_LATE])
    put(f"{name}_recovery", lambda: recovery)
    put(f"{name}_loss", lambda: claim - recovery)
    put(f"{name}_completion", lambda: _dates(completion))
    put(f"{name}_days", lambda: (completion - at_day).astype(np.int32))
    put(f"{name}_feasible", lambda: out[base + F.E_FEASIBLE].astype(np.bool_))
    put(f"{name}_pv", lambda: out[base + F.E_PV])
    put(f"{name}_remaining_debt", lambda: out[base + F.E_REMAINING])


def errors_of(v: Valued) -> list[RowError]:
    """The chunk's failed rows: validation errors and loans the kernel could not value, by row."""
    errs = list(v.chunk.errors)
    for i, (ja, en) in v.reasons.items():
        errs.append(RowError(row=int(v.chunk.row[i]), loan_id=str(v.chunk.loan_id[i].as_py()), column="",
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
    courts: CourtTotals | None = None
    """Per court, for a tape with a coded region (``courttotals``)."""

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
        if v.courts is not None:
            from zansai.batch.courttotals import CourtTotals

            self.courts = self.courts or CourtTotals()
            self.courts.add(v)

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
        if other.courts is not None:
            if self.courts is None:
                self.courts = type(other.courts)()
            self.courts.merge(other.courts)

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
        """The totals as the summary's JSON; ``names``: the exits' names (``exit_names``); with
        ``courts`` only for a tape with a coded region."""
        d = {
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
        if self.courts is not None:
            d["courts"] = self.courts.to_dict()
        return d
