"""What the web app accepts before the engine sees it: text that is text, and bounded titles.

A JSON body may carry a lone surrogate (``"\\ud800"``): Python keeps it in a ``str``, but it
cannot be written as UTF-8, so it would fail only later, when the answer, the page or the
database row is written (a 500, or a saved case whose page never opens). It is refused here,
as a user's mistake naming the field.
"""

from __future__ import annotations

from typing import Any

from zansai.errors import InputError

TITLE_MAX = 200
"""The longest title a saved case may have (characters): a title is a name, not a note."""


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _path(parent: str, key: object) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def not_text(data: Any, root: str = "") -> str | None:
    """The path of the first key or string in ``data`` that is not valid text, or None.

    Walked with a stack, not recursion: the depth of a body is the parser's business."""
    stack: list[tuple[str, Any]] = [(root, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if not _is_text(value):
                return where or "body"
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and not _is_text(key):
                    return where or "body"
                stack.append((_path(where, key), item))
        elif isinstance(value, list):
            stack.extend((_path(where, i), item) for i, item in enumerate(value))
    return None


def bad_text(field: str) -> InputError:
    # The value itself is not repeated: it cannot be printed.
    return InputError(f"{field}: 文字として読めない値（対になっていないサロゲート）が含まれています",
                      f"{field}: it holds something that is not text (a lone surrogate)", field=field)


def check_text(data: Any, root: str = "") -> None:
    """Refuse ``data`` if any key or string in it cannot be written as UTF-8."""
    where = not_text(data, root)
    if where is not None:
        raise bad_text(where)


def check_title(title: str, field: str = "title") -> str:
    """A saved case's title: text, at most ``TITLE_MAX`` characters."""
    check_text(title, field)
    if len(title) > TITLE_MAX:
        raise InputError.about(field, f"タイトルは {TITLE_MAX} 文字までにしてください"
                                      f"（{len(title):,} 文字あります）",
                               f"a title may have at most {TITLE_MAX} characters (it has {len(title):,})")
    return title
