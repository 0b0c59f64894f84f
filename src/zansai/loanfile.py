"""Loan files: one or more loans on one home (ペアローン, ミックスプラン) in TOML or JSON.

Validated with pydantic at the edge; every mistake becomes a bilingual ``InputError`` that
names the field path (``loans[1].rate``).
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from zansai.errors import InputError
from zansai.infile import read_text
from zansai.inputs import today_jst, tree_problem
from zansai.loanspec import BuiltLoan, LoanOptions, build_loan


class LoanEntry(BaseModel):
    """One loan as written in a file; values are checked again by ``build_loan``."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str = "loan"
    principal: int | str
    rate: str
    years: int | str
    method: str = "annuity"
    bonus_share: str | None = None
    bonus_months: str = "6,12"
    start: str | None = None
    payment_day: int | str | None = None
    rounding: str = "jp_floor"
    rate_changes: list[str] = Field(default_factory=list)
    five_year_rule: bool = False
    payment_cap_125: bool = False
    prepayments: list[str] = Field(default_factory=list)
    anchor: str | None = None

    @field_validator("principal", "years", "payment_day", mode="before")
    @classmethod
    def _boolean_as_text(cls, value: object) -> object:
        # `years = true` would pass as the integer 1: as text, the loan builder refuses it by name.
        return str(value).lower() if isinstance(value, bool) else value

    @field_validator("rate", "bonus_share", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        # TOML `rate = 1.5` arrives as a float; its shortest repr is the decimal the user wrote.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return repr(value)
        return value


    def options(self, today: date | None = None) -> LoanOptions:
        """The entry as the loan builder takes it (the strings a user would type as options)."""
        return LoanOptions(
            principal=str(self.principal), rate=self.rate, years=str(self.years), method=self.method,
            bonus_share=self.bonus_share, bonus_months=self.bonus_months, start=self.start,
            payment_day=None if self.payment_day is None else str(self.payment_day),
            rounding=self.rounding, rate_changes=tuple(self.rate_changes),
            five_year_rule=self.five_year_rule, payment_cap_125=self.payment_cap_125,
            prepayments=tuple(self.prepayments), anchor=self.anchor, today=today or today_jst())


OPTION_KEYS = {"--rate-change": "rate_changes", "--prepay": "prepayments", "--cap-125": "payment_cap_125"}
"""The entry's key for a loan option whose command-line flag is spelled differently."""


def entry_key(option: str) -> str:
    """The loan entry's key named by a ``build_loan`` error (``--bonus-share`` → ``bonus_share``)."""
    return OPTION_KEYS.get(option, option.lstrip("-").replace("-", "_"))


class LoanFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    loans: list[LoanEntry] = Field(min_length=1)


def load_loans(path: str) -> list[BuiltLoan]:
    """Read and validate a loan file; nothing is half-built on error."""
    p = Path(path)
    text = read_text("--file", path)
    try:
        raw = json.loads(text) if p.suffix == ".json" else tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError; deep nesting
        detail = " ".join(str(exc).split())
        raise InputError.invalid("--file", path, f"TOML/JSON として読めません（{detail}）",
                                 f"it is not valid TOML/JSON ({detail})") from None
    found = tree_problem(raw)
    if found is not None:
        raise InputError.about(f"{path}: {found[0] or '(file)'}", *found[1])
    try:
        parsed = LoanFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) if isinstance(x, str) else f"[{x}]" for x in err["loc"])
        where = where.replace(".[", "[")
        raise InputError.invalid(f"{path}: {where}", err.get("input", ""),
                                 f"正しくありません（{err['msg']}）", err["msg"]) from None
    built = []
    for i, entry in enumerate(parsed.loans):
        try:
            one = build_loan(entry.options())
        except InputError as exc:  # named by the file's key (loans[0].payment_day), not a CLI flag
            named = exc.renamed(f"loans[{i}].{entry_key(exc.field or '')}")
            raise InputError(f"{path}: {named.message_ja}", f"{path}: {named.message_en}",
                             field=named.field) from None
        from dataclasses import replace

        built.append(BuiltLoan(loan=replace(one.loan, name=entry.name),
                               rules_used=one.rules_used))
    return built
