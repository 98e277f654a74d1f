from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.errors import (
    _ints,
    _line,
    _local,
    _msg,
    arg,
    locate,
    model_calls,
    ns_obj,
    tb_modules,
    tensor_info,
)
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


# --------------------------------------------------------------------------------------
@register
class MissingBatchDimension(Rule):
    id = "DLF-E006"
    name = "missing-batch-dimension"
    title = "Input with the wrong number of dimensions for the layer (missing batch or channel axis)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Input has the wrong number of dimensions: {summary}"
    beginner = """Layers work on batches: even a single image must be given as a batch of one.
{advice}"""
    expert = """Shape contract: (N, C, H, W) for 2-D layers, (N, C, L) for 1-D ones.
Conv/pool layers accept an unbatched (C, H, W) or batched (N, C, H, W) input; BatchNorm2d only
the batched form. A missing leading axis is added with `unsqueeze(0)` / `x[None]` (a view, no
copy)."""
    fix = """{fix_code}"""
    # A finding is written with the layer (its place in the model, the op the error names, or
    # neither), the input (the user's variable or the layer's input) and the change it needs.
    texts = {
        "at_path": Texts(where="`{path}` ({layer_type})"),
        "op": Texts(where="`{op}`"),
        "no_layer": Texts(where="the layer"),
        "shape_unknown": Texts(summary="""{where} needs a {need}-D batched input but got fewer
dimensions."""),
        "input_named": Texts(summary="""{where} needs a {need}-D batch, but `{x}` has shape
{shape} ({rank}-D)."""),
        "input_unnamed": Texts(summary="""{where} needs a {need}-D batch, but its input has
shape {shape} ({rank}-D)."""),
        "add_batch_axis": Texts(
            advice="""Add the batch dimension in front with `{xs}.unsqueeze(0)` (shape
{batched}). For images: (N, C, H, W); a single image (C, H, W) becomes (1, C, H, W).""",
            fix_code="out = {model}({xs}.unsqueeze(0))   # add the batch axis",
        ),
        "add_two_axes": Texts(
            advice="""{shape} looks like one grayscale image without channel and batch axes:
make it (1, 1, {h}, {w}) with `{xs}[None, None]` (or `{xs}.unsqueeze(0).unsqueeze(0)`); for a
batch of such images (N, H, W) use `{xs}.unsqueeze(1)`.""",
            fix_code="out = {model}({xs}[None, None])   # (H, W) -> (1, 1, H, W)",
        ),
        "squeeze_axis": Texts(
            advice="""The input has {rank} dimensions, {surplus} more than the layer takes;
axis {axis} has size 1 and can be removed with `{xs}.squeeze({axis})`.""",
            fix_code="out = {model}({xs}.squeeze({axis}))",
        ),
        "extra_axis": Texts(
            advice="""The input has {rank} dimensions, {surplus} more than the layer takes:
merge or drop the extra axis (e.g. `x.flatten(0, 1)` for a batch of image sequences).""",
            fix_code="print({xs}.shape)   # the layer takes {need} dims, e.g. (N, C, H, W)",
        ),
        "reshape": Texts(
            advice="""The layer needs {need} dimensions ((N, C, H, W) for 2-D images, (N, C,
L) for sequences); reshape the input accordingly.""",
            fix_code="print({xs}.shape)   # needs {need} dims, e.g. (N, C, H, W)",
        ),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.unsqueeze.html",)

    PATTERNS = (
        r"Expected (?P<u>\d)D \(unbatched\) or (?P<b>\d)D \(batched\) input to (?P<op>\w+), but "
        r"got input of size: \[(?P<s>[\d, ]*)\]",
        r"expected (?P<b>\d)D input \(got (?P<n>\d)D input\)",
        r"non-empty (?P<u>\d)D or (?P<b>\d)D \(batch mode\) tensor expected for input",
        r"Expected (?P<b>\d)-dimensional input for (?P<u>\d)-dimensional weight",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        gd = m.groupdict()
        need = int(gd["b"])
        mods = tb_modules(ctx.error.exc)
        layer = path = model = None
        t = frameworks.get("torch")
        if mods:
            layer = next((mm for mm, _ in reversed(mods) if not t.is_loss(mm)), None)
            layer_in = None
            for mm, fr in reversed(mods):
                if mm is layer:
                    layer_in = tensor_info(_local(fr, "input"))
                    break
            if layer is not None:
                model, path = locate(ctx, layer)
        else:
            layer_in = None
        shp = _ints(gd["s"]) if gd.get("s") is not None else (layer_in[0] if layer_in else None)
        calls = model_calls(ctx)
        if model:
            calls = [c for c in calls if c[1] == model] or calls
        x = xinfo = None
        if calls:
            model = model or calls[0][1]
            x, obj = ns_obj(ctx, arg(calls[0][0], 0))
            xinfo = tensor_info(obj)
        direct = xinfo is not None and shp is not None and xinfo[0] == tuple(shp)
        if not direct and xinfo is not None and len(xinfo[0]) < need and x:
            # the model's own input lacks the axis (e.g. (C, H, W) passes a conv unbatched
            # and fails at a later BatchNorm2d)
            direct, shp = True, xinfo[0]
        xs = x if direct else "x"
        variant = ["at_path" if path else "op" if gd.get("op") else "no_layer"]
        fields: dict[str, Any] = dict(path=path, layer_type=type_name(layer) if path else None,
                      op=gd.get("op"), need=need, x=x, xs=xs, model=model or "model")
        if shp is None:
            variant.append("shape_unknown")
            missing = 1
        else:
            variant.append("input_named" if direct else "input_unnamed")
            missing = need - len(shp)
            fields.update(shape=shape_str(shp), rank=len(shp))
        if missing == 1:
            variant.append("add_batch_axis")
            fields["batched"] = shape_str((1, *shp)) if shp is not None else "(1, ...)"
        elif missing == 2 and shp is not None and len(shp) == 2:
            variant.append("add_two_axes")
            fields.update(h=shp[0], w=shp[1])
        elif missing < 0 and shp is not None:
            ones = [i for i, d in enumerate(shp) if d == 1]
            variant.append("squeeze_axis" if ones else "extra_axis")
            fields.update(surplus=-missing, axis=ones[0] if ones else None)
        else:
            variant.append("reshape")
        yield Evidence(line=_line(ctx), subject=x if direct else model, variant=tuple(variant),
                       **fields)
