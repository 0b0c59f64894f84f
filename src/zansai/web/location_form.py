"""The home's location on the web forms (所在地): the prefecture picked from the 47, the municipality
typed or picked by name (「世田谷区」「札幌市中央区」), resolved to its 5-digit code.

A homeowner on a phone does not know 全国地方公共団体コード. The names come from data the app holds
or cites: 総務省's list of every municipality and ward (zansai.rules.municipalities, dated), the
imported comparable sales (MLIT writes 市区町村名 beside 市区町村コード on every row) and the
cities the court jurisdiction table names with their codes. A name is found as 総務省 writes it
(「横浜市港北区」), without its city (「港北区」), with or without its 郡 (「西多摩郡奥多摩町」), or
in hiragana or katakana (「せたがやく」). A code still works as it is,
and 「世田谷区（13112）」, as the form shows a saved code, is read by its code. A name the data does
not know, or one that fits several municipalities, is a one-line bilingual error on the field
saying what to enter. The guided form and the quick check's 「わからない」 both resolve through
``resolve``.

Floor area is in ㎡ only: the rule files hold no conversion from 坪.
"""

from __future__ import annotations

import re
import threading
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zansai.errors import InputError
from zansai.messages import msg

PREFECTURES: tuple[tuple[str, str, str], ...] = (
    ("01", "北海道", "Hokkaido"), ("02", "青森県", "Aomori"), ("03", "岩手県", "Iwate"),
    ("04", "宮城県", "Miyagi"), ("05", "秋田県", "Akita"), ("06", "山形県", "Yamagata"),
    ("07", "福島県", "Fukushima"), ("08", "茨城県", "Ibaraki"), ("09", "栃木県", "Tochigi"),
    ("10", "群馬県", "Gunma"), ("11", "埼玉県", "Saitama"), ("12", "千葉県", "Chiba"),
    ("13", "東京都", "Tokyo"), ("14", "神奈川県", "Kanagawa"), ("15", "新潟県", "Niigata"),
    ("16", "富山県", "Toyama"), ("17", "石川県", "Ishikawa"), ("18", "福井県", "Fukui"),
    ("19", "山梨県", "Yamanashi"), ("20", "長野県", "Nagano"), ("21", "岐阜県", "Gifu"),
    ("22", "静岡県", "Shizuoka"), ("23", "愛知県", "Aichi"), ("24", "三重県", "Mie"),
    ("25", "滋賀県", "Shiga"), ("26", "京都府", "Kyoto"), ("27", "大阪府", "Osaka"),
    ("28", "兵庫県", "Hyogo"), ("29", "奈良県", "Nara"), ("30", "和歌山県", "Wakayama"),
    ("31", "鳥取県", "Tottori"), ("32", "島根県", "Shimane"), ("33", "岡山県", "Okayama"),
    ("34", "広島県", "Hiroshima"), ("35", "山口県", "Yamaguchi"), ("36", "徳島県", "Tokushima"),
    ("37", "香川県", "Kagawa"), ("38", "愛媛県", "Ehime"), ("39", "高知県", "Kochi"),
    ("40", "福岡県", "Fukuoka"), ("41", "佐賀県", "Saga"), ("42", "長崎県", "Nagasaki"),
    ("43", "熊本県", "Kumamoto"), ("44", "大分県", "Oita"), ("45", "宮崎県", "Miyazaki"),
    ("46", "鹿児島県", "Kagoshima"), ("47", "沖縄県", "Okinawa"),
)
"""都道府県コード (JIS X 0401, the first two digits of every 全国地方公共団体コード) and names."""
PREFECTURE_NAMES = {code: (ja, en) for code, ja, en in PREFECTURES}

_CODE = re.compile(r"[0-9]{5}")
_IN_TEXT = re.compile(r"[（(]\s*([0-9]{5})\s*[）)]\s*$")
_SPACES = re.compile(r"\s+")
_GUN = re.compile(r"^(.+?郡)(.+[町村])$")
_NOTE_CITY = re.compile(r"([^\s,(（]+市) \(([0-9]{5})")
_COURTS = Path(__file__).resolve().parents[1] / "rules" / "data" / "_courts" / "jurisdiction.toml"


