from __future__ import annotations

from collections.abc import Iterator

from ...analysis.loops import _facts_of
from ...analysis.step_order import clip_params, order, text
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ClipAfterOptimizerStep(Rule):
    id = "DLF-T132"
    name = "clip-after-optimizer-step"
    title = "Gradients are clipped after the optimizer step, so the clipping has no effect"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{clip}` runs after `{update}` in the loop at line {loop_line}: the update has "
               "already used the unclipped gradients.")
    beginner = """Gradient clipping changes the gradients that the next optimizer step will
use. Here `{update}` comes first and moves the weights with the raw gradients; the clipping
then shrinks gradients that are reset before they are used again. Large gradients still
reach the weights. Clip between `{backward}` and `{update}`."""
    expert = """`clip_grad_norm_`/`clip_grad_value_` rescale `p.grad` in place. Called after
`step()`, they act on gradients that the update has consumed and that the next
`zero_grad()`/`backward()` overwrite, so the effective update is unclipped. The returned
total norm is still reported, which hides the fault."""
    fix = """{backward}
{clip}
{update}"""
    known_false_alarms = ("A loop that only wants the returned gradient norm for logging "
                          "(use `torch.nn.utils.get_total_norm` or compute it before the step).")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html",
                  "https://stackoverflow.com/questions/54716377/how-to-do-gradient-clipping-in-pytorch")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        program = ctx.analysis.program
        for sb in ctx.analysis.step_bodies:
            up = sb.update
            if up is None or not sb.clips:
                continue
            b, u = order(sb.backward), order(up)
            if not b < u or any(b < order(c) < u for c in sb.clips):
                continue            # clipped between backward and the update: right
            late = [c for c in sb.clips if order(c) > u]
            if not late:
                continue
            c = late[0]
            facts = _facts_of(c, program)
            clip = facts.segment(c.call.node) if facts is not None else "clip_grad_norm_(...)"
            bf = _facts_of(sb.backward, program)
            yield Evidence(line=c.line, subject=sb.optimizer or up.receiver,
                           clip=clip or f"clip_grad_norm_({clip_params(c, facts)}, ...)",
                           update=text(up, program, "optimizer.step()"),
                           backward=(bf.segment(sb.backward.call.node) if bf else "")
                           or "loss.backward()",
                           loop_line=sb.step.loops[-1].line if not sb.step.loops[-1].function
                           else sb.step.line)
