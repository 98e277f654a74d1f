from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.errors import _line, _msg, error_calls
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: what PyTorch raises when CUDA is asked for on a machine that has none: a CPU-only build
#: (AssertionError from torch.cuda._lazy_init), a CUDA build without a driver or a GPU
_NO_CUDA = (r"Torch not compiled with CUDA enabled", r"compiled without CUDA support",
            r"Found no NVIDIA driver", r"No CUDA GPUs are available")


def _cuda_literal(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and \
        node.value.strip().lower().split(":")[0] == "cuda"


def _cuda_use(ctx: CellContext) -> tuple[str, ast.AST, Any] | None:
    """The call on the error line that asks for CUDA: ("cuda", the `.cuda()` call, its
    receiver code), ("literal", the "cuda" string, None) or ("var", the device variable's
    Name, None)."""
    src = ctx.source
    for c in error_calls(ctx):
        if c.attr == "cuda" and isinstance(c.node.func, ast.Attribute):
            return "cuda", c.node, src.segment(c.node.func.value)
        cands = list(c.args[:1]) if c.attr in ("to", "device") else []
        if c.kwarg("device") is not None:
            cands.append(c.kwarg("device"))
        for a in cands:
            if _cuda_literal(a):
                return "literal", a, None
            if isinstance(a, ast.Call) and (a.func.attr if isinstance(a.func, ast.Attribute)
                                            else None) == "device" and a.args \
                    and _cuda_literal(a.args[0]):
                return "literal", a.args[0], None
            if isinstance(a, ast.Name) and "cuda" in str(getattr(
                    ctx.ns.get(a.id), "obj", "")).lower():
                return "var", a, None
    return None


def _replace(ctx: CellContext, node: ast.AST, by: str) -> str | None:
    """The one-line statement holding ``node`` with ``node`` replaced by ``by`` (None when
    the statement spans several lines)."""
    stmt = ctx.source.parent(node)
    while stmt is not None and not isinstance(stmt, ast.stmt):
        stmt = ctx.source.parent(stmt)
    if stmt is None or stmt.lineno != stmt.end_lineno or \
            getattr(node, "lineno", None) != stmt.lineno:
        return None
    text = ctx.source.segment(stmt)
    # every CUDA request of the statement (`xb, yb = xb.cuda(), yb.cuda()`), as spans
    # (start, end, new text) on its line
    nodes: list[tuple[ast.AST, str]] = [
        (n, f"{ctx.source.segment(n.func.value)}.to(device)") for n in ast.walk(stmt)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
        n.func.attr == "cuda" and n is not node]
    nodes += [(n, "device") for n in ast.walk(stmt) if _cuda_literal(n) and n is not node]
    nodes.append((node, by))
    spans = [(int(getattr(n, "col_offset", 0)), int(getattr(n, "end_col_offset", 0) or 0), new)
             for n, new in nodes if getattr(n, "lineno", None) == stmt.lineno]
    outer = [sp for sp in spans if not any(o != sp and o[0] <= sp[0] and sp[1] <= o[1]
                                           for o in spans)]   # not nested in another
    for a, b, new in sorted(outer, reverse=True):
        text = text[:a - stmt.col_offset] + new + text[b - stmt.col_offset:]
    return text


@register
class CudaNotAvailable(Rule):
    id = "DLF-E021"
    name = "cuda-not-available"
    title = "CUDA asked for on a machine without it (Torch not compiled with CUDA enabled)"
    taxonomy = "gpu"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = """{what} moves to the GPU unconditionally, but {why}: choose the device with
`torch.cuda.is_available()`."""
    beginner = """{what} always asks for a CUDA GPU (code written for a GPU machine such as a
Colab GPU session). {why_long} Pick the device once, `device = "cuda" if
torch.cuda.is_available() else "cpu"`, and move the model and every batch with
`.to(device)`: the same notebook then runs on both machines."""
    expert = """`.cuda()`, `.to("cuda")` and `device="cuda"` initialise CUDA lazily
(`torch.cuda._lazy_init`), which raises when {why}. `torch.cuda.is_available()` answers the
question without raising; keep one `device` variable and use it for the model, the batches
and new tensors (`torch.zeros(..., device=device)`)."""
    fix = """device = "cuda" if torch.cuda.is_available() else "cpu"
{fixed_line}"""
    texts = {
        # how the CUDA request is written on the error line
        "cuda_call": Texts(what="`{code}`"),
        "cuda_literal": Texts(what="`{code}`"),
        "device_var": Texts(
            what="`{code}` (`{var}` is a CUDA device)",
            fix="""{var} = torch.device("cuda" if torch.cuda.is_available() else "cpu")"""),
        "unknown": Texts(
            what="This cell",
            fix="""device = "cuda" if torch.cuda.is_available() else "cpu"
model = model.to(device)   # and each batch: x = x.to(device)"""),
        # what the exception says about the machine
        "cpu_build": Texts(
            why="this PyTorch is a CPU-only build (`{exc}`)",
            why_long="""This PyTorch is a CPU-only build, so it stops with `{exc}`."""),
        "no_gpu": Texts(
            why="no NVIDIA driver or GPU is found here (`{exc}`)",
            why_long="""This machine has no usable NVIDIA GPU (no driver, or no GPU), so it
stops with `{exc}`."""),
    }
    known_false_alarms = ""
    references = ("https://pytorch.org/docs/stable/notes/cuda.html#device-agnostic-code",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *_NO_CUDA)
        if not m or not ctx.source.ok:
            return
        exc = m.group(0)
        build = "cpu_build" if "compiled" in exc else "no_gpu"
        line = _line(ctx)
        use = _cuda_use(ctx)
        fixed = None
        code = var = None
        how = "unknown"
        if use is not None:
            kind, node, recv = use
            if kind == "cuda":
                how, code = "cuda_call", ctx.source.segment(node)
                fixed = _replace(ctx, node, f"{recv}.to(device)")
            elif kind == "literal":
                how = "cuda_literal"
                code = ctx.source.segment(ctx.source.parent(node) or node)
                fixed = _replace(ctx, node, "device")
            else:
                how, var = "device_var", node.id  # type: ignore[attr-defined]
                code = ctx.source.segment(ctx.source.parent(node) or node)
            if not code or "\n" in code or len(code) > 60 or (fixed is None and how != "device_var"):
                how = "unknown"
        yield Evidence(line=line, subject=var, variant=(how, build), code=code, var=var,
                       exc=exc, fixed_line=fixed)
