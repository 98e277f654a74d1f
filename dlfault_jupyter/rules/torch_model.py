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
from ..frameworks.summary import shape_str
from ..source.facts import SourceFacts, dotted
from ..wording import describe, layer_label
from ..wording import layer as layer_name
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
                if any(k.arg == "dtype" for k in e.keywords):
                    wr.append("dtype")
                e = e.args[0] if e.args else None
                continue
            if isinstance(f, ast.Attribute):
                if f.attr in ("forward", "__call__") and isinstance(f.value, ast.Name) \
                        and f.value.id in models:
                    return "call", f.value.id, tuple(wr)
                wr.append(f.attr)
                if any(k.arg == "dtype" for k in e.keywords):
                    wr.append("dtype")   # torch.tensor(x, dtype=torch.float32): cast here
                if _is_module_ref(src, f.value):
                    e = e.args[0] if e.args else None
                else:
                    e = f.value
                continue
            return None
        if isinstance(e, ast.Subscript):
            sl = e.slice
            wr.append("[:]" if isinstance(sl, ast.Slice) or (
                isinstance(sl, ast.Tuple) and sl.elts and isinstance(sl.elts[0], ast.Slice)
                and all(isinstance(x, ast.Slice) for x in sl.elts)) else "[]")
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


def module_path(model: str, qualname: str) -> str:
    """``model`` + ``features.0`` → ``model.features[0]`` (valid Python)."""
    out = model
    for part in qualname.split("."):
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


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
    fix = """# make {model} return raw logits (remove its final {kind}), then
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
                yield Evidence(subject=m, model=m, layer=layer_label(m, out[0]), kind=out[1], loss=ln,
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
    message = ("Every weight of `{path}` ({kind}, weight {shape}) equals {value}: {why}")
    beginner = """All the weights of `{layer}` have the same value ({value}). A layer
whose units all start identical stays identical: every unit computes the same thing and
receives the same update, so the layer behaves like a single unit (and with zeros, the
layers before it get no gradient at all). The model trains, but learns far less than it
could, without any error. Do not set weights to a constant: keep PyTorch's default
initialisation, or use a random one such as `nn.init.kaiming_uniform_` or
`nn.init.xavier_uniform_`. Setting biases to zero is fine."""
    expert = """Constant initialisation does not break the symmetry between the units of a
layer: with `W = c·1`, all rows of `W` receive identical gradients (`∂L/∂W_i` depends on
unit i only through `W_i`), so gradient descent keeps them equal and the layer's rank is 1.
With `c = 0` the gradient flowing to earlier layers, `Wᵀ δ`, is zero as well, so the
layers below are never updated. Only the output layer of a network (or the last layer of a
residual branch) may start at zero, because symmetry is broken by the random layers
before it."""
    fix = """# re-initialise randomly (or simply drop the nn.init.constant_/zeros_ call)
