from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.errors import KerasCall, _dims, _msg, array_summary, error_line, last_units
from ...analysis.training import wide_binary_heads
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


def loss_name(model: Any) -> str | None:
    """The compiled loss of ``model`` as a canonical snake_case name, if known."""
    try:
        loss = getattr(model, "loss", None)
    except Exception:  # noqa: BLE001
        return None
    k = frameworks.get("keras")
    return k.loss_name(loss) if k is not None else None


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
`binary_crossentropy` wants (N, 1) targets for a 1-unit sigmoid output."""
    fix = """{fix_code}"""
    texts = {
        # -- what is known of the labels (used by the categorical and binary cases)
        "y_unknown": Texts(labels="the labels have shape {tshape}", labels_note=""),
        "y_shape": Texts(labels="`{y}` has shape {yshape}, dtype {ydtype}",
                         labels_note="; {labels}"),
        "y_values": Texts(labels="`{y}` has shape {yshape}, dtype {ydtype}, values "
                                 "{ymin:g}..{ymax:g}",
                          labels_note="; {labels}"),
        # -- integer class ids with categorical_crossentropy
        "class_ids_to_categorical": Texts(
            summary="""`{mdl}` is compiled with categorical_crossentropy, which wants one-hot
labels of shape (N, {n_out}), but {labels}: class numbers need sparse_categorical_crossentropy.""",
            advice="""`{y}` holds one class number per sample (0, 1, 2, …), while
categorical_crossentropy expects each label as a one-hot row of {n_out} numbers. Use
`loss="sparse_categorical_crossentropy"` (simplest), or convert the labels with
`keras.utils.to_categorical({y}, {n_out})`.""",
            fix_code="""{mdl}.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# or keep the loss and one-hot encode the labels:
# {y} = keras.utils.to_categorical({y}, num_classes={n_out})"""),
        # -- binary_crossentropy with a last layer of several units
        "last_named": Texts(last_layer=" (`{lname}`)"),
        "last_unnamed": Texts(last_layer=""),
        "binary_with_units": Texts(summary="""`{mdl}` ends with {n_out} units{last_layer} but
is compiled with binary_crossentropy and labels of shape {tshape}{labels_note}."""),
        "binary_multiclass": Texts(
            advice="""Your labels have more than two classes ({vmin:g}..{vmax:g}): use
`loss="sparse_categorical_crossentropy"` with a softmax output of {n_out} units.""",
            fix_code="""{mdl}.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])"""),
        "binary_task": Texts(
            advice="""For a yes/no task the last layer needs 1 unit with a sigmoid
(`Dense(1, activation="sigmoid")`), matching labels of shape (N,) or (N, 1). For {n_out}
classes with integer labels, keep the {n_out}-unit softmax and use
`loss="sparse_categorical_crossentropy"`.""",
            fix_code="""layers.Dense(1, activation="sigmoid")   # last layer, binary task
# or, {n_out} classes: {mdl}.compile(optimizer="adam", loss="sparse_categorical_crossentropy")"""),
        # -- labels with one axis more than the output
        "extra_label_axis": Texts(
            summary="the labels have shape {tshape}, the output {oshape}.",
            advice="Check that the labels and the last layer describe the same thing.",
            fix_code="print({y}.shape, {mdl}.output_shape)"),
        # -- any other pair of shapes
        "labels_named": Texts(the_labels="the labels `{y}`"),
        "labels_unnamed": Texts(the_labels="the labels"),
        "with_loss": Texts(loss_note=" (loss {loss})"),
        "without_loss": Texts(loss_note=""),
        "other_shapes": Texts(
            summary="{the_labels} have shape {tshape}, the model output {oshape}{loss_note}.",
            advice="""Make them agree: integer class labels go with
`sparse_categorical_crossentropy`, one-hot labels with `categorical_crossentropy`, and the
last layer needs one unit per class (1 unit + sigmoid for binary, 1 linear unit for
regression).""",
            fix_code="""print({y}.shape, {mdl}.output_shape)   # must fit the loss
{mdl}.compile(optimizer="adam", loss="sparse_categorical_crossentropy")   # for integer class labels"""),
    }
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
        fields: dict[str, Any] = dict(mdl=mdl, y=y, n_out=n_out, tshape=shape_str(ts),
                                      oshape=shape_str(os_), loss=loss, lname=lname)
        if ys is not None:
            fields.update(yshape=shape_str(ys.shape), ydtype=ys.dtype, ymin=ys.min, ymax=ys.max)
        seen = ("y_unknown" if ys is None else "y_values"
                if ys.has_values and ys.integral and ys.min is not None else "y_shape")
        variant: tuple[str, ...]
        if loss == "categorical_crossentropy" \
                and int_labels and n_out and n_out > 1:
            variant = (seen, "class_ids_to_categorical")
        elif any(True for _ in wide_binary_heads(ctx)) and loss in ("binary_crossentropy",) \
                and n_out and n_out > 1:
            return   # DLF-L110 names the output layer: one unit for 0/1 labels
        elif loss in ("binary_crossentropy",) and n_out and n_out > 1 and len(ts) <= 2 \
                and (len(ts) == 1 or ts[-1] == 1):
            multi = yvals is not None and yvals.has_values and yvals.max is not None \
                and yvals.integral and yvals.max > 1
            variant = (seen, "last_named" if lname else "last_unnamed", "binary_with_units",
                       "binary_multiclass" if multi else "binary_task")
            if multi:
                fields.update(vmin=yvals.min, vmax=yvals.max)
        elif len(ts) == len(os_) + 1 and loss and "sparse" not in loss:
            variant = ("extra_label_axis",)
        else:
            variant = ("labels_named" if kc.y else "labels_unnamed",
                       "with_loss" if loss else "without_loss", "other_shapes")
        yield Evidence(line=error_line(ctx), subject=kc.y if kc.y and kc.y.isidentifier()
                       else kc.model, variant=variant, **fields)
