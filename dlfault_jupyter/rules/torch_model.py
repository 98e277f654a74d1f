"""PyTorch model, layer and activation rules (namespace and source evidence).

The module also holds the small source helpers the other PyTorch rule modules share
(what flows into a loss or a model, across cells).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from .. import frameworks
from ..context import CellContext
from ..source.facts import SourceFacts, dotted
from . import Evidence, Rule, register

# -- shared helpers --------------------------------------------------------------------

_MEM = "torch-usage"
_MODULE_ROOTS = ("torch", "F", "nn", "functional", "np", "numpy")


def torch_models(ctx: CellContext) -> dict[str, Any]:
    """name -> Var of the PyTorch models (not losses) in the namespace."""
    return {v.name: v for v in ctx.ns.models("torch")}


def _is_module_ref(src: SourceFacts, node: ast.expr) -> bool:
    d = dotted(node)
    if not d:
        return False
    import types

    obj = src.resolve(d)
    if obj is not None and isinstance(obj, types.ModuleType):
        return True
    return d.split(".")[0] in _MODULE_ROOTS and d.split(".")[0] not in src.ns


def trace(src: SourceFacts, e: ast.expr | None, line: int, models: set[str],
          depth: int = 0) -> tuple[str, str, tuple[str, ...]] | None:
    """Where the value of ``e`` comes from: ``("call", model, wrappers)`` for the output
    of a model call, ``("name", var, wrappers)`` for a variable; ``wrappers`` are the
    calls/subscripts applied on the way, outermost first (``torch.sigmoid(model(x))`` →
    ``("call", "model", ("sigmoid",))``). Follows assignments of this cell made before
    ``line``."""
    wr: list[str] = []
    while e is not None and depth < 10:
        depth += 1
        if isinstance(e, ast.Call):
            f = e.func
            if isinstance(f, ast.Name):
                if f.id in models:
                    return "call", f.id, tuple(wr)
                wr.append(f.id)
                e = e.args[0] if e.args else None
                continue
            if isinstance(f, ast.Attribute):
                if f.attr in ("forward", "__call__") and isinstance(f.value, ast.Name) \
                        and f.value.id in models:
                    return "call", f.value.id, tuple(wr)
                wr.append(f.attr)
                if _is_module_ref(src, f.value):
                    e = e.args[0] if e.args else None
                else:
                    e = f.value
                continue
            return None
        if isinstance(e, ast.Subscript):
            wr.append("[]")
            e = e.value
            continue
        if isinstance(e, ast.Attribute):
            wr.append("." + e.attr)
            e = e.value
            continue
        if isinstance(e, ast.Name):
            prior = [a for a in src.assigns if a.target == e.id and a.line <= line
                     and not a.augmented and not isinstance(a.value, (ast.Tuple, ast.List))]
            # `for x, y in loader` and tuple unpacking stop here: the name is the source
            if prior and not any(e.id in lf.targets for lf in src.loops
                                 if lf.line > prior[-1].line and lf.line <= line):
                a = prior[-1]
                line = a.line
                e = a.value
                continue
            return "name", e.id, tuple(wr)
        return None
    return None


def usage(ctx: CellContext) -> dict[str, Any]:
    """Facts of how losses and models were called, in this and earlier cells (names only):

    ``loss_inputs[loss][model]`` → set of wrapper tuples between the model's output and
    the loss (``()`` = the raw output); ``loss_args[loss]`` → list of (pred, target)
    traces of the current cell; ``model_inputs[model]`` → names of the variables fed to
    the model.
    """
    mem = ctx.remember(_MEM)
    if mem.get("cell") == ctx.cell and mem.get("sid") == id(ctx.source):
        return mem
    mem["cell"] = ctx.cell
    mem["sid"] = id(ctx.source)
    li: dict[str, dict[str, set]] = mem.setdefault("loss_inputs", {})
    mi: dict[str, set[str]] = mem.setdefault("model_inputs", {})
    cur: dict[str, list] = {}
    mem["loss_args"] = cur
    src = ctx.source
    models = set(torch_models(ctx))
    losses = {v.name for v in ctx.ns.of_kind("loss", framework="torch")}
    for c in src.calls:
        if c.name in losses:
            pred = c.kwarg("input", 0)
            tgt = c.kwarg("target", 1)
            tp = trace(src, pred, c.line, models) if pred is not None else None
            tt = trace(src, tgt, c.line, models) if tgt is not None else None
            cur.setdefault(c.name, []).append((tp, tt, c))
            if tp and tp[0] == "call":
                li.setdefault(c.name, {}).setdefault(tp[1], set()).add(tp[2])
        target = c.name if c.name in models else (
            c.receiver if c.attr == "forward" and c.receiver in models else None)
        if target and c.args:
            t = trace(src, c.args[0], c.line, models)
            if t and t[0] == "name":
                mi.setdefault(target, set()).add(t[1])
    if len(li) > 200:
        li.clear()
    return mem


def loss_users(ctx: CellContext, loss: str, models: dict[str, Any]) -> dict[str, set]:
    """The models whose output was seen flowing into ``loss`` → wrapper tuples."""
    li = usage(ctx).get("loss_inputs", {}).get(loss, {})
    return {m: w for m, w in li.items() if m in models}


def paired_models(ctx: CellContext, loss_name: str, models: dict[str, Any],
                  all_losses: list[str]) -> list[str]:
    """Models trained with ``loss_name``: known from usage in any cell; without usage
    only when the pairing is unambiguous (one model, and no such loss used elsewhere)."""
    used = [m for m in models if m in ctx.used_with(loss_name)]
    if used:
        return used
    if len(models) == 1 and not any(ctx.used_with(n) for n in all_losses):
        return list(models)
    return []


_ACT = ("ReLU", "LeakyReLU", "PReLU", "RReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish",
        "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Softplus", "Hardtanh", "Hardswish",
        "Hardsigmoid", "ReLU6", "Tanhshrink", "Softsign", "LogSigmoid", "GLU", "Threshold")


# -- rules -----------------------------------------------------------------------------

@register
class SoftmaxBeforeCrossEntropy(Rule):
    id = "DLF-L001"
    name = "softmax-before-cross-entropy"
    title = "Softmax at the end of a model trained with CrossEntropyLoss"
    taxonomy = "model.layers.choice"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{layer}` ({kind}), but `{loss}` is "
               "`{loss_kind}`, which applies log-softmax itself: the softmax is applied twice.")
    beginner = """`{loss_kind}` expects raw scores (logits) and turns them into
