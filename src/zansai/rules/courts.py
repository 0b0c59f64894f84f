"""The courts that sell a property at auction (執行裁判所), and which one covers a municipality.

A mortgage auction is run by the district court (地方裁判所) of the property's location
(民事執行法44条), at its main office (本庁) or the branch (支部) that covers the municipality.
``court_for`` answers from the tables in ``rules/data/_courts`` (courts.toml, jurisdiction.toml);
where a municipality is not listed it falls back to the prefecture's district court and says
that the office, or in Hokkaido (four district courts) the court itself, is 不明.
Sources: docs/sources/auction-statistics.md §6.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from zansai.errors import InputError, RuleDataError
from zansai.rules.decode import decode_sources
from zansai.rules.model import Confidence, Source

DATA = Path(__file__).resolve().parent / "data" / "_courts"


class MatchLevel(StrEnum):
    """How precisely the court was found."""

    OFFICE = "branch"
    """The municipality is listed: the 本庁 or 支部 that sells there is known."""
    DISTRICT = "district"
    """The district court is known from the municipality, its office is not."""
    PREFECTURE = "prefecture-fallback"
    """Only the prefecture was used: its (first) district court, office 不明."""
    UNKNOWN = "unknown"
    """No usable location."""


class MatchFlag(StrEnum):
    OFFICE_UNKNOWN = "office_unknown"
    """Which office (本庁・支部) covers the property is 不明."""
    DISTRICT_UNCERTAIN = "district_uncertain"
    """The prefecture has several district courts (北海道) and the municipality is not listed."""
    LOCATION_UNKNOWN = "location_unknown"
    """Neither a municipality nor a prefecture was given."""


@dataclass(frozen=True, slots=True)
class Court:
    """A district court or one of its offices: ``tokyo``, ``tokyo:main``, ``tokyo:tachikawa``."""

    id: str
    name_ja: str
    name_en: str
    prefecture: str
    auctions_at: str | None = None
    """The office holding this branch's auctions when it holds none itself (秩父 → 熊谷)."""

    @property
    def district(self) -> str:
        return self.id.partition(":")[0]


@dataclass(frozen=True, slots=True)
class CourtMatch:
    """The court found for a location, how precisely, and what stays 不明."""

    court_id: str | None
    """The office that holds the auction (``auctions_at`` applied), or the district court."""
    district_id: str | None
    name_ja: str
    name_en: str
    level: MatchLevel
    flags: tuple[MatchFlag, ...] = ()
    confidence: Confidence | None = None
    sources: tuple[Source, ...] = ()
    section: str | None = None
    """The section of docs/sources/auction-statistics.md the mapping comes from."""


@dataclass(frozen=True, slots=True)
class _Area:
    office: str
    confidence: Confidence
    sources: tuple[Source, ...]
    section: str


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    courts: dict[str, Court]
    by_code: dict[str, _Area]
    by_name: dict[tuple[str, str], _Area]
    """(prefecture code, municipality name) → area."""
    by_prefecture: dict[str, str]
    """prefecture code → its district court (the first listed: 札幌 for 北海道)."""
    defaults: dict[str, _Area]
    """prefecture code → the auction office for a municipality no area lists (千葉 → 本庁)."""
    several: frozenset[str]
    """Prefectures with more than one district court."""


