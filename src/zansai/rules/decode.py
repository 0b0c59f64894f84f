"""The strict loader: one decoded rule file (a TOML document) in, a checked ``Rule`` out.

Every check is its own small function and every refusal is a bilingual ``RuleDataError`` that
names the file and the field: unknown keys, a missing label, source or review date, a binary
float, a value that does not fit its unit, unsorted brackets, overlapping periods and silent
gaps. Nothing here reads files (``zansai.rules.files`` does).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from zansai.errors import RuleDataError
from zansai.rules.model import Confidence, Kind, Period, Rule, Source, Status
from zansai.rules.units import (
    ALL_UNITS,
    COMPOSITE_UNITS,
    INTEGER_UNITS,
    KEYED_ON,
    SCALAR_UNITS,
    RuleValue,
)

_RULE_KEYS = {"key", "label_ja", "label_en", "unit", "kind", "keyed_on", "last_reviewed",
              "description", "fields", "values"}
_REQUIRED_TEXT = ("key", "label_ja", "label_en", "unit", "kind", "keyed_on")
_PERIOD_KEYS = {"from", "to", "value", "not_in_force", "confidence", "status", "sources", "low",
                "high", "caveat_ja", "caveat_en", "note", "conflicts"}
_PERIOD_TEXT = ("note", "conflicts", "caveat_ja", "caveat_en")
_SOURCE_KEYS = {"law", "article", "instrument", "publisher", "title", "url", "read"}


def parse_rule(data: dict[str, Any], path: str, expected_key: str | None = None) -> Rule:
    """Validate one decoded TOML document and build its ``Rule``."""
    _reject_floats(data, path, "rule")
    _check_known(data, _RULE_KEYS, path, None)
    for k in _REQUIRED_TEXT:
        if not isinstance(data.get(k), str) or not data[k].strip():
            raise RuleDataError(path, f"{k} がありません", f"missing {k}")
    key = _check_key(data["key"], path, expected_key)
    unit = _check_unit(data["unit"], path)
    kind = _choice(Kind, data["kind"], path, "kind")
    keyed_on = _check_keyed_on(data["keyed_on"], path)
    last_reviewed = _check_last_reviewed(data, path)
    fields = _decode_fields(unit, data, path)
    periods = _decode_periods(unit, fields, data.get("values"), path)
    description = data.get("description")
    return Rule(key=key, label_ja=data["label_ja"], label_en=data["label_en"], unit=unit,
                kind=kind, keyed_on=keyed_on, periods=periods, last_reviewed=last_reviewed,
                description=description if isinstance(description, str) else None,
                fields=fields)


def decode_value(unit: str, fields: Mapping[str, str], raw: Any, path: str,
                 where: str) -> RuleValue:
    """A value checked against the rule's unit (and its declared fields for composite units)."""
    if unit in SCALAR_UNITS:
        return _decode_scalar(unit, raw, path, where)
    if unit == "record":
        return _decode_record(fields, raw, path, where)
    if not isinstance(raw, list) or not raw:
        raise RuleDataError(path, f"{where} は空でない配列です", f"{where} must be a non-empty array")
    if unit == "table":
        return tuple(_decode_record(fields, r, path, f"{where}[{i}]") for i, r in enumerate(raw))
    return _decode_brackets(fields, raw, path, where)


# ------------------------------------------------------------------------------ the header


def _reject_floats(obj: Any, path: str, where: str) -> None:
    """A ``RuleDataError`` naming the first binary float in ``obj`` (the path is spelled out only
    for a document that holds one: a rule book's worth of paths is start-up time)."""
    if _has_float(obj):
        _name_float(obj, path, where)


def _has_float(obj: Any) -> bool:
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float):
            return True
    return False


