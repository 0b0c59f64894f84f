"""The rule book (法令・実務パラメータ): dated, cited legal and market numbers.

One rule per TOML file under ``data/<area>/<name>.toml``; the key is ``<area>.<name>``. Each
rule has a list of values over half-open periods ``[from, to)``. The loader is strict: a
period overlap, an unintended gap, a missing source, a binary float, or a value that does not
fit the rule's unit is an error. Asking for a date outside a rule's coverage is an error that
names the rule and its covered range; it is never silently extended.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import sys
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from zansai.errors import RuleCoverageError, RuleDataError, RuleNotFoundError


class Kind(StrEnum):
    """Where a number comes from."""

    LAW = "law"
    """A statute, cabinet order or ministerial notice (法令・告示)."""
    COURT_PRACTICE = "court_practice"
    """A court's published practice (e.g. 東京地裁の予納金基準)."""
    MARKET_PRACTICE = "market_practice"
    """Market or lender practice: a default that a case may override."""


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Status(StrEnum):
    """Whether a value is known to be the law on the dates it covers."""

    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"
    """Encoded from what is known, but its continuation or its figure is not confirmed:
    results that use it carry its caveat."""


KEYED_ON = {
    "calculation_date": "計算基準日 (the date the question is asked for)",
    "document_date": "文書の作成日 (date the contract document is made)",
    "brokerage_service_date": "媒介報酬の受領・役務提供日 (settlement of the brokerage)",
    "brokerage_contract_date": "媒介契約の締結日",
    "sale_contract_date": "売買契約の締結日",
    "settlement_date": "決済・引渡日",
    "transfer_date": "譲渡日 (the tax year of the transfer follows it)",
    "registration_date": "登記の日",
    "filing_date": "申立日",
    "decision_date": "開始決定日・免責決定日",
    "loan_contract_date": "金銭消費貸借契約・保証委託契約の締結日",
    "default_date": "延滞・期限の利益喪失の日",
    "divorce_date": "離婚の日",
    "event_date": "the event the rule describes (see the rule's description)",
}

SCALAR_UNITS = {
    "yen": "円",
    "rate": "割合 (0.03 = 3%)",
    "years": "年",
    "months": "か月",
    "days": "日",
    "count": "個・回",
    "flag": "真偽",
    "text": "文字列",
}
COMPOSITE_UNITS = {
    "record": "a table of named fields, each with its own unit",
    "brackets": "rows ascending by `upto` (yen, inclusive); the last row has no `upto`",
    "table": "rows of named fields",
}
ALL_UNITS = SCALAR_UNITS | COMPOSITE_UNITS

RuleValue = Any
"""A decoded value: int, Decimal, bool, str, a dict of those, or a tuple of such dicts."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value comes from: a law and article, a notice, or a publisher and URL."""

    law: str | None = None
    article: str | None = None
    instrument: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    read: str | None = None

    def cite(self) -> str:
        """A one-line citation."""
        parts: list[str] = []
        if self.law:
            parts.append(self.law + (self.article or ""))
        if self.instrument:
            parts.append(self.instrument)
        if self.publisher:
            parts.append(self.publisher)
        if self.title:
            parts.append(f"「{self.title}」")
        text = " ".join(parts)
        if self.url:
            text = f"{text} <{self.url}>" if text else self.url
        return text

    def to_dict(self) -> dict[str, str]:
        return {k: v for k in self.__slots__ if (v := getattr(self, k)) is not None}


