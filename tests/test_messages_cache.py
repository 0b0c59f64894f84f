"""The message catalogs' JSON cache: the same table as parsing the TOML, rebuilt when stale."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

import zansai.messages as messages
from zansai.messages import catalog_cache as cache


def _parsed(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        messages._flatten(tomllib.loads(path.read_text(encoding="utf-8")), path.stem, out, path)
    return out


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ZANSAI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ZANSAI_NO_RULE_CACHE", raising=False)
    return tmp_path / "cache" / "zansai"


def _no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> object:
        raise AssertionError("parsed the TOML although the cache matched")
    monkeypatch.setattr(cache.tomllib, "loads", refuse)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_cache_holds_exactly_the_parsed_catalog(lang: str, cache_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = messages._HERE / lang
    first = cache.load_catalog(folder, lang, messages._flatten)
    assert first == _parsed(folder)
    assert len(first) > 1_000
    assert len(list(cache_dir.glob(f"messages-{lang}-*.json"))) == 1
    _no_toml(monkeypatch)
    assert cache.load_catalog(folder, lang, messages._flatten) == first


def test_a_changed_catalog_is_parsed_again_and_the_old_cache_dropped(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ja"
    shutil.copytree(messages._HERE / "ja", folder)
    before = cache.load_catalog(folder, "ja", messages._flatten)
    (folder / "zz_probe.toml").write_text('said = "査定額は{amount:yen}です"\n', encoding="utf-8")
    after = cache.load_catalog(folder, "ja", messages._flatten)
    assert after == {**before, "zz_probe.said": "査定額は{amount:yen}です"}
    assert len(list(cache_dir.glob("messages-ja-*.json"))) == 1


def test_a_broken_or_foreign_cache_file_is_ignored(cache_dir: Path) -> None:
    folder = messages._HERE / "en"
    good = cache.load_catalog(folder, "en", messages._flatten)
    (path,) = cache_dir.glob("messages-en-*.json")
    for junk in ("{not json", '{"fingerprint": "other", "messages": {}}', "[1, 2]"):
        path.write_text(junk, encoding="utf-8")
        assert cache.load_catalog(folder, "en", messages._flatten) == good


def test_a_duplicate_id_is_still_refused(tmp_path: Path, cache_dir: Path) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "a.toml").write_text('[b]\nc = "one"\n"b.c" = "x"\n', encoding="utf-8")
    (folder / "a.b.toml").write_text('c = "two"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="defined twice"):
        cache.load_catalog(folder, "en", messages._flatten)


def test_turned_off_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZANSAI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("ZANSAI_NO_RULE_CACHE", "1")
    folder = messages._HERE / "ja"
    assert cache.load_catalog(folder, "ja", messages._flatten) == _parsed(folder)
    assert not (tmp_path / "zansai").exists()
