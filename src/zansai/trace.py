"""How a figure explains itself: the formula, the inputs, the rules used and the rounding.

Results build an ``Explanation`` on demand (``result.explain()``), so computing a figure stays
cheap and asking "why this number?" gives the whole chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from zansai.messages import Msg
from zansai.rules.book import Resolved

Text = tuple[str, str] | Msg
"""A sentence in Japanese and in English: a catalog message (``msg(id, **params)``), or the
older ``(ja, en)`` pair that the catalogs replace."""


_EXPLAINING: ContextVar[bool] = ContextVar("zansai_explaining", default=True)


explaining: Callable[[], bool] = _EXPLAINING.get
"""Whether the figures being computed now build their explanation steps (their formulas, inputs
and results in words). False inside ``figures_only()``: the terminal report, the what-if grid and
the case summaries read the figures, notes and rules alone. (The context variable's own ``get``:
a step site asks without a Python call of its own.)"""


@contextmanager
def figures_only() -> Iterator[None]:
    """Compute figures without their explanation: a costly step is left as ``bare()``."""
    token = _EXPLAINING.set(False)
    try:
        yield
    finally:
        _EXPLAINING.reset(token)


class NotExplainedError(RuntimeError):
    """A result computed with ``explain=False`` was asked how its figures were computed."""


STEP_KEYS = frozenset({"steps", "why", "explanation"})
"""The keys of a result's JSON that hold its explanation rather than its figures."""


def without_steps(value: Any) -> Any:
    """A result's JSON with every explanation part (``STEP_KEYS``) removed, at any depth."""
    if isinstance(value, dict):
        return {k: without_steps(v) for k, v in value.items() if k not in STEP_KEYS}
    if isinstance(value, list):
        return [without_steps(v) for v in value]
    return value


def text_dict(text: Text) -> dict[str, str]:
    """A sentence as it appears in the JSON: ``{"id": …, "ja": …, "en": …}`` (no id for a pair)."""
    if isinstance(text, Msg):
        return text.to_dict()
    return {"ja": text[0], "en": text[1]}


@dataclass(frozen=True, slots=True)
class RuleUse:
    """One rule value that a figure depends on, with its citation."""

    key: str
    label_ja: str
    label_en: str
    value: str
    period: str
    kind: str
    confidence: str
    status: str
    sources: tuple[str, ...]
    caveat_ja: str | None = None
    caveat_en: str | None = None
    overridden: bool = False
    _ref: dict[str, Any] | None = field(default=None, init=False, compare=False, repr=False)
    """``ref()`` built once: a citation is cached per rule period and referred to by every step
    that uses it, so its short form is copied rather than rebuilt."""

    @classmethod
    def of(cls, resolved: Resolved) -> RuleUse:
        """The citation of a resolved rule, built once per rule period and kept by the rule."""
        uses, start = resolved.rule.uses, resolved.period.start
        use = uses.get(start)
        if not isinstance(use, RuleUse):
            use = uses[start] = cls._build(resolved)
        return use

    @classmethod
    def _build(cls, resolved: Resolved) -> RuleUse:
        p = resolved.period
        caveat = resolved.caveat
        return cls(
            key=resolved.rule.key,
            label_ja=resolved.rule.label_ja,
            label_en=resolved.rule.label_en,
            value=resolved.display(),
            period=f"[{p.start.isoformat()}, {p.end.isoformat() if p.end else '…'})",
            kind=resolved.rule.kind.value,
            confidence=p.confidence.value,
            status=p.status.value,
            sources=tuple(s.cite() for s in p.sources),
            caveat_ja=caveat[0] if caveat else None,
            caveat_en=caveat[1] if caveat else None,
            overridden=p.overridden,
        )

    def ref(self) -> dict[str, Any]:
        """A short reference (key, value, period); the full citation is in ``rules_used``."""
        ref = self._ref
        if ref is None:
            ref = {"key": self.key, "value": self.value, "period": self.period}
            if self.caveat_ja or self.caveat_en:
                ref["caveat"] = {"ja": self.caveat_ja, "en": self.caveat_en}
            if self.overridden:
                ref["overridden"] = True
            object.__setattr__(self, "_ref", ref)
        out = ref.copy()
        if "caveat" in out:  # nothing nested is shared between copies
            out["caveat"] = dict(out["caveat"])
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "label_ja": self.label_ja,
            "label_en": self.label_en,
            "value": self.value,
            "period": self.period,
            "kind": self.kind,
            "confidence": self.confidence,
            "status": self.status,
            "sources": list(self.sources),
            "overridden": self.overridden,
        }
        if self.caveat_ja or self.caveat_en:
            out["caveat"] = {"ja": self.caveat_ja, "en": self.caveat_en}
        return out


