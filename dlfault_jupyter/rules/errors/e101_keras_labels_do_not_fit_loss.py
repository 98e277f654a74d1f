from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.errors import KerasCall, _dims, _msg, array_summary, error_line, last_units, lc
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


def loss_name(model: Any) -> str | None:
    """The compiled loss of ``model`` as a canonical snake_case name, if known."""
    try:
        loss = getattr(model, "loss", None)
    except Exception:  # noqa: BLE001
        return None
    k = frameworks.get("keras")
    return k.loss_name(loss) if k is not None else None


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
