"""Device flow: what each device variable may hold, and where tensors and models are put.

Read from the source alone, so that a GPU fault is visible on a CPU machine:
``device = torch.device("cuda" if torch.cuda.is_available() else "cpu")`` holds "cpu" on
the machine that runs the check but *may* hold "cuda" on the user's; a model moved there
while a batch fed to it never is fails only on the GPU machine (a latent fault).

* :class:`Device`: what a device expression may be (``may_cuda``/``may_cpu``, the literal
  when one is known, or the variable whose device it follows: ``x.device``);
* :class:`Placement`: ``model.to(device)``, ``x = x.cuda()``, ``torch.zeros(3,
  device=device)``, ``.cpu()``;
* :class:`DeviceFlow`: the device variables of the cell (and of earlier cells, remembered
  by :meth:`DeviceFlow.exported`), the placements, and :meth:`DeviceFlow.latent_mismatches`.

Pure AST (the live value of a device variable is read only through an adapter function).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, cast

from .provenance import Provenance

_MOVES = ("to", "cuda", "cpu", "mps")


@dataclass(frozen=True)
class Device:
    """What a device expression may be on some machine."""

    may_cuda: bool = False
    may_cpu: bool = False
    literal: str | None = None       # "cuda", "cuda:0", "cpu", "mps" when one is certain
    follows: str | None = None       # x.device / next(model.parameters()).device: x's device
    conditional: bool = False        # chosen at run time (cuda if available else cpu)
    line: int | None = None

    @property
    def known(self) -> bool:
        return self.may_cuda or self.may_cpu or self.literal is not None or \
            self.follows is not None


def _literal(s: str) -> Device:
    s = s.strip().lower()
    return Device(may_cuda=s.startswith("cuda") or s == "gpu", may_cpu=s == "cpu", literal=s)


def _union(a: Device, b: Device) -> Device:
    lit = a.literal if a.literal == b.literal else None
    return Device(a.may_cuda or b.may_cuda, a.may_cpu or b.may_cpu, lit,
                  a.follows if a.follows == b.follows else None,
                  conditional=lit is None)


@dataclass(frozen=True)
class Placement:
    """A value put on a device: ``target`` (the variable moved or bound), ``source`` (the
    variable the value comes from), ``how`` (to / cuda / cpu / device=), ``inplace``
    (``model.to(device)`` as a statement: modules move in place, tensors do not)."""

    target: str | None
    source: str | None
    device: Device
    how: str
    line: int
    inplace: bool = False


class DeviceFlow:
    """Device facts of one cell. ``source``: its ``SourceFacts``; ``earlier``: device
    variable name → :class:`Device` from earlier cells; ``live``: name → the device type
    ("cpu"/"cuda") of a live device object in the namespace (what this machine chose);
    ``is_model``: whether a name holds a model (modules move in place)."""

    def __init__(self, source: Any, earlier: dict[str, Device] | None = None,
                 live: Callable[[str], str | None] | None = None,
                 is_model: Callable[[str], bool] | None = None,
                 moved_before: dict[str, Device] | None = None) -> None:
        self.src = source
        self.earlier = dict(earlier or {})
        #: values (models, tensors) that earlier cells put on a device, by name
        self.moved_before = dict(moved_before or {})
        self.live = live
        self.is_model = is_model or (lambda _n: False)
        self.prov = Provenance(source)
        self.devices: dict[str, Device] = {}
        self.placements: list[Placement] = []
        if getattr(source, "ok", False):
            self._scan()

    # -- device expressions -----------------------------------------------------------
    def device_of(self, e: ast.expr | None, line: int | None = None) -> Device | None:  # noqa: C901 - one case per form of device expression (string, torch.device, .to/.cuda, variable)
        """What the device expression ``e`` may be, or None when it is not one."""
        if e is None:
            return None
        line = line if line is not None else getattr(e, "lineno", None)
        if isinstance(e, ast.Constant):
            if isinstance(e.value, str):
                return _literal(e.value)
            if isinstance(e.value, int) and not isinstance(e.value, bool):
                return Device(may_cuda=True, literal="cuda")   # .to(0), .cuda(0)
            return None
        if isinstance(e, ast.IfExp):
            a, b = self.device_of(e.body, line), self.device_of(e.orelse, line)
            if a is None or b is None:
                return a or b
            u = _union(a, b)
            return Device(u.may_cuda, u.may_cpu, u.literal, u.follows, True, line)
        if isinstance(e, ast.Call):
            f = e.func
            last = f.attr if isinstance(f, ast.Attribute) else (
                f.id if isinstance(f, ast.Name) else None)
            if last == "device" and e.args:          # torch.device("cuda"), tf.device(...)
                return self.device_of(e.args[0], line)
            if last in ("current_device",):
                return Device(may_cuda=True, literal="cuda")
            if last == "current_accelerator":
                return Device(may_cuda=True, may_cpu=True, conditional=True)
            return None
        if isinstance(e, ast.Attribute) and e.attr == "device":
            root = _root(e.value)
            return Device(follows=root)
        if isinstance(e, ast.Name):
            d = self.devices.get(e.id)
            if d is not None and d.line is not None and (line is None or d.line <= line):
                return d
            if e.id in self.earlier:
                return self.earlier[e.id]
            kind = self.live(e.id) if self.live else None
            if kind:
                return _literal(kind)
            return None
        if isinstance(e, ast.JoinedStr):             # f"cuda:{rank}"
            first = e.values[0] if e.values else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return _literal(first.value.split(":")[0])
        return None

    # -- the scan ---------------------------------------------------------------------
    def _scan(self) -> None:
        src = self.src
        for a in sorted(src.assigns, key=lambda a: a.line):
            d = self.device_of(a.value, a.line)
            if d is not None and d.known:
                self.devices[a.target] = Device(d.may_cuda, d.may_cpu, d.literal, d.follows,
                                                d.conditional, a.line)
        for c in src.calls:
            dev = None
            how = None
            if c.attr in _MOVES and isinstance(c.node.func, ast.Attribute):
                if c.attr == "to":
                    arg = c.kwarg("device", 0)
                    dev = self.device_of(arg, c.line) if arg is not None else None
                    if dev is None and arg is not None and isinstance(arg, ast.Name):
                        dev = Device(follows=None, line=c.line)   # .to(dev): unknown device
                elif c.attr == "cuda":
                    dev = Device(may_cuda=True, literal="cuda")
                elif c.attr == "cpu":
                    dev = Device(may_cpu=True, literal="cpu")
                how = c.attr
            elif "device" in c.kwargs:
                dev = self.device_of(c.kwargs["device"], c.line)
                how = "device="
            if dev is None or how is None:
                continue
            target, inplace = self._bound(c)
            source = None
            if how != "device=":
                o = self.prov.origin(c.node.func.value, c.line, follow=False)
                source = o.root if o is not None else None
            if target is None and how != "device=" and source is not None and \
                    self._statement(c) and self.is_model(source):
                target, inplace = source, True
            self.placements.append(Placement(target, source, dev, how, c.line, inplace))

    def _statement(self, c: Any) -> bool:
        p = self.src.parent(c.node)
        return isinstance(p, ast.Expr)

    def _bound(self, c: Any) -> tuple[str | None, bool]:
        """The name the call's result is assigned to (``x = x.to(device)``)."""
        node: ast.AST = c.node
        p = self.src.parent(node)
        # through further conversions: x = x.to(device).float()
        while isinstance(p, (ast.Attribute, ast.Call)) and not isinstance(p, ast.stmt):
            node, p = p, self.src.parent(p)
        if isinstance(p, ast.Tuple):                 # xb, yb = xb.to(d), yb.to(d)
            st = self.src.parent(p)
            if isinstance(st, ast.Assign) and isinstance(st.targets[0], ast.Tuple) and \
                    len(st.targets[0].elts) == len(p.elts):
                t = st.targets[0].elts[p.elts.index(cast(ast.expr, node))]
                return (t.id if isinstance(t, ast.Name) else None), False
            return None, False
        if isinstance(p, (ast.Assign, ast.AnnAssign)):
            t = p.targets[0] if isinstance(p, ast.Assign) else p.target
            if isinstance(t, ast.Name):
                return t.id, False
        return None, False

    # -- queries ----------------------------------------------------------------------
    def placed(self, name: str, line: int | None = None) -> Placement | None:
        """The last placement of ``name`` at or before ``line``: bound to it (``x =
        x.to(d)``), made in place for a model (``model.to(d)``), or a tensor created on a
        device (``x = torch.zeros(3, device=d)``)."""
        ps = [p for p in self.placements if p.target == name
              and (line is None or p.line <= line)]
        return ps[-1] if ps else None

    def moved_to_cuda(self) -> list[Placement]:
        """Placements that may put a value held by a variable on a GPU."""
        return [p for p in self.placements if p.device.may_cuda and p.target]

    def discarded(self) -> list[Placement]:
        """Moves whose result is thrown away: ``x.to(device)`` as a statement on a value
        not known to be a model (a tensor's ``.to()`` returns a copy; the fault of
        forgetting ``x = x.to(device)``)."""
        return [p for p in self.placements if p.target is None and p.how != "device="
                and p.source and any(c.line == p.line and self._statement(c)
                                     for c in self.src.calls if c.attr == p.how)]

    def value_device(self, e: ast.expr, line: int) -> Device | None:
        """Where the value of ``e`` is, when the source says: a move on the way
        (``xb.to(device)``), or a placement of the variable it comes from; None when
        nothing moved it (it stays where it was made: the CPU for loaded data)."""
        o = self.prov.origin(e, line)
        # a move written inside the expression itself
        n: ast.expr | None = e
        while isinstance(n, (ast.Call, ast.Attribute, ast.Subscript)):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                    n.func.attr in _MOVES:
                for p in self.placements:
                    if p.line == n.lineno and p.how == n.func.attr:
                        return p.device
                return Device(may_cuda=n.func.attr == "cuda", may_cpu=n.func.attr == "cpu")
            n = n.func.value if isinstance(n, ast.Call) and isinstance(
                n.func, ast.Attribute) else getattr(n, "value", None)
        if o is None:
            return None
        for name in {o.root, _root(e)}:
            if name:
                placed = self.placed(name, line)
                if placed is not None:
                    return placed.device
        return None

    def latent_mismatches(self, models: Collection[str]) -> list[tuple[str, str, int]]:
        """``(model, input, line)`` for calls ``model(x)`` where the model may be on a GPU
        (moved by ``.to(device)``/``.cuda()`` in this cell or before) and the input was
        never moved: on a CPU machine both are on the CPU and nothing fails; on a GPU it
        raises "Expected all tensors to be on the same device"."""
        out: list[tuple[str, str, int]] = []
        for c in self.src.calls:
            m = c.name if c.name in models else (
                c.receiver if c.attr == "forward" and c.receiver in models else None)
            if m is None or not c.args:
                continue
            mp = self.placed(m, c.line)
            md = mp.device if mp is not None else self.moved_before.get(m)
            if md is None or not md.may_cuda:
                continue
            arg = c.args[0]
            d = self.value_device(arg, c.line)
            if d is not None:
                continue
            o = self.prov.origin(arg, c.line, models=models)
            if o is None or o.kind != "name":
                continue
            if o.root in self.moved_before or self.placed(o.root, c.line) is not None:
                continue
            out.append((m, o.root, c.line))
        return out

    def exported(self) -> tuple[dict[str, Device], dict[str, Device]]:
        """(device variables, values moved) of this cell, to remember for later cells."""
        moved = {p.target: p.device for p in self.placements if p.target}
        return dict(self.devices), moved


def _root(node: ast.AST | None) -> str | None:
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            node = node.value
        elif isinstance(node, ast.Call):
            if node.func is not None and isinstance(node.func, ast.Name) and \
                    node.func.id == "next" and node.args:
                node = node.args[0]
            else:
                node = node.func
        else:
            return None
