"""The JSON of a result that explains itself (a plan, arrears): its ``to_dict()``, for a plan
what to do now (``next_steps``, counted from its calculation date) and, with ``--explain``, how
each figure was computed under ``explanation``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from zansai.engine.plan import Plan
from zansai.report.now import next_steps
from zansai.report.provenance import stamped

if TYPE_CHECKING:
    from zansai.trace import Explanation


class Explained(Protocol):
    """A result with a JSON shape and an explanation of its figures."""

    def to_dict(self) -> dict[str, Any]: ...

    def explain(self) -> Explanation: ...


def result_to_dict(result: Explained, *, rules_fingerprint: str, explain: bool = False) -> dict[str, Any]:
    """``result.to_dict()`` stamped with what made it, with ``explanation`` last when ``explain``
    is asked for."""
    out = stamped(result.to_dict(), rules_fingerprint)
    if isinstance(result, Plan):
        out["next_steps"] = next_steps(result, result.case.at).to_dict()
    if explain:
        out["explanation"] = result.explain().to_dict()
    return out
