from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...registry import Evidence, Rule, _name_kw, register


def _output_dtype(model: object) -> str | None:
    try:
        outs = getattr(model, "outputs", None)
        if outs and len(outs) == 1:
            return str(getattr(outs[0], "dtype", "") or "") or None
    except Exception:  # noqa: BLE001
        return None
    return None


@register
class Float16OutputUnderMixedPrecision(Rule):
    id = "DLF-T162"
    name = "float16-output-under-mixed-precision"
    title = "Softmax/sigmoid output computed in float16 under mixed precision"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` outputs float16: under the global policy `{policy}` its output "
               "layer `{layer}` computes `{act}` in float16, and the loss is computed from "
               "those values.")
    beginner = """Mixed precision makes the layers compute in float16, which is fast but
has only about 3 decimal digits and cannot hold values below ~6e-8 or above 65504. The
TensorFlow guide asks for the last layer to compute in float32: here `{layer}` computes
`{act}` in float16, so probabilities near 0 or 1 are rounded (log(0) in the loss, saturated
gradients) and the training signal gets coarse. Give the output layer `dtype="float32"`."""
    expert = """`{act}` in float16: probabilities are quantised to ~1e-3 relative steps,
values below 6e-8 flush to 0 and the cross-entropy's log is clipped at epsilon, so the
loss and its gradient are computed from rounded outputs (training.process numerics). The
mixed-precision guide keeps the model's output (at least the final activation) in float32:
`Activation("{act}", dtype="float32")` or `Dense(..., dtype="float32")`."""
    fix = """keras.layers.Dense({units}, activation="{act}", dtype="float32"{name_kw})   # output in float32
# or keep the Dense in float16 and add: keras.layers.Activation("{act}", dtype="float32")"""
    known_false_alarms = "None known for softmax/sigmoid outputs trained under mixed_float16."
    references = ("https://www.tensorflow.org/guide/mixed_precision",
                  "https://keras.io/api/mixed_precision/policy/")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        policy = k.global_policy_name()
        if policy not in ("mixed_float16", "float16"):
            return
        for v in keras_models(ctx):
            if _output_dtype(v.obj) != "float16":
                continue
            head = k.output_head(v.obj)
            if head is None or head.activation not in ("softmax", "sigmoid"):
                continue
            yield Evidence(subject=v.name, key=(v.name, policy), model=v.name,
                           layer=head.name, act=head.activation, policy=policy,
                           units=head.units,
                           name_kw=_name_kw(getattr(head.layer, "name", None)))
