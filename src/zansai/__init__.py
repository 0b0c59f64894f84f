"""zansai (残債): what happens when a mortgaged Japanese home is sold.

The engine is pure: integer yen, exact rates, and legal numbers taken from a dated rule book.
The public names below load on first use, so ``import zansai`` (and the command line) stays light::

    import zansai
    book = zansai.RuleBook.default()
    case, book = zansai.build_case(zansai.read_case_file("examples/seed1-short-sale.toml"))
    print(zansai.plan(case, book).verdict)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from zansai import dataclass_cache as _dataclass_cache

_dataclass_cache.install()  # before any zansai dataclass is made: their methods come prebuilt

__version__ = "0.1.0"
"""The one place the version is written (pyproject.toml reads it from here)."""

_EXPORTS = {
    "plan": "zansai.engine.plan", "Plan": "zansai.engine.plan",
    "amortize": "zansai.engine.loan", "Schedule": "zansai.engine.loan", "LoanSet": "zansai.engine.loan",
    "RuleBook": "zansai.rules",
    "read_case_file": "zansai.case", "parse_case_data": "zansai.case", "build_case": "zansai.case",
    "case_json_schema": "zansai.case",
    "Case": "zansai.model", "Loan": "zansai.model", "ExitKey": "zansai.model", "RouteKey": "zansai.model",
    "ZansaiError": "zansai.errors", "InputError": "zansai.errors", "DomainError": "zansai.errors",
}

__all__ = [
    "Case", "DomainError", "ExitKey", "InputError", "Loan", "LoanSet", "Plan", "RouteKey", "RuleBook",
    "Schedule", "ZansaiError", "__version__", "amortize", "build_case", "case_json_schema",
    "parse_case_data", "plan", "read_case_file",
]

if TYPE_CHECKING:
    from zansai.case import build_case, case_json_schema, parse_case_data, read_case_file
    from zansai.engine.loan import LoanSet, Schedule, amortize
    from zansai.engine.plan import Plan, plan
    from zansai.errors import DomainError, InputError, ZansaiError
    from zansai.model import Case, ExitKey, Loan, RouteKey
    from zansai.rules import RuleBook


def __getattr__(name: str) -> Any:
    """Load a public name from its module the first time it is used."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'zansai' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
