from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.loops import _facts_of
from ...analysis.step_order import modulus, text
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _divides(e: ast.AST | None) -> bool:
    return e is not None and any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Div, ast.Mult))
                                 for n in ast.walk(e))


@register
class AccumulatedLossNotAveraged(Rule):
    id = "DLF-T134"
    name = "accumulated-loss-not-averaged"
    title = "Gradient accumulation sums the micro-batch losses instead of averaging them"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{update}` runs once every {k} micro-batches, but `{backward}` back-propagates "
               "each micro-batch's loss undivided: the accumulated gradient is {k}× the "
               "gradient of the large batch.")
    beginner = """Gradients of the {k} micro-batches are added up before `{update}`. Each
`{loss}` is already a mean over its micro-batch, so the sum is {k} times the gradient of the
large batch you simulate: the learning rate tuned for that batch is in effect {k} times too
high. Divide the loss by the number of accumulation steps before `backward()`."""
    expert = """With `reduction="mean"` per micro-batch, `Σ_k ∇L_k = k · ∇L_big`. Without
the `1/k` factor, SGD's step is k times larger (Adam is mostly scale-invariant, but epsilon,
clipping thresholds and weight decay are not)."""
    fix = """{loss} = {loss} / {k_code}   # average over the accumulated micro-batches
{backward}"""
    known_false_alarms = "A learning rate deliberately tuned for the summed gradient."
    references = ("https://github.com/karpathy/nanoGPT/issues/206",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        program = ctx.analysis.program
        for sb in ctx.analysis.step_bodies:
            up = sb.update
            test = sb.every_k(up, program) if up is not None else None
            if up is None or test is None or any(
                    z.loops == sb.step.loops and sb.guard(z, program) is None
                    for z in sb.zero_grads):
                continue            # (zero_grad every micro-batch: T133)
            kn = modulus(test)
            k = kn.value if isinstance(kn, ast.Constant) else \
                ctx.user_ns.get(kn.id) if isinstance(kn, ast.Name) else None
            if not isinstance(k, int) or isinstance(k, bool) or k < 2:
                continue
            f = _facts_of(sb.backward, program)
            if f is None:
                continue
            recv = sb.backward.call.node.func.value
            if isinstance(recv, ast.Call) and isinstance(recv.func, ast.Attribute) and \
                    recv.func.attr == "scale" and recv.args:
                recv = recv.args[0]          # scaler.scale(loss).backward()
            if not isinstance(recv, ast.Name) or _divides(recv):
                continue
            line = sb.backward.call.line
            inner = sb.step.loops[-1].node
            inside = {id(n) for n in ast.walk(inner)}
            writes = [a for a in f.assigns if a.target == recv.id and a.line <= line
                      and id(a.value) in inside]
            if not writes or any(_divides(a.value) or a.augmented for a in writes):
                continue
            calls = [n for a in writes for n in ast.walk(a.value) if isinstance(n, ast.Call)]
            if any(program.function(_callee(c)) is not None for c in calls):
                continue            # computed in a helper we do not read for the division
            yield Evidence(line=sb.backward.line, subject=recv.id, k=k,
                           k_code=(f.segment(kn) if kn is not None else "") or str(k), loss=recv.id,
                           update=text(up, program, "optimizer.step()"),
                           backward=f.segment(sb.backward.call.node) or f"{recv.id}.backward()")


def _callee(c: ast.Call) -> str | None:
    return c.func.id if isinstance(c.func, ast.Name) else None