def normalize(name: str) -> str:
    """A name as compared: NFKC (full-width digits and spaces folded), no spaces, and the small
    ヶ/ヵ read as ケ/カ (茅ヶ崎市 and 茅ケ崎市 are written both ways)."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", name))
    return text.replace("ヶ", "ケ").replace("ヵ", "カ").replace("ｹ", "ケ")


@cache
def court_table_cities() -> dict[str, str]:
    """市区町村コード → name of the cities the court jurisdiction table gives with their code
    (「札幌市 (01100)」, 「川崎市 (14130)」): known even before any comparable is imported."""
    doc = tomllib.loads(_COURTS.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for area in doc.get("areas", ()):
        for name, code in _NOTE_CITY.findall(str(area.get("note", ""))):
            out.setdefault(code, name)
    return dict(sorted(out.items()))


_LOCK = threading.Lock()
_DB_NAMES: dict[tuple[str, int], dict[str, str]] = {}


def imported_names(db: Path | None) -> dict[str, str]:
    """code → name of every municipality with imported comparables (kept until the next import)."""
    if db is None or not Path(db).exists():
        return {}
    from zansai.comps.names import imports_mark, municipality_names
    from zansai.comps.store import CompStore
    from zansai.errors import ZansaiError

    try:
        with CompStore(db) as store:
            mark = imports_mark(store)
            key = (str(db), mark)
            with _LOCK:
                hit = _DB_NAMES.get(key)
            if hit is not None:
                return hit
            names = municipality_names(store)
    except ZansaiError:
        return {}  # not a zansai database: the court table's names alone
    with _LOCK:
        _DB_NAMES.clear()
        _DB_NAMES[key] = names
    return names


def known_names(db: Path | None, prefecture: str | None = None) -> dict[str, str]:
    """市区町村コード → 市区町村名 the forms suggest: every municipality of ``prefecture`` (総務省's
    list, the court table's cities, the imported comparables' names), or with no prefecture picked
    only the court table's cities and the imported names, so the page stays light (sorted by code)."""
    names = {**(listed_names(prefecture) if prefecture else {}), **court_table_cities(), **imported_names(db)}
    return {c: n for c, n in sorted(names.items()) if not prefecture or c.startswith(prefecture)}


def listed_names(prefecture: str | None = None) -> dict[str, str]:
    """市区町村コード → 市区町村名 from 総務省's list, in ``prefecture`` or everywhere."""
    from zansai.rules.municipalities import names

    return names(prefecture)


