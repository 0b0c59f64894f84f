"""The rule book (法令・実務パラメータ): every rule by key, with per-case overrides.

One rule per TOML file under ``data/<area>/<name>.toml``; the key is ``<area>.<name>``. Rules
are parsed on first use, strictly (``zansai.rules.decode``). Asking for a date outside a rule's
coverage is an error that names the rule and its covered range; it is never silently extended.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypeVar, cast

from zansai.errors import RuleNotFoundError
from zansai.rules import cache, files
from zansai.rules.decode import decode_value, parse_rule
from zansai.rules.display import to_jsonable
from zansai.rules.model import Confidence, Period, Resolved, Rule, Source, Status
from zansai.rules.units import RuleValue

__all__ = ["Period", "Resolved", "RuleBook"]  # Period, Resolved: for importers of this module

T = TypeVar("T")

_RESOLVED_MAX = 4096
"""How many (key, date) answers a book keeps before it forgets them all (a bound on memory)."""


class RuleBook:
    """All rules, loaded lazily by key from the package, with optional per-case overrides.

    ``RuleBook.default()`` is the book of the rules shipped in the package, for the shells
    (CLI, web, batch) to build once and pass to the engine, which never looks it up itself.
    A book built with ``load_package=False`` holds only the rules it was given (for tests).
    """

    _default: ClassVar[RuleBook | None] = None

    def __init__(self, preset: Mapping[str, Rule] | None = None, *,
                 load_package: bool = True) -> None:
        self._preset: dict[str, Rule] = dict(preset or {})
        self._parsed: dict[str, Rule] = {}
        # the decoded files from the cache; None: decode each file when it is first needed
        self._documents: Mapping[str, files.Document] | None = None
        self._load_package = load_package
        self._fingerprint: str | None = None
        self._derived: dict[tuple[Any, ...], Any] = {}
        self._resolved: dict[tuple[str, date], Resolved] = {}
        """``at(key, on)`` already answered: this book's rules never change (an override makes a
        new book), so a value read once on a date is read again from here."""

    @classmethod
    def default(cls) -> RuleBook:
        """The rules shipped in the package, one book per process (decoded through the cache)."""
        if cls._default is None:
            book = cls()
            book._documents = cache.shipped_documents()
            cls._default = book
        return cls._default

    def fingerprint(self) -> str:
        """A short digest that names the rules this book holds: the shipped files' text and the
        per-case overrides (every JSON output carries it, so a result says which rules made it)."""
        if self._fingerprint is None:
            digest = hashlib.sha256((cache.texts_digest() if self._load_package else "").encode())
            for key in sorted(self._preset):
                periods = [(str(p.start), str(p.end), to_jsonable(p.value), p.in_force)
                           for p in self._preset[key].periods]
                digest.update(json.dumps([key, periods], ensure_ascii=False).encode())
            self._fingerprint = f"sha256:{digest.hexdigest()[:16]}"
        return self._fingerprint

    def _parse(self, key: str) -> Rule | None:
        """The shipped rule of ``key``, parsed once; None if the package has none."""
        if not self._load_package:
            return None
        docs = self._documents
        document = docs.get(key) if docs is not None else files.read_document(key)
        if document is None:
            return None
        rule = parse_rule(document, files.rule_path(key), expected_key=key)
        self._parsed[key] = rule
        return rule

    def _shipped_keys(self) -> list[str]:
        if not self._load_package:
            return []
        if self._documents is not None:
            return sorted(self._documents)
        return list(files.shipped_files())

    def get(self, key: str) -> Rule:
        """The rule with this key, or an error that names the key."""
        rule = self._preset.get(key) or self._parsed.get(key) or self._parse(key)
        if rule is None:
            raise RuleNotFoundError(
                f"ルール {key!r} はありません。`zansai rules` で一覧を確認してください",
                f"unknown rule key {key!r}; `zansai rules` lists the keys",
                field="key",
            )
        return rule

    def rules(self) -> list[Rule]:
        """Every rule, sorted by key."""
        for key in self._shipped_keys():
            if key not in self._parsed:
                self._parse(key)
        merged = {**self._parsed, **self._preset}
        return [merged[k] for k in sorted(merged)]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules())

    def keys(self) -> list[str]:
        return [r.key for r in self.rules()]

    def at(self, key: str, on: date) -> Resolved:
        """The value of ``key`` in force on ``on`` (looked up once per key and date)."""
        memo = self._resolved
        hit = memo.get((key, on))
        if hit is None:
            hit = self.get(key).at(on)
            if len(memo) >= _RESOLVED_MAX:  # a long-lived server sees many dates: start afresh
                memo.clear()
            memo[(key, on)] = hit
        return hit

    def derived(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, kept by this book under ``key``: for an immutable figure that depends
        only on this book's rules and the hashable values in ``key`` (its first item names the
        figure). Another book, an override included, computes its own."""
        memo = self._derived
        if key in memo:
            return cast(T, memo[key])
        value = compute()
        if len(memo) >= _RESOLVED_MAX:
            memo.clear()
        memo[key] = value
        return value

    def value(self, key: str, on: date) -> RuleValue:
        """Shorthand for ``at(key, on).value``."""
        return self.at(key, on).value

    def with_overrides(self, overrides: Mapping[str, RuleValue],
                       note: str = "per-case override") -> RuleBook:
        """A new book in which market- or court-practice defaults are replaced.

        The override holds over the rule's whole coverage; its source is the case itself.
        Laws cannot be overridden.
        """
        new: dict[str, Rule] = dict(self._preset)
        for key, raw in overrides.items():
            new[key] = _overridden(self.get(key), raw, note)
        book = RuleBook(new, load_package=self._load_package)
        book._parsed = self._parsed
        book._documents = self._documents
        return book


def _overridden(rule: Rule, raw: RuleValue, note: str) -> Rule:
    """``rule`` with ``raw`` as its value on every date it covers, cited to the case file."""
    if not rule.overridable:
        raise RuleNotFoundError(
            f"ルール {rule.key} は法令なので上書きできません（上書きできるのは実務の既定値だけです）",
            f"rule {rule.key} is law and cannot be overridden; only practice defaults can",
            field=rule.key,
        )
    value = decode_value(rule.unit, rule.fields, _jsonish(raw), "override", rule.key)
    src = (Source(publisher="case file", title=note),)
    periods = tuple(
        replace(p, value=value, in_force=True, low=None, high=None, sources=src,
                confidence=Confidence.HIGH, status=Status.CONFIRMED, caveat_ja=None,
                caveat_en=None, overridden=True)
        for p in rule.periods
    )
    return replace(rule, periods=periods)


def _jsonish(raw: RuleValue) -> Any:
    """Overrides arrive as Decimals or ints from the engine; store rates as strings."""
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, dict):
        return {k: _jsonish(v) for k, v in raw.items()}
    if isinstance(raw, list | tuple):
        return [_jsonish(v) for v in raw]
    return raw
