from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.roles import _fmt, _line, _model_scales_input, _shape, data_of, summary
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register


def _embeds_input(ctx: CellContext, model: str | None) -> bool:
    """Does the model start with an Embedding (its integer input is ids)?"""
    mv = ctx.ns.get(model)
    if mv is None:
        return False
    if mv.framework == "keras":
        layers = getattr(mv.obj, "layers", None) or []
        k = frameworks.get("keras")
        return any(k.layer_kind(lay) is LayerKind.EMBEDDING for lay in layers[:2])
    if mv.framework == "torch":
        t = frameworks.get("torch")
        leaves = t.leaf_modules(mv.obj)[:1] if t is not None else []
        return any(t.layer_kind(m) is LayerKind.EMBEDDING for _, m in leaves)
    return False


def _looks_like_pixels(s: Any) -> bool:
    if not s.has_values or s.n_nan or s.n_inf or s.min is None:
        return False
    # int64 pixels: a CSV of pixel columns (Kaggle digits) read by pandas, or its
    # ``.values.reshape(-1, 28, 28, 1)``; only image-like shapes (below)
    wide_int = s.is_int and s.dtype not in ("uint8", "int8")
    if not (s.is_float or s.dtype == "uint8" or wide_int):
        return False
    if not (s.min >= 0 and 1.5 < s.max <= 255 and s.integral):
        return False
    if s.uniques is not None:       # ≤ 64 distinct values: masks, counts, categories
        return False
    if s.max < 64:
        return False
    nd = len(s.shape)
    if nd >= 3:
        return True
    if nd == 2:
        w = s.shape[1]
        for c in (1, 3):
            r = round((w / c) ** 0.5)
            if r >= (16 if wide_int else 8) and r * r * c == w:
                return True
    return False


@register
class UnscaledPixelInput(Rule):
    id = "DLF-T201"
    name = "unscaled-pixel-input"
    title = "Raw 0–255 pixel values fed to a model without scaling"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{data}` {shape} ({dtype}) goes into `{model}` with pixel values from {min} "
               "to {max} (sampled): the inputs are not scaled to [0, 1] or standardised.")
    beginner = """Image pixels are stored as whole numbers from 0 to 255. Neural networks
learn best when their inputs are small numbers around 0 to 1. With inputs up to {max},
the first layer's outputs are huge, training is unstable or very slow, and the model may
get stuck at a poor accuracy — without any error message. Divide the images by 255
before training (and do the same for the test data)."""
    expert = """Default initialisations (Kaiming/Glorot) assume unit-scale inputs. With
inputs in [0, {max}] the pre-activations of the first layer are ~{max}x larger, which
saturates sigmoid/tanh/softmax units, makes the loss surface badly conditioned and the
effective learning rate of the first layer ~{max}² times too large; Adam partly
compensates, SGD usually diverges or stalls. Scale to [0, 1] (x / 255) or standardise per
channel; put the same transform into inference."""
    fix = """{data} = {data}{conv} / 255.0   # and the same for the test/validation images"""
    texts = {
        # the pixels reach the model through the items of a Dataset class of the notebook,
        # which keeps a reference to the array: rebinding the name alone changes nothing
        "in_dataset": Texts(fix="""# in {holder}.__getitem__, scale the image it reads (idx: its index):
{read} / 255.0
# or scale the array, then build the {holder} and its DataLoader again:
{data} = {data}{conv} / 255.0"""),
    }
    known_false_alarms = ("A model that scales its input inside a custom layer or forward "
                          "the check cannot see (Keras Rescaling/Normalization layers and a "
                          "torch forward dividing by 255 are recognised).")
    references = ("https://keras.io/api/layers/preprocessing_layers/image_preprocessing/rescaling/",
                  "https://pytorch.org/vision/stable/transforms.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for d in data_of(ctx, "x", hows=("fit", "call", "loader", "evaluate", "predict")):
            if not d.use.model:
                continue
            if d.use.how in ("evaluate", "predict") and not d.use.train:
                # inference on unscaled data matters only when training data is scaled
                # differently — handled by the training uses; stay quiet here
                continue
            s = summary(d)
            if s is None or not _looks_like_pixels(s):
                continue
            if _model_scales_input(ctx, d.use.model):
                continue
            if s.is_int and _embeds_input(ctx, d.use.model):
                continue   # integer token ids for an Embedding, not pixels
            conv = "" if s.is_float else (".float()" if d.framework == "torch" else
                                          ".astype('float32')")
            yield Evidence(line=_line(d), subject=d.subject, key="pixels",
                           variant="in_dataset" if d.holder else None,
                           data=d.label, shape=_shape(s), dtype=s.dtype,
                           model=d.use.model or "the model", min=_fmt(s.min),
                           max=_fmt(s.max), conv=conv, holder=d.holder,
                           read=(f"self.{d.field}[idx].float()" if d.framework == "torch"
                                 else f"torch.from_numpy(self.{d.field}[idx]).float()"))
