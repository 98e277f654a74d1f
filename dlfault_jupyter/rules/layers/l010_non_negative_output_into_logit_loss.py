from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.model_facts import output_layer, real_module
from ...analysis.training import loss_users, torch_models
from ...analysis.user_classes import method_of
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register
from ...wording import layer_label

#: output activations whose values are never negative -> the range they give
_RANGES = {"ReLU": "0 or more", "ReLU6": "between 0 and 6", "Softplus": "above 0",
           "Sigmoid": "between 0 and 1"}
#: those whose output is exactly 0 (zero gradient) for every negative input
_CLIPS = ("ReLU", "ReLU6")
_BOUNDED = ("ReLU6", "Sigmoid")
#: what may stand between the model's output and the loss: the raw output, reshaped
_AS_IS = ("squeeze", "view", "reshape", "flatten", "[]", "[:]", "float")
#: the functional forms of the two logit losses
_FUNCTIONAL = {"torch.nn.functional.cross_entropy": "ce",
               "torch.nn.functional.binary_cross_entropy_with_logits": "bce"}


@register
class NonNegativeOutputIntoLogitLoss(Rule):
    id = "DLF-L010"
    name = "non-negative-output-into-logit-loss"
    title = "A ReLU (or other non-negative activation) on the logits of a classifier"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{layer}` ({kind}), so its outputs are always {range}, "
               "but they go into `{loss}` ({loss_kind}), which takes logits: scores that "
               "must be able to go negative.")
    beginner = """{why}"""
    expert = """{mechanism}"""
    fix = """{fixed}"""
    texts = {
        "ce": Texts(
            why="""`{loss_kind}` turns the model's raw scores (logits) into class
probabilities with a softmax. To say "not this class" a score has to go down, below the
others and usually below zero. `{kind}` at the end of `{model}` keeps every score
{range}: the wrong classes cannot be pushed down, and {stuck}.
Training runs without an error but is slower and ends worse. Remove the final {kind}: the
last layer of a classifier trained with `{loss_kind}` should be a plain linear layer.""",
            mechanism="""`{loss_kind}` computes `log_softmax(z)`, which is defined for
any real `z` and is shift-invariant: only differences between logits matter, and
confident predictions need some logits far below others. With `z = {kind}(h)` the logits
are confined to {range}: {grad}{bounded}. The softmax already gives the probabilities:
the logits need no activation."""),
        "bce": Texts(
            why="""`{loss_kind}` applies a sigmoid to the model's raw scores (logits).
A score of 0 means a probability of 0.5, and only negative scores give probabilities
below 0.5. `{kind}` at the end of `{model}` keeps every score {range}, so the model can
never predict "no" for any sample: every prediction is at least 0.5, the loss of each
negative sample stays at or above log 2 ≈ 0.69, and {stuck}. Remove the final {kind}:
the loss applies the sigmoid itself.""",
            mechanism="""`{loss_kind}(z, y) = −[y log σ(z) + (1−y) log(1−σ(z))]`. With
`z = {kind}(h)` ≥ 0, `σ(z)` ≥ 0.5, so for `y = 0` the loss is at least `log 2` and its
infimum is at `z = 0` (σ = 0.5): the negatives are never learned and thresholding at
0.5 predicts positive for every sample; {grad}."""),
        "clips": Texts(
            stuck="an output whose value before the {kind} is negative gets no gradient at "
                  "all, so it can stop learning for good",
            grad="where `h < 0` the {kind} is exactly 0 with zero gradient, so an output "
                 "unit whose pre-activation is negative on the data is dead"),
        "squashes": Texts(
            stuck="where the {kind} flattens out its gradient shrinks towards zero, so "
                  "those outputs learn slowly",
            grad="the derivative of the {kind} vanishes as `h → −∞`, so pushing an "
                 "output towards its lower bound also stalls its gradient"),
        "bounded": Texts(bounded=", and the largest gap between two logits is capped, so "
                                 "the loss cannot approach 0"),
        "unbounded": Texts(bounded=""),
        "seq": Texts(fixed="{model} = nn.Sequential(*list({model})[:-1])   # the same "
                           "layers without the final {kind}"),
        "forward": Texts(fixed="return {inner}   # in {model}'s forward(): the logits, "
                               "without the final {kind}"),
        "other": Texts(fixed="# make {model} return the output layer's value without the "
                             "final {kind} (`{layer}`)"),
    }
    known_false_alarms = ("A model whose non-negative output is meant as the scores of "
                          "a loss other than the one it is seen going into.")
    references = (
        "https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
        "https://ai.stackexchange.com/questions/8491/",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        models = torch_models(ctx)
        if not models:
            return
        pairs: dict[str, tuple[str, str, str]] = {}    # model -> (loss, "ce"|"bce", kind)
        for v in ctx.ns.of_kind("loss", framework="torch"):
            cls = t.framework_name(v.obj)
            how = "ce" if cls in t.vocab.CROSS_ENTROPY else (
                "bce" if cls in t.vocab.LOGIT_BINARY_LOSSES else None)
            if how is None:
                continue
            for m, wrs in loss_users(ctx, v.name, models).items():
                # only the raw output, possibly reshaped, goes in
                if any(all(w in _AS_IS for w in wr) for wr in wrs):
                    pairs.setdefault(m, (v.name, how, f"nn.{cls}"))
        # functional losses: F.cross_entropy(model(x), y) in any cell
        fns = {q.rsplit(".", 1)[-1]: (t.api(q), how) for q, how in _FUNCTIONAL.items()}
        for f, m in ctx.flows:
            last = f.split(".")[-1]
            if m not in models or m in pairs or last not in fns:
                continue
            api, how = fns[last]
            if (api is not None and ctx.source.resolve(f) is api) or \
                    f.startswith(("F.", "torch.")):
                pairs[m] = (f, how, f"F.{last}")
        for m, (loss, how, loss_kind) in pairs.items():
            out = output_layer(models[m].obj)   # behind compile/DataParallel
            if not out or out[1] not in _RANGES:
                continue
            kind = out[1]
            if how == "bce" and kind == "Sigmoid":
                continue    # a sigmoid before BCEWithLogitsLoss: DLF-T030
            layer = layer_label(m, out[0])
            fix, inner = _fix_variant(ctx, models[m].obj, out[0], kind)
            yield Evidence(subject=m, key=("logits", m), variant=(how, "clips" if kind in _CLIPS else "squashes",
                                    "bounded" if kind in _BOUNDED else "unbounded", fix),
                           model=m,
                           layer=layer, kind=kind, range=_RANGES[kind], loss=loss,
                           loss_kind=loss_kind, inner=inner)


def _fix_variant(ctx: CellContext, model: Any, label: str, kind: str) -> tuple[str, str]:
    """("seq", "") when the activation is the last child of an ``nn.Sequential`` (the fix
    drops it); ("forward", the activation's argument as written) when the user's
    ``forward`` has one ``return act(...)``; ("other", "") otherwise."""
    real, path = real_module(model)
    name, sep, cls = label.partition(": ")
    if sep and not path and name.isdigit():
        try:
            children = vars(real).get("_modules") or {}
        except TypeError:
            children = {}
        keys = list(children)
        if keys and keys[-1] == name and type_name(children[name]) == cls:
            return "seq", ""
    fwd = method_of(ctx, real, "forward")
    if fwd is None or not fwd.in_notebook or len(fwd.returns) != 1:
        return "other", ""
    e = fwd.returns[0].value
    if not isinstance(e, ast.Call):
        return "other", ""
    f = e.func
    if label.endswith("(...)") and isinstance(f, (ast.Name, ast.Attribute)):
        name = f.id if isinstance(f, ast.Name) else f.attr
        if name.lower() == kind.lower():
            if len(e.args) == 1:
                return "forward", fwd.segment(e.args[0])     # F.relu(self.out(h))
            if not e.args and isinstance(f, ast.Attribute):
                return "forward", fwd.segment(f.value)       # self.out(h).relu()
    if len(e.args) == 1 and isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) \
            and f.value.id == fwd.self_name and label == f"self.{f.attr} → {f.attr}: {kind}":
        return "forward", fwd.segment(e.args[0])             # self.act(self.out(h))
    return "other", ""
