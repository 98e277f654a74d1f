"""``%%dlcheck`` diagnoses: rules on the traces of an instrumented training run
(``ctx.runtime``, a :class:`dlfault_jupyter.runtime.trace.Trace`). Scope "runtime":
they run only after a ``%%dlcheck`` cell. No framework is imported here.

Thresholds are deliberately far from what healthy runs show (see ``known_false_alarms``):
when a run is ambiguous the rules stay quiet.
"""

from __future__ import annotations

import math
import string
from collections.abc import Iterator
from statistics import median
from typing import Any

from ..context import CellContext
from ..wording import describe, layer_path, num, times
from . import Evidence, Rule, lookup, register
from ._lr import keras_lr_fix, torch_lr_fix

CLASSIFICATION_LOSSES = ("CrossEntropyLoss", "NLLLoss", "sparse_categorical_crossentropy",
                         "categorical_crossentropy", "SparseCategoricalCrossentropy",
                         "CategoricalCrossentropy")
INPUT_NORMALISERS = ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm",
                     "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "Embedding",
                     "EmbeddingBag")
# Keras layers that compute on raw input values (DLF-T314 checks a Keras model only when
# its first computing layer is one of these: a preprocessing or Lambda layer may scale)
KERAS_INPUT_COMPUTE = ("Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D",
                       "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
                       "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "LSTM", "GRU",
                       "SimpleRNN")


def _fmt(v: float | None) -> str:
    """A number people read (wording.num): ``0.6905``, ``12,300``, ``6.3 × 10⁻⁸``."""
    return num(v)


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def keras_run(tr: Any) -> bool:
    """The run was a Keras ``fit`` (no PyTorch step or backward was seen)."""
    return tr is not None and "keras" in tr.frameworks and not tr.step_calls and \
        not tr.backward_calls


def framework(tr: Any) -> str:
    """"keras" or "torch": the framework whose words a finding on this run speaks."""
    return "keras" if keras_run(tr) else "torch"


def _model(tr: Any) -> str:
    """The variable of the model this run trained (not another model of the namespace)."""
    if keras_run(tr):
        if tr.keras_models:
            return tr.keras_models[0]
    else:
        for ls in tr.param_layers():     # the model whose layers were probed
            base = ls.name.split(".")[0]
            if not base.startswith("<"):
                return base
    return tr.models[0] if tr.models else "model"


def _lname(ctx: CellContext, ls: Any, kind: str | None = None) -> str:
    """```deep[4]` (Linear 64→2)``: a probed layer (its stats, or its dotted name) by the
    path the user types and a short description of the module (wording.py)."""
    name = ls if isinstance(ls, str) else ls.name
    kind = kind or getattr(ls, "kind", None)
    base, _, rest = name.partition(".")
    if base.startswith("<") or not base.isidentifier():
        return f"`{name}`" + (f" ({kind})" if kind else "")
    obj: Any = ctx.user_ns.get(base)
    for part in rest.split(".") if rest else ():
        obj = getattr(obj, part, None) if obj is not None else None
    desc = describe(obj) if obj is not None and (kind is None or type(obj).__name__ == kind) \
        else kind
    return f"`{layer_path(base, rest)}`" + (f" ({desc})" if desc else "")


def _lr_line(ctx: CellContext, tr: Any, direction: str) -> str:
    """The learning-rate fix every learning-rate finding shares (rules/_lr.py)."""
    if keras_run(tr):
        return keras_lr_fix(ctx, _model(tr), direction)
    return torch_lr_fix(ctx, _opt(tr), _model(tr), direction)[0]


def _opt(tr: Any) -> str:
    if keras_run(tr):
        return f"{_model(tr)}.optimizer"
    return tr.optimizers[0] if tr.optimizers else "optimizer"


class ByFramework(str):
    """A text template (message, explanation or fix) with a PyTorch and a Keras version,
    declared together in the rule.

    The string itself is the PyTorch version. Filled with the evidence of a run, the
    ``framework`` field (``"torch"`` or ``"keras"``, which :class:`RuntimeRule` puts on
    every finding) picks the version; without that field (the rule reference) both are
    shown, the Keras one labelled."""

    keras: str
    code: bool

    def __new__(cls, torch: str, keras: str, code: bool = False) -> ByFramework:
        obj = super().__new__(cls, torch)
        obj.keras = keras
        obj.code = code
        return obj

    def format_map(self, mapping: Any) -> str:  # type: ignore[override]
        fw = mapping.get("framework") if isinstance(mapping, dict) else None
        if fw == "keras":
            return str.format_map(self.keras, mapping)
        torch = str.format_map(str(self), mapping)
        if fw == "torch":
            return torch
        keras = str.format_map(self.keras, mapping)
        if self.code:
            return f"# PyTorch\n{torch.strip()}\n\n# Keras\n{keras.strip()}"
        return f"{torch.strip()}\n\nIn Keras: {keras.strip()}"


def _fw_fields(tr: Any, torch: dict[str, Any], keras: dict[str, Any]) -> dict[str, Any]:
    """Evidence fields whose wording depends on the framework of the run."""
    return keras if keras_run(tr) else torch


def _keras_loss(tr: Any) -> str:
    """The Keras cross-entropy of the run's loss, on raw scores (for a fix)."""
    name = (tr.loss_name or "").lower().replace("_", "")
    if name and "crossentropy" not in name:
        return "..."
    cls = ("SparseCategoricalCrossentropy" if "sparse" in name else
           "CategoricalCrossentropy" if "categorical" in name else
           "BinaryCrossentropy" if "binary" in name else
           "SparseCategoricalCrossentropy")
    return f"keras.losses.{cls}(from_logits=True)"


def _finite_prefix(tr: Any) -> list[float]:
    """Loss values up to the first non-finite one."""
    out = []
    for _s, v in tr.losses.points:
        if not math.isfinite(v):
            break
        out.append(v)
    return out


