"""What the results page and the report show, built from the plan (and only from it).

The page renders the plan's own JSON (``Plan.to_dict()``, the same as the ``.json`` twin) plus
the charts; every figure's "why?" panel is a list of the engine's steps with their rules. This
module only gathers: every figure and step comes from the engine.
"""

from __future__ import annotations

from typing import Any

from zansai.engine.plan import Plan
from zansai.model import ExitKey
from zansai.report import charts
from zansai.report.now import now_context


def _steps_in(obj: Any) -> list[dict[str, Any]]:
    """Every step dict inside a plan fragment: ``why`` values and ``steps`` lists, in order."""
    out: list[dict[str, Any]] = []
    if isinstance(obj, dict):
        if "formula" in obj and "result" in obj and "name" in obj:
            out.append(obj)
            return out
        for key, value in obj.items():
            if key in ("why", "steps") or isinstance(value, dict | list):
                out.extend(_steps_in(value))
    elif isinstance(obj, list):
        for item in obj:
            out.extend(_steps_in(item))
    return out


def _unique(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for st in steps:
        key = (st["name"], st["result"])
        if key not in seen:
            seen.add(key)
            out.append(st)
    return out


def result_context(plan: Plan, lang: str) -> dict[str, Any]:
    d = plan.to_dict()
    prices = d["valuation"].get("prices", {})
    why_exit: dict[str, list[dict[str, Any]]] = {}
    for e in d["exits"]:
        steps = _steps_in(prices.get(e["key"], {}).get("why"))
        steps += _steps_in(e.get("costs"))
        steps += _steps_in(e.get("distribution"))
        steps += _steps_in(e.get("steps"))
        steps += _steps_in(e.get("capital_gains_tax", {}).get("steps"))
        why_exit[e["key"]] = _unique(steps)
    shown = d.get("distribution") or {}
    distribution = next((e.get("distribution") for e in d["exits"] if e["key"] == shown.get("exit")), None)
    rules_index = {(r["key"], r["period"]): r for r in d["rules_used"]}
    routes = d.get("residual_routes") or {}
    why_route = {r["key"]: _unique(_steps_in(r.get("steps"))) for r in routes.get("routes", [])}
    return {
        "plan": d,
        "best": next((e for e in d["exits"] if e["key"] == d["best_exit"]), None),
        "why_exit": why_exit,
        "why_route": why_route,
        "why_distribution": _unique(_steps_in(distribution)),
        "why_value": _unique(_steps_in(d["valuation"].get("steps"))),
        "why_balance": [plan.balance_step().to_dict()],
        "why_owed": _unique([st for e in d["exits"] if e["key"] == ExitKey.NORMAL_SALE
                             for st in _steps_in(e.get("steps")) if st["name"].startswith("amount_owed")]),
        "why_timeline": _unique(_steps_in((d.get("timeline") or {}).get("milestones"))),
        "why_division": _unique(_steps_in((d.get("division") or {}).get("steps"))),
        "rules_index": rules_index,
        "now": now_context(plan, plan.case.at, lang),
        "charts": charts.page_charts(plan, lang),
    }


PANELS = {"market-value": "why_value", "loan-balance": "why_balance", "owed": "why_owed",
          "distribution": "why_distribution", "timeline": "why_timeline", "division": "why_division"}
"""The "why?" panels of the results page by id (``exit-<key>`` and ``route-<key>`` besides)."""


def panel_steps(context: dict[str, Any], panel: str) -> list[dict[str, Any]] | None:
    """The steps of one "why?" panel of ``context`` (a ``result_context``), by the panel's id."""
    if panel in PANELS:
        steps: list[dict[str, Any]] = context[PANELS[panel]]
        return steps
    kind, _, key = panel.partition("-")
    table = {"exit": "why_exit", "route": "why_route"}.get(kind)
    return context[table].get(key) if table else None
