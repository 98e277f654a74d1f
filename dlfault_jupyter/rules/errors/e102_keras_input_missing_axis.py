from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.errors import SHAPE_RE, KerasCall, _dims, _msg, array_summary, error_line
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


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
    beginner = """`{kind}` layers need inputs with {need} dimensions (including the batch).
{advice}"""
    expert = """The layer's InputSpec requires ndim {op} {need}; the input had {found}
{full}. Conv2D expects (batch, height, width, channels) (channels_last); Conv1D/LSTM expect
(batch, steps, features). A missing trailing axis is added with `X[..., None]` /
`np.expand_dims(X, -1)`; `keras.Input(shape=...)` excludes the batch axis."""
    fix = """{fix_code}"""
    texts = {
        "layer_found": Texts(where="layer `{lname}` ({kind}) of `{model}`"),
        "layer_unknown": Texts(where="layer `{lname}`"),
        "full_shape": Texts(full="(shape {full_shape})"),
        "no_full_shape": Texts(full=""),
        # -- the array passed has exactly one axis too few: the trailing one
        "trailing_axis": Texts(
            summary="""{where} needs {need}-D input but `{x}` has shape {xshape}: add the
channel axis with `{x}[..., None]` → {new}.""",
            advice="""`{x}` has shape {xshape}: each sample lacks the last axis (channels for
images, features for sequences). Add it with `{x} = {x}[..., None]` (shape {new}), and use
the same shape in `keras.Input(shape={sample})`.""",
            fix_code="{x} = {x}[..., None]   # {xshape} -> {new}"),
        # -- any other input of too low a rank
        "too_few_axes": Texts(
            summary="{where} needs {need}-D input but received {got}.",
            advice="""Reshape the data so that each sample has all the axes the layer
expects, e.g. grayscale images (N, 28, 28) → (N, 28, 28, 1) with `X[..., None]`.""",
            fix_code="""print({x}.shape)
{x} = {x}[..., None]   # when the last axis is missing"""),
    }
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
        kind = type_name(layer) if layer is not None else lname
        xs = array_summary(ctx, kc.x)
        x = kc.x if kc.x and kc.x.isidentifier() else "X"
        direct = xs is not None and len(xs.shape) == found
        fields: dict[str, Any] = dict(lname=lname, kind=kind, model=kc.model, x=x, need=need,
                                      found=found, op=op)
        variant = ["layer_found" if layer is not None else "layer_unknown"]
        if full:
            variant.append("full_shape")
            fields["full_shape"] = shape_str(full)
        else:
            variant.append("no_full_shape")
        if direct and found == need - 1:
            variant.append("trailing_axis")
            fields.update(xshape=shape_str(xs.shape), new=shape_str((*xs.shape, 1)),
                          sample=shape_str(xs.shape[1:] + (1,)))
        else:
            variant.append("too_few_axes")
            fields["got"] = shape_str(full) if full else f"{found}-D"
        yield Evidence(line=error_line(ctx), subject=kc.x if direct else kc.model,
                       variant=tuple(variant), **fields)