def _read(name: str) -> dict[str, Any]:
    try:
        return tomllib.loads((DATA / name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleDataError(f"_courts/{name}", f"読めません: {exc}", f"cannot be read: {exc}") from None


def sources_of(raw: dict[str, Any], where: str) -> tuple[Source, ...]:
    """The ``sources`` of a table, decoded as a rule file's are, each also saying how it was read."""
    found = decode_sources(raw.get("sources"), "_courts", where)
    if not all(s.read for s in found):
        raise RuleDataError(where, "出典に read がありません", "a source has no `read`")
    return found


def _codes(spec: str, where: str) -> list[str]:
    """``"13101"`` or the inclusive range ``"13101-13123"`` as 5-digit codes."""
    first, _, last = spec.partition("-")
    last = last or first
    if not (len(first) == len(last) == 5 and first.isdigit() and last.isdigit()
            and first[:2] == last[:2] and first <= last):
        raise RuleDataError(where, f"市区町村コード {spec} が不正です", f"bad municipality code {spec}")
    return [f"{n:05d}" for n in range(int(first), int(last) + 1)]


def _courts(doc: dict[str, Any]) -> dict[str, Court]:
    courts: dict[str, Court] = {}
    for d in doc["districts"]:
        courts[d["id"]] = Court(d["id"], d["name_ja"], d["name_en"], d["prefecture"])
    for o in doc["offices"]:
        district = courts[o["id"].partition(":")[0]]
        courts[o["id"]] = Court(o["id"], o["name_ja"], o["name_en"], district.prefecture,
                                o.get("auctions_at"))
    return courts


@cache
def jurisdiction() -> Jurisdiction:
    """The court tables, read once and checked: every office known, no municipality twice."""
    courts = _courts(_read("courts.toml"))
    by_code: dict[str, _Area] = {}
    by_name: dict[tuple[str, str], _Area] = {}
    for i, raw in enumerate(_read("jurisdiction.toml")["areas"]):
        where = f"_courts/jurisdiction.toml areas[{i}]"
        court = courts.get(raw["office"])
        if court is None:
            raise RuleDataError(where, f"裁判所 {raw['office']} がありません",
                                f"unknown office {raw['office']}")
        area = _Area(court.id, Confidence(raw["confidence"]), sources_of(raw, where), raw["section"])
        for spec in raw.get("codes", ()):
            for code in _codes(spec, where):
                if code[:2] != court.prefecture or code in by_code:
                    raise RuleDataError(where, f"コード {code} が重複か県違いです",
                                        f"code {code} repeated or outside the court's prefecture")
                by_code[code] = area
        for name in raw.get("names", ()):
            if (court.prefecture, name) in by_name:
                raise RuleDataError(where, f"{name} が重複しています", f"{name} listed twice")
            by_name[(court.prefecture, name)] = area
    defaults: dict[str, _Area] = {}
    for i, raw in enumerate(_read("jurisdiction.toml").get("defaults", ())):
        where = f"_courts/jurisdiction.toml defaults[{i}]"
        court = courts.get(raw["office"])
        if court is None or court.prefecture != raw["prefecture"]:
            raise RuleDataError(where, "既定の裁判所が不正です", "bad default office")
        defaults[raw["prefecture"]] = _Area(court.id, Confidence(raw["confidence"]),
                                            sources_of(raw, where), raw["section"])
    by_prefecture: dict[str, str] = {}
    several: set[str] = set()
    for court in courts.values():
        if ":" in court.id:
            continue
        if court.prefecture in by_prefecture:
            several.add(court.prefecture)
        else:
            by_prefecture[court.prefecture] = court.id
    return Jurisdiction(courts, by_code, by_name, by_prefecture, defaults, frozenset(several))


def _checked(value: str | None, digits: int, field: str) -> str | None:
    if value is None or value == "":
        return None
    if len(value) != digits or not value.isdigit():
        raise InputError.invalid(field, value, f"{digits}桁の数字で指定してください。",
                                 f"give {digits} digits.")
    return value


def _office_match(j: Jurisdiction, area: _Area) -> CourtMatch:
    court = j.courts[area.office]
    seller = j.courts[court.auctions_at] if court.auctions_at else court
    is_office = ":" in seller.id
    return CourtMatch(
        seller.id, seller.district, seller.name_ja, seller.name_en,
        MatchLevel.OFFICE if is_office else MatchLevel.DISTRICT,
        () if is_office else (MatchFlag.OFFICE_UNKNOWN,),
        area.confidence, area.sources, area.section)


def court_for(municipality_code: str | None, prefecture_code: str | None = None,
              municipality_name: str | None = None) -> CourtMatch:
    """The court that would sell a property (執行裁判所) in a municipality.

    ``municipality_code``: 5-digit 全国地方公共団体コード without the check digit (千代田区 13101);
    ``prefecture_code``: 2 digits (01–47), implied by the municipality code; a name is matched
    within the prefecture when the code is not listed. Bad codes are an ``InputError``."""
    code = _checked(municipality_code, 5, "municipality_code")
    prefecture = _checked(prefecture_code, 2, "prefecture_code")
    if code and prefecture and code[:2] != prefecture:
        raise InputError.about("municipality_code", f"都道府県コード {prefecture} と合いません。",
                               f"does not match prefecture_code {prefecture}.")
    prefecture = prefecture or (code[:2] if code else None)
    j = jurisdiction()
    area = j.by_code.get(code) if code else None
    if area is None and municipality_name and prefecture:
        area = j.by_name.get((prefecture, municipality_name.strip()))
    if area is None and prefecture and (code or municipality_name):
        area = j.defaults.get(prefecture)
    if area is not None:
        return _office_match(j, area)
    if prefecture is None:
        return CourtMatch(None, None, "不明", "unknown", MatchLevel.UNKNOWN, (MatchFlag.LOCATION_UNKNOWN,))
    district = j.by_prefecture.get(prefecture)
    if district is None:
        raise InputError.invalid("prefecture_code", prefecture, "01〜47 で指定してください。",
                                 "give 01 to 47.")
    court = j.courts[district]
    flags: tuple[MatchFlag, ...] = (MatchFlag.OFFICE_UNKNOWN,)
    if prefecture in j.several:
        flags += (MatchFlag.DISTRICT_UNCERTAIN,)
    return CourtMatch(court.id, court.id, court.name_ja, court.name_en, MatchLevel.PREFECTURE, flags,
                      Confidence.LOW if prefecture in j.several else Confidence.HIGH,
                      _LAW_SOURCES, "6.1")


_LAW_SOURCES = (
    Source(law="民事執行法", article="第44条第1項", url="https://laws.e-gov.go.jp/law/354AC0000000004",
           read="cited"),
    Source(law="下級裁判所の設立及び管轄区域に関する法律", article="別表第二表",
           url="http://roppou.mark-point.jp/条文/下級裁判所の設立及び管轄区域に関する法律.html",
           read="excerpt"),
)
