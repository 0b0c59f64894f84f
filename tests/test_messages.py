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
    assert m.en == "1,786,786円 left (none)"


def test_an_unknown_id_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError, match=r"no\.such\.id"):
        _ = msg("no.such.id").ja




# --- msgb: residual, divorce, tax and the models say nothing themselves ---------------------------

_MSGB_DIRS = ("engine/residual", "engine/divorce", "engine/tax", "model")
_MSGB_CATALOGS = ("residual", "divorce", "tax", "model")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_DATA_KEYS = {
    ("engine/residual/limitation.py", "信用金庫"), ("engine/residual/limitation.py", "信用組合"),
    ("engine/residual/limitation.py", "農業協同組合"), ("engine/residual/limitation.py", "労働金庫"),
    ("model/case.py", "税務署・市区町村"), ("engine/divorce/estate.py", "円"),
}
"""Japanese constants that are data, not sentences: words a creditor's name is matched against,
the default name of the tax lienholder (a name, as a user would type it), the yen unit of a figure."""
_INTERNAL_REFERENCE = re.compile(r"seed|記事|§|law-|\[\]\.|loans\[")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that stand alone as statements (docstrings)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def test_msgb_modules_build_no_japanese_sentences() -> None:
    """Every Japanese sentence of residual, divorce, tax and the models is in a catalog."""
    found = []
    for folder in _MSGB_DIRS:
        for path in sorted((SRC / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree)
            where = str(path.relative_to(SRC))
            found += [(where, node.lineno, node.value) for node in ast.walk(tree)
                      if isinstance(node, ast.Constant) and isinstance(node.value, str)
                      and id(node) not in skip and _JAPANESE.search(node.value)
                      and (where, node.value) not in _DATA_KEYS]
    assert found == []


def test_msgb_catalogs_cite_no_internal_reference() -> None:
    """No seed ids, 記事 citations, section numbers of internal notes or field paths in the text."""
    ja, en = catalog("ja"), catalog("en")
    leaks = {key: text for cat in (ja, en) for key, text in cat.items()
             if key.split(".")[0] in _MSGB_CATALOGS and _INTERNAL_REFERENCE.search(text)}
    assert leaks == {}
    assert {key.split(".")[0] for key in ja} >= set(_MSGB_CATALOGS)


def test_msgb_a_guarantor_is_named_as_typed() -> None:
    """No honorific after a name (the user may have typed 私): 私（連帯保証人）, never 私さん."""
    from zansai.engine.residual.guarantors import people_liable

    class Debt:
        guarantors = ("私",)
        joint_debtors = ("妻",)

    who = people_liable([Debt()])  # type: ignore[list-item]
    assert who is not None
    assert who.ja == "私（連帯保証人）・妻（連帯債務者）"
    assert who.en == "私 (joint guarantor), 妻 (joint debtor)"
    assert not [key for key, text in catalog("ja").items()
                if key.split(".")[0] in _MSGB_CATALOGS and "さん" in text]
