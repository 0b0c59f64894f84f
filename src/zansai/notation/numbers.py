"""Amounts, percentages and terms as Japanese users write them (金額・利率・期間の表記).

Yen: ``28000000``, ``28,000,000円``, ``2800万``, ``2,800.5万``, ``1億2,000万円``, ``3.5千万``,
``3千5百万``, ``12万3000``. 億 and 万 split the amount into parts, each below the unit before
it; 千 and 百 count inside a part (千万 is 千 × 万). A field printed 「万円」 reads a bare number
as 万 (``unit=10_000``: ``2800`` is 2,800万円; ``2800円`` stays 2,800円 and the page asks).

Strict where a reading would be a guess: commas must group three digits (``2,5万`` could be
2.5万), decimals only on the last number and only before a unit (``1.5円``, ``30.000``), and a
number after a unit needs all its digits or a closing 円 (``12万3`` is 12万3円 or 12万3千円?).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from zansai.messages import msg
from zansai.notation.text import NotationError, normalize

_BIG = {"億": 10**8, "万": 10**4}
_SMALL = {"千": 1000, "百": 100}
_UNIT_OF_FIELD = {1: "", 1000: "千", 10_000: "万"}
_TOKEN = re.compile(r"([0-9][0-9,_]*(?:\.[0-9]+)?|\.[0-9]+)|([億万千百])")
MAX_DIGITS = 24
"""An input bound, not a rule: no amount, rate or term a user types has more digits (10兆円 has
14); longer numbers are refused before any conversion (Python refuses int() of 4,300 digits)."""
_GROUPED = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]+)?$|^\.[0-9]+$")


def _check_length(digits: str) -> None:
    """Refuse a number written with more than ``MAX_DIGITS`` characters."""
    if len(digits) > MAX_DIGITS:
        raise NotationError(msg("bounds.digits", limit=MAX_DIGITS))


class _Number:
    """One number as written: its value, its integer digits, whether it has decimals."""

    def __init__(self, text: str) -> None:
        _check_length(text)
        if not _GROUPED.match(text):
            raise NotationError(msg("inputs.yen.commas" if "," in text else "inputs.yen.unreadable"))
        plain = text.replace(",", "").replace("_", "")
        self.value = Decimal(plain)
        self.digits = len(plain.split(".")[0])
        self.decimal = "." in plain


def yen_amount(raw: str, *, unit: int = 1) -> int:
    """The amount in yen (may be 0 or more than 10兆円: the caller bounds it).

    ``unit`` is what a bare number counts: 1 (yen), 1,000 (a 千円 field) or 10,000 (a 万円 field).
    """
    text = normalize(raw)
    if not text:
        raise NotationError(msg("inputs.yen.empty"))
    if text[0] in "-△▲":
        raise NotationError(msg("inputs.yen.negative"))
    if text.startswith("約"):
        raise NotationError(msg("inputs.yen.about"))
    text = text.removeprefix("¥").removeprefix("\\")
    explicit_yen = text.endswith("円")
    text = text.removesuffix("円")
    if unit not in _UNIT_OF_FIELD:
        raise ValueError(f"unit must be one of {sorted(_UNIT_OF_FIELD)}, not {unit}")
    if not explicit_yen and text[-1:] not in ("億", "万"):
        text += _UNIT_OF_FIELD[unit]  # a bare 2800 (or 3千) in a 万円 field is 2800万 (3千万)
    tokens = _tokens(text)
    value = _total(tokens, explicit_yen)
    if value != value.to_integral_value():
        raise NotationError(msg("inputs.yen.fraction"))
    return int(value)


def _tokens(text: str) -> list[_Number | str]:
    """Numbers and unit characters, in order; anything else is unreadable."""
    out: list[_Number | str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() != pos:
            break
        out.append(_Number(m.group(1)) if m.group(1) else m.group(2))
        pos = m.end()
    if pos != len(text) or not out:
        raise NotationError(msg("inputs.yen.unreadable"))
    numbers = [i for i, t in enumerate(out) if isinstance(t, _Number)]
    for i in numbers:
        number = out[i]
        assert isinstance(number, _Number)
        if number.decimal and i != numbers[-1]:
            raise NotationError(msg("inputs.yen.decimal_last"))
        if number.decimal and (i + 1 == len(out) or isinstance(out[i + 1], _Number)):
            raise NotationError(msg("inputs.yen.decimal_yen"))
    return out


def _total(tokens: list[_Number | str], explicit_yen: bool) -> Decimal:
    """億 and 万 close a part; each part after the first is below the unit before it."""
    parts: list[tuple[list[_Number | str], str | None]] = []
    part: list[_Number | str] = []
    for token in tokens:
        if isinstance(token, str) and token in _BIG:
            closed = parts[-1][1] if parts else None
            if not part or (closed is not None and _BIG[token] >= _BIG[closed]):
                raise NotationError(msg("inputs.yen.unreadable"))
            parts.append((part, token))
            part = []
        else:
            part.append(token)
    if part:
        parts.append((part, None))
    total, before = Decimal(0), None
    for items, big in parts:
        trailing = big is None and before is not None  # the 3000 of 12万3000
        value = _part(_terms(items), before if trailing else None, lenient=big is None and explicit_yen)
        if before is not None and value >= _BIG[before] // (_BIG[big] if big else 1):
            raise NotationError(msg("inputs.yen.part_too_big", after=before, limit="1" + before))
        total += value * (_BIG[big] if big else 1)
        before = big
    return total


def _terms(items: list[_Number | str]) -> list[tuple[_Number | None, str | None]]:
    """A part's terms: a number with its 千 or 百 (or none), or 千/百 alone (千万, 百万)."""
    terms: list[tuple[_Number | None, str | None]] = []
    i = 0
    while i < len(items):
        item, nxt = items[i], items[i + 1] if i + 1 < len(items) else None
        if isinstance(item, _Number) and isinstance(nxt, str):
            terms.append((item, nxt))
            i += 2
        else:
            terms.append((item, None) if isinstance(item, _Number) else (None, item))
            i += 1
    return terms


