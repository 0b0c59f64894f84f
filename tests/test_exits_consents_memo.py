"""Whose consent the sales need is listed once per context, and afresh for another case.

examples/seed2-divorce-overloan.toml: the home is owned half each by 夫 and 妻, both agree; a
short sale also needs みどり銀行 (not yet asked) and 妻 as joint guarantor (consents as in
docs/sources/law-debt-divorce.md §8)."""

from dataclasses import replace
from pathlib import Path

from zansai.case import load_case
from zansai.engine.exits.consents import owner_consents, short_sale_consents
from zansai.engine.plan import build_context
from zansai.model.keys import ConsentStatus

CASE = Path(__file__).resolve().parent.parent / "examples" / "seed2-divorce-overloan.toml"


def test_consents_listed_once_per_context_and_afresh_for_another_case() -> None:
    case, book = load_case(str(CASE))
    ctx = build_context(case, book)
    short = short_sale_consents(ctx)
    assert [(c.party, c.role.value, c.status) for c in short] == [
        ("夫", "owner", ConsentStatus.GIVEN), ("妻", "owner", ConsentStatus.GIVEN),
        ("みどり銀行", "lienholder", ConsentStatus.UNKNOWN), ("妻", "guarantor", ConsentStatus.GIVEN)]
    assert short_sale_consents(ctx) is short
    owners = owner_consents(ctx)
    assert [c.party for c in owners] == ["夫", "妻"]
    assert owner_consents(ctx) is owners
    # 妻 refuses: a context for that case (the what-ifs replace the case) lists its own consents.
    refusing = replace(case, people=tuple(replace(p, consents=p.name != "妻") for p in case.people))
    other = replace(ctx, case=refusing)
    assert [c.status for c in owner_consents(other)] == [ConsentStatus.GIVEN, ConsentStatus.REFUSED]
    assert [c.status for c in owner_consents(ctx)] == [ConsentStatus.GIVEN, ConsentStatus.GIVEN]
