"""The rule book as a whole: strict loading, full temporal coverage, overrides."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from zansai.errors import InputError, RuleCoverageError, RuleDataError, RuleNotFoundError
from zansai.rules import KEYED_ON, Kind, RuleBook, Status, parse_rule

BOOK = RuleBook.default()
TODAY = date(2026, 11, 22)


def test_every_rule_loads_and_covers_2014_to_today() -> None:
    rules = BOOK.rules()
    assert len(rules) >= 100
    for rule in rules:
        assert rule.covered_from <= date(2014, 4, 1), rule.key
        assert rule.covered_to is None or rule.covered_to > TODAY, rule.key
        assert rule.keyed_on in KEYED_ON


def test_sweep_every_rule_resolves_exactly_once_on_every_covered_date() -> None:
    """Every 7th day from each rule's start to two years ahead, plus every period edge."""
    horizon = TODAY + timedelta(days=730)
    for rule in BOOK.rules():
        end = min(rule.covered_to or horizon, horizon)
        days = {rule.covered_from + timedelta(days=d)
                for d in range(0, (end - rule.covered_from).days, 7)}
        for p in rule.periods:
            days |= {p.start, p.start - timedelta(days=1)}
            if p.end:
                days |= {p.end, p.end - timedelta(days=1)}
        for d in sorted(days):
            inside = rule.covered_from <= d and (rule.covered_to is None or d < rule.covered_to)
            matches = rule.matching(d)
            assert len(matches) == (1 if inside else 0), (rule.key, d)


def test_every_period_cites_a_source_and_unconfirmed_values_say_why() -> None:
    for rule in BOOK.rules():
        for p in rule.periods:
            assert p.sources, rule.key
            if p.status is Status.UNCONFIRMED:
                assert p.caveat_ja, rule.key
                assert p.caveat_en, rule.key


def test_outside_coverage_names_rule_and_range() -> None:
    with pytest.raises(RuleCoverageError) as exc:
        BOOK.at("stamp_duty.sale_contract", date(1990, 1, 1))
    assert "stamp_duty.sale_contract" in exc.value.message_en
    assert "[1997-04-01, …)" in exc.value.message_en
    assert isinstance(exc.value, InputError)


def test_unknown_key() -> None:
    with pytest.raises(RuleNotFoundError):
        BOOK.get("stamp_duty.nonexistent")


def test_unconfirmed_reduction_after_sunset_is_flagged() -> None:
    """措法91条: reduced stamp duty for documents made by 2027-03-31 (law-updates-2026.md §3)."""
    assert BOOK.at("stamp_duty.sale_contract", date(2027, 3, 31)).caveat is None
    later = BOOK.at("stamp_duty.sale_contract", date(2027, 4, 1))
    assert later.caveat is not None
    assert "2027-03-31" in later.caveat[1]


def test_market_practice_can_be_overridden_law_cannot() -> None:
    book = BOOK.with_overrides({"market.dealer_purchase_ratio": "0.65"})
    r = book.at("market.dealer_purchase_ratio", TODAY)
    assert str(r.value) == "0.65"
    assert r.period.overridden
    assert BOOK.at("market.dealer_purchase_ratio", TODAY).period.overridden is False
    assert BOOK.get("stamp_duty.sale_contract").kind is Kind.LAW
    with pytest.raises(InputError):
        BOOK.with_overrides({"stamp_duty.sale_contract": []})


def _rule(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "key": "test.x", "label_ja": "テスト", "label_en": "test", "unit": "yen",
        "kind": "law", "keyed_on": "calculation_date",
        "values": [
            {"from": date(2014, 4, 1), "to": date(2020, 1, 1), "value": 1, "confidence": "high",
             "sources": [{"law": "テスト法", "article": "第1条"}]},
            {"from": date(2020, 1, 1), "value": 2, "confidence": "high",
             "sources": [{"law": "テスト法", "article": "第1条"}]},
        ],
    }
    base.update(over)
    return base


def test_a_valid_rule_parses() -> None:
    rule = parse_rule(_rule(), "test/x.toml")
    assert rule.at(date(2019, 12, 31)).value == 1
    assert rule.at(date(2020, 1, 1)).value == 2


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r["values"][0].update({"to": date(2020, 2, 1)}), "overlap"),
        (lambda r: r["values"][0].update({"to": date(2019, 6, 1)}), "gap"),
        (lambda r: r["values"][1].update({"sources": []}), "no sources"),
        (lambda r: r["values"][1].update({"value": 1.5}), "binary float"),
        (lambda r: r["values"][1].update({"value": "2"}), "does not fit unit"),
        (lambda r: r.update({"unit": "furlongs"}), "unknown unit"),
        (lambda r: r.update({"kind": "rumour"}), "not one of"),
        (lambda r: r["values"][1].update({"status": "unconfirmed"}), "caveat"),
        (lambda r: r["values"][1]["sources"][0].pop("article"), "needs a law and article"),
        (lambda r: r.update({"keyed_on": "whenever"}), "keyed_on"),
    ],
)
def test_loader_rejects(change: Any, problem: str) -> None:
    data = _rule()
    change(data)
    with pytest.raises(RuleDataError) as exc:
        parse_rule(data, "test/x.toml")
    assert problem in exc.value.message_en


def test_key_must_match_file_location() -> None:
    with pytest.raises(RuleDataError):
        parse_rule(_rule(), "test/x.toml", expected_key="test.y")


def test_compiled_rule_book_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-user cache of the parsed book gives the same rules as parsing the files."""
    from zansai.rules import book as book_module

    monkeypatch.setenv("ZANSAI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(RuleBook, "_default", None)
    first = RuleBook.default()  # parses every file and writes the cache
    cached = list(tmp_path.glob("zansai/rules-*.pickle"))
    assert len(cached) == 1
    monkeypatch.setattr(RuleBook, "_default", None)
    second = RuleBook.default()  # reads the cache
    assert second._complete
    assert [r.key for r in second.rules()] == [r.key for r in first.rules()]
    on = date(2026, 11, 22)
    assert second.value("brokerage.fee_tiers", on) == first.value("brokerage.fee_tiers", on)
    # a broken cache file is ignored and rebuilt, never trusted
    cached[0].write_bytes(b"not a pickle")
    monkeypatch.setattr(RuleBook, "_default", None)
    assert RuleBook.default().value("tax.consumption_tax_rate", on) == Decimal("0.10")
    assert book_module._compiled_path() == cached[0]
