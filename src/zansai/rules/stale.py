"""Rules due for review (見直しが必要なルール): not checked for a year, or past their end.

A rule is stale on a date when its ``last_reviewed`` is more than a year before that date, or
when its known end has passed: its coverage has run out (the last period ends on or before
the date), or its confirmed values have, and what follows is only the law's fallback marked
unconfirmed (the reduced stamp duty after 2027-03-31, say). ``zansai rules --stale`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from zansai.rules.book import RuleBook
from zansai.rules.model import Rule, Status


class StaleReason(StrEnum):
    NOT_REVIEWED = "not_reviewed"
    """``last_reviewed`` is more than a year old."""
    PAST_END = "past_end"
    """The rule's coverage, or its confirmed values, ended on or before the date."""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a rule is due for review, from which date, in Japanese and English."""

    code: StaleReason
    since: date
    ja: str
    en: str

    def to_dict(self) -> dict[str, str]:
        return {"reason": self.code.value, "since": self.since.isoformat(),
                "ja": self.ja, "en": self.en}


@dataclass(frozen=True, slots=True)
class Staleness:
    """A rule due for review and every reason it is."""

    rule: Rule
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.rule.key,
            "label_ja": self.rule.label_ja,
            "label_en": self.rule.label_en,
            "last_reviewed": self.rule.last_reviewed.isoformat(),
            "covers": self.rule.coverage_text(),
            "reasons": [r.to_dict() for r in self.reasons],
        }


def stale_rules(book: RuleBook, on: date) -> list[Staleness]:
    """The rules of ``book`` due for review on ``on``, sorted by key."""
    found = []
    for rule in book.rules():
        reasons = tuple(r for r in (_not_reviewed(rule, on), _past_end(rule, on)) if r)
        if reasons:
            found.append(Staleness(rule, reasons))
    return found


def review_due(reviewed: date) -> date:
    """The last day a review holds: one year on (28 February for a review on 29 February)."""
    try:
        return reviewed.replace(year=reviewed.year + 1)
    except ValueError:
        return reviewed.replace(year=reviewed.year + 1, day=28)


def known_end(rule: Rule) -> tuple[date, bool] | None:
    """Where what is known of a rule ends (exclusive), and whether its coverage ends there.

    The end of its coverage if it has one; else the end of its last confirmed value when only
    unconfirmed values follow; else None (the rule holds with no known end).
    """
    if rule.covered_to is not None:
        return rule.covered_to, True
    confirmed = [p for p in rule.periods if p.status is Status.CONFIRMED]
    if confirmed and confirmed[-1].end is not None:
        return confirmed[-1].end, False
    return None


def _not_reviewed(rule: Rule, on: date) -> Reason | None:
    due = review_due(rule.last_reviewed)
    if on <= due:
        return None
    reviewed = rule.last_reviewed.isoformat()
    return Reason(
        StaleReason.NOT_REVIEWED, due + timedelta(days=1),
        f"最終確認日 {reviewed} から1年を超えています（{due.isoformat()} までに見直すべきでした）",
        f"last reviewed on {reviewed}, more than a year ago (the review was due by "
        f"{due.isoformat()})",
    )


def _past_end(rule: Rule, on: date) -> Reason | None:
    end = known_end(rule)
    if end is None or on < end[0]:
        return None
    first, coverage_ends = end
    last = (first - timedelta(days=1)).isoformat()
    if coverage_ends:
        return Reason(
            StaleReason.PAST_END, first,
            f"対象期間は {last} で終わり、{first.isoformat()} 以降の値がありません",
            f"its coverage ended on {last}; it has no value from {first.isoformat()}",
        )
    return Reason(
        StaleReason.PAST_END, first,
        f"確認済みの値は {last} までです。{first.isoformat()} 以降は未確認の値なので、"
        "延長や改正を確認してください",
        f"its confirmed values end on {last}; from {first.isoformat()} it holds an unconfirmed "
        "value, so check for an extension or amendment",
    )
