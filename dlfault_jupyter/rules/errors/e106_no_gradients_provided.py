from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...analysis.errors import _msg, code_of, error_line, lc
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class KerasNoGradients(Rule):
    id = "DLF-E106"
    name = "no-gradients-provided"
    title = "No gradients provided for any variable"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "No gradients reached the variables: {summary}"
    beginner = """The optimizer got no gradient at all: the loss was not computed, on the
recorded tape, from the variables being trained. {advice}"""
    expert = """`tape.gradient` returned None for every variable: the loss is disconnected from
them. Causes: operations outside `with tf.GradientTape()`, conversion to numpy (`.numpy()`,
`np.*`) which leaves the graph, non-differentiable ops (argmax, casting to int), passing the
wrong variable list, or a model whose custom train_step / loss does not use its outputs."""
    fix = """{fix_code}"""
    references = ("https://www.tensorflow.org/guide/autodiff#getting_a_gradient_of_none",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"No gradients provided for any variable"):
            return
        src = ctx.source
        reasons: list[str] = []
        fixes: list[str] = []
        tapes = [(e, w) for e, w in src.withs
                 if "GradientTape" in (src.segment(e) or "")]
        for c in src.calls_to("gradient"):
            loss = code_of(ctx, c.kwarg("target", 0))
            if not loss or not loss.isidentifier():
                continue
            assigns = src.assignments_to(loss)
            inside = [a for a in assigns if src.inside_with(a.value, "GradientTape")]
            if assigns and not inside and tapes:
                reasons.append(f"`{loss}` is computed outside the `with tf.GradientTape()` block, "
                               f"so the tape recorded nothing")
                fixes.append(f"with tf.GradientTape() as tape:\n    {loss} = ...   # the forward "
                             f"pass and the loss, inside the block")
            for a in inside:
                seg = src.segment(a.value)
                if re.search(r"\.numpy\(\)|\bnp\.|numpy\.", seg):
                    reasons.append(f"`{loss}` is computed through numpy (line {a.line}: "
                                   f"`{seg[:60]}`), which leaves the tape")
                    fixes.append(f"{loss} = tf.reduce_mean(...)   # TensorFlow ops only, no "
                                 f".numpy() / np.*")
                    break
        for _e, w in tapes:
            for n in ast.walk(w):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                        n.func.attr == "numpy" and not reasons:
                    reasons.append(f"`.numpy()` is called inside the tape (line {n.lineno}): the "
                                   f"result is no longer connected to the variables")
                    fixes.append("# keep everything between the model output and the loss as "
                                 "TensorFlow ops")
        summary = ("; ".join(reasons) + ".") if reasons else (
            "the loss does not depend (differentiably) on the trained variables.")
        advice = ("Here: " + "; ".join(reasons) + ".") if reasons else (
            "Compute the model's output and the loss inside `with tf.GradientTape() as tape:`, "
            "with TensorFlow operations only, and ask for the gradient w.r.t. "
            "`model.trainable_variables`.")
        fixes.append("with tf.GradientTape() as tape:\n    pred = model(x, training=True)\n"
                     "    loss = loss_fn(y, pred)\n"
                     "grads = tape.gradient(loss, model.trainable_variables)\n"
                     "optimizer.apply_gradients(zip(grads, model.trainable_variables))")
        yield Evidence(line=error_line(ctx), summary=lc(summary), advice=advice,
                       fix_code="\n".join(fixes[:1] + fixes[-1:]) if reasons else fixes[-1])
