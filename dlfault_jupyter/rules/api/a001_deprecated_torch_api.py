from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import MISSING


def _deprecations() -> dict[int, tuple[str, str]]:
    """id(object) -> (old name, its text variant), for torch objects that exist here."""
    t = frameworks.get("torch")
    if t is None:
        return {}
    table: list[tuple[Any, str, str]] = [
        (t.api("torch.autograd.Variable"), "torch.autograd.Variable", "variable"),
        # not F.sigmoid / F.tanh: old PyTorch releases warned that they were deprecated,
        # the pinned torch (2.13) documents them as ordinary functions and does not warn
        # (tests/test_framework_claims.py)
        (t.api("torch.nn.functional.upsample"), "F.upsample", "upsample"),
        (t.api("torch.nn.functional.upsample_bilinear"), "F.upsample_bilinear",
         "upsample_bilinear"),
        (t.api("torch.nn.functional.upsample_nearest"), "F.upsample_nearest",
         "upsample_nearest"),
        (t.api("torch.range"), "torch.range", "range"),
        (t.api("torch.nn.utils.clip_grad_norm"), "nn.utils.clip_grad_norm",
         "clip_grad_norm"),
    ]
    return {id(o): (old, variant) for o, old, variant in table if o is not None}


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


def _fixed(src: Any, c: Any, old: str) -> str | None:
    """The call rewritten with the user's own arguments (and assignment target); None when
    the replacement named in the text is the fix."""
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
    return None


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
    # one variant per deprecated API: its replacement (`new`) and why it is deprecated
    texts = {
        "variable": Texts(
            new="a plain tensor (use `x.requires_grad_()` if it needs gradients)",
            why="""since PyTorch 0.4 tensors carry autograd themselves; `Variable(x)` just
returns a plain tensor sharing x's data"""),
        # Variable(..., volatile=True): picked after "variable"
        "volatile": Texts(
            new="""`with torch.no_grad():` around the evaluation, and a plain tensor (use
`x.requires_grad_()` if it needs gradients)""",
            why="""`volatile=True` has had no effect since PyTorch 0.4, so gradients are
still tracked here (more memory); since PyTorch 0.4 tensors carry autograd themselves;
`Variable(x)` just returns a plain tensor sharing x's data"""),
        "upsample": Texts(new="F.interpolate",
                          why="`upsample` is a deprecated alias of `interpolate`"),
        "upsample_bilinear": Texts(
            new="F.interpolate(x, scale_factor=2, mode=\"bilinear\", align_corners=True)",
            why="deprecated alias"),
        "upsample_nearest": Texts(new="F.interpolate(x, scale_factor=2, mode=\"nearest\")",
                                  why="deprecated alias"),
        "range": Texts(new="torch.arange (which excludes the end)",
                       why="""`torch.range` includes its end point, unlike Python's range,
and is deprecated"""),
        "clip_grad_norm": Texts(new="nn.utils.clip_grad_norm_",
                                why="the name without underscore is deprecated"),
        # a loss built with size_average= / reduce=
        "loss_reduction": Texts(new="`reduction=\"mean\"`, `\"sum\"` or `\"none\"`",
                                why="`size_average` and `reduce` were replaced by `reduction`"),
        # no rewrite of the call with the user's arguments: the replacement is the fix
        "fix_replacement": Texts(fix="{new}"),
    }
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
                old, api = hit
                variant = [api]
                sev = "warning" if old in _WARNED_BY_TORCH else None
                if old == "torch.autograd.Variable" and "volatile" in c.kwargs:
                    variant.append("volatile")
                    sev = "warning"
                fixed = _fixed(src, c, old)
                if fixed is None:
                    variant.append("fix_replacement")
                yield Evidence(line=c.line, severity=sev, variant=tuple(variant), code=code,
                               old=old, fixed=fixed)
                continue
            bad_kw = [k for k in ("size_average", "reduce") if k in c.kwargs]
            if bad_kw and _is_loss_api(obj):
                yield Evidence(line=c.line, severity="warning", variant="loss_reduction",
                               code=code, old="/".join(f"{k}=" for k in bad_kw),
                               fixed=f"{c.name}(reduction=\"{_reduction(src, c)}\")")
