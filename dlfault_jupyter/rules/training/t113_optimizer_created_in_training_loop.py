from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import _OPTIMIZERS, _is_keras_name
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _is_optimizer_ctor(ctx: CellContext, call_node: ast.AST) -> str | None:
    """The class name when ``call_node`` constructs a Keras optimizer."""
    from ...source.facts import dotted
    if not isinstance(call_node, ast.Call):
        return None
    name = dotted(call_node.func)
    obj = ctx.source.resolve(name)
    k = frameworks.get("keras")
    km = k._keras() if k is not None else None
    if km is not None and isinstance(obj, type):
        try:
            if issubclass(obj, km.optimizers.Optimizer):
                return obj.__name__
        except Exception:  # noqa: BLE001
            return None
    if name and name.split(".")[-1] in _OPTIMIZERS and _is_keras_name(ctx, name):
        return name.split(".")[-1]
    return None


@register
class OptimizerCreatedInTrainingLoop(Rule):
    id = "DLF-T113"
    name = "optimizer-created-in-training-loop"
    title = "Optimizer re-created inside the training loop (its state is reset every step)"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{opt} = {ctor}(...)` (line {aline}) is inside the loop at line {loop_line} "
               "that calls `{opt}.{apply}`: every {unit} starts with a fresh optimizer.")
    beginner = """An optimizer such as {ctor} remembers things between steps: the running
averages of the gradients (momentum) and how many steps it has taken. Creating it again
inside the loop throws that memory away every {unit}, so {ctor} never works as designed
(Adam's first steps are large, normalised jumps) and training is noisy or stalls, without
any error. Create the optimizer once, before the loop, and reuse it."""
    expert = """`{ctor}` keeps per-variable slots (m, v) and an iteration counter used for
bias correction. A new instance per {unit} re-initialises them: with Adam every update is
the bias-corrected first step, ≈ lr·sign(g) (m̂/√v̂ = g/|g|), i.e. sign-SGD with no
momentum; SGD with momentum loses its velocity. In Keras 3 each new instance also builds new
slot variables (memory churn and retracing of `tf.function`s)."""
    fix = """{opt} = keras.optimizers.{ctor}(learning_rate=1e-3)   # once, before the loop
for ...:
    with tf.GradientTape() as tape:
        ...
    grads = tape.gradient(loss, model.trainable_variables)
    {opt}.{apply}(zip(grads, model.trainable_variables))"""
    texts = {
        "per_step": Texts(unit="step"),
        "per_pass": Texts(unit="pass of this loop"),
    }
    known_false_alarms = ("A loop whose every iteration trains a new model (hyper-parameter "
                          "search, cross-validation) is recognised when the model or the "
                          "loop variable is part of it.")
    references = ("https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...source.facts import iter_names
        src = ctx.source
        if not src.ok:
            return
        done: set[str] = set()
        for c in src.calls_to("apply_gradients", "minimize", "apply"):
            if not c.loops or not c.receiver or c.receiver in done:
                continue
            used = set(iter_names(c.node))       # model names in zip(grads, model.vars)
            for a in src.assignments_to(c.receiver):
                loop = next((lf for lf in a.loops if lf in c.loops), None)
                if loop is None:
                    continue
                ctor = _is_optimizer_ctor(ctx, a.value)
                if ctor is None:
                    continue
                # a new model (or a hyper-parameter from the loop) each iteration: intended
                rebuilt = (used - {c.receiver}) & loop.assigned - {"grads", "gradients"}
                models = {n for n in rebuilt if ctx.ns.get(n) is not None and
                          ctx.ns.get(n).kind == "model"}
                if models or set(iter_names(a.value)) & set(loop.targets):
                    continue
                inner = c.loops[-1] is loop
                done.add(c.receiver)
                yield Evidence(line=a.line, subject=c.receiver,
                               variant="per_step" if inner else "per_pass", opt=c.receiver,
                               ctor=ctor, aline=a.line, loop_line=loop.line, apply=c.attr)
                break
