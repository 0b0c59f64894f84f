"""The rule files shipped in the package: ``data/<area>/<name>.toml``, one rule each.

A rule's key is ``<area>.<name>``. This module only finds and decodes the TOML documents;
``zansai.rules.decode`` checks them.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from zansai.errors import RuleDataError

Document = dict[str, Any]
"""A rule file decoded from TOML, not yet checked."""


def data_root() -> Path:
    """The data folder beside this module (the package is installed as files, as the message
    catalogs assume too: ``importlib.resources`` would cost start-up its tempfile and zipfile)."""
    return Path(__file__).resolve().parent / "data"


def split_key(key: str) -> tuple[str, str] | None:
    """``(area, name)`` of a well-formed key; None for anything that is not two identifiers."""
    parts = key.split(".")
    if len(parts) != 2 or not all(p and p.replace("_", "").isalnum() for p in parts):
        return None
    return parts[0], parts[1]


def rule_path(key: str) -> str:
    """The file of a key, relative to the data folder, as errors name it."""
    area, _, name = key.partition(".")
    return f"{area}/{name}.toml"


def shipped_files() -> dict[str, Path]:
    """Every rule file, by key, sorted by key."""
    found: dict[str, Path] = {}
    for area in sorted(data_root().iterdir(), key=lambda p: p.name):
        if not area.is_dir() or area.name.startswith(("_", ".")):
            continue
        for f in sorted(area.iterdir(), key=lambda p: p.name):
            if f.name.endswith(".toml"):
                found[f"{area.name}.{f.name[:-5]}"] = f
    return found


@cache
def shipped_texts() -> dict[str, str]:
    """Every shipped rule file's text, by key (read once per process: the package's files do not
    change under it)."""
    return {key: f.read_text(encoding="utf-8") for key, f in shipped_files().items()}


@cache
def texts_digest() -> str:
    """SHA-256 of every shipped rule file's key and text: it names the shipped rules exactly."""
    digest = hashlib.sha256()
    for key, text in shipped_texts().items():
        digest.update(f"\0{key}\0{text}".encode())
    return digest.hexdigest()


def decode_document(key: str, text: str) -> Document:
    """The TOML document of a rule file; a ``RuleDataError`` naming the file if it is not TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(rule_path(key), f"TOML として読めません: {exc}",
                            f"not valid TOML: {exc}") from None


def read_document(key: str) -> Document | None:
    """The decoded file of one key, or None when the package has no such rule."""
    parts = split_key(key)
    if parts is None:
        return None
    resource = data_root().joinpath(parts[0], f"{parts[1]}.toml")
    if not resource.is_file():
        return None
    return decode_document(key, resource.read_text(encoding="utf-8"))
