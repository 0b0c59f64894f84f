"""The arithmetic core (``zansai.arith``) compiled with Numba for the kernel.

The core's functions are plain Python and call one another by name; Numba compiles a call only
to a compiled function, so each one is compiled from a copy that sees its fellow functions'
compiled versions under the same names. ``cache=True`` keeps the machine code next to the
core's own modules (their ``__pycache__``), and ``inline="always"`` lets Numba fold these small
functions into the kernel's loops, as the kernel's own helpers are.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from numba import njit

from zansai.arith import annuity as _annuity
from zansai.arith import brackets as _brackets
from zansai.arith import calendar as _calendar
from zansai.arith import interest as _interest
from zansai.arith import step as _step
from zansai.arith import waterfall as _waterfall

_MODULES = (_calendar, _interest, _annuity, _step, _brackets, _waterfall)


def _compile(modules: tuple[types.ModuleType, ...]) -> dict[str, Any]:
    """Every public function of ``modules``, compiled, by name."""
    out: dict[str, Any] = {}
    namespaces: list[dict[str, Any]] = []
    for module in modules:
        for name, fn in vars(module).items():
            if (name.startswith("_") or not isinstance(fn, types.FunctionType)
                    or fn.__module__ != module.__name__ or name == "annuity_parts"
                    or name == "annuity_floor"):
                continue  # annuity_parts / annuity_floor: unbounded integers, Python only
            ns = dict(fn.__globals__)
            copy = types.FunctionType(fn.__code__, ns, fn.__name__, fn.__defaults__, fn.__closure__)
            copy.__qualname__ = fn.__qualname__
            copy.__module__ = fn.__module__
            copy.__doc__ = fn.__doc__
            if name == "annuity_estimate":  # called once per loan: a call keeps the kernel small
                out[name] = njit(cache=True, inline="never")(copy)
            else:
                out[name] = njit(cache=True, inline="always")(copy)
            namespaces.append(ns)
    for ns in namespaces:
        ns.update(out)
    return out


CORE: dict[str, Callable[..., Any]] = _compile(_MODULES)
"""name → compiled function."""

days_from_civil = CORE["days_from_civil"]
civil_from_days = CORE["civil_from_days"]
month_days = CORE["month_days"]
due_day = CORE["due_day"]
add_months = CORE["add_months"]
settle = CORE["settle"]
fdiv = CORE["fdiv"]
muldiv = CORE["muldiv"]
ratio_floor = CORE["ratio_floor"]
period_interest = CORE["period_interest"]
day_charge = CORE["day_charge"]
discount = CORE["discount"]
annuity_estimate = CORE["annuity_estimate"]
track_step = CORE["track_step"]
bracket_index = CORE["bracket_index"]
bracket_value = CORE["bracket_value"]
tiered_sum = CORE["tiered_sum"]
with_tax = CORE["with_tax"]
pay = CORE["pay"]
waterfall = CORE["waterfall"]
