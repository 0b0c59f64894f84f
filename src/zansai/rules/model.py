"""What a rule is: a dated legal or market number (法令・実務パラメータ) with its citations.

A ``Rule`` holds values over half-open periods ``[start, end)``; ``Rule.at(date)`` gives the
``Resolved`` value in force on that date, or an error that names the rule and its coverage.
The loader (``zansai.rules.decode``) builds these; nothing here reads files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from zansai.arith.brackets import bracket_index
from zansai.errors import RuleCoverageError
from zansai.rules.display import display_value, to_jsonable
from zansai.rules.units import RuleValue


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
    """A dated legal or market number with its citations.

    ``last_reviewed`` (最終確認日) is the day the rule was last checked against its sources;
    ``zansai rules --stale`` lists rules whose review is more than a year old.
    """

    key: str
    label_ja: str
    label_en: str
    unit: str
    kind: Kind
    keyed_on: str
    periods: tuple[Period, ...]
    last_reviewed: date
    description: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    uses: dict[date, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    """Each period's citation (``trace.RuleUse``) by the period's start, built on first use.
    The rule owns it, so a replaced rule (a per-case override) starts with none."""

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


def bracket(rows: tuple[dict[str, RuleValue], ...], amount: int) -> dict[str, RuleValue]:
    """The row of a ``brackets`` value that holds ``amount`` (``upto`` is inclusive; the loader
    ensures an open last row): ``arith.bracket_index``, as the batch kernel looks it up."""
    table: list[Any] = []
    for row in rows:
        upto = row.get("upto")
        table += (-1 if upto is None else upto, 0)
    return rows[bracket_index(table, 0, len(rows), amount)]
