"""The rule book as a whole: strict loading, full temporal coverage, overrides, the cache."""

import ast
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import zansai
from zansai.errors import InputError, RuleCoverageError, RuleDataError, RuleNotFoundError
from zansai.inputs import today_jst
from zansai.rules import KEYED_ON, Kind, RuleBook, Status, parse_rule
from zansai.rules import cache as rule_cache
from zansai.rules import files as rule_files
from zansai.trace import RuleUse

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
    """措法91条: reduced stamp duty for documents made by 2027-03-31 (docs/sources/law-updates-2026.md §3)."""
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
        "kind": "law", "keyed_on": "calculation_date", "last_reviewed": date(2026, 11, 22),
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
    assert rule.last_reviewed == date(2026, 11, 22)


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
        (lambda r: r.pop("last_reviewed"), "missing last_reviewed"),
        (lambda r: r.update({"last_reviewed": "2026-11-22"}), "last_reviewed must be a TOML date"),
        (lambda r: r.update({"last_reviewed": datetime(2026, 11, 22, 9, 0, tzinfo=UTC)}),
         "last_reviewed must be a TOML date"),
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


def test_last_reviewed_that_is_not_a_date_is_refused_in_both_languages() -> None:
    """A rule file whose last_reviewed is not a real date is not TOML, and says which file."""
    text = 'key = "test.x"\nlast_reviewed = 2026-13-01\n'
    with pytest.raises(RuleDataError) as exc:
        rule_files.decode_document("test.x", text)
    assert exc.value.message_en.startswith("rule file test/x.toml: not valid TOML")
    assert exc.value.message_ja.startswith("ルールファイル test/x.toml: TOML として読めません")
    data = _rule()
    del data["last_reviewed"]
    with pytest.raises(RuleDataError) as missing:
        parse_rule(data, "test/x.toml")
    assert "last_reviewed（出典と照合した最終確認日）がありません" in missing.value.message_ja


def test_every_shipped_file_says_when_it_was_last_reviewed() -> None:
    """The date of the commit that last changed the file, or a later documented re-check."""
    reviewed = {r.key: r.last_reviewed for r in BOOK.rules()}
    assert reviewed["stamp_duty.sale_contract"] == date(2026, 11, 22)
    # docs/sources/law-debt-divorce.md §10 item 7: F3 = F4 checked with figures on 2026-12-07
    assert reviewed["divorce.separate_property_method"] == date(2026, 12, 7)
    # none before the research (law-*.md, 調査日 2026-11-21), none in the future (a typo there
    # would keep a rule from ever going stale)
    assert all(date(2026, 11, 21) <= d <= today_jst() for d in reviewed.values())


def test_the_rules_json_does_not_carry_last_reviewed() -> None:
    """`zansai rules --json` and the citations in results stay as they were (golden files)."""
    resolved = BOOK.at("stamp_duty.sale_contract", TODAY)
    assert "last_reviewed" not in resolved.to_dict()
    assert "last_reviewed" not in RuleUse.of(resolved).to_dict()


# ---------------------------------------------------------------------------- citations


def test_a_rule_keeps_one_citation_per_period() -> None:
    """RuleUse.of builds a period's citation once and keeps it on the rule, not in a global."""
    rule = BOOK.get("stamp_duty.sale_contract")
    first = RuleUse.of(rule.at(date(2026, 11, 22)))
    assert RuleUse.of(rule.at(date(2020, 1, 1))) is first  # same period [2014-04-01, 2027-04-01)
    assert rule.uses[date(2014, 4, 1)] is first
    assert first.period == "[2014-04-01, 2027-04-01)"
    later = RuleUse.of(rule.at(date(2027, 4, 1)))
    assert later.period == "[2027-04-01, …)"
    assert later.caveat_en is not None
    assert "2027-03-31" in later.caveat_en


def test_an_overridden_rule_cites_the_case_not_the_shipped_rule() -> None:
    """The override is a new rule with its own citations; the shipped rule's are untouched."""
    shipped = BOOK.at("market.dealer_purchase_ratio", TODAY)
    shipped_use = RuleUse.of(shipped)
    book = BOOK.with_overrides({"market.dealer_purchase_ratio": "0.65"}, note="査定書")
    use = RuleUse.of(book.at("market.dealer_purchase_ratio", TODAY))
    assert use.overridden is True
    assert use.value == "65%"
    assert use.sources == ("case file 「査定書」",)
    assert RuleUse.of(shipped) is shipped_use
    assert shipped_use.overridden is False


