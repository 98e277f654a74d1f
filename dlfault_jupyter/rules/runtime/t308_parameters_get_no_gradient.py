from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.runtime import RuntimeRule, _model, keras_run
from ...context import CellContext
from ...registry import Evidence, Texts, register

# layers between a weight layer and its activation that pass a zero gradient on unchanged
_PASS_THROUGH = ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm",
                 "Dropout", "Identity", "BatchNormalization", "LayerNormalization",
                 "GroupNormalization")


def _mostly_dead(ls: Any) -> bool:
    return (ls.dead_units is not None and ls.units >= 1 and ls.act_probes >= 1 and
            ls.dead_units >= 0.95 * ls.units)


def _explained_by_dead_units(tr: Any) -> set[str]:
    """Layers whose zero gradient a dead ReLU explains: the layer's own activation (Keras
    ``activation="relu"``) or the next activation in forward order (past normalisation and
    dropout layers) had (almost) no active unit at any probe."""
    order = tr.ordered_layers()
    out: set[str] = set()
    for i, ls in enumerate(order):
        if _mostly_dead(ls):
            out.add(ls.name)
            continue
        for nxt in order[i + 1:]:
            if _mostly_dead(nxt):
                out.add(ls.name)
                break
            if nxt.kind not in _PASS_THROUGH:
                break
    return out


def _list(names: list[str], n: int = 4) -> str:
    s = ", ".join(f"`{x}`" for x in names[:n])
    return s + (f" and {len(names) - n} more" if len(names) > n else "")


@register
class NoGradient(RuntimeRule):
    id = "DLF-T308"
    name = "parameters-get-no-gradient"
    title = "Some trainable parameters never get a gradient"
    taxonomy = "training.process"
    severity = "error"
    message = ("{layers} {verb} `requires_grad=True` parameters in the optimizer but {their} "
        "gradient was {what} at every probed step: {how}.")
    beginner = """These layers are supposed to learn (their parameters require gradients
and the optimizer holds them), yet the loss never sends them any gradient, so they stay
exactly as they were initialised. Usually the output of a layer was cut off from the loss:
a `.detach()`, `.data`, `.item()`, `.numpy()` or `torch.tensor(...)` in the forward pass,
or a layer that is defined but not used in `forward`."""
    expert = """`param.grad` stayed {what} across {probes} probed steps for {layers}.
Autograd only reaches parameters that are on a differentiable path to the loss. Look for a
break in the graph (`detach`, `.data`, conversions to NumPy or Python numbers, in-place
re-wrapping with `torch.tensor`), for a branch not used in `forward`, or for a layer whose
output is multiplied by zero. If freezing was intended, set `requires_grad_(False)` and
leave the parameters out of the optimizer."""
    fix = """def forward(self, x):
    h = self.body(x)            # not self.body(x).detach() / torch.tensor(...)
    return self.head(h)"""
    texts = {
        "keras": Texts(
            message="{layers} {verb} trainable weights, yet {their} gradient was {seen}: {how}.",
            beginner="""These layers are supposed to learn (their weights are trainable), yet
the loss never sends them any gradient, so they stay exactly as they were initialised.
Usually the layer's output does not reach the loss: a layer that is created but not
connected to the model's output, a `stop_gradient`, or a conversion to NumPy (`.numpy()`,
`np.` functions) inside a custom layer's `call`.""",
            expert="""{seen_long} Gradients only reach weights that are on a differentiable path
to the loss. Look for a break in the graph (`keras.ops.stop_gradient` or
`tf.stop_gradient`, NumPy or Python numbers computed inside a layer's `call`), for a layer
whose output does not reach the model's outputs, or for an output multiplied by zero. If
the layer is meant to stay fixed, freeze it (`layer.trainable = False`, then `compile()`
again) so that its weights leave `trainable_weights`.""",
            fix="""class Block(keras.layers.Layer):
    def call(self, x):
        h = self.body(x)        # not keras.ops.stop_gradient(...) / np.asarray(...)
        return self.head(h)
# or freeze on purpose: layer.trainable = False, then {model}.compile(...) again""",
        ),
        # -- the layers named: one or several
        "one_layer": Texts(verb="has", their="its"),
        "several_layers": Texts(verb="have", their="their"),
        # -- what was seen: the gradients (PyTorch's param.grad, or Keras' GradientTape on
        # probed batches), or only the weights at the end of each epoch (Keras)
        "grad_missing": Texts(
            what="None",
            seen_short="missing (not computed)",
            how="they are not connected to the loss (detached or unused)",
        ),
        # (after "grad_missing", in a run of Keras' fit)
        "grad_missing_keras": Texts(
            how="they are not connected to the loss (cut off by a `stop_gradient`, or unused)",
        ),
        "grad_zero": Texts(
            what="zero",
            seen_short="zero",
            how="no error signal flows back through them",
        ),
        "probed_gradients": Texts(
            seen="{seen_short} at every probed step",
            seen_long="""The gradient of the compiled loss on the probed sample batches
(`GradientTape`) was {seen_short} for the trainable weights of {layers}, at all {probes}
probes.""",
        ),
        "weights_unchanged": Texts(
            what="zero (the weights did not move in any epoch)",
            seen="zero: the weights did not move in any of {probes} epochs",
            seen_long="""The weights of {layers} were bit-identical at the end of each of
{probes} epochs: no gradient reached them (or the learning rate is too small to change a
float32 weight).""",
            how="""no gradient reaches them, or the learning rate is too small to change a
float32 weight at all""",
        ),
    }
    known_false_alarms = ("Layers used only on some steps (conditional branches, mixture of "
                          "experts) can miss gradients at the probed steps. A layer whose "
                          "activation is (almost) entirely dead gets zero gradients too: that "
                          "is DLF-L301's finding, and this rule leaves such a layer out.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        dead = _explained_by_dead_units(tr)
        bad = [ls for ls in tr.layers.values()
               if ls.grad_probes >= 2 and ls.grad_missing >= ls.grad_probes and
               not (ls.name in dead and ls.grad_norms.points)]
        dead_short = {n.split(".", 1)[-1] for n in dead}
        keras_bad = [n for n, ch in tr.weight_changes.items()
                     if len(ch) >= 1 and all(c == 0.0 for c in ch) and
                     n.rsplit("/", 1)[-1] not in dead_short]
        number = "one_layer" if len(bad or keras_bad) == 1 else "several_layers"
        if bad:
            names = [ls.name for ls in bad]
            none = all(not ls.grad_norms.points for ls in bad)
            model = names[0].split(".")[0]
            seen = ("grad_missing", "grad_missing_keras") if none and keras_run(tr) else \
                ("grad_missing",) if none else ("grad_zero",)
            yield Evidence(subject=model, key=tuple(names), layers=_list(names),
                           variant=(number, *seen, "probed_gradients"),
                           probes=bad[0].grad_probes, model=model)
        elif keras_bad:
            yield Evidence(subject=_model(tr), key=tuple(keras_bad), layers=_list(keras_bad),
                           variant=(number, "weights_unchanged"), probes=tr.epochs,
                           model=_model(tr))
