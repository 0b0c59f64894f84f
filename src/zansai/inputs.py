"""Parsing raw user input (CLI options, form fields) into exact values, with bilingual errors.

Each parser names the field, the value and what is allowed, so a shell can print the
``InputError`` as one line and exit with status 2.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from zansai.errors import InputError

_YEN_RE = re.compile(r"^\s*([0-9][0-9,_]*)\s*(円)?\s*$")
_BARE_RE = re.compile(r"^\s*[0-9][0-9,_]*(?:\.[0-9]+)?\s*$")
_MAN_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*万\s*(円)?\s*$")


MAX_YEN = 10**13
"""An input bound, not a rule: no household amount comes near 10兆円, and it keeps every figure
inside 64-bit integers for the JSON writers."""


def parse_yen(field: str, raw: str | int, *, allow_zero: bool = False, unit: int = 1) -> int:
    """A whole number of yen: ``30000000``, ``30,000,000``, ``3000万`` or ``3000万円``.

    ``unit`` is what a bare number counts: 1 (yen) in case files and on the command line,
    10,000 in a field printed 「万円」, where ``2800`` means 2,800万円."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw * unit
    else:
        text = unicodedata.normalize("NFKC", str(raw))
        if unit != 1 and _BARE_RE.match(text):
            text = f"{text.strip().replace(',', '')}万" if unit == 10_000 else text
        m = _YEN_RE.match(text)
        man = _MAN_RE.match(text)
        if m:
            value = int(m.group(1).replace(",", "").replace("_", ""))
        elif man:
            amount = Decimal(man.group(1)) * 10_000
            if amount != amount.to_integral_value():
                raise InputError.invalid(field, raw, "1円単位の金額を指定してください",
                                         "give a whole number of yen")
            value = int(amount)
        else:
            raise InputError.invalid(
                field, raw,
                "円単位の整数（例: 30000000 または 3000万）を指定してください",
                "give a whole number of yen such as 30000000 or 3000万",
            )
    if value > MAX_YEN:
        raise InputError.invalid(field, raw, "10兆円以下の金額を指定してください",
                                 "it must be at most 10 trillion yen")
    if value < 0 or (value == 0 and not allow_zero):
        allowed_ja = "0円以上" if allow_zero else "1円以上"
        allowed_en = "zero or more" if allow_zero else "at least 1 yen"
        raise InputError.invalid(field, raw, f"{allowed_ja}の金額を指定してください",
                                 f"it must be {allowed_en}")
    return value


def parse_percent(field: str, raw: str, *, below: int = 100, allow_zero: bool = True) -> Fraction:
    """A percentage such as ``1.5`` (meaning 1.5%), exact; must be ≥ 0 and below ``below``."""
    text = str(raw).strip().removesuffix("%").strip()
    try:
        dec = Decimal(text)
    except InvalidOperation:
        dec = Decimal("NaN")
    if not dec.is_finite():
        raise InputError.invalid(field, raw, "パーセントの数値（例: 1.5）を指定してください",
                                 "give a percentage such as 1.5")
    exponent = dec.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise InputError.invalid(field, raw, "小数点以下6桁までで指定してください",
                                 "give at most 6 decimal places")
    if dec < 0 or dec >= below or (dec == 0 and not allow_zero):
        low = "0 より大きく" if not allow_zero else "0 以上"
        low_en = "above 0" if not allow_zero else "at least 0"
        raise InputError.invalid(field, raw, f"{low}、{below}% 未満で指定してください",
                                 f"it must be {low_en} and below {below}%")
    return Fraction(dec) / 100


def parse_int(field: str, raw: str | int, *, minimum: int, maximum: int) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise InputError.invalid(field, raw, "整数を指定してください", "give a whole number") from None
    if not minimum <= value <= maximum:
        raise InputError.invalid(field, raw, f"{minimum}〜{maximum} の整数を指定してください",
                                 f"it must be a whole number from {minimum} to {maximum}")
    return value


def parse_date(field: str, raw: str) -> date:
    """An ISO date ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise InputError.invalid(field, raw, "日付を YYYY-MM-DD で指定してください",
                                 "give a date as YYYY-MM-DD") from None


def parse_month(field: str, raw: str) -> tuple[int, int]:
    """A month ``YYYY-MM``."""
    m = re.match(r"^\s*(\d{4})-(\d{1,2})\s*$", str(raw))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError.invalid(field, raw, "年月を YYYY-MM で指定してください",
                                 "give a month as YYYY-MM")
    return int(m.group(1)), int(m.group(2))


def parse_choice(field: str, raw: str, choices: dict[str, str]) -> str:
    """One of ``choices`` (keys are what the user may type, values the canonical names)."""
    key = str(raw).strip().lower()
    if key not in choices:
        allowed = ", ".join(sorted(set(choices)))
        raise InputError.invalid(field, raw, f"次のどれかを指定してください: {allowed}",
                                 f"choose one of: {allowed}")
    return choices[key]


def parse_months_list(field: str, raw: str) -> tuple[int, int]:
    """Two bonus months such as ``6,12``."""
    parts = [p.strip() for p in str(raw).split(",")]
    try:
        months = tuple(int(p) for p in parts)
    except ValueError:
        months = ()
    if len(months) != 2 or not all(1 <= m <= 12 for m in months) or \
            (months[1] - months[0]) % 12 != 6:
        raise InputError.invalid(field, raw, "6か月離れた2つの月（例: 6,12）を指定してください",
                                 "give two months six months apart, such as 6,12")
    return months[0], months[1]


def today_jst() -> date:
    """Today's date in Japan, the default "as of" date of every question."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(tz=ZoneInfo("Asia/Tokyo")).date()
