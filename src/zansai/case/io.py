"""Reading and writing case files (ケースファイルの読み書き): TOML, YAML or JSON in, TOML out.

``read_case_file`` and ``parse_case_data`` validate (the first mistake is the error);
``validation_errors`` lists every schema mistake for a form; ``with_options`` applies the
command line's dates; ``case_to_toml`` writes a saved case back as a file for the command line.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from zansai.case.build import build_case, case_problems, loan_field_problems
from zansai.case.errors import fail, first_error, input_error
from zansai.case.schema import CaseFile, date_in_range
from zansai.errors import InputError
from zansai.infile import read_text
from zansai.inputs import parse_date, tree_problem
from zansai.model import Case
from zansai.rules import RuleBook


def read_case_file(path: str) -> CaseFile:
    """Parse and validate a case file (TOML, YAML or JSON by its extension)."""
    p = Path(path)
    text = read_text("CASE", path)
    raw = parse_case_text(text, path, field="CASE")
    return parse_case_data(raw, source=p.name)


def parse_case_text(text: str, name: str, *, field: str) -> object:
    """The raw table of a case file's text: JSON, YAML or TOML by the name's extension."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix in (".yaml", ".yml"):
            import yaml

            return yaml.safe_load(text)
        return tomllib.loads(text)
    except Exception as exc:  # each parser raises its own error type; all mean "not readable"
        detail = " ".join(str(exc).split())  # parsers' messages span several lines
        raise InputError.invalid(field, name, f"{suffix or 'TOML'} として読めません（{detail}）",
                                 f"it is not valid {suffix.lstrip('.') or 'TOML'} ({detail})") from None


def parse_case_data(raw: object, *, source: str = "case") -> CaseFile:
    """Validate a case's raw table (a parsed file, a form, an API body); the first mistake is the error."""
    if not isinstance(raw, dict):
        raise fail(source, "(case)", "ケースは表（オブジェクト）で書いてください",
                   "a case must be a table (object)")
    check_texts(raw, source)
    try:
        return CaseFile.model_validate(raw)
    except ValidationError as exc:
        raise first_error(exc, source) from None


def check_texts(raw: object, source: str) -> None:
    """Refuse text that cannot be shown or is too long anywhere in a case's raw table (keys too),
    naming its path (``people[0].name``), and a table of too many values (``inputs.MAX_VALUES``)."""
    found = tree_problem(raw)
    if found is not None:
        raise fail(source, found[0] or "(case)", *found[1])


def validation_errors(raw: object, *, source: str = "case") -> list[InputError]:
    """Every problem of a case (not only the first), for a form that marks each field.

    Schema errors come first, then each loan field its parser refuses (a rate of "abc" passes the
    schema as text); when the schema passes, every problem ``build_case`` finds.
    """
    if not isinstance(raw, dict):
        return [fail(source, "(case)", "ケースは表（オブジェクト）で書いてください",
                     "a case must be a table (object)")]
    try:
        check_texts(raw, source)
    except InputError as exc:
        return [exc]
    try:
        cf = CaseFile.model_validate(raw)
    except ValidationError as exc:
        found = [input_error(err, source) for err in exc.errors()]
        named = frozenset(e.field for e in found if e.field)
        loans = raw.get("loans")
        for i, loan in enumerate(loans if isinstance(loans, list) else []):
            if isinstance(loan, dict):
                found += loan_field_problems(loan, f"loans[{i}]", source, skip=named)
        return found
    return case_problems(cf, source=source)


def with_options(cf: CaseFile, *, at: str | None = None, sale_date: str | None = None,
                 residual_exit: str | None = None) -> CaseFile:
    """Apply the command-line (or query) options: the calculation date, the sale date, and whose
    remaining debt the routes settle. A sale date before a new calculation date moves with it."""

    def bounded(field: str, raw: str) -> date:
        value = parse_date(field, raw)
        try:
            return date_in_range(value)
        except PydanticCustomError:
            raise InputError.invalid(field, raw, "1900-01-01 から 2200-12-31 までの日付を指定してください",
                                     "give a date from 1900-01-01 to 2200-12-31") from None

    updates: dict[str, Any] = {}
    if at is not None:
        updates["at"] = bounded("--at", at)
        if cf.sale_date is not None and cf.sale_date < updates["at"] and sale_date is None:
            updates["sale_date"] = updates["at"]
    if sale_date is not None:
        updates["sale_date"] = bounded("--sale-date", sale_date)
    if residual_exit is not None:
        updates["residual"] = cf.residual.model_copy(update={"exit": residual_exit})
    return cf.model_copy(update=updates) if updates else cf


def load_case(path: str, *, today: date | None = None,
              book: RuleBook | None = None) -> tuple[Case, RuleBook]:
    """Read, validate and build a case file; nothing is half-built on error."""
    cf = read_case_file(path)
    return build_case(cf, source=Path(path).name, today=today, book=book)


# -- writing (a saved case back as a file)


def _annotation_parts(annotation: Any) -> Iterator[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _annotation_parts(get_args(annotation)[0])
    elif origin in (Union, UnionType, list, tuple):
        for arg in get_args(annotation):
            yield from _annotation_parts(arg)
    else:
        yield annotation


def _date_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> frozenset[tuple[str, ...]]:
    """Key paths (list indexes left out) whose field is a ``date`` in the case-file model."""
    found: set[tuple[str, ...]] = set()
    for name, info in model.model_fields.items():
        for part in _annotation_parts(info.annotation):
            if part is date:
                found.add((*prefix, name))
            elif isinstance(part, type) and issubclass(part, BaseModel):
                found |= _date_paths(part, (*prefix, name))
    return frozenset(found)


@cache
def _case_date_paths() -> frozenset[tuple[str, ...]]:
    return _date_paths(CaseFile)


def _for_toml(value: Any, path: tuple[str, ...], dates: frozenset[tuple[str, ...]]) -> Any:
    if isinstance(value, dict):
        return {k: _for_toml(v, (*path, k), dates) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_for_toml(v, path, dates) for v in value if v is not None]
    if isinstance(value, str) and path in dates:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def case_to_toml(data: dict[str, Any], *, title: str | None = None) -> str:
    """The case as a TOML case file for ``zansai`` on the command line.

    TOML has no null, so absent values (``None``) are left out and the reader's default applies;
    known date fields become TOML dates; key order is kept. The first line is a comment with the
    title (``title``, else the case's own).
    """
    import tomli_w  # imported here: only the web app's export writes TOML; the command line reads it

    heading = title if title is not None else str(data.get("title") or "zansai case")
    comment = " ".join(heading.split())
    body = tomli_w.dumps(_for_toml(data, (), _case_date_paths()))
    return f"# {comment}\n\n{body}"
