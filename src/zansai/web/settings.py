"""How the app runs: address, database, access token and limits."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from zansai.errors import InputError

MAX_BODY_BYTES = 1_000_000
"""A case file is a few kilobytes; anything above 1 MB is refused with 413."""


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
        if self.token is not None and len(self.token) < 16:
            raise InputError.invalid("--token", "(hidden)", "16文字以上のトークンを指定してください",
                                     "use a token of at least 16 characters")
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