def _windows(vals: list[float]) -> tuple[float, float, int]:
    w = max(2, len(vals) // 10)
    return _mean(vals[:w]), _mean(vals[-w:]), w


def diverges(tr: Any) -> dict[str, Any] | None:
    """The loss grew far above where it started (before any NaN)."""
    vals = _finite_prefix(tr)
    n = len(vals)
    if n < 5 or vals[0] <= 0:
        return None
    l0, lo, hi = vals[0], min(vals), max(vals)
    went_bad = tr.losses.first_bad is not None
    if went_bad:
        tail = max(vals[-3:])
        if tail >= 100 * l0:
            return {"first": l0, "last": tail, "lo": lo}
        return None
    if n < 8:
        return None
    rest = sorted(vals[n // 2:])
    med = rest[len(rest) // 2]
    if med > 3 * l0 and hi >= 10 * l0:
        return {"first": l0, "last": med, "lo": lo}
    return None


def interleaved_objectives(tr: Any) -> bool:
    """Several optimizers, each stepped after its own loss (a GAN's discriminator and
    generator, actor and critic): the recorded losses alternate between objectives that
    are meant to pull against each other, so their sequence has no single trend."""
    n = getattr(tr, "n_optimizers", 0)
    return n >= 2 and tr.backward_calls > tr.step_calls / n


def loss_shape(tr: Any) -> tuple[str | None, dict[str, Any]]:
    """What the loss curve did: "nonfinite", "diverge", "oscillate", "plateau" or None."""
    if tr is None or not len(tr.losses):
        return None, {}
    if interleaved_objectives(tr):
        return ("nonfinite" if tr.losses.first_bad is not None else None), {}
    d = diverges(tr)
    if d:
        return "diverge", d
    if tr.losses.first_bad is not None:
        return "nonfinite", {}
    vals = _finite_prefix(tr)
    n = len(vals)
    if n < 20:
        return None, {}
    first, last, w = _windows(vals)
    diffs = [b - a for a, b in zip(vals, vals[1:], strict=False)]
    nz = [d for d in diffs if d != 0]
    flips = sum(1 for a, b in zip(nz, nz[1:], strict=False) if (a > 0) != (b > 0))
    flip_frac = flips / max(1, len(nz) - 1)
    level = median(vals)
    amp = median(abs(d) for d in diffs)
    if level > 0 and flip_frac >= 0.55 and amp >= 0.5 * level and amp >= 0.2 * vals[0]:
        return "oscillate", {"amp": amp, "level": level, "flip": flip_frac}
    if first > 0.05 and abs(last - first) <= 0.02 * first:
        return "plateau", {"first": first, "last": last, "w": w}
    return None, {}


class RuntimeRule(Rule):
    evidence = "runtime"
    scope = "runtime"
    silent = True
    frameworks = ("torch", "keras")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every finding of a runtime rule carries ``framework`` ("torch"/"keras"), which
        picks the version of its :class:`ByFramework` texts."""
        super().__init_subclass__(**kwargs)
        for attr in ("message", "beginner", "expert", "fix"):
            t = cls.__dict__.get(attr)
            if isinstance(t, ByFramework):
                list(string.Formatter().parse(t.keras))  # raises on a malformed template
        check = cls.__dict__.get("check")
        if check is None:
            return

        def framed(self: Any, ctx: CellContext) -> Iterator[Evidence]:
            fw = framework(ctx.runtime)
            for ev in check(self, ctx) or ():
                ev.fields.setdefault("framework", fw)
                yield ev

        framed.__doc__ = check.__doc__
        framed.__wrapped__ = check  # type: ignore[attr-defined]
        cls.check = framed  # type: ignore[method-assign]


# -- loss ----------------------------------------------------------------------------
@register
class NonFiniteLoss(RuntimeRule):
    id = "DLF-T301"
    name = "loss-became-nan"
    title = "The loss became NaN or infinite during training"
    taxonomy = "training.process"
    severity = "error"
    message = "The loss became `{value}` at step {step} of this run; {where}"
    beginner = """Once the loss is NaN (not a number) or infinite, every gradient and then
every weight becomes NaN too: the model stops learning for good and its predictions are
garbage. It usually comes from the data (a NaN or infinite value in a batch), from a
learning rate so high that the numbers overflow, or from a loss computed by hand that
takes the log of 0 or divides by 0."""
    expert = ByFramework(
        """Non-finite values propagate through every floating-point operation
(NaN·0 = NaN), so a single non-finite loss at step {step} poisons `param.grad` and, after
`step()`, the parameters. It comes from the input batch, from the loss computation itself
(`log(0)`, `0/0`, `exp` overflow in a hand-written loss) or from weights that an update
made non-finite. Use numerically stable fused losses (`cross_entropy` on
logits, `BCEWithLogitsLoss`, `logsumexp`) and check the data with
`torch.isfinite(x).all()`.""",
        """Non-finite values propagate through every floating-point operation
(NaN·0 = NaN), so a single non-finite loss at step {step} makes the gradients and, after
the optimizer's update, the weights non-finite. It comes from the input data, from the
loss computation (a probability of exactly 0 or 1, a hand-written loss) or from weights
that an update made non-finite. Use numerically stable losses
(`from_logits=True` on the raw scores of the last layer instead of a softmax output),
check the data with `np.isfinite(X).all()`, and stop a run early with
`keras.callbacks.TerminateOnNaN()`.""")
    fix = ByFramework("""# clean the data once, use a stable loss, and stop early on a bad value
X = torch.nan_to_num(X)                     # or drop the rows that are not finite
loss = torch.nn.functional.cross_entropy(logits, y)   # not log(softmax(...))
if not torch.isfinite(loss):
    raise FloatingPointError(f"non-finite loss at step {{step}}")""",
                      """# clean the data once, use a stable loss, and stop early on a bad value
X = np.nan_to_num(X)                        # or drop the rows that are not finite
{model}.compile(optimizer=..., loss={kloss})   # a numerically stable loss
{model}.fit(X, y, callbacks=[keras.callbacks.TerminateOnNaN()])""", code=True)
    known_false_alarms = "None known: a non-finite loss is never part of a healthy run."
    references = ("https://pytorch.org/docs/stable/generated/torch.isfinite.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.losses.first_bad is None:
            return
        origin = tr.nan_origin
        if origin and origin.get("layer") and origin.get("params_finite", True) and \
                origin.get("step", 0) <= tr.losses.first_bad[0]:
            return  # DLF-T310 names the layer that produced it
        step, value = tr.losses.first_bad
        if tr.input_nonfinite_step is not None and tr.input_nonfinite_step <= step:
            where = (f"the model's input batch already contained NaN/Inf (seen at step "
                     f"{tr.input_nonfinite_step}): the data is not clean.")
        elif origin and origin.get("layer"):
            where = (f"afterwards the weights were NaN/Inf too (`{origin['layer']}` at step "
                     f"{origin['step']}): an update wrote them (learning rate too high, "
                     "exploding gradients, or the non-finite loss itself).")
        elif keras_run(tr):
            where = ("check the data for NaN/Inf, a hand-written loss for a log of 0 or a "
                     "division by 0, and lower the learning rate.")
        else:
            where = ("every layer's output was finite at the probed steps: the loss "
                     "computation (log of 0, division by 0) or an overflow produced it.")
        # weights made non-finite by an update on clean data: a learning-rate finding of
        # the same run (diverging loss, exploding gradients) is the same cause
        cause = "learning-rate" if origin and origin.get("layer") and \
            tr.input_nonfinite_step is None else None
        yield Evidence(subject=tr.loss_subject or _model(tr), key=step, step=step,
                       value=_fmt(value), where=where, model=_model(tr),
                       kloss=_keras_loss(tr), same_cause=cause)


@register
class DivergingLoss(RuntimeRule):
    id = "DLF-T302"
    name = "loss-diverges"
    title = "The loss grows during training instead of falling"
    taxonomy = "training.hyperparameters"
    severity = "error"
    message = ("The loss grew from {first} at the first step to {last} later in the run, "
               "{factor} its minimum {lo}: training diverges.")
    beginner = """Training should make the loss go down. Here it went up, by a large
factor: each update overshoots and lands somewhere worse. Almost always the learning rate
is too high (or the loss is maximised by mistake). Divide the learning rate by 10 and run
again; if it still grows, check the sign of the loss."""
    expert = """A loss that grows geometrically means the update is unstable: for
gradient descent on a locally quadratic loss, `lr > 2/λ_max` (the sharpest curvature)
makes the iterates oscillate with growing amplitude. Lower `lr` (a factor of 10 at a
time), add warm-up or gradient clipping ({clip}), and normalise the inputs (large input
scales raise λ_max)."""
    cause = "learning-rate"
    fix = ByFramework("""{lr_line}
# optionally, between backward() and step():
torch.nn.utils.clip_grad_norm_({model}.parameters(), max_norm=1.0)""",
                      """{lr_line}
# optionally, clip the gradients: keras.optimizers.<the same optimizer>(..., clipnorm=1.0)""",
                      code=True)
    known_false_alarms = ("A run that starts at an unusually good point (a pretrained model "
                          "whose loss first rises while adapting) can look like this.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        d = diverges(tr) if not interleaved_objectives(tr) else None
        if d:
            yield Evidence(subject=_opt(tr), key="diverge", first=_fmt(d["first"]),
                           last=_fmt(d["last"]), lo=_fmt(d["lo"]),
                           factor=times(d["last"] / max(d["lo"], 1e-12)), opt=_opt(tr),
                           model=_model(tr), lr_line=_lr_line(ctx, tr, "high"), **_fw_fields(
                               tr, {"clip": "`clip_grad_norm_`"},
                               {"clip": "`clipnorm=` of the optimizer"}))


@register
class PlateauLoss(RuntimeRule):
    id = "DLF-T303"
    name = "loss-does-not-decrease"
    title = "The loss does not go down"
    taxonomy = "training.process"
    severity = "warning"
    message = ("Over {steps} steps the loss stayed at {first} → {last} (change {change}): "
               "the model is not learning.")
    beginner = ByFramework(
        """The loss at the end of this run is practically the same as at the
start: the updates do not improve the model. Common causes: a learning rate far too low,
an optimizer that does not hold this model's parameters, gradients that never reach the
weights (detached tensors, frozen layers), labels that do not match the inputs, or a
softmax applied before a loss that already applies one.""",
        """The loss at the end of this run is practically the same as at the
start: the updates do not improve the model. Common causes: a learning rate far too low,
layers that do not train (`trainable = False`), gradients that never reach the weights (a
`stop_gradient` or a conversion to NumPy inside a layer), labels that do not match the
inputs, or a last layer and a loss that do not fit together (a softmax output with
`from_logits=True`, raw scores without it).""")
    expert = ByFramework(
        """Relative change of the windowed mean loss below 2% over {steps} steps.
Look at the other runtime findings first (zero or vanishing gradients, tiny
update-to-weight ratios, dead units): they name the cause. Otherwise check that
`optimizer.param_groups` hold `model.parameters()`, that nothing calls `.detach()`,
`.item()` or `.numpy()` inside the forward, and the loss/activation pairing.""",
        """Relative change of the windowed mean loss below 2% over {steps} steps.
Look at the other runtime findings first (zero or vanishing gradients, tiny
update-to-weight ratios, dead units): they name the cause. Otherwise check that
`{model}.trainable_weights` holds the layers you mean to train, that no layer's `call`
uses `stop_gradient` or NumPy, and the pairing of the last activation with the loss
(`from_logits`).""")
    fix = ByFramework("""{lr_line}
# and check they get gradients after loss.backward():
print([(n, p.grad is None) for n, p in {model}.named_parameters()])""",
                      """{model}.compile(optimizer=keras.optimizers.Adam(1e-3), loss=...)
# and check which weights train:
print([w.path for w in {model}.trainable_weights])""", code=True)
    known_false_alarms = ("Continuing to train a model that has already converged (the loss "
                          "is flat because it is at its minimum).")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        shape, d = loss_shape(tr)
        if shape != "plateau":
            return
        yield Evidence(subject=_model(tr), key="plateau", steps=tr.steps or len(tr.losses),
                       first=_fmt(d["first"]), last=_fmt(d["last"]),
                       change=f"{(d['last'] - d['first']) / d['first']:+.1%}", opt=_opt(tr),
                       model=_model(tr), lr_line=_lr_line(ctx, tr, "typical"))


@register
class OscillatingLoss(RuntimeRule):
    id = "DLF-T304"
    name = "loss-oscillates"
    title = "The loss jumps up and down without improving"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    message = ("The loss changes direction at {flip} of the steps, by {amp} per step (median) "
               "on a level of {level}: heavy oscillation.")
    beginner = """The loss goes up, then down, then up again by large amounts from one step
to the next: the model never settles. The steps are too big: each update
jumps over the valley it should go down into. Lower the learning rate, or use a bigger
batch so that each step is less noisy."""
    expert = """Sign changes of consecutive loss differences in {flip} of steps with a
median step-to-step change of {amp} against a median loss of {level}: the effective step size exceeds the stable range along the sharpest directions
(`lr·λ_max > 2`) or the gradient noise dominates (batch too small). Lower the learning
rate, add a schedule ({schedule}) or momentum damping, or increase the batch size."""
    cause = "learning-rate"
    fix = ByFramework("""{lr_line}
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR({opt}, T_max=100)""",
                      """{lr_line}
# and/or let it decay over the run:
# keras.optimizers.schedules.CosineDecay(<that learning rate>, decay_steps=1000)""",
                      code=True)
    known_false_alarms = ("Very small batches (1–4 samples) give noisy losses; the rule asks "
                          "for changes of at least half the loss and a fifth of the initial "
                          "loss per step.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        shape, d = loss_shape(tr)
        if shape != "oscillate":
            return
        yield Evidence(subject=_opt(tr), key="oscillate", flip=f"{d['flip']:.0%}",
                       amp=_fmt(d["amp"]), level=_fmt(d["level"]), opt=_opt(tr),
                       model=_model(tr), lr_line=_lr_line(ctx, tr, "high"), **_fw_fields(
                           tr, {"schedule": "`OneCycleLR`, cosine"},
                           {"schedule": "`keras.optimizers.schedules.CosineDecay`"}))


@register
class InitialLossOff(RuntimeRule):
    id = "DLF-T305"
    name = "initial-loss-far-from-chance"
    title = "The first loss is far from what a fresh classifier gives"
    taxonomy = "training.loss"
    severity = "warning"
    message = ("The loss at the first step was {l0}, where a fresh {C}-class classifier "
               "gives about ln({C}) = {lnC}: {why}")
    beginner = """Before training, a classifier that knows nothing should spread its
probability evenly over the {C} classes, which gives a cross-entropy loss of about
ln({C}) = {lnC}. Yours started at {l0}. {why_long}"""
    expert = ByFramework(
        """For cross-entropy with C = {C} and near-uniform initial predictions,
`L₀ ≈ ln C = {lnC}`. A negative value is impossible for a correct cross-entropy: `NLLLoss`
was given raw scores instead of log-probabilities. A much larger value means the initial
logits are large (an initialisation or input scale problem, a missing normalisation, or
a final activation squashing probabilities before a loss that expects logits).""",
        """For cross-entropy with C = {C} and near-uniform initial predictions,
`L₀ ≈ ln C = {lnC}`. A much larger value means the initial outputs are large (an
initialisation or input scale problem, a missing normalisation) or that raw scores reach
a loss that expects probabilities (`from_logits=False`, the default): Keras clips them to
[ε, 1−ε], which gives losses up to −ln ε ≈ 16.""")
    fix = ByFramework("""{torch_fix}""",
                      """# raw scores from the last layer (no activation) + from_logits=True
{model}.compile(optimizer=..., loss={kloss})
# or probabilities: end the model with keras.layers.Dense(C, activation="softmax")
# and keep from_logits=False""", code=True)
    known_false_alarms = ("A model that was already trained in an earlier cell can start "
                          "far from ln C.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.losses.first is None or not tr.n_classes or tr.n_classes < 2:
            return
        if not tr.loss_name or not any(n.lower() in tr.loss_name.lower()
                                       for n in CLASSIFICATION_LOSSES):
            return
        l0 = tr.losses.first[1]
        C = tr.n_classes
        ln = math.log(C)
        if not math.isfinite(l0):
            return
        if l0 < -1e-3 and keras_run(tr):
            why = "a negative cross-entropy: the loss was not given probabilities."
            long = ("A negative loss is impossible for a correct cross-entropy: the loss got "
                    "values that are not probabilities. Give it the raw scores of a last "
                    "layer without activation, with `from_logits=True`.")
        elif l0 < -1e-3:
            why = "a negative cross-entropy: the loss was given raw scores, not log-probabilities."
            long = ("A negative loss is impossible for a correct cross-entropy: `NLLLoss` "
                    "expects `log_softmax` outputs. Use `CrossEntropyLoss` on the raw "
                    "scores instead.")
        elif l0 > max(3 * ln, ln + 3):
            why = "the initial predictions are very confident and often wrong."
            long = ("The model starts out very confident: its outputs are too large. "
                    "Normalise the inputs and keep the default initialisation of the last "
                    "layer.")
            if keras_run(tr):
                long = ("The model starts out very confident: its outputs are too large, or "
                        "the loss reads raw scores as probabilities (a last layer without "
                        "softmax and `from_logits=False`, the default). Pass "
                        "`from_logits=True` when the last layer has no activation, "
                        "normalise the inputs and keep the default initialisation of the "
                        "last layer.")
        else:
            return
        if l0 > 0:   # over-confident outputs: the scale of the last layer, not the loss
            layers = [ls for ls in tr.param_layers() if not ls.name.startswith("<")]
            last = layers[-1].name if layers else None
            path = layer_path(*last.split(".", 1)) if last and "." in last else last
            torch_fix = (f"# the outputs start far too large: give the last layer its default "
                         f"initialisation again\n{path}.reset_parameters()   # or remove the "
                         "code that scaled its weights; normalise the inputs"
                         if path else "# normalise the inputs and keep the default "
                         "initialisation of the last layer")
        else:
            torch_fix = ("# logits + CrossEntropyLoss (it applies log_softmax itself)\n"
                         "loss_fn = nn.CrossEntropyLoss()\n# or log-probabilities + NLLLoss\n"
                         "loss_fn = nn.NLLLoss(); loss = loss_fn(torch.log_softmax(logits, "
                         "dim=1), y)")
        yield Evidence(subject=tr.loss_subject or _model(tr), key="l0", l0=_fmt(l0), C=C,
                       lnC=f"{ln:.3g}", why=why, why_long=long, model=_model(tr),
                       kloss=_keras_loss(tr), torch_fix=torch_fix)


# -- gradients -----------------------------------------------------------------------
def _grad_means(tr: Any) -> list[tuple[Any, float]]:
    out = []
    for ls in tr.param_layers():
        vals = ls.grad_norms.finite_values()
        if vals:
            out.append((ls, _mean(vals)))
    return out


@register
class VanishingGradients(RuntimeRule):
    id = "DLF-T306"
    name = "vanishing-gradients"
    title = "Gradients vanish before they reach the first layers"
    taxonomy = "training.process"
    severity = "warning"
    message = ("The gradient norm of {layer} is {g_first}, {ratio} smaller than that of "
               "the last layer {last} ({g_last}): the first {n} layer(s) hardly learn.")
    beginner = """The error signal shrinks as it travels back through the network: by the
time it reaches {layer} it is {ratio} smaller than at the output. Those first
layers barely change, so the network cannot learn good features. Typical causes: many
sigmoid or tanh layers in a row, or a poor initialisation. Use ReLU-family activations,
add normalisation layers, or use residual connections."""
    expert = """Backpropagation multiplies the gradient by each layer's Jacobian; with
sigmoid (σ' ≤ 0.25) or saturated tanh the product decays geometrically with depth. Mean
per-layer gradient norm over the probed steps: {layer} {g_first} vs {last} {g_last}.
Fix the signal path: ReLU/GELU activations with He (Kaiming) initialisation, BatchNorm/LayerNorm between
layers, residual connections, or a shallower network."""
    torch_fix = """{model} = nn.Sequential(
    nn.Linear(n_in, 64), nn.ReLU(),      # ReLU instead of Sigmoid in hidden layers
    nn.Linear(64, 64, bias=False), nn.BatchNorm1d(64), nn.ReLU(),
    nn.Linear(64, n_out),
)"""
    keras_fix = """{model} = keras.Sequential([
    keras.Input((n_in,)),
    keras.layers.Dense(64, activation="relu"),    # ReLU instead of sigmoid in hidden layers
    keras.layers.Dense(64), keras.layers.BatchNormalization(), keras.layers.ReLU(),
    keras.layers.Dense(n_out),
])"""
    fix = ByFramework(torch_fix, keras_fix, code=True)
    known_false_alarms = ("Layers that are meant to learn slowly (a pretrained backbone with "
                          "a tiny learning rate) are not the issue here: this compares "
                          "gradients, not learning rates.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        gm = _grad_means(tr)
        if len(gm) < 3:
            return
        last_ls, g_last = gm[-1]
        if not g_last > 1e-6:
            return
        small = []
        for ls, g in gm[:-1]:
            if g < 1e-3 * g_last:
                small.append((ls, g))
            else:
                break
        if not small:
            return
        ls, g = small[0]
        model = ls.name.split(".")[0]
        yield Evidence(subject=model, key=ls.name, layer=_lname(ctx, ls), g_first=_fmt(g),
                       last=_lname(ctx, last_ls), g_last=_fmt(g_last), n=len(small),
                       ratio=times(g_last / g) if g > 0 else "infinitely", model=model)


@register
class ExplodingGradients(RuntimeRule):
    id = "DLF-T307"
    name = "exploding-gradients"
    title = "Gradients explode during training"
    taxonomy = "training.process"
    severity = "error"
    message = ("The gradient norm of {layer} reached {peak} (total {total} at step {step}); "
               "{growth}")
    beginner = """The gradients are huge: each update moves the weights by a very large
amount, so training jumps around wildly or overflows to NaN. Usual causes: a too high
learning rate, inputs that are not normalised, or a deep network with a bad
initialisation. Normalise the inputs, lower the learning rate, and clip the gradients."""
    expert = """Peak per-layer gradient norm {peak} in {layer}; {growth} Large gradients
come from large activations (unnormalised inputs, weights initialised too large, deep
products of Jacobians with spectral norm > 1) or from a loss on a large scale (sum
reduction, unnormalised regression targets). Clip ({clip}), fix the scales, and use
normalisation layers."""
    torch_fix = """{init_fix}loss.backward()
torch.nn.utils.clip_grad_norm_({model}.parameters(), max_norm=1.0)   # a guard
{opt}.step()"""
    keras_fix = """# clip the gradient norm in the optimizer, and normalise the inputs
{model}.compile(optimizer=keras.optimizers.Adam(1e-3, clipnorm=1.0), loss=...)"""
    fix = ByFramework(torch_fix, keras_fix, code=True)
    cause = "learning-rate"
    known_false_alarms = ("Losses with `reduction='sum'` over large batches have large but "
                          "harmless gradient norms when the learning rate is scaled down "
                          "accordingly.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        peak, where = 0.0, None
        for ls in tr.param_layers():
            for _s, v in ls.grad_norms.points:
                if math.isfinite(v) and v > peak:
                    peak, where = v, ls
        tot = [(s, v) for s, v in tr.total_grad_norm.points if math.isfinite(v)]
        if where is None or len(tot) < 2:
            return
        first = tot[0][1]
        smax, vmax = max(tot, key=lambda p: p[1])
        grew = first > 0 and vmax / first >= 100 and vmax >= 100
        if peak < 1e3 and not grew:
            return
        growth = (f"it grew {times(vmax / first)} from step {tot[0][0]}."
                  if first > 0 and vmax / first >= 10 else "from the first probed step on.")
        model = where.name.split(".")[0]
        # large from the first step on: the weights start too large (clipping only caps
        # the symptom); growing over the run: the learning rate (a cause of its own)
        init_fix = (f"# the gradients are large from the first step: start from the default "
                    f"initialisation\nfor m in {model}.modules():\n    if hasattr(m, "
                    "\"reset_parameters\"):\n        m.reset_parameters()\n"
                    if not (first > 0 and vmax / first >= 10) else "")
        yield Evidence(subject=model, key="explode", init_fix=init_fix,
                       same_cause=None if init_fix else "learning-rate", layer=_lname(ctx, where), peak=_fmt(peak),
                       total=_fmt(vmax), step=smax, growth=growth, model=model, opt=_opt(tr),
                       **_fw_fields(tr, {"clip": "`clip_grad_norm_`"},
                                    {"clip": "`clipnorm=` of the optimizer"}))


@register
class NoGradient(RuntimeRule):
    id = "DLF-T308"
    name = "parameters-get-no-gradient"
    title = "Some trainable parameters never get a gradient"
    taxonomy = "training.process"
    severity = "error"
    message = ByFramework(
        "{layers} {verb} `requires_grad=True` parameters in the optimizer but {their} "
        "gradient was {what} at every probed step: {how}.",
        "{layers} {verb} trainable weights, yet {their} gradient was {seen}: {how}.")
    beginner = ByFramework(
        """These layers are supposed to learn (their parameters require gradients
and the optimizer holds them), yet the loss never sends them any gradient, so they stay
exactly as they were initialised. Usually the output of a layer was cut off from the loss:
a `.detach()`, `.data`, `.item()`, `.numpy()` or `torch.tensor(...)` in the forward pass,
or a layer that is defined but not used in `forward`.""",
        """These layers are supposed to learn (their weights are trainable), yet
the loss never sends them any gradient, so they stay exactly as they were initialised.
Usually the layer's output does not reach the loss: a layer that is created but not
connected to the model's output, a `stop_gradient`, or a conversion to NumPy (`.numpy()`,
`np.` functions) inside a custom layer's `call`.""")
    expert = ByFramework(
        """`param.grad` stayed {what} across {probes} probed steps for {layers}.
Autograd only reaches parameters that are on a differentiable path to the loss. Look for a
break in the graph (`detach`, `.data`, conversions to NumPy or Python numbers, in-place
re-wrapping with `torch.tensor`), for a branch not used in `forward`, or for a layer whose
output is multiplied by zero. If freezing was intended, set `requires_grad_(False)` and
leave the parameters out of the optimizer.""",
        """{seen_long} Gradients only reach weights that are on a differentiable path
to the loss. Look for a break in the graph (`keras.ops.stop_gradient` or
`tf.stop_gradient`, NumPy or Python numbers computed inside a layer's `call`), for a layer
whose output does not reach the model's outputs, or for an output multiplied by zero. If
the layer is meant to stay fixed, freeze it (`layer.trainable = False`, then `compile()`
again) so that its weights leave `trainable_weights`.""")
    fix = ByFramework("""def forward(self, x):
    h = self.body(x)            # not self.body(x).detach() / torch.tensor(...)
    return self.head(h)""", """class Block(keras.layers.Layer):
    def call(self, x):
        h = self.body(x)        # not keras.ops.stop_gradient(...) / np.asarray(...)
        return self.head(h)
# or freeze on purpose: layer.trainable = False, then {model}.compile(...) again""",
                      code=True)
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
        one = len(bad or keras_bad) == 1
        grammar = {"verb": "has" if one else "have", "their": "its" if one else "their"}
        if bad:
            names = [ls.name for ls in bad]
            none = all(not ls.grad_norms.points for ls in bad)
            model = names[0].split(".")[0]
            what = "None" if none else "zero"
            n = bad[0].grad_probes
            seen = ("missing (not computed) at every probed step" if none else
                    "zero at every probed step")
            yield Evidence(subject=model, key=tuple(names), layers=_list(names), **grammar,
                           what=what, probes=n, model=model, seen=seen,
                           seen_long=(f"The gradient of the compiled loss on the probed sample "
                                      f"batches (`GradientTape`) was {seen.split(' at ')[0]} "
                                      f"for the trainable weights of {_list(names)}, at all "
                                      f"{n} probes."),
                           how=(("they are not connected to the loss (cut off by a "
                                 "`stop_gradient`, or unused)" if keras_run(tr) else
                                 "they are not connected to the loss (detached or unused)")
                                if none else "no error signal flows back through them"))
        elif keras_bad:
            seen = f"zero: the weights did not move in any of {tr.epochs} epochs"
            yield Evidence(subject=_model(tr), key=tuple(keras_bad), layers=_list(keras_bad),
                           **grammar, what="zero (the weights did not move in any epoch)",
                           probes=tr.epochs, model=_model(tr), seen=seen,
                           seen_long=(f"The weights of {_list(keras_bad)} were bit-identical "
                                      f"at the end of each of {tr.epochs} epochs: no "
                                      "gradient reached them (or the learning rate is too "
                                      "small to change a float32 weight)."),
                           how=("no gradient reaches them, or the learning rate is too small "
                                "to change a float32 weight at all"))


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
class UpdateRatio(RuntimeRule):
    id = "DLF-T309"
    name = "update-to-weight-ratio-off"
    title = "Each update changes the weights far too much or far too little"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    message = ("Each update of `{opt}` changes the weights by {ratio} of their size (median "
               "over layers; healthy runs are near 1e-3): the learning rate is {verdict}.")
    beginner = """A good rule of thumb: one update should change a weight matrix by about a
thousandth of its size. Here it is {ratio}. {advice}"""
    expert = """Median over weight matrices of ‖Δw‖/‖w‖ per step at the probed steps:
{ratio} ({worst} {worst_ratio}). Ratios around 1e-3 are typical of stable training;
≫1e-2 means the weights are rewritten every step (instability, forgetting), ≪1e-5 means
training crawls. Scale the learning rate by roughly 1e-3/ratio and re-check."""
    torch_fix = """{lr_line}"""
    cause = "learning-rate"   # too high; a finding of too low names its own cause
    keras_fix = """{lr_line}"""
    fix = ByFramework(torch_fix, keras_fix, code=True)
    known_false_alarms = ("The first steps of Adam on a freshly initialised small model, and "
                          "warm-up phases, can show large ratios.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.probes < 3:
            return
        per = []
        for ls in tr.param_layers():
            vals = [v for s, v in ls.update_ratios.points if s > 0 and math.isfinite(v)]
            if len(vals) >= 2:
                per.append((ls.name, median(vals)))
        if not per:
            return
        r = median(v for _, v in per)
        if 1e-6 <= r <= 0.1:
            return
        if r == 0:
            return  # nothing moved: DLF-T308 / DLF-T303
        if r > 0.1:
            shape, _d = loss_shape(tr)
            vals = _finite_prefix(tr)
            if shape is None and len(vals) >= 8:
                first, last, _w = _windows(vals)
                if last < 0.7 * first:
                    return  # large steps, but the loss falls well: leave it
        worst = max(per, key=lambda p: abs(math.log10(max(p[1], 1e-30)) + 3))
        high = r > 0.1
        ker = keras_run(tr)
        opt = _opt(tr)
        yield Evidence(subject=_model(tr) if ker else opt, key="high" if high else "low",
                       ratio=_fmt(r), verdict="far too high" if high else "far too low", opt=opt,
                       model=_model(tr),
                       worst=_lname(ctx, worst[0]), worst_ratio=_fmt(worst[1]),
                       advice=("Lower the learning rate (by 10–100×)." if high else
                               "Raise the learning rate (by 100× or more)."),
                       lr_hint="1e-3", lr_line=_lr_line(ctx, tr, "high" if high else "low"),
                       same_cause="learning-rate" if high else "learning-rate-low")


# -- activations ---------------------------------------------------------------------
@register
class DeadReLU(RuntimeRule):
    id = "DLF-L301"
    name = "dead-relu-units"
    title = "Most units of a ReLU layer are dead"
    taxonomy = "model.layers.activation"
    severity = "warning"
    message = ("{dead} of {units} units ({frac}) after {layer} were never active (output "
               "always 0) in {probes} probed steps.")
    beginner = """A ReLU outputs 0 for every negative input. Units of {layer} that
never produce anything but 0 are "dead": they pass no signal forward and no gradient
back, so they can never recover. {frac} of this layer is dead. Causes: a large negative
bias, a too high learning rate that pushed the weights there, or unnormalised inputs.
Lower the learning rate, normalise inputs, or use LeakyReLU/GELU."""
    expert = """Units with `max(out) ≤ 0` over every sample of {probes} probed batches:
{dead}/{units} in {layer}. The gradient of ReLU is 0 for negative pre-activations, so a
unit whose pre-activation is negative for all inputs gets no update (dying ReLU). Typical
triggers: bias initialised very negative, a large update after a gradient spike, or large
input offsets. Use LeakyReLU/GELU, a smaller `lr`, BatchNorm before the ReLU, or re-init."""
    torch_fix = """# keep a small gradient for negative inputs
nn.LeakyReLU(0.01)      # instead of nn.ReLU()
# and/or reset a bias that was set very negative
nn.init.zeros_(layer.bias)"""
    keras_fix = """# keep a small gradient for negative inputs, start from a zero bias
keras.layers.Dense(64, activation="leaky_relu", bias_initializer="zeros")"""
    fix = ByFramework(torch_fix, keras_fix, code=True)
    known_false_alarms = ("Sparse representations where most units are off by design "
                          "still have each unit active for some inputs; a short run with "
                          "very few probed batches may miss rare activations.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        for ls in tr.ordered_layers():
            if ls.dead_units is None or ls.units < 4 or ls.act_probes < 3:
                continue
            fr = ls.dead_units / ls.units
            if fr >= 0.5:
                yield Evidence(subject=ls.name.split(".")[0], key=ls.name, layer=_lname(ctx, ls),
                               dead=ls.dead_units, units=ls.units, frac=f"{fr:.0%}",
                               probes=ls.act_probes)


@register
class SaturatedActivation(RuntimeRule):
    id = "DLF-L302"
    name = "saturated-activations"
    title = "A sigmoid/tanh layer is saturated"
    taxonomy = "model.layers.activation"
    severity = "warning"
    message = ("{frac} of the outputs of {layer} are saturated (within 0.01 of "
               "their limits) over {probes} probed steps.")
    beginner = """A {kind} squashes its input into a fixed range. When its inputs are
large, the output sticks at the ends of that range, where the curve is flat: the gradient
through it is almost zero and the layers before it stop learning. Normalise the inputs,
use smaller initial weights, or use ReLU-family activations in hidden layers."""
    expert = """At saturation σ'(x) = σ(x)(1−σ(x)) ≈ 0 (tanh' = 1−tanh² ≈ 0): {frac} of
{layer}'s outputs are within 0.01 of the asymptotes, so backpropagated gradients are
multiplied by ~0 there. Causes: pre-activations with large variance (unnormalised inputs,
large init, missing normalisation). Fix the scale (BatchNorm/LayerNorm before the
activation, Xavier init) or switch to ReLU/GELU for hidden layers."""
    torch_fix = """nn.Linear(n_in, 64, bias=False), nn.BatchNorm1d(64), nn.Tanh(),   # normalise before the squashing
# or
nn.Linear(n_in, 64), nn.ReLU(),"""
    keras_fix = """keras.layers.Dense(64), keras.layers.BatchNormalization(),
keras.layers.Activation("tanh"),            # normalise before the squashing
# or
keras.layers.Dense(64, activation="relu"),"""
    fix = ByFramework(torch_fix, keras_fix, code=True)
    known_false_alarms = ("The output layer of a confident classifier saturates by design; "
                          "the last layer of the model is never reported.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        for ls in tr.ordered_layers():
            if ls.saturated is None or ls.is_output or ls.act_probes < 3:
                continue
            if ls.saturated >= 0.5:
                yield Evidence(subject=ls.name.split(".")[0], key=ls.name, layer=_lname(ctx, ls),
                               kind=ls.kind, frac=f"{ls.saturated:.0%}", probes=ls.act_probes)


@register
class NanOrigin(RuntimeRule):
    id = "DLF-T310"
    name = "first-layer-with-nan"
    title = "A layer produced NaN/Inf during training"
    taxonomy = "training.process"
    severity = "error"
    message = ("{layer} is the first layer whose output contained NaN/Inf, at step "
               "{step}; {cause}")
    beginner = """NaN (not a number) or infinity appeared first in the output of
{layer}, and from there it spreads to the loss, the gradients and all the weights.
{cause_long}"""
    expert = ByFramework(
        """Forward-hook order at the first probed step with a non-finite activation
(step {step}): {layer} had {inputs} and a non-finite output. {cause_long} Guard
the operation (`clamp(min=eps)` before `log`/division, `logsumexp`, `torch.where`), or, if
the weights were already non-finite, find the update that blew up (exploding gradients,
learning rate) with `torch.autograd.set_detect_anomaly(True)` on a short run.""",
        """Layer order of the model on a probed sample batch, at the first probe with a
non-finite output (step {step}): {layer} had {inputs} and a non-finite output.
{cause_long} Guard the operation (`keras.ops.maximum(x, eps)` before `log`/division,
`keras.ops.logsumexp`, `keras.ops.where`), or, if the weights were already non-finite,
find the update that blew up (exploding gradients, learning rate);
`tf.debugging.enable_check_numerics()` names the operation on a short run.""")
    torch_fix = """# guard the operation that can divide by zero / take log of zero, e.g.
out = x / x.norm(dim=1, keepdim=True).clamp(min=1e-8)
out = torch.log(p.clamp(min=1e-8))"""
    keras_fix = """# guard the operation in the layer that can divide by zero / take log of zero, e.g.
keras.layers.Lambda(
    lambda t: t / keras.ops.maximum(keras.ops.norm(t, axis=1, keepdims=True), 1e-8))
keras.layers.Lambda(lambda p: keras.ops.log(keras.ops.maximum(p, 1e-8)))"""
    fix = ByFramework(torch_fix, keras_fix, code=True)
    known_false_alarms = ("Models that use Inf on purpose (attention masks filled with -inf) "
                          "are excluded only if the mask is applied outside a module.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        o = tr.nan_origin if tr is not None else None
        if not o or not o.get("layer") or not o.get("params_finite", True):
            return  # weights written by an update: DLF-T301 tells the story
        bad = tr.losses.first_bad
        if bad is not None and bad[0] < o.get("step", 0):
            return  # the loss went bad first: DLF-T301
        rng = f"inputs in [{_fmt(o.get('in_min'))}, {_fmt(o.get('in_max'))}]"
        if o.get("input_finite", True):
            cause = (f"its {rng} were finite, so the operation of this layer produced it "
                     "(division by zero, log of 0, overflow).")
            long = (f"Its {rng} were finite, so this layer's own computation produced the "
                    "bad value: a division by zero, a log or sqrt of 0 or a negative number, "
                    "or an overflow (exp of a large value).")
        else:
            cause = "its inputs were already non-finite."
            long = "Its inputs were already non-finite."
        yield Evidence(subject=o["layer"].split(".")[0], key=o["layer"],
                       layer=_lname(ctx, o["layer"], o.get("kind")),
                       kind=o.get("kind") or "layer", step=o["step"], cause=cause,
                       cause_long=long, inputs=rng)


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
    fix = """{loop_code}"""
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
        from .torch_training import loop_with_zero_grad

        loops = sorted(ctx.source.loops, key=lambda lf: -lf.depth)   # the innermost loop
        code = (loop_with_zero_grad(ctx.source, loops[0].node, _opt(tr)) if loops else
                f"for x, y in loader:\n    {_opt(tr)}.zero_grad()   # reset last step's "
                "gradients\n    ...")
        yield Evidence(subject=_opt(tr), key="acc", steps=tr.step_calls,
                       kept=tr.grad_kept_steps, opt=_opt(tr), loop_code=code)


@register
class GraphKeptAlive(RuntimeRule):
    id = "DLF-T312"
    name = "graph-grows-every-step"
    title = "The autograd graph grows with every step (memory leak)"
    taxonomy = "training.process"
    severity = "warning"
    frameworks = ("torch",)
    message = "Autograd graphs are kept alive across steps: {what}"
    beginner = """{what_long} Everything each step computed is kept in memory, so memory
use grows step after step until the run slows down or crashes. Keep plain numbers for
logging (`loss.item()`), and `.detach()` a state you carry from one step to the next."""
    expert = """{what_long} Autograd keeps every node (and the tensors saved for backward)
reachable from a live tensor with a `grad_fn`. Accumulating `total += loss` or carrying a
hidden state across iterations without `.detach()` links the graphs of all steps: memory
O(steps) and, for carried state, backward through all earlier steps (truncate BPTT with
`h = h.detach()`)."""
    fix = """total_loss += loss.item()        # a float, not the tensor with its graph
h = h.detach()                   # carry a recurrent state without its history"""
    known_false_alarms = ("Full backpropagation through time over a whole sequence on purpose "
                          "(a single backward at the end) also grows a graph, within one "
                          "step only: it is not reported.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        if tr.kept_graphs:
            var, n = max(tr.kept_graphs, key=lambda p: p[1])
            w = (f"`{var}` still holds an autograd graph of {n} nodes after {tr.steps} steps: "
                 "it was accumulated from the losses with their graphs.")
            yield Evidence(subject=var, key=("kept", var), what=w,
                           what_long=f"`{var}` was built by adding up tensors that carry "
                                     f"their graphs ({n} autograd nodes kept alive).")
            return
        gs = tr.graph_sizes
        if len(gs) >= 3 and gs[-1][1] >= 2 * gs[0][1] and gs[-1][1] - gs[0][1] >= 50 and \
                all(b[1] >= a[1] for a, b in zip(gs, gs[1:], strict=False)):
            w = (f"The graph behind the loss grew from {gs[0][1]} autograd nodes at step "
                 f"{gs[0][0]} to {gs[-1][1]} at step {gs[-1][0]}: each step's graph is linked "
                 "to the previous ones.")
            yield Evidence(subject=_model(tr), key="grow", what=w,
                           what_long="The loss of each step depends on the graph of all "
                                     "earlier steps (a state carried without `.detach()`).")


@register
class LabelsNotShuffled(RuntimeRule):
    id = "DLF-T313"
    name = "batches-have-one-label"
    title = "Every training batch holds a single label (data sorted, not shuffled)"
    taxonomy = "training.data_quality"
    severity = "warning"
    message = ("{const} of {probes} probed batches contained a single label value{which}: "
               "{verdict}")
    beginner = ByFramework(
        """Each batch the model trained on contained only one class. {verdict_long}
The model then learns "always predict the current class" and forgets it at the next
batch. Shuffle the training data (`DataLoader(..., shuffle=True)` or a random permutation
of the indices each epoch).""",
        """Each batch the model trained on contained only one class. {verdict_long}
The model then learns "always predict the current class" and forgets it at the next
batch. Let Keras shuffle the training data: remove `shuffle=False` from `fit` (shuffling
is the default).""")
    expert = ByFramework(
        """Targets passed to the loss module: min == max in {const}/{probes} probed
batches (labels seen: {labels}). Batches that are not i.i.d. samples make SGD follow one
class at a time (catastrophic interference within the epoch) and make BatchNorm statistics
class-specific. Shuffle each epoch (`shuffle=True`, `RandomSampler`, `torch.randperm`).""",
        """Labels of the batches `fit(..., shuffle=False)` trained on (rows k·B to
(k+1)·B of `y`): min == max in {const}/{probes} probed batches (labels seen: {labels}).
Batches that are not i.i.d. samples make SGD follow one class at a time (catastrophic
interference within the epoch) and make BatchNorm statistics class-specific. Shuffle each
epoch (`fit(shuffle=True)`, the default; `Dataset.shuffle(n)` before `.batch()`).""")
    fix = ByFramework("""loader = DataLoader(dataset, batch_size=64, shuffle=True)
# or, with tensors:
perm = torch.randperm(len(X))
X, y = X[perm], y[perm]""", """{model}.fit(X, y, batch_size=64, epochs=10)   # shuffle=True is the default""",
                      code=True)
    known_false_alarms = ("Tasks with one label per batch on purpose (per-class or "
                          "per-episode training) or a single-class dataset. Keras: only "
                          "`fit(x, y, shuffle=False)` on arrays of class labels is checked "
                          "(with shuffling, or with a dataset, the batches are not known); "
                          "when DLF-A110 already reports the sorted labels, this rule stays "
                          "quiet.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or len(tr.label_probes) < 3 or tr.multi_target_steps:
            return   # several classification losses per step: targets built per call (GAN)
        probes = tr.label_probes
        const = [lo for lo, hi in probes if lo == hi]
        if len(const) < 0.8 * len(probes):
            return
        labels = sorted({v for p in probes for v in p})
        if len(labels) >= 2:
            verdict = "the data is sorted by label and not shuffled."
            long = "Across batches the label changes, so the data is sorted by label."
        elif (tr.n_classes or 0) >= 2:
            verdict = f"all of them had the same label {labels[0]:g} of {tr.n_classes} classes."
            long = ("Every batch had the same label: the labels are constant or the loader "
                    "only ever reaches the first class.")
        else:
            return
        if keras_run(tr):
            static = lookup("DLF-A110")   # fit(shuffle=False) on sorted labels, with its line
            if static is not None and static.applies():
                try:
                    if any(True for _ in static().check(ctx) or ()):
                        return
                except Exception:  # noqa: BLE001
                    pass
        lab = ", ".join(f"{v:g}" for v in labels[:8]) + (" …" if len(labels) > 8 else "")
        yield Evidence(subject=tr.loss_subject or _model(tr), key="labels", const=len(const),
                       probes=len(probes), which=f" (labels seen: {lab})", verdict=verdict,
                       verdict_long=long, labels=lab, model=_model(tr))


@register
class InputsNotNormalised(RuntimeRule):
    id = "DLF-T314"
    name = "inputs-not-normalised-at-runtime"
    title = "The batches fed to the model are not normalised"
    taxonomy = "training.preprocessing"
    severity = "warning"
    frameworks = ("torch", "keras")
    message = ByFramework(
        "The batches fed to `{model}` range over [{lo}, {hi}] with mean {mean} and std "
        "{std}: {verdict}",
        "The training data fed to `{model}` (sample batches at {probes} probes) ranges over "
        "[{lo}, {hi}] with mean {mean} and std {std}: {verdict}")
    beginner = """Neural networks train best when their inputs are small numbers centred
on 0 (mean ≈ 0, standard deviation ≈ 1). Yours are {verdict_short}. Large inputs make
large activations and gradients: training is slow or unstable. Scale the data once
before training (for images: divide by 255, then subtract the mean and divide by the
standard deviation)."""
    expert = ByFramework(
        """Observed on {probes} probed batches at the model's input: min {lo}, max
{hi}, mean {mean}, std {std}. The first layer's pre-activations scale with the input, so
the effective learning rate of the first layer and the curvature grow with the input
scale (λ_max ∝ E[x²]). Standardise per feature/channel with statistics of the training
set, or add a normalisation layer as the first layer.""",
        """Observed on {probes} sample batches of the training data passed to `fit`:
min {lo}, max {hi}, mean {mean}, std {std}; the first layer that computes on them is a
`{first}` layer. Its pre-activations scale with the input, so the effective learning rate
of the first layer and the curvature grow with the input scale (λ_max ∝ E[x²]).
Standardise per feature/channel with statistics of the training set, or make it the
model's first layer: `keras.layers.Normalization` adapted to the training data, or
`keras.layers.Rescaling(1 / 255)` for images.""")
    fix = ByFramework("""mean, std = X_train.mean(dim=0), X_train.std(dim=0) + 1e-8
X_train = (X_train - mean) / std      # images: X = X / 255.0, then per-channel standardise""",
                      """norm = keras.layers.Normalization()   # images: keras.layers.Rescaling(1 / 255)
norm.adapt(X_train)                      # statistics of the training data only
{model} = keras.Sequential([keras.Input(X_train.shape[1:]), norm, ...])""", code=True)
    known_false_alarms = ("Models that normalise inside their forward with plain tensor "
                          "code (not a module) before the first layer. In Keras only "
                          "Sequential and Functional models whose first computing layer is "
                          "a Dense, convolution or recurrent layer are checked (a subclassed "
                          "model's `call` or a `Lambda` may scale the input), on sample rows "
                          "of array inputs (not a `tf.data` pipeline). Inputs that DLF-T201 "
                          "or DLF-T118 already report are not reported again.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or len(tr.input_probes) < 2:
            return
        ker = keras_run(tr)
        if ker and tr.first_leaf_kind not in KERAS_INPUT_COMPUTE:
            return
        if tr.first_leaf_kind in INPUT_NORMALISERS:
            return
        ps = [p for p in tr.input_probes if all(math.isfinite(v) for v in p)]
        if len(ps) < 2:
            return
        lo = min(p[0] for p in ps)
        hi = max(p[1] for p in ps)
        mean = _mean([p[2] for p in ps])
        std = _mean([p[3] for p in ps])
        if lo >= 0 and _mean([p[1] for p in ps]) >= 20 and hi <= 255.5:
            verdict = "they look like raw 0–255 pixel or count values."
            short = "raw values between 0 and 255"
        elif std > 50 or abs(mean) > 50:
            verdict = "their scale is far from mean 0, std 1."
            short = f"on a scale of mean {_fmt(mean)}, std {_fmt(std)}"
        else:
            return
        for rid in ("DLF-T201", "DLF-T118"):   # the data rules name the array and line
            static = lookup(rid)
            if static is not None and static.applies():
                try:
                    if any(True for _ in static().check(ctx) or ()):
                        return
                except Exception:  # noqa: BLE001
                    pass
        model = (tr.input_subject or _model(tr)).split(".")[0]
        yield Evidence(subject=model, key="inputs", model=model, lo=_fmt(lo), hi=_fmt(hi),
                       mean=_fmt(mean), std=_fmt(std), verdict=verdict, verdict_short=short,
                       probes=len(ps), first=tr.first_leaf_kind or "?")


@register
class DataLoadingBound(RuntimeRule):
    id = "DLF-T315"
    name = "training-waits-for-data"
    title = "Most of the training time is spent outside the model (data loading)"
    taxonomy = "training.process"
    severity = "info"
    frameworks = ("torch",)
    message = ("{frac} of the time of {steps} steps ({data_s} s of {total_s} s) was spent "
               "between steps (loading and preparing data), only {compute_s} s in forward, "
               "backward and update.")
    beginner = """The model spends most of its time waiting: getting the next batch
(reading, decoding, augmenting, converting) takes longer than training on it. Make the
data pipeline faster: load data in background workers (`num_workers`), prepare tensors
once before the loop instead of every step, and avoid Python loops per sample."""
    expert = """Wall time between the end of `optimizer.step()` and the start of the next
forward: {data_s} s; forward+backward+step: {compute_s} s over {steps} steps. The host
pipeline is the bottleneck. Use `DataLoader(num_workers>0, pin_memory=True,
persistent_workers=True)`, precompute deterministic transforms, batch the transforms, or
prefetch. (On a GPU, asynchronous kernels make the compute share look smaller than it is;
the data share is real host time.)"""
    fix = """loader = DataLoader(dataset, batch_size=64, shuffle=True,
                    num_workers=4, pin_memory=True, persistent_workers=True)"""
    known_false_alarms = ("Logging, evaluation or printing between steps counts as data "
                          "time too. PyTorch loops only: Keras `fit` fetches the next batch "
                          "inside its compiled train step, so a callback cannot tell data "
                          "time from compute time and Keras runs are never reported.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.timed_steps < 5:
            return
        total = tr.time_data_s + tr.time_compute_s
        if total < 0.5 or tr.time_data_s < 0.5 * total:
            return
        yield Evidence(subject=_model(tr), key="data", frac=f"{tr.time_data_s / total:.0%}",
                       steps=tr.timed_steps, data_s=f"{tr.time_data_s:.2f}",
                       total_s=f"{total:.2f}", compute_s=f"{tr.time_compute_s:.2f}")


# -- gpu -----------------------------------------------------------------------------
def _bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


@register
class SameTensorCopiedEveryStep(RuntimeRule):
    id = "DLF-G301"
    name = "same-tensor-copied-to-device-every-step"
    title = "The same unchanged tensor is copied to the device at every step"
    taxonomy = "gpu"
    severity = "info"
    frameworks = ("torch",)
    message = ("{what} was copied from the CPU to `{device}` at {steps} of {total} "
               "steps ({size} each time) without changing: move it once, before the loop. "
               "{others}")
    beginner = """Copying data from the computer's memory to the GPU takes time, and the
GPU waits for it. {what} is the same data at every step, yet it was copied again at each
one. Move it to the device once, before the training loop, and use the moved tensor
inside the loop; only the batches, which change at every step, need a copy per step."""
    expert = """Observed at run time (a `TorchFunctionMode` on `Tensor.to`/`cuda`/`copy_`,
`torch.tensor`/`as_tensor`): the same live CPU tensor, with an unchanged `_version`, was
the source of a host-to-device copy at {steps}/{total} steps ({size} each; {per_step}).
A copy from pageable host memory is synchronous with respect to the host and allocates on
the device each time; hoisting it removes {steps} transfers and allocations. Keep
per-batch copies (`x.to(device, non_blocking=True)` from a `pin_memory=True` loader)."""
    fix = """{hoisted}
for ...:
    ...   # use {moved} here; copy only the batch: xb = xb.to(device, non_blocking=True)"""
    known_false_alarms = ("A tensor refilled in place by code the probe cannot see (through "
                          "NumPy, `tensor.data`) looks unchanged; so does a small constant "
                          "copied on purpose to a device other than the model's.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.steps < 3 or not tr.const_copies:
            return
        static = lookup("DLF-G002")
        lines_static: set[int] = set()
        if static is not None and static.applies():
            try:
                lines_static = {ev.line for ev in static().check(ctx) or () if ev.line}
            except Exception:  # noqa: BLE001
                lines_static = set()
        for c in tr.const_copies:
            if c["steps"] < max(3, tr.steps // 2) or (c.get("line") in lines_static):
                continue
            shape = "×".join(str(d) for d in c["shape"]) or "scalar"
            name = c.get("name")
            what = (f"`{name}` ({c['dtype']}, {shape})" if name else
                    f"A {c['dtype']} tensor of shape ({shape})")
            moved = f"{name}_dev" if name else "const_dev"
            hoisted = (f"{moved} = {name}.to(device)   # once, before the loop" if name else
                       f"{moved} = const.to(device)   # once, before the loop")
            n_other = tr.h2d_copies - c["steps"]
            per = (f"{tr.h2d_copies / max(1, tr.steps):.1f} copies and "
                   f"{_bytes(tr.h2d_bytes / max(1, tr.steps))} per step in all")
            others = (f"(The run made {tr.h2d_copies} host-to-device copies in all; the "
                      f"other {n_other} are the expected per-batch ones.)" if n_other > 0
                      else "")
            yield Evidence(line=c.get("line"), subject=name, key=("copy", name or shape),
                           what=what, device=c["device"], steps=c["steps"], total=tr.steps,
                           size=_bytes(c["bytes"]), others=others, per_step=per,
                           hoisted=hoisted, moved=moved)
