"""The message catalogs of one language, flattened, from a per-user JSON cache when it matches.

Parsing the ~35 TOML catalogs of a language took tens of milliseconds of every ``zansai plan``
(tomllib is pure Python; JSON decoding is in C). The cache holds only the flat ``{id: template}``
table under a SHA-256 of every catalog file's text, so it can make loading faster but never
change a message; a cache that is missing, stale or broken is rebuilt, an unwritable folder
only makes loading slower. ``ZANSAI_NO_RULE_CACHE=1`` turns it off with the rule book's cache.
Like the rule book's, the cache is named by the files' stamp (``zansai.filestamp``) and, when that
stamp was settled as it was written, is used without reading the catalogs again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from zansai.cachedir import cache_folder
from zansai.filestamp import stamp

FORMAT = 1
"""Version of the cache's layout; part of the fingerprint."""

Flatten = Callable[[Mapping[str, Any], str, dict[str, str], Path], None]


def load_catalog(folder: Path, lang: str, flatten: Flatten) -> dict[str, str]:
    """Every message in ``folder``'s ``*.toml`` files, by dotted id (file stem first)."""
    paths = sorted(folder.glob("*.toml"))
    base = None if os.environ.get("ZANSAI_NO_RULE_CACHE") else cache_folder()
    sealed = stamp((path.stem, path) for path in paths) if base else None  # before the texts
    if base is not None and sealed is not None:
        payload = _payload(base / f"messages-{lang}-{sealed[0][:20]}.json")
        if payload is not None and payload.get("stamp") == sealed[0]:
            cached = _messages(payload, payload.get("fingerprint"))
            if cached is not None:
                return cached
    texts = {path.stem: path.read_bytes() for path in paths}
    digest = _fingerprint(lang, texts)
    name = sealed[0] if sealed is not None else digest
    target = base / f"messages-{lang}-{name[:20]}.json" if base else None
    payload = _payload(target) if target is not None else None
    settled = sealed[0] if sealed is not None and sealed[1] else None
    out = _messages(payload, digest)
    if out is None:
        out = {}
        for path in paths:
            flatten(tomllib.loads(texts[path.stem].decode("utf-8")), path.stem, out, path)
    elif settled is None or (payload is not None and payload.get("stamp") == settled):
        return out
    if target is not None:  # a new table, or the stamp to trust next time
        _write(target, lang, digest, out, settled)
    return out


def _fingerprint(lang: str, texts: dict[str, bytes]) -> str:
    digest = hashlib.sha256(f"{FORMAT}|{lang}".encode())
    for stem in sorted(texts):
        digest.update(b"\0" + stem.encode() + b"\0" + texts[stem])
    return digest.hexdigest()


def _payload(path: Path) -> dict[str, Any] | None:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def _messages(payload: dict[str, Any] | None, digest: object) -> dict[str, str] | None:
    """The cached table, or None unless the payload is ours, whole and of these catalog files."""
    if payload is None or not isinstance(digest, str) or payload.get("fingerprint") != digest:
        return None
    messages = payload.get("messages")
    if not isinstance(messages, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in messages.items()):
        return None
    return messages


def _write(path: Path, lang: str, digest: str, messages: dict[str, str], settled: str | None) -> None:
    """Write atomically; drop this language's caches of older catalogs. ``settled``: the files'
    stamp when it can be trusted (else the text decides next time)."""
    payload = {"format": FORMAT, "fingerprint": digest, "stamp": settled, "messages": messages}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
        for old in path.parent.glob(f"messages-{lang}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # not writable: parse the catalogs every time
