"""Keras / TensorFlow exception explainers (DLF-E101..E199).

When a cell raised, these explain the error with the notebook's objects: the model that was
fitted / called on the error line, its compiled loss and last layer, and the arrays given to
it (shape, dtype, label range, read from sampled summaries). Nothing is called on a model:
only attributes (``loss``, ``layers``, ``units``, ``name``) are read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from .. import frameworks
from ..context import CellContext
from . import Evidence, Rule, register
from .errors_torch import _msg, code_of, error_calls, error_line, lc, shape_str

FIT_METHODS = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch",
               "predict_on_batch", "__call__")


def _dims(s: str) -> tuple[Any, ...]:
    out: list[Any] = []
    for p in s.split(","):
        p = p.strip()
        if not p:
            continue
        out.append(None if p in ("None", "?", "-1") else int(p) if p.lstrip("-").isdigit()
                   else p)
    return tuple(out)


class KerasCall:
    """The model call of the error line: ``model.fit(X, y)``, ``model.predict(X)``, ``model(X)``."""

    def __init__(self, ctx: CellContext) -> None:
        self.call = None
        self.model: str | None = None
        self.x: str | None = None
        self.y: str | None = None
        self.method: str | None = None
        for c in error_calls(ctx):
            name = c.receiver if c.attr in FIT_METHODS and c.receiver else (
                c.name if c.receiver is None else None)
            v = ctx.ns.get(name)
            if v is None or v.kind != "model" or v.framework != "keras":
                continue
            self.call, self.model = c, name
            self.method = c.attr if c.receiver else "__call__"
            self.x = code_of(ctx, c.kwarg("x", 0))
            if self.method in ("fit", "evaluate", "train_on_batch", "test_on_batch"):
                self.y = code_of(ctx, c.kwarg("y", 1))
            break

    def obj(self, ctx: CellContext) -> Any:
        v = ctx.ns.get(self.model)
        return v.obj if v is not None else None


def array_summary(ctx: CellContext, name: str | None) -> Any:
    """Sampled summary of a numpy array / TF tensor variable, or None."""
    v = ctx.ns.get(name) if name and name.isidentifier() else None
    if v is None:
        return None
    try:
        if v.kind == "array":
            return frameworks.get("numpy").summary(v.obj)
        if v.kind == "tensor" and v.framework == "tensorflow":
            return frameworks.get("keras").summary(v.obj)
    except Exception:  # noqa: BLE001
        return None
    return None


def loss_name(model: Any) -> str | None:
    """The compiled loss of ``model`` as a canonical snake_case name, if known."""
    try:
        loss = getattr(model, "loss", None)
    except Exception:  # noqa: BLE001
        return None
    k = frameworks.get("keras")
    return k.loss_name(loss) if k is not None else None


def last_units(model: Any) -> tuple[str | None, int | None, str | None]:
    """(layer name, units, activation) of the model's last Dense layer."""
    try:
        layers = list(getattr(model, "layers", None) or [])
    except Exception:  # noqa: BLE001
        return None, None, None
    for layer in reversed(layers):
        units = getattr(layer, "units", None)
        if isinstance(units, int):
            act = getattr(getattr(layer, "activation", None), "__name__", None)
            return getattr(layer, "name", None), units, act
    return None, None, None


def layer_named(model: Any, name: str | None) -> Any:
    if model is None or not name:
        return None
    try:
        for layer in getattr(model, "layers", None) or []:
            if getattr(layer, "name", None) == name:
                return layer
    except Exception:  # noqa: BLE001
        return None
    return None


def _labels_desc(s: Any, name: str) -> str:
    if s is None:
        return ""
    d = f"`{name}` has shape {shape_str(s.shape)}, dtype {s.dtype}"
    if s.has_values and s.integral and s.min is not None:
        d += f", values {s.min:g}..{s.max:g}"
    return d


