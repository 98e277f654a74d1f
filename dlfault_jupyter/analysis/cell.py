"""The analysis of one cell, computed lazily and once: ``ctx.analysis`` (a
:class:`CellAnalysis` cached on the :class:`~dlfault_jupyter.context.CellContext`).

Each fact is a ``cached_property``: the first rule that asks computes it, the others read
it. Facts carried to later cells (import aliases, assignment origins, device variables
and moves) are kept by name only — never user objects — in the session's scratch memory
under ``analysis.*`` keys, bounded; a fact that no rule asked for in a cell is not carried
(the live namespace still resolves what that cell imported).
"""

from __future__ import annotations

import types
from functools import cached_property
from typing import Any

from .devices import DeviceFlow
from .loops import Event, Program, TrainingStep, events, training_steps
from .model_facts import ModelFacts, model_facts
from .names import Names
from .provenance import Provenance
from .user_classes import Method, UserClass

MAX_REMEMBERED = 512      # names remembered per kind of fact


def _bounded(d: dict[str, Any], new: dict[str, Any]) -> None:
    for k, v in new.items():
        d.pop(k, None)
        d[k] = v
    while len(d) > MAX_REMEMBERED:
        d.pop(next(iter(d)))


class CellAnalysis:
    """Shared facts of one cell (see the module docstring). ``ctx``: the CellContext."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self._models: dict[str, ModelFacts | None] = {}

    def _memory(self, key: str) -> dict[str, Any]:
        mem = getattr(self.ctx, "memory", None)
        if mem is None:
            return {}
        return mem.setdefault(f"analysis.{key}", {})

    def kind(self, name: str | None) -> str | None:
        """The namespace kind of ``name`` ("model", "optimizer", "loss", "loader"...)."""
        if not name:
            return None
        v = self.ctx.ns.get(name)
        return getattr(v, "kind", None) if v is not None else None

    # -- names -------------------------------------------------------------------------
    @cached_property
    def names(self) -> Names:
        """Names resolved through imports, aliases and live modules (``analysis.names``)."""
        mem = self._memory("imports")
        n = Names(self.ctx.source.tree, self.ctx.user_ns, earlier=mem)
        _bounded(mem, n.exported())
        return n

    def qualname(self, node: Any) -> str | None:
        return self.names.qualname(node)

    # -- provenance --------------------------------------------------------------------
    @cached_property
    def provenance(self) -> Provenance:
        """The one provenance walk over this cell, continued into earlier cells."""
        mem = self._memory("assigned")
        names = self.names

        def is_module(dotted: str) -> bool:
            head = dotted.split(".")[0]
            if head in self.ctx.user_ns:
                return isinstance(self.ctx.source.resolve(dotted), types.ModuleType)
            q = names.qualname(dotted)
            return q is not None and q.rsplit(".", 1)[-1][:1].islower()

        pv = Provenance(self.ctx.source, is_module=is_module, earlier=dict(mem))
        models = {v.name for v in self.ctx.ns.of_kind("model")}
        _bounded(mem, pv.assigned(cell=self.ctx.cell, models=models))
        return pv

    # -- data roles --------------------------------------------------------------------
    @cached_property
    def roles(self) -> list[Any]:
        """Which variables are used as features and labels, for training or testing
        (``analysis.roles.Use``), this cell's and earlier cells'."""
        from .roles import compute_uses

        return compute_uses(self.ctx)

    # -- devices -----------------------------------------------------------------------
    @cached_property
    def devices(self) -> DeviceFlow:
        """Device variables and placements, this cell and earlier ones."""
        dmem, mmem = self._memory("devices"), self._memory("moved")
        ns = self.ctx.user_ns

        def live(name: str) -> str | None:
            obj = ns.get(name)
            if isinstance(obj, str):
                return obj
            if self.kind(name) == "device":
                t = getattr(obj, "type", None)
                return t if isinstance(t, str) else None
            return None

        flow = DeviceFlow(self.ctx.source, earlier=dict(dmem), live=live,
                          is_model=lambda n: self.kind(n) == "model", moved_before=dict(mmem))
        devs, moved = flow.exported()
        _bounded(dmem, devs)
        _bounded(mmem, moved)
        return flow

    def latent_device_mismatches(self) -> list[tuple[str, str, int]]:
        models = {v.name for v in self.ctx.ns.of_kind("model")}
        return self.devices.latent_mismatches(models)

    # -- training loops ----------------------------------------------------------------
    @cached_property
    def program(self) -> Program:
        """The user functions this cell can call (its own, and earlier cells')."""
        return Program(self.ctx.source, self.ctx.user_ns)

    @cached_property
    def events(self) -> list[Event]:
        """Every call reachable from the cell through user functions (``analysis.loops``)."""
        return events(self.program)

    @cached_property
    def training_steps(self) -> list[TrainingStep]:
        """Training steps reached from the cell through user functions at any depth."""
        return training_steps(self.program, self.kind)

    @cached_property
    def step_bodies(self) -> list[Any]:
        """The calls of each PyTorch training iteration in order (``analysis.step_order``)."""
        from .step_order import step_bodies
        return step_bodies(self.program, self.training_steps, self.events, self.kind)

    # -- the user's model classes -------------------------------------------------------
    @cached_property
    def classes(self) -> list[UserClass]:
        """The nn.Module / Keras Layer subclasses this cell defines, with their method
        bodies (``analysis.user_classes``)."""
        from .user_classes import classes_of, remember_sources

        out = classes_of(self.ctx.source.tree, self.names, self.ctx.user_ns,
                         self.ctx.source.text)
        remember_sources(self.ctx, out)
        return out

    def method(self, obj: Any, name: str) -> Method | None:
        """The user method ``name`` (``forward``, ``call``) that the live ``obj`` runs,
        through its class hierarchy (``analysis.user_classes.method_of``), and through a
        ``torch.compile`` / ``DataParallel`` / DDP wrapper (the wrapped module's)."""
        from .. import frameworks
        from .user_classes import method_of

        t = frameworks.get("torch")
        if t is not None and not isinstance(obj, type):
            obj = t.real_module(obj)[0]
        return method_of(self.ctx, obj, name)

    @cached_property
    def discarded_calls(self) -> list[Any]:
        """Expression statements that call something and drop its result
        (``analysis.discarded``)."""
        from .discarded import discarded_calls

        return discarded_calls(self.ctx.source, self.names)

    # -- models ------------------------------------------------------------------------
    def model(self, name: str) -> ModelFacts | None:
        """Facts of the model held by ``name`` (behind wrappers), once per cell."""
        if name not in self._models:
            obj = self.ctx.user_ns.get(name)
            try:
                self._models[name] = model_facts(obj) if obj is not None else None
            except Exception:  # noqa: BLE001 - an odd model is simply not described
                self._models[name] = None
        return self._models[name]
