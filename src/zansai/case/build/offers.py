"""[[offers]] (申出価格・買付申込): each offer's way out, price and date, checked against the rest
of the file and named by its case-file path (``offers[1].date``)."""

from __future__ import annotations

import re
from datetime import date

from zansai.case.build.context import Context
from zansai.case.schema import CaseFile, OfferIn
from zansai.errors import InputError
from zansai.inputs import parse_date, parse_yen
from zansai.model.keys import AUCTION_EXITS, ExitKey
from zansai.model.offers import OFFER_EXITS, Offer

_CHOICES = ", ".join(OFFER_EXITS)
_AS_NORMAL_SALE = frozenset({ExitKey.SALE_WITH_SAVINGS, ExitKey.TRADE_UP})


def offers_of(items: list[OfferIn], ctx: Context) -> tuple[Offer, ...]:
    """The offers of the file; each one that cannot be used is a problem named by its path."""
    out: list[Offer] = []
    seen: dict[tuple[ExitKey, date], int] = {}
    for i, o in enumerate(items):
        key = _exit_key(o.exit, f"offers[{i}].exit", ctx)
        on = o.date or ctx.at
        if on > ctx.sale_date:
            ctx.report(f"offers[{i}].date", f"申出日は決済日 {ctx.sale_date} 以前の日付にしてください",
                       f"the offer date must be on or before the sale date {ctx.sale_date}")
        if o.price < 1:
            ctx.report(f"offers[{i}].price", "申出価格は1円以上にしてください",
                       "an offered price must be at least 1 yen")
        if key is None:
            continue
        if (key, on) in seen:
            ctx.report(f"offers[{i}].date",
                       f"{seen[key, on] + 1}件目の申出と出口も日付（{on}）も同じです"
                       "（どちらを使うか決められません。日付を直すか1件にしてください）",
                       f"offer {seen[key, on] + 1} has the same way out and the same date ({on}): "
                       "which one counts cannot be told; correct a date or keep one")
            continue
        seen[key, on] = i
        if o.price >= 1:
            out.append(Offer(exit=key, price=o.price, offered_on=on, buyer=o.buyer.strip(),
                             note=o.note.strip()))
    return tuple(out)


def _exit_key(raw: str, where: str, ctx: Context) -> ExitKey | None:
    """The way out an offer is for; one nobody can offer a price for is a problem, with the reason."""
    problem = exit_problem(raw)
    if problem is not None:
        ctx.report(where, *problem)
        return None
    return ExitKey(raw)


def exit_problem(raw: str) -> tuple[str, str] | None:
    """Why ``raw`` cannot be the way out of an offer (ja, en), or None when it can."""
    try:
        key = ExitKey(raw)
    except ValueError:
        return f"次のどれかを指定してください: {_CHOICES}", f"choose one of: {_CHOICES}"
    if key in OFFER_EXITS:
        return None
    if key in AUCTION_EXITS:
        return (f"競売の価格は入札で決まり、申出はありません（使える出口: {_CHOICES}）",
                f"an auction's price is set by the bidding, not by an offer (use one of: {_CHOICES})")
    if key in _AS_NORMAL_SALE:
        return ("この出口は通常売却と同じ価格で売ります。申出は normal_sale として入力してください",
                "this way out sells at the normal sale's price: enter the offer as normal_sale")
    return (f"この出口は家を売らないので、申出価格はありません（使える出口: {_CHOICES}）",
            f"this way out sells nothing, so it has no offered price (use one of: {_CHOICES})")


def offer_option(raw: str) -> OfferIn:
    """One ``--offer EXIT=PRICE[@DATE]`` of the command line (no date: the calculation date)."""
    exit_raw, sep, rest = raw.partition("=")
    if not sep or not rest.strip():
        raise InputError.invalid("--offer", raw, "出口=価格 の形で指定してください（例: short_sale=1750万、"
                                 "日付を付けるなら short_sale=1750万@2026-11-20）",
                                 "give it as EXIT=PRICE (short_sale=1750万; with a date, "
                                 "short_sale=1750万@2026-11-20)")
    problem = exit_problem(exit_raw.strip())
    if problem is not None:
        raise InputError.invalid("--offer", raw, *problem)
    price_raw, at, date_raw = rest.partition("@")
    price = parse_yen("--offer", price_raw.strip())
    on = parse_date("--offer", date_raw.strip()) if at else None
    return OfferIn(exit=exit_raw.strip(), price=price, date=on)


def option_error(exc: InputError, cf: CaseFile, raws: tuple[str, ...] | list[str]) -> InputError:
    """A mistake of an offer the command line added (after the file's ``cf``) named by its option,
    with the value as typed; any other mistake as it is."""
    match = re.match(r"offers\[(\d+)\]", exc.field or "")
    index = int(match.group(1)) - len(cf.offers) if match else -1
    if not 0 <= index < len(raws):
        return exc
    if exc.problem is None:
        return exc.renamed("--offer")
    return InputError.invalid("--offer", raws[index], *exc.problem)


def with_offers(cf: CaseFile, raws: tuple[str, ...] | list[str]) -> CaseFile:
    """The file with the command line's offers after its own (each checked like the file's)."""
    if not raws:
        return cf
    return cf.model_copy(update={"offers": [*cf.offers, *(offer_option(r) for r in raws)]})
