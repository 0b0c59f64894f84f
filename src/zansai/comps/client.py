"""A client of MLIT's 不動産情報ライブラリ API: transaction prices (XIT001) and land-price points (XPT002).

What the service documents, and what this client does about it (docs/sources/mlit-reinfolib-api.md):

- The key goes in the ``Ocp-Apim-Subscription-Key`` header, never in the URL; this client never
  logs it, never puts it in an error or a ``repr``.
- "No data" is HTTP 404 for XIT001: an empty list here, not an error. An empty tile of XPT002 is
  a collection without features (or ``[]``): also an empty list.
- 429 and 5xx, timeouts and lost connections are retried a bounded number of times with
  exponential back-off, honouring ``Retry-After``; 401/403 means the key was refused.
- Answers may be gzip-compressed; httpx2 decodes ``Content-Encoding: gzip``.
- Every value of an XIT001 record is a string; each record is checked in shape (known keys, the
  required ones present, strings only) and a wrong shape is refused naming the record and key.

Every failure is a ``ZansaiError`` (one bilingual line in the shells, never a traceback); a missing
or refused key is an ``InputError`` naming where the key is set.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zansai.comps.api_fields import (
    XIT001_FIELDS,
    XIT001_REQUIRED,
    XIT001_TO_CSV,
    XPT002_BOOL_FIELDS,
    XPT002_FIELDS,
    XPT002_IGNORED,
    XPT002_INT_FIELDS,
    XPT002_REQUIRED,
    XPT002_USE_CATEGORIES,
    as_csv_rows,
)
from zansai.errors import InputError, ZansaiError

if TYPE_CHECKING:
    import httpx2

__all__ = [
    "BASE_URL",
    "CREDIT_JA",
    "KEY_ENVS",
    "XIT001_TO_CSV",
    "ReinfolibClient",
    "ReinfolibError",
    "ReinfolibKeyError",
    "api_key_from_env_or_settings",
    "as_csv_rows",
]

log = logging.getLogger(__name__)

BASE_URL = "https://www.reinfolib.mlit.go.jp/ex-api/external/"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
KEY_ENVS = ("ZANSAI_REINFOLIB_KEY", "REINFOLIB_API_KEY")
"""Where the key is looked for first: zansai's own name, then the name other tools use."""
CREDIT_JA = ("このサービスは、国土交通省の不動産情報ライブラリのAPI機能を使用していますが、"
             "提供情報の最新性、正確性、完全性等が保証されたものではありません。")
"""The credit line the API's terms of use require on every service built on it."""
CREDIT_EN = ("This service uses the API of MLIT's Real Estate Information Library; the currency, "
             "accuracy and completeness of the information provided are not guaranteed.")
"""An English rendering for English pages; the Japanese line is the one the terms require."""

_RETRIED = frozenset({429, 500, 502, 503, 504})
_HOW_TO_SET = ("環境変数 ZANSAI_REINFOLIB_KEY か設定ファイルの [mlit] api_key に設定してください",
               "set it in ZANSAI_REINFOLIB_KEY or as [mlit] api_key in the settings file")


class ReinfolibError(ZansaiError):
    """The service failed, timed out or answered in a shape it does not document."""


class ReinfolibKeyError(InputError):
    """The API key is missing, malformed or was refused by the service."""


class _Num(str):
    """A JSON number kept as its literal text (never a float), so a string can be told from it."""


def api_key_from_env_or_settings(environ: Mapping[str, str] | None = None,
                                 settings_file: Path | None = None) -> str | None:
    """The API key: ``$ZANSAI_REINFOLIB_KEY``, else ``$REINFOLIB_API_KEY``, else the settings
    file's ``[mlit] api_key``; None when none is set (the app then works from imported data)."""
    env = os.environ if environ is None else environ
    for name in KEY_ENVS:
        value = env.get(name, "").strip()
        if value:
            return value
    from zansai.settings import load_mlit_key
    return load_mlit_key(settings_file)


