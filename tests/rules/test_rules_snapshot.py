"""The rule book on one date (`rules_snapshot`): one view for `zansai rules`, `GET /api/v1/rules`,
`/rules.json` and the rules page.

The JSON is the golden `zansai rules --json` output (tests/golden/rules-*.json, written from the
CLI before the snapshot existed); a small book of test rules shows the rules a date misses.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from zansai.errors import RuleCoverageError, RuleNotFoundError
from zansai.rules import RuleBook, RulesSnapshot, parse_rule, rules_snapshot

BOOK = RuleBook.default()
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.mark.parametrize("on", [date(2014, 4, 1), date(2026, 11, 21)])
def test_the_snapshot_is_the_golden_rules_json(on: date) -> None:
    """Byte for byte what `zansai rules --at DATE --json` printed before (no version keys there)."""
    golden = (GOLDEN / f"rules-{on.isoformat()}.json").read_text(encoding="utf-8")
    data = rules_snapshot(BOOK, on).to_dict()
    assert json.dumps(data, ensure_ascii=False, indent=1) + "\n" == golden


def test_every_shipped_rule_is_resolved_on_its_date_sorted_by_key() -> None:
    snap = rules_snapshot(BOOK, date(2026, 11, 21))
    assert [r.rule.key for r in snap.resolved] == BOOK.keys()
    assert snap.not_covered == ()
    stamp = next(r for r in snap.resolved if r.rule.key == "stamp_duty.sale_contract")
    # 措法91条: a contract over 10,000,000 and up to 50,000,000 yen bears 10,000 yen until 2027-03-31
    assert {"upto": 50_000_000, "duty": 10_000} in stamp.value
    assert (stamp.period.start, stamp.period.end) == (date(2014, 4, 1), date(2027, 4, 1))


def _rule(key: str, start: date, end: date | None) -> Any:
    period: dict[str, Any] = {"from": start, "value": 1_000, "confidence": "high",
                              "sources": [{"law": "テスト法", "article": "第1条"}]}
    if end is not None:
        period["to"] = end
    return parse_rule({"key": key, "label_ja": "テスト", "label_en": "test", "unit": "yen",
                       "kind": "law", "keyed_on": "calculation_date",
                       "last_reviewed": date(2026, 11, 22), "values": [period]},
                      f"test/{key.split('.')[1]}.toml")


TEST_BOOK = RuleBook({"test.ended": _rule("test.ended", date(2014, 4, 1), date(2020, 1, 1)),
                      "test.open": _rule("test.open", date(2019, 1, 1), None)}, load_package=False)


def test_a_rule_that_does_not_cover_the_date_is_listed_with_its_coverage() -> None:
    snap = rules_snapshot(TEST_BOOK, date(2020, 1, 1))  # test.ended covers up to 2019-12-31
    assert isinstance(snap, RulesSnapshot)
    assert [r.rule.key for r in snap.resolved] == ["test.open"]
    assert snap.to_dict() == {
        "at": "2020-01-01",
        "rules": [snap.resolved[0].to_dict()],
        "not_covered": [{"key": "test.ended", "covers": "[2014-04-01, 2020-01-01)"}],
    }
    before = rules_snapshot(TEST_BOOK, date(2018, 12, 31))
    assert [r.rule.key for r in before.resolved] == ["test.ended"]
    assert [r.key for r in before.not_covered] == ["test.open"]
    assert before.resolved[0].value == 1_000


def test_one_key_alone_or_an_error_that_names_it() -> None:
    snap = rules_snapshot(TEST_BOOK, date(2021, 6, 1), "test.open")
    assert [r.rule.key for r in snap.resolved] == ["test.open"]
    assert snap.not_covered == ()
    with pytest.raises(RuleNotFoundError) as unknown:
        rules_snapshot(TEST_BOOK, date(2021, 6, 1), "test.nothing")
    assert unknown.value.field == "key"
    with pytest.raises(RuleCoverageError):
        rules_snapshot(TEST_BOOK, date(2021, 6, 1), "test.ended")
