from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.losses import loss_uses
from ...analysis.model_facts import unwrap
from ...analysis.training import data_of, module_path, usage
from ...context import CellContext
from ...frameworks import adapter, type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register

#: a forward that moves axes may put the sequence first itself
_AXIS_MOVES = ("transpose", "permute", "swapaxes", "swapdims", "movedim", "T", "mT")


def _seq_first_layer(model: Any) -> tuple[str, Any, int] | None:
    """(path, layer, embedding size) of the first attention layer built with
    ``batch_first=False``."""
    t = adapter("torch")
    if t is None:
        return None
    for path, m in unwrap(model)[0].named_modules():
        own = t.layer_kind(m) is LayerKind.ATTENTION
        if not own and t.framework_name(m) not in t.vocab.TRANSFORMER_BLOCKS:
            continue
        attn = m if own else getattr(m, "self_attn", None)
        bf = getattr(m, "batch_first", getattr(attn, "batch_first", None))
        if bf is False:
            d = getattr(attn, "embed_dim", None) or getattr(m, "d_model", None)
            if isinstance(d, int):
                return path, m, d
    return None


def _moves_axes(ctx: CellContext, model: Any) -> bool:
    fn = ctx.analysis.method(unwrap(model)[0], "forward")
    if fn is None or not fn.in_notebook:
        return True       # no source to read: cannot tell
    return any(isinstance(n, ast.Attribute) and n.attr in _AXIS_MOVES for n in fn.all_nodes)


@register
class AttentionWithoutBatchFirst(Rule):
    id = "DLF-S172"
    name = "attention-without-batch-first"
    title = "Batch-first input to an attention layer built with batch_first=False"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{layer}` ({kind}) has `batch_first=False` and reads (sequence, batch, "
               "features), but `{x}` {shape} has the {n} samples of `{y}` on its first axis: "
               "attention mixes the samples of a batch instead of the positions of a sequence.")
    beginner = """PyTorch's attention layers expect the sequence first unless they are
built with `batch_first=True`. `{x}` has one sample per row ({n} rows, like the labels
`{y}`), so `{layer}` takes the batch axis for the time axis: each position attends to
the same position of the other samples. It runs without an error, but the prediction
for one sample depends on the rest of the batch. Build the layer with
`batch_first=True`."""
    expert = """With `batch_first=False`, `MultiheadAttention` reads `(L, N, E)`; an
input `(N, L, E)` = {shape} is taken as {n} positions of batch {l}. `{model}`'s forward
does not transpose/permute the input before the layer."""
    fix = """nn.{kind}(..., batch_first=True)   # in {model}'s constructor ({layer})"""
    known_false_alarms = ("A model that moves the axes in a helper function instead of in "
                          "its forward.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.TransformerEncoderLayer.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        mi = usage(ctx).get("model_inputs", {})
        for lu in loss_uses(ctx):
            mv = ctx.ns.get(lu.model) if lu.model else None
            if mv is None or lu.target_obj is None:
                continue
            found = _seq_first_layer(mv.obj)
            if found is None or _moves_axes(ctx, mv.obj):
                continue
            path, layer, d = found
            n = int(lu.target_obj.shape[0]) if getattr(lu.target_obj, "ndim", 0) else None
            for x_name in sorted(mi.get(lu.model, ())):
                dx = data_of(ctx, x_name, lu.line, prefer_loop=True)
                x = dx[0] if dx is not None else None
                shape = tuple(int(s) for s in getattr(x, "shape", ()))
                if len(shape) != 3 or shape[-1] != d or shape[0] != n or shape[0] == shape[1]:
                    continue
                yield Evidence(line=lu.line, subject=lu.model, key=(lu.model, path),
                               layer=module_path(lu.model, path), kind=type_name(layer),
                               x=(ctx.ns.name_of(x) if dx[1] else None) or x_name,
                               shape=shape, n=n, l=shape[1], y=lu.labels or lu.target,
                               model=lu.model)
                return
