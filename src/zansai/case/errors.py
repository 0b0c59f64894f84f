"""The case file's errors (ケースファイルのエラー): every mistake as one bilingual ``InputError``.

A message names the file, the field path (``loans[1].rank``), the value when there is one, and the
problem: ``"case.toml: loans[0].rate = 2.x: …"``. Schema errors come from pydantic
(``input_error``); the engine's ``DomainError`` names a domain path, which ``engine_error`` maps
to the case file's own (``loan.first_missed`` → ``delinquency.first_missed``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError

from zansai.errors import DomainError, InputError


def fail(source: str, where: str, ja: str, en: str, *, shown: str = "") -> InputError:
    """"case.toml: loans[0].rate = 2.x: …": the file, the field (and the value), the problem."""
    err = InputError(f"{source}: {where}{shown}: {ja}", f"{source}: {where}{shown}: {en}", field=where)
    err.problem = (ja, en)
    return err


_JA = {  # pydantic's error types in Japanese; the English is pydantic's own message
    "missing": "入力してください",
    "extra_forbidden": "使えない項目です（綴りを確認してください）",
    "int_parsing": "整数を指定してください",
    "int_type": "整数を指定してください",
    "int_from_float": "整数を指定してください",
    "bool_type": "true か false を指定してください",
    "bool_parsing": "true か false を指定してください",
    "date_from_datetime_parsing": "日付を YYYY-MM-DD で指定してください",
    "date_parsing": "日付を YYYY-MM-DD で指定してください",
    "date_type": "日付を YYYY-MM-DD で指定してください",
    "string_type": "文字列を指定してください",
    "list_type": "リスト（配列）を指定してください",
    "model_type": "表（テーブル）を指定してください",
    "dict_type": "表（テーブル）を指定してください",
    "decimal_parsing": "数値を指定してください",
}


_EN = {  # pydantic's messages in the plain words a form shows beside its field
    "missing": "this is required: please fill it in",
    "extra_forbidden": "this key is not permitted (check the spelling)",
    "int_parsing": "give a whole number",
    "int_type": "give a whole number",
    "int_from_float": "give a whole number",
    "bool_type": "give true or false",
    "bool_parsing": "give true or false",
    "date_from_datetime_parsing": "give a date as YYYY-MM-DD",
    "date_parsing": "give a date as YYYY-MM-DD",
    "date_type": "give a date as YYYY-MM-DD",
    "decimal_parsing": "give a number",
}


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(case)"


def first_error(exc: ValidationError, source: str) -> InputError:
    """The first schema error of a case, as the case file's error."""
    return input_error(exc.errors()[0], source)


def input_error(err: Any, source: str) -> InputError:
    """One pydantic error (``ValidationError.errors()`` item) named by its case-file path."""
    where = _where(tuple(x for x in err["loc"] if x not in ("function-before",)))
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "zansai":
        ja, en = str(ctx["ja"]), str(ctx["en"])
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()))
        word = {"greater_than_equal": ("以上", "at least"), "greater_than": ("より大きく", "above"),
                "less_than_equal": ("以下", "at most"), "less_than": ("未満", "below")}[kind]
        ja, en = f"{bound} {word[0]}にしてください", f"it must be {word[1]} {bound}"
    elif kind in ("literal_error", "enum"):
        allowed = str(ctx.get("expected", ""))
        ja, en = f"次のどれかを指定してください: {allowed}", f"choose one of: {allowed}"
    else:
        ja, en = _JA.get(kind, f"正しくありません（{err['msg']}）"), _EN.get(kind, err["msg"])
    value = err.get("input", "")
    shown = "" if isinstance(value, dict | list) or kind == "missing" else f" = {value!s}"
    return fail(source, where, ja, en, shown=shown)


ENGINE_FIELDS = {"loan.first_missed": "delinquency.first_missed", "case.at": "at", "case.loans": "loans",
                 "residual.lump_sum": "residual.settlement"}
"""The engine's domain paths whose case-file name differs; the others (``valuation.market_value``,
``residual.exit``, ``divorce.method``, ``property.built_on`` …) are case-file paths already."""


def engine_error(exc: DomainError, source: str) -> InputError:
    """An engine error named by the case file's field, like the file's other errors."""
    ja, en = exc.detail()
    return fail(source, ENGINE_FIELDS.get(exc.field or "", exc.field or "(case)"), ja, en)


@contextmanager
def case_errors(source: str) -> Iterator[None]:
    """Run the engine on a case: its domain errors come out named by the case file's fields."""
    try:
        yield
    except DomainError as exc:
        raise engine_error(exc, source) from None

