"""One cause, one finding.

Several rules can see the same fault from different sides: a learning rate of 10 is seen
in the optimizer's settings (DLF-T005), as a loss that grows (DLF-T302), as exploding
gradients (DLF-T307), as weight updates far too large (DLF-T309). Reported side by side
they read as four faults with fixes that seem to disagree. Rules name their ``cause``
(a class attribute, or an Evidence field ``same_cause`` for one finding); within one report the
findings of one cause become ONE finding:

* the primary is the finding that names the cause itself (the setting, :data:`FIRST`),
  otherwise the most severe one (then the earliest rule of :data:`FIRST`);
* it keeps its message and its fix (the only fix shown), takes the worst severity of the
  group, and its explanations list the other evidence, each with its rule id;
* the other findings are dropped from the report (they stay remembered as reported).

Two findings of one rule about one place (cell, line, subject) in a report, at two
severities (a warning and an info), are one finding as well: the more severe one.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .findings import SEVERITY_RANK, Finding

#: precedence of the rules within a cause: the setting first, then the symptoms
FIRST = ("DLF-T005", "DLF-T109", "DLF-T302", "DLF-T301", "DLF-T307", "DLF-T304", "DLF-T309")


def cause_of(cls: Any, ev: Any) -> str | None:
    fields = getattr(ev, "fields", {}) or {}
    return fields["same_cause"] if "same_cause" in fields else getattr(cls, "cause", None)


def _rank(f: Finding) -> tuple:
    first = FIRST.index(f.rule) if f.rule in FIRST else len(FIRST)
    return (first > 1, SEVERITY_RANK[f.severity], first, f.rule)


def merge_related(kept: list[tuple[Any, Any, Finding]], findings: list[Finding]
                  ) -> list[Finding]:
    """``findings`` (a subset of the findings of ``kept``, in order) with each group of
    one cause merged into one finding."""
    cls_ev = {id(f): (cls, ev) for cls, ev, f in kept}
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        cls, ev = cls_ev.get(id(f), (None, None))
        cause = cause_of(cls, ev) if cls is not None else None
        if cause:
            groups.setdefault(cause, []).append(f)
    replace: dict[int, Finding | None] = {}
    for fs in groups.values():
        if len(fs) < 2 or len({f.subject for f in fs if f.rule in FIRST[:2]}) > 1:
            continue   # alone, or two optimizers' own settings: each keeps its finding
        primary = min(fs, key=_rank)
        others = [f for f in fs if f is not primary]
        worst = min((f.severity for f in fs), key=SEVERITY_RANK.__getitem__)
        also = "; ".join(f"{_sentence(f.message)} ({f.rule})" for f in others)
        note = f"The same cause also shows as: {also}"
        replace[id(primary)] = dataclasses.replace(
            primary, severity=worst, beginner=f"{primary.beginner}\n\n{note}",
            expert=f"{primary.expert}\n\n{note}")
        for f in others:
            replace[id(f)] = None
    out = []
    for f in findings:
        g = replace.get(id(f), f)
        if g is not None:
            out.append(g)
    return _one_per_place(out)


def _one_per_place(findings: list[Finding]) -> list[Finding]:
    """One rule saying the same thing twice about one place (cell, line, subject), at two
    severities (a warning and an info from two kinds of evidence): the most severe one."""
    worst: dict[tuple, int] = {}
    for f in findings:
        key = (f.rule, f.cell, f.line, f.subject)
        worst[key] = min(worst.get(key, 9), SEVERITY_RANK[f.severity])
    if len(worst) == len(findings):
        return findings
    return [f for f in findings   # findings of one severity (two lines' worth) all stay
            if SEVERITY_RANK[f.severity] == worst[(f.rule, f.cell, f.line, f.subject)]]


def _sentence(msg: str) -> str:
    return msg.rstrip().rstrip(".")
