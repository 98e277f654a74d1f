from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.gpu import device_move, remember_moves
from ...analysis.training import torch_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import dotted


def _literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _optimizer_built_before(ctx: CellContext, model: str, line: int) -> str | None:
    """An optimizer over ``model``'s parameters that exists before ``line`` of this cell."""
    from ... import frameworks

    t = frameworks.get("torch")
    mv = ctx.ns.get(model)
    if t is None or mv is None:
        return None
    ids = t.param_ids(mv.obj)
    for ov in ctx.ns.of_kind("optimizer", framework="torch"):
        if not (t.optimizer_param_ids(ov.obj) & ids):
            continue
        if any(a.target == ov.name and a.line >= line for a in ctx.source.assigns):
            continue  # (re)built after the loop starts
        return ov.name
    return None


@register
class TransferInsideLoop(Rule):
    id = "DLF-G002"
    name = "transfer-inside-loop"
    title = "The model or a constant tensor is moved to the device on every iteration"
    taxonomy = "gpu"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` (line {at}) runs on every iteration of the loop at line {loop_line}: {what}"
    beginner = """{plain} Do it once, before the loop: the result stays on the device.
Only the batches, which change each step, need to be moved inside the loop."""
    expert = """`Module.to()` walks every parameter and buffer each call (a no-op copy check
per tensor, plus a hook invocation), and creating a constant with `torch.tensor(...)`
then `.to(device)` allocates on the host and issues a synchronous host-to-device copy
each iteration (pageable memory: no overlap with compute). Hoist them out of the loop."""
    fix = """{hoisted}
for ...:
    ...   # use it here"""
    texts = {
        "model_moved": Texts(
            moved="`{receiver}` is moved to the device again each step.",
            moved_plain="""`{receiver}` only needs to be moved to the GPU once; moving it on
every step wastes time.""",
            what="{moved}", plain="{moved_plain}", hoisted="{receiver}.to(device)"),
        # -- and an optimizer over its parameters was built before the move (with model_moved)
        "optimizer_before_move": Texts(
            what="""{moved} `{opt}` was built over `{receiver}.parameters()` before it was
moved: PyTorch requires moving a model before constructing its optimizer.""",
            plain="""{moved_plain} Worse, the optimizer `{opt}` was created before the move;
PyTorch's documentation says to move the model first, so that the optimizer holds the
parameters and state on the right device.""",
            hoisted="""{receiver} = {receiver}.to(device)   # first
{opt} = torch.optim.{opt_cls}({receiver}.parameters(), ...)   # then"""),
        "constant_tensor": Texts(
            what="a constant tensor is created on the CPU and copied to the device each step.",
            plain="""This constant tensor is rebuilt in the computer's memory and copied to the
GPU on every step.""",
            hoisted="const = {code}"),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        mem = remember_moves(ctx)
        cuda = mem["cuda_names"]
        models = torch_models(ctx)
        seen: set[int] = set()
        for loop in src.loops:
            if not (loop.has_call("backward") or (loop.iter_name and ctx.ns.get(
                    loop.iter_name) is not None and ctx.ns.get(loop.iter_name).kind
                    == "loader")):
                continue
            for c in loop.calls:
                if c.line in seen or not device_move(src, c.node, cuda):
                    continue
                f = c.node.func
                code = src.segment(c.node)
                sev = None
                opt = opt_cls = None
                if c.receiver in models:
                    variant: tuple[str, ...] = ("model_moved",)
                    opt = _optimizer_built_before(ctx, c.receiver, loop.line)
                    if opt:
                        sev = "warning"
                        variant = ("model_moved", "optimizer_before_move")
                        opt_cls = type_name(ctx.user_ns[opt])
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Call) and \
                        (dotted(f.value.func) or "").split(".")[-1] in ("tensor", "Tensor",
                                                                        "ones", "zeros",
                                                                        "full") and \
                        f.value.args and all(_literal(a) for a in f.value.args):
                    variant = ("constant_tensor",)
                else:
                    continue
                seen.add(c.line)
                yield Evidence(line=c.line, at=c.line, subject=c.receiver, code=code,
                               loop_line=loop.line, receiver=c.receiver, opt=opt,
                               opt_cls=opt_cls, severity=sev, variant=variant)
