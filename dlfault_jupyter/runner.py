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


def run(ctx: CellContext, scope: str = "cell", muted: frozenset[str] = frozenset(),
        budget_s: float | None = None) -> Outcome:
    out = Outcome()
    t0 = time.perf_counter()
    # explainers of an exception run only after a cell that raised, and first then
    rules = [r for r in rules_for(scope) if r.id not in muted
             and (ctx.error is not None or r.evidence != "exception")]
    # explainers of an exception first (they matter most when a cell failed), the
    # expensive checks last (a stable sort: registry order otherwise)
    rules.sort(key=lambda r: (r.evidence != "exception", r.expensive))
    slowest: tuple[float, str] = (0.0, "")
    for i, cls in enumerate(rules):
        if budget_s is not None and time.perf_counter() - t0 > budget_s:
            out.skipped = [r.id for r in rules[i:]]
            out.notes.append(f"time budget of {budget_s * 1000:.0f} ms used up"
                             f"{_slow(slowest)}: {len(out.skipped)} check(s) skipped "
                             f"({', '.join(out.skipped[:5])}{'…' if len(out.skipped) > 5 else ''})")
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
    out.elapsed_s = time.perf_counter() - t0
    if budget_s is not None and out.elapsed_s > budget_s and not out.skipped:
        out.notes.append(f"time budget of {budget_s * 1000:.0f} ms exceeded{_slow(slowest)}")
    return out


def _slow(slowest: tuple[float, str]) -> str:
    """`` (DLF-X001 took 812 ms)``: the slowest check so far, named in budget notes."""
    return f" ({slowest[1]} took {slowest[0] * 1000:.0f} ms)" if slowest[1] else ""
