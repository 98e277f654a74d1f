from __future__ import annotations

import ast
import types
from collections.abc import Iterator
from typing import Any

from ...analysis.gpu import remember_moves
from ...analysis.user_classes import Method, with_helpers
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

# tensor factories that put their result on the CPU unless given a device
_FACTORIES = {"zeros", "ones", "empty", "full", "rand", "randn", "randint", "arange",
              "tensor", "eye", "linspace"}
# torch.nn.modules.<file> of layers that hold parameters or buffers
_STATEFUL = {"linear", "conv", "batchnorm", "normalization", "instancenorm", "rnn",
             "sparse", "transformer"}
_MOVES = {"to", "cuda", "type_as", "to_device"}
_MAX_MODULES = 256


def _qual(node: ast.AST, env: dict[str, Any]) -> tuple[str, Any] | None:
    """(qualified name, object) of a dotted callee resolved through the function's
    globals (``nn.BatchNorm2d`` -> ``torch.nn.BatchNorm2d``); None when not a module path."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or not parts:
        return None
    obj = env.get(node.id)
    if not isinstance(obj, types.ModuleType):
        return None
    name = obj.__name__
    for p in reversed(parts):
        obj = getattr(obj, p, None)
        name = f"{name}.{p}"
    return name, obj


@register
class CreatedOnCpuInsideForward(Rule):
    id = "DLF-G007"
    name = "created-on-cpu-inside-forward"
    title = "A tensor or layer created inside forward() stays on the CPU when the model moves"
    taxonomy = "gpu"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{cls}.{method}` creates `{code}` on every call (line {at} of the method) "
               "{what}, while `{model}` is moved to `{device}`: on a GPU this raises "
               "\"Expected all tensors to be on the same device\".")
    beginner = """`{model}.to({device})` moves the parameters and buffers the model owns.
{plain} Here it works only because no GPU is present; on one, the first forward pass
fails. {advice}"""
    expert = """`Module.to()` walks registered parameters and buffers; {mech}"""
    fix = """{fixed}"""
    texts = {
        "tensor": Texts(
            what="without a device, so it is on the CPU",
            plain="A tensor made with `torch.{factory}(...)` inside the model is created on "
                  "the CPU every time, whatever device the model and its input are on.",
            advice="Create it on the input's device.",
            mech="tensors created in `forward` are not part of the module and are "
                 "allocated on the default device (CPU) unless `device=` is given; combining "
                 "them with CUDA activations raises a device mismatch.",
            fixed="{fixed_code}"),
        "layer": Texts(
            what="as a new layer, never registered in the model",
            plain="A layer created inside `forward` is a fresh object on each call: it is "
                  "not one of the model's registered submodules, so `.to()` never moves it "
                  "(its parameters stay on the CPU), the optimizer never sees them, and "
                  "they are re-initialised on every call.",
            advice="Create the layer once in `__init__` as `self.<name> = ...` and call "
                   "that in `forward`.",
            mech="a module constructed in `forward` is not in `_modules`, so its "
                 "parameters are neither moved, saved in `state_dict`, nor returned by "
                 "`parameters()`.",
            fixed="# in __init__:\nself.{attr} = {code}\n# in forward:\nx = self.{attr}(x)"),
    }
    known_false_alarms = ("A model that is never run on a GPU although it is moved to a "
                          "device variable that could be one.")
    references = ("https://pytorch.org/docs/stable/notes/cuda.html#device-agnostic-code",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        mem = remember_moves(ctx)
        moved = mem.get("moved", {})
        if not moved:
            return
        cuda = sorted(mem.get("cuda_names", ()))
        self._device = cuda[0] if len(cuda) == 1 else "the GPU"
        said = ctx.remember(self.id).setdefault("said", set())
        for name in sorted(moved):
            v = ctx.ns.get(name)
            if v is None or v.kind != "model" or v.framework != "torch":
                continue
            classes: dict[type, None] = {}
            modules = getattr(v.obj, "modules", None)
            if not callable(modules):
                continue
            for i, m in enumerate(modules()):
                if i >= _MAX_MODULES:
                    break
                if getattr(type(m), "__module__", "") == "__main__":
                    classes.setdefault(type(m), None)
            for cls in classes:
                for fn in with_helpers(ctx, cls, "forward"):
                    if not fn.in_notebook:
                        continue
                    env = dict(getattr(vars(cls).get(fn.name), "__globals__", {}) or {})
                    yield from self._in_method(name, cls, fn, env, said)

    def _in_method(self, model: str, cls: type, fn: Method, env: dict[str, Any],
                   said: set) -> Iterator[Evidence]:
        for c in fn.all_calls:
            q = _qual(c.node.func, env)
            if q is None:
                continue
            qual, obj = q
            parent = fn.parent(c.node)
            moved_after = isinstance(parent, ast.Attribute) and parent.attr in _MOVES
            at = fn.line_in_method(c.node)
            key = (cls.__qualname__, fn.name, at, qual)
            if key in said:
                continue
            code = fn.segment(c.node)
            kwargs = {k.arg for k in c.node.keywords if k.arg}
            if qual.startswith("torch.") and qual.count(".") == 1 and \
                    c.attr in _FACTORIES and "device" not in kwargs and not moved_after:
                # forward's input is on the model's device; elsewhere ask the parameters
                dev = f"{fn.params[0]}.device" if fn.name == "forward" and fn.params else \
                    "next(self.parameters()).device"
                fixed = code[:-1] + (", " if c.node.args or c.node.keywords else "") + \
                    f"device={dev})"
                said.add(key)
                yield Evidence(subject=model, key=key, model=model, cls=cls.__name__,
                               method=fn.name, code=code, at=at, factory=c.attr,
                               device=self._device, fixed_code=fixed, variant="tensor")
            elif isinstance(obj, type) and qual.startswith("torch.nn.") and \
                    obj.__module__.startswith("torch.nn.modules.") and \
                    obj.__module__.rsplit(".", 1)[-1] in _STATEFUL:
                said.add(key)
                yield Evidence(subject=model, key=key, model=model, cls=cls.__name__,
                               method=fn.name, code=code, at=at, device=self._device,
                               attr=c.attr.lower() if c.attr else "layer", variant="layer")
