from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _opt
from ...context import CellContext
from ...registry import Evidence, Texts, lookup, register


# -- process -------------------------------------------------------------------------
@register
class GradientsAccumulate(RuntimeRule):
    id = "DLF-T311"
    name = "gradients-accumulate-at-runtime"
    title = "Gradients were never reset between steps during the run"
    taxonomy = "training.process"
    severity = "error"
    frameworks = ("torch",)
    message = ("In {steps} optimizer steps, `zero_grad()` was never called and every step "
               "added its gradients to the previous ones ({kept} of {steps} steps).")
    beginner = """PyTorch adds new gradients to the ones already stored. This run never
reset them, so each update used the sum of all earlier gradients: the steps get bigger
and bigger and training becomes unstable. Call `{opt}.zero_grad()` once per step,
before `loss.backward()`."""
    expert = """Observed at run time: no call of `Optimizer.zero_grad`/`Module.zero_grad`
and `param.grad` kept the same tensor, with one in-place accumulation per `backward()`,
across {kept} steps. The update at step t is then `lr·Σ_{{i≤t}} g_i`. If you accumulate
on purpose, reset every N steps (`if (i+1) % N == 0: opt.step(); opt.zero_grad()`)."""
    fix = """{loop_code}"""   # the cell's innermost loop with the call added
    texts = {
        # no loop in the cell (the steps run in a function defined elsewhere)
        "no_loop": Texts(fix="""for x, y in loader:
    {opt}.zero_grad()   # reset last step's gradients
    ..."""),
    }
    known_false_alarms = ("Gradients reset by hand in a way the probe cannot see "
                          "(`p.grad.zero_()` called on every parameter inside the step "
                          "function of a custom optimizer).")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.step_calls < 3 or tr.zero_grad_calls:
            return
        if tr.grad_kept_steps < max(2, int(0.8 * (tr.step_calls - 1))):
            return
        static = lookup("DLF-T001")
        if static is not None and static.applies():
            try:
                if any(True for _ in static().check(ctx) or ()):
                    return  # the source-level finding already says it, with the line
            except Exception:  # noqa: BLE001
                pass
        from ...analysis.training import loop_with_zero_grad

        loops = sorted(ctx.source.loops, key=lambda lf: -lf.depth)   # the innermost loop
        code = loop_with_zero_grad(ctx.source, loops[0].node, _opt(tr)) if loops else None
        yield Evidence(subject=_opt(tr), key="acc", variant=None if loops else "no_loop",
                       steps=tr.step_calls, kept=tr.grad_kept_steps, opt=_opt(tr),
                       loop_code=code)
