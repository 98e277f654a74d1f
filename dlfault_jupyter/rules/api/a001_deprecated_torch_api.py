from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import MISSING


def _deprecations() -> dict[int, tuple[str, str, str]]:
    """id(object) -> (old name, replacement, why), for torch objects that exist here."""
    t = frameworks.get("torch")
    if t is None:
        return {}
    table: list[tuple[Any, str, str, str]] = [
        (t.api("torch.autograd.Variable"), "torch.autograd.Variable",
         "a plain tensor (use `x.requires_grad_()` if it needs gradients)",
         "since PyTorch 0.4 tensors carry autograd themselves; `Variable(x)` just returns "
         "a plain tensor sharing x's data"),
        # not F.sigmoid / F.tanh: old PyTorch releases warned that they were deprecated,
        # the pinned torch (2.13) documents them as ordinary functions and does not warn
        # (tests/test_framework_claims.py)
        (t.api("torch.nn.functional.upsample"), "F.upsample", "F.interpolate",
         "`upsample` is a deprecated alias of `interpolate`"),
        (t.api("torch.nn.functional.upsample_bilinear"), "F.upsample_bilinear",
         "F.interpolate(x, scale_factor=2, mode=\"bilinear\", align_corners=True)",
         "deprecated alias"),
        (t.api("torch.nn.functional.upsample_nearest"), "F.upsample_nearest",
         "F.interpolate(x, scale_factor=2, mode=\"nearest\")", "deprecated alias"),
        (t.api("torch.range"), "torch.range", "torch.arange (which excludes the end)",
         "`torch.range` includes its end point, unlike Python's range, and is deprecated"),
        (t.api("torch.nn.utils.clip_grad_norm"), "nn.utils.clip_grad_norm",
         "nn.utils.clip_grad_norm_", "the name without underscore is deprecated"),
    ]
    return {id(o): (old, new, why) for o, old, new, why in table if o is not None}


#: deprecated APIs for which PyTorch itself emits a warning when they are called: these
#: are reported as warnings (the framework already says they are going away); the others
#: (``Variable``: a silent no-op wrapper) stay advice.
_WARNED_BY_TORCH = {"F.upsample", "F.upsample_bilinear", "F.upsample_nearest",
                    "torch.range", "nn.utils.clip_grad_norm"}


def _is_loss_api(obj: Any) -> bool:
    return frameworks.get("torch").is_loss_api(obj)


def _reduction(src: Any, c: Any) -> str:
    """The ``reduction`` that ``size_average``/``reduce`` meant (``reduce=False``: none;
    ``size_average=False``: sum; otherwise mean)."""
    kw = {k.arg: src.segment(k.value) for k in c.node.keywords if k.arg}
    if kw.get("reduce") == "False":
        return "none"
    return "sum" if kw.get("size_average") == "False" else "mean"


def _fixed(src: Any, c: Any, old: str, new: str) -> str:
    """The call rewritten with the user's own arguments (and assignment target)."""
    args = ", ".join(src.segment(a) for a in c.args)
    kws = [(k.arg, src.segment(k.value)) for k in c.node.keywords if k.arg]
    if old == "torch.autograd.Variable":
        parent = src.parent(c.node)
        target = (src.segment(parent.targets[0]) if isinstance(parent, ast.Assign)
                  and len(parent.targets) == 1 else None)
        value = args or "x"
        if any(k == "requires_grad" and v == "True" for k, v in kws):
            value = f"{value}.requires_grad_()"
        line = f"{target} = {value}" if target else value
        if "volatile" in dict(kws):
            return (f"{line}   # a tensor needs no wrapper\n"
                    "with torch.no_grad():   # what volatile=True was meant to do\n"
                    "    ...                 # the evaluation that uses it")
        return f"{line}   # a tensor needs no wrapper"
    kw = ", ".join(f"{k}={v}" for k, v in kws if v)
    if old == "F.upsample":
        return f"F.interpolate({', '.join(x for x in (args, kw) if x)})"
    if old == "F.upsample_bilinear":
        return (f"F.interpolate({', '.join(x for x in (args, kw) if x)}, mode=\"bilinear\", "
                "align_corners=True)")
    if old == "F.upsample_nearest":
        return f"F.interpolate({', '.join(x for x in (args, kw) if x)}, mode=\"nearest\")"
    if old == "nn.utils.clip_grad_norm":
        return f"nn.utils.clip_grad_norm_({', '.join(x for x in (args, kw) if x)})"
    if old == "torch.range" and len(c.args) >= 2:
        a = [src.segment(x) for x in c.args]
        step = a[2] if len(a) > 2 else "1"
        rest = ", ".join([step] * (len(a) > 2) + [f"{k}={v}" for k, v in kws if v])
        return (f"torch.arange({a[0]}, {a[1]} + {step}{', ' + rest if rest else ''})"
                "   # arange excludes the end: + step keeps the same values")
    return new


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
    expert = """{old}: {why}. Reported as a warning when PyTorch itself warns at call
time that the API is deprecated (`size_average`/`reduce`, `upsample`, `torch.range`,
`clip_grad_norm`); as advice for `Variable`, a no-op wrapper since 0.4 (a
warning with `volatile=`). Deprecated APIs are thin shims over the current ones;
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
                sev = "warning" if old in _WARNED_BY_TORCH else None
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
                yield Evidence(line=c.line, severity="warning", code=code,
                               old="/".join(f"{k}=" for k in bad_kw),
                               new="`reduction=\"mean\"`, `\"sum\"` or `\"none\"`",
                               why="`size_average` and `reduce` were replaced by `reduction`",
                               fixed=f"{c.name}(reduction=\"{_reduction(src, c)}\")")
