"""A per-user cache of the shipped rule files, decoded, in JSON: start-up without TOML parsing.

Decoding the ~120 TOML files is most of the cost of loading the rule book (tomllib is pure
Python; JSON decoding is in C). The cache holds only data: each file's TOML document with its
dates tagged ``{"$date": "YYYY-MM-DD"}``, under a SHA-256 of every file's text. Reading it runs
no code, and every document still goes through the strict loader, so the cache can make
loading faster but can never change a rule. A cache that is missing, stale or broken is
rebuilt; an unwritable cache folder only makes loading slower.

The cache is named by the files' stamp (``zansai.filestamp``: size, modification time and inode
of each file, as Python's bytecode cache checks its sources) and records it with the text
fingerprint and the texts' digest (``files.texts_digest``, which every result cites): while the
stamp is the same and was settled when the cache was written, start-up reads no rule file at all.
Otherwise the files are read and the text fingerprint decides, as before.

``ZANSAI_NO_RULE_CACHE=1`` turns it off; the folder is ``zansai.cachedir.cache_folder()``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import KeysView
from datetime import date
from pathlib import Path
from typing import Any

from zansai.cachedir import cache_folder
from zansai.filestamp import stamp
from zansai.rules import files
from zansai.rules.files import Document, decode_document, shipped_texts

FORMAT = 1
"""Version of the cache's layout; part of the fingerprint. A cache trusted by its files' stamp
gives the texts' digest it recorded: bump this when ``files.texts_digest`` changes."""

_DATE_TAG = "$date"
_PYTHON = f"{FORMAT}|{sys.version_info[0]}.{sys.version_info[1]}"
"""The cache format and Python version, as the text fingerprint holds them."""


_trusted: dict[str, str] = {}
"""The shipped texts' digest as a settled cache recorded it (``texts_digest``), when it gave the
documents without the files being read."""


def shipped_documents() -> dict[str, Document] | None:
    """Every shipped rule file decoded, by key: from the cache when it matches the files.

    None when the cache is turned off: the book then decodes only the files it needs.
    """
    if os.environ.get("ZANSAI_NO_RULE_CACHE"):
        return None
    shipped = files.shipped_files()
    sealed = stamp(shipped.items())  # before any text is read: a later change shows in it
    folder = cache_folder()
    if folder is not None and sealed is not None:
        documents = _read_stamped(folder / f"rules-{sealed[0][:20]}.json", sealed[0], shipped.keys())
        if documents is not None:
            return documents
    texts = shipped_texts()
    digest = fingerprint(texts)
    name = sealed[0] if sealed is not None else digest
    path = folder / f"rules-{name[:20]}.json" if folder else None
    payload = _payload(path) if path else None
    documents = _documents(payload, digest, texts)
    settled = sealed[0] if sealed is not None and sealed[1] else None
    if documents is None:
        documents = {key: decode_document(key, text) for key, text in texts.items()}
    elif settled is None or (payload is not None and payload.get("stamp") == settled):
        return documents
    if path:  # new documents, or the stamp to trust next time
        _write(path, digest, documents, settled)
    return documents


def texts_digest() -> str:
    """``files.texts_digest()``: from the cache that gave the documents, else from the files."""
    return _trusted.get("texts_digest") or files.texts_digest()


def _read_stamped(path: Path, seal: str, keys: KeysView[str]) -> dict[str, Document] | None:
    """The documents of a cache written under this settled stamp, without reading the files."""
    payload = _payload(path)
    if payload is None or payload.get("stamp") != seal or payload.get("python") != _PYTHON:
        return None
    digest, documents = payload.get("texts_digest"), payload.get("documents")
    if not isinstance(digest, str) or not isinstance(documents, dict):
        return None
    if documents.keys() != keys:
        return None
    if not all(isinstance(doc, dict) for doc in documents.values()):
        return None
    _trusted["texts_digest"] = digest
    return documents


def fingerprint(texts: dict[str, str]) -> str:
    """SHA-256 of the cache format, the Python version and every rule file's key and text."""
    digest = hashlib.sha256(_PYTHON.encode())
    for key in sorted(texts):
        digest.update(f"\0{key}\0{texts[key]}".encode())
    return digest.hexdigest()


def _payload(path: Path) -> dict[str, Any] | None:
    try:
        payload = _loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable, not JSON, or a bad date tag
        return None
    return payload if isinstance(payload, dict) else None


def _documents(payload: dict[str, Any] | None, digest: str,
               texts: dict[str, str]) -> dict[str, Document] | None:
    """The cached documents, or None unless the payload is ours, whole and of these rule files."""
    if payload is None or payload.get("fingerprint") != digest:
        return None
    documents = payload.get("documents")
    if not isinstance(documents, dict) or documents.keys() != texts.keys():
        return None
    if not all(isinstance(doc, dict) for doc in documents.values()):
        return None
    return documents


def _write(path: Path, digest: str, documents: dict[str, Document], settled: str | None) -> None:
    """Write atomically, only what decodes back to the same documents; drop older caches.
    ``settled``: the files' stamp when it can be trusted (else the text decides next time)."""
    payload = {"format": FORMAT, "python": _PYTHON, "fingerprint": digest, "stamp": settled,
               "texts_digest": files.texts_digest(), "documents": documents}
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