def unique_uses(uses: Iterable[RuleUse]) -> tuple[RuleUse, ...]:
    """Each rule value once (same key and period), in first-use order."""
    seen: dict[tuple[str, str], RuleUse] = {}
    for u in uses:
        seen.setdefault((u.key, u.period), u)
    return tuple(seen.values())


@dataclass(slots=True)
class Step:
    """One computed figure: what it is, how it was computed, from what.

    ``label`` (a catalog message) names the figure in both languages; ``label_ja`` is the older
    Japanese-only name that the catalogs replace. ``note`` is a message (or an older plain string).

    Treated as immutable, like every record of a result, but not ``frozen``: a plan builds some
    five hundred steps and a frozen record's ``__init__`` costs about three times as much (its
    ``inputs`` dict made it unhashable, so frozen never bought a hash).
    """

    name: str
    formula: str
    inputs: dict[str, str]
    result: str
    label_ja: str = ""
    rounding: str | None = None
    rules: tuple[RuleUse, ...] = ()
    note: str | Text | None = None
    label: Text | None = None

    @classmethod
    def bare(cls, name: str, rules: tuple[RuleUse, ...] = ()) -> Step:
        """A step left unexplained (``figures_only()``): its name and the rules it used, which
        ``rules_used`` and the caveats still collect; no formula, inputs or result in words."""
        return cls(name, "", {}, "", "", None, rules)

    def again(self) -> Step:
        """The same step as a new object: an explanation shows a step object once, so a result
        reused from a memo hands out its steps anew, as a fresh computation would (figures only,
        nothing is shown, so the same step serves)."""
        if not _EXPLAINING.get():
            return self
        return Step(self.name, self.formula, dict(self.inputs), self.result, self.label_ja,
                    self.rounding, self.rules, self.note, self.label)

    def label_in(self, lang: str) -> str:
        """The figure's name in ``lang``."""
        label = self.label
        if label is None:
            return self.label_ja
        if isinstance(label, Msg):
            return label.text(lang)
        return label[0] if lang == "ja" else label[1]

    def to_dict(self) -> dict[str, Any]:
        # Built directly (this runs for every step of every plan's JSON); the keys in the order
        # the JSON has always had: name, label_ja[, label_en[, label_id]], formula, inputs, result…
        label = self.label
        if label is None:
            out: dict[str, Any] = {"name": self.name, "label_ja": self.label_ja}
        elif isinstance(label, Msg):
            out = {"name": self.name, "label_ja": label.text("ja"), "label_en": label.text("en"),
                   "label_id": label.id}
        else:
            out = {"name": self.name, "label_ja": label[0], "label_en": label[1]}
        out["formula"] = self.formula
        out["inputs"] = dict(self.inputs)
        out["result"] = self.result
        if self.rounding:
            out["rounding"] = self.rounding
        if self.rules:
            out["rules"] = [r.ref() for r in self.rules]
        note = self.note
        if note:
            out["note"] = note if isinstance(note, str) else text_dict(note)
        return out


@dataclass(frozen=True, slots=True)
class Explanation:
    """The breakdown of a result: its steps and every caveat of the rules it used."""

    title: str
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def caveats(self) -> list[tuple[str, str]]:
        seen: dict[str, tuple[str, str]] = {}
        for step in self.steps:
            for r in step.rules:
                if r.caveat_ja or r.caveat_en:
                    seen[r.key] = (r.caveat_ja or "", r.caveat_en or "")
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "steps": [s.to_dict() for s in self.steps],
            "notes": list(self.notes),
            "caveats": [{"ja": ja, "en": en} for ja, en in self.caveats],
        }
