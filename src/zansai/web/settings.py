"""How the app runs: address, database, access token and limits."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from zansai.errors import InputError

MAX_BODY_BYTES = 1_000_000
"""A case file is a few kilobytes; anything above 1 MB is refused with 413."""


TOKEN_MIN = 16
"""The shortest access token accepted (characters)."""
TOKEN_MIN_DISTINCT = 6
"""A token must use at least this many different characters ("aaaa…" or 16 spaces is no secret)."""


def check_token(token: str) -> None:
    """Refuse a token that is no real secret: too short, blank, with spaces or control characters
    (they do not survive a header or a cookie), or built from a handful of characters.
    ``secrets.token_urlsafe(32)`` passes."""
    printable = all("!" <= c <= "~" and c not in ';,"\\' for c in token)
    if len(token) < TOKEN_MIN or not printable or len(set(token)) < TOKEN_MIN_DISTINCT:
        raise InputError.invalid(
            "--token", "(hidden)",
            f"{TOKEN_MIN} 文字以上で、{TOKEN_MIN_DISTINCT} 種類以上の文字からなるトークンを指定してください"
            "（空白・制御文字・; , \" \\ は使えません。例: python -c "
            "\"import secrets; print(secrets.token_urlsafe(32))\"）",
            f"use a token of at least {TOKEN_MIN} characters, of at least {TOKEN_MIN_DISTINCT} different "
            "characters, without spaces, control characters or ; , \" \\ (for example: python -c "
            "\"import secrets; print(secrets.token_urlsafe(32))\")")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    """Access token: required on every request when set; mandatory off loopback."""
    max_body_bytes: int = MAX_BODY_BYTES
    csrf_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def __post_init__(self) -> None:
        if self.token is not None:
            check_token(self.token)
        if not is_loopback(self.host) and not self.token:
            raise InputError(
                f"--host {self.host}: このコンピューター以外からも接続できるアドレスで起動するには、"
                "アクセストークン（環境変数 ZANSAI_TOKEN または --token）が必要です",
                f"--host {self.host}: serving on an address other machines can reach needs an access "
                "token (set ZANSAI_TOKEN or pass --token)", field="--host")

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"
