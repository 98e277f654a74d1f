from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.training import _is_optimizer_ref, loop_with_zero_grad
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _assigns_grad(node: ast.AST) -> bool:
    """``p.grad = None`` / ``p.grad.zero_()`` inside the loop also reset the gradients."""
    for n in ast.walk(node):
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "grad"
                                             for t in n.targets):
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("zero_", "detach_") and isinstance(n.func.value, ast.Attribute) \
                and n.func.value.attr == "grad":
            return True
    return False


@register
class MissingZeroGrad(Rule):
    id = "DLF-T001"
    name = "missing-zero-grad"
    title = "Gradients pile up: zero_grad() is never called in the training loop"
    taxonomy = "training.process"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("The loop at line {loop_line} calls `{backward}` and `{step}` but never resets "
               "the gradients, so every step uses the sum of all earlier gradients.")
    beginner = """In PyTorch, each `loss.backward()` adds the new gradients to the ones
already stored in the model. Without resetting them, step 10 moves the weights by the
sum of 10 steps' gradients: training becomes unstable or diverges, and nothing warns you.
Call `{opt}.zero_grad()` at the start of every step, before `loss.backward()`."""
    expert = """`backward()` accumulates into `param.grad` (`grad += dL/dθ`). Without
`zero_grad()` (or `set_to_none`), the update at step t is `lr · Σ_{{i≤t}} g_i`: an
effective learning rate growing linearly with t, biased towards stale gradients. The
loss typically oscillates then diverges; with momentum optimisers the error compounds."""
    fix = """{loop_code}"""
    known_false_alarms = ("Deliberate gradient accumulation where the gradients are reset in a "
                          "helper function the check cannot see.")
    references = ("https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for loop in src.training_loops():
            # the zero_grad may be in this loop or in an enclosing loop of the same function
            scope_loops = [lf for lf in src.loops if lf.function == loop.function
                           and (lf is loop or loop.node in ast.walk(lf.node))]
            steps = [c for c in loop.calls_to("step") if _is_optimizer_ref(ctx, c.receiver)]
            if not steps:
                continue
            if any(lf.has_call("zero_grad") for lf in scope_loops):
                continue
            if any(_assigns_grad(lf.node) for lf in scope_loops):
                continue
            back = loop.calls_to("backward")[0]
            step = steps[0]
            yield Evidence(line=back.line, subject=step.receiver_root, loop_line=loop.line,
                           backward=src.segment(back.node) or "loss.backward()",
                           step=src.segment(step.node) or "optimizer.step()",
                           opt=step.receiver or "optimizer",
                           loop_code=loop_with_zero_grad(src, loop.node,
                                                         step.receiver or "optimizer"))
        yield from _through_helpers(ctx)


def _through_helpers(ctx: CellContext) -> Iterator[Evidence]:
    """A loop of this cell whose step runs in user functions (defined here or in earlier
    cells, at any depth: ``for xb, yb in loader: train_step(model, xb, yb, opt)``), with
    no ``zero_grad()`` or ``.grad`` reset anywhere on the way (``analysis.loops``)."""
    src, a = ctx.source, ctx.analysis
    seen: set[int] = set()
    for s in a.training_steps:
        cell_loops = [f for f in s.loops if f.function is None]
        if s.kind != "backward" or not s.path or not s.stepped or not cell_loops or \
                s.loops[-1].function in src.functions or \
                not _is_optimizer_ref(ctx, s.optimizer):
            continue      # (a loop of a function of this cell: the check above)
        loop = cell_loops[-1]
        if loop.line in seen or any(e.attr == "zero_grad" for e in a.events
                                    if e.loops and e.loops[0] == s.loops[0]):
            continue
        fns = [a.program.function(n) for n in s.path]
        if any(f is None or _assigns_grad(f.node) for f in fns) or _assigns_grad(loop.node):
            continue
        back = next((c for c in fns[-1].facts.calls if c.attr == "backward"), None)
        seen.add(loop.line)
        yield Evidence(line=s.line, subject=s.optimizer, loop_line=loop.line,
                       backward=(fns[-1].facts.segment(back.node) if back else "")
                       or "loss.backward()", step=f"{s.optimizer}.step()", opt=s.optimizer,
                       loop_code=loop_with_zero_grad(src, loop.node, s.optimizer))
