"""PyTorch instrumentation of one ``%%dlcheck`` cell.

Installed for the duration of the cell and removed in a ``finally``:

* global module forward pre/post hooks (``register_module_forward_pre_hook`` /
  ``register_module_forward_hook``): call order, the model's input batch, activations of
  ReLU / sigmoid / tanh modules, finiteness of every leaf's output, the loss module's
  input and target;
* global optimizer step pre/post hooks (``register_optimizer_step_pre_hook``): gradient
  and weight norms per layer, update-to-weight ratios, whether gradients were reset;
* ``Optimizer.zero_grad`` / ``Module.zero_grad`` / ``Tensor.backward`` wrapped (counted;
  the loss is the tensor ``backward()`` is called on);
* ``Tensor.to`` / ``Tensor.cuda`` / ``Tensor.copy_`` / ``torch.tensor`` /
  ``torch.as_tensor`` wrapped: host-to-device copies (a CPU source, a result on any other
  device: ``cuda``, ``mps``, ``xpu``, ``meta``...) counted
  per step with their bytes (from shapes and dtypes: no sync), and the same live source
  tensor, unchanged (``_version``), copied again at later steps (:class:`CopyCounter`).

Cost. The global module hooks are registered only for the *probe* steps and removed
after them: an ordinary step runs torch's hook-free fast path and costs the wrapped
``backward`` (the loss), the optimizer step hooks (a counter, the step boundary) and one
forward pre-hook on each model of the namespace (the input batch kept by reference, data
time). Probe steps are the first three and the next label steps (multiples of
``every``) until ``MIN_PROBES`` ran; after that a label step is probed only while the
probes' measured extra time (their duration over that of the fastest recent ordinary
step), this probe's included, stays within ``PROBE_SHARE`` of the run's time so far: a
budget of time, not a count, so a probe costs the same share of a run of a tiny model as
of a large one, and a slow spell of the machine does not bring more probes.

Device synchronisation, by construction: every statistic is computed on the tensor's
device with torch ops under ``no_grad`` and kept as a tensor; they are read back to the
host by :func:`_read` only, once per probe step (``flush``) and once at the end
(``finish``). Between two probe steps nothing is read: a loss on an accelerator is kept
as ``loss.detach()`` (stacked every 256 steps, no read), the input batch's finiteness as
one ``sum()`` on its device. Only tensors already on the CPU (the loss of a CPU model, the
input batch when that loss is NaN) are read at once: no device is involved.
(``tests/test_runtime_cost.py`` counts the reads.) Nothing here draws random numbers,
changes a mode, a parameter, a gradient or an output: every hook returns ``None``.
"""

from __future__ import annotations

import math
import sys
import time
import weakref
from typing import Any

import torch
from torch import nn

from .trace import LayerStats, Trace

_LOSS = nn.modules.loss._Loss
_CLASSIFY = ("CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss",
             "MultiMarginLoss", "MultiLabelSoftMarginLoss")
_NORMALISERS = ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm",
                "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "Embedding",
                "EmbeddingBag", "LazyBatchNorm1d", "LazyBatchNorm2d")
GRAPH_CAP = 20000
PROBE_SHARE = 0.02      # probes after the first MIN_PROBES: at most this share of the run
MIN_PROBES = 5          # steps 0, 1, 2 and the first two label steps
MAX_INTERVAL = 4096     # ... but at least one probe (one read of the pending losses) per
PENDING_CHUNK = 256     # device values kept as one stacked tensor per this many steps


def on_host(t: torch.Tensor) -> bool:
    """Whether reading ``t`` involves no device (a CPU tensor): then it is read at once."""
    return t.is_cpu   # 20x cheaper than ``t.device.type == "cpu"`` (no device object)


class _Pending:
    """(step, device scalar) pairs waiting for the next read; every ``PENDING_CHUNK`` of
    them are stacked into one tensor on their device (an asynchronous op, no read), so
    that memory stays small whatever the interval between reads."""

    __slots__ = ("steps", "items", "chunks")

    def __init__(self) -> None:
        self.steps: list[int] = []
        self.items: list[torch.Tensor] = []
        self.chunks: list[tuple[list[int], torch.Tensor]] = []

    def add(self, step: int, t: torch.Tensor) -> None:
        self.steps.append(step)
        self.items.append(t)
        if len(self.items) >= PENDING_CHUNK:
            self._stack()

    def _stack(self) -> None:
        items = self.items
        try:
            t = torch.stack([x.float().reshape(()) for x in items])
        except RuntimeError:   # scalars on several devices: one chunk per item
            for s, x in zip(self.steps, items, strict=False):
                self.chunks.append(([s], x.float().reshape(1)))
            t = None
        if t is not None:
            self.chunks.append((self.steps, t))
        self.steps, self.items = [], []

    def __bool__(self) -> bool:
        return bool(self.items or self.chunks)

    def take(self) -> list[tuple[list[int], torch.Tensor]]:
        if self.items:
            self._stack()
        out, self.chunks = self.chunks, []
        return out


def graph_size(fn: Any, cap: int = GRAPH_CAP) -> int:
    """Number of autograd nodes reachable from ``fn`` (at most ``cap``)."""
    seen: set[int] = set()
    keep: list[Any] = []
    stack = [fn]
    while stack and len(seen) < cap:
        f = stack.pop()
        if f is None or id(f) in seen:
            continue
        seen.add(id(f))
        keep.append(f)
        try:
            stack.extend(n for n, _ in f.next_functions)
        except Exception:  # noqa: BLE001
            pass
    return len(seen)


