"""Message catalogs: the engine says *what* (an id and its parameters), the catalogs say it.

The engine never builds a sentence. It returns ``msg("exits.short_sale.needs_consent",
lender=…, amount=…)``; the Japanese and English wording lives in one catalog per language
(``messages/ja/*.toml``, ``messages/en/*.toml``, one file per domain, nested tables flattened
into dotted ids). A ``Msg`` still reads like the old ``(ja, en)`` pair (``m[0]``, ``ja, en = m``,
``m == (ja, en)``), so renderers pick a language with ``m.text(lang)`` and the JSON gives
``{"id", "ja", "en"}``.

Placeholders use ``str.format`` syntax. Besides the usual specs (``{amount:,}``):
``{x:yen}`` prints ``1,234,567円`` (``¥1,234,567`` in English); ``{n:ordinal}`` prints ``2nd`` in
English (``2`` in Japanese);
``{notes:join}`` runs a sequence of messages together (「A。B」, "A; B"); and a parameter that is
itself a ``Msg`` (or a ``(ja, en)`` pair of strings) is said in the same language.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, overload

LANGS = ("ja", "en")
_HERE = Path(__file__).resolve().parent


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, str], where: Path) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            _flatten(value, name, out, where)
        elif isinstance(value, str):
            if name in out:
                raise ValueError(f"{where}: message id {name!r} is defined twice")
            out[name] = value
        else:
            raise ValueError(f"{where}: message {name!r} must be a string")


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """Every message of one language, by id (read once per process, through a JSON cache)."""
    from zansai.messages.catalog_cache import load_catalog

    return load_catalog(_HERE / lang, lang, _flatten)


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st …"""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec and type(value) is str:  # a name, a date's text: as it is
            return value
        if isinstance(value, Msg):
            return value.text(self.lang)
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            return str(value[0] if self.lang == "ja" else value[1])  # an older (ja, en) pair
        if format_spec == "yen":
            if self.lang == "en":
                return ("-" if value < 0 else "") + "¥" + format(abs(value), ",")
            return format(value, ",") + "円"
        if format_spec == "join":  # several sentences as one: 「A。B」 / "A; B"
            return ("。" if self.lang == "ja" else "; ").join(str(self.format_field(v, "")) for v in value)
        if format_spec == "ordinal":
            return _ordinal(value) if self.lang == "en" else str(value)
        return str(super().format_field(value, format_spec))


_FORMATTERS = {lang: _Formatter(lang) for lang in LANGS}

_Pieces = tuple[tuple[str, str | None, str], ...]


@cache
def _pieces(lang: str, id: str) -> _Pieces | None:
    """The template of ``id`` split once into (literal, parameter name, format spec) pieces, for
    ``_render`` to fill without parsing it again; None when a field is more than a plain name
    (an attribute, an index, a conversion, a nested spec, a position): ``vformat`` renders those."""
    template = catalog(lang).get(id)
    if template is None:
        return None
    out: list[tuple[str, str | None, str]] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is not None and (not name.isidentifier() or conversion or "{" in (spec or "")):
            return None
        out.append((literal, name, spec or ""))
    return tuple(out)


@cache
def _constant(lang: str, id: str) -> str:
    """The text of a message without parameters (most labels and notes), rendered once."""
    return Msg(id, {})._fill(lang)


class Msg:
    """One sentence as an id and its parameters; rendered from the catalogs on first use."""

    __slots__ = ("_en", "_ja", "id", "params")

    def __init__(self, id: str, params: Mapping[str, Any] | None = None) -> None:
        self.id = id
        self.params: Mapping[str, Any] = params or {}
        self._ja: str | None = None
        self._en: str | None = None

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` (``"ja"`` or ``"en"``)."""
        if lang == "ja":
            if self._ja is None:
                self._ja = self._render("ja")
            return self._ja
        if self._en is None:
            self._en = self._render("en")
        return self._en

    def _render(self, lang: str) -> str:
        if not self.params:  # a label or a fixed note: the same text every time
            return _constant(lang, self.id)
        return self._fill(lang)

    def _fill(self, lang: str) -> str:
        pieces = _pieces(lang, self.id)
        fmt = _FORMATTERS[lang]
        if pieces is not None:  # the same text as vformat, without parsing the template again
            params = self.params
            return "".join([literal if name is None else literal + fmt.format_field(params[name], spec)
                            for literal, name, spec in pieces])
        template = catalog(lang).get(self.id)
        if template is None:
            raise KeyError(f"message {self.id!r} is missing from the {lang} catalog")
        return fmt.vformat(template, (), dict(self.params))

    @property
    def ja(self) -> str:
        return self.text("ja")

    @property
    def en(self) -> str:
        return self.text("en")

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[str, ...]: ...
    def __getitem__(self, i: int | slice) -> str | tuple[str, ...]:
        if i == 0 or i == -2:
            return self.text("ja")
        if i == 1 or i == -1:
            return self.text("en")
        return (self.ja, self.en)[i]

    def __iter__(self) -> Iterator[str]:
        yield self.ja
        yield self.en

    def __len__(self) -> int:
        return 2

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Msg | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple[str, str]:
        """Two sentences run together, language by language."""
        if isinstance(other, Msg | tuple) and len(other) == 2:
            return (self.ja + other[0], self.en + other[1])
        return NotImplemented

    def __repr__(self) -> str:
        return f"msg({self.id!r}, {dict(self.params)!r})"

    def to_dict(self) -> dict[str, str]:
        """As it appears in the JSON: the id and the sentence in both languages."""
        return {"id": self.id, "ja": self.ja, "en": self.en}


class Labelled:
    """A result named by one bilingual ``label`` (a message or a ``(ja, en)`` pair), read as
    ``label_ja`` and ``label_en`` by the renderers and the JSON."""

    __slots__ = ()
    label: Msg | tuple[str, str]

    @property
    def label_ja(self) -> str:
        return self.label[0]

    @property
    def label_en(self) -> str:
        return self.label[1]


def msg(id: str, /, **params: Any) -> Msg:
    """The message ``id`` with its parameters (the engine's way to say something)."""
    return Msg(id, params)


def fields_of(template: str) -> set[str]:
    """The parameter names a catalog template uses (for the catalog tests)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template)
            if name}
