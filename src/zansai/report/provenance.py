"""What made a JSON output: the zansai version and the fingerprint of the rule book it used.

Every JSON output carries both (after its ``schema`` when it has one), so a saved result says
which code and which rules produced its figures.
"""

from __future__ import annotations

from typing import Any

from zansai import __version__


def stamped(data: dict[str, Any], rules_fingerprint: str | None) -> dict[str, Any]:
    """``data`` with ``zansai_version`` and ``rules_fingerprint`` (None: no rule book was used)."""
    head = {"schema": data["schema"]} if "schema" in data else {}
    stamp: dict[str, Any] = {"zansai_version": __version__}
    if rules_fingerprint is not None:
        stamp["rules_fingerprint"] = rules_fingerprint
    return {**head, **stamp, **data}
