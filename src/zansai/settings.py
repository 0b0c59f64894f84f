"""The user's settings file (設定ファイル): who prepares the reports and exports (作成者).

A small TOML file, found as ``$ZANSAI_SETTINGS``, else ``$XDG_CONFIG_HOME/zansai/settings.toml``,
else ``~/.config/zansai/settings.toml``; absent is fine (no adviser block)::

    [adviser]
    name = "山田 太郎"
    office = "山田司法書士事務所"
    contact = "03-0000-0000 / yamada@example.jp"

    [mlit]
    api_key = "…"   # optional: the key of MLIT's 不動産情報ライブラリ API (never logged)

The command line's ``--adviser-name``, ``--adviser-office`` and ``--adviser-contact`` win over the
file. A mistake in the file is one bilingual line naming the key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from zansai.errors import InputError

ENV = "ZANSAI_SETTINGS"
MAX_FIELD = 200
"""The longest name, office or contact accepted (characters)."""


@dataclass(frozen=True, slots=True)
class Adviser:
    """The adviser named on an export or a report (担当者・事務所・連絡先); every field may be blank."""

    name: str = ""
    office: str = ""
    contact: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.office or self.contact)

    def override(self, name: str | None = None, office: str | None = None,
                 contact: str | None = None) -> Adviser:
        """This adviser with the fields given (on the command line) replaced."""
        given = {k: _clean(f"--adviser-{k}", v) for k, v in
                 (("name", name), ("office", office), ("contact", contact)) if v is not None}
        return replace(self, **given)


def settings_path() -> Path:
    """Where the settings file is looked for."""
    if explicit := os.environ.get(ENV):
        return Path(explicit).expanduser()
    config_home = os.environ.get("XDG_CONFIG_HOME")
    base = Path(config_home) if config_home and Path(config_home).is_absolute() else Path.home() / ".config"
    return base / "zansai" / "settings.toml"


def _clean(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise InputError.invalid(field, repr(value), "文字列で指定してください", "give text")
    text = " ".join(value.split())
    if len(text) > MAX_FIELD:
        raise InputError.invalid(field, text[:20] + "…", f"{MAX_FIELD}文字以内にしてください",
                                 f"use at most {MAX_FIELD} characters")
    return text


def _read(path: Path) -> dict[str, object]:
    """The settings file as a table; an empty one when there is no file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{ENV}: 設定ファイル {path} を読めません: {exc}",
                         f"{ENV}: cannot read the settings file {path}: {exc}", field=ENV) from None


def load_adviser(path: Path | None = None) -> Adviser:
    """The ``[adviser]`` of the settings file; an empty ``Adviser`` when there is no file."""
    data = _read(path or settings_path())
    section = data.get("adviser", {})
    if not isinstance(section, dict):
        raise InputError.invalid("adviser", repr(section), "[adviser] の表にしてください",
                                 "make it an [adviser] table")
    unknown = sorted(set(section) - {"name", "office", "contact"})
    if unknown:
        raise InputError.invalid(f"adviser.{unknown[0]}", unknown[0],
                                 "使えるのは name, office, contact です",
                                 "the keys are name, office and contact")
    return Adviser(**{k: _clean(f"adviser.{k}", v) for k, v in section.items()})


def load_mlit_key(path: Path | None = None) -> str | None:
    """``[mlit] api_key`` of the settings file (不動産情報ライブラリ API key), or None.

    The key itself never appears in an error: a mistake names the key's place only."""
    section = _read(path or settings_path()).get("mlit", {})
    if not isinstance(section, dict):
        raise InputError.about("mlit", "[mlit] の表にしてください", "make it an [mlit] table")
    unknown = sorted(set(section) - {"api_key"})
    if unknown:
        raise InputError.invalid(f"mlit.{unknown[0]}", unknown[0], "使えるのは api_key です",
                                 "the only key is api_key")
    key = section.get("api_key")
    if key is None:
        return None
    if not isinstance(key, str) or not key.strip():
        raise InputError.about("mlit.api_key", "空でない文字列で指定してください",
                               "give the key as non-empty text")
    return key.strip()
