from __future__ import annotations

import math
from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _fmt, _mean, _model, keras_run
from ...context import CellContext
from ...registry import Evidence, Texts, lookup, register

INPUT_NORMALISERS = ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm",
                     "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "Embedding",
                     "EmbeddingBag")


# Keras layers that compute on raw input values (DLF-T314 checks a Keras model only when
# its first computing layer is one of these: a preprocessing or Lambda layer may scale)
KERAS_INPUT_COMPUTE = ("Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D",
                       "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
                       "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "LSTM", "GRU",
                       "SimpleRNN")


@register
class InputsNotNormalised(RuntimeRule):
    id = "DLF-T314"
    name = "inputs-not-normalised-at-runtime"
    title = "The batches fed to the model are not normalised"
    taxonomy = "training.preprocessing"
    severity = "warning"
    frameworks = ("torch", "keras")
    message = ("The batches fed to `{model}` range over [{lo}, {hi}] with mean {mean} and std "
        "{std}: {verdict}")
    beginner = """Neural networks train best when their inputs are small numbers centred
on 0 (mean ≈ 0, standard deviation ≈ 1). Yours are {verdict_short}. Large inputs make
large activations and gradients: training is slow or unstable. Scale the data once
before training (for images: divide by 255, then subtract the mean and divide by the
standard deviation)."""
    expert = """Observed on {probes} probed batches at the model's input: min {lo}, max
{hi}, mean {mean}, std {std}. The first layer's pre-activations scale with the input, so
the effective learning rate of the first layer and the curvature grow with the input
scale (λ_max ∝ E[x²]). Standardise per feature/channel with statistics of the training
set, or add a normalisation layer as the first layer."""
    fix = """mean, std = X_train.mean(dim=0), X_train.std(dim=0) + 1e-8
X_train = (X_train - mean) / std      # images: X = X / 255.0, then per-channel standardise"""
    texts = {
        "keras": Texts(
            message=("The training data fed to `{model}` (sample batches at {probes} probes) ranges over "
        "[{lo}, {hi}] with mean {mean} and std {std}: {verdict}"),
            expert="""Observed on {probes} sample batches of the training data passed to `fit`:
min {lo}, max {hi}, mean {mean}, std {std}; the first layer that computes on them is a
`{first}` layer. Its pre-activations scale with the input, so the effective learning rate
of the first layer and the curvature grow with the input scale (λ_max ∝ E[x²]).
Standardise per feature/channel with statistics of the training set, or make it the
model's first layer: `keras.layers.Normalization` adapted to the training data, or
`keras.layers.Rescaling(1 / 255)` for images.""",
            fix="""norm = keras.layers.Normalization()   # images: keras.layers.Rescaling(1 / 255)
norm.adapt(X_train)                      # statistics of the training data only
{model} = keras.Sequential([keras.Input(X_train.shape[1:]), norm, ...])""",
        ),
        # -- what the values look like
        "pixel_range": Texts(verdict="they look like raw 0–255 pixel or count values.",
                             verdict_short="raw values between 0 and 255"),
        "large_scale": Texts(verdict="their scale is far from mean 0, std 1.",
                             verdict_short="on a scale of mean {mean}, std {std}"),
    }
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
            verdict = "pixel_range"
        elif std > 50 or abs(mean) > 50:
            verdict = "large_scale"
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
                       mean=_fmt(mean), std=_fmt(std), variant=verdict,
                       probes=len(ps), first=tr.first_leaf_kind or "?")
