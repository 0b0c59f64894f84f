"""The credit lines MLIT's terms of use require wherever its data is shown (出典・API利用の表示)."""

from __future__ import annotations

from collections.abc import Iterable

from zansai.messages import Msg, msg


def credit_lines(sources: Iterable[str]) -> list[Msg]:
    """The lines for data from ``sources``: the download's source line always (the comparables
    come from MLIT's library), and the API's required sentence when any came through the API."""
    lines = [msg("comps.credit.download")]
    if "api" in set(sources):
        lines.append(msg("comps.credit.api"))
    return lines
