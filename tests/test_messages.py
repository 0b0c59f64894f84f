"""The message catalogs: every id the code uses is in both languages, with the same parameters.

The engine says what (an id and parameters); the catalogs in src/zansai/messages/ say it in
Japanese and English.
"""

from __future__ import annotations

import ast
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


