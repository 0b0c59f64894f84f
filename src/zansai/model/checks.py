"""Invariant checks the models and the engine share: a bad value raises a ``DomainError``
naming its domain path (``sale.price``), which each shell renames to its own field."""

from __future__ import annotations

from zansai.errors import DomainError
from zansai.messages import msg


def require_yen(path: str, value: object, *, minimum: int = 0) -> None:
    """``value`` must already be whole yen, at least ``minimum`` (bool is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise DomainError.invalid(path, value, msg("model.checks.whole_yen", minimum=minimum))
