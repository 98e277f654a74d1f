from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.model_facts import unwrap
from ...analysis.user_classes import Method
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: keywords of torch's attention APIs that take an attention mask added to the scores
_MASK_KW = ("attn_mask", "src_mask", "tgt_mask", "memory_mask", "mask")


def _forward(ctx: CellContext, model: Any) -> Method | None:
    """The user's ``forward`` of the module behind ``model``, defined in the notebook."""
    fn = ctx.analysis.method(unwrap(model)[0], "forward")
    return fn if fn is not None and fn.in_notebook else None


def _mask_params(ctx: CellContext, model: Any) -> dict[str, str]:
    """forward's parameter (or a global name) → the attention keyword it is passed to."""
    fn = _forward(ctx, model)
    if fn is None:
        return {}
    out: dict[str, str] = {}
    for c in fn.all_calls:
        for k in c.node.keywords:
            if k.arg in _MASK_KW and isinstance(k.value, ast.Name):
                out[k.value.id] = k.arg
    return out


def _bound(ctx: CellContext, model: Any, c: Any) -> dict[str, ast.expr]:
    """forward's parameters → the argument expressions of the call ``c`` of ``model``."""
    fn = _forward(ctx, model)
    bound: dict[str, ast.expr] = {}
    if fn is not None:
        bound.update(zip(fn.params, c.args, strict=False))
        bound.update({k.arg: k.value for k in c.node.keywords if k.arg})
    return bound


@register
class FloatMaskBlocksNothing(Rule):
    id = "DLF-S171"
    name = "float-mask-blocks-nothing"
    title = "A float 0/1 attention mask: it is added to the scores and blocks nothing"
    taxonomy = "tensors.input"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{mask}` ({dtype}, values {values}) reaches `{kw}=` of `{model}`: a float "
               "mask is added to the attention scores, so its {ones} hide nothing.")
    beginner = """PyTorch treats a float attention mask as numbers to add to the scores,
not as allowed/forbidden: adding 0 or 1 changes almost nothing, so every position can
still attend to every other one — a causal model sees the future. Use a bool mask
(True = not allowed) or a float mask with `-inf` where attention is forbidden."""
    expert = """`nn.MultiheadAttention`/`Transformer*` add a float `attn_mask` to
`QKᵀ/√d` before the softmax; only a bool mask is turned into `-inf`. Sampled values of
`{mask}`: {values} (no value ≤ -1e4). A 1 where attention is meant to be allowed and 0
where it is forbidden is the inverse of neither convention."""
    fix = """{mask} = {mask} == 0   # bool: True where attention is NOT allowed"""
    texts = {
        # a position always attends to itself: the diagonal tells the user's convention
        "one_allowed": Texts(fix="""{mask} = {mask} == 0   # bool: True where attention is NOT allowed"""),
        "one_forbidden": Texts(fix="""{mask} = {mask}.bool()   # bool: True where attention is NOT allowed"""),
    }
    known_false_alarms = ("A small learned/relative position bias passed as a float mask "
                          "on purpose (it is not a mask of 0/1 values).")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.MultiheadAttention.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import numpy as np

        t = frameworks.get("torch")
        if t is None or not ctx.source.ok:
            return
        models = {v.name: v.obj for v in ctx.ns.models("torch")}
        for c in ctx.source.calls:
            m = c.name if c.name in models else None
            if m is None:
                continue
            params = _mask_params(ctx, models[m])
            if not params:
                continue
            bound = _bound(ctx, models[m], c)
            for p, kw in params.items():
                e = bound.get(p, ast.Name(p))      # a global used inside forward
                if not isinstance(e, ast.Name):
                    continue
                mask = ctx.user_ns.get(e.id)
                if not t.is_tensor(mask) or not mask.is_floating_point() or mask.ndim < 2:
                    continue
                vals = t.ordered_sample(mask, 4096)
                if vals is None or vals.size == 0:
                    continue
                u = np.unique(vals)
                if not set(u.tolist()) <= {0.0, 1.0} or 1.0 not in u:
                    continue
                diag = mask.detach().diagonal(dim1=-2, dim2=-1).reshape(-1)[:64]
                if bool((diag == 1).all()):
                    variant = "one_allowed"
                elif bool((diag == 0).all()):
                    variant = "one_forbidden"
                else:
                    continue
                yield Evidence(line=c.line, subject=e.id, key=(e.id, kw), mask=e.id,
                               variant=variant,
                               dtype=str(mask.dtype).replace("torch.", ""),
                               values=", ".join(f"{x:g}" for x in u), kw=kw, model=m,
                               ones="0s and 1s" if 0.0 in u else "1s")
