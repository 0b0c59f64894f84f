"""The message catalogs: every id the code uses is in both languages, with the same parameters.

The engine says what (an id and parameters); the catalogs in src/zansai/messages/ say it in
Japanese and English.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from zansai.messages import Msg, catalog, fields_of, msg

SRC = Path(__file__).resolve().parents[1] / "src" / "zansai"


def test_both_catalogs_have_the_same_ids_and_parameters() -> None:
    ja, en = catalog("ja"), catalog("en")
    assert set(ja) == set(en), sorted(set(ja) ^ set(en))
    for key in ja:
        assert fields_of(ja[key]) == fields_of(en[key]), key


def used_ids() -> dict[str, Path]:
    """Every literal id passed to ``msg(...)`` anywhere in src/."""
    out: dict[str, Path] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                out[str(node.args[0].value)] = path
    return out


def test_every_id_used_in_the_code_is_in_the_catalog() -> None:
    missing = {k: str(p.relative_to(SRC)) for k, p in used_ids().items() if k not in catalog("ja")}
    assert not missing


def test_a_message_reads_like_the_old_pair_and_says_its_id_in_the_json() -> None:
    m = msg("common.plan.nothing")
    assert m == ("なし", "none")
    ja, en = m
    assert (m[0], m[1], ja, en) == ("なし", "none", "なし", "none")
    assert m.to_dict() == {"id": "common.plan.nothing", "ja": "なし", "en": "none"}


def test_yen_spec_and_nested_messages_follow_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(catalog("ja"), "t.x", "残り {amount:yen}（{what}）")  # type: ignore[index]
    monkeypatch.setitem(catalog("en"), "t.x", "{amount:yen} left ({what})")  # type: ignore[index]
    m = Msg("t.x", {"amount": 1786786, "what": msg("common.plan.nothing")})
    assert m.ja == "残り 1,786,786円（なし）"
    assert m.en == "¥1,786,786 left (none)"


def test_an_unknown_id_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError, match=r"no\.such\.id"):
        _ = msg("no.such.id").ja




# ------------------------------------------------------------ the engine says no sentence itself

JAPANESE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff]")
"""Hiragana, katakana (not the middle dot ・) and kanji."""

NOTATION = {
    "engine/exits/sales.py": {"/月"},
    "engine/exits/stay.py": {"/月; crossover month "},
    "engine/sale/auction.py": {"課税標準 ", ", 税額 "},
    "engine/sale/costs.py": {"円"},
    "engine/timeline.py": {"日 (民事執行規則46条1項: ", "日以上", "か月以内)", "か月 (",
                           "か月 where an occupant had the grace period; 民事執行法83条2項)"},
    "engine/valuation.py": {"年 (満)", "年"},
    "engine/owed.py": {"), days from the day after 代位弁済"},
    "engine/distribution/deductions.py": {"優先税: deducted in full (senior to the first lender)"},
    "engine/plan.py": {"Σ 償還表の残高 after the last payment due on or before the sale date"},
    "engine/residual/limitation.py": {"信用金庫", "信用組合", "農業協同組合", "労働金庫"},
    "model/case.py": {"税務署・市区町村"},
    "engine/divorce/estate.py": {"円"},
}
"""Japanese units and legal terms inside a figure's formula, inputs or result (expert notation
that stays as it is, not a sentence), and data that is not a sentence (the words a creditor's
name is matched against, the default name of the tax lienholder), by module."""

LEGACY = {"engine/plan.py": "_verdict"}
"""Functions another part of issue 15 rewrites (their sentences move there)."""

ENGINE_DIRS = {
    "msga": ["engine/exits", "engine/sale", "engine/distribution", "engine/loan", "engine/plan.py",
             "engine/valuation.py", "engine/owed.py", "engine/arrears.py", "engine/timeline.py",
             "engine/__init__.py"],
    "msgb": ["engine/residual", "engine/divorce", "engine/tax", "model"],
}
"""The engine's parts whose sentences live in the catalogs (add yours)."""


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (of modules, classes, functions,
    and the attribute docstrings that follow an assignment)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for stmt in body if isinstance(body, list) else ():
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
                    and isinstance(stmt.value.value, str):
                out.add(id(stmt.value))
    return out


