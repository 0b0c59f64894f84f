"""The property's location in the case file (所在地): municipality code, prefecture, district, floor area.

The municipality code is the 全国地方公共団体コード (JIS X 0402): 5 digits (千代田区 ``13101``), or
6 with its check digit (``131016``), which is verified and dropped. A well-formed code missing from
総務省's list shipped with zansai (``zansai.rules.municipalities``, dated) is not refused, since
codes change: the auction's court view carries a note saying so. The location picks the
court that would sell the home at auction (``zansai.rules.courts.court_for``); the floor area
(専有面積 / 延床面積) is what comparable sales are priced per ㎡ on.
"""

# No `from __future__ import annotations`: pydantic reads these annotations at start-up.

from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

FLOOR_AREA_MAX = Decimal(100_000)
"""The largest floor area taken (㎡): a home, not a district."""
DISTRICT_MAX = 60
"""The longest 地区名 taken (characters)."""


def _custom(ja: str, en: str) -> PydanticCustomError:
    return PydanticCustomError("zansai", "{en}", {"ja": ja, "en": en})


def check_digit(code5: str) -> int:
    """The 検査数字 of a 5-digit code: weights 6,5,4,3,2, sum mod 11, the last digit of 11 − it."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def _prefecture_ok(code: str) -> bool:
    return 1 <= int(code[:2]) <= 47


def municipality_code(raw: object) -> str:
    """A 5-digit 全国地方公共団体コード from 5 digits, or 6 with a correct check digit."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _custom("市区町村コードは \"13101\" のような5桁（検査数字付きなら6桁）で指定してください",
                      "give the municipality code as 5 digits such as \"13101\" (6 with the check digit)")
    text = str(raw).strip() if isinstance(raw, str) else str(raw).zfill(5)
    if len(text) not in (5, 6) or not text.isascii() or not text.isdigit():
        raise _custom("市区町村コードは5桁（検査数字付きなら6桁）の数字です（例: 千代田区 13101）",
                      "a municipality code is 5 digits, or 6 with the check digit (千代田区: 13101)")
    if not _prefecture_ok(text):
        raise _custom("市区町村コードの上2桁（都道府県）は 01〜47 です",
                      "the first two digits (the prefecture) must be 01 to 47")
    if len(text) == 6 and check_digit(text[:5]) != int(text[5]):
        raise _custom(f"市区町村コード {text} の検査数字（6桁目）が合いません（正しくは {text[:5]}"
                      f"{check_digit(text[:5])}）",
                      f"the check digit (6th digit) of {text} is wrong (it should be "
                      f"{text[:5]}{check_digit(text[:5])})")
    return text[:5]


def prefecture_code(raw: object) -> str:
    """A 2-digit prefecture code (JIS X 0401), 01–47."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _custom("都道府県コードは \"13\" のような2桁で指定してください",
                      "give the prefecture code as 2 digits such as \"13\"")
    text = str(raw).strip() if isinstance(raw, str) else str(raw).zfill(2)
    if len(text) != 2 or not text.isascii() or not text.isdigit() or not _prefecture_ok(text):
        raise _custom("都道府県コードは 01〜47 の2桁です（例: 東京都 13）",
                      "a prefecture code is 2 digits from 01 to 47 (Tokyo: 13)")
    return text


def district(raw: object) -> str:
    """地区名: a short text (大字・町名)."""
    if not isinstance(raw, str) or not raw.strip():
        raise _custom("地区名は文字列で指定してください", "give the district name as text")
    if len(raw.strip()) > DISTRICT_MAX:
        raise _custom(f"地区名は{DISTRICT_MAX}文字以内にしてください",
                      f"a district name is at most {DISTRICT_MAX} characters")
    return raw.strip()


def floor_area(raw: object) -> Decimal:
    """専有面積・延床面積 in ㎡: a decimal number or string, above 0, at most ``FLOOR_AREA_MAX``."""
    problem = _custom(f"床面積は 0 より大きく {FLOOR_AREA_MAX:,} ㎡ 以下の数で指定してください"
                      "（例: \"65.5\"）",
                      f"give the floor area as a number of ㎡ above 0 and at most {FLOOR_AREA_MAX:,} "
                      "(such as \"65.5\")")
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise problem
    text = repr(raw) if isinstance(raw, float) else str(raw).strip().removesuffix("㎡").removesuffix("m2")
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise problem from None
    if not value.is_finite() or not 0 < value <= FLOOR_AREA_MAX:
        raise problem
    return value


MunicipalityCodeIn = Annotated[str, BeforeValidator(municipality_code), WithJsonSchema(
    {"type": "string", "pattern": "^[0-9]{5,6}$", "examples": ["13101", "131016"],
     "description": "全国地方公共団体コード: 5 digits, or 6 with the check digit (verified)"})]
PrefectureCodeIn = Annotated[str, BeforeValidator(prefecture_code), WithJsonSchema(
    {"type": "string", "pattern": "^[0-9]{2}$", "examples": ["13"],
     "description": "都道府県コード 01–47"})]
DistrictIn = Annotated[str, BeforeValidator(district), WithJsonSchema(
    {"type": "string", "maxLength": DISTRICT_MAX, "description": "地区名 (大字・町名)"})]
FloorAreaIn = Annotated[Decimal, BeforeValidator(floor_area), WithJsonSchema(
    {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 100000},
               {"type": "string", "examples": ["65.5"]}],
     "description": "床面積 ㎡ (専有面積 / 延床面積), above 0, at most 100,000"})]
