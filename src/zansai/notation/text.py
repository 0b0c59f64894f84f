"""Normalising what a user typed before it is read (表記ゆれの正規化), and the parser's error.

Japanese keyboards and phones give full-width digits and signs (２８００万, ０．９％), ideographic
spaces, several dashes and minus signs, and the era squares ㍻ ㋿. NFKC turns the full-width
forms into ASCII and the squares into 平成 and 令和; the dashes are mapped here; spaces anywhere
are dropped (「2 800 万」 is 2800万).
"""

from __future__ import annotations

import re
import unicodedata

from zansai.messages import Msg

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), "-")
"""Hyphens, dashes and the minus sign."""
_LONG_VOWEL = re.compile(r"(?<=[0-9])ー|ー(?=[0-9])")
"""The long-vowel mark ー typed for a dash or a minus: only next to a digit (not in パーセント)."""
_SPACE = re.compile(r"\s+")


class NotationError(ValueError):
    """Text that cannot be read as the value asked for; ``problem`` says what is allowed, in both
    languages and without the field, which the caller names (``inputs`` raises ``InputError``)."""

    def __init__(self, problem: Msg) -> None:
        self.problem = problem
        super().__init__(problem.en)


def normalize(text: str) -> str:
    """NFKC, dashes as ``-``, no whitespace: the one form every reader of this package parses."""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(_DASHES))
    return _LONG_VOWEL.sub("-", text)
