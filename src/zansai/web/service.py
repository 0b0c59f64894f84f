"""The engine as the web app calls it: case data in, plan out, with a small result cache.

``plan()`` is a pure function of the case, the options and today's date, so equal requests
share one result (an LRU keyed by the canonical JSON of the case). Every shell stays thin: the
API and the pages both come through here.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

from zansai.case import CaseFile, build_case, parse_case_data, validation_errors, with_options
from zansai.engine.plan import Plan
from zansai.engine.plan import plan as make_plan
from zansai.errors import InputError
from zansai.inputs import today_jst
from zansai.model import Case
from zansai.rules import RuleBook

CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class Options:
    """What the CLI takes as --at, --sale-date and --routes-for."""

    at: str | None = None
    sale_date: str | None = None
    routes_for: str | None = None


class _Lru:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Any:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class Engine:
    """Parses, validates and plans cases; caches plans and their JSON."""

    def __init__(self, book: RuleBook | None = None, cache_size: int = CACHE_SIZE) -> None:
        self.book = book or RuleBook.default()
        self._plans = _Lru(cache_size)
        self._json = _Lru(cache_size)

    def case_file(self, data: object, options: Options = Options()) -> CaseFile:
        from zansai.inputs import parse_date

        # The query names (at, sale_date) in errors, not the CLI's --at / --sale-date.
        if options.at is not None:
            parse_date("at", options.at)
        if options.sale_date is not None:
            parse_date("sale_date", options.sale_date)
        cf = parse_case_data(data, source="case")
        return with_options(cf, at=options.at, sale_date=options.sale_date,
                            residual_exit=options.routes_for)

    def case(self, data: object, options: Options = Options()) -> tuple[Case, RuleBook]:
        return build_case(self.case_file(data, options), source="case", book=self.book)

    def _key(self, data: object, options: Options) -> tuple[Any, ...]:
        return (canonical(data), options, today_jst())

    def plan(self, data: object, options: Options = Options()) -> Plan:
        key = self._key(data, options)
        hit = self._plans.get(key)
        if isinstance(hit, Plan):
            return hit
        case, book = self.case(data, options)
        result = make_plan(case, book)
        self._plans.put(key, result)
        return result

    def plan_json(self, data: object, options: Options = Options(), *, explain: bool = False) -> bytes:
        """The plan as UTF-8 JSON bytes, exactly what ``zansai plan --json`` prints."""
        key = (*self._key(data, options), explain)
        hit = self._json.get(key)
        if isinstance(hit, bytes):
            return hit
        result = self.plan(data, options)
        out = result.to_dict()
        if explain:
            out["explanation"] = result.explain().to_dict()
        body = orjson.dumps(out)
        self._json.put(key, body)
        return body

    @staticmethod
    def errors(data: object) -> list[InputError]:
        return validation_errors(data, source="case")