probabilities itself. Because `{model}` already ends with `{layer}`, the probabilities are
squashed a second time: the model still runs, but it learns slowly or gets stuck, and no
error tells you why. Remove the final {kind} from the model. If you need probabilities for
predictions, apply `torch.softmax(logits, dim=1)` after the model, outside the training loss."""
    expert = """`CrossEntropyLoss(x, y) = NLLLoss(log_softmax(x), y)`. Feeding it
`{kind}` outputs computes `log_softmax(softmax(z))`, whose inputs lie in [0, 1]: the
effective logits have a range of at most 1, so the loss is bounded far from 0 and its
gradient w.r.t. `z` is damped by the softmax Jacobian; training stalls or converges to a
poor optimum. (With `LogSoftmax`, log_softmax is idempotent, so the loss value is right,
but the pairing intended is `LogSoftmax` + `NLLLoss`; the model's outputs are then
log-probabilities, not logits, which misleads every later use.)"""
    fix = """# drop the final {kind} from {model} (its forward returns raw logits), then
{loss} = nn.CrossEntropyLoss()
loss = {loss}({model}(x), y)              # raw logits in
probs = torch.softmax({model}(x), dim=1)  # only when you need probabilities"""
    known_false_alarms = ("A model whose softmax output is used only for inference while the "
                          "loss is computed on another head's logits.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")
                  if type(v.obj).__name__ == "CrossEntropyLoss"}
        models = torch_models(ctx)
        if not models:
            return
        pairs: dict[str, str] = {}
        for ln in losses:
            for m in paired_models(ctx, ln, models, list(losses)):
                pairs.setdefault(m, ln)
        # functional cross_entropy(model(x), y) seen in any cell
        import torch.nn.functional as F  # torch is imported by the user (frameworks)

        for f, m in ctx.flows:
            if m in models and m not in pairs and f.split(".")[-1] == "cross_entropy":
                if ctx.source.resolve(f) is F.cross_entropy or f.startswith(("F.", "torch.")):
                    pairs[m] = f
        for m, ln in pairs.items():
            wr = loss_users(ctx, ln, models).get(m)
            if wr and all(w for w in wr):
                continue  # every use applies something in between: not the raw output
            out = t.output_layer(models[m].obj)
            if out and out[1] in ("Softmax", "LogSoftmax"):
                yield Evidence(subject=m, model=m, layer=out[0], kind=out[1], loss=ln,
                               loss_kind="nn.CrossEntropyLoss" if ln in losses
                               else "F.cross_entropy")