def _graph_data_finite(fn: Any, cap: int = 2000) -> bool | None:
    """Whether the data the graph behind a loss saved is finite: the saved tensors that
    require no gradient (the input batch, a float target; not parameters nor
    activations), on the host. None when there are none. Used once, for the first NaN
    loss of a step whose batch the model hooks did not see."""
    seen: set[int] = set()
    stack = [fn]
    found = False
    while stack and len(seen) < cap:
        f = stack.pop()
        if f is None or id(f) in seen:
            continue
        seen.add(id(f))
        for name in dir(f):
            if not name.startswith("_saved_"):
                continue
            try:
                v = getattr(f, name)
            except Exception:  # noqa: BLE001 - freed or not a tensor
                continue
            if isinstance(v, torch.Tensor) and not v.requires_grad and \
                    v.is_floating_point() and v.numel() > 0 and on_host(v):
                found = True
                with torch.no_grad():
                    if not bool(torch.isfinite(v).all()):
                        return False
        try:
            stack.extend(n for n, _ in f.next_functions)
        except Exception:  # noqa: BLE001
            pass
    return True if found else None


def _first_float(args: Any) -> torch.Tensor | None:
    for a in args if isinstance(args, tuple) else (args,):
        if isinstance(a, torch.Tensor) and a.is_floating_point() and a.numel() > 0 \
                and a.layout == torch.strided and not a.is_meta:
            return a
    return None


_NO_ORDER = LayerStats("", "").order


class _Info:
    __slots__ = ("name", "kind", "leaf", "order")

    def __init__(self, name: str, kind: str, leaf: bool) -> None:
        self.name, self.kind, self.leaf, self.order = name, kind, leaf, None


