"""PyTorch API-usage rules (source and namespace evidence)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from ..context import CellContext
from ..source.facts import MISSING
from . import Evidence, Rule, register


def _deprecations() -> dict[int, tuple[str, str, str]]:
    """id(object) -> (old name, replacement, why), for torch objects that exist here."""
    import torch
    import torch.nn.functional as F

    table: list[tuple[Any, str, str, str]] = [
        (getattr(torch.autograd, "Variable", None), "torch.autograd.Variable",
         "a plain tensor (use `x.requires_grad_()` if it needs gradients)",
         "since PyTorch 0.4 tensors carry autograd themselves; `Variable(x)` just returns x"),
        (getattr(F, "sigmoid", None), "F.sigmoid", "torch.sigmoid",
         "the functional alias is deprecated"),
        (getattr(F, "tanh", None), "F.tanh", "torch.tanh", "the functional alias is deprecated"),
        (getattr(F, "upsample", None), "F.upsample", "F.interpolate",
         "`upsample` is a deprecated alias of `interpolate`"),
        (getattr(F, "upsample_bilinear", None), "F.upsample_bilinear",
         "F.interpolate(x, scale_factor=2, mode=\"bilinear\", align_corners=True)",
         "deprecated alias"),
        (getattr(F, "upsample_nearest", None), "F.upsample_nearest",
         "F.interpolate(x, scale_factor=2, mode=\"nearest\")", "deprecated alias"),
        (getattr(torch, "range", None), "torch.range", "torch.arange (which excludes the end)",
         "`torch.range` includes its end point, unlike Python's range, and is deprecated"),
        (getattr(torch.nn.utils, "clip_grad_norm", None), "nn.utils.clip_grad_norm",
         "nn.utils.clip_grad_norm_", "the name without underscore is deprecated"),
    ]
    return {id(o): (old, new, why) for o, old, new, why in table if o is not None}


def _is_loss_api(obj: Any) -> bool:
    import torch

    if inspect.isclass(obj):
        return issubclass(obj, torch.nn.modules.loss._Loss)
    return getattr(obj, "__module__", None) == "torch.nn.functional" and callable(obj)


@register
class DeprecatedTorchAPI(Rule):
    id = "DLF-A001"
    name = "deprecated-torch-api"
    title = "A deprecated PyTorch API is used"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` uses `{old}`, which is deprecated: {why}. Use {new}."
    beginner = """This code uses `{old}`, an old PyTorch API kept only for backwards
compatibility. It may print warnings, behave differently from what old tutorials
promise, or disappear in a future version. Replace it with {new}."""
    expert = """{old}: {why}. Deprecated APIs are thin shims over the current ones;
some keep the old signature but ignore arguments (e.g. `volatile=` has had no effect since
0.4, so no graph pruning happens), and the `size_average`/`reduce` pair is mapped onto
`reduction` with a warning on every construction."""
    fix = """{fixed}"""
    references = ("https://pytorch.org/docs/stable/notes/autograd.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        table = _deprecations()
        for c in src.calls:
            if not c.name:
                continue
            obj = src.resolve(c.name)
            if obj is MISSING:
                continue
            code = src.segment(c.node) or c.name
            hit = table.get(id(obj))
            if hit is not None:
                old, new, why = hit
                sev = None
                if old == "torch.autograd.Variable" and "volatile" in c.kwargs:
                    why = ("`volatile=True` has had no effect since PyTorch 0.4, so gradients "
                           "are still tracked here (more memory); " + why)
                    new = "`with torch.no_grad():` around the evaluation, and " + new
                    sev = "warning"
                fixed = _fixed(src, c, old, new)
                yield Evidence(line=c.line, severity=sev, code=code, old=old, new=new,
                               why=why, fixed=fixed)
                continue
            bad_kw = [k for k in ("size_average", "reduce") if k in c.kwargs]
            if bad_kw and _is_loss_api(obj):
                yield Evidence(line=c.line, code=code, old="/".join(f"{k}=" for k in bad_kw),
                               new="`reduction=\"mean\"`, `\"sum\"` or `\"none\"`",
                               why="`size_average` and `reduce` were replaced by `reduction`",
                               fixed=f"{c.name}(reduction=\"sum\")   # or \"mean\" / \"none\"")


def _fixed(src: Any, c: Any, old: str, new: str) -> str:
    args = ", ".join(src.segment(a) for a in c.args)
    if old == "torch.autograd.Variable":
        return (f"x = {args or 'x'}                      # no wrapper needed\n"
                "with torch.no_grad():            # instead of volatile=True\n"
                "    out = model(x)")
    if old in ("F.sigmoid", "F.tanh"):
        return f"{new}({args})"
    if old == "F.upsample":
        kws = ", ".join(src.segment(k.value) and f"{k.arg}={src.segment(k.value)}"
                        for k in c.node.keywords if k.arg)
        return f"F.interpolate({', '.join(x for x in (args, kws) if x)})"
    return new