@register
class ConstantWeightInit(Rule):
    id = "DLF-M001"
    name = "constant-weight-init"
    title = "All weights of a hidden layer are equal (zero or constant initialisation)"
    taxonomy = "model.type"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("Every weight of `{model}.{layer}` ({kind}, weight {shape}) equals {value}: "
               "{why}")
    beginner = """All the weights of `{layer}` have the same value ({value}). A layer
whose units all start identical stays identical: every unit computes the same thing and
receives the same update, so the layer behaves like a single unit (and with zeros, the
layers before it get no gradient at all). The model trains, but learns far less than it
could, without any error. Do not set weights to a constant: keep PyTorch's default
initialisation, or use a random one such as `nn.init.kaiming_uniform_` or
`nn.init.xavier_uniform_`. Setting *biases* to zero is fine."""
    expert = """Constant initialisation does not break the symmetry between the units of a
layer: with `W = c·1`, all rows of `W` receive identical gradients (`∂L/∂W_i` depends on
unit i only through `W_i`), so gradient descent keeps them equal and the layer's rank is 1.
With `c = 0` the gradient flowing to earlier layers, `Wᵀ δ`, is zero as well, so the
layers below are never updated. Only the output layer of a network (or the last layer of a
residual branch) may start at zero, because symmetry is broken by the random layers
before it."""
    fix = """# re-initialise randomly (or simply drop the nn.init.constant_/zeros_ call)
nn.init.kaiming_uniform_({model}.{layer}.weight, nonlinearity="relu")
if {model}.{layer}.bias is not None:
    nn.init.zeros_({model}.{layer}.bias)   # zero biases are fine"""
    known_false_alarms = ("A deliberately zero-initialised layer inside a custom block (e.g. "
                          "a zero-initialised projection of a residual branch), when it is "
                          "the first layer the model registers.")
    references = ("https://pytorch.org/docs/stable/nn.init.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            leaves = chain if chain is not None else t.leaf_modules(v.obj)
            weighted = [(n, m, w) for n, m in leaves
                        if (w := t.weight_of(m)) is not None and w.requires_grad]
            if len(weighted) < 2:
                continue  # a single layer (linear/logistic regression) may start at zero
            const = []
            for i, (n, m, w) in enumerate(weighted):
                if w.numel() < 2:
                    continue
                s = t.summary(w)
                if not s.has_values or s.std is None or s.std != 0 or s.n_nan:
                    continue
                units = int(w.shape[0]) if w.dim() else 1
                if s.mean != 0 and units < 2:
                    continue
                const.append((i, n, m, w, s))
            if not const:
                continue
            last = len(weighted) - 1
            if chain is not None:
                hits = [c for c in const if c[0] != last]
            else:
                # custom forward: order unknown; the first registered layer is the input
                hits = [c for c in const if c[0] == 0] or (
                    const if len(const) == len(weighted) else [])
            if not hits:
                continue
            i, n, m, w, s = hits[0]
            val = f"{s.mean:g}"
            why = ("its units cannot become different from each other, and the layers "
                   "before it receive no gradient." if s.mean == 0 else
                   "its units cannot become different from each other.")
            if len(hits) > 1:
                why += f" ({len(hits) - 1} more layer(s) are constant too.)"
            yield Evidence(subject=v.name, key=(n, val), model=v.name, layer=n,
                           kind=type(m).__name__, shape=tuple(w.shape), value=val, why=why)


_LINEAR_BETWEEN = ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                   "Identity", "Flatten", "Unflatten", "BatchNorm1d", "BatchNorm2d",
                   "BatchNorm3d", "AvgPool1d", "AvgPool2d", "AvgPool3d")