def _part(terms: list[tuple[_Number | None, str | None]], after: str | None, *,
          lenient: bool) -> Decimal:
    """The value of one part, its terms descending (3千5百); a bare number after a unit (``after``:
    the big unit before a trailing part, else the last 千 or 百) shows all its digits, unless 円
    ends the amount (``lenient``: 12万3円 is exact)."""
    value, prev = Decimal(0), None
    for number, name in terms:
        mult = 1 if name is None else _SMALL[name]
        if prev is not None and mult >= _SMALL.get(prev, 1):
            raise NotationError(msg("inputs.yen.unreadable"))
        if name is None and after is not None and not lenient:
            width = len(str(_SMALL.get(after) or _BIG[after])) - 1
            if number is None or number.digits != width:
                raise NotationError(msg("inputs.yen.tail", after=after, digits=width))
        amount = (number.value if number is not None else Decimal(1)) * mult
        if prev is not None and amount >= _SMALL[prev]:
            raise NotationError(msg("inputs.yen.part_too_big", after=prev, limit="1" + prev))
        value += amount
        prev = after = name
    return value


_RATE_PREFIX = re.compile(r"^(?:年利|年率|金利|年)")
_RATE_SUFFIX = re.compile(r"(?:%|パーセント|percent)$", re.I)
_DECIMAL = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:e[-+]?[0-9]+)?$", re.I)


def percent(raw: str) -> Decimal:
    """A percentage as written (``0.9``, ``0.9%``, ``0.9％``, ``年0.9%``, ``年利 0.9 %``), as a Decimal
    of percent (0.9 for 0.9%); a sign is kept for the caller's range check."""
    text = normalize(raw)
    if text.startswith("月"):
        raise NotationError(msg("inputs.percent.monthly"))
    text = _RATE_SUFFIX.sub("", _RATE_PREFIX.sub("", text))
    sign = -1 if text.startswith("-") else 1
    text = text.removeprefix("-")
    _check_length(text)
    if not _DECIMAL.match(text):
        raise NotationError(msg("inputs.percent.unreadable"))
    value = Decimal(text)
    if abs(value.adjusted()) > MAX_DIGITS:  # 1e999999999 would overflow the decimal context
        raise NotationError(msg("bounds.digits", limit=MAX_DIGITS))
    return sign * value


def percent_fraction(raw: str) -> Fraction:
    """``percent`` as an exact fraction of one (0.9% → 9/1000)."""
    return Fraction(percent(raw)) / 100


_TERM = re.compile(
    r"^(?:(?P<y>[0-9]+)(?:年|years?|yrs?|y))?"
    r"(?:(?P<m>[0-9]+)(?:か月|ヶ月|カ月|ケ月|ヵ月|箇月|ヶ月|months?|mo))?$", re.I)


def term_months(raw: str, *, bare: str = "years") -> int:
    """A term in months: ``35年`` (420), ``420か月`` (ヶ月, カ月, ヵ月, 箇月), ``30年6か月`` (366);
    a bare number counts ``bare`` ("years" or "months")."""
    text = normalize(raw)
    _check_length(text)
    if text.isdigit():
        return int(text) * (12 if bare == "years" else 1)
    m = _TERM.match(text)
    if not text or m is None or (m.group("y") is None and m.group("m") is None):
        raise NotationError(msg("inputs.term.unreadable"))
    return int(m.group("y") or 0) * 12 + int(m.group("m") or 0)


def whole_number(raw: str) -> int:
    """A whole number: full-width digits and three-digit commas allowed (``１２``, ``1,200``)."""
    text = normalize(raw)
    sign = -1 if text.startswith("-") else 1
    text = text.removeprefix("-").removeprefix("+") if sign == 1 else text[1:]
    _check_length(text)
    if not re.match(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)$", text):
        raise NotationError(msg("inputs.number.unreadable"))
    return sign * int(text.replace(",", "").replace("_", ""))
