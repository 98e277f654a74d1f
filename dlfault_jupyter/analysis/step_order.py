"""What happens in one training iteration, in order: the calls around a PyTorch step.

Built on :mod:`analysis.loops` (so helper functions at any depth are followed): for each
``.backward()`` training step, the calls of the loop that runs it (nested loops and
user functions included), sorted in execution order within one iteration, with

* the optimizer update (``optimizer.step()``, or ``scaler.step(optimizer)`` of the
  ``GradScaler`` that scaled this loss),
* ``zero_grad`` of that optimizer (or of the model), gradient clipping, ``unscale_``,
* whether a call runs only on some iterations (under an ``if`` inside the loop), and
  whether that ``if`` counts iterations (``% k``: gradient accumulation every k steps).

Pure AST over the facts of ``analysis.loops``; no framework import.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..source.facts import dotted
from .loops import Event, Program, TrainingStep, _facts_of, _same_or_inside

CLIPS = ("clip_grad_norm_", "clip_grad_value_", "clip_grad_norm", "clip_grads_with_norm_")


def order(e: Event) -> tuple[int, int, int]:
    """Execution order within one iteration: the cell line that leads to the call, then
    the call's own line and column."""
    return (e.line, e.call.line if e.call is not None else 0,
            e.call.node.col_offset if e.call is not None else 0)


@dataclass
class StepBody:
    """The calls of one training iteration around ``backward``."""

    step: TrainingStep
    backward: Event
    events: list[Event]                       # the loop's calls, in order
    update: Event | None = None               # optimizer.step() / scaler.step(opt)
    scaler: str | None = None                 # GradScaler that scaled the loss, if any
    zero_grads: list[Event] = field(default_factory=list)
    clips: list[Event] = field(default_factory=list)
    unscales: list[Event] = field(default_factory=list)
    loop: ast.AST | None = None               # the innermost loop around backward
    optimizer: str | None = None              # the optimizer the update steps

    def guard(self, e: Event, program: Program) -> ast.expr | None:
        """The test of the ``if`` (inside the innermost loop around backward) under which
        ``e`` runs, or None when it runs on every iteration of that loop."""
        facts = _facts_of(e, program)
        inner = self.step.loops[-1] if self.step.loops else None
        if facts is None or inner is None or e.call is None:
            return None
        fn = e.path[-1] if e.path else None
        if inner.function is None and e.path:
            # a call inside a helper: the guard of the cell's call of that helper counts
            entry = next((x for x in self.events if not x.path and x.name == e.path[0]
                          and x.line == e.line and x.call is not None), None)
            if entry is None:
                return None
            e, facts, fn = entry, _facts_of(entry, program), None
            if facts is None:
                return None
        if inner.function != fn:
            return None             # (the call is in a helper: its own ifs are not seen)
        node: ast.AST = e.call.node
        p = facts.parent(node)
        while p is not None and p is not inner.node:
            if isinstance(p, ast.If) and not _within(node, p.test):
                return p.test
            node, p = p, facts.parent(p)
        return None

    def every_k(self, e: Event, program: Program) -> ast.expr | None:
        """The ``if`` test guarding ``e`` when it counts iterations (``(i + 1) % k == 0``):
        ``e`` then runs once every k iterations."""
        test = self.guard(e, program)
        if test is not None and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod)
                                    for n in ast.walk(test)):
            return test
        return None


def _within(node: ast.AST, tree: ast.AST) -> bool:
    return any(n is node for n in ast.walk(tree))


def modulus(test: ast.expr) -> ast.expr | None:
    """The right operand of the first ``%`` in ``test`` (the k of ``i % k == 0``)."""
    for n in ast.walk(test):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod):
            return n.right
    return None


def scaled_by(b: Event) -> str | None:
    """``scaler.scale(loss).backward()`` → ``scaler``."""
    v = b.call.node.func.value if b.call is not None else None
    if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "scale":
        return dotted(v.func.value)
    return None


def step_bodies(program: Program, steps: list[TrainingStep], evs: list[Event],
                kinds: Callable[[str], str | None] | None = None) -> list[StepBody]:
    """One :class:`StepBody` per PyTorch training step of the cell."""
    kinds = kinds or (lambda _n: None)
    out: list[StepBody] = []
    for st in steps:
        if st.kind != "backward" or not st.loops:
            continue
        back = next((e for e in evs if e.attr == "backward" and e.loops == st.loops
                     and e.line == st.line and e.path == st.path), None)
        if back is None:
            continue
        body = sorted((e for e in evs if e.loops and e.call is not None
                       and _same_or_inside(st.loops, e.loops)), key=order)
        sb = StepBody(st, back, body, scaler=scaled_by(back), loop=st.loops[-1].node)
        scaler = sb.scaler
        for e in body:
            if e.attr == "step" and e.receiver and (
                    e.receiver == st.optimizer and e.receiver != scaler
                    or scaler and e.call.name == f"{scaler}.step"
                    or kinds(e.receiver) == "optimizer"):
                if sb.update is None:
                    sb.update = e
            elif e.attr == "zero_grad" and e.receiver and (
                    e.receiver == st.optimizer or kinds(e.receiver) in ("optimizer", "model")
                    or scaler and e.receiver != scaler):
                sb.zero_grads.append(e)
            elif e.attr in CLIPS:
                sb.clips.append(e)
            elif e.attr == "unscale_":
                sb.unscales.append(e)
        sb.optimizer = st.optimizer if st.optimizer != scaler else None
        if scaler and sb.update is not None and sb.update.call.name == f"{scaler}.step":
            sb.optimizer = _first_arg(sb.update) or sb.optimizer
        out.append(sb)
    return out


def _first_arg(e: Event) -> str | None:
    return e.args[0] if e.args else None


def clip_params(e: Event, facts: Any) -> str:
    """The source text of a clip call's first argument (``model.parameters()``)."""
    a = e.call.node.args[0] if e.call is not None and e.call.node.args else None
    return facts.segment(a) if a is not None and facts is not None else "model.parameters()"


def text(e: Event, program: Program, default: str = "") -> str:
    """The source of the call ``e``, its receiver named as the cell names it (a helper's
    parameter ``opt`` → the cell's ``rms``)."""
    facts = _facts_of(e, program)
    seg = facts.segment(e.call.node) if facts is not None and e.call is not None else ""
    root = e.call.receiver_root if e.call is not None else None
    if seg and e.path and e.receiver and root and e.receiver != root and \
            not e.receiver.startswith("<") and seg.startswith(root):
        seg = e.receiver + seg[len(root):]
    return seg or default