@register
class LinearStackWithoutActivation(Rule):
    id = "DLF-L002"
    name = "linear-stack-without-activation"
    title = "Two Linear/Conv layers in a row with no activation between them"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("In `{model}`, `{first}` is followed by `{second}` with no non-linearity "
               "between them{between}: together they are just one {kind} layer.")
    beginner = """Stacking two `{kind}` layers without an activation function (like
`nn.ReLU()`) between them adds no power to the model: the composition of two linear maps
is itself a single linear map. The extra layer only adds parameters. Put an activation
such as `nn.ReLU()` between `{first}` and `{second}`."""
    expert = """`W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂)`: without a non-linearity
the two layers collapse into one affine map of rank ≤ min of their widths (a bottleneck
at most). Dropout, BatchNorm (affine at inference), flatten and average pooling between
them are linear too and do not change that."""
    fix = """{model} = nn.Sequential(
    ...,
    {first_code},
    nn.ReLU(),            # the missing non-linearity
    {second_code},
    ...,
)"""
    known_false_alarms = ("A deliberate low-rank factorisation of one linear map into two "
                          "(rare; a comment in the model is then advised).")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            if not chain:
                continue
            prev: tuple[str, Any] | None = None
            between: list[str] = []
            for n, m in chain:
                k = type(m).__name__
                if k in ("Linear", "Conv1d", "Conv2d", "Conv3d"):
                    grouped = getattr(m, "groups", 1) != 1
                    if prev is not None and type(prev[1]).__name__ == k and not grouped:
                        yield Evidence(
                            subject=v.name, model=v.name, kind=k,
                            first=f"{prev[0]}: {prev[1]!r}", second=f"{n}: {m!r}",
                            first_code=f"nn.{prev[1]!r}", second_code=f"nn.{m!r}",
                            between=(f" (only {', '.join(between)})" if between else ""))
                        break
                    prev = None if grouped else (n, m)
                    between = []
                elif k in _LINEAR_BETWEEN:
                    if prev is not None:
                        between.append(k)
                else:
                    prev = None
                    between = []


@register
class SigmoidBeforeBCEWithLogits(Rule):
    id = "DLF-L003"
    name = "sigmoid-before-bce-with-logits"
    title = "Sigmoid at the end of a model trained with BCEWithLogitsLoss"
    taxonomy = "model.layers.activation"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{layer}`, but `{loss}` is `nn.BCEWithLogitsLoss`, "
               "which applies the sigmoid itself: the sigmoid is applied twice.")
    beginner = """`nn.BCEWithLogitsLoss` expects raw scores (logits) and applies the
sigmoid itself. Since `{model}` already ends with a sigmoid, its outputs (between 0 and 1)
are squashed again into 0.5–0.73: the model learns very slowly and its predictions are
poorly separated, with no error. Remove the final sigmoid from the model and keep
`BCEWithLogitsLoss`; apply `torch.sigmoid` only when you need probabilities."""
    expert = """`BCEWithLogitsLoss(z, y) = BCE(σ(z), y)` computed stably. With `z = σ(h)`
∈ (0, 1), `σ(z)` ∈ (0.5, 0.731): the loss for a positive can never go below
−log 0.731 ≈ 0.31 and for a negative never below −log 0.5 ≈ 0.69, and gradients are
scaled by σ'(h)·σ'(z) ≤ 1/16. Training plateaus at a poor optimum."""
    fix = """# remove the final Sigmoid from {model}, keep
{loss} = nn.BCEWithLogitsLoss()
loss = {loss}({model}(x), y)              # logits in
probs = torch.sigmoid({model}(x))         # for predictions only"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        models = torch_models(ctx)
        losses = [v.name for v in ctx.ns.of_kind("loss", framework="torch")
                  if type(v.obj).__name__ == "BCEWithLogitsLoss"]
        for ln in losses:
            for m in paired_models(ctx, ln, models, losses):
                wr = loss_users(ctx, ln, models).get(m)
                if wr and all(w for w in wr):
                    continue
                out = t.output_layer(models[m].obj)
                if out and out[1] == "Sigmoid":
                    yield Evidence(subject=m, model=m, layer=out[0], loss=ln)


@register
class BCELossWithoutSigmoid(Rule):
    id = "DLF-L004"
    name = "bce-loss-without-sigmoid"
    title = "BCELoss on raw outputs: the model has no sigmoid at the end"
    taxonomy = "model.layers.activation"
    severity = "error"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{loss}` is `nn.BCELoss`, which needs probabilities in [0, 1], but "
               "`{model}` ends with `{layer}` (raw scores) and its output goes into "
               "`{loss}` directly.")
    beginner = """`nn.BCELoss` expects probabilities between 0 and 1, but the last layer
of `{model}` is `{layer}`, which outputs any number. PyTorch raises an error as soon as an
output falls outside [0, 1] ("all elements of input should be between 0 and 1"), and
until then the loss is meaningless. The simplest and most stable fix is to use
`nn.BCEWithLogitsLoss()` instead, which applies the sigmoid for you."""
    expert = """`BCELoss(p, y) = −[y log p + (1−y) log(1−p)]` is only defined for
p ∈ [0, 1]; the CPU/CUDA kernels assert it. `BCEWithLogitsLoss` fuses σ with the loss using
the log-sum-exp trick, which is numerically stable for large |z| (BCELoss clamps log at
−100 instead)."""
    fix = """{loss} = nn.BCEWithLogitsLoss()     # takes raw scores
loss = {loss}({model}(x), y)
probs = torch.sigmoid({model}(x))      # probabilities, for predictions"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        models = torch_models(ctx)
        for v in ctx.ns.of_kind("loss", framework="torch"):
            if type(v.obj).__name__ != "BCELoss":
                continue
            for m, wrs in loss_users(ctx, v.name, models).items():
                # only the raw output, possibly reshaped, goes in
                if not any(all(w in ("squeeze", "view", "reshape", "flatten", "[]",
                                     "float") for w in wr) for wr in wrs):
                    continue
                out = t.output_layer(models[m].obj)
                if out and out[1] in t.WEIGHT_LAYERS:
                    yield Evidence(subject=m, model=m, layer=out[0], loss=v.name)


@register
class DropoutAfterOutputLayer(Rule):
    id = "DLF-L005"
    name = "dropout-after-output-layer"
    title = "Dropout applied to the model's output"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{layer}` after its output layer `{out}`: during "
               "training a fraction p={p} of the predictions is zeroed and the rest scaled "
               "by {scale}.")
    beginner = """Dropout belongs *between* hidden layers. Placed after the output layer,