@dataclass(frozen=True, slots=True)
class Period:
    """One value of a rule over ``[start, end)``; ``end`` None means no known end."""

    start: date
    end: date | None
    value: RuleValue
    in_force: bool
    confidence: Confidence
    status: Status
    sources: tuple[Source, ...]
    low: RuleValue = None
    high: RuleValue = None
    caveat_ja: str | None = None
    caveat_en: str | None = None
    note: str | None = None
    conflicts: str | None = None
    overridden: bool = False

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class Rule:
    """A dated legal or market number with its citations."""

    key: str
    label_ja: str
    label_en: str
    unit: str
    kind: Kind
    keyed_on: str
    periods: tuple[Period, ...]
    description: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def covered_from(self) -> date:
        return self.periods[0].start

    @property
    def covered_to(self) -> date | None:
        """Exclusive end of coverage, or None when the last value has no known end."""
        return self.periods[-1].end

    @property
    def overridable(self) -> bool:
        return self.kind is not Kind.LAW

    def coverage_text(self) -> str:
        end = self.covered_to.isoformat() if self.covered_to else "…"
        return f"[{self.covered_from.isoformat()}, {end})"

    def matching(self, on: date) -> list[Period]:
        """Every period that covers ``on`` (exactly one in a valid rule)."""
        return [p for p in self.periods if p.covers(on)]

    def at(self, on: date) -> Resolved:
        """The value in force on ``on``; an error naming the rule if it is not covered."""
        for period in self.periods:
            if period.covers(on):
                return Resolved(self, period, on)
        raise RuleCoverageError(
            f"ルール {self.key}（{self.label_ja}）は {on.isoformat()} を対象にしていません。"
            f"対象期間は {self.coverage_text()} です",
            f"rule {self.key} ({self.label_en}) does not cover {on.isoformat()}; "
            f"it covers {self.coverage_text()}",
            field=self.key,
        )


@dataclass(frozen=True, slots=True)
class Resolved:
    """A rule's value on one date, with everything needed to explain it."""

    rule: Rule
    period: Period
    on: date

    @property
    def value(self) -> RuleValue:
        return self.period.value

    @property
    def in_force(self) -> bool:
        return self.period.in_force

    @property
    def caveat(self) -> tuple[str, str] | None:
        p = self.period
        if p.status is Status.UNCONFIRMED:
            return (p.caveat_ja or "", p.caveat_en or "")
        return None

    def display(self) -> str:
        return display_value(self.rule, self.period)

    def to_dict(self) -> dict[str, Any]:
        p = self.period
        out: dict[str, Any] = {
            "key": self.rule.key,
            "label_ja": self.rule.label_ja,
            "label_en": self.rule.label_en,
            "on": self.on.isoformat(),
            "in_force": p.in_force,
            "value": to_jsonable(p.value),
            "unit": self.rule.unit,
            "kind": self.rule.kind.value,
            "keyed_on": self.rule.keyed_on,
            "period": {"from": p.start.isoformat(), "to": p.end.isoformat() if p.end else None},
            "confidence": p.confidence.value,
            "status": p.status.value,
            "overridden": p.overridden,
            "sources": [s.to_dict() for s in p.sources],
        }
        if p.low is not None or p.high is not None:
            out["range"] = {"low": to_jsonable(p.low), "high": to_jsonable(p.high)}
        if p.caveat_ja or p.caveat_en:
            out["caveat"] = {"ja": p.caveat_ja, "en": p.caveat_en}
        if p.note:
            out["note"] = p.note
        if p.conflicts:
            out["conflicts"] = p.conflicts
        return out


def to_jsonable(value: RuleValue) -> Any:
    """Decimals become strings (exact), tuples become lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    return value


def _display_scalar(unit: str, value: RuleValue) -> str:
    if value is None:
        return "—"
    if unit == "yen":
        return f"{value:,}円"
    if unit == "rate":
        pct = (value * 100).normalize()
        return f"{pct:f}%"
    if unit == "flag":
        return "yes" if value else "no"
    suffix = {"years": "年", "months": "か月", "days": "日", "count": ""}.get(unit, "")
    return f"{value}{suffix}"


def display_value(rule: Rule, period: Period) -> str:
    """A short human rendering of a period's value."""
    if not period.in_force:
        return "適用なし (not in force)"
    v = period.value
    if rule.unit in SCALAR_UNITS:
        text = _display_scalar(rule.unit, v)
        if period.low is not None and period.high is not None:
            low = _display_scalar(rule.unit, period.low)
            high = _display_scalar(rule.unit, period.high)
            text += f" (range {low}–{high})"
        return text
    if rule.unit == "record":
        return ", ".join(f"{k}={_display_scalar(rule.fields[k], x)}" for k, x in v.items())
    rows = []
    for row in v:
        cells = [f"{k}={_display_scalar(rule.fields.get(k, 'yen'), x)}" for k, x in row.items()]
        rows.append("{" + ", ".join(cells) + "}")
    return "; ".join(rows)


