from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...analysis.errors import _msg, code_of, error_line
from ...context import CellContext
from ...registry import Evidence, Items, Rule, Texts, register


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
    fix = """{first_fix}with tf.GradientTape() as tape:
    pred = model(x, training=True)
    loss = loss_fn(y, pred)
grads = tape.gradient(loss, model.trainable_variables)
optimizer.apply_gradients(zip(grads, model.trainable_variables))"""
    texts = {
        # what the cell shows (one item each, in this order): a ``reason`` for the texts,
        # a ``fix`` line (only the first reason's goes into the fix)
        "outside_tape": Texts(
            reason="""`{loss}` is computed outside the `with tf.GradientTape()` block, so the
tape recorded nothing""",
            fix="""with tf.GradientTape() as tape:
    {loss} = ...   # the forward pass and the loss, inside the block
"""),
        "through_numpy": Texts(
            reason="`{loss}` is computed through numpy (line {at}: `{seg}`), which leaves the tape",
            fix="""{loss} = tf.reduce_mean(...)   # TensorFlow ops only, no .numpy() / np.*
"""),
        "numpy_in_tape": Texts(
            reason="""`.numpy()` is called inside the tape (line {at}): the result is no longer
connected to the variables""",
            fix="""# keep everything between the model output and the loss as TensorFlow ops
"""),
        "reasons_seen": Texts(summary="{reasons}.", advice="Here: {reasons}."),
        "no_reason_seen": Texts(
            summary="the loss does not depend (differentiably) on the trained variables.",
            advice="""Compute the model's output and the loss inside `with tf.GradientTape()
as tape:`, with TensorFlow operations only, and ask for the gradient w.r.t.
`model.trainable_variables`."""),
    }
    references = ("https://www.tensorflow.org/guide/autodiff#getting_a_gradient_of_none",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"No gradients provided for any variable"):
            return
        src = ctx.source
        seen: list[tuple[str, dict[str, object]]] = []
        tapes = [(e, w) for e, w in src.withs
                 if "GradientTape" in (src.segment(e) or "")]
        for c in src.calls_to("gradient"):
            loss = code_of(ctx, c.kwarg("target", 0))
            if not loss or not loss.isidentifier():
                continue
            assigns = src.assignments_to(loss)
            inside = [a for a in assigns if src.inside_with(a.value, "GradientTape")]
            if assigns and not inside and tapes:
                seen.append(("outside_tape", {"loss": loss}))
            for a in inside:
                seg = src.segment(a.value)
                if re.search(r"\.numpy\(\)|\bnp\.|numpy\.", seg):
                    seen.append(("through_numpy", {"loss": loss, "at": a.line, "seg": seg[:60]}))
                    break
        for _e, w in tapes:
            for n in ast.walk(w):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                        n.func.attr == "numpy" and not seen:
                    seen.append(("numpy_in_tape", {"at": n.lineno}))
        yield Evidence(line=error_line(ctx),
                       variant="reasons_seen" if seen else "no_reason_seen",
                       reasons=Items("reason", seen), first_fix=Items("fix", seen[:1], sep=""))