def _check_key(api_key: object) -> str:
    if not isinstance(api_key, str) or not api_key.strip():
        raise ReinfolibKeyError.about(KEY_ENVS[0], "APIキーがありません。" + _HOW_TO_SET[0],
                                      "no API key. " + _HOW_TO_SET[1])
    key = api_key.strip()
    if not key.isascii() or not key.isprintable() or any(c.isspace() for c in key):
        raise ReinfolibKeyError.about(KEY_ENVS[0], "APIキーの形式が正しくありません（空白のない半角英数字）",
                                      "the API key is malformed (ASCII letters and digits, no spaces)")
    return key


def _digits(field: str, value: str | None, width: int) -> str | None:
    if value is None:
        return None
    if not (isinstance(value, str) and len(value) == width and value.isascii() and value.isdigit()):
        raise InputError.invalid(field, value, f"{width}桁の数字で指定してください",
                                 f"give {width} digits")
    return value


def _int_in(field: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError.invalid(field, value, f"{low}〜{high} の整数にしてください",
                                 f"give a whole number from {low} to {high}")
    return value


def _one_of(field: str, value: str | None, allowed: Sequence[str]) -> str | None:
    if value is not None and value not in allowed:
        listed = ", ".join(allowed)
        raise InputError.invalid(field, value, f"使えるのは {listed} です", f"use one of {listed}")
    return value


class ReinfolibClient:
    """The API's two price endpoints over one HTTP connection pool (close it, or use ``with``)."""

    def __init__(self, api_key: str, *, transport: httpx2.BaseTransport | None = None,
                 base_url: str = BASE_URL, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 1.0, max_wait: float = 60.0,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        import httpx2

        self._key = _check_key(api_key)
        self._retries = _int_in("retries", retries, 0, 10)
        self._backoff, self._max_wait, self._sleep = backoff, max_wait, sleep
        self._http = httpx2.Client(base_url=base_url, transport=transport, timeout=timeout,
                                   headers={KEY_HEADER: self._key, "Accept-Encoding": "gzip"})
        self._base_url = base_url

    def __repr__(self) -> str:
        return f"ReinfolibClient(base_url={self._base_url!r}, api_key=<redacted>)"

    def __enter__(self) -> ReinfolibClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- endpoints ------------------------------------------------------------------------------

    def transactions(self, year: int, quarter: int | None = None, *, city: str | None = None,
                     area: str | None = None, station: str | None = None,
                     price_classification: str | None = None,
                     language: str = "ja") -> list[dict[str, str]]:
        """XIT001 records (取引価格 "01" and/or 成約価格 "02") of one year or quarter, for a
        municipality (``city``, 5 digits), a prefecture (``area``, 2 digits) or a station
        (``station``, 6 digits); one of the three is required. 404 (no data) gives ``[]``."""
        params: dict[str, str] = {"year": str(_int_in("year", year, 1000, 9999))}
        if quarter is not None:
            params["quarter"] = str(_int_in("quarter", quarter, 1, 4))
        for name, value, width in (("city", city, 5), ("area", area, 2), ("station", station, 6)):
            if (code := _digits(name, value, width)) is not None:
                params[name] = code
        if not (city or area or station):
            raise InputError.about("city", "city, area, station のどれかを指定してください",
                                   "give one of city, area or station")
        if kind := _one_of("price_classification", price_classification, ("01", "02")):
            params["priceClassification"] = kind
        params["language"] = _one_of("language", language, ("ja", "en")) or "ja"
        doc = self._get("XIT001", params)
        return [] if doc is None else _xit001_rows(doc)

    def land_price_points(self, z: int, x: int, y: int, year: int, *,
                          price_classification: str | None = None,
                          use_category: str | Sequence[str] | None = None,
                          ) -> list[dict[str, str]]:
        """XPT002 points (地価公示 "0", 都道府県地価調査 "1") of one map tile (z 13–15) and year:
        each feature's properties as strings, with its ``longitude`` and ``latitude``."""
        zoom = _int_in("z", z, 13, 15)
        params = {"response_format": "geojson", "z": str(zoom),
                  "x": str(_int_in("x", x, 0, 2**zoom - 1)),
                  "y": str(_int_in("y", y, 0, 2**zoom - 1)),
                  "year": str(_int_in("year", year, 1000, 9999))}
        if kind := _one_of("price_classification", price_classification, ("0", "1")):
            params["priceClassification"] = kind
        if use_category is not None:
            codes = [use_category] if isinstance(use_category, str) else list(use_category)
            for code in codes:
                _one_of("use_category", code, sorted(XPT002_USE_CATEGORIES))
            params["useCategoryCode"] = ",".join(codes)
        doc = self._get("XPT002", params)
        return [] if doc is None else _xpt002_rows(doc)

    # -- transport ------------------------------------------------------------------------------

    def _get(self, endpoint: str, params: dict[str, str]) -> Any:
        """The decoded JSON answer, or None for "no data" (404), retrying what may pass."""
        import httpx2

        log.debug("reinfolib GET %s %s", endpoint, params)
        for attempt in range(self._retries + 1):
            wait: float | None = None
            try:
                response = self._http.get(endpoint, params=params)
            except httpx2.TimeoutException:
                problem = ("応答がありません（タイムアウト）", "no answer (timed out)")
            except httpx2.TransportError as exc:
                problem = ("接続できません", f"cannot connect ({type(exc).__name__})")
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return _decode(endpoint, response.content)
                if status == 404:
                    return None
                if status in (401, 403):
                    raise ReinfolibKeyError.about(
                        KEY_ENVS[0], f"APIキーが拒否されました（HTTP {status}）。" + _HOW_TO_SET[0],
                        f"the API key was refused (HTTP {status}); " + _HOW_TO_SET[1])
                if status not in _RETRIED:
                    raise ReinfolibError(
                        f"不動産情報ライブラリ {endpoint} がリクエストを受け付けません（HTTP {status}）",
                        f"the Real Estate Information Library refused the {endpoint} request "
                        f"(HTTP {status})")
                problem = (f"HTTP {status}", f"HTTP {status}")
                wait = _retry_after(response.headers.get("Retry-After"))
            if attempt == self._retries:
                raise ReinfolibError(
                    f"不動産情報ライブラリ {endpoint}: {problem[0]}。{attempt + 1}回試みました。"
                    "時間をおいて試してください",
                    f"Real Estate Information Library {endpoint}: {problem[1]} after "
                    f"{attempt + 1} attempts; try again later")
            delay = min(self._max_wait, self._backoff * 2**attempt if wait is None else wait)
            log.info("reinfolib %s: %s; retry %d of %d in %ss", endpoint, problem[1],
                     attempt + 1, self._retries, delay)
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); None if absent."""
    if not value:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _decode(endpoint: str, body: bytes) -> Any:
    """The JSON of an answer; numbers kept as text. A gzip body not declared as such is inflated."""
    if body[:2] == b"\x1f\x8b":
        with contextlib.suppress(zlib.error):
            body = zlib.decompress(body, wbits=31)
    try:
        return json.loads(body, parse_int=_Num, parse_float=_Num, parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError):
        raise _shape(endpoint, "答えが JSON ではありません", "the answer is not JSON") from None


def _refuse_constant(name: str) -> object:
    raise ValueError(name)


def _shape(endpoint: str, ja: str, en: str, field: str | None = None) -> ReinfolibError:
    return ReinfolibError(f"不動産情報ライブラリ {endpoint} の答えの形が想定と違います: {ja}",
                          f"the Real Estate Information Library's {endpoint} answer has an "
                          f"unexpected shape: {en}", field=field)


def _xit001_rows(doc: object) -> list[dict[str, str]]:
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise _shape("XIT001", "data の一覧がありません", "no data list")
    status = doc.get("status")
    if status != "OK":
        raise _shape("XIT001", f"status が {status!s} です", f"status is {status!s}", "status")
    rows: list[dict[str, str]] = []
    for number, record in enumerate(doc["data"], start=1):
        where = (f"{number}件目", f"record {number}")
        rows.append(_record("XIT001", record, where, XIT001_FIELDS, XIT001_REQUIRED, _as_str))
    return rows


def _xpt002_rows(doc: object) -> list[dict[str, str]]:
    if doc == []:
        return []  # an empty tile
    if not (isinstance(doc, dict) and doc.get("type") == "FeatureCollection"
            and isinstance(doc.get("features"), list)):
        raise _shape("XPT002", "GeoJSON の FeatureCollection ではありません",
                     "not a GeoJSON FeatureCollection")
    rows: list[dict[str, str]] = []
    for number, feature in enumerate(doc["features"], start=1):
        where = (f"{number}地点目", f"feature {number}")
        if not (isinstance(feature, dict) and feature.get("type") == "Feature"):
            raise _shape("XPT002", f"{where[0]}が Feature ではありません",
                         f"{where[1]} is not a Feature")
        props = {k: v for k, v in (feature.get("properties") or {}).items()
                 if k not in XPT002_IGNORED} if isinstance(feature.get("properties"), dict) else None
        row = _record("XPT002", props, where, XPT002_FIELDS, XPT002_REQUIRED, _xpt002_value)
        row["longitude"], row["latitude"] = _point(feature.get("geometry"), where)
        rows.append(row)
    return rows


def _point(geometry: object, where: tuple[str, str]) -> tuple[str, str]:
    if geometry is None:
        return "", ""
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if (isinstance(geometry, dict) and geometry.get("type") == "Point" and isinstance(coords, list)
            and len(coords) >= 2 and all(isinstance(c, _Num) for c in coords[:2])):
        return str(coords[0]), str(coords[1])
    raise _shape("XPT002", f"{where[0]}の位置が点（経度・緯度）ではありません",
                 f"{where[1]}'s geometry is not a point (longitude, latitude)", "geometry")


def _record(endpoint: str, record: object, where: tuple[str, str], known: frozenset[str],
            required: frozenset[str], value_of: Callable[[str, object], str | None],
            ) -> dict[str, str]:
    """One record checked in shape: an object, no unknown key, the required keys, typed values."""
    if not isinstance(record, dict):
        raise _shape(endpoint, f"{where[0]}がオブジェクトではありません", f"{where[1]} is not an object")
    for key in sorted(set(record) - known):
        raise _shape(endpoint, f"{where[0]}に未知の項目 {key} があります",
                     f"{where[1]} has an unknown field {key}", key)
    for key in sorted(required - set(record)):
        raise _shape(endpoint, f"{where[0]}に項目 {key} がありません",
                     f"{where[1]} lacks the field {key}", key)
    row: dict[str, str] = {}
    for key, value in record.items():
        text = value_of(key, value)
        if text is None or (value is None and key in required):
            kind = "null" if value is None else type(value).__name__
            kind = "number" if isinstance(value, _Num) else kind
            raise _shape(endpoint, f"{where[0]}の {key} の値の型が違います（{kind}）",
                         f"{where[1]}: {key} has a value of the wrong type ({kind})", key)
        row[key] = text
    return row


def _as_str(key: str, value: object) -> str | None:
    """XIT001: a string; null is "not given" (blank) outside the required keys."""
    if value is None:
        return ""
    return str(value) if type(value) is str else None


def _xpt002_value(key: str, value: object) -> str | None:
    """XPT002: strings; the declared integers as JSON numbers or digit strings; booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("true" if value else "false") if key in XPT002_BOOL_FIELDS else None
    if isinstance(value, _Num):
        return str(value) if key in XPT002_INT_FIELDS else None
    return str(value) if type(value) is str else None
