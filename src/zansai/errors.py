"""Errors that speak to the user in Japanese and English.

An ``InputError`` is a user's mistake: the shells print its one-line message and exit with
status 2, never a traceback. A ``RuleDataError`` is a defect in the rule book itself.
"""

from __future__ import annotations


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


class InputError(ZansaiError):
    """Bad input from a user: names the field, the value and what is allowed."""

    @classmethod
    def invalid(cls, field: str, value: object, allowed_ja: str, allowed_en: str) -> InputError:
        return cls(
            f"{field} の値 {value!s} は使えません。{allowed_ja}",
            f"{field}: {value!s} is not allowed; {allowed_en}",
            field=field,
        )


class RuleNotFoundError(InputError):
    """A rule key that the rule book does not have."""


class RuleCoverageError(InputError):
    """A date outside the dates a rule covers."""


class RuleDataError(ZansaiError):
    """A rule file breaks the rule-book schema (a defect in the data, not the user's)."""

    def __init__(self, path: str, problem_ja: str, problem_en: str) -> None:
        super().__init__(f"ルールファイル {path}: {problem_ja}", f"rule file {path}: {problem_en}")
        self.path = path