def japanese_constants(source: str, rel: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant with Japanese in it that is no docstring and sits
    outside the functions ``LEGACY`` names, in the module ``rel`` (a path under src/zansai)."""
    tree = ast.parse(source)
    skip = {id(n) for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)
            and fn.name == LEGACY.get(rel) for n in ast.walk(fn)}
    docs = _docstrings(tree)
    allowed = NOTATION.get(rel, set())
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and id(n) not in skip and n.value not in allowed and JAPANESE.search(n.value)]


def _modules(part: str) -> list[Path]:
    out: list[Path] = []
    for where in ENGINE_DIRS[part]:
        path = SRC / where
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


@pytest.mark.parametrize("part", sorted(ENGINE_DIRS))
def test_the_engine_builds_no_japanese_sentence(part: str) -> None:
    found = {f"{p.relative_to(SRC)}:{line}": text for p in _modules(part)
             for line, text in japanese_constants(p.read_text(encoding="utf-8"),
                                                  p.relative_to(SRC).as_posix())}
    assert not found


def test_the_notation_allowed_is_still_there() -> None:
    """An allowance for notation that the code no longer has is dropped, so the list stays short."""
    for rel, texts in NOTATION.items():
        tree = ast.parse((SRC / rel).read_text(encoding="utf-8"))
        present = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
        assert texts <= present, (rel, texts - present)


def test_the_scan_finds_a_sentence_but_not_a_docstring_nor_notation() -> None:
    source = ('"""売却の説明。"""\n\nX = ("売却できません", "cannot sell")\n'
              'def f() -> str:\n    """日本語の説明。"""\n    return "年" + "・"\n')
    assert japanese_constants(source, "engine/other.py") == [(3, "売却できません"), (6, "年")]
    assert japanese_constants(source, "engine/valuation.py") == [(3, "売却できません")]


INTERNAL_REFERENCE = re.compile(r"seed|記事[0-9０-９]|§|law-|\[\]\.|loans\[", re.IGNORECASE)
"""What user-visible text must not cite: seed ids, the source articles by number, section
numbers of internal notes, internal note names, field paths."""

CATALOG_FILES = {
    "msga": ["exits", "sale", "distribution", "loan", "plan", "valuation", "owed", "arrears", "timeline"],
    "msgb": ["residual", "divorce", "tax", "model"],
}
"""The catalog files each part keeps free of internal references (add yours)."""


@pytest.mark.parametrize("part", sorted(CATALOG_FILES))
def test_no_message_cites_an_internal_reference(part: str) -> None:
    leaks = {key: text for lang in ("ja", "en") for key, text in catalog(lang).items()
             if key.split(".")[0] in CATALOG_FILES[part] and INTERNAL_REFERENCE.search(text)}
    assert not leaks


def test_no_message_adds_an_honorific_to_a_name() -> None:
    """A name is said as typed: the user may have typed 私 (no 「{name}さん」)."""
    honorific = re.compile(r"\}\s*(さん|様|氏|殿)")
    found = {key: text for key, text in catalog("ja").items() if honorific.search(text)}
    assert not found


def test_a_guarantor_is_named_as_typed() -> None:
    said = msg("exits.debtors.guarantor_billed", name="私", holder="さくら銀行", amount=1_786_786)
    assert said.ja == "私（連帯保証人）は、さくら銀行 の残債 1,786,786円 を一括で請求される可能性があります"
    assert said.en.startswith("私 (joint guarantor, 連帯保証人) can be billed the whole ¥1,786,786")

def test_a_guarantor_and_a_joint_debtor_are_named_as_typed() -> None:
    """No honorific after a name (the user may have typed 私): 私（連帯保証人）, never 私さん."""
    from zansai.engine.residual.guarantors import people_liable

    class Debt:
        guarantors = ("私",)
        joint_debtors = ("妻",)

    who = people_liable([Debt()])  # type: ignore[list-item]
    assert who is not None
    assert who.ja == "私（連帯保証人）・妻（連帯債務者）"
    assert who.en == "私 (joint guarantor), 妻 (joint debtor)"


def test_fast_render_says_what_vformat_says_for_every_catalog_message() -> None:
    """``Msg`` fills a pre-split template (issue 19: rendering was a fifth of ``plan()``); every
    message of both catalogs must read exactly as ``str.Formatter.vformat`` reads it."""
    from zansai.messages import _FORMATTERS, _pieces, catalog, fields_of

    fast = 0
    for lang in ("ja", "en"):
        for id_, template in catalog(lang).items():
            if _pieces(lang, id_) is None:
                continue
            fast += 1
            params = {name: ([1234, 5678] if "{" + name + ":join}" in template else -1234567)
                      for name in fields_of(template)}
            expected = _FORMATTERS[lang].vformat(template, (), params)
            assert Msg(id_, params).text(lang) == expected, id_
    assert fast > 2000  # nearly every message takes the fast path
