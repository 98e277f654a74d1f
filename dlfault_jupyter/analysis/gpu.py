"""Shared by several rules (moved from rules/torch_gpu.py)."""

from __future__ import annotations

import ast
from typing import Any

from ..context import CellContext
from ..source.facts import SourceFacts, dotted
from .training import torch_models

_MEM = "DLF-G001"


def _mentions_accel(text: str) -> bool:
    return any(k in text for k in ("cuda", "mps", "xpu"))


def device_move(src: SourceFacts, node: ast.AST, cuda_names: set[str]) -> bool:
    """Is ``node`` a ``.cuda()`` call or a ``.to(<accelerator device>)`` call? A ``.to``
    to a dtype or to ``"cpu"`` is not; a device variable counts when it was assigned
    from an expression that mentions cuda/mps, or holds a non-CPU device."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    if node.func.attr == "cuda":
        return True
    if node.func.attr != "to":
        return False
    arg = next((k.value for k in node.keywords if k.arg == "device"), None)
    if arg is None and node.args:
        arg = node.args[0]
    if arg is None:
        return False
    seg = src.segment(arg)
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str) and _mentions_accel(arg.value)
    if _mentions_accel(seg) and "cpu" not in seg:
        return True
    d = dotted(arg)
    if d and d.split(".")[0] in cuda_names:
        return True
    if d:
        obj = src.resolve(d)
        t = type(obj)
        if t.__module__.split(".")[0] == "torch" and t.__name__ == "device":
            return obj.type != "cpu"
    return False


def contains_move(src: SourceFacts, node: ast.AST, cuda_names: set[str]) -> bool:
    return any(device_move(src, n, cuda_names) for n in ast.walk(node))


def remember_moves(ctx: CellContext) -> dict[str, Any]:  # noqa: C901 - one case per form of device move, remembered across cells
    """Per-session facts: ``cuda_names`` (device variables that may be a GPU),
    ``moved`` (model name -> cell where it was moved to an accelerator),
    ``tensor_ids`` (ids of tensors moved to an accelerator)."""
    mem = ctx.remember(_MEM)
    if mem.get("cell") == ctx.cell and mem.get("sid") == id(ctx.source):
        return mem
    mem["cell"], mem["sid"] = ctx.cell, id(ctx.source)
    src = ctx.source
    cuda: set[str] = mem.setdefault("cuda_names", set())
    moved: dict[str, int] = mem.setdefault("moved", {})
    tids: set[int] = mem.setdefault("tensor_ids", set())
    for a in src.assigns:
        seg = src.segment(a.value)
        if _mentions_accel(seg) and not a.loops:
            cuda.add(a.target)
    models = torch_models(ctx)
    for c in src.calls:
        if c.receiver_root in models and c.receiver == c.receiver_root:
            if device_move(src, c.node, cuda):
                moved[c.receiver_root] = ctx.cell
            elif c.attr == "cpu" or (c.attr == "to" and c.const("device", 0) == "cpu"):
                moved.pop(c.receiver_root, None)
    for a in src.assigns:
        v = a.value
        if (isinstance(v, ast.Call) and device_move(src, v, cuda)) or (
                isinstance(v, (ast.Tuple, ast.List)) and v.elts
                and all(contains_move(src, e, cuda) for e in v.elts)):
            var = ctx.ns.get(a.target)
            if var is None:
                continue
            if var.kind == "model" and var.framework == "torch":
                moved[a.target] = ctx.cell
            elif var.kind == "tensor":
                tids.add(id(var.obj))
    # a model re-created since it was moved (`net = Net()` to reload a checkpoint on the
    # CPU) is a new object that was never moved: forget the old move
    ids: dict[str, int] = mem.setdefault("moved_ids", {})
    for name in list(moved):
        var = models.get(name)
        if var is None:
            continue
        if moved[name] == ctx.cell or name not in ids:
            ids[name] = id(var.obj)
        elif ids[name] != id(var.obj):
            moved.pop(name, None)
            ids.pop(name, None)
    if len(tids) > 4096:
        tids.clear()
    return mem
