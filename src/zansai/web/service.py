"""The plan cache the web app calls: case data in, plan out, each result kept a while.

``plan()`` is a pure function of the case, the options and today's date, so equal requests
share one result (LRUs keyed by the canonical JSON of the case: plans, their JSON, rendered
pages). Every shell stays thin: the API and the pages both come through here.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from zansai.case import CaseFile, build_case, case_errors, parse_case_data, validation_errors, with_options
from zansai.engine.plan import Plan
from zansai.engine.plan import plan as make_plan
from zansai.errors import InputError
from zansai.inputs import today_jst
from zansai.model import Case
from zansai.report.result_json import result_to_dict
from zansai.rules import RuleBook
from zansai.web.intake import bad_text, check_text, not_text

CACHE_SIZE = 256
"""JSON answers kept (bytes: the garbage collector does not walk them)."""
PLAN_CACHE_SIZE = 16
"""Plan objects kept for the pages: each holds thousands of small objects, and a large cache of
them makes every full garbage collection long (bench/README.md, web.py)."""


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

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_CANONICAL = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def canonical(data: Any) -> str | bytes:
    """A cache key for ``data``: equal for equal data (keys sorted; a value JSON cannot hold as
    its text). orjson writes it in a few microseconds, a tenth of ``json``'s time; what orjson
    refuses (an integer beyond 64 bits) takes the ``json`` path, whose text it never produces."""
    try:
        return orjson.dumps(data, option=_CANONICAL, default=str)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class PlanCache:
    """The engine behind a cache: parses, validates and plans cases, and keeps the plans, their
    JSON and their rendered pages for equal requests on the same day."""

    def __init__(self, book: RuleBook | None = None, cache_size: int = CACHE_SIZE,
                 comps_db: Path | None = None) -> None:
        self.book = book or RuleBook.default()
        self.comps_db = comps_db
        """The database of imported comparable sales (the app's own); None: none looked up."""
        self._plans = _Lru(PLAN_CACHE_SIZE)
        self._json = _Lru(cache_size)
        self._pages = _Lru(64)
        self._answers = _Lru(256)

    def case_file(self, data: object, options: Options = Options()) -> CaseFile:
        from zansai.inputs import parse_date

        check_text(data)  # a lone surrogate would fail only when the answer is written
        # The query names (at, sale_date) in errors, not the CLI's --at / --sale-date.
        if options.at is not None:
            parse_date("at", options.at)
        if options.sale_date is not None:
            parse_date("sale_date", options.sale_date)
        cf = parse_case_data(data, source="case")
        return with_options(cf, at=options.at, sale_date=options.sale_date,
                            residual_exit=options.routes_for)

    def case(self, data: object, options: Options = Options()) -> tuple[Case, RuleBook]:
        case, book = build_case(self.case_file(data, options), source="case", book=self.book)
        if self.comps_db is not None and case.property.municipality_code is not None:
            from zansai.comps.for_case import with_comparables

            case = with_comparables(case, book, self.comps_db)
        return case, book

    def forget(self) -> None:
        """Drop every kept result: call after comparable sales are imported, so that located
        cases are valued with them (the results are otherwise kept for the day)."""
        for lru in (self._plans, self._json, self._pages, self._answers):
            lru.clear()  # issue 20: comparables

    def key(self, data: object, options: Options = Options()) -> tuple[Any, ...]:
        """The cache key of a request (the case, the options, today): computed once per request."""
        return (canonical(data), options, today_jst())

    def plan(self, data: object, options: Options = Options(), *, key: tuple[Any, ...] | None = None) -> Plan:
        key = key if key is not None else self.key(data, options)
        hit = self._plans.get(key)
        if isinstance(hit, Plan):
            return hit
        case, book = self.case(data, options)
        with case_errors("case"):
            result = make_plan(case, book)
        self._plans.put(key, result)
        return result

    def figures(self, data: object, options: Options = Options()) -> Plan:
        """The plan's figures, notes and rules for a page that shows no step (the case list's
        summaries, the comparison, the quick check): the explained plan when one is kept, else a
        figures-only plan (``plan(..., explain=False)``), kept apart so that a page asking for
        steps never receives one without them."""
        key = self.key(data, options)
        hit = self._plans.get(key)
        if isinstance(hit, Plan):
            return hit
        lean_key = (*key, "figures")
        hit = self._plans.get(lean_key)
        if isinstance(hit, Plan):
            return hit
        case, book = self.case(data, options)
        with case_errors("case"):
            result = make_plan(case, book, explain=False)
        self._plans.put(lean_key, result)
        return result

    def cached_json(self, data: object, options: Options = Options(), *,
                    explain: bool = False, key: tuple[Any, ...] | None = None) -> bytes | None:
        """The JSON answer if this exact request was answered before (cheap: no engine call)."""
        hit = self._json.get((*(key if key is not None else self.key(data, options)), explain))
        return hit if isinstance(hit, bytes) else None

    def plan_json(self, data: object, options: Options = Options(), *, explain: bool = False,
                  key: tuple[Any, ...] | None = None) -> bytes:
        """The plan as UTF-8 JSON bytes, exactly what ``zansai plan --json`` prints. ``key``:
        the request's ``key()`` when the caller has it already."""
        plan_key = key if key is not None else self.key(data, options)
        json_key = (*plan_key, explain)
        hit = self._json.get(json_key)
        if isinstance(hit, bytes):
            return hit
        cached = self._plans.get(plan_key)
        if isinstance(cached, Plan):
            result = cached
        else:
            case, book = self.case(data, options)
            with case_errors("case"):
                result = make_plan(case, book)
        body = orjson.dumps(result_to_dict(result, explain=explain,
                                           rules_fingerprint=result.rules_fingerprint))
        self._json.put(json_key, body)
        return body

    def page(self, data: object, lang: str, render: Callable[[Plan], str], variant: str = "") -> str:
        """A rendered results fragment, kept per case, language and ``variant`` (the page and the
        report differ; the templates cost more than the engine: about 60 ms for a full page)."""
        key = (*self.key(data, Options()), lang, variant)
        hit = self._pages.get(key)
        if isinstance(hit, str):
            return hit
        html = render(self.plan(data))
        self._pages.put(key, html)
        return html

    def answer(self, key: tuple[Any, ...], render: Callable[[], str]) -> str:
        """A rendered quick-check answer, kept by ``key`` (the case it stands for, the language
        and the day), so typing back and forth costs nothing."""
        hit = self._answers.get(key)
        if isinstance(hit, str):
            return hit
        html = render()
        self._answers.put(key, html)
        return html

    @staticmethod
    def errors(data: object) -> list[InputError]:
        where = not_text(data)
        if where is not None:
            return [bad_text(where)]
        return validation_errors(data, source="case")


def plans_of(request: Any) -> PlanCache:
    """The app's plan cache (``app.state.plans``), for a route's request."""
    plans: PlanCache = request.app.state.plans
    return plans
