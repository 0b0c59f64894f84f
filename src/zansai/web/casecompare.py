"""Compare a case with its copies (what-ifs), and what changed between two versions of a case.

The inputs are compared flattened: every leaf of the case file under its path
(``loans[0].rate``), named by the form's label where the form has the field. The results are
each case's own plan: best exit, remaining debt, cash needed and the next deadlines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zansai.engine.plan import Plan
from zansai.report.now import next_steps
from zansai.web.feedback import place
from zansai.web.forms import FIELDS
from zansai.web.store import CaseRecord, CaseStore, ListRow

MAX_COLUMNS = 8
"""Cases compared at once (the original and up to seven copies)."""
_SKIP = ("title",)
"""Inputs that differ between copies by design."""


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a case file under its path: {"loans[0].rate": 1.2, "sale_date": "2027-03-31"}.
    An empty table or list is a leaf of its own (so that removing a section shows)."""
    out: dict[str, Any] = {}
    if isinstance(data, Mapping) and data:
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list) and data and any(isinstance(v, (Mapping, list)) for v in data):
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
    elif prefix:
        out[prefix] = data
    return out


def label_of(path: str) -> tuple[str, str] | None:
    """The form's label of an input (None: the form does not show it; the path names it)."""
    where = place(path)
    if where is None:
        return None
    field = FIELDS.get(where)
    return field.label if field is not None else None


def shown(value: Any) -> str:
    """A case-file value as one line of text ("—": not given)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return "、".join(shown(v) for v in value) or "—"
    if isinstance(value, Mapping):
        return "—" if not value else ", ".join(f"{k}={shown(v)}" for k, v in value.items())
    return str(value)


def input_rows(datas: list[dict[str, Any]], everything: bool = False) -> list[dict[str, Any]]:
    """One row per input: its path, label, the value in each case and whether they differ.
    Only the differing inputs unless ``everything``; in the case file's order."""
    flats = [flatten(d) for d in datas]
    order: dict[str, None] = {}
    for flat in flats:
        order.update(dict.fromkeys(flat))
    rows = []
    for path in order:
        if path in _SKIP:
            continue
        values = [flat.get(path) for flat in flats]
        differs = any(v != values[0] for v in values[1:])
        if differs or everything:
            rows.append({"path": path, "label": label_of(path), "values": [shown(v) for v in values],
                         "differs": differs})
    return rows


def change_summary(older: Mapping[str, Any], newer: Mapping[str, Any], newer_title: str,
                   older_title: str, lang: str, limit: int = 3) -> str:
    """One line: what a save changed (the labels of the first few inputs, and how many)."""
    rows = input_rows([dict(older), dict(newer)])
    names = [(r["label"][1 if lang == "en" else 0] if r["label"] else r["path"]) for r in rows]
    if older_title != newer_title:
        names.insert(0, "題名" if lang == "ja" else "title")
    if not names:
        return "変更なし" if lang == "ja" else "no change"
    more = len(names) - limit
    head = ("、" if lang == "ja" else ", ").join(names[:limit])
    if more > 0:
        return f"{head} ほか{more}件" if lang == "ja" else f"{head} and {more} more"
    return head


def family(store: CaseStore, case_id: str) -> list[CaseRecord]:
    """The case's original (followed up the copies) and every copy under it, original first, then
    by creation; at most ``MAX_COLUMNS``, always including ``case_id`` itself."""
    rows = store.list_rows()
    by_id: dict[str, ListRow] = {r.id: r for r in rows}
    root = by_id[case_id] if case_id in by_id else store.get(case_id)
    seen = {root.id}
    while root.parent_id and root.parent_id in by_id and root.parent_id not in seen:
        root = by_id[root.parent_id]
        seen.add(root.id)
    members = [root.id]
    frontier = [root.id]
    while frontier:
        children = sorted((r for r in rows if r.parent_id in frontier and r.id not in members),
                          key=lambda r: (r.created_at, r.seq))
        members += [c.id for c in children]
        frontier = [c.id for c in children]
    chosen = members[:MAX_COLUMNS]
    if case_id not in chosen:
        chosen[-1] = case_id
    return [store.get(i) for i in chosen]


def chosen(store: CaseStore, case_id: str, others: list[str]) -> tuple[list[CaseRecord], int]:
    """The cases to compare and how many of the case's family are left out.

    With ``others`` (any saved cases, chosen by the adviser): the case first, then those, in the
    order given, each once, at most ``MAX_COLUMNS``. Without: the case's family (``family``).
    An unknown id is an error naming it."""
    if others:
        ids = list(dict.fromkeys([case_id, *others]))[:MAX_COLUMNS]
        return [store.get(i) for i in ids], 0
    members = family(store, case_id)
    return members, family_size(store, case_id) - len(members)


def family_size(store: CaseStore, case_id: str) -> int:
    """How many cases the case's family has (the original and every copy, however deep)."""
    rows = store.list_rows()
    parent = {r.id: r.parent_id for r in rows}

    def root_of(i: str) -> str:
        seen = {i}
        while parent.get(i) and parent[i] in parent and parent[i] not in seen:
            i = parent[i]  # type: ignore[assignment]
            seen.add(i)
        return i

    root = root_of(case_id)
    return sum(1 for r in rows if root_of(r.id) == root)


def results(plan: Plan) -> dict[str, Any]:
    """The key results of one case's plan (integer yen; deadlines as of the plan's date)."""
    best = next((e for e in plan.exits if e.key == plan.best), None) if plan.best else None
    steps = next_steps(plan, plan.case.at)
    return {"best": str(best.key) if best else None,
            "best_label": (best.label_ja, best.label_en) if best else None,
            "remaining_debt": best.remaining_debt if best else None,
            "cash_needed": best.cash_needed if best else None,
            "sale_date": plan.case.sale_date.isoformat(),
            "deadlines": [{"date": d.on.isoformat(), "days": d.days, "label": (d.label.ja, d.label.en)}
                          for d in steps.deadlines[:3]]}


def comparison(members: Sequence[CaseRecord], results: Sequence[dict[str, Any] | None],
               everything: bool = False) -> dict[str, Any]:
    """The comparison as JSON (``GET /api/v1/cases/{id}/compare``, ``zansai cases compare --json``):
    ``cases`` with each one's key results (a result ``{"error": [ja, en]}``: the case cannot be
    planned; its figures are None and the error is given),
    ``inputs`` by case-file path with the value in every case as text."""
    cases = []
    for m, result in zip(members, results, strict=True):
        r = result or {}
        row = {"id": m.id, "title": m.title, "parent_id": m.parent_id, "status": m.status,
               "best_exit": r.get("best"), "remaining_debt": r.get("remaining_debt"),
               "cash_needed": r.get("cash_needed"), "sale_date": r.get("sale_date"),
               "deadlines": [{"date": d["date"], "label_ja": d["label"][0], "label_en": d["label"][1]}
                             for d in r.get("deadlines", ())]}
        if "error" in r:
            row["error"] = r["error"]
        cases.append(row)
    inputs = [{"path": r["path"], "values": r["values"], "differs": r["differs"]}
              for r in input_rows([m.data for m in members], everything)]
    return {"cases": cases, "inputs": inputs}