def _names(db: Path | None, prefecture: str | None) -> dict[str, str]:
    """Every name a typed name is looked up in: the list's, the court table's and the imported."""
    names = {**listed_names(prefecture), **court_table_cities(), **imported_names(db)}
    return {c: n for c, n in sorted(names.items()) if not prefecture or c.startswith(prefecture)}


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved municipality: its code and the name it was found by (None for a code typed)."""

    code: str
    name: str | None = None


def _matches(wanted: str, names: dict[str, str]) -> list[str]:
    """The codes whose name is ``wanted``: the full name (「札幌市中央区」, 「北区」 of 東京都) or the
    name without its 郡 or city (「中央区」 for 札幌市中央区), all of them (so 「北区」 with no
    prefecture fits several); else the name typed with its 郡 (「西多摩郡奥多摩町」), else its
    reading (「せたがやく」, 「セタガヤク」)."""
    short = re.compile(r"^(?:.+?郡|.+?市)" + re.escape(wanted) + "$")
    found = [c for c, n in names.items() if normalize(n) == wanted or short.match(normalize(n))]
    if found:
        return found
    from zansai.rules.municipalities import lookup

    gun = _GUN.match(wanted)
    if gun:
        found = [c for c in _matches(gun.group(2), names)
                 if (m := lookup(c)) is None or m.gun == gun.group(1)]
        if found:
            return found
    kana = _hiragana(wanted)
    return [c for c in names if (m := lookup(c)) is not None and m.kana == kana]


def _hiragana(text: str) -> str:
    """Katakana read as hiragana (the list writes readings in hiragana)."""
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def _prefecture_of(text: str) -> tuple[str | None, str]:
    """A leading prefecture name (「東京都世田谷区」) → its code and the rest."""
    for code, ja, _en in PREFECTURES:
        if text.startswith(ja) and len(text) > len(ja):
            return code, text[len(ja):]
    return None, text


def _error(field: str, id: str, **params: object) -> InputError:
    m = msg(f"location_form.{id}", **params)
    return InputError(m.text("ja"), m.text("en"), field=field)


def resolve(raw: str, prefecture: str | None, db: Path | None, *, field: str) -> Place | None:
    """The municipality ``raw`` names: a 5-digit code as it is, 「name（code）」 by its code, or a
    name looked up among the known names (in ``prefecture`` when one is picked). None when blank.
    A name not found, found in several municipalities or outside the prefecture picked is an
    ``InputError`` on ``field`` saying what to enter."""
    text = normalize(raw)
    if not text:
        return None
    typed = _IN_TEXT.search(text)
    if _CODE.fullmatch(text) or typed:
        code = typed.group(1) if typed else text
        if prefecture and not code.startswith(prefecture):
            raise _error(field, "other_prefecture", code=code, prefecture=_pref(prefecture))
        return Place(code)
    if text.isdigit():
        return Place(text)  # a wrong number of digits: the case's own check names it
    named, rest = _prefecture_of(text)
    if named and prefecture and named != prefecture:
        raise _error(field, "other_prefecture", code=raw.strip(), prefecture=_pref(prefecture))
    where = prefecture or named
    names = _names(db, where)
    found = _matches(rest, names)
    if len(found) == 1:
        return Place(found[0], names[found[0]])
    if found:
        choices = "、".join(f"{'' if where else _pref(c[:2])[0]}{names[c]}（{c}）" for c in found[:6])
        choices += "…" if len(found) > 6 else ""
        raise _error(field, "several", name=raw.strip(), choices=choices)
    if where:
        raise _error(field, "unknown_in", name=rest, prefecture=_pref(where))
    raise _error(field, "unknown", name=rest)


def _pref(code: str) -> tuple[str, str]:
    return PREFECTURE_NAMES.get(code, (code, code))


def shown(code: str | None, db: Path | None) -> str:
    """A saved code as the form shows it: 「世田谷区（13112）」 when its name is known, else the code."""
    if not code:
        return ""
    name = _names(db, code[:2]).get(code)
    return f"{name}（{code}）" if name else code


def checked_prefecture(raw: str | None) -> str | None:
    """A prefecture picked from the list (two digits 01–47), else None."""
    value = (raw or "").strip()
    return value if value in PREFECTURE_NAMES else None


MUNICIPALITY_FIELD = "property.municipality_code"
PREFECTURE_FIELD = "property.prefecture_code"


Items = list[tuple[str, str]]


def resolve_form(items: Items, db: Path | None) -> tuple[Items, InputError | None]:
    """The guided form's fields with the municipality's name replaced by its code, and the error
    when it does not resolve (the text is then kept, for the form to show it again)."""
    sent = dict(items)
    raw = sent.get(MUNICIPALITY_FIELD, "")
    try:
        place = resolve(raw, checked_prefecture(sent.get(PREFECTURE_FIELD)), db, field=MUNICIPALITY_FIELD)
    except InputError as exc:
        return items, exc
    code = place.code if place is not None else ""
    return [(k, code if k == MUNICIPALITY_FIELD else v) for k, v in items], None


def db_of(request: object) -> Path:
    """The app's database (the comparables sit beside the saved cases)."""
    return Path(request.app.state.store.path)  # type: ignore[attr-defined]
