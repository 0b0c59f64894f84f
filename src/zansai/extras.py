"""Optional parts of the install: the web app (``zansai[web]``), portfolio mode (``zansai[batch]``)
and the office exports (``zansai[office]``: Excel, Word, iCalendar).

The core package is the engine and the command line. A command that needs an extra checks for it
first and, when it is missing, says in one line how to install it instead of failing on an import.
"""

from __future__ import annotations

from importlib.util import find_spec

from zansai.errors import ZansaiError

EXTRAS: dict[str, tuple[str, ...]] = {
    "web": ("fastapi", "uvicorn", "multipart", "orjson"),
    "batch": ("numpy", "numba", "polars", "pyarrow", "dask", "distributed"),
    "office": ("openpyxl", "docx", "icalendar"),
}
"""Each extra and the modules it brings (import names)."""


class MissingExtraError(ZansaiError):
    """A command needs an optional part that is not installed."""


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    return [m for m in EXTRAS[extra] if find_spec(m) is None]


def require(extra: str, what_ja: str, what_en: str) -> None:
    """Stop with a one-line install hint when ``extra`` is not installed."""
    absent = missing(extra)
    if absent:
        raise MissingExtraError(
            f"{what_ja}には追加の部品が必要です（{', '.join(absent)} がありません）: "
            f"pip install 'zansai[{extra}]'",
            f"{what_en} needs the optional part zansai[{extra}] ({', '.join(absent)} missing): "
            f"pip install 'zansai[{extra}]'",
            field=extra,
        )
