from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, register


def _user_function_called(ctx: CellContext, calls: list) -> bool:
    import types

    for c in calls:
        if c.name and "." not in c.name:
            obj = ctx.user_ns.get(c.name)
            if isinstance(obj, types.FunctionType) and \
                    getattr(obj, "__module__", "") in ("__main__", None):
                return True
    return False


@register
class BackwardWithoutStep(Rule):
    id = "DLF-A002"
    name = "backward-without-optimizer-step"
    title = "The training loop computes gradients but never calls optimizer.step()"
    taxonomy = "api"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("The loop at line {loop_line} computes gradients of `{model}` with "
               "`{backward}` but never calls `{opt}.step()`: the weights never change.")
    beginner = """`loss.backward()` only computes the gradients; the weights are changed
by the optimizer's `step()`. This loop never calls `{opt}.step()`, so `{model}` does
not learn at all, although everything runs without an error. Call `{opt}.step()` right
after `loss.backward()` (and `{opt}.zero_grad()` before it)."""
    expert = """Autograd writes `∂L/∂θ` into `θ.grad`; only `Optimizer.step()` reads
`.grad` and updates `θ` in place. Without it the loop is a costly no-op that also
accumulates `.grad` across iterations (unless zeroed)."""
    fix = """{loop_code}"""
    known_false_alarms = ("Loops that only need gradients (saliency maps, gradient "
                          "statistics) while an optimizer over the same model exists.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ... import frameworks
        from ...analysis.training import loop_with_line, scope_loops

        t = frameworks.get("torch")
        src = ctx.source
        models = {v.name: v for v in ctx.ns.models("torch")}
        opts = ctx.ns.of_kind("optimizer", framework="torch")
        if not opts or not models:
            return
        for loop in src.training_loops():
            scope = scope_loops(src, loop)
            calls = [c for lf in scope for c in lf.calls]
            if any(c.attr in ("step", "minimize", "fit") for c in calls):
                continue
            if _user_function_called(ctx, calls) or any(
                    isinstance(n, ast.Attribute) and n.attr in ("grad", "requires_grad")
                    for lf in scope for n in ast.walk(lf.node)) or any(
                    c.attr in ("grad", "requires_grad_") for c in calls):
                continue
            called = sorted({c.name for c in loop.calls if c.name in models})
            for m in called:
                mids = t.trainable_param_ids(models[m].obj)
                opt = next((o for o in opts if mids & t.optimizer_param_ids(o.obj)), None)
                if opt is None:
                    continue
                back = loop.calls_to("backward")[0]
                code = loop_with_line(src, loop.node, back.node.end_lineno + 1, back.line,
                                      f"{opt.name}.step()   # the missing update")
                yield Evidence(line=back.line, subject=opt.name, loop_line=loop.line,
                               backward=src.segment(back.node) or "loss.backward()",
                               model=m, opt=opt.name, loop_code=code)
                break
