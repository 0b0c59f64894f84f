"""File stamps (size, modification time, inode) let the per-user caches of the rule book and the
message catalogs skip reading their ~200 source files at start-up, and only when trustworthy."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

import zansai.messages as messages
from zansai.filestamp import SETTLE_NS, stamp
from zansai.messages import catalog_cache
from zansai.rules import RuleBook, files
from zansai.rules import cache as rule_cache


def _age(folder: Path, seconds: int = 60) -> None:
    """Every file of ``folder`` last modified ``seconds`` ago (settled)."""
    old = time.time_ns() - seconds * 1_000_000_000
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))


def test_a_stamp_follows_size_and_time_and_settles(tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    a.write_text("x = 1\n", encoding="utf-8")
    fresh = stamp([("a", a)])
    assert fresh is not None
    assert fresh[1] is False  # just written: not to be trusted yet
    _age(tmp_path)
    old = stamp([("a", a)])
    assert old is not None
    assert old[1] is True
    assert old[0] != fresh[0]
    a.write_text("x = 22\n", encoding="utf-8")
    _age(tmp_path)
    assert stamp([("a", a)])[0] != old[0]  # type: ignore[index]
    assert stamp([("a", tmp_path / "missing.toml")]) is None
    assert SETTLE_NS >= 2_000_000_000  # above FAT's 2-second timestamps


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ZANSAI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ZANSAI_NO_RULE_CACHE", raising=False)
    monkeypatch.setattr(RuleBook, "_default", None)
    monkeypatch.setattr(rule_cache, "_trusted", {})
    return tmp_path / "cache" / "zansai"


def _refuse(*args: object) -> object:
    raise AssertionError("read the source files although a settled stamp matched")


def test_a_settled_rule_cache_is_used_without_reading_a_rule_file(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = RuleBook.default()  # the shipped files are old: the stamp is recorded
    rules, digest = first.rules(), first.fingerprint()
    assert digest == f"sha256:{hashlib.sha256(files.texts_digest().encode()).hexdigest()[:16]}"
    monkeypatch.setattr(RuleBook, "_default", None)
    monkeypatch.setattr(rule_cache, "_trusted", {})
    monkeypatch.setattr(rule_cache, "shipped_texts", _refuse)
    monkeypatch.setattr(rule_cache, "decode_document", _refuse)
    again = RuleBook.default()
    assert again.rules() == rules
    assert again.fingerprint() == digest  # every result cites the same rules
    assert rule_cache._trusted["texts_digest"] == files.texts_digest()


def test_a_catalog_is_trusted_by_stamp_only_once_settled(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "en"
    shutil.copytree(messages._HERE / "en", folder, copy_function=shutil.copyfile)  # not settled
    first = catalog_cache.load_catalog(folder, "en", messages._flatten)
    read: list[str] = []
    fingerprint = catalog_cache._fingerprint

    def counted(lang: str, texts: dict[str, bytes]) -> str:
        read.append(lang)
        return fingerprint(lang, texts)

    monkeypatch.setattr(catalog_cache, "_fingerprint", counted)
    assert catalog_cache.load_catalog(folder, "en", messages._flatten) == first
    assert read == ["en"]  # unsettled: the texts decide
    _age(folder)
    assert catalog_cache.load_catalog(folder, "en", messages._flatten) == first  # stamp recorded
    assert catalog_cache.load_catalog(folder, "en", messages._flatten) == first
    assert read == ["en", "en"]  # the last load read no catalog file
    assert len(list(cache_dir.glob("messages-en-*.json"))) == 1


def test_a_catalog_changed_after_a_trusted_cache_is_read_again(
        tmp_path: Path, cache_dir: Path) -> None:
    folder = tmp_path / "en"
    shutil.copytree(messages._HERE / "en", folder)
    probe = folder / "zz_probe.toml"
    probe.write_text('said = "one"\n', encoding="utf-8")
    _age(folder, 120)
    catalog_cache.load_catalog(folder, "en", messages._flatten)
    assert catalog_cache.load_catalog(folder, "en", messages._flatten)["zz_probe.said"] == "one"
    probe.write_text('said = "two"\n', encoding="utf-8")  # same size, a later time
    _age(folder, 60)
    assert catalog_cache.load_catalog(folder, "en", messages._flatten)["zz_probe.said"] == "two"
