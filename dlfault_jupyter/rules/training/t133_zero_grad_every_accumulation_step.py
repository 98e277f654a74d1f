from __future__ import annotations

from collections.abc import Iterator

from ...analysis.loops import _facts_of
from ...analysis.step_order import text
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ZeroGradEveryAccumulationStep(Rule):
    id = "DLF-T133"
    name = "zero-grad-every-accumulation-step"
    title = "Gradient accumulation undone: zero_grad() runs on every micro-batch"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{zero}` runs on every iteration of the loop at line {loop_line}, but `{update}` "
               "only when `{test}`: each update sees the gradient of the last micro-batch only.")
    beginner = """The loop accumulates gradients over several micro-batches and updates the
weights only when `{test}`. But `{zero}` is called on every micro-batch, so the gradients
collected so far are thrown away each time: the update uses one micro-batch, not the large
batch you meant (and a loss divided by the number of micro-batches makes that step smaller
still). Reset the gradients right after the update instead."""
    expert = """`backward()` accumulates into `p.grad` only until the next `zero_grad()`.
With `zero_grad()` unconditional and `step()` every k iterations, the update is
`lr · g_last` (scaled by 1/k when the loss is divided): a k-times smaller batch with a
k-times smaller step, so noisier and slower training than the configuration suggests."""
    fix = """{backward}
if {test}:
    {update}
    {zero}"""
    known_false_alarms = ("A loop that deliberately trains on one micro-batch out of k "
                          "(then drop the other k-1 forward/backward passes).")
    references = ("https://discuss.pytorch.org/t/why-do-we-need-to-set-the-gradients-manually-to-zero-in-pytorch/4903",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        program = ctx.analysis.program
        for sb in ctx.analysis.step_bodies:
            up = sb.update
            test = sb.every_k(up, program) if up is not None else None
            if up is None or test is None:
                continue
            every = [z for z in sb.zero_grads
                     if z.loops == sb.step.loops and sb.guard(z, program) is None]
            if not every:
                continue
            z = every[0]
            bf = _facts_of(sb.backward, program)
            # the guard is in the cell when the update runs in a helper called from its loop
            tf = program.cell if up.path and sb.step.loops[-1].function is None else \
                _facts_of(up, program)
            yield Evidence(line=z.line, subject=sb.optimizer or z.receiver,
                           zero=text(z, program, "optimizer.zero_grad()"),
                           update=text(up, program, "optimizer.step()"),
                           backward=(bf.segment(sb.backward.call.node) if bf else "")
                           or "loss.backward()",
                           test=(tf.segment(test) if tf else "") or "...",
                           loop_line=sb.step.loops[-1].line)
