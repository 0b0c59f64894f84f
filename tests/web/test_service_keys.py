"""The plan cache's keys and the serving process's garbage collector (issue 19: the uncached API).

A key is the case's canonical text: equal for equal cases whatever the order of their keys,
different for different ones, and made once per request."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from zansai.web import service
from zansai.web.heap import GC_THRESHOLDS, settle_heap
from zansai.web.service import Options, PlanCache, canonical

CASE: dict[str, Any] = {  # the API's documented example (docs/sources/seed1-short-sale.md)
    "title": "example", "at": "2026-12-01", "sale_date": "2027-03-31",
    "property": {"kind": "house", "acquired_on": "2012-04-20", "acquisition_price": "3800万"},
    "valuation": {"appraisals": [{"source": "A不動産", "amount": "2000万"}]},
    "loans": [{"principal": "3800万", "rate": "1.2", "years": 35, "start": "2012-05"}]}


def test_equal_cases_share_a_key_whatever_their_order() -> None:
    shuffled = {k: CASE[k] for k in reversed(list(CASE))}
    assert list(shuffled) != list(CASE)
    assert canonical(shuffled) == canonical(CASE)
    assert canonical({**CASE, "title": "u"}) != canonical(CASE)
    assert canonical({"a": 1}) != canonical({"a": "1"})


def test_what_orjson_refuses_still_has_a_key() -> None:
    big = {"amount": 10**30}  # past 64 bits: the json path
    assert canonical(big) == '{"amount":1000000000000000000000000000000}'
    assert canonical(big) != canonical({"amount": 10**30 + 1})
    lone = {"name": "\ud800"}  # not UTF-8: the json path; the case is refused later, by its field
    assert canonical(lone) == '{"name":"\ud800"}'


def test_a_request_is_made_canonical_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = service.canonical
    monkeypatch.setattr(service, "canonical", lambda data: calls.append(data) or real(data))
    plans = PlanCache()
    key = plans.key(CASE, Options())
    assert plans.cached_json(CASE, Options(), key=key) is None
    body = plans.plan_json(CASE, Options(), key=key)
    assert body.startswith(b"{")
    assert plans.cached_json(CASE, Options(), key=key) == body
    assert len(calls) == 1


def test_a_serving_process_freezes_its_start_up_heap() -> None:
    before = gc.get_threshold()
    try:
        settle_heap()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


@pytest.mark.parametrize("char", ["\x00", "\x1f", "\x7f", "\x85", "\x9f", chr(0xD800), chr(0xDFFF)])
def test_a_control_character_or_a_lone_surrogate_is_refused(char: str) -> None:
    """Every body's text is checked (inputs.text_problem, one search per string): Unicode's
    categories Cc and Cs, and nothing next to them."""
    from zansai.inputs import text_problem

    assert text_problem(f"山田{char}太郎") is not None


@pytest.mark.parametrize("char", [" ", "~", "\xa0", "\u3000", "\ue000", "\U0001f3e0", "ア"])
def test_printable_neighbours_pass(char: str) -> None:
    from zansai.inputs import text_problem

    assert text_problem(f"山田{char}太郎") is None
