"""Pre-filled drafts (下書き) for the debtor to check and sign, in the project's own wording.

``build(plan, kind, lang)`` gives a neutral ``Draft`` (title, paragraphs, tables, blanks); the
renderers say it as HTML (printable A4, and PDF through ``report.pdf``) or DOCX. Each draft is
marked at its top and bottom as a draft and as no legal representation or advice; the Japanese
one is the one to sign, the English one a reading aid.
"""

from __future__ import annotations

from collections.abc import Callable

from zansai.engine.plan import Plan
from zansai.report.drafts.letters import instalment_proposal, short_sale_request
from zansai.report.drafts.model import Draft
from zansai.report.drafts.sheets import asset_list, budget

BUILDERS: dict[str, Callable[[Plan, str], Draft]] = {
    "short-sale-request": short_sale_request,
    "budget": budget,
    "instalment-proposal": instalment_proposal,
    "asset-list": asset_list,
}
KINDS = tuple(BUILDERS)
FORMATS = ("html", "docx", "pdf")


def build(plan: Plan, kind: str, lang: str = "ja") -> Draft:
    """The draft ``kind`` (one of ``KINDS``) of ``plan`` in ``lang``."""
    return BUILDERS[kind](plan, lang)


__all__ = ["FORMATS", "KINDS", "Draft", "build"]