class TorchProbe:
    #: recorded in the trace's frameworks once installed
    framework: str | None = "torch"

    def __init__(self, trace: Trace, ns: dict[str, Any], every: int = 10,
                 max_steps: int | None = None) -> None:
        self.trace, self.ns = trace, ns
        self.every = max(1, int(every))
        self.max_steps = max_steps
        self.step = 0
        self.probing = True
        self.global_on = False          # the global module hooks are registered
        self.global_handles: list[Any] = []
        self.label_handles: list[Any] = []
        self.loss_mods: list[nn.Module] = []   # loss modules of the namespace
        self.off = False
        self.depth = 0
        self.info: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.owner: dict[int, tuple[str, str]] = {}
        self._rescanned_at = -1
        self._anon = 0
        self.order = 0
        self.has_opt: bool | None = None
        self.opt_names: dict[int, str | None] = {}
        self.pending_backward = False
        self.backward_since_step = 0
        self.last_grad: Any = None
        self.sample_param: Any = None
        self.t_step_end: float | None = None
        self.t_fwd_start: float | None = None
        # schedule of the probes (see the module doc)
        self.interval = self.every
        self.last_probe = 0
        self.force_probe = False
        self.t_last_end: float | None = None
        self.step_typ: float | None = None    # fastest recent ordinary step (decaying min)
        self.t_start: float | None = None     # end of the first step: the budget's clock
        self.probe_time = 0.0                 # summed durations of the probe steps
        self.probe_steps = 0
        self.tick: Any = None                 # live display: tick(now), throttled there
        self.roots: dict[int, nn.Module] = {}  # id(model) -> the models of the namespace
        self.root_hooks: dict[int, Any] = {}  # id(model) -> handle of its pre-hook
        self.root_on = True                   # their pre-hooks are registered
        self.quiet = False                    # no hook but the step's own is registered
        self.root_step = -1
        self.root_host: dict[int, bool] = {}  # id(model) -> its input batch is on the host
        self.cur_input: tuple[int, Any] | None = None   # (step, the model's forward args)
        # per probe step
        self.loss_pending = _Pending()        # losses on a device, read at the next probe
        self.cls_calls: tuple[int, int] = (-1, 0)   # (step, classification-loss calls in it)
        self.in_flags = _Pending()   # input batch finite (one sum), per step, device inputs
        self.leaves: list[tuple[str, str, Any, Any, Any]] = []
        self.reads: list[tuple[Any, torch.Tensor]] = []   # (callback(values), tensor)
        self.before: list[tuple[str, torch.Tensor, torch.Tensor]] = []
        self.before_norms: torch.Tensor | None = None
        self.param_finite: dict[str, Any] = {}
        self.first_leaf: str | None = None
        self.last_leaf: str | None = None
        # whole run
        self.ever_active: dict[str, torch.Tensor] = {}
        self.sat_sum: dict[str, Any] = {}
        self.handles: list[Any] = []
        self._hooks: dict[str, Any] = {}   # name -> the hook registered (see _hook)
        self.patched: list[tuple[Any, str, Any, bool]] = []
        self.copies: CopyCounter | None = None
        self.filename: str | None = None   # the cell's code, for line numbers

    # -- install / remove ------------------------------------------------------------
    def attach(self, filename: str | None = None, live: Any = None) -> None:
        """Where the cell's code is (line numbers) and its live display, if any."""
        self.filename = filename
        if live is not None:
            self.tick = live.tick

    def install(self) -> None:
        from torch.nn.modules import module as M
        from torch.optim import optimizer as O

        del M
        self._scan_names()
        self._set_global(True)
        self.handles.append(O.register_optimizer_step_post_hook(self._hook("_opt_post")))
        probe = self

        def wrap(cls: Any, attr: str, before: Any) -> None:
            had = attr in cls.__dict__
            orig = getattr(cls, attr)

            inside = [False]

            def wrapper(*args: Any, **kwargs: Any) -> Any:
                # `Tensor.backward` dispatches to the copy-counting TorchFunctionMode, which
                # calls this wrapper again: count the outer call only
                if inside[0]:
                    return orig(*args, **kwargs)
                try:
                    before(*args)
                except Exception:  # noqa: BLE001 - never break the user's code
                    pass
                inside[0] = True
                try:
                    return orig(*args, **kwargs)
                finally:
                    inside[0] = False

            wrapper.__wrapped__ = orig  # type: ignore[attr-defined]
            wrapper.__doc__ = getattr(orig, "__doc__", None)
            setattr(cls, attr, wrapper)
            probe.patched.append((cls, attr, orig, had))

        wrap(torch.Tensor, "backward", self._on_backward)
        wrap(torch.optim.Optimizer, "zero_grad", self._on_zero_grad)
        wrap(nn.Module, "zero_grad", self._on_zero_grad)
        self.copies = CopyCounter(self)
        self.copies.start()

    def _hook(self, name: str) -> Any:
        """The bound method ``name`` as a hook that runs as it is inside a
        ``torch.compile``d model: dynamo would trace the probe's own code into the user's
        graph (and fails on it: "already tracked for mutation", the user's cell raises); a
        disabled hook is a graph break, called eagerly with real tensors. Disabled only
        when the user has loaded dynamo (``torch.compile`` imports it): no import of
        torch._dynamo for a model that is not compiled. Made once per probe."""
        h = self._hooks.get(name)
        if h is None:
            h = getattr(self, name)
            if "torch._dynamo" in sys.modules:
                try:
                    h = torch.compiler.disable(h)
                except Exception:  # noqa: BLE001 - an older torch: the hook as it is
                    pass
            self._hooks[name] = h
        return h

    def _set_global(self, on: bool) -> None:
        """Register (probe steps) or remove (ordinary steps) the global module hooks."""
        if on == self.global_on:
            return
        if on:
            from torch.nn.modules import module as M
            from torch.optim import optimizer as O

            self.global_handles = [M.register_module_forward_pre_hook(self._hook("_pre")),
                                   M.register_module_forward_hook(self._hook("_post")),
                                   O.register_optimizer_step_pre_hook(self._hook("_opt_pre"))]
        else:
            for h in self.global_handles:
                h.remove()
            self.global_handles = []
        self.global_on = on

    def _set_label_hooks(self, on: bool) -> None:
        """Forward pre-hooks on the loss modules of the namespace, for the label range of
        one step in ``every`` between the probe steps (two reductions of the target)."""
        if on:
            self.label_handles = [m.register_forward_pre_hook(self._hook("_label_pre"))
                                  for m in self.loss_mods[:8]]
        else:
            for h in self.label_handles:
                h.remove()
            self.label_handles = []

    def _label_pre(self, mod: nn.Module, args: Any) -> None:
        if self.off or self.probing:
            return None
        try:
            self._loss_call(mod, args)
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        return None

    def _add_root(self, mod: nn.Module) -> None:
        if id(mod) not in self.roots and len(self.roots) < 64:
            self.roots[id(mod)] = mod
            if self.root_on:
                self.root_hooks[id(mod)] = mod.register_forward_pre_hook(self._hook("_root_pre"))

    def _set_roots(self, on: bool) -> None:
        """The models' forward pre-hooks (``_root_pre``): every step while a step boundary
        needs them (no optimizer seen: manual updates) or a model's batch is on a device
        (its finiteness, one ``sum()`` a step); otherwise only on the sampled steps (the
        first ``MIN_PROBES``, the probes, one in ``every``): a hook on a model sends its
        call through torch's slower hooked path, the largest cost of an ordinary step of
        a small model. A NaN loss of an unsampled step finds its batch in the graph
        (:func:`_graph_data_finite`)."""
        if on == self.root_on:
            return
        self.root_on = on
        if on:
            for k, m in self.roots.items():
                if k not in self.root_hooks:
                    self.root_hooks[k] = m.register_forward_pre_hook(self._hook("_root_pre"))
        else:
            for h in self.root_hooks.values():
                h.remove()
            self.root_hooks.clear()

    def remove(self) -> None:
        copies = getattr(self, "copies", None)
        if copies is not None:
            copies.stop()
        try:
            self._set_global(False)
            self._set_label_hooks(False)
        except Exception:  # noqa: BLE001
            pass
        self.loss_mods = []
        for h in list(self.root_hooks.values()):
            try:
                h.remove()
            except Exception:  # noqa: BLE001
                pass
        self.root_hooks.clear()
        self.roots.clear()
        self.cur_input = None
        for h in self.handles:
            try:
                h.remove()
            except Exception:  # noqa: BLE001
                pass
        self.handles.clear()
        for cls, attr, orig, had in reversed(self.patched):
            try:
                if had:
                    setattr(cls, attr, orig)
                else:
                    delattr(cls, attr)
            except Exception:  # noqa: BLE001
                pass
        self.patched.clear()

    # -- names -----------------------------------------------------------------------
    def _scan_names(self) -> None:
        tr = self.trace
        for var, obj in list(self.ns.items()):
            if var.startswith("_") or not isinstance(obj, nn.Module):
                continue
            if isinstance(obj, _LOSS):
                self.info[obj] = _Info(var, type(obj).__name__, True)
                if all(m is not obj for m in self.loss_mods):
                    self.loss_mods.append(obj)
                continue
            if var not in tr.models:
                tr.models.append(var)
            self._add_root(obj)
            for mname, mod in obj.named_modules():
                full = f"{var}.{mname}" if mname else var
                old = self.info.get(mod)
                if old is None or old.name.startswith("<"):
                    inf = _Info(full, type(mod).__name__, not mod._modules)
                    if old is not None:
                        inf.order = old.order
                    self.info[mod] = inf
                for _pn, p in mod.named_parameters(recurse=False):
                    self.owner.setdefault(id(p), (full, type(mod).__name__))

    def _name_anonymous(self, root: nn.Module) -> None:
        """A model that is not a variable of the namespace (built inside a function):
        named after its class, ``Sequential.2``."""
        self._scan_names()
        if root in self.info:
            return
        base = type(root).__name__
        for mname, mod in root.named_modules():
            if mod in self.info:
                continue
            full = f"{base}.{mname}" if mname else base
            self.info[mod] = _Info(full, type(mod).__name__, not mod._modules)
            for _pn, p in mod.named_parameters(recurse=False):
                self.owner.setdefault(id(p), (full, type(mod).__name__))
        if base not in self.trace.models:
            self.trace.models.append(base)
        self._add_root(root)

    def _info(self, mod: nn.Module) -> _Info:
        inf = self.info.get(mod)
        if inf is None and self._rescanned_at != self.step:
            self._rescanned_at = self.step
            self._scan_names()
            inf = self.info.get(mod)
        if inf is None:
            self._anon += 1
            inf = _Info(f"<{type(mod).__name__} #{self._anon}>", type(mod).__name__,
                        not mod._modules)
            self.info[mod] = inf
        return inf

    # -- module hooks ----------------------------------------------------------------
    def _pre(self, mod: nn.Module, args: Any) -> None:
        d = self.depth
        self.depth = d + 1
        if d or self.off:
            return None
        try:
            if isinstance(mod, _LOSS):
                if self.probing:
                    self._loss_call(mod, args)
                return None
            if self.pending_backward and self._manual_end():
                return None
            if mod not in self.info:
                self._name_anonymous(mod)
            a = _first_float(args)
            if self.probing:
                self.first_leaf = None
                if a is not None and a.numel() > 1:
                    with torch.no_grad():
                        t = torch.stack([a.amin(), a.amax(), a.mean(), a.std()]).float()
                    self.trace.input_subject = self._info(mod).name
                    self.reads.append((_append_tuple(self.trace.input_probes), t))
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        return None

    def _manual_end(self) -> bool:
        """A forward after a backward, and no optimizer: manual updates, the backward ended
        a step. True when the probe is off after it."""
        if self.has_opt is None:
            self.has_opt = any(isinstance(v, torch.optim.Optimizer)
                               for v in list(self.ns.values()))
        if not self.has_opt:
            self._end_step()
        return self.off

    def _root_pre(self, mod: nn.Module, args: Any) -> None:
        """Forward pre-hook of each model of the namespace, every step: the step boundary
        of manual updates, the time spent waiting for data, the input batch (its
        finiteness: on the host, the forward's arguments kept by reference and looked at
        only if the loss is NaN; one ``sum()`` on a device, read at the next probe). Where
        a model's batch is (host or device) is looked up at its first call and again at
        every label step: an ordinary step on the host costs two attribute writes here."""
        if self.off:
            return None
        try:
            if self.pending_backward and self._manual_end():
                return None
            step = self.step
            if self.root_step == step:
                return None
            self.root_step = step
            now = time.perf_counter()
            if self.t_fwd_start is None:
                if self.t_step_end is not None:
                    self.trace.time_data_s += now - self.t_step_end
                    self.t_step_end = None
                self.t_fwd_start = now
            host = self.root_host.get(id(mod))
            if host is None or not step % self.every:
                a = _first_float(args)
                host = self.root_host[id(mod)] = a is None or on_host(a)
            if host:
                self.cur_input = (step, args)
                return None
            a = _first_float(args)
            if a is None:
                return None
            if a.requires_grad:
                # one reduction; NaN/Inf anywhere makes it non-finite
                with torch.no_grad():
                    self.in_flags.add(step, a.sum())
            else:
                self.in_flags.add(step, a.sum())
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        return None

    def _post(self, mod: nn.Module, args: Any, out: Any) -> None:
        self.depth = max(0, self.depth - 1)
        if self.off or not self.probing:
            return None
        try:
            inf = self._info(mod)
            if inf.leaf and not isinstance(mod, _LOSS) and isinstance(out, torch.Tensor) \
                    and out.is_floating_point() and out.numel() > 0 \
                    and out.layout == torch.strided:
                self._leaf(mod, inf, args, out)
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        return None

    def _leaf(self, mod: nn.Module, inf: _Info, args: Any, out: torch.Tensor) -> None:
        tr = self.trace
        name = inf.name
        if inf.order is None:
            inf.order = self.order
            self.order += 1
        if self.first_leaf is None:
            self.first_leaf = name
            if tr.first_leaf_kind is None:
                tr.first_leaf_kind = inf.kind
        self.last_leaf = name
        with torch.no_grad():
            # one reduction each: a NaN/Inf anywhere makes the sum / the min or max
            # non-finite (read back at the end of the probe step)
            fin = out.sum()
            a = _first_float(args)
            rng = torch.stack(torch.aminmax(a)) if a is not None else None
            self.leaves.append((name, inf.kind, fin, rng, rng))
            if isinstance(mod, (nn.ReLU, nn.ReLU6)) and out.dim() >= 2:
                unit = out.dim() - 1 if out.dim() == 3 else 1
                dims = [d for d in range(out.dim()) if d != unit]
                act = out.amax(dim=dims) > 0
                prev = self.ever_active.get(name)
                self.ever_active[name] = act if prev is None or prev.shape != act.shape \
                    else (prev | act)
                ls = tr.layer(name, inf.kind)
                ls.act_probes += 1
                ls.order = inf.order
            elif isinstance(mod, (nn.Sigmoid, nn.Tanh)):
                if isinstance(mod, nn.Sigmoid):
                    s = ((out < 0.01) | (out > 0.99)).float().mean()
                else:
                    s = (out.abs() > 0.99).float().mean()
                prev = self.sat_sum.get(name)
                self.sat_sum[name] = s if prev is None else prev + s
                ls = tr.layer(name, inf.kind)
                ls.act_probes += 1
                ls.order = inf.order

    def _loss_call(self, mod: nn.Module, args: Any) -> None:
        tr = self.trace
        kind = type(mod).__name__
        tr.loss_name = kind
        inf = self.info.get(mod)
        if inf is not None and not inf.name.startswith("<"):
            tr.loss_subject = inf.name
        if len(args) < 2 or not all(isinstance(a, torch.Tensor) for a in args[:2]):
            return
        inp, tgt = args[0], args[1]
        if kind in ("CrossEntropyLoss", "NLLLoss") and inp.dim() >= 2:
            tr.n_classes = int(inp.shape[1])
        if kind in _CLASSIFY:
            step, n = self.cls_calls
            self.cls_calls = (self.step, n + 1 if step == self.step else 1)
            if step == self.step and n == 1:
                tr.multi_target_steps += 1
        if kind in _CLASSIFY and tgt.numel() >= 8 and (not tgt.is_floating_point()
                                                      or tgt.shape == inp.shape[:tgt.dim()]
                                                      and kind.startswith("BCE")):
            if tgt.dtype == torch.bool or tgt.requires_grad:
                with torch.no_grad():
                    t = torch.stack([tgt.amin(), tgt.amax()]).float()
            else:   # two ops instead of four (read back as floats by _read)
                t = torch.stack(torch.aminmax(tgt))
            self.reads.append((_append_tuple(tr.label_probes), t))

    # -- backward / zero_grad ----------------------------------------------------------
    def _on_backward(self, t: torch.Tensor, *_a: Any) -> None:
        if self.off:
            return
        tr = self.trace
        tr.backward_calls += 1
        self.backward_since_step += 1
        self.pending_backward = True
        self.depth = 0
        if t.numel() == 1 and t.is_floating_point():
            if on_host(t):
                v = t.item()   # a CPU tensor: no device to wait for
                tr.losses.add(self.step, v)
                if v - v != 0:   # NaN or ±Inf
                    self._bad_loss(t)
            else:
                self.loss_pending.add(self.step, t.detach())
            # the size of the graph behind the loss (a walk of its nodes, no tensor read):
            # the first three steps and one in 5 * every, probed or not
            step = self.step
            if (step < 3 or not step % (5 * self.every)) and t.grad_fn is not None:
                tr.graph_sizes.append((step, graph_size(t.grad_fn)))

    def _bad_loss(self, loss: torch.Tensor | None = None) -> None:
        """The first NaN/Inf loss (read on the host): is this step's input batch to blame
        (a CPU batch, read now), and probe the next step (the NaN's origin)."""
        tr = self.trace
        if tr.losses.first_bad is None or tr.losses.first_bad[0] != self.step:
            return
        self.force_probe = True
        if tr.input_nonfinite_step is not None:
            return
        ci = self.cur_input
        if ci is not None and ci[0] == self.step:
            a = _first_float(ci[1])
            if a is not None and on_host(a):
                with torch.no_grad():
                    if not bool(torch.isfinite(a).all()):
                        tr.input_nonfinite_step = self.step
        elif loss is not None and loss.grad_fn is not None and \
                _graph_data_finite(loss.grad_fn) is False:
            tr.input_nonfinite_step = self.step

    def _on_zero_grad(self, *_a: Any) -> None:
        """The rules need to know whether gradients are ever reset (not how often): after
        the first call the two wrappers are removed (one Python call less per step)."""
        if self.off:
            return
        self.trace.zero_grad_calls += 1
        keep = []
        for e in self.patched:
            cls, attr, orig, had = e
            if attr == "zero_grad" and cls in (torch.optim.Optimizer, nn.Module):
                try:
                    if had:
                        setattr(cls, attr, orig)
                    else:
                        delattr(cls, attr)
                    continue
                except Exception:  # noqa: BLE001
                    pass
            keep.append(e)
        self.patched = keep

    # -- optimizer hooks -------------------------------------------------------------
    def _opt_pre(self, opt: Any, args: Any, kwargs: Any) -> None:
        """Registered for the probe steps only: gradient and weight norms before the
        update."""
        if self.off or not self.probing:
            return None
        try:
            self._grad_stats(opt)
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        return None

    def _opt_post(self, opt: Any, args: Any, kwargs: Any) -> None:
        """Every step: counters, whether the gradients started from zero, the step's end."""
        if self.off:
            return None
        try:
            self.has_opt = True
            tr = self.trace
            tr.step_calls += 1
            if id(opt) not in self.opt_names:
                tr.n_optimizers += 1
                self.opt_names[id(opt)] = name = next(
                    (k for k, v in self.ns.items() if v is opt and not k.startswith("_")), None)
                if name and name not in tr.optimizers:
                    tr.optimizers.append(name)
            # did the gradients of this step start from zero? (the update leaves them)
            p = self.sample_param
            if p is None:
                p = self.sample_param = next((p for g in opt.param_groups for p in g["params"]
                                              if p.requires_grad and p.grad is not None), None)
            if p is not None:
                g = p.grad
                if g is not None:
                    last = self.last_grad
                    if last is not None and last[0] is g and \
                            0 < self.backward_since_step == g._version - last[1]:
                        tr.grad_kept_steps += 1
                    self.last_grad = (g, g._version)
            self.backward_since_step = 0
            if self.probing and self.before:
                with torch.no_grad():
                    names = [n for n, _, _ in self.before]
                    after = [w for _, w, _ in self.before]
                    old = [b for _, _, b in self.before]
                    # the norms of the weights before the step were taken with the
                    # gradients (_grad_stats); the copies are ours: subtract in place
                    wn = self.before_norms if self.before_norms is not None else \
                        torch.stack([x.float() for x in torch._foreach_norm(old)])
                    torch._foreach_sub_(old, [a.detach() for a in after])
                    dn = torch.stack([x.float() for x in torch._foreach_norm(old)])
                self.before = []
                self.before_norms = None
                step = self.step
                tr = self.trace

                def put(vals: list[float], names: list[str] = names) -> None:
                    k = len(names)
                    agg: dict[str, list[float]] = {}
                    for i, n in enumerate(names):
                        a = agg.setdefault(n, [0.0, 0.0])
                        a[0] += vals[i] ** 2
                        a[1] += vals[k + i] ** 2
                    for n, (d2, w2) in agg.items():
                        if w2 > 0 and math.isfinite(d2) and math.isfinite(w2):
                            tr.layers[n].update_ratios.add(step, math.sqrt(d2 / w2))

                self.reads.append((put, torch.cat([dn, wn])))
            self._end_step()
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        return None

    def _grad_stats(self, opt: Any) -> None:  # noqa: C901 - one pass over the parameters per step (hot path), grouped per layer
        tr = self.trace
        groups: dict[str, list[Any]] = {}
        for g in opt.param_groups:
            for p in g["params"]:
                if not p.requires_grad:
                    continue
                own = self.owner.get(id(p))
                if own is None and self._rescanned_at != self.step:
                    self._rescanned_at = self.step
                    self._scan_names()
                    own = self.owner.get(id(p))
                if own is None:
                    own = self.owner[id(p)] = (f"<parameter {tuple(p.shape)}>", "Parameter")
                groups.setdefault(own[0], []).append(p)
                if own[0] not in tr.layers:
                    tr.layer(own[0], own[1])
        grads: list[torch.Tensor] = []
        gnames: list[str] = []
        weights: list[torch.Tensor] = []
        wnames: list[str] = []
        unordered = [n for n in groups if tr.layers[n].order == _NO_ORDER]
        if unordered:   # forward order of the layers that own parameters (from the hooks)
            order = {inf.name: inf.order for inf in self.info.values()
                     if inf.leaf and inf.order is not None}
            for n in unordered:
                if n in order:
                    tr.layers[n].order = order[n]
        for lname, ps in groups.items():
            ls = tr.layers[lname]
            ls.grad_probes += 1
            ls.n_params = sum(p.numel() for p in ps)
            gs = [p.grad for p in ps if p.grad is not None and not p.grad.is_sparse]
            if not gs:
                ls.grad_missing += 1
            for g in gs:
                grads.append(g)
                gnames.append(lname)
            for p in ps:
                if p.dim() >= 2:
                    weights.append(p)
                    wnames.append(lname)
        if not grads and not weights:
            return
        with torch.no_grad():
            gn = [x.float() for x in torch._foreach_norm(grads)] if grads else []
            wn = [x.float() for x in torch._foreach_norm([w.detach() for w in weights])] \
                if weights else []
            vec = torch.stack(gn + wn)
            self.before = [(n, w, w.detach().clone()) for n, w in zip(wnames, weights, strict=False)]
            self.before_norms = torch.stack(wn) if wn else None
        step = self.step
        ng = len(gn)

        def put(vals: list[float]) -> None:
            g2: dict[str, float] = {}
            for i, n in enumerate(gnames):
                g2[n] = g2.get(n, 0.0) + vals[i] ** 2
            total = 0.0
            for n, v in g2.items():
                ls = tr.layers[n]
                norm = math.sqrt(v) if math.isfinite(v) else float("nan")
                ls.grad_norms.add(step, norm)
                if norm == 0.0:
                    ls.grad_missing += 1
                total += v
            tr.total_grad_norm.add(step, math.sqrt(total) if math.isfinite(total)
                                   else float("nan"))
            w2: dict[str, float] = {}
            for i, n in enumerate(wnames):
                w2[n] = w2.get(n, 0.0) + vals[ng + i] ** 2
            for n, v in w2.items():
                tr.layers[n].weight_norm = math.sqrt(v) if math.isfinite(v) else float("nan")
                self.param_finite[n] = math.isfinite(v)

        self.reads.append((put, vec))

    # -- step boundary and read-back -------------------------------------------------
    def _end_step(self) -> None:
        now = time.perf_counter()
        tr = self.trace
        if self.t_fwd_start is not None:
            tr.time_compute_s += now - self.t_fwd_start
            tr.timed_steps += 1
            self.t_fwd_start = None
        self.t_step_end = now
        self.depth = 0
        self.pending_backward = False
        self.cur_input = None
        was = self.probing
        if was:
            tr.probes += 1
            self.flush()
            end = time.perf_counter()   # the probe's own read-back counts as probe time
        else:
            end = now
        self.step += 1
        tr.steps = self.step
        if self.max_steps is not None and self.step >= self.max_steps:
            self.flush()
            self.off = True
            self.probing = False
            self._set_global(False)
            self._set_label_hooks(False)
            return
        last = self.t_last_end
        if last is not None:
            d = end - last
            if was:
                self.probe_time += d
                self.probe_steps += 1
            else:
                # the fastest recent ordinary step: a minimum that forgets (+0.2 % a step),
                # so that a slow spell of the machine does not count as the probes' cost
                typ = self.step_typ
                self.step_typ = d if typ is None or d < typ * 1.002 else typ * 1.002
        else:
            self.t_start = end
        self.t_last_end = end
        if self.quiet and self.step % self.every and not self.force_probe:
            # an ordinary step after an ordinary step: no hook to add or remove
            if self.tick is not None:
                self.tick(end)
            return
        self.probing = p = self._next_probe(end)
        if p:
            self.interval = self.step - self.last_probe
            self.last_probe = self.step
            self.force_probe = False
        if p != self.global_on:
            self._set_global(p)
        sampled = p or self.step < MIN_PROBES or not self.step % self.every or \
            self.has_opt is not True or not all(self.root_host.values())
        if sampled != self.root_on:
            self._set_roots(sampled)
        lab = not p and self.step % self.every == 0 and bool(self.loss_mods)
        if lab != bool(self.label_handles):
            self._set_label_hooks(lab)
        self.quiet = not (p or sampled or lab)
        if self.tick is not None:
            self.tick(end)

    def _next_probe(self, now: float) -> bool:
        """Whether the step about to start is a probe step (see the module doc): the
        first three and the next label steps until ``MIN_PROBES`` ran, a step after a
        NaN loss, at least one in ``MAX_INTERVAL``; otherwise a label step (a multiple of
        ``every``) whose probe keeps the probes' extra time within ``PROBE_SHARE`` of the
        time since the first step."""
        s = self.step
        if s < 3 or self.force_probe:
            return True
        if s % self.every:
            return False
        if self.trace.probes < MIN_PROBES or s - self.last_probe >= MAX_INTERVAL:
            return True
        typ, n, t0 = self.step_typ, self.probe_steps, self.t_start
        if not typ or not n or t0 is None:
            return False
        spent = max(0.0, self.probe_time - n * typ)    # the probes' cost so far
        return spent * (n + 1) / n <= PROBE_SHARE * (now - t0)

    def flush(self) -> None:  # noqa: C901 - one read-back of every kind of pending value, in one transfer per device
        """Read back everything pending in one transfer per device."""
        tr = self.trace
        tensors: list[torch.Tensor] = []
        sinks: list[Any] = []
        for steps, t in self.loss_pending.take():
            tensors.append(t)

            def put_losses(vals: list[float], steps: list[int] = steps) -> None:
                for s, v in zip(steps, vals, strict=False):
                    tr.losses.add(s, v)
                    if not math.isfinite(v) and tr.losses.first_bad[0] == s:
                        self.force_probe = True

            sinks.append(put_losses)
        for fsteps, t in self.in_flags.take():
            tensors.append(t)

            def put_flags(vals: list[float], steps: list[int] = fsteps) -> None:
                for s, v in zip(steps, vals, strict=False):
                    if not math.isfinite(v) and tr.input_nonfinite_step is None:
                        tr.input_nonfinite_step = s

            sinks.append(put_flags)
        leaves = self.leaves
        self.leaves = []
        for cb, t in self.reads:
            sinks.append(cb)
            tensors.append(t)
        self.reads = []
        flags: list[torch.Tensor] = []
        for _n, _k, fin, _fin_in, rng in leaves:
            flags.append(fin.float().reshape(1))
            if rng is not None:
                flags.append(rng.float())
        if flags:
            tensors.append(torch.cat([f.to(flags[0].device) for f in flags]))
            sinks.append(lambda vals, leaves=leaves: self._nan_origin(leaves, vals))
        if not tensors:
            return
        values = _read(tensors)
        for cb, vals in zip(sinks, values, strict=False):
            try:
                cb(vals)
            except Exception as e:  # noqa: BLE001
                self._fail(e)

    def _nan_origin(self, leaves: list, vals: list[float]) -> None:
        tr = self.trace
        if tr.nan_origin is not None:
            return
        i = 0
        for n, (name, kind, _fin, fin_in, _rng) in enumerate(leaves):
            ok = math.isfinite(vals[i])
            i += 1
            lo = hi = None
            in_ok = True
            if fin_in is not None:
                lo, hi = vals[i], vals[i + 1]
                in_ok = math.isfinite(lo) and math.isfinite(hi)
                i += 2
            if ok:
                continue
            if not in_ok and n == 0:
                if tr.input_nonfinite_step is None:
                    tr.input_nonfinite_step = self.step
                tr.nan_origin = {"layer": None, "kind": None, "step": self.step}
                return
            tr.nan_origin = {"layer": name, "kind": kind, "step": self.step,
                             "in_min": lo, "in_max": hi, "input_finite": in_ok,
                             "params_finite": self.param_finite.get(name, True)}
            return

    def _fail(self, e: BaseException) -> None:
        msg = f"instrumentation: {type(e).__name__}: {e}"[:200]
        if msg not in self.trace.notes and len(self.trace.notes) < 5:
            self.trace.notes.append(msg)

    # -- the end ---------------------------------------------------------------------
    def finish(self) -> None:  # noqa: C901 - the end of a run: last read-back, then each kind of pending record
        tr = self.trace
        try:
            self.flush()
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        tensors, names = [], []
        for name, ever in self.ever_active.items():
            tensors.append(torch.stack([(~ever).sum().float(),
                                        torch.tensor(float(ever.numel()), device=ever.device)]))
            names.append(("dead", name))
        for name, s in self.sat_sum.items():
            tensors.append(torch.as_tensor(s).float().reshape(1))
            names.append(("sat", name))
        if tensors:
            try:
                for (what, name), vals in zip(names, _read(tensors), strict=False):
                    ls = tr.layers[name]
                    if what == "dead":
                        ls.dead_units, ls.units = int(vals[0]), int(vals[1])
                    elif ls.act_probes:
                        ls.saturated = vals[0] / ls.act_probes
            except Exception as e:  # noqa: BLE001
                self._fail(e)
        if 0 < tr.timed_steps < tr.steps:
            # the models' hooks timed the sampled steps only (``_set_roots``): the data
            # and compute times of the run are estimated from them
            f = tr.steps / tr.timed_steps
            tr.time_data_s *= f
            tr.time_compute_s *= f
            tr.timed_steps = tr.steps
        if self.last_leaf is not None and self.last_leaf in tr.layers:
            tr.layers[self.last_leaf].is_output = True
        self.ever_active.clear()
        self.sat_sum.clear()
        self.before = []
        if self.copies is not None:
            self.copies.finish()
        # tensors in the namespace that hold the graphs of many steps (`total += loss`)
        if tr.steps >= 3:
            biggest = max((n for _, n in tr.graph_sizes), default=0)
            for var, v in list(self.ns.items()):
                if var.startswith("_") or not isinstance(v, torch.Tensor) or \
                        v.grad_fn is None or v.numel() != 1:
                    continue
                n = graph_size(v.grad_fn)
                if n >= max(3 * biggest, 3 * min(tr.steps, 50), 30):
                    tr.kept_graphs.append((var, n))