nn.init.kaiming_uniform_({path}.weight, nonlinearity="relu")
if {path}.bias is not None:
    nn.init.zeros_({path}.bias)   # zero biases are fine"""
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
                           path=module_path(v.name, n),
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
    message = ("In `{model}`{where}, {first} is followed by {second} with no "
               "non-linearity between them{between}: together they are just one {kind} "
               "layer.")
    beginner = """Stacking two `{kind}` layers without an activation function (like
`nn.ReLU()`) between them adds no power to the model: the composition of two linear maps
is itself a single linear map. The extra layer only adds parameters. Put an activation
such as `nn.ReLU()` between {first} and {second}."""
    expert = """`W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂)`: without a non-linearity
the two layers collapse into one affine map of rank ≤ min of their widths (a bottleneck
at most). Dropout, BatchNorm (affine at inference), flatten and average pooling between
them are linear too and do not change that."""
    fix = """{fix_code}"""
    known_false_alarms = ("A deliberate low-rank factorisation of one linear map into two "
                          "(rare; a comment in the model is then advised).")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            in_forward = False
            if not chain:
                # a custom forward written as one straight line: x = self.fc1(x); ...
                chain = t.forward_chain(v.obj)
                in_forward = True
                if not chain:
                    continue
            prev: tuple[str, Any] | None = None
            between: list[str] = []
            for n, m in chain:
                if m == "linear":
                    if prev is not None:
                        between.append(n)
                    continue
                if m is None or m == "act":
                    prev = None
                    between = []
                    continue
                k = type(m).__name__
                if k in ("Linear", "Conv1d", "Conv2d", "Conv3d"):
                    grouped = getattr(m, "groups", 1) != 1
                    if in_forward and prev is not None and k == "Linear" and \
                            prev[1].out_features < prev[1].in_features and \
                            m.out_features > m.in_features:
                        prev = (n, m)  # a bottleneck (linear autoencoder / PCA): deliberate
                        between = []
                        continue
                    if prev is not None and type(prev[1]).__name__ == k and not grouped:
                        if in_forward:
                            first, second = layer_name(None, prev[0], prev[1]), layer_name(None, n, m)
                            fix_code = (f"# in {type(v.obj).__name__}.forward:\n"
                                        f"x = F.relu({prev[0]}(x))   # the missing "
                                        f"non-linearity\nx = {n}(x)")
                        else:
                            first, second = layer_name(v.name, prev[0], prev[1]), layer_name(v.name, n, m)
                            fix_code = (f"{v.name} = nn.Sequential(\n    ...,\n"
                                        f"    nn.{prev[1]!r},\n    nn.ReLU(),            "
                                        f"# the missing non-linearity\n    nn.{m!r},\n"
                                        f"    ...,\n)")
                        yield Evidence(
                            subject=v.name, model=v.name, kind=k,
                            first=first, second=second, fix_code=fix_code,
                            where=(f" (in `{type(v.obj).__name__}.forward`)" if in_forward
                                   else ""),
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
    message = ("`{model}` ends with `{layer}` (Sigmoid), but `{loss}` is `nn.BCEWithLogitsLoss`, "
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
                    yield Evidence(subject=m, model=m, layer=layer_label(m, out[0]), loss=ln)


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
                if not any(all(w in ("squeeze", "view", "reshape", "flatten", "[]", "[:]",
                                     "float") for w in wr) for wr in wrs):
                    continue
                out = t.output_layer(models[m].obj)
                if out and out[1] in t.WEIGHT_LAYERS:
                    yield Evidence(subject=m, model=m, layer=layer_label(m, out[0]), loss=v.name)


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
    message = ("`{model}` ends with {layer} after its output layer {out}: during "
               "training a fraction p={p} of the predictions is zeroed and the rest scaled "
               "by {scale}.")
    beginner = """Dropout belongs between hidden layers. Placed after the output layer,
it randomly sets some of the model's predictions (class scores) to zero during training
and multiplies the others by {scale}, so the loss sees corrupted outputs and the model
learns from noise. Move {layer} before the last layer (or remove it)."""
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
            yield Evidence(subject=v.name, model=v.name, layer=layer_name(v.name, n, last),
                           out=layer_name(v.name, pn, prev), out_code=f"nn.{prev!r}", p=f"{p:g}",
                           scale=f"1/(1-{p:g}) = {1 / (1 - p):.3g}" if p < 1 else "inf")
        # a custom forward that returns `self.dropout(self.fc_out(x))`, for a model whose
        # output goes into a loss
        trained = set()
        for m_by_loss in usage(ctx).get("loss_inputs", {}).values():
            trained |= set(m_by_loss)
        for v in ctx.ns.models("torch"):
            if v.name not in trained or t.sequential_chain(v.obj) is not None:
                continue
            hit = _dropout_on_output(v.obj)
            if hit is None:
                continue
            (dn, drop), (ln, lin), p = hit
            yield Evidence(subject=v.name, model=v.name, layer=layer_name(None, f"self.{dn}", drop)
                           if drop is not None else f"`F.dropout(p={p:g})`",
                           out=layer_name(None, f"self.{ln}", lin), out_code=f"nn.{lin!r}", p=f"{p:g}",
                           scale=f"1/(1-{p:g}) = {1 / (1 - p):.3g}" if p < 1 else "inf")


def _dropout_on_output(model: Any) -> tuple | None:
    """``((dropout attr, module|None), (linear attr, module), p)`` when every ``return`` of
    the model's own ``forward`` is dropout applied directly to a Linear layer's output:
    ``self.drop(self.fc(x))``, ``F.dropout(self.fc(x), p, self.training)``, or the same
    through a name assigned once."""
    t = frameworks.get("torch")
    fd = t.forward_def(model)
    if fd is None:
        return None
    assigns: dict[str, list[tuple[int, bool, ast.expr]]] = {}
    returns: list[ast.Return] = []
    top = {id(st) for st in fd.body}
    for n in ast.walk(fd):
        if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            tgs = n.targets if isinstance(n, ast.Assign) else [n.target]
            for tg in tgs:
                for nm in ast.walk(tg):
                    if isinstance(nm, ast.Name):
                        plain = isinstance(n, ast.Assign) and tg is nm and id(n) in top
                        assigns.setdefault(nm.id, []).append((n.lineno, plain, n.value))
        elif isinstance(n, ast.Return):
            returns.append(n)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and n is not fd:
            return None

    def follow(e: ast.expr | None, line: int) -> ast.expr | None:
        """The value a name holds at ``line``: its last assignment before it, when every
        assignment of the name is a plain top-level statement of forward (no branches)."""
        if isinstance(e, ast.Name):
            vals = assigns.get(e.id)
            if not vals or not all(pl for _, pl, _ in vals):
                return None
            prior = [(ln, v) for ln, _, v in vals if ln < line]
            return max(prior, key=lambda x: x[0])[1] if prior else None
        return e

    def self_sub(e: ast.expr | None) -> tuple[str, Any] | None:
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
                isinstance(e.func.value, ast.Name) and e.func.value.id == "self":
            sub = model._modules.get(e.func.attr)
            if sub is not None:
                return e.func.attr, sub
        return None

    found = None
    for r in returns:
        e = follow(r.value, r.lineno)
        if not isinstance(e, ast.Call) or not e.args:
            return None
        d = self_sub(e)
        if d is not None and type(d[1]).__name__ in ("Dropout", "AlphaDropout"):
            p = float(getattr(d[1], "p", 0.5))
            drop = d
        elif isinstance(e.func, ast.Attribute) and e.func.attr == "dropout" and \
                isinstance(e.func.value, ast.Name) and e.func.value.id in ("F", "functional"):
            pe = e.args[1] if len(e.args) > 1 else next(
                (k.value for k in e.keywords if k.arg == "p"), None)
            if pe is None:
                p = 0.5
            elif isinstance(pe, ast.Constant) and isinstance(pe.value, (int, float)):
                p = float(pe.value)
            else:
                return None
            tr = e.args[2] if len(e.args) > 2 else next(
                (k.value for k in e.keywords if k.arg == "training"), None)
            if tr is not None and not (isinstance(tr, ast.Attribute) and tr.attr == "training"):
                return None  # training=False (or an expression): not dropout in training
            drop = ("dropout", None)
        else:
            return None
        lin = self_sub(follow(e.args[0], getattr(e, "lineno", r.lineno)))
        if lin is None or type(lin[1]).__name__ != "Linear" or p <= 0:
            return None
        if found is not None and found[1][0] != lin[0]:
            return None
        found = (drop, lin, p)
    return found


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
    message = ("`{model}`: {layer} has a bias and is followed directly by {bn}, which "
               "subtracts the mean and so cancels that bias.")
    beginner = """BatchNorm subtracts the average of each channel, so any constant added
just before it (the bias of {layer}) is removed again: those parameters are wasted
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
                    yield Evidence(subject=v.name, model=v.name, layer=layer_name(v.name, n1, m1),
                                   bn=layer_name(v.name, n2, m2), layer_code=f"nn.{code}",
                                   bn_code=f"nn.{m2!r}")
                    break


_RNNS = ("LSTM", "GRU", "RNN")


def _is_full_slice(e: ast.expr) -> bool:
    return isinstance(e, ast.Slice) and e.lower is None and e.upper is None and e.step is None


def _is_minus_one(e: ast.expr) -> bool:
    return (isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub)
            and isinstance(e.operand, ast.Constant) and e.operand.value == 1) or \
        (isinstance(e, ast.Constant) and e.value == -1)


def _rnn_last_step_misreads(module: Any) -> Iterator[tuple[str, Any, str, int]]:
    """(attribute, RNN, indexing code, line in forward) where ``forward`` takes
    ``out[:, -1]`` of a sequence-first RNN's output ``out`` (never rebound in between)."""
    t = frameworks.get("torch")
    fd = t.forward_def(module)
    if fd is None:
        return
    rnns = {n: m for n, m in module.named_children()
            if type(m).__name__ in _RNNS and not getattr(m, "batch_first", True)}
    if not rnns:
        return
    outs: dict[str, str] = {}       # output variable -> RNN attribute
    assigned: dict[str, int] = {}   # variable -> assignments in forward
    for n in ast.walk(fd):
        if not isinstance(n, (ast.Assign, ast.AnnAssign)):
            continue
        targets = n.targets if isinstance(n, ast.Assign) else [n.target]
        names = [x.id for tg in targets for x in ast.walk(tg) if isinstance(x, ast.Name)]
        for x in names:
            assigned[x] = assigned.get(x, 0) + 1
        v = n.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
                isinstance(v.func.value, ast.Name) and v.func.value.id == "self" and \
                v.func.attr in rnns:
            tg = targets[0]
            first = tg.elts[0] if isinstance(tg, ast.Tuple) and tg.elts else tg
            if isinstance(first, ast.Name):
                outs[first.id] = v.func.attr
    for n in ast.walk(fd):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and \
                n.value.id in outs and assigned.get(n.value.id) == 1 and \
                isinstance(n.slice, ast.Tuple) and len(n.slice.elts) >= 2 and \
                _is_full_slice(n.slice.elts[0]) and _is_minus_one(n.slice.elts[1]):
            attr = outs[n.value.id]
            yield attr, rnns[attr], ast.unparse(n), n.lineno


@register
class RnnOutputReadBatchFirst(Rule):
    id = "DLF-L008"
    name = "rnn-last-step-on-batch-axis"
    title = "out[:, -1] of an LSTM/GRU built without batch_first=True"
    taxonomy = "model.layers.properties"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}.{path}` ({kind}) is built without `batch_first=True`, so its output "
               "is (steps, batch, hidden), but `forward` takes `{code}`: the last sample of "
               "the batch at every step, not the last step of every sample.")
    beginner = """PyTorch's `nn.{kind}` expects its input as (sequence length, batch,
features) unless you create it with `batch_first=True`. `forward` reads the output with
`{code}`, which is how you take the last time step of a (batch, steps, hidden) output. So
either your batches are (batch, steps, features) — then the {kind} runs along the batch
and mixes different samples together, with no error — or they are (steps, batch, features)
and `{code}` picks one sample instead of one step. Create the layer with
`batch_first=True` and feed (batch, steps, features)."""
    expert = """With `batch_first=False` the {kind} scans dim 0 and `output` is
(L, N, H·D); `{code}` indexes dim 1, the batch. For (N, L, F) inputs the recurrence runs
across samples (samples leak into each other's hidden state) and the result has one row
per sample only because the indexing takes (N, H) from (N, L, H): shapes line up, so
nothing raises. The last step is `output[-1]` (or `h_n[-1]`) for sequence-first tensors,
`output[:, -1]` only with `batch_first=True`."""
    fix = """self.{attr} = nn.{kind}({args}, batch_first=True)   # input (batch, steps, features)
# ... forward: {code} is then the last time step of every sample"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[int] = set()
        for v in ctx.ns.models("torch"):
            for prefix, mod in v.obj.named_modules():
                if id(type(mod)) in seen or type(mod).__module__.startswith("torch"):
                    continue
                found = next(_rnn_last_step_misreads(mod), None)
                if found is None:
                    continue
                seen.add(id(type(mod)))
                attr, rnn, code, _line = found
                path = f"{prefix}.{attr}" if prefix else attr
                args = f"{rnn.input_size}, {rnn.hidden_size}" + (
                    f", num_layers={rnn.num_layers}" if rnn.num_layers != 1 else "")
                yield Evidence(subject=v.name, model=v.name, path=path, attr=attr,
                               kind=type(rnn).__name__, code=code, args=args)
                break


_SPATIAL_PREFIX = ("Conv2d", "Conv3d", "ConvTranspose2d", "ConvTranspose3d", "MaxPool2d",
                   "MaxPool3d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool2d",
                   "AdaptiveAvgPool3d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
                   "LPPool2d", "FractionalMaxPool2d")
_SHAPE_KEEPING = ("BatchNorm", "Dropout", "InstanceNorm", "GroupNorm", "LocalResponseNorm",
                  "Identity", "ZeroPad", "ReflectionPad", "ReplicationPad", "ConstantPad",
                  "Upsample", "PixelShuffle", "ChannelShuffle")


@register
class LinearAfterConvWithoutFlatten(Rule):
    id = "DLF-L007"
    name = "linear-after-conv-without-flatten"
    title = "A Linear layer follows Conv/pooling layers with no Flatten"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("In `{model}`, `{linear}` ({linear_repr}) comes right after `{conv}` "
               "({conv_repr}) with no `nn.Flatten()`: "
               "the {rank}-D feature map reaches the Linear layer, which only transforms "
               "its last axis.")
    beginner = """Convolution and pooling layers output a stack of images: a tensor of shape
(batch, channels, height, width). A `Linear` layer expects one flat vector per sample.
Without `nn.Flatten()` in between, `{linear}` is applied to each row of pixels (the
last axis) instead of to the whole feature map: either the model crashes with a shape
error ("mat1 and mat2 shapes cannot be multiplied"), or, if the width happens to match,
it silently computes something meaningless. Add `nn.Flatten()` before `{linear}`."""
    expert = """`nn.Linear` broadcasts over all leading axes: on an (N, C, H, W) input it
maps the W axis, giving (N, C, H, out_features). `{linear}` has `in_features={inf}`,
which is meant as the flattened C·H·W size; without `nn.Flatten()` (or
`x.flatten(1)`) the product fails unless W == {inf}, and then the output keeps
spatial axes that the loss will broadcast or reject."""
    fix = """{model} = nn.Sequential(
    ...,
    {conv_code},
    nn.Flatten(),          # (N, C, H, W) -> (N, C*H*W)
    {linear_code},
    ...,
)"""
    known_false_alarms = ("A Linear layer deliberately applied along the last (width) axis of a "
                          "feature map, e.g. a per-row projection.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            if not chain:
                continue
            spatial: tuple[str, Any] | None = None
            rank = 4
            for n, m in chain:
                k = type(m).__name__
                if k.startswith(_SPATIAL_PREFIX):
                    spatial = (n, m)
                    rank = 5 if "3d" in k else 4
                elif k in _ACT or k.startswith(_SHAPE_KEEPING):
                    continue
                elif k == "Linear" and spatial is not None:
                    yield Evidence(subject=v.name, key=n, model=v.name,
                                   linear=module_path(v.name, n), linear_repr=describe(m),
                                   conv=module_path(v.name, spatial[0]),
                                   conv_repr=describe(spatial[1]),
                                   rank=rank, inf=int(getattr(m, "in_features", 0)),
                                   conv_code=f"nn.{spatial[1]!r}", linear_code=f"nn.{m!r}")
                    break
                else:
                    spatial = None


def _evaluation_like(src: SourceFacts, c: Any, name: str) -> bool:
    """A model call that evaluates or predicts: under ``no_grad``/``inference_mode``, after
    ``name.eval()`` in this cell, or on data named test/val; not a shape check on a
    tensor made inline (``model(torch.randn(1, 3, 32, 32))``)."""
    arg = c.args[0] if c.args else None
    if isinstance(arg, ast.Call):
        d = dotted(arg.func) or ""
        if d.split(".")[-1] in ("randn", "rand", "zeros", "ones", "empty", "randint",
                                "tensor", "full"):
            return False
    if src.inside_with(c.node, "no_grad", "inference_mode"):
        return True
    if any(e.receiver == name and e.attr == "eval" and e.line <= c.line for e in src.calls):
        return True
    root = (dotted(arg) or "").split(".")[0] if arg is not None else ""
    if isinstance(arg, ast.Subscript):
        root = (dotted(arg.value) or "").split(".")[0]
    return any(k in root.lower() for k in ("test", "val", "holdout"))


@register
class ModelReinitialisedAfterTraining(Rule):
    id = "DLF-M002"
    name = "trained-model-re-created"
    title = "A trained model is re-created, then used without training"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{model}` was trained{trained_where}, but `{build}` (line {build_line}"
               "{build_cell}) replaced it by a fresh, untrained model, and `{use}` (line "
               "{at}) now uses that one.")
    beginner = """Writing `{build}` creates a brand-new network with random weights; it does
not reset or reuse the one you trained. Everything learned in the training loop was in
the old object, which `{model}` no longer refers to. The predictions at line {at} come from
random weights, so the accuracy you see is chance level. Remove the line that re-creates
`{model}` (or re-run the training after it, or load the trained weights)."""
    expert = """`{model} = {cls}(...)` rebinds the name to a new `nn.Module` whose parameters
come from the default initialisers; the trained parameters live in the previous
object (and in the optimizer's `param_groups`, which still point at them). Evaluate the
trained instance, keep a reference / `state_dict()` of it, or `load_state_dict` into the
new one."""
    fix = """# keep the trained model: do not re-create it before evaluating
{model}.eval()
with torch.no_grad():
    out = {use}
# or, to start from saved weights:
# {model} = {cls}(); {model}.load_state_dict(torch.load("model.pt"))"""
    known_false_alarms = ("A fresh model evaluated on purpose as an untrained baseline.",)[0]

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        src = ctx.source
        if t is None or not src.ok:
            return
        mem = ctx.remember(self.id)
        state: dict[str, str] = mem.setdefault("state", {})     # name -> trained|fresh
        built: dict[str, tuple] = mem.setdefault("built", {})   # name -> (code, line, cell)
        trained_cell: dict[str, int] = mem.setdefault("trained_cell", {})
        models = torch_models(ctx)
        import types

        events: list[tuple[int, int, str, str, Any]] = []
        for c in src.calls:
            if c.function is not None:
                continue
            name = c.name if c.name in models else (
                c.receiver if c.attr in ("forward", "__call__") and c.receiver in models
                else None)
            if name is not None:
                training = any(lf.has_call("backward") for lf in c.loops)
                if training:
                    events.append((c.line, 1, "fit", name, c))
                elif _evaluation_like(src, c, name):
                    events.append((c.line, 1, "use", name, c))
                continue
            if c.receiver in models and c.attr in ("load_state_dict", "load_weights"):
                events.append((c.line, 1, "load", c.receiver, c))
                continue
            # a model handed to a function (train(model, ...), trainer.fit(model)): may train
            for a in [*c.args, *(k.value for k in c.node.keywords)]:
                if isinstance(a, ast.Name) and a.id in models:
                    fn = ctx.user_ns.get(c.name) if c.name and "." not in c.name else None
                    if c.name in ("print", "len", "type", "str", "repr", "id") or (
                            fn is not None and isinstance(fn, types.BuiltinFunctionType)):
                        continue
                    events.append((c.line, 1, "load", a.id, c))
        for a in src.assigns:
            if a.target not in models or a.augmented or a.loops:
                continue
            v = a.value
            while isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
                    v.func.attr in ("to", "cuda", "cpu", "float", "double", "train"):
                v = v.func.value
            fresh = False
            if isinstance(v, ast.Call):
                d = dotted(v.func)
                cls = src.resolve(d) if d else None
                fresh = isinstance(cls, type) and t.is_module(models[a.target].obj) and \
                    issubclass(cls, __import__("torch").nn.Module)
            if any(p.line == a.line and p.function is not None for p in src.calls):
                continue
            events.append((a.line, 0, "build" if fresh else "load", a.target, a))
        events.sort(key=lambda e: (e[0], e[1]))
        for line, _, kind, name, obj in events:
            if kind == "build":
                if state.get(name) == "trained":
                    state[name] = "fresh"
                    built[name] = (src.segment(obj.value) or f"{name} = ...", line, ctx.cell)
                else:
                    state.setdefault(name, "new")
            elif kind == "fit":
                state[name] = "trained"
                trained_cell[name] = ctx.cell
            elif kind == "load":
                if state.get(name) == "fresh":
                    state[name] = "trained"   # weights loaded, or trained by a function
            elif kind == "use" and state.get(name) == "fresh":
                code, bline, bcell = built.get(name, (name, line, ctx.cell))
                state[name] = "reported"
                d = dotted(obj.node.func) if isinstance(obj.node, ast.Call) else None
                tc = trained_cell.get(name)
                yield Evidence(line=line, at=line, subject=name, model=name,
                               build=f"{name} = {code}", build_line=bline,
                               build_cell="" if bcell == ctx.cell else f", cell {bcell}",
                               trained_where=(f" (cell {tc})" if tc and tc != ctx.cell
                                              else ""),
                               use=src.segment(obj.node) or f"{d}(...)",
                               cls=type(models[name].obj).__name__)
        if len(state) > 200:
            state.clear()


# -- tensors fed to models and losses ---------------------------------------------------

def data_of(ctx: CellContext, name: str, line: int) -> tuple[Any, bool] | None:
    """The array/tensor a name stands for: a namespace tensor/array, or — for a loop
    target of ``for xb, yb in loader`` over a TensorDataset — the dataset's tensor
    (whose first axis is the sample axis). (object, is_dataset_tensor)."""
    v = ctx.ns.get(name)
    if v is not None and v.kind in ("tensor", "array"):
        return v.obj, False
    for lf in ctx.source.loops:
        if name not in lf.targets or not (lf.line <= line):
            continue
        tgt = lf.node.target if not isinstance(lf.node, ast.While) else None
        it = lf.iter_node
        if isinstance(it, ast.Call) and dotted(it.func) == "enumerate" and \
                isinstance(tgt, ast.Tuple) and len(tgt.elts) == 2:
            tgt = tgt.elts[1]
        if not isinstance(tgt, ast.Tuple):
            return None
        idx = next((i for i, e in enumerate(tgt.elts)
                    if isinstance(e, ast.Name) and e.id == name), None)
        loader = ctx.ns.get(lf.iter_name)
        if idx is None or loader is None or loader.kind != "loader":
            return None
        ds = getattr(loader.obj, "dataset", None)
        tensors = getattr(ds, "tensors", None)
        if type(ds).__name__ != "TensorDataset" or not isinstance(tensors, tuple) or \
                idx >= len(tensors):
            return None
        from torch.utils.data._utils.collate import default_collate

        if getattr(loader.obj, "collate_fn", default_collate) is not default_collate:
            return None
        return tensors[idx], True
    return None


def _shape_dtype(obj: Any) -> tuple[tuple[int, ...], str] | None:
    try:
        shape = tuple(int(d) for d in obj.shape)
        dt = str(obj.dtype).replace("torch.", "")
    except Exception:  # noqa: BLE001
        return None
    return shape, dt


def _model_call_inputs(ctx: CellContext) -> Iterator[tuple[str, Any, str, tuple, Any, bool]]:
    """(model, call, input name, wrappers, data object, from_dataset) for every model call
    of this cell whose first argument is a known tensor/array."""
    src = ctx.source
    models = torch_models(ctx)
    for c in src.calls:
        m = c.name if c.name in models else (
            c.receiver if c.attr == "forward" and c.receiver in models else None)
        if m is None or not c.args:
            continue
        tr = trace(src, c.args[0], c.line, set(models))
        if not tr or tr[0] != "name":
            continue
        d = data_of(ctx, tr[1], c.line)
        if d is None:
            continue
        yield m, c, tr[1], tr[2], d[0], d[1]


_SAME_LAYOUT = ("float", "double", "to", "cuda", "cpu", "[:]", "contiguous", "from_numpy",
                "dtype", "tensor", "as_tensor", "Tensor", "FloatTensor", "clone", "detach")


@register
class ChannelsLastIntoConv(Rule):
    id = "DLF-S001"
    name = "channels-last-into-conv"
    title = "Image batch in (N, H, W, C) layout fed to a Conv that expects (N, C, H, W)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{data}` has shape {shape}{origin}, but `{model}`'s first layer {layer} "
               "expects (N, C={c}, H, W): {why}")
    beginner = """PyTorch convolution layers expect images as (batch, channels, height,
width). {plain} Rearrange the axes before the model with
`{data}.permute(0, 3, 1, 2)` (for NumPy: `{data}.transpose(0, 3, 1, 2)`), or, when
building the data, keep the channel axis second."""
    expert = """`nn.Conv2d` reads dim 1 as channels (`weight` is (out, in, kH, kW)), so an
(N, H, W, C) tensor is interpreted as H input channels of size W×C; the forward raises
"expected input ... to have {c} channels". TensorFlow/Keras, PIL and NumPy image code
use NHWC; PyTorch's `memory_format=torch.channels_last` changes strides, not the logical
NCHW shape."""
    fix = """{data_fixed} = {data}.permute(0, 3, 1, 2)   # (N, H, W, C) -> (N, C, H, W)
out = {model}({data_fixed})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        done: set[tuple[str, str]] = set()
        for m, c, name, wr, obj, from_ds in _model_call_inputs(ctx):
            if (m, name) in done or not all(w in _SAME_LAYOUT for w in wr):
                continue
            if ctx.error is not None and ctx.error.line == c.line:
                continue  # it raised here: the exception explainers say it
            first = t.first_weight_layer(torch_models(ctx)[m].obj)
            if first is None or type(first[1]).__name__ != "Conv2d":
                continue
            sd = _shape_dtype(obj)
            if sd is None or len(sd[0]) != 4:
                continue
            shape = sd[0]
            cin = int(first[1].in_channels)
            if shape[1] == cin:
                continue
            if shape[3] == cin:
                why = (f"the channels ({cin}) are on the last axis (channels-last), so "
                       f"the layer would read {shape[1]} channels.")
                plain = (f"`{name}` has its {cin} colour channels last, (N, H, W, C), so "
                         f"the layer sees {shape[1]} channels instead of {cin}: the cell "
                         "fails with a channel error.")
            else:
                why = f"no axis has {cin} channels at dim 1 (it has {shape[1]})."
                plain = (f"`{name}` has {shape[1]} values on the channel axis but "
                         f"{layer_name(m, first[0], first[1])} was built for {cin} channels "
                         "(`in_channels`).")
            done.add((m, name))
            yield Evidence(line=c.line, subject=m, data=name, shape=shape, model=m,
                           layer=layer_name(m, first[0], first[1]), c=cin, why=why,
                           plain=plain,
                           origin=" (its dataset tensor)" if from_ds else "",
                           data_fixed=f"{name}_nchw")


@register
class Float64IntoFloat32Model(Rule):
    id = "DLF-S002"
    name = "float64-input-to-float32-model"
    title = "float64 data fed to a float32 model"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{data}` is {dtype}{origin}, but the parameters of `{model}` are {pdtype}: "
               "`{call}` fails with a dtype mismatch.")
    beginner = """NumPy creates float64 ("double") arrays by default, while PyTorch models
