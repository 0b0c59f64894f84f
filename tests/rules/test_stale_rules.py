"""Rules due for review (`zansai rules --stale`), at fixed dates.

A rule is stale when its last_reviewed is more than a year before the date, or when its
coverage or its confirmed values have ended. The end dates come from the shipped rules:
措法91条 stamp duty and 措法73条・75条 registration tax reductions end with 2027-03-31, 措法41条の5
and 41条の5の2 with transfers in 2027, 措法72条 (land, 1.5%) with 2029-03-31
(docs/sources/law-updates-2026.md §1–3), and the reconstruction surtax with 2047年分 (復興財源確保法).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from zansai.cli import main
from zansai.rules import RuleBook, StaleReason, parse_rule, stale_rules
from zansai.rules.stale import known_end, review_due

BOOK = RuleBook.default()
REVIEWED = date(2026, 11, 22)  # every file but one: the commit that wrote it
LATER_REVIEWED = "divorce.separate_property_method"  # re-checked 2026-12-07
WRITTEN_LATER = {r.key for r in BOOK.rules() if r.last_reviewed > REVIEWED}
"""Rules written or re-checked after 2026-11-22 (e.g. divorce.separate_property_method, calendar.era)."""

SUNSET_2027_04 = ["registration_tax.residential_building_transfer",
                  "registration_tax.residential_mortgage_setting", "stamp_duty.sale_contract"]
SUNSET_2028_01 = ["capital_gains.overloan_loss_relief", "capital_gains.replacement_loss_relief"]


def _stale(on: date) -> dict[str, dict[StaleReason, date]]:
    return {s.rule.key: {r.code: r.since for r in s.reasons} for s in stale_rules(BOOK, on)}


def test_nothing_is_stale_on_2026_12_07() -> None:
    assert _stale(date(2026, 12, 7)) == {}


def test_the_2027_03_31_sunsets_make_three_rules_stale_from_2027_04_01() -> None:
    assert _stale(date(2027, 3, 31)) == {}
    assert _stale(date(2027, 4, 1)) == {k: {StaleReason.PAST_END: date(2027, 4, 1)}
                                        for k in SUNSET_2027_04}


def test_a_review_holds_exactly_one_year() -> None:
    """Reviewed 2026-11-22: not stale on 2027-11-22, stale from 2027-11-23."""
    assert set(_stale(date(2027, 11, 22))) == set(SUNSET_2027_04)
    stale = _stale(date(2027, 11, 23))
    assert set(stale) == set(BOOK.keys()) - WRITTEN_LATER
    assert stale["auction.deposit_tokyo"] == {StaleReason.NOT_REVIEWED: date(2027, 11, 23)}
    assert stale["stamp_duty.sale_contract"] == {StaleReason.NOT_REVIEWED: date(2027, 11, 23),
                                                 StaleReason.PAST_END: date(2027, 4, 1)}
    assert LATER_REVIEWED not in _stale(date(2027, 12, 7))
    assert LATER_REVIEWED in _stale(date(2027, 12, 8))
    assert set(_stale(date(2027, 12, 8))) - set(_stale(date(2027, 12, 7))) >= WRITTEN_LATER


def test_later_sunsets() -> None:
    past_end = {d: sorted(k for k, why in _stale(d).items() if StaleReason.PAST_END in why)
                for d in (date(2027, 12, 31), date(2028, 1, 1), date(2029, 3, 31),
                          date(2029, 4, 1), date(2048, 1, 1))}
    assert past_end[date(2027, 12, 31)] == SUNSET_2027_04
    assert past_end[date(2028, 1, 1)] == sorted(SUNSET_2027_04 + SUNSET_2028_01)
    assert past_end[date(2029, 3, 31)] == past_end[date(2028, 1, 1)]
    assert past_end[date(2029, 4, 1)] == sorted(
        [*SUNSET_2027_04, *SUNSET_2028_01, "registration_tax.land_transfer_sale"])
    assert past_end[date(2048, 1, 1)] == sorted(
        [*SUNSET_2027_04, *SUNSET_2028_01, "registration_tax.land_transfer_sale",
         "capital_gains.reconstruction_surtax_rate"])


def test_rules_unconfirmed_from_the_start_have_no_known_end() -> None:
    """An unconfirmed figure with no sunset is flagged by its caveat, not as past its end."""
    assert known_end(BOOK.get("divorce.overloan_default_view")) is None
    assert known_end(BOOK.get("bankruptcy.gazette_fee")) is None
    assert known_end(BOOK.get("limitation.civil_claim_years")) is None  # confirmed, not in force
    assert known_end(BOOK.get("stamp_duty.sale_contract")) == (date(2027, 4, 1), False)


def _rule(last_reviewed: date, to: date | None = None) -> Any:
    period: dict[str, Any] = {"from": date(2014, 4, 1), "value": 1, "confidence": "high",
                              "sources": [{"law": "テスト法", "article": "第1条"}]}
    if to:
        period["to"] = to
    return parse_rule({"key": "test.x", "label_ja": "テスト", "label_en": "test", "unit": "yen",
                       "kind": "law", "keyed_on": "calculation_date",
                       "last_reviewed": last_reviewed, "values": [period]}, "test/x.toml")


def test_coverage_that_runs_out_is_stale_on_its_end_date() -> None:
    book = RuleBook({"test.x": _rule(date(2026, 11, 22), to=date(2027, 1, 1))},
                    load_package=False)
    assert stale_rules(book, date(2026, 12, 31)) == []
    (found,) = stale_rules(book, date(2027, 1, 1))
    (reason,) = found.reasons
    assert (reason.code, reason.since) == (StaleReason.PAST_END, date(2027, 1, 1))
    assert reason.ja == "対象期間は 2026-12-31 で終わり、2027-01-01 以降の値がありません"
    assert reason.en == "its coverage ended on 2026-12-31; it has no value from 2027-01-01"


def test_a_review_on_29_february_holds_to_28_february() -> None:
    assert review_due(date(2024, 2, 29)) == date(2025, 2, 28)
    book = RuleBook({"test.x": _rule(date(2024, 2, 29))}, load_package=False)
    assert stale_rules(book, date(2025, 2, 28)) == []
    (found,) = stale_rules(book, date(2025, 3, 1))
    assert found.reasons[0].ja == ("最終確認日 2024-02-29 から1年を超えています"
                                   "（2025-02-28 までに見直すべきでした）")
    assert found.reasons[0].en == ("last reviewed on 2024-02-29, more than a year ago "
                                   "(the review was due by 2025-02-28)")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


def test_cli_lists_stale_rules_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["rules", "--stale", "--at", "2027-04-01", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["at"] == "2027-04-01"
    assert [s["key"] for s in data["stale"]] == SUNSET_2027_04
    stamp = data["stale"][2]
    assert stamp["last_reviewed"] == "2026-11-22"
    assert stamp["reasons"] == [{
        "reason": "past_end", "since": "2027-04-01",
        "ja": "確認済みの値は 2027-03-31 までです。2027-04-01 以降は未確認の値なので、"
              "延長や改正を確認してください",
        "en": "its confirmed values end on 2027-03-31; from 2027-04-01 it holds an unconfirmed "
              "value, so check for an extension or amendment",
    }]


def test_cli_lists_stale_rules_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["rules", "--stale", "--at", "2026-12-07"], capsys)
    assert (code, out) == (0, "2026-12-07 に見直しが必要なルール 0 件 / "
                              "0 rules due for review on 2026-12-07\n")
    code, out = _run(["rules", "stamp_duty.sale_contract", "--stale", "--at", "2027-04-01"],
                     capsys)
    lines = out.splitlines()
    assert lines[0] == "2027-04-01 に見直しが必要なルール 1 件 / 1 rules due for review on 2027-04-01"
    assert lines[1].startswith("stamp_duty.sale_contract  不動産譲渡契約書の印紙税額")
    assert lines[1].endswith("(last_reviewed 2026-11-22)")
    assert lines[2].startswith("  - 確認済みの値は 2027-03-31 までです")
    assert lines[3].startswith("    its confirmed values end on 2027-03-31")


def test_cli_stale_with_an_unknown_key_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        main(["rules", "stamp_duty.nonexistent", "--stale", "--at", "2027-04-01"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "ルール 'stamp_duty.nonexistent' はありません" in err
    assert "unknown rule key 'stamp_duty.nonexistent'" in err
