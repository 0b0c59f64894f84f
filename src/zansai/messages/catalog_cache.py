"""The message catalogs of one language, flattened, from a per-user JSON cache when it matches.

Parsing the ~35 TOML catalogs of a language took tens of milliseconds of every ``zansai plan``
(tomllib is pure Python; JSON decoding is in C). The cache holds only the flat ``{id: template}``
table under a SHA-256 of every catalog file's text, so it can make loading faster but never
change a message; a cache that is missing, stale or broken is rebuilt, an unwritable folder
only makes loading slower. ``ZANSAI_NO_RULE_CACHE=1`` turns it off with the rule book's cache.
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

FORMAT = 1
"""Version of the cache's layout; part of the fingerprint."""

Flatten = Callable[[Mapping[str, Any], str, dict[str, str], Path], None]


def load_catalog(folder: Path, lang: str, flatten: Flatten) -> dict[str, str]:
    """Every message in ``folder``'s ``*.toml`` files, by dotted id (file stem first)."""
    paths = sorted(folder.glob("*.toml"))
    texts = {path.stem: path.read_bytes() for path in paths}
    use_cache = not os.environ.get("ZANSAI_NO_RULE_CACHE")
    digest = _fingerprint(lang, texts)
    base = cache_folder() if use_cache else None
    target = base / f"messages-{lang}-{digest[:20]}.json" if base else None
    if target is not None:
        cached = _read(target, digest)
        if cached is not None:
            return cached
    out: dict[str, str] = {}
    for path in paths:
        flatten(tomllib.loads(texts[path.stem].decode("utf-8")), path.stem, out, path)
    if target is not None:
        _write(target, lang, digest, out)
    return out


def _fingerprint(lang: str, texts: dict[str, bytes]) -> str:
    digest = hashlib.sha256(f"{FORMAT}|{lang}".encode())
    for stem in sorted(texts):
        digest.update(b"\0" + stem.encode() + b"\0" + texts[stem])
    return digest.hexdigest()


def _read(path: Path, digest: str) -> dict[str, str] | None:
    """The cached table, or None unless the file is ours, whole and of these catalog files."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("fingerprint") != digest:
        return None
    messages = payload.get("messages")
    if not isinstance(messages, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in messages.items()):
        return None
    return messages


def _write(path: Path, lang: str, digest: str, messages: dict[str, str]) -> None:
    """Write atomically; drop this language's caches of older catalogs."""
    payload = {"format": FORMAT, "fingerprint": digest, "messages": messages}
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