use float32. A float64 tensor (e.g. from `torch.from_numpy`) cannot be multiplied with
float32 weights, so the model raises "mat1 and mat2 must have the same dtype". Convert
the data once, when you create it: `{data} = {data}.astype("float32")` for NumPy or
`{data}.float()` for a tensor."""
    expert = """PyTorch does not type-promote between an input and module parameters in
`addmm`/`conv`: `torch.from_numpy` and `torch.tensor(ndarray)` keep float64, and
`F.linear(float64, float32)` raises. Converting the model with `.double()` also works
but doubles memory and is ~2-30× slower on GPUs; cast the data to float32 instead."""
    fix = """{data} = {data}.float()        # or, for NumPy: {data}.astype("float32")
out = {model}({data})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        done: set[tuple[str, str]] = set()
        models = torch_models(ctx)
        for m, c, name, wr, obj, from_ds in _model_call_inputs(ctx):
            if (m, name) in done or (ctx.error is not None and ctx.error.line == c.line):
                continue
            if not all(w in ("from_numpy", "tensor", "as_tensor", "[]", "[:]", "cuda",
                             "contiguous", "clone", "detach") for w in wr):
                continue
            sd = _shape_dtype(obj)
            pdt = t.param_dtype(models[m].obj)
            if sd is None or sd[1] != "float64" or pdt != "float32":
                continue
            if type(obj).__module__.split(".")[0] == "numpy" and not any(
                    w in ("from_numpy", "tensor", "as_tensor") for w in wr):
                continue
            done.add((m, name))
            yield Evidence(line=c.line, subject=m, data=name, dtype=sd[1], pdtype=pdt,
                           model=m, call=ctx.source.segment(c.node) or f"{m}(...)",
                           origin=" (its dataset tensor)" if from_ds else "")


