"""Fetching a municipality's comparables from the API (XIT001) into the app's database.

Every quarter of the span is fetched first (a network failure writes nothing), every record is
mapped onto the download CSV's columns and parsed by the same strict parsers, then one write
transaction records the answer as one ``comps_imports`` row per quarter and price class, named
``XIT001 <city> <quarter> <class>`` with source "api" and the SHA-256 of its rows (sorted). The
same quarter fetched again with identical rows changes nothing; with different rows (MLIT revises
its data) the quarter's rows are replaced; a quarter the API no longer answers is emptied. So
overlapping spans never load a transaction twice.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from zansai.comps.api_fields import as_csv_rows
from zansai.comps.client import ReinfolibClient, ReinfolibError
from zansai.comps.fetch import fetch_quarters, quarters_between
from zansai.comps.fields import HEADER, SEPARATOR, forget, store_rows
from zansai.comps.record import PriceClass
from zansai.comps.store import CompStore, Replacement
from zansai.errors import InputError

PRICE_CLASSES = {"transaction": "01", "contract": "02", "both": None}
"""``--price-class`` → XIT001's ``priceClassification`` (both: the parameter left out)."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch did: requests made, records received, and the quarters' fate in the store."""

    city: str
    span: tuple[str, str]
    price_class: str
    requests: int
    rows: int
    added: int
    replaced: int
    unchanged: int
    removed: int


def _import_name(city: str, quarter: str, price_class: str) -> str:
    return f"XIT001 {city} {quarter} {price_class}"


def _quarter_of(code: int) -> str:
    return f"{code // 10}Q{code % 10}"


def _parsed(records: list[dict[str, str]]) -> list[list[str]]:
    """The records as the download CSV's 30 cells each, every one parsed strictly (a record the
    parsers refuse is the service's fault: a ``ReinfolibError`` naming the record and column)."""
    rows = [[row[c] for c in HEADER] for row in as_csv_rows(records)]
    try:
        for start in range(0, len(rows), 512):
            store_rows(rows[start:start + 512], start + 1)
    except InputError as exc:
        raise ReinfolibError(
            f"不動産情報ライブラリの回答を読めません（取得した記録の順で {exc.message_ja}）",
            "the Real Estate Information Library's answer cannot be read (counting the records "
            f"received: {exc.message_en})",
        ) from None
    finally:
        forget()
    return rows


def fetch_into(store: CompStore, client: ReinfolibClient, city: str, from_q: str, to_q: str,
               price_class: str = "both", *, spacing: float = 1.0,
               sleep: Callable[[float], object] = time.sleep) -> FetchResult:
    """Fetch ``city``'s XIT001 records from ``from_q`` to ``to_q`` (2023Q1…) and store them."""
    if price_class not in PRICE_CLASSES:
        raise InputError.invalid("--price-class", price_class, "transaction, contract, both のどれかです",
                                 "use transaction, contract or both")
    span = quarters_between(from_q, to_q)
    records = fetch_quarters(client, city, from_q, to_q, price_classification=PRICE_CLASSES[price_class],
                             spacing=spacing, sleep=sleep)
    rows = _parsed(records)
    classes = [c.name.lower() for c in PriceClass] if price_class == "both" else [price_class]
    groups: dict[str, list[str]] = {
        _import_name(city, f"{y}Q{q}", c): [] for y, q in span for c in classes
    }
    from zansai.comps.fields import period as period_code
    from zansai.comps.fields import price_class as class_code

    for cells in rows:
        name = _import_name(city, _quarter_of(period_code(cells[27])), class_code(cells[1]))
        groups.setdefault(name, []).append(SEPARATOR.join(cells))
    batches = []
    for name, joined in groups.items():
        joined.sort()
        digest = hashlib.sha256("\n".join([name, *joined]).encode()).hexdigest()
        batches.append(Replacement(name, digest, [j.split(SEPARATOR) for j in joined]))
    counts = store.replace_imports(batches, source="api")
    return FetchResult(city, (from_q, to_q), price_class, len(span), len(rows), *counts)