def test_no_module_global_memo_keyed_on_id() -> None:
    tree = ast.parse(Path(zansai.__file__).with_name("trace.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name) and n.func.id == "id"]
    assert calls == []


# ---------------------------------------------------------------------------- the cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder and no shipped book built yet."""
    monkeypatch.setenv("ZANSAI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ZANSAI_NO_RULE_CACHE", raising=False)
    monkeypatch.setattr(RuleBook, "_default", None)
    return tmp_path / "zansai"


def _no_toml(key: str, text: str) -> Any:
    raise AssertionError(f"decoded {key} from TOML although the cache matches")


def test_cache_is_json_and_gives_the_same_rules(cache_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The book is the same with the cache, from it, and without it; no pickle is written."""
    (cache_dir).mkdir()
    (cache_dir / "rules-0123456789abcdef0123.pickle").write_bytes(b"an older version's cache")
    first = RuleBook.default().rules()  # decodes every file and writes the cache
    written = sorted(p.name for p in cache_dir.iterdir())
    assert len(written) == 1
    assert written[0].startswith("rules-")
    assert written[0].endswith(".json")
    payload = json.loads((cache_dir / written[0]).read_text(encoding="utf-8"))
    assert payload["format"] == 1
    assert payload["documents"]["stamp_duty.sale_contract"]["last_reviewed"] == {
        "$date": "2026-11-22"}

    monkeypatch.setattr(RuleBook, "_default", None)
    monkeypatch.setattr(rule_cache, "decode_document", _no_toml)
    from_cache = RuleBook.default().rules()
    monkeypatch.undo()
    without = RuleBook().rules()  # each file decoded from TOML, no cache involved
    assert len(first) == len(without) >= 100
    assert from_cache == first == without
    on = date(2026, 11, 22)
    assert [r.at(on).to_dict() for r in from_cache if r.matching(on)] == \
        [r.at(on).to_dict() for r in without if r.matching(on)]


def test_broken_or_foreign_cache_is_rebuilt_never_trusted(cache_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    RuleBook.default()
    (path,) = cache_dir.iterdir()
    path.write_text("not JSON", encoding="utf-8")
    monkeypatch.setattr(RuleBook, "_default", None)
    assert RuleBook.default().value("tax.consumption_tax_rate", TODAY) == Decimal("0.10")
    payload = json.loads(path.read_text(encoding="utf-8"))  # rewritten whole
    # documents under another stamp and fingerprint (other rule files) are not used
    payload["fingerprint"] = payload["stamp"] = "0" * 64
    payload["documents"]["tax.consumption_tax_rate"]["values"][-1]["value"] = "0.5"
    path.write_text(json.dumps(payload), encoding="utf-8")
    monkeypatch.setattr(RuleBook, "_default", None)
    assert RuleBook.default().value("tax.consumption_tax_rate", TODAY) == Decimal("0.10")


def test_cached_documents_still_pass_the_strict_loader(cache_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache saves TOML decoding only: a cached document that breaks the schema is refused."""
    RuleBook.default()
    (path,) = cache_dir.iterdir()
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["documents"]["tax.consumption_tax_rate"]["values"][-1]["value"] = 0.1
    path.write_text(json.dumps(payload), encoding="utf-8")
    monkeypatch.setattr(RuleBook, "_default", None)
    with pytest.raises(RuleDataError) as exc:
        RuleBook.default().get("tax.consumption_tax_rate")
    assert "binary float" in exc.value.message_en


def test_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZANSAI_NO_RULE_CACHE", "1")
    assert RuleBook.default().value("tax.consumption_tax_rate", TODAY) == Decimal("0.10")
    assert not cache_dir.exists()


def test_fingerprint_follows_every_file_text() -> None:
    base = rule_cache.fingerprint({"a.b": "x = 1\n", "a.c": "y = 2\n"})
    assert base == rule_cache.fingerprint({"a.c": "y = 2\n", "a.b": "x = 1\n"})
    assert base != rule_cache.fingerprint({"a.b": "x = 1\n", "a.c": "y = 3\n"})
    assert base != rule_cache.fingerprint({"a.b": "x = 1\n"})
    assert len(base) == 64


def test_no_pickle_anywhere_in_the_package() -> None:
    root = Path(zansai.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not names & {"pickle", "cPickle", "_pickle", "marshal", "shelve"}, path


def test_the_book_fingerprint_names_its_rules_and_overrides() -> None:
    """Every JSON output carries the fingerprint of the book that made it: the same shipped rules
    give the same one, a per-case override gives another, and the same override the same again."""
    shipped = RuleBook.default().fingerprint()
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", shipped)
    assert RuleBook().fingerprint() == shipped
    cheaper = RuleBook.default().with_overrides({"market.moving_cost": 150_000})
    assert cheaper.fingerprint() != shipped
    again = RuleBook.default().with_overrides({"market.moving_cost": 150_000})
    assert again.fingerprint() == cheaper.fingerprint()
    assert RuleBook.default().with_overrides({"market.moving_cost": 150_001}).fingerprint() \
        != cheaper.fingerprint()
