from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


@register
class ClipnormPerVariable(Rule):
    id = "DLF-T164"
    name = "clipnorm-per-variable"
    title = "Keras clipnorm= clips every variable's gradient on its own, not the global norm"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{opt}` ({cls}) has clipnorm={clip:g}: each of the {nvars} gradient tensors "
               "of `{model}` is clipped to norm {clip:g} on its own, so a clipped update no "
               "longer points along the gradient (global_clipnorm is None).")
    beginner = """Gradient clipping usually means: if the whole gradient is too long,
shrink it, keeping its direction. In Keras that is `global_clipnorm`. `clipnorm` does
something else: it clips each weight tensor's gradient separately, so large tensors are cut
back and small ones are not, and the step goes in a different direction than the gradient.
Use `global_clipnorm={clip:g}` to clip the total gradient norm."""
    expert = """Keras `clipnorm=c` applies `clip_by_norm(g_i, c)` to every variable's
gradient (`{nvars}` tensors for `{model}`), i.e. per-tensor rescaling: the update direction
changes whenever some but not all tensors exceed c. `global_clipnorm=c` applies
`clip_by_global_norm`, rescaling all gradients by one factor min(1, c/‖g‖₂) as
`torch.nn.utils.clip_grad_norm_` does."""
    fix = """keras.optimizers.{cls}({lr_arg}global_clipnorm={clip:g})   # one factor for all gradients"""
    known_false_alarms = "Per-variable clipping chosen deliberately (rare; say so in a comment)."
    references = ("https://keras.io/api/optimizers/#base-optimizer-class",
                  "https://github.com/tensorflow/tensorflow/issues/36001")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        seen: set[int] = set()
        for v in keras_models(ctx):
            opt = getattr(v.obj, "optimizer", None) if getattr(v.obj, "compiled", False) \
                else None
            if opt is None or not k.is_optimizer(opt):
                continue
            opt = k.unwrap_optimizer(opt)
            clip = getattr(opt, "clipnorm", None)
            if id(opt) in seen or not isinstance(clip, (int, float)) or \
                    getattr(opt, "global_clipnorm", None) is not None:
                continue
            try:
                nvars = len(v.obj.trainable_variables)
            except Exception:  # noqa: BLE001
                continue
            if nvars < 2:
                continue
            seen.add(id(opt))
            name = next((o.name for o in ctx.ns.of_kind("optimizer", framework="keras")
                         if o.obj is opt), f"{v.name}.optimizer")
            lr = k.learning_rate(opt)
            yield Evidence(subject=name.split(".")[0], key=(name, clip), opt=name,
                           cls=type_name(opt), clip=float(clip), nvars=nvars, model=v.name,
                           lr_arg=f"learning_rate={lr:g}, " if lr is not None else "")