_REGRESSION_LOSSES = ("MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss")
_KEEP_SHAPE = ("float", "double", "to", "cuda", "[:]", "contiguous", "detach", "clone",
               "dtype")


def _model_out_width(model: Any) -> int | None:
    """out_features of the layer that produces the output of a Sequential chain, when
    only activations / dropout follow it."""
    t = frameworks.get("torch")
    chain = t.sequential_chain(model)
    if not chain:
        return None
    for _n, m in reversed(chain):
        k = type(m).__name__
        if k in _ACT or k.startswith("Dropout") or k == "Identity":
            continue
        return int(m.out_features) if k == "Linear" else None
    return None


@register
class RegressionTargetShapeMismatch(Rule):
    id = "DLF-S003"
    name = "regression-target-shape-mismatch"
    title = "Prediction (N, 1) and target (N,) broadcast to (N, N) in a regression loss"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}`: the prediction has shape {pshape} and the target `{target}` has "
               "shape {tshape}, so `{kind}` broadcasts them to ({n}, {n}) and compares every "
               "prediction with every target.")
    beginner = """The model predicts one number per sample as a column, shape (N, 1),
but the targets are a flat list, shape (N,). Instead of an error, PyTorch broadcasts
them into an N×N table and averages the differences between every prediction and every
target, so the loss no longer measures how good each prediction is: the model learns to
predict roughly the mean (PyTorch only prints a UserWarning). Make the shapes equal:
`{fix_pred}` or `{fix_target}`."""
    expert = """Broadcasting aligns trailing axes: (N, 1) − (N,) → (N, N). The loss
becomes `mean_ij (ŷ_i − y_j)²`, whose minimiser is ŷ_i = mean(y) for every i; gradients
carry no per-sample information. `nn.MSELoss` emits "Using a target size that is different
to the input size" but continues."""
    fix = """loss = {loss}({fix_pred}, {target})        # both (N,)
# or keep (N, 1): loss = {loss}({pred}, {fix_target})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        models = torch_models(ctx)
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")
                  if type(v.obj).__name__ in _REGRESSION_LOSSES}
        if not losses:
            return
        src = ctx.source
        for ln, calls in usage(ctx).get("loss_args", {}).items():
            if ln not in losses:
                continue
            for tp, tt, c in calls:
                if not tp or not tt or tt[0] != "name" or \
                        not all(w in _KEEP_SHAPE for w in tp[2] + tt[2]):
                    continue
                td = data_of(ctx, tt[1], c.line)
                if td is None or (sd := _shape_dtype(td[0])) is None:
                    continue
                tshape = sd[0]
                if tp[0] == "call":
                    if tp[1] not in models or _model_out_width(models[tp[1]].obj) != 1:
                        continue
                    pshape: tuple = ("N", 1)
                    pred_1d = False
                else:
                    pd = data_of(ctx, tp[1], c.line)
                    if pd is None or (psd := _shape_dtype(pd[0])) is None:
                        continue
                    pshape = psd[0]
                    pred_1d = len(pshape) == 1
                # the two mismatches: (N,1) vs (N,) and (N,) vs (N,1)
                if not pred_1d and len(pshape) == 2 and pshape[1] == 1 and len(tshape) == 1:
                    pass
                elif pred_1d and len(tshape) == 2 and tshape[1] == 1:
                    pass
                else:
                    continue
                n = tshape[0] if td[1] is False else "N"
                if td[1]:
                    tshape = ("N",) + tuple(tshape[1:])
                if isinstance(n, int) and n < 2:
                    continue
                pred = src.segment(c.args[0]) if c.args else "pred"
                target = tt[1]
                if pred_1d:
                    fix_pred, fix_target = f"{pred}.unsqueeze(1)", f"{target}.squeeze(1)"
                else:
                    fix_pred, fix_target = f"{pred}.squeeze(1)", f"{target}.unsqueeze(1)"
                yield Evidence(line=c.line, subject=ln, code=src.segment(c.node), loss=ln,
                               pshape=shape_str(tuple(pshape)),
                               tshape=shape_str(tuple(tshape)), target=target,
                               kind=type(losses[ln].obj).__name__, n=n, pred=pred,
                               fix_pred=fix_pred, fix_target=fix_target)


def _int_expr(e: ast.AST, depth: int = 0) -> int | None:
    """The value of an integer literal expression such as ``-1`` or ``28 * 28 * 2``."""
    if depth > 8:
        return None
    if isinstance(e, ast.Constant) and isinstance(e.value, int) and \
            not isinstance(e.value, bool):
        return e.value
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        v = _int_expr(e.operand, depth + 1)
        return None if v is None else -v
    if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Mult, ast.Add, ast.Sub)):
        a, b = _int_expr(e.left, depth + 1), _int_expr(e.right, depth + 1)
        if a is None or b is None:
            return None
        return a * b if isinstance(e.op, ast.Mult) else a + b if isinstance(e.op, ast.Add) \
            else a - b
    return None


@register
class ViewMixesSamples(Rule):
    id = "DLF-S004"
    name = "view-mixes-samples"
    title = "x.view(-1, K) with K different from the per-sample size"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}`: `{data}` has shape {shape} ({per} values per sample), so "
               "`-1, {k}` gives {rows} rows instead of {n}: {what}")
    beginner = """`.view(-1, {k})` (or `.reshape`) cuts the tensor into rows of {k}
values. Each sample of `{data}` has {per} values, so the rows no longer match the samples:
{plain} Use the batch size as the first dimension and let PyTorch compute the rest:
`{data}.view({data}.size(0), -1)` (or `torch.flatten({data}, 1)`)."""
    expert = """`view(-1, K)` infers the first dimension as numel/K = {rows}; with
K ≠ ∏shape[1:] = {per}, rows straddle sample boundaries, so features of different
samples are mixed and the batch dimension no longer lines up with the targets (a later
loss either raises a batch-size mismatch or, worse, broadcasts). `x.flatten(1)` keeps
the batch axis by construction."""
    fix = """{data}_flat = {data}.view({data}.size(0), -1)    # ({n}, {per})
# or: torch.flatten({data}, 1)"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for c in src.calls_to("view", "reshape"):
            recv = c.receiver
            v = ctx.ns.get(recv)
            if v is None or v.kind != "tensor" or len(c.args) != 2 or c.function:
                continue
            a0, a1 = _int_expr(c.args[0]), _int_expr(c.args[1])
            if a0 != -1 or not isinstance(a1, int) or isinstance(a1, bool) or a1 <= 0:
                continue
            shape = tuple(int(d) for d in v.obj.shape)
            if len(shape) < 2:
                continue
            # K equal to the product of some trailing axes is a deliberate merge of leading ones
            suffix = 1
            products = set()
            for d in reversed(shape[1:]):
                suffix *= d
                products.add(suffix)
            if a1 in products:
                continue
            numel = 1
            for d in shape:
                numel *= d
            per = numel // shape[0] if shape[0] else 0
            if numel % a1:
                what = "the sizes do not divide, so this raises a shape error."
                plain = "here the sizes do not even divide, so PyTorch raises an error."
                rows = f"{numel}/{a1} (not whole)"
            else:
                rows = numel // a1
                what = ("values of different samples end up in the same row, and the "
                        "batch no longer matches the labels.")
                plain = ("values of different samples are mixed in one row, and the number "
                         "of rows no longer equals the number of samples.")
            yield Evidence(line=c.line, subject=recv, code=src.segment(c.node), data=recv,
                           shape=shape, per=per, k=a1, rows=rows, n=shape[0], what=what,
                           plain=plain)
