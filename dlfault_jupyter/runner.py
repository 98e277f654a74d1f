"""Run the rules of one scope on a context: each rule isolated, within a time budget."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field

from .context import CellContext
from .findings import Finding
from .rules import Evidence, Rule, rules_for


@dataclass
class Outcome:
    pairs: list[tuple[type[Rule], Evidence, Finding]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)       # one-line internal notes
    tracebacks: list[str] = field(default_factory=list)  # shown only in debug mode
    skipped: list[str] = field(default_factory=list)     # rule ids not run (budget)
    elapsed_s: float = 0.0


#: a scope's budget is at least this (the runtime diagnoses read a whole training run)
MIN_BUDGET_S = {"runtime": 1.0}


def run(ctx: CellContext, scope: str | tuple[str, ...] = "cell",
        muted: frozenset[str] = frozenset(), budget_s: float | None = None) -> Outcome:
    """Run the rules of ``scope`` (one scope, or several in order: ``("cell", "runtime")``
    for a ``%%dlcheck`` cell) on ``ctx``; each scope has its own time budget."""
    out = Outcome()
    t0 = time.perf_counter()
    for sc in (scope,) if isinstance(scope, str) else scope:
        budget = None if budget_s is None else max(budget_s, MIN_BUDGET_S.get(sc, 0.0))
        _run_scope(ctx, sc, muted, budget, out)
    out.elapsed_s = time.perf_counter() - t0
    return out


def _run_scope(ctx: CellContext, scope: str, muted: frozenset[str], budget_s: float | None,
               out: Outcome) -> None:
    t0 = time.perf_counter()
    # explainers of an exception run only after a cell that raised, and first then
    rules = [r for r in rules_for(scope) if r.id not in muted
             and (ctx.error is not None or r.evidence != "exception")]
    # explainers of an exception first (they matter most when a cell failed), the
    # expensive checks last (a stable sort: registry order otherwise)
    rules.sort(key=lambda r: (r.evidence != "exception", r.expensive))
    slowest: tuple[float, str] = (0.0, "")
    skipped: list[str] = []
    for i, cls in enumerate(rules):
        if budget_s is not None and time.perf_counter() - t0 > budget_s:
            skipped = [r.id for r in rules[i:]]
            out.skipped += skipped
            out.notes.append(f"time budget of {budget_s * 1000:.0f} ms used up"
                             f"{_slow(slowest)}: {len(skipped)} check(s) skipped "
                             f"({', '.join(skipped[:5])}{'…' if len(skipped) > 5 else ''})")
            break
        t_rule = time.perf_counter()
        try:
            for ev in cls().check(ctx) or ():
                out.pairs.append((cls, ev, cls.to_finding(ev, ctx.cell)))
        except Exception as e:  # noqa: BLE001 - a check must never break the user's cell
            out.notes.append(f"internal error in check {cls.id} ({cls.name}): "
                             f"{type(e).__name__}: {e}"[:300])
            out.tracebacks.append(traceback.format_exc())
        slowest = max(slowest, (time.perf_counter() - t_rule, cls.id))
    elapsed = time.perf_counter() - t0
    if budget_s is not None and elapsed > budget_s and not skipped:
        out.notes.append(f"time budget of {budget_s * 1000:.0f} ms exceeded{_slow(slowest)}")


def _slow(slowest: tuple[float, str]) -> str:
    """`` (DLF-X001 took 812 ms)``: the slowest check so far, named in budget notes."""
    return f" ({slowest[1]} took {slowest[0] * 1000:.0f} ms)" if slowest[1] else ""
