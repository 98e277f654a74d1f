from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _reordered(src: Any, body: list[ast.stmt], z: Any, bk: Any, st: Any) -> str | None:
    """The user's own step statements in the working order: ``zero_grad`` first, the
    optimizer step right after the backward (dedented, as they stand in the cell)."""
    def of(c: Any) -> ast.stmt | None:
        return next((s for s in body if s.lineno <= c.line <= (s.end_lineno or s.lineno)),
                    None)
    sz, sb, ss = of(z), of(bk), of(st)
    if sz is None or sb is None or ss is None or len({id(sz), id(sb), id(ss)}) < 3:
        return None
    order = [s for s in body if s is not sz and s is not ss]
    order.insert(0, sz)
    order.insert(order.index(sb) + 1, ss)
    base = body[0].col_offset
    out = []
    for s_ in order:
        for ln in src.lines[s_.lineno - 1:s_.end_lineno]:
            out.append(ln[base:] if ln[:base].strip() == "" else ln.lstrip())
    return "\n".join(out)


def _same_params(ctx: CellContext, zero_recv: str | None, opt: str | None) -> bool:
    """Does ``zero_recv.zero_grad()`` clear the gradients that ``opt.step()`` uses (the
    same optimizer, or a model whose parameters the optimizer holds)?"""
    if not zero_recv or not opt:
        return False
    if zero_recv == opt:
        return True
    from ... import frameworks

    zv, ov = ctx.ns.get(zero_recv), ctx.ns.get(opt)
    if zv is None or ov is None or zv.kind != "model" or ov.kind != "optimizer":
        return False
    t = frameworks.get("torch")
    try:
        return bool(t.trainable_param_ids(zv.obj) & t.optimizer_param_ids(ov.obj))
    except Exception:  # noqa: BLE001
        return False


@register
class StepBeforeBackward(Rule):
    id = "DLF-A003"
    name = "optimizer-step-before-backward"
    title = "optimizer.step() runs on zeroed gradients (before backward, or after zero_grad)"
    taxonomy = "api"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{step}` (line {at}) {order} `{backward}` (line {back_line}) and "
               "`{zero}` (line {zero_line}) clears the gradients {between}, so every step "
               "sees zero gradients.")
    beginner = """The order of the three calls matters: first `{zero}` (forget old
gradients), then `{backward}` (compute new ones), then `{step}` (use them). {plain}
so the optimizer always sees zeros and the model does not learn. {move}"""
    expert = """With `zero_grad()` between `backward()` and the next `step()`, every
`step()` reads `.grad` that is zero (or `None` with `set_to_none=True`, in which case the
parameter is skipped): SGD without weight decay/momentum leaves θ unchanged, and with weight
decay or momentum the update is driven by the regulariser or stale momentum only."""
    fix = """{fixed}"""
    texts = {
        # step(); ...; backward(), with zero_grad() after the backward or before the step
        "step_first": Texts(
            order="comes before", between="in between",
            plain="""Here the step happens before the new gradients are computed, and they
are cleared again before the next step,""",
            move="Move `{step}` after `{backward}`."),
        # backward(); zero_grad(); step()
        "zero_between": Texts(
            order="comes after", between="just before it",
            plain="""Here the new gradients are cleared right after they are computed,
before the step uses them,""",
            move="Move `{zero}` before `{backward}` (or to the start of the step)."),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import _is_optimizer_ref

        src = ctx.source
        bodies = []
        for loop in src.training_loops():
            bodies.append((loop.node.body,
                           [c for c in loop.calls if c.loops and c.loops[-1] is loop]))
        # a per-batch step function: `def train_step(x, y): ...` with no loop of its own
        for fname, fnode in src.functions.items():
            own = [c for c in src.calls if c.function == fname and not c.loops]
            if any(c.attr == "backward" for c in own):
                bodies.append((fnode.body, own))
        for body, own in bodies:
            top = {id(stmt.value) for stmt in body if isinstance(stmt, ast.Expr)}
            backs = [c for c in own if c.attr == "backward"]
            steps = [c for c in own if c.attr == "step" and _is_optimizer_ref(ctx, c.receiver)
                     and id(c.node) in top]
            zeros = [c for c in own if c.attr == "zero_grad"]
            if not backs or not steps or not zeros:
                continue
            b = backs[0].line
            hit = None
            for st in steps:
                if st.line >= b or any(o.line > b for o in own if o.attr == "step"):
                    continue
                zs = [z for z in zeros if z.line > b or z.line < st.line]
                if zs:
                    hit = (st, backs[0], zs[0])
                    break
            if hit is None:
                # backward, then zero_grad, then step, in one straight run of statements
                for st in steps:
                    before = [z for z in zeros if id(z.node) in top and z.line < st.line
                              and _same_params(ctx, z.receiver, st.receiver)]
                    if not before:
                        continue
                    z = before[-1]
                    bk = [c for c in backs if c.line < z.line and id(c.node) in top]
                    if bk and not any(z.line < c.line < st.line for c in backs):
                        hit = (st, bk[-1], z)
                        break
            if hit is None:
                continue
            st, bk, z = hit
            fixed = _reordered(src, body, z, bk, st) or f"{src.segment(z.node)}\n" \
                f"loss = ...\n{src.segment(bk.node)}\n{src.segment(st.node)}"
            yield Evidence(line=st.line, at=st.line, subject=st.receiver,
                           variant="step_first" if st.line < bk.line else "zero_between",
                           step=src.segment(st.node), backward=src.segment(bk.node),
                           back_line=bk.line, zero=src.segment(z.node), zero_line=z.line,
                           fixed=fixed)