def _name_float(obj: Any, path: str, where: str) -> None:
    if isinstance(obj, float):
        raise RuleDataError(
            path,
            f"{where} に2進浮動小数点数があります。率は文字列（\"0.03\"）で書いてください",
            f"{where} holds a binary float; write rates as strings such as \"0.03\"",
        )
    if isinstance(obj, dict):
        for k, v in obj.items():
            _name_float(v, path, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _name_float(v, path, f"{where}[{i}]")


def _check_known(table: Mapping[str, Any], known: set[str], path: str, where: str | None) -> None:
    unknown = set(table) - known
    if not unknown:
        return
    if where is None:
        raise RuleDataError(path, f"不明な項目 {sorted(unknown)}", f"unknown fields {sorted(unknown)}")
    raise RuleDataError(path, f"{where} に不明な項目 {sorted(unknown)}",
                        f"{where} has unknown fields {sorted(unknown)}")


def _check_key(key: str, path: str, expected_key: str | None) -> str:
    if expected_key is not None and key != expected_key:
        raise RuleDataError(path, f"key {key} がファイルの場所 {expected_key} と一致しません",
                            f"key {key} does not match the file location {expected_key}")
    return key


def _check_unit(unit: str, path: str) -> str:
    if unit not in ALL_UNITS:
        raise RuleDataError(path, f"単位 {unit!r} は使えません", f"unknown unit {unit!r}; "
                            f"allowed: {', '.join(ALL_UNITS)}")
    return unit


def _check_keyed_on(keyed_on: str, path: str) -> str:
    if keyed_on not in KEYED_ON:
        raise RuleDataError(path, f"keyed_on {keyed_on!r} は使えません",
                            f"keyed_on {keyed_on!r} is not one of {sorted(KEYED_ON)}")
    return keyed_on


def _check_last_reviewed(data: Mapping[str, Any], path: str) -> date:
    """最終確認日: required, a TOML date, the day the rule was last checked against its sources."""
    if "last_reviewed" not in data:
        raise RuleDataError(
            path,
            "last_reviewed（出典と照合した最終確認日）がありません。"
            "last_reviewed = YYYY-MM-DD と書いてください",
            "missing last_reviewed (the date the rule was last checked against its sources); "
            "write last_reviewed = YYYY-MM-DD",
        )
    return _as_date(data["last_reviewed"], path, "last_reviewed")


def _decode_fields(unit: str, data: Mapping[str, Any], path: str) -> dict[str, str]:
    """The declared fields of a record, brackets or table unit; none for a scalar unit."""
    if unit not in COMPOSITE_UNITS:
        if "fields" in data:
            raise RuleDataError(path, "スカラーの単位に fields は不要です",
                                "a scalar unit takes no fields")
        return {}
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise RuleDataError(path, "fields の宣言が必要です", f"unit {unit} needs [fields]")
    fields: dict[str, str] = {}
    for fname, funit in raw_fields.items():
        if funit not in SCALAR_UNITS:
            raise RuleDataError(path, f"fields.{fname} の単位 {funit!r} は使えません",
                                f"fields.{fname} has unknown unit {funit!r}")
        fields[fname] = funit
    if unit == "brackets" and fields.get("upto") != "yen":
        raise RuleDataError(path, "brackets には upto = \"yen\" が必要です",
                            "brackets need fields.upto = \"yen\"")
    return fields


# ------------------------------------------------------------------------------ the periods


def _decode_periods(unit: str, fields: Mapping[str, str], raw_values: Any,
                    path: str) -> tuple[Period, ...]:
    if not isinstance(raw_values, list) or not raw_values:
        raise RuleDataError(path, "values がありません", "missing [[values]]")
    periods = [_decode_period(unit, fields, rv, path, f"values[{i}]")
               for i, rv in enumerate(raw_values)]
    periods.sort(key=lambda p: p.start)
    _check_contiguous(periods, path)
    return tuple(periods)


def _decode_period(unit: str, fields: Mapping[str, str], rv: Any, path: str,
                   where: str) -> Period:
    if not isinstance(rv, dict):
        raise RuleDataError(path, f"{where} は表です", f"{where} must be a table")
    _check_known(rv, _PERIOD_KEYS, path, where)
    start, end = _period_dates(rv, path, where)
    in_force = _in_force(rv, path, where)
    value = decode_value(unit, fields, rv["value"], path, f"{where}.value") if in_force else None
    low, high = _range(unit, rv, value, in_force, path, where)
    confidence = _choice(Confidence, rv.get("confidence"), path, f"{where}.confidence")
    status = _choice(Status, rv.get("status", "confirmed"), path, f"{where}.status")
    if status is Status.UNCONFIRMED and not (rv.get("caveat_ja") and rv.get("caveat_en")):
        raise RuleDataError(path, f"{where}: 未確認の値には caveat_ja と caveat_en が必要です",
                            f"{where}: an unconfirmed value needs caveat_ja and caveat_en")
    sources = decode_sources(rv.get("sources"), path, where)
    _check_texts(rv, path, where)
    return Period(
        start=start, end=end, value=value, in_force=in_force, confidence=confidence,
        status=status, sources=sources, low=low, high=high, caveat_ja=rv.get("caveat_ja"),
        caveat_en=rv.get("caveat_en"), note=rv.get("note"), conflicts=rv.get("conflicts"),
    )


def _period_dates(rv: Mapping[str, Any], path: str, where: str) -> tuple[date, date | None]:
    start = _as_date(rv.get("from"), path, f"{where}.from")
    end = _as_date(rv["to"], path, f"{where}.to") if "to" in rv else None
    if end is not None and end <= start:
        raise RuleDataError(path, f"{where} の to が from 以前です",
                            f"{where}: to must be after from")
    return start, end


def _in_force(rv: Mapping[str, Any], path: str, where: str) -> bool:
    """A period has a value, or says ``not_in_force = true``: exactly one of the two."""
    not_in_force = rv.get("not_in_force", False)
    if not isinstance(not_in_force, bool):
        raise RuleDataError(path, f"{where}.not_in_force は真偽値です",
                            f"{where}.not_in_force must be true or false")
    if not_in_force == ("value" in rv):
        raise RuleDataError(path, f"{where} は value か not_in_force = true のどちらか一方です",
                            f"{where} needs exactly one of value or not_in_force = true")
    return not not_in_force


def _range(unit: str, rv: Mapping[str, Any], value: RuleValue, in_force: bool, path: str,
           where: str) -> tuple[RuleValue, RuleValue]:
    """The optional ``low``/``high`` of a numeric scalar, around its value."""
    if "low" not in rv and "high" not in rv:
        return None, None
    if unit not in SCALAR_UNITS or unit in ("flag", "text") or not in_force:
        raise RuleDataError(path, f"{where}: low/high は数値のスカラーだけです",
                            f"{where}: low/high only for numeric scalars")
    low = _decode_scalar(unit, rv.get("low"), path, f"{where}.low")
    high = _decode_scalar(unit, rv.get("high"), path, f"{where}.high")
    if not (low <= value <= high):
        raise RuleDataError(path, f"{where}: low ≤ value ≤ high ではありません",
                            f"{where}: need low <= value <= high")
    return low, high


def _check_texts(rv: Mapping[str, Any], path: str, where: str) -> None:
    """Notes, conflicts and caveats are text."""
    for text_key in _PERIOD_TEXT:
        if text_key in rv and not isinstance(rv[text_key], str):
            raise RuleDataError(path, f"{where}.{text_key} は文字列です",
                                f"{where}.{text_key} must be text")


def _check_contiguous(periods: list[Period], path: str) -> None:
    """Sorted periods neither overlap nor leave a gap (an intended gap is a not-in-force period)."""
    for prev, nxt in itertools.pairwise(periods):
        if prev.end is None or prev.end > nxt.start:
            raise RuleDataError(path, f"期間が重なっています（{prev.start} と {nxt.start}）",
                                f"periods overlap ({prev.start} and {nxt.start})")
        if prev.end < nxt.start:
            raise RuleDataError(
                path,
                f"{prev.end} から {nxt.start} まで空白があります。意図した空白なら "
                "not_in_force = true の期間を書いてください",
                f"gap from {prev.end} to {nxt.start}; write a not_in_force = true period "
                "if the gap is intended",
            )


# ------------------------------------------------------------------------------ the sources


def decode_sources(raw_sources: Any, path: str, where: str) -> tuple[Source, ...]:
    """A list of ``[[sources]]``: at least one, each a law and article, an instrument, or a publisher
    with a URL or title (shared by the rule files and the courts' tables)."""
    if not isinstance(raw_sources, list) or not raw_sources:
        raise RuleDataError(path, f"{where} に出典がありません", f"{where} has no sources")
    return tuple(_decode_source(s, path, f"{where}.sources[{j}]")
                 for j, s in enumerate(raw_sources))


def _decode_source(raw: Any, path: str, where: str) -> Source:
    if not isinstance(raw, dict):
        raise RuleDataError(path, f"{where} は表です", f"{where} must be a table")
    _check_known(raw, _SOURCE_KEYS, path, where)
    for k, v in raw.items():
        if not isinstance(v, str) or not v.strip():
            raise RuleDataError(path, f"{where}.{k} は空でない文字列です",
                                f"{where}.{k} must be non-empty text")
    src = Source(**raw)
    if not ((src.law and src.article) or src.instrument or (src.publisher and (src.url or src.title))):
        raise RuleDataError(
            path,
            f"{where} は法令と条文、告示番号、または発行者とURL/題名のどれかが必要です",
            f"{where} needs a law and article, an instrument, or a publisher with a URL or title",
        )
    return src


# ------------------------------------------------------------------------------ the values


def _decode_scalar(unit: str, raw: Any, path: str, where: str) -> RuleValue:
    def bad(expected: str) -> RuleDataError:
        return RuleDataError(
            path,
            f"{where} の値 {raw!r} は単位 {unit} に合いません（{expected}）",
            f"{where} value {raw!r} does not fit unit {unit} ({expected})",
        )

    if unit in INTEGER_UNITS:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise bad("integer")
        if raw < 0:
            raise bad("non-negative integer")
        return raw
    if unit == "rate":
        return _decode_rate(raw, bad)
    if unit == "flag":
        if not isinstance(raw, bool):
            raise bad("true or false")
        return raw
    if unit == "text":
        if not isinstance(raw, str) or not raw:
            raise bad("non-empty text")
        return raw
    raise bad("known unit")  # pragma: no cover - units are checked before values


def _decode_rate(raw: Any, bad: Callable[[str], RuleDataError]) -> Decimal:
    """A rate is an exact decimal string between 0 and 10 ("0.03" is 3%)."""
    if not isinstance(raw, str):
        raise bad('decimal string such as "0.03"')
    try:
        dec = Decimal(raw)
    except InvalidOperation:
        raise bad('decimal string such as "0.03"') from None
    if not dec.is_finite() or dec < 0 or dec > 10:
        raise bad("a finite rate between 0 and 10")
    return dec


def _decode_record(fields: Mapping[str, str], raw: Any, path: str, where: str,
                   optional: frozenset[str] = frozenset()) -> dict[str, RuleValue]:
    if not isinstance(raw, dict):
        raise RuleDataError(path, f"{where} は表である必要があります", f"{where} must be a table")
    unknown = set(raw) - set(fields)
    missing = set(fields) - set(raw) - optional
    if unknown or missing:
        raise RuleDataError(
            path,
            f"{where} の項目が宣言と違います（不明: {sorted(unknown)}, 不足: {sorted(missing)}）",
            f"{where} fields differ from the declaration (unknown {sorted(unknown)}, "
            f"missing {sorted(missing)})",
        )
    return {k: _decode_scalar(fields[k], raw[k], path, f"{where}.{k}") for k in fields if k in raw}


def _decode_brackets(fields: Mapping[str, str], raw: list[Any], path: str,
                     where: str) -> tuple[dict[str, RuleValue], ...]:
    """Rows ascending by an inclusive ``upto``; only the last row is open (has no ``upto``)."""
    rows = []
    previous: int | None = None
    for i, r in enumerate(raw):
        last = i == len(raw) - 1
        row = _decode_record(fields, r, path, f"{where}[{i}]", optional=frozenset({"upto"}))
        upto = row.get("upto")
        if upto is None and not last:
            raise RuleDataError(path, f"{where}[{i}] に upto がありません",
                                f"{where}[{i}] lacks upto (only the last row may)")
        if upto is not None and last:
            raise RuleDataError(path, f"{where} の最後の行に upto があります",
                                f"{where}: the last row must be open (no upto)")
        if upto is not None:
            if previous is not None and upto <= previous:
                raise RuleDataError(path, f"{where}[{i}] の upto が昇順ではありません",
                                    f"{where}[{i}] upto is not ascending")
            previous = upto
        rows.append(row)
    return tuple(rows)


def _as_date(raw: Any, path: str, where: str) -> date:
    if isinstance(raw, date) and not hasattr(raw, "hour"):
        return raw
    raise RuleDataError(path, f"{where} は日付（YYYY-MM-DD）です",
                        f"{where} must be a TOML date (YYYY-MM-DD)")


def _choice(enum: type[StrEnum], raw: Any, path: str, where: str) -> Any:
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise RuleDataError(path, f"{where} の {raw!r} は使えません（{allowed}）",
                            f"{where} {raw!r} is not one of: {allowed}") from None