it randomly sets some of the model's predictions (class scores) to zero during training
and multiplies the others by {scale}, so the loss sees corrupted outputs and the model
learns from noise. Move `{layer}` before the last layer (or remove it)."""
    expert = """`Dropout(p)` in train mode multiplies each output by Bernoulli(1−p)/(1−p).
On logits this injects label-independent noise into the loss (a zeroed logit is a
random, unjustified prediction), unlike dropout on hidden features, which regularises by
forcing redundant representations. At eval time it is the identity, so train and eval
outputs differ systematically."""
    fix = """{model} = nn.Sequential(
    ...,
    nn.Dropout(p={p}),      # regularise the hidden features
    {out_code},             # output layer last
)"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            if not chain or len(chain) < 2:
                continue
            n, last = chain[-1]
            if type(last).__name__ not in ("Dropout", "AlphaDropout"):
                continue
            pn, prev = chain[-2]
            if type(prev).__name__ not in t.WEIGHT_LAYERS:
                continue
            p = float(getattr(last, "p", 0.5))
            if p <= 0:
                continue
            yield Evidence(subject=v.name, model=v.name, layer=f"{n}: {last!r}",
                           out=f"{pn}: {prev!r}", out_code=f"nn.{prev!r}", p=f"{p:g}",
                           scale=f"1/(1-{p:g}) = {1 / (1 - p):.3g}" if p < 1 else "inf")


@register
class BiasBeforeBatchNorm(Rule):
    id = "DLF-L006"
    name = "bias-before-batchnorm"
    title = "A bias just before BatchNorm is useless"
    taxonomy = "model.layers.properties"
    severity = "info"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}`: `{layer}` has a bias and is followed directly by `{bn}`, which "
               "subtracts the mean and so cancels that bias.")
    beginner = """BatchNorm subtracts the average of each channel, so any constant added
just before it (the bias of `{layer}`) is removed again: those parameters are wasted
and never learn anything useful. Create the layer with `bias=False`; BatchNorm's own
`beta` parameter plays the role of the bias. This is advice, not an error."""
    expert = """`BN(Wx + b) = γ (Wx + b − μ_B − b)/σ_B + β = BN(Wx)`: the bias shifts the
batch mean by exactly b and is cancelled (its gradient is zero up to numerical noise).
It costs memory, optimiser state and a kernel launch; `bias=False` is the convention in
ResNet-style blocks."""
    fix = """{layer_code}      # bias=False: BatchNorm's beta is the bias
{bn_code}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            if not chain:
                continue
            for (n1, m1), (n2, m2) in zip(chain, chain[1:], strict=False):
                k1, k2 = type(m1).__name__, type(m2).__name__
                if k1 in ("Linear", "Conv1d", "Conv2d", "Conv3d") and \
                        k2.startswith("BatchNorm") and \
                        m1._parameters.get("bias") is not None:
                    code = repr(m1).replace("bias=True", "bias=False")
                    if "bias=False" not in code:
                        code = code[:-1] + ", bias=False)"
                    yield Evidence(subject=v.name, model=v.name, layer=f"{n1}: {m1!r}",
                                   bn=f"{n2}: {m2!r}", layer_code=f"nn.{code}",
                                   bn_code=f"nn.{m2!r}")
                    break
