"""A per-user cache of the shipped rule files, decoded, in JSON: start-up without TOML parsing.

Decoding the ~120 TOML files is most of the cost of loading the rule book (tomllib is pure
Python; JSON decoding is in C). The cache holds only data: each file's TOML document with its
dates tagged ``{"$date": "YYYY-MM-DD"}``, under a SHA-256 of every file's text. Reading it runs
no code, and every document still goes through the strict loader, so the cache can make
loading faster but can never change a rule. A cache that is missing, stale or broken is
rebuilt; an unwritable cache folder only makes loading slower.

``ZANSAI_NO_RULE_CACHE=1`` turns it off; the folder is ``zansai.cachedir.cache_folder()``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from zansai.cachedir import cache_folder
from zansai.rules.files import Document, decode_document, shipped_texts

FORMAT = 1
"""Version of the cache's layout; part of the fingerprint."""

_DATE_TAG = "$date"


def shipped_documents() -> dict[str, Document] | None:
    """Every shipped rule file decoded, by key: from the cache when it matches the files.

    None when the cache is turned off: the book then decodes only the files it needs.
    """
    if os.environ.get("ZANSAI_NO_RULE_CACHE"):
        return None
    texts = shipped_texts()
    digest = fingerprint(texts)
    folder = cache_folder()
    path = folder / f"rules-{digest[:20]}.json" if folder else None
    documents = _read(path, digest, texts) if path else None
    if documents is None:
        documents = {key: decode_document(key, text) for key, text in texts.items()}
        if path:
            _write(path, digest, documents)
    return documents


def fingerprint(texts: dict[str, str]) -> str:
    """SHA-256 of the cache format, the Python version and every rule file's key and text."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version_info[0]}.{sys.version_info[1]}".encode())
    for key in sorted(texts):
        digest.update(f"\0{key}\0{texts[key]}".encode())
    return digest.hexdigest()


def _read(path: Path, digest: str, texts: dict[str, str]) -> dict[str, Document] | None:
    """The cached documents, or None unless the file is ours, whole and of these rule files."""
    try:
        payload = _loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable, not JSON, or a bad date tag
        return None
    if not isinstance(payload, dict) or payload.get("fingerprint") != digest:
        return None
    documents = payload.get("documents")
    if not isinstance(documents, dict) or documents.keys() != texts.keys():
        return None
    if not all(isinstance(doc, dict) for doc in documents.values()):
        return None
    return documents


def _write(path: Path, digest: str, documents: dict[str, Document]) -> None:
    """Write atomically, only what decodes back to the same documents; drop older caches."""
    payload = {"format": FORMAT, "fingerprint": digest, "documents": documents}
    try:
        text = json.dumps(payload, default=_tag, ensure_ascii=False, separators=(",", ":"))
        if _loads(text) != payload:  # e.g. a table that looks like a date tag
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        for old in [*path.parent.glob("rules-*.json"), *path.parent.glob("rules-*.pickle")]:
            if old != path:  # caches of older rule files, and older versions' pickles
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass  # not writable, or a value JSON cannot hold: load from the files every time


def _tag(value: Any) -> dict[str, str]:
    if type(value) is date:
        return {_DATE_TAG: value.isoformat()}
    raise TypeError(f"no JSON form for {type(value).__name__}")


def _untag(table: dict[str, Any]) -> Any:
    if len(table) == 1 and isinstance(table.get(_DATE_TAG), str):
        return date.fromisoformat(table[_DATE_TAG])
    return table


def _loads(text: str) -> Any:
    return json.loads(text, object_hook=_untag)
