"""Errors that speak to the user in Japanese and English.

An ``InputError`` is a user's mistake: the shells print its one-line message and exit with
status 2, never a traceback. It keeps its parts (the field, the value, what is allowed), so a
shell can name the field its own way (``renamed``) without parsing the message. A
``DomainError`` comes from the engine or the core models and names a domain field path
(``loan.first_missed``); each shell maps that path to its flag, form field or case-file path.
A ``RuleDataError`` is a defect in the rule book itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Self

from zansai.messages import Msg


class ZansaiError(Exception):
    """Base class: every error carries a Japanese and an English sentence."""

    def __init__(self, message_ja: str, message_en: str, *, field: str | None = None) -> None:
        self.message_ja = message_ja
        self.message_en = message_en
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The bilingual one-line message shown to a user."""
        return f"{self.message_ja} / {self.message_en}"

    def to_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "message_ja": self.message_ja, "message_en": self.message_en}

    def detail(self) -> tuple[str, str]:
        """The message without the field's name (for a message shown under its own field)."""
        return self.message_ja, self.message_en


_NO_VALUE = object()


def _pair(ja: str | Msg | tuple[str, str], en: str | None) -> tuple[str, str]:
    """A sentence in both languages: ``(ja, en)`` strings, or one message (``Msg`` or pair) as ``ja``."""
    if isinstance(ja, str):
        if en is None:
            raise TypeError("an error needs its English sentence too")
        return ja, en
    return ja[0], ja[1]


class InputError(ZansaiError):
    """Bad input from a user: names the field, the value and what is allowed."""

    value: object = _NO_VALUE
    """The value refused (``invalid``); absent for a problem stated in words (``about``)."""
    problem: tuple[str, str] | None = None
    """What is allowed or what is wrong, without the field: ``(ja, en)``."""

    @classmethod
    def invalid(cls, field: str, value: object, allowed_ja: str | Msg | tuple[str, str],
                allowed_en: str | None = None) -> Self:
        """"``field`` の値 ``value`` は使えません。…" / "``field``: ``value`` is not allowed; …".

        What is allowed is a Japanese and an English sentence, or one catalog message
        (``msg(id, …)``, or any ``(ja, en)`` pair) in place of both."""
        allowed_ja, allowed_en = _pair(allowed_ja, allowed_en)
        err = cls(f"{field} の値 {value!s} は使えません。{allowed_ja}",
                  f"{field}: {value!s} is not allowed; {allowed_en}", field=field)
        err.value, err.problem = value, (allowed_ja, allowed_en)
        return err

    @classmethod
    def about(cls, field: str, problem_ja: str | Msg | tuple[str, str],
              problem_en: str | None = None) -> Self:
        """"``field``: ``problem``": a mistake that is not one value (a missing section, a clash).

        The problem is a Japanese and an English sentence, or one catalog message in place of both."""
        problem_ja, problem_en = _pair(problem_ja, problem_en)
        err = cls(f"{field}: {problem_ja}", f"{field}: {problem_en}", field=field)
        err.problem = (problem_ja, problem_en)
        return err

    def renamed(self, field: str) -> InputError:
        """The same mistake under another name for its field (a flag, a case-file path, a key)."""
        if self.problem is None:
            return InputError(self.message_ja, self.message_en, field=field)
        if self.value is _NO_VALUE:
            return InputError.about(field, *self.problem)
        return InputError.invalid(field, self.value, *self.problem)

    def detail(self) -> tuple[str, str]:
        if self.problem is None:
            return self.message_ja, self.message_en
        if self.value is _NO_VALUE:
            return self.problem
        return (f"値 {self.value!s} は使えません。{self.problem[0]}",
                f"{self.value!s} is not allowed; {self.problem[1]}")


class DomainError(InputError):
    """An engine input breaks a rule of the domain; ``field`` is a domain path such as
    ``loan.first_missed``, which each shell maps to its own name (``for_shell``)."""

    def for_shell(self, names: Mapping[str, str]) -> InputError:
        """This error named as a shell names its fields; a path it does not know stays as it is."""
        name = names.get(self.field or "")
        return self if name is None else self.renamed(name)


class RuleNotFoundError(InputError):
    """A rule key that the rule book does not have."""


class RuleCoverageError(InputError):
    """A date outside the dates a rule covers."""


class RuleDataError(ZansaiError):
    """A rule file breaks the rule-book schema (a defect in the data, not the user's)."""

    def __init__(self, path: str, problem_ja: str, problem_en: str) -> None:
        super().__init__(f"ルールファイル {path}: {problem_ja}", f"rule file {path}: {problem_en}")
        self.path = path
        self.problem = (problem_ja, problem_en)