# ---------------------------------------------------------------------------------- loading


_RULE_KEYS = {"key", "label_ja", "label_en", "unit", "kind", "keyed_on", "description", "fields",
              "values"}
_PERIOD_KEYS = {"from", "to", "value", "not_in_force", "confidence", "status", "sources", "low",
                "high", "caveat_ja", "caveat_en", "note", "conflicts"}
_SOURCE_KEYS = {"law", "article", "instrument", "publisher", "title", "url", "read"}


def _reject_floats(obj: Any, path: str, where: str) -> None:
    if isinstance(obj, float):
        raise RuleDataError(
            path,
            f"{where} に2進浮動小数点数があります。率は文字列（\"0.03\"）で書いてください",
            f"{where} holds a binary float; write rates as strings such as \"0.03\"",
        )
    if isinstance(obj, dict):
        for k, v in obj.items():
            _reject_floats(v, path, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _reject_floats(v, path, f"{where}[{i}]")


def _decode_scalar(unit: str, raw: Any, path: str, where: str) -> RuleValue:
    def bad(expected: str) -> RuleDataError:
        return RuleDataError(
            path,
            f"{where} の値 {raw!r} は単位 {unit} に合いません（{expected}）",
            f"{where} value {raw!r} does not fit unit {unit} ({expected})",
        )

    if unit in ("yen", "years", "months", "days", "count"):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise bad("integer")
        if raw < 0:
            raise bad("non-negative integer")
        return raw
    if unit == "rate":
        if not isinstance(raw, str):
            raise bad('decimal string such as "0.03"')
        try:
            dec = Decimal(raw)
        except InvalidOperation:
            raise bad('decimal string such as "0.03"') from None
        if not dec.is_finite() or dec < 0 or dec > 10:
            raise bad("a finite rate between 0 and 10")
        return dec
    if unit == "flag":
        if not isinstance(raw, bool):
            raise bad("true or false")
        return raw
    if unit == "text":
        if not isinstance(raw, str) or not raw:
            raise bad("non-empty text")
        return raw
    raise bad("known unit")  # pragma: no cover - units are checked before values


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


def _decode_value(unit: str, fields: Mapping[str, str], raw: Any, path: str,
                  where: str) -> RuleValue:
    if unit in SCALAR_UNITS:
        return _decode_scalar(unit, raw, path, where)
    if unit == "record":
        return _decode_record(fields, raw, path, where)
    if not isinstance(raw, list) or not raw:
        raise RuleDataError(path, f"{where} は空でない配列です", f"{where} must be a non-empty array")
    if unit == "table":
        return tuple(_decode_record(fields, r, path, f"{where}[{i}]") for i, r in enumerate(raw))
    # brackets
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


def _decode_source(raw: Any, path: str, where: str) -> Source:
    if not isinstance(raw, dict):
        raise RuleDataError(path, f"{where} は表です", f"{where} must be a table")
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise RuleDataError(path, f"{where} に不明な項目 {sorted(unknown)}",
                            f"{where} has unknown fields {sorted(unknown)}")
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


def parse_rule(data: dict[str, Any], path: str, expected_key: str | None = None) -> Rule:
    """Validate one decoded TOML document and build its ``Rule``."""
    _reject_floats(data, path, "rule")
    unknown = set(data) - _RULE_KEYS
    if unknown:
        raise RuleDataError(path, f"不明な項目 {sorted(unknown)}", f"unknown fields {sorted(unknown)}")
    for k in ("key", "label_ja", "label_en", "unit", "kind", "keyed_on"):
        if not isinstance(data.get(k), str) or not data[k].strip():
            raise RuleDataError(path, f"{k} がありません", f"missing {k}")
    key: str = data["key"]
    if expected_key is not None and key != expected_key:
        raise RuleDataError(path, f"key {key} がファイルの場所 {expected_key} と一致しません",
                            f"key {key} does not match the file location {expected_key}")
    unit: str = data["unit"]
    if unit not in ALL_UNITS:
        raise RuleDataError(path, f"単位 {unit!r} は使えません", f"unknown unit {unit!r}; "
                            f"allowed: {', '.join(ALL_UNITS)}")
    kind = _choice(Kind, data["kind"], path, "kind")
    if data["keyed_on"] not in KEYED_ON:
        raise RuleDataError(path, f"keyed_on {data['keyed_on']!r} は使えません",
                            f"keyed_on {data['keyed_on']!r} is not one of {sorted(KEYED_ON)}")
    fields: dict[str, str] = {}
    if unit in COMPOSITE_UNITS:
        raw_fields = data.get("fields")
        if not isinstance(raw_fields, dict) or not raw_fields:
            raise RuleDataError(path, "fields の宣言が必要です", f"unit {unit} needs [fields]")
        for fname, funit in raw_fields.items():
            if funit not in SCALAR_UNITS:
                raise RuleDataError(path, f"fields.{fname} の単位 {funit!r} は使えません",
                                    f"fields.{fname} has unknown unit {funit!r}")
            fields[fname] = funit
        if unit == "brackets" and fields.get("upto") != "yen":
            raise RuleDataError(path, "brackets には upto = \"yen\" が必要です",
                                "brackets need fields.upto = \"yen\"")
    elif "fields" in data:
        raise RuleDataError(path, "スカラーの単位に fields は不要です",
                            "a scalar unit takes no fields")
    raw_values = data.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise RuleDataError(path, "values がありません", "missing [[values]]")

    periods: list[Period] = []
    for i, rv in enumerate(raw_values):
        where = f"values[{i}]"
        if not isinstance(rv, dict):
            raise RuleDataError(path, f"{where} は表です", f"{where} must be a table")
        unknown = set(rv) - _PERIOD_KEYS
        if unknown:
            raise RuleDataError(path, f"{where} に不明な項目 {sorted(unknown)}",
                                f"{where} has unknown fields {sorted(unknown)}")
        start = _as_date(rv.get("from"), path, f"{where}.from")
        end = _as_date(rv["to"], path, f"{where}.to") if "to" in rv else None
        if end is not None and end <= start:
            raise RuleDataError(path, f"{where} の to が from 以前です",
                                f"{where}: to must be after from")
        not_in_force = rv.get("not_in_force", False)
        if not isinstance(not_in_force, bool):
            raise RuleDataError(path, f"{where}.not_in_force は真偽値です",
                                f"{where}.not_in_force must be true or false")
        if not_in_force == ("value" in rv):
            raise RuleDataError(path, f"{where} は value か not_in_force = true のどちらか一方です",
                                f"{where} needs exactly one of value or not_in_force = true")
        value = None if not_in_force else _decode_value(unit, fields, rv["value"], path,
                                                        f"{where}.value")
        low = high = None
        if "low" in rv or "high" in rv:
            if unit not in SCALAR_UNITS or unit in ("flag", "text") or not_in_force:
                raise RuleDataError(path, f"{where}: low/high は数値のスカラーだけです",
                                    f"{where}: low/high only for numeric scalars")
            low = _decode_scalar(unit, rv.get("low"), path, f"{where}.low")
            high = _decode_scalar(unit, rv.get("high"), path, f"{where}.high")
            if not (low <= value <= high):
                raise RuleDataError(path, f"{where}: low ≤ value ≤ high ではありません",
                                    f"{where}: need low <= value <= high")
        confidence = _choice(Confidence, rv.get("confidence"), path, f"{where}.confidence")
        status = _choice(Status, rv.get("status", "confirmed"), path, f"{where}.status")
        caveat_ja, caveat_en = rv.get("caveat_ja"), rv.get("caveat_en")
        if status is Status.UNCONFIRMED and not (caveat_ja and caveat_en):
            raise RuleDataError(path, f"{where}: 未確認の値には caveat_ja と caveat_en が必要です",
                                f"{where}: an unconfirmed value needs caveat_ja and caveat_en")
        raw_sources = rv.get("sources")
        if not isinstance(raw_sources, list) or not raw_sources:
            raise RuleDataError(path, f"{where} に出典がありません", f"{where} has no sources")
        sources = tuple(_decode_source(s, path, f"{where}.sources[{j}]")
                        for j, s in enumerate(raw_sources))
        for text_key in ("note", "conflicts", "caveat_ja", "caveat_en"):
            if text_key in rv and not isinstance(rv[text_key], str):
                raise RuleDataError(path, f"{where}.{text_key} は文字列です",
                                    f"{where}.{text_key} must be text")
        periods.append(Period(
            start=start, end=end, value=value, in_force=not not_in_force,
            confidence=confidence, status=status, sources=sources, low=low, high=high,
            caveat_ja=caveat_ja, caveat_en=caveat_en, note=rv.get("note"),
            conflicts=rv.get("conflicts"),
        ))

    periods.sort(key=lambda p: p.start)
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
    description = data.get("description")
    return Rule(key=key, label_ja=data["label_ja"], label_en=data["label_en"], unit=unit,
                kind=kind, keyed_on=data["keyed_on"], periods=tuple(periods),
                description=description if isinstance(description, str) else None,
                fields=fields)


def _data_root() -> Any:
    return resources.files("zansai.rules").joinpath("data")


def _compiled_path() -> Path | None:
    """Where the parsed rule book is cached, named by a fingerprint of every rule file."""
    if os.environ.get("ZANSAI_NO_RULE_CACHE"):
        return None
    root = _data_root()
    if not isinstance(root, Path):
        return None
    digest = hashlib.sha256(f"{sys.version}|{__file__}".encode())
    for area in sorted(os.scandir(root), key=lambda e: e.name):
        if not area.is_dir():
            continue
        for f in sorted(os.scandir(area.path), key=lambda e: e.name):
            st = f.stat()
            digest.update(f"{area.name}/{f.name}|{st.st_size}|{st.st_mtime_ns}".encode())
    digest.update(Path(__file__).read_bytes())
    base = os.environ.get("ZANSAI_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or str(Path.home() / ".cache")
    return Path(base) / "zansai" / f"rules-{digest.hexdigest()[:20]}.pickle"


def _key_to_parts(key: str) -> tuple[str, str] | None:
    parts = key.split(".")
    if len(parts) != 2 or not all(p and p.replace("_", "").isalnum() for p in parts):
        return None
    return parts[0], parts[1]


class RuleBook:
    """All rules, loaded lazily by key from the package, with optional per-case overrides.

    ``RuleBook.default()`` reads the rules shipped inside the package. A book built with
    ``load_package=False`` holds only the rules it was given (for tests of the loader).
    """

    _default: RuleBook | None = None

    def __init__(self, preset: Mapping[str, Rule] | None = None, *,
                 load_package: bool = True) -> None:
        self._preset: dict[str, Rule] = dict(preset or {})
        self._cache: dict[str, Rule] = {}
        self._load_package = load_package
        self._complete = not load_package

    @classmethod
    def default(cls) -> RuleBook:
        """The shipped rules; parsed once and kept in a per-user cache keyed by the files' stats."""
        if cls._default is None:
            book = cls()
            path = _compiled_path()
            if path is not None and not book._load_compiled(path):
                book._load_all()
                book._save_compiled(path)
            cls._default = book
        return cls._default

    def _load_compiled(self, path: Path) -> bool:
        if not path.is_file():
            return False
        try:
            with path.open("rb") as f:
                rules = pickle.load(f)
        except Exception:  # a stale or broken cache is simply rebuilt
            return False
        if not isinstance(rules, dict) or not all(isinstance(r, Rule) for r in rules.values()):
            return False
        self._cache.update(rules)
        self._complete = True
        return True

    def _save_compiled(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump(self._cache, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            for old in path.parent.glob("rules-*.pickle"):  # books of older rule files
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # no writable cache directory: parse the files every time

    def _load_file(self, area: str, name: str) -> Rule | None:
        resource = _data_root().joinpath(area, f"{name}.toml")
        if not resource.is_file():
            return None
        path = f"{area}/{name}.toml"
        try:
            data = tomllib.loads(resource.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise RuleDataError(path, f"TOML として読めません: {exc}",
                                f"not valid TOML: {exc}") from None
        return parse_rule(data, path, expected_key=f"{area}.{name}")

    def _load_all(self) -> None:
        if self._complete:
            return
        root = _data_root()
        for area_dir in sorted(root.iterdir(), key=lambda p: p.name):
            if not area_dir.is_dir() or area_dir.name.startswith(("_", ".")):
                continue
            for f in sorted(area_dir.iterdir(), key=lambda p: p.name):
                if f.name.endswith(".toml"):
                    key = f"{area_dir.name}.{f.name[:-5]}"
                    if key not in self._cache:
                        rule = self._load_file(area_dir.name, f.name[:-5])
                        assert rule is not None
                        self._cache[key] = rule
        self._complete = True

    def get(self, key: str) -> Rule:
        """The rule with this key, or an error that names the key."""
        rule = self._preset.get(key) or self._cache.get(key)
        if rule is None and self._load_package and not self._complete:
            parts = _key_to_parts(key)
            loaded = self._load_file(*parts) if parts else None
            if loaded is not None:
                self._cache[key] = loaded
                rule = loaded
        if rule is None:
            raise RuleNotFoundError(
                f"ルール {key!r} はありません。`zansai rules` で一覧を確認してください",
                f"unknown rule key {key!r}; `zansai rules` lists the keys",
                field="key",
            )
        return rule

    def rules(self) -> list[Rule]:
        """Every rule, sorted by key."""
        self._load_all()
        merged = {**self._cache, **self._preset}
        return [merged[k] for k in sorted(merged)]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules())

    def keys(self) -> list[str]:
        return [r.key for r in self.rules()]

    def at(self, key: str, on: date) -> Resolved:
        """The value of ``key`` in force on ``on``."""
        return self.get(key).at(on)

    def value(self, key: str, on: date) -> RuleValue:
        """Shorthand for ``at(key, on).value``."""
        return self.get(key).at(on).value

    def with_overrides(self, overrides: Mapping[str, RuleValue],
                       note: str = "per-case override") -> RuleBook:
        """A new book in which market- or court-practice defaults are replaced.

        The override holds over the rule's whole coverage; its source is the case itself.
        Laws cannot be overridden.
        """
        new: dict[str, Rule] = dict(self._preset)
        for key, raw in overrides.items():
            rule = self.get(key)
            if not rule.overridable:
                raise RuleNotFoundError(
                    f"ルール {key} は法令なので上書きできません（上書きできるのは実務の既定値だけです）",
                    f"rule {key} is law and cannot be overridden; only practice defaults can",
                    field=key,
                )
            value = _decode_value(rule.unit, rule.fields, _jsonish(raw), "override", key)
            src = (Source(publisher="case file", title=note),)
            periods = tuple(
                replace(p, value=value, in_force=True, low=None, high=None, sources=src,
                        confidence=Confidence.HIGH, status=Status.CONFIRMED, caveat_ja=None,
                        caveat_en=None, overridden=True)
                for p in rule.periods
            )
            new[key] = replace(rule, periods=periods)
        book = RuleBook(new, load_package=self._load_package)
        book._cache = self._cache
        return book


def _jsonish(raw: RuleValue) -> Any:
    """Overrides arrive as Decimals or ints from the engine; store rates as strings."""
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, dict):
        return {k: _jsonish(v) for k, v in raw.items()}
    if isinstance(raw, list | tuple):
        return [_jsonish(v) for v in raw]
    return raw


def bracket(rows: tuple[dict[str, RuleValue], ...], amount: int) -> dict[str, RuleValue]:
    """The row of a ``brackets`` value that holds ``amount`` (``upto`` is inclusive)."""
    for row in rows:
        upto = row.get("upto")
        if upto is None or amount <= upto:
            return row
    raise ValueError("brackets must end with an open row")  # pragma: no cover - loader ensures