class CopyCounter:
    """Host-to-device copies of the run (see the module doc). Per copy: a dictionary look-up
    and a few attribute reads; the source's variable name and the line are looked up once
    per repeated source."""

    CAP = 512

    def __init__(self, probe: TorchProbe) -> None:
        self.probe = probe
        self.seen: dict[int, list] = {}     # id(src) -> [ref, version, last step, steps, key]
        self.repeated: dict[Any, dict[str, Any]] = {}
        self.step_with: int = -1

    def start(self) -> None:
        """Wrap the five calls (removed with the probe's other patches). A wrapper costs
        one Python call and a few attribute reads on those calls only; a
        ``TorchFunctionMode`` would see every torch call (measured: +25 % CPU time on a
        small MLP)."""
        counter = self
        probe = self.probe

        def patch(owner: Any, attr: str, what: str) -> None:
            had = attr in owner.__dict__
            orig = getattr(owner, attr)

            if what == "copy_":
                def wrapper(dst: Any, src: Any, *args: Any, **kwargs: Any) -> Any:
                    out = orig(dst, src, *args, **kwargs)
                    if not probe.off and isinstance(src, torch.Tensor) and \
                            src.device.type == "cpu" and dst.device.type != "cpu":
                        try:
                            counter.saw(src, dst)
                        except Exception:  # noqa: BLE001 - never break the user's code
                            pass
                    return out
            elif what == "to":
                def wrapper(t: Any, *args: Any, **kwargs: Any) -> Any:
                    out = orig(t, *args, **kwargs)
                    if out is not t and not probe.off and isinstance(out, torch.Tensor) \
                            and out.device.type != "cpu" and t.device.type == "cpu":
                        try:
                            counter.saw(t, out)
                        except Exception:  # noqa: BLE001
                            pass
                    return out
            else:
                def wrapper(data: Any, *args: Any, **kwargs: Any) -> Any:
                    out = orig(data, *args, **kwargs)
                    if not probe.off and isinstance(out, torch.Tensor) and \
                            out.device.type != "cpu" and out is not data and \
                            (not isinstance(data, torch.Tensor) or data.device.type == "cpu"):
                        try:
                            counter.saw(data, out)
                        except Exception:  # noqa: BLE001
                            pass
                    return out

            wrapper.__wrapped__ = orig  # type: ignore[attr-defined]
            wrapper.__doc__ = getattr(orig, "__doc__", None)
            wrapper.__name__ = attr
            setattr(owner, attr, wrapper)
            probe.patched.append((owner, attr, orig, had))

        patch(torch.Tensor, "to", "to")
        patch(torch.Tensor, "cuda", "to")
        patch(torch.Tensor, "copy_", "copy_")
        patch(torch, "tensor", "new")
        patch(torch, "as_tensor", "new")

    def stop(self) -> None:
        pass   # the patches go with the probe's (TorchProbe.remove)

    def saw(self, src: Any, moved: torch.Tensor) -> None:
        """One host-to-device copy: ``src`` (a CPU tensor, or data) to ``moved``."""
        tr = self.probe.trace
        step = self.probe.step
        nbytes = moved.numel() * moved.element_size()
        tr.h2d_copies += 1
        tr.h2d_bytes += nbytes
        tr.h2d_device = str(moved.device.type)
        if self.step_with != step:
            self.step_with = step
            tr.h2d_steps += 1
        if not isinstance(src, torch.Tensor):
            return
        k = id(src)
        e = self.seen.get(k)
        if e is not None and e[0]() is src and e[1] == src._version:
            if e[2] != step:
                e[2] = step
                e[3] += 1
                if e[3] >= 2:
                    self._repeat(e, src, nbytes, moved)
            return
        if len(self.seen) >= self.CAP:
            self.seen = {i: v for i, v in self.seen.items() if v[0]() is not None}
            if len(self.seen) >= self.CAP:
                self.seen.clear()
        self.seen[k] = [weakref.ref(src), src._version, step, 1, None]

    def _repeat(self, e: list, src: torch.Tensor, nbytes: int, moved: torch.Tensor) -> None:
        info = e[4]
        if info is None:
            if len(self.repeated) >= 16:
                return
            name = next((n for n, v in list(self.probe.ns.items())
                         if v is src and not n.startswith("_")), None)
            info = e[4] = {"name": name, "shape": tuple(src.shape),
                           "dtype": str(src.dtype).replace("torch.", ""), "bytes": nbytes,
                           "device": str(moved.device.type), "line": self._line(),
                           "steps": 1, "first_step": e[2]}
            self.repeated[id(info)] = info
        info["steps"] = e[3]

    def _line(self) -> int | None:
        fn = self.probe.filename
        if not fn:
            return None
        import sys

        f = sys._getframe(2)
        for _ in range(40):
            if f is None:
                return None
            if f.f_code.co_filename == fn:
                return f.f_lineno
            f = f.f_back
        return None

    def finish(self) -> None:
        tr = self.probe.trace
        tr.const_copies = sorted(self.repeated.values(), key=lambda d: -d["steps"])[:8]
        self.seen.clear()
        self.repeated.clear()


def _append_tuple(lst: Any) -> Any:
    """A read-back callback that appends the values to ``lst`` (a fixed-size
    ``trace.Samples``: thinned when full, the same memory at any run length)."""
    def put(vals: list[float]) -> None:
        lst.append(vals)
    return put


def _read(tensors: list[torch.Tensor]) -> list[list[float]]:
    """Values of small tensors, one host transfer per device."""
    by_dev: dict[Any, list[int]] = {}
    for i, t in enumerate(tensors):
        by_dev.setdefault(t.device, []).append(i)
    out: list[list[float]] = [[] for _ in tensors]
    for _dev, idx in by_dev.items():
        flat = torch.cat([tensors[i].detach().reshape(-1).float() for i in idx])
        vals = flat.cpu().tolist()
        k = 0
        for i in idx:
            n = tensors[i].numel()
            out[i] = vals[k:k + n]
            k += n
    return out