# --------------------------------------------------------------------------------------
@register
class KerasTargetOutputShape(Rule):
    id = "DLF-E101"
    name = "keras-labels-do-not-fit-loss"
    title = "Labels do not fit the loss: integer labels with categorical_crossentropy, or target/output shape mismatch"
    taxonomy = "training.loss"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Labels and model output do not match for the loss: {summary}"
    beginner = """The loss compares the labels with the model's output, so their shapes must
fit together. {advice}"""
    expert = """Keras losses check that target and output have the same rank/shape
(target {tshape} vs output {oshape}). `categorical_crossentropy` wants one-hot targets (N, C);
`sparse_categorical_crossentropy` wants integer class ids (N,) or (N, 1);
`binary_crossentropy` wants (N, 1) targets for a 1-unit sigmoid output. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    PATTERNS = (
        r"Arguments `target` and `output` must have the same (?:rank \(ndim\)|shape)\. "
        r"Received: target\.shape=\((?P<t>[^)]*)\), output\.shape=\((?P<o>[^)]*)\)",
        r"Shapes \((?P<t>[^)]*)\) and \((?P<o>[^)]*)\) are incompatible",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        ts, os_ = _dims(m.group("t")), _dims(m.group("o"))
        kc = KerasCall(ctx)
        model = kc.obj(ctx)
        loss = loss_name(model) if model is not None else None
        lname, units, act = last_units(model) if model is not None else (None, None, None)
        y = kc.y or "y_train"
        ys = array_summary(ctx, kc.y)
        yvals = ys if ys is not None else array_summary(
            ctx, re.match(r"^(\w+)\[", kc.y).group(1) if kc.y and re.match(r"^(\w+)\[", kc.y)
            else None)
        n_out = os_[-1] if os_ and isinstance(os_[-1], int) else units
        int_labels = (len(ts) == 1 or (len(ts) == 2 and ts[-1] == 1)) and (
            ys is None or (ys.has_values and ys.integral))
        mdl = kc.model or "model"
        ydesc = _labels_desc(ys, y)
        mechanism = ""
        if loss == "categorical_crossentropy" \
                and int_labels and n_out and n_out > 1:
            summary = (f"`{mdl}` is compiled with categorical_crossentropy, which wants one-hot "
                       f"labels of shape (N, {n_out}), but "
                       + (ydesc if ydesc else f"the labels have shape {shape_str(ts)}")
                       + ": class numbers need sparse_categorical_crossentropy.")
            advice = (f"`{y}` holds one class number per sample (0, 1, 2, …), while "
                      f"categorical_crossentropy expects each label as a one-hot row of {n_out} "
                      f"numbers. Use `loss=\"sparse_categorical_crossentropy\"` (simplest), or "
                      f"convert the labels with `keras.utils.to_categorical({y}, {n_out})`.")
            fix_code = (f"{mdl}.compile(optimizer=\"adam\", loss=\"sparse_categorical_crossentropy\", "
                        f"metrics=[\"accuracy\"])\n"
                        f"# or keep the loss and one-hot encode the labels:\n"
                        f"# {y} = keras.utils.to_categorical({y}, num_classes={n_out})")
        elif loss in ("binary_crossentropy",) and n_out and n_out > 1 and len(ts) <= 2 \
                and (len(ts) == 1 or ts[-1] == 1):
            multi = yvals is not None and yvals.has_values and yvals.max is not None \
                and yvals.integral and yvals.max > 1
            summary = (f"`{mdl}` ends with {n_out} units"
                       + (f" (`{lname}`)" if lname else "")
                       + f" but is compiled with binary_crossentropy and labels of shape "
                         f"{shape_str(ts)}"
                       + (f"; {ydesc}" if ydesc else "") + ".")
            if multi:
                advice = (f"Your labels have more than two classes ({yvals.min:g}..{yvals.max:g}): use "
                          f"`loss=\"sparse_categorical_crossentropy\"` with a softmax output of "
                          f"{n_out} units.")
                fix_code = (f"{mdl}.compile(optimizer=\"adam\", loss=\"sparse_categorical_"
                            f"crossentropy\", metrics=[\"accuracy\"])")
            else:
                advice = ("For a yes/no task the last layer needs 1 unit with a sigmoid "
                          "(`Dense(1, activation=\"sigmoid\")`), matching labels of shape (N,) or "
                          f"(N, 1). For {n_out} classes with integer labels, keep the {n_out}-unit "
                          "softmax and use `loss=\"sparse_categorical_crossentropy\"`.")
                fix_code = ("layers.Dense(1, activation=\"sigmoid\")   # last layer, binary task\n"
                            f"# or, {n_out} classes: {mdl}.compile(optimizer=\"adam\", "
                            "loss=\"sparse_categorical_crossentropy\")")
        elif len(ts) == len(os_) + 1 and loss and "sparse" not in loss:
            summary = (f"the labels have shape {shape_str(ts)}, the output {shape_str(os_)}.")
            advice = "Check that the labels and the last layer describe the same thing."
            fix_code = f"print({y}.shape, {mdl}.output_shape)"
        else:
            summary = (f"the labels {('`' + y + '` ') if kc.y else ''}have shape "
                       f"{shape_str(ts)}, the model output {shape_str(os_)}"
                       + (f" (loss {loss})" if loss else "") + ".")
            advice = ("Make them agree: integer class labels go with "
                      "`sparse_categorical_crossentropy`, one-hot labels with "
                      "`categorical_crossentropy`, and the last layer needs one unit per class "
                      "(1 unit + sigmoid for binary, 1 linear unit for regression).")
            fix_code = (f"print({y}.shape, {mdl}.output_shape)   # must fit the loss\n"
                        f"{mdl}.compile(optimizer=\"adam\", loss=\"sparse_categorical_crossentropy\")"
                        f"   # for integer class labels")
        yield Evidence(line=error_line(ctx), subject=kc.y if kc.y and kc.y.isidentifier()
                       else kc.model, summary=lc(summary), advice=advice, mechanism=mechanism,
                       fix_code=fix_code, tshape=shape_str(ts), oshape=shape_str(os_))


# --------------------------------------------------------------------------------------
SHAPE_RE = (r"Input \d+(?: with name '[^']*')? of layer ['\"](?P<layer>[\w./-]+)['\"] is "
            r"incompatible with the layer: expected shape=\((?P<exp>[^)]*)\), found "
            r"shape=\((?P<shape>[^)]*)\)",
            # Keras 3 Sequential/functional input check: "Invalid input shape for input
            # <tensor>. Expected shape (None, 784), but input has incompatible shape (32, 28, 28)"
            r"Expected shape \((?P<exp>[^)]*)\), but input has incompatible shape "
            r"\((?P<shape>[^)]*)\)")


@register
class KerasMissingAxis(Rule):
    id = "DLF-E102"
    name = "keras-input-missing-axis"
    title = "Input of a layer has too few dimensions (e.g. images without the channel axis)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Input with too few dimensions: {summary}"
    beginner = """{layer_kind} layers need inputs with {need} dimensions (including the batch).
{advice}"""
    expert = """The layer's InputSpec requires ndim {op} {need}; the input had {found}
{full}. Conv2D expects (batch, height, width, channels) (channels_last); Conv1D/LSTM expect
(batch, steps, features). A missing trailing axis is added with `X[..., None]` /
`np.expand_dims(X, -1)`; `keras.Input(shape=...)` excludes the batch axis."""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/layers/convolution_layers/convolution2d/",)

    PATTERNS = (
        r"Input (?P<idx>\d+)(?: with name '[^']*')? of layer ['\"](?P<layer>[\w./-]+)['\"]"
        r" is incompatible with the layer: expected (?P<op>min_ndim|ndim)=(?P<need>\d+), "
        r"found ndim=(?P<found>\d+)\.(?: Full shape received: \((?P<full>[^)]*)\))?",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if m:
            need, found = int(m.group("need")), int(m.group("found"))
            full = _dims(m.group("full")) if m.group("full") is not None else None
            op = ">=" if m.group("op") == "min_ndim" else "=="
        else:
            m = _msg(ctx, *SHAPE_RE)
            if not m:
                return
            exp, full = _dims(m.group("exp")), _dims(m.group("shape"))
            if len(exp) != len(full) + 1:
                return
            need, found, op = len(exp), len(full), "=="
        kc = KerasCall(ctx)
        model = kc.obj(ctx)
        lname = m.groupdict().get("layer") or "the input"
        layer = layer_named(model, lname)
        kind = type(layer).__name__ if layer is not None else lname
        xs = array_summary(ctx, kc.x)
        x = kc.x if kc.x and kc.x.isidentifier() else "X"
        direct = xs is not None and len(xs.shape) == found
        where = f"layer `{lname}`" + (f" ({kind}) of `{kc.model}`" if layer is not None
                                      else "")
        if direct and found == need - 1:
            new = shape_str((*xs.shape, 1))
            summary = (f"{where} needs {need}-D input but `{x}` has shape {shape_str(xs.shape)}: "
                       f"add the channel axis with `{x}[..., None]` → {new}.")
            advice = (f"`{x}` has shape {shape_str(xs.shape)}: each sample lacks the last axis "
                      f"(channels for images, features for sequences). Add it with "
                      f"`{x} = {x}[..., None]` (shape {new}), and use the same shape in "
                      f"`keras.Input(shape={shape_str(xs.shape[1:] + (1,))})`.")
            fix_code = f"{x} = {x}[..., None]   # {shape_str(xs.shape)} -> {new}"
        else:
            got = shape_str(full) if full else f"{found}-D"
            summary = f"{where} needs {need}-D input but received {got}."
            advice = ("Reshape the data so that each sample has all the axes the layer expects, "
                      "e.g. grayscale images (N, 28, 28) → (N, 28, 28, 1) with `X[..., None]`.")
            fix_code = f"print({x}.shape)\n{x} = {x}[..., None]   # when the last axis is missing"
        yield Evidence(line=error_line(ctx), subject=kc.x if direct else kc.model,
                       summary=lc(summary), advice=advice, fix_code=fix_code, need=need,
                       found=found, op=op,
                       full=f"(shape {shape_str(full)})" if full else "",
                       layer_kind=f"`{kind}`" if kind else "These")


@register
class KerasInputShapeMismatch(Rule):
    id = "DLF-E103"
    name = "keras-input-shape-mismatch"
    title = "expected axis -1 of input shape to have value N: data and the model's input size differ"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Input size mismatch: {summary}"
    beginner = """The model was built for {built_for} (its `Input(shape=...)` or the data
it first saw), but it was given {given}. {advice}"""
    expert = """{mechanism} Either the data has extra/missing columns (label column left
in, one-hot encoding with a different number of categories in train and test, different
image size), or the model's input shape is wrong."""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/layers/core_layers/input/",)

    PATTERNS = (
        r"Input (?P<idx>\d+)(?: with name '[^']*')? of layer ['\"](?P<layer>[\w./-]+)['\"] is "
        r"incompatible with the layer: expected axis (?P<axis>-?\d+) of input shape to have "
        r"value (?P<want>\d+), but received input with shape \((?P<shape>[^)]*)\)",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if m:
            want = int(m.group("want"))
            shape = _dims(m.group("shape"))
            axis = m.group("axis")
            layer_name = m.group("layer")
        else:
            m = _msg(ctx, *SHAPE_RE)
            if not m:
                return
            exp, shape = _dims(m.group("exp")), _dims(m.group("shape"))
            if len(exp) != len(shape):
                yield from self._rank(ctx, m, exp, shape)
                return
            if not exp or not isinstance(exp[-1], int) or not all(
                    e is None or e == d for e, d in zip(exp[:-1], shape[:-1], strict=True)):
                return
            want, axis, layer_name = exp[-1], "-1", m.groupdict().get("layer") or "input"
            if shape[-1] == want:
                return
        got = shape[int(axis)] if shape else None
        kc = KerasCall(ctx)
        xs = array_summary(ctx, kc.x)
        x = kc.x if kc.x and kc.x.isidentifier() else "X"
        where = (f"`{kc.model}`" if kc.model and layer_name in ("functional", "sequential",
                                                                 "input")
                 else f"layer `{layer_name}`" + (f" of `{kc.model}`" if kc.model else ""))
        direct = xs is not None and xs.shape and xs.shape[-1] == got
        if direct:
            summary = (f"{where} expects {want} features, but `{x}` has shape "
                       f"{shape_str(xs.shape)} ({got} features).")
            advice = (f"`{x}` has {got} columns. If that is right, build the model with "
                      f"`keras.Input(shape=({got},))`; otherwise select the same {want} feature "
                      f"columns that the model was trained on.")
        else:
            summary = f"{where} expects {want} values on its last axis, but got input shape {shape_str(shape)}."
            advice = "Make the input's last axis match the model's input shape."
        fix_code = (f"keras.Input(shape=({got},))   # first layer, when {got} features are right\n"
                    f"print({x}.shape)             # must be (N, {want}) for the current model")
        yield Evidence(line=error_line(ctx), subject=kc.x if direct else kc.model,
                       summary=lc(summary), advice=advice, fix_code=fix_code,
                       built_for=f"inputs with {want} values in the last axis", given=got,
                       mechanism=(f"The layer's InputSpec fixes axis {axis} to {want} (its "
                                  f"kernel has {want} rows); the input {shape_str(shape)} "
                                  f"does not match."))


    def _rank(self, ctx: CellContext, m: re.Match, exp: tuple, shape: tuple
              ) -> Iterator[Evidence]:
        """Input of another rank than the model's: (N, 28, 28) images into Input((784,)).
        Explained when the per-sample sizes agree (a missing flatten/reshape) or when the
        model takes flat vectors; a missing trailing axis of 1 is DLF-E102's."""
        if len(exp) == len(shape) + 1 and exp[-1] == 1:
            return
        if not exp or any(not isinstance(d, int) for d in (*exp[1:], *shape[1:])):
            return
        per_want, per_got = _prod(exp[1:]), _prod(shape[1:])
        kc = KerasCall(ctx)
        xs = array_summary(ctx, kc.x)
        x = kc.x if kc.x and kc.x.isidentifier() else "X"
        where = f"`{kc.model}`" if kc.model else "the model"
        sample = shape_str(tuple(shape[1:]))
        want_s = shape_str(tuple(exp[1:]))
        if per_want == per_got and len(exp) == 2:
            summary = (f"{where} takes flat vectors of {per_want} values (input shape "
                       f"{shape_str(exp)}), but each sample of `{x}` has shape {sample}: "
                       f"flatten the samples first.")
            advice = (f"Each sample of `{x}` is a {sample} grid, while the first layer of "
                      f"{where} wants one row of {per_want} numbers. Flatten the data with "
                      f"`{x}.reshape(len({x}), -1)`, or start the model with "
                      f"`keras.Input(shape={sample})` followed by `keras.layers.Flatten()`.")
            fix_code = (f"{x} = {x}.reshape(len({x}), -1)        # {sample} -> ({per_want},)\n"
                        f"# or: keras.Input(shape={sample}), keras.layers.Flatten(), ...")
        elif per_want == per_got:
            summary = (f"{where} expects samples of shape {want_s}, but `{x}` has samples of "
                       f"shape {sample} (same number of values, other layout).")
            advice = (f"Reshape `{x}` to {want_s} per sample, or declare "
                      f"`keras.Input(shape={sample})` if that is the real layout.")
            fix_code = f"{x} = {x}.reshape((-1, *{want_s}))"
        else:
            summary = (f"{where} expects samples of shape {want_s} ({per_want} values), but "
                       f"got samples of shape {sample} ({per_got} values).")
            advice = (f"The data does not fit the model's `Input(shape={want_s})`: check "
                      f"`{x}.shape` and declare the input shape that the data really has.")
            fix_code = f"print({x}.shape)\nkeras.Input(shape={sample})   # the data's sample shape"
        yield Evidence(line=error_line(ctx), subject=kc.x if xs is not None else kc.model,
                       summary=lc(summary), advice=advice, fix_code=fix_code,
                       built_for=f"samples of shape {want_s}",
                       given=f"samples of shape {sample}",
                       mechanism=(f"The model's input spec is {shape_str(exp)}; Keras checks "
                                  f"the rank and every fixed axis of a batch before the first "
                                  f"layer runs, and the batch had shape {shape_str(shape)}."))


def _prod(dims: tuple) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


@register
class KerasSparseLossWithOneHot(Rule):
    id = "DLF-E104"
    name = "keras-sparse-loss-with-one-hot-labels"
    title = "One-hot labels given to sparse_categorical_crossentropy"
    taxonomy = "training.preprocessing"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Labels are one-hot but the loss wants class ids: {summary}"
    beginner = """`sparse_categorical_crossentropy` wants one class number per sample; your
labels are already one-hot rows. Either switch to `categorical_crossentropy`, or turn the
labels back into class numbers with `{y}.argmax(axis=1)`."""
    expert = """Sparse CE takes targets of rank output.ndim - 1 (integer ids); one-hot targets
have the output's rank. Received target {tshape}, output {oshape}."""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class",)

    PATTERNS = (
        r"Argument `output` must have rank \(ndim\) `target\.ndim - 1`\. Received: "
        r"target\.shape=\((?P<t>[^)]*)\), output\.shape=\((?P<o>[^)]*)\)",
        r"`labels\.shape\.rank` must equal `logits\.shape\.rank - 1`\. Received: "
        r"labels\.shape=\((?P<t>[^)]*)\) of rank \d+ and logits\.shape=\((?P<o>[^)]*)\)",
        # older tf.keras: one-hot labels flattened by the sparse loss
        r"logits and labels must have the same first dimension, got logits shape "
        r"\[(?P<o>[^\]]*)\] and labels shape \[(?P<t>[^\]]*)\]",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        kc = KerasCall(ctx)
        y = kc.y or "y"
        ys = array_summary(ctx, kc.y)
        onehot = ys is not None and ys.uniques is not None and set(ys.uniques) <= {0.0, 1.0}
        mdl = kc.model or "model"
        summary = ((f"`{y}` has shape {shape_str(ys.shape)}" + (" (one-hot rows)" if onehot else "")
                    if ys is not None else f"the labels have shape {shape_str(_dims(m.group('t')))}")
                   + ", but sparse_categorical_crossentropy wants class ids of shape (N,).")
        fix_code = (f"{mdl}.compile(optimizer=\"adam\", loss=\"categorical_crossentropy\", "
                    f"metrics=[\"accuracy\"])\n# or keep the loss: {y} = {y}.argmax(axis=1)")
        yield Evidence(line=error_line(ctx), subject=kc.y if ys is not None else kc.model,
                       summary=lc(summary), y=y, fix_code=fix_code,
                       tshape=shape_str(_dims(m.group("t"))), oshape=shape_str(_dims(m.group("o"))))


@register
class LogitsLabelsShape(Rule):
    id = "DLF-E105"
    name = "logits-and-labels-shape-mismatch"
    title = "logits and labels must have the same shape (tf.nn cross-entropy)"
    taxonomy = "training.loss"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Logits and labels differ in shape: {summary}"
    beginner = """`tf.nn.*_cross_entropy_with_logits` compares each logit with the label at the
same position, so labels and logits must have the same shape (N, C). For integer class labels
of shape (N,), use `tf.nn.sparse_softmax_cross_entropy_with_logits` instead; for a binary task
make both (N, 1)."""
    expert = """softmax/sigmoid_cross_entropy_with_logits are element-wise over (N, C) with
labels as (soft) distributions; the sparse variant takes int ids of shape (N,). Here logits
{lshape}, labels {yshape}."""
    fix = """{fix_code}"""
    references = ("https://www.tensorflow.org/api_docs/python/tf/nn/softmax_cross_entropy_with_logits",)

    PATTERNS = (
        r"`logits` and `labels` must have the same shape, received \(\((?P<l>[^)]*)\) vs "
        r"\((?P<y>[^)]*)\)\)",
        r"logits and labels must be broadcastable: logits_size=\[(?P<l>[^\]]*)\] "
        r"labels_size=\[(?P<y>[^\]]*)\]",
        r"logits and labels must have the same shape",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        gd = m.groupdict()
        ls = _dims(gd["l"]) if gd.get("l") else None
        ys = _dims(gd["y"]) if gd.get("y") else None
        labels = None
        for c in error_calls(ctx):
            if c.attr and "cross_entropy_with_logits" in c.attr:
                labels = code_of(ctx, c.kwarg("labels", 0))
                break
        if ls and ys:
            summary = (f"logits {shape_str(ls)} vs labels "
                       + (f"`{labels}` " if labels else "") + f"{shape_str(ys)}.")
        else:
            summary = "the labels do not have the logits' shape (N, C)."
        lb = labels if labels and labels.isidentifier() else "labels"
        fix_code = (f"tf.nn.sparse_softmax_cross_entropy_with_logits(labels={lb}, logits=logits)"
                    f"   # integer class ids (N,)\n"
                    f"# or one-hot: labels=tf.one_hot({lb}, depth=num_classes)")
        yield Evidence(line=error_line(ctx), subject=labels if labels and labels.isidentifier()
                       else None, summary=lc(summary), fix_code=fix_code,
                       lshape=shape_str(ls) if ls else "?", yshape=shape_str(ys) if ys else "?")


@register
class KerasNoGradients(Rule):
    id = "DLF-E106"
    name = "no-gradients-provided"
    title = "No gradients provided for any variable"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "No gradients reached the variables: {summary}"
    beginner = """The optimizer got no gradient at all: the loss was not computed, on the
recorded tape, from the variables being trained. {advice}"""
    expert = """`tape.gradient` returned None for every variable: the loss is disconnected from
them. Causes: operations outside `with tf.GradientTape()`, conversion to numpy (`.numpy()`,
`np.*`) which leaves the graph, non-differentiable ops (argmax, casting to int), passing the
wrong variable list, or a model whose custom train_step / loss does not use its outputs."""
    fix = """{fix_code}"""
    references = ("https://www.tensorflow.org/guide/autodiff#getting_a_gradient_of_none",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"No gradients provided for any variable"):
            return
        src = ctx.source
        reasons: list[str] = []
        fixes: list[str] = []
        tapes = [(e, w) for e, w in src.withs
                 if "GradientTape" in (src.segment(e) or "")]
        for c in src.calls_to("gradient"):
            loss = code_of(ctx, c.kwarg("target", 0))
            if not loss or not loss.isidentifier():
                continue
            assigns = src.assignments_to(loss)
            inside = [a for a in assigns if src.inside_with(a.value, "GradientTape")]
            if assigns and not inside and tapes:
                reasons.append(f"`{loss}` is computed outside the `with tf.GradientTape()` block, "
                               f"so the tape recorded nothing")
                fixes.append(f"with tf.GradientTape() as tape:\n    {loss} = ...   # the forward "
                             f"pass and the loss, inside the block")
            for a in inside:
                seg = src.segment(a.value)
                if re.search(r"\.numpy\(\)|\bnp\.|numpy\.", seg):
                    reasons.append(f"`{loss}` is computed through numpy (line {a.line}: "
                                   f"`{seg[:60]}`), which leaves the tape")
                    fixes.append(f"{loss} = tf.reduce_mean(...)   # TensorFlow ops only, no "
                                 f".numpy() / np.*")
                    break
        for _e, w in tapes:
            for n in ast.walk(w):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                        n.func.attr == "numpy" and not reasons:
                    reasons.append(f"`.numpy()` is called inside the tape (line {n.lineno}): the "
                                   f"result is no longer connected to the variables")
                    fixes.append("# keep everything between the model output and the loss as "
                                 "TensorFlow ops")
        summary = ("; ".join(reasons) + ".") if reasons else (
            "the loss does not depend (differentiably) on the trained variables.")
        advice = ("Here: " + "; ".join(reasons) + ".") if reasons else (
            "Compute the model's output and the loss inside `with tf.GradientTape() as tape:`, "
            "with TensorFlow operations only, and ask for the gradient w.r.t. "
            "`model.trainable_variables`.")
        fixes.append("with tf.GradientTape() as tape:\n    pred = model(x, training=True)\n"
                     "    loss = loss_fn(y, pred)\n"
                     "grads = tape.gradient(loss, model.trainable_variables)\n"
                     "optimizer.apply_gradients(zip(grads, model.trainable_variables))")
        yield Evidence(line=error_line(ctx), summary=lc(summary), advice=advice,
                       fix_code="\n".join(fixes[:1] + fixes[-1:]) if reasons else fixes[-1])


@register
class ObjectArrayToTensor(Rule):
    id = "DLF-E107"
    name = "object-array-to-tensor"
    title = "Failed to convert a NumPy array to a Tensor: array of dtype object"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Data of dtype object cannot become a tensor: {summary}"
    beginner = """TensorFlow needs arrays of numbers with one dtype (float32, int64…). An array of
dtype `object` holds arbitrary Python objects: mixed numbers and strings (often from a pandas
DataFrame with a text column), or rows of different lengths. {advice}"""
    expert = """`tf.convert_to_tensor` cannot infer a dtype for `object` arrays ({detail}).
Convert explicitly: `X.astype("float32")` when all entries are numbers; encode categorical
columns (`pd.get_dummies`, `StringLookup`) first; use `pd.to_numeric(..., errors="coerce")` for
numbers stored as strings; pad variable-length sequences (`keras.utils.pad_sequences`) or use
`tf.ragged.constant`."""
    fix = """{fix_code}"""
    references = ("https://www.tensorflow.org/api_docs/python/tf/convert_to_tensor",)

    PATTERNS = (r"Failed to convert a NumPy array to a Tensor \(Unsupported object type "
                r"(?P<t>[\w.]+)\)",
                r"Invalid dtype: object")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        kc = KerasCall(ctx)
        names: list[str] = []
        if kc.call is not None:
            names = [code_of(ctx, a) for a in [*kc.call.node.args,
                                               *(k.value for k in kc.call.node.keywords)]]
        else:
            names = [a.id for c in error_calls(ctx) for a in c.node.args
                     if isinstance(a, ast.Name)]
        bad: list[tuple[str, Any]] = []
        for n in names:
            v = ctx.ns.get(n) if n and n.isidentifier() else None
            if v is not None and v.kind == "array" and getattr(v.obj, "dtype", None) is not None \
                    and v.obj.dtype.kind == "O":
                bad.append((n, v.obj))
        if bad:
            n, a = bad[0]
            kinds: list[str] = []
            try:
                flat = a.reshape(-1)
                for e in flat[: min(int(flat.size), 200)]:
                    tn = type(e).__name__
                    if tn not in kinds:
                        kinds.append(tn)
            except Exception:  # noqa: BLE001
                kinds = []
            detail = f"`{n}` has shape {shape_str(a.shape)}, dtype object" + (
                f", holding {', '.join(kinds[:4])}" if kinds else "")
            strings = "str" in kinds
            summary = detail + "."
            if strings:
                advice = (f"`{n}` contains text values: encode or drop the text columns (one-hot "
                          f"with `pd.get_dummies`, or numbers stored as text with "
                          f"`pd.to_numeric`), then convert with `{n}.astype(\"float32\")`.")
                fix_code = (f"# in pandas: df = pd.get_dummies(df); "
                            f"df[col] = pd.to_numeric(df[col], errors=\"coerce\")\n"
                            f"{n} = {n}.astype(\"float32\")")
            elif "ndarray" in kinds or "list" in kinds:
                advice = (f"`{n}` holds arrays/lists of different lengths: pad them to one "
                          f"length (`keras.utils.pad_sequences`) or stack equal-length rows "
                          f"with `np.stack`.")
                fix_code = f"{n} = keras.utils.pad_sequences(list({n}), dtype=\"float32\")"
            else:
                advice = f"All entries are numbers: convert with `{n}.astype(\"float32\")`."
                fix_code = f"{n} = {n}.astype(\"float32\")"
        else:
            detail = (f"unsupported element type {m.group('t')}" if "t" in m.groupdict()
                      and m.group("t") else "dtype object")
            summary = (f"an input array has dtype object ({detail}): convert it to a numeric "
                       f"dtype with `.astype(\"float32\")`.")
            advice = ("Convert the data to numbers with `X.astype(\"float32\")`; if that fails, "
                      "some entries are text or sequences of different lengths: encode or pad "
                      "them first. From pandas: `df.to_numpy(dtype=\"float32\")`.")
            fix_code = "X = X.astype(\"float32\")\ny = y.astype(\"float32\")"
        yield Evidence(line=error_line(ctx), subject=bad[0][0] if bad else None,
                       summary=lc(summary), advice=advice, detail=detail, fix_code=fix_code)


@register
class KerasLabelOutOfRange(Rule):
    id = "DLF-E108"
    name = "keras-label-out-of-range"
    title = "Received a label value which is outside the valid range (labels vs output units)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Class label out of range: {summary}"
    beginner = """The last layer has {n} units, so the model can predict classes 0 to {last}
only; a label of {label} has no unit. {advice}"""
    expert = """SparseSoftmaxCrossEntropyWithLogits indexes the logits with the label: valid
ids are [0, {n}). On GPU this check is skipped and the loss silently becomes NaN/garbage for
out-of-range ids. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Received a label value of (-?\d+) which is outside the valid range of "
                      r"\[0, (\d+)\)")
        if not m:
            return
        label, n = int(m.group(1)), int(m.group(2))
        kc = KerasCall(ctx)
        model = kc.obj(ctx)
        lname, units, _act = last_units(model) if model is not None else (None, None, None)
        y = kc.y or "y"
        ys = array_summary(ctx, kc.y)
        ydesc = (f"`{y}` has labels {ys.min:g}..{ys.max:g}" if ys is not None and ys.has_values
                 and ys.min is not None else f"a label is {label}")
        layer = (f", its last layer `{lname}` has {units} units" if lname and units == n else "")
        summary = f"`{kc.model or 'the model'}` predicts {n} classes{layer}, but {ydesc}."
        mech = ""
        if model is not None and kc.y and kc.y.isidentifier() and kc.method in (
                "fit", "train_on_batch", "evaluate") and kc.y in ctx.user_ns:
            from .keras_data import one_based_labels
            if one_based_labels(frameworks.get("keras"), model, ctx.user_ns[kc.y]):
                return   # DLF-T117 names the cause: labels counted from 1
        if ys is not None and ys.has_values and ys.min is not None and ys.min >= 1 and ys.max == n:
            advice = f"The labels run 1..{n}: they look 1-based; use `{y} - 1`."
            fix_code = f"{y} = {y} - 1   # classes 0..{n - 1}"
        elif label < 0:
            advice = "Negative labels are not class ids: map them to 0..C-1."
            fix_code = f"{y} = {y} - {y}.min()   # or map each label to its index"
        else:
            k = int(ys.max) + 1 if ys is not None and ys.has_values and ys.max is not None \
                else label + 1
            advice = (f"The labels need at least {k} classes: give the last layer {k} units "
                      f"(or remap the labels to 0..{n - 1}).")
            fix_code = f"layers.Dense({k}, activation=\"softmax\")   # last layer: one unit per class"
        yield Evidence(line=error_line(ctx), subject=kc.y if ys is not None else kc.model,
                       summary=lc(summary), n=n, last=n - 1, label=label, advice=advice,
                       mechanism=mech, fix_code=fix_code)


@register
class ResourceExhausted(Rule):
    id = "DLF-E109"
    name = "tensorflow-out-of-memory"
    title = "ResourceExhaustedError: OOM when allocating a tensor"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Out of memory (ResourceExhaustedError): {summary}"
    beginner = """The device ran out of memory{alloc}. Memory grows with the batch size and the
size of the layers. {advice}"""
    expert = """Peak memory = weights + optimizer slots + activations (∝ batch size). TF's BFC
allocator reserves most of the GPU at start-up by default; enable
`tf.config.experimental.set_memory_growth(gpu, True)` to share it. Models created again and
again in a notebook keep their graphs: `keras.backend.clear_session()`. Also: mixed precision
(`keras.mixed_precision.set_global_policy("mixed_float16")`), smaller Dense layers after
Flatten (often the largest weight matrix)."""
    fix = """{fix_code}"""
    references = ("https://www.tensorflow.org/guide/gpu#limiting_gpu_memory_growth",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error.type_name != "ResourceExhaustedError" and not _msg(
                ctx, r"OOM when allocating tensor"):
            return
        m = _msg(ctx, r"OOM when allocating tensor with shape\s*\[([\d,\s]+)\]")
        alloc = f" (allocating a tensor of shape [{m.group(1)}])" if m else ""
        kc = KerasCall(ctx)
        bs = kc.call.const("batch_size") if kc.call is not None else None
        mdl = kc.model or "model"
        if isinstance(bs, int) and bs > 8:
            summary = f"`{mdl}.{kc.method}` uses batch_size={bs}: try {bs // 2} or less."
            advice = f"Lower `batch_size` (now {bs}) until it fits."
            fix_code = (f"{mdl}.{kc.method}(..., batch_size={bs // 2})\n"
                        f"keras.backend.clear_session()   # before re-creating models")
        else:
            summary = "reduce the batch size or the model size" + (
                f" (`{mdl}.{kc.method}`)" if kc.model else "") + "."
            advice = ("Lower `batch_size` (Keras' default is 32), make the largest layers "
                      "smaller, and call `keras.backend.clear_session()` before building "
                      "models again.")
            fix_code = (f"{mdl}.fit(X, y, batch_size=16)\n"
                        f"keras.backend.clear_session()   # before re-creating models")
        yield Evidence(line=error_line(ctx), subject=kc.model, summary=lc(summary), alloc=alloc,
                       advice=advice, fix_code=fix_code)


@register
class KerasLossDimensionMismatch(Rule):
    id = "DLF-E110"
    name = "keras-loss-dimensions-mismatch"
    title = "Dimensions must be equal in the compiled loss: labels and output units differ"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Labels and outputs differ in size inside the loss: {summary}"
    beginner = """The loss `{loss}` compares each output unit with one label column, so the last
layer needs as many units as the labels have columns. {advice}"""
    expert = """The loss graph node `{node}` computes an element-wise difference of labels
{yshape} and predictions {pshape}; their last dimensions ({a} vs {b}) are neither equal nor 1,
so broadcasting fails at graph construction."""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/losses/regression_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Dimensions must be equal, but are (\d+) and (\d+) for "
                      r"'\{\{node compile_loss/(\w+)/[^']*\}\}[^']*' with input shapes: "
                      r"\[([^\]]*)\], \[([^\]]*)\]")
        if not m:
            return
        a, b, loss = int(m.group(1)), int(m.group(2)), m.group(3)
        kc = KerasCall(ctx)
        model = kc.obj(ctx)
        lname, units, _act = last_units(model) if model is not None else (None, None, None)
        mdl = kc.model or "model"
        y = kc.y if kc.y and kc.y.isidentifier() else "y"
        summary = (f"the labels {('`' + kc.y + '` ') if kc.y else ''}have {a} columns but "
                   f"`{mdl}` outputs {b}" + (f" (last layer `{lname}` has {units} units)"
                                             if lname and units == b else "") + ".")
        advice = (f"If each sample has {a} target values, give the last layer {a} units; if "
                  f"the labels are class numbers, use a classification loss "
                  f"(`sparse_categorical_crossentropy`) instead of `{loss}`.")
        fix_code = (f"layers.Dense({a})   # last layer: one unit per target column\n"
                    f"print({y}.shape)     # (N, {a})")
        yield Evidence(line=error_line(ctx), subject=kc.model, summary=lc(summary),
                       advice=advice, fix_code=fix_code, loss=loss, node=f"compile_loss/{loss}",
                       yshape=f"[{m.group(4)}]", pshape=f"[{m.group(5)}]", a=a, b=b)
