"""Training-loop semantics through the user's helper functions, at any depth.

A notebook rarely writes its training step inline: ``for epoch in range(n):
train_one_epoch(model, loader, opt)`` calls a function that loops over the loader and
calls ``step(model, xb, yb, opt)``. This module follows calls of user functions (defined
in this cell, or in earlier cells: their source is read from the live function object)
to any depth, binding parameters to the caller's names, and gives for each training step
it finds (a ``.backward()`` call, or a Keras ``fit``/``train_on_batch``):

* which model, optimizer, loss, scheduler and loader, as the *cell's* variable names
  (a parameter maps back to the argument the caller passed);
* the chain of loops around the step, across functions, so "per step" (scheduler stepped
  in the same loop as ``optimizer.step()``) and "per epoch" (in an outer loop) are told;
* ``zero_grad``, device moves, ``model.train()``/``.eval()`` and ``no_grad`` on the way.

Pure AST: ``kinds`` (name → "model", "optimizer", "loss", "loader", "scheduler", from the
namespace) sharpens the answers when given; without it, roles are read from how names are
used (``opt.step()`` next to ``opt.zero_grad()``, ``loss.backward()``).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..source.facts import SourceFacts, dotted, root_name
from .provenance import Provenance

MAX_DEPTH = 8          # nested user-function calls followed
_CODE_CACHE: dict[int, tuple[Any, Any]] = {}   # id(code) -> (code, Function | None)


# -- the functions of the program --------------------------------------------------------
@dataclass(eq=False)
class Function:
    """A user function with the facts of its source (``facts`` lines are the function's
    own lines; ``params``: positional parameter names, ``self`` dropped)."""

    name: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    facts: SourceFacts
    params: list[str]
    kwonly: list[str] = field(default_factory=list)

    def locals(self) -> set[str]:
        return {a.target for a in self.facts.assigns} | \
            {t for lf in self.facts.loops for t in lf.targets}


def _parse(text: str, ns: dict[str, Any] | None, name: str) -> Function | None:
    facts = SourceFacts(textwrap.dedent(text), ns)
    node = facts.tree.body[0] if facts.ok and facts.tree is not None and facts.tree.body \
        else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name != name:
        return None
    params = [a.arg for a in node.args.posonlyargs + node.args.args]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    return Function(name, node, facts, params, [a.arg for a in node.args.kwonlyargs])


class Program:
    """The user functions a cell can call: those it defines (from its source), those
    given as ``sources`` (name → source text, e.g. earlier cells in a test), and the
    plain ``__main__`` functions of the namespace (their source, read once per code
    object)."""

    def __init__(self, cell: SourceFacts, ns: dict[str, Any] | None = None,
                 sources: dict[str, str] | None = None) -> None:
        self.cell = cell
        self.ns = ns if ns is not None else {}
        self.sources = dict(sources or {})
        self._seen: dict[str, Function | None] = {}

    def function(self, name: str | None) -> Function | None:
        if not name or "." in name:
            return None
        if name in self._seen:
            return self._seen[name]
        out = None
        node = self.cell.functions.get(name) if self.cell.ok else None
        if node is not None:
            out = _parse(self.cell.segment(node), self.ns, name)
        elif name in self.sources:
            out = _parse(self.sources[name], self.ns, name)
        else:
            out = _from_object(self.ns.get(name), self.ns)
        self._seen[name] = out
        return out


def function_of(fn: Any, ns: dict[str, Any]) -> Function | None:
    """The :class:`Function` of a live ``__main__`` function object (its source parsed
    once per code object), or None."""
    return _from_object(fn, ns)


def _from_object(fn: Any, ns: dict[str, Any]) -> Function | None:
    if not isinstance(fn, types.FunctionType) or fn.__module__ != "__main__":
        return None
    code = fn.__code__
    hit = _CODE_CACHE.get(id(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    try:
        out = _parse(inspect.getsource(fn), ns, fn.__name__)
    except Exception:  # noqa: BLE001 - no source (exec'd, edited file): not followed
        out = None
    if len(_CODE_CACHE) > 256:
        _CODE_CACHE.clear()
    _CODE_CACHE[id(code)] = (code, out)
    return out


# -- events: every call reachable from the cell -------------------------------------------
@dataclass(frozen=True)
class Frame:
    """One loop on the way to an event: in ``function`` (None: the cell) at ``line``
    (of that function's source), iterating ``iterable`` (a cell name when it maps back)."""

    function: str | None
    line: int
    iterable: str | None
    node: ast.AST = field(compare=False, repr=False)


@dataclass(frozen=True)
class Event:
    """A call reached from the cell: ``attr`` (last name), ``receiver`` (the root variable
    of a method call, as a cell name when it maps back, else ``<fn>.name``), ``name``
    (the dotted callee for a plain call), ``loops`` (all loops around it, outermost
    first, across functions), ``path`` (user functions entered), ``line`` (the line of
    the cell that leads to it), ``no_grad`` (inside ``with torch.no_grad()`` somewhere
    on the way), ``call`` (the CallFact in its own function)."""

    attr: str | None
    receiver: str | None
    name: str | None
    loops: tuple[Frame, ...]
    path: tuple[str, ...]
    line: int
    no_grad: bool
    call: Any = field(compare=False, repr=False)
    args: tuple[str | None, ...] = ()
    scope: Any = field(default=None, compare=False, repr=False)   # names of its function


class _Scope:
    def __init__(self, fn: Function | None, binding: dict[str, str | None]) -> None:
        self.fn, self.binding = fn, binding
        self.locals = fn.locals() if fn is not None else set()

    def map(self, name: str | None) -> str | None:
        """The cell's name for a name of this scope: a parameter → the caller's argument,
        a local → ``<fn>.name``, a global → itself."""
        if name is None or self.fn is None:
            return name
        if name in self.binding:
            return self.binding[name]
        if name in self.locals or name in self.fn.params or name in self.fn.kwonly:
            return f"<{self.fn.name}>.{name}"
        return name


def events(program: Program) -> list[Event]:
    """Every call reachable from the cell through user functions (any depth, no
    recursion), the cell's own calls included."""
    out: list[Event] = []
    if not program.cell.ok:
        return out
    _walk(program, program.cell, _Scope(None, {}), (), (), None, False, out)
    return out


def _walk(program: Program, facts: SourceFacts, scope: _Scope, loops: tuple[Frame, ...],
          path: tuple[str, ...], entry: int | None, no_grad: bool, out: list[Event]) -> None:
    fname = scope.fn.name if scope.fn else None
    frames = {id(lf): Frame(fname, lf.line, scope.map(lf.iter_name), lf.node)
              for lf in facts.loops}
    for c in facts.calls:
        if scope.fn is not None and c.function is None:
            continue                     # (a function's facts: only its own body counts)
        if scope.fn is None and c.function is not None:
            continue                     # the cell's functions run only when called
        here = loops + tuple(frames[id(lf)] for lf in c.loops)
        line = entry if entry is not None else c.line
        ng = no_grad or facts.inside_with(c.node, "no_grad", "inference_mode")
        args = tuple(scope.map(_arg_name(a)) for a in c.node.args)
        callee = program.function(c.name) if c.receiver is None else None
        if callee is not None and callee.name not in path and len(path) < MAX_DEPTH:
            binding = _bind(callee, c, scope)
            out.append(Event(c.attr, None, c.name, here, path, line, ng, c, args, scope))
            _walk(program, callee.facts, _Scope(callee, binding), here, path + (callee.name,),
                  line, ng, out)
            continue
        method = isinstance(c.node.func, ast.Attribute)
        out.append(Event(c.attr, scope.map(c.receiver_root) if method else None,
                         scope.map(c.name) if c.receiver is None else c.name, here, path,
                         line, ng, c, args, scope))


def _arg_name(a: ast.expr) -> str | None:
    """The variable an argument hands over (``model``, ``model.to(dev)``, ``loader``)."""
    if isinstance(a, ast.Name):
        return a.id
    if isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute) and \
            a.func.attr in ("to", "cuda", "cpu", "parameters"):
        return root_name(a.func.value)
    return None


def _bind(fn: Function, call: Any, scope: _Scope) -> dict[str, str | None]:
    b: dict[str, str | None] = {}
    for i, a in enumerate(call.node.args):
        if isinstance(a, ast.Starred):
            break
        if i < len(fn.params):
            b[fn.params[i]] = scope.map(_arg_name(a))
    for k in call.node.keywords:
        if k.arg:
            b[k.arg] = scope.map(_arg_name(k.value))
    # defaults of parameters not passed: the function's own (locals)
    return b


# -- training steps ----------------------------------------------------------------------
@dataclass
class TrainingStep:
    """One training step reached from the cell, with its surroundings."""

    line: int                           # line of the cell that leads to it
    kind: str                           # "backward" (PyTorch) | "fit" (Keras)
    loops: tuple[Frame, ...]            # loops around the step, outermost first
    path: tuple[str, ...]               # user functions entered, outermost first
    model: str | None = None
    optimizer: str | None = None
    loss: str | None = None
    scheduler: str | None = None
    scheduler_per: str | None = None    # "step" | "epoch" | None
    loader: str | None = None
    zero_grad: bool = False
    stepped: bool = False               # optimizer.step() in the same loop
    moves: tuple[str, ...] = ()         # variables moved to a device on the way
    modes: tuple[tuple[str, str], ...] = ()   # (variable, "train"|"eval") calls before it
    no_grad: bool = False               # the step itself runs under no_grad

    @property
    def depth(self) -> int:
        return len(self.path)


def _same_or_inside(outer: tuple[Frame, ...], inner: tuple[Frame, ...]) -> bool:
    return inner[:len(outer)] == outer


def training_steps(program: Program,
                   kinds: Callable[[str], str | None] | None = None) -> list[TrainingStep]:
    """The training steps reached from the cell (PyTorch ``.backward()`` calls in a loop,
    Keras ``fit``/``train_on_batch``), at any depth of user functions."""
    kinds = kinds or (lambda _n: None)
    evs = events(program)
    out: list[TrainingStep] = []
    for e in evs:
        if e.attr == "backward" and e.receiver is not None and e.loops:
            out.append(_torch_step(e, evs, kinds, program))
        elif e.attr in ("fit", "train_on_batch") and e.receiver is not None and \
                kinds(e.receiver) in (None, "model"):
            out.append(TrainingStep(e.line, "fit", e.loops, e.path, model=e.receiver,
                                    no_grad=e.no_grad))
    return out


def _torch_step(b: Event, evs: list[Event], kinds: Callable[[str], str | None],
                program: Program) -> TrainingStep:
    loop = b.loops                                   # the loops around backward
    inner = loop[-1:]                                # the innermost one
    same = [e for e in evs if e.loops and _same_or_inside(loop, e.loops)]
    around = [e for e in evs if e.loops and loop and e.loops[0] == loop[0]]
    st = TrainingStep(b.line, "backward", loop, b.path, no_grad=b.no_grad)
    # optimizer: receiver of step() next to backward (with zero_grad, or of kind optimizer)
    steps = [e for e in same if e.attr == "step" and e.receiver]
    zgs = {e.receiver for e in around if e.attr == "zero_grad" and e.receiver}
    opt = next((e for e in steps if kinds(e.receiver or "") == "optimizer"), None) or \
        next((e for e in steps if e.receiver in zgs), None) or \
        next((e for e in steps if kinds(e.receiver or "") != "scheduler"
              and not _looks_like_scheduler(e.receiver)), None)
    if opt is not None:
        st.optimizer, st.stepped = opt.receiver, True
    st.zero_grad = bool(zgs & {st.optimizer}) or any(
        e.attr == "zero_grad" and e.receiver and kinds(e.receiver) == "model" for e in around)
    # scheduler: another .step() receiver in these loops
    for e in around:
        if e.attr == "step" and e.receiver and e.receiver != st.optimizer and (
                kinds(e.receiver) == "scheduler" or _looks_like_scheduler(e.receiver)
                or kinds(e.receiver) is None and e.receiver not in zgs):
            st.scheduler = e.receiver
            st.scheduler_per = "step" if inner and _same_or_inside(loop, e.loops) \
                else "epoch"
            break
    # loss and model: what the backward receiver was computed from
    st.loss, st.model = _loss_and_model(b, kinds, program)
    if st.model is None:
        called = [e.name for e in same if e.receiver is None and e.name
                  and kinds(e.name) == "model"]
        st.model = called[0] if called else None
    # loader: the iterable of the loop around the step that is not a range
    for fr in reversed(loop):
        if fr.iterable and fr.iterable not in ("range", "len") and \
                kinds(fr.iterable) in (None, "loader", "dataset"):
            st.loader = fr.iterable
            break
    st.moves = tuple(sorted({e.receiver for e in same
                             if e.attr in ("to", "cuda") and e.receiver}))
    st.modes = tuple((e.receiver, e.attr) for e in evs
                     if e.attr in ("train", "eval") and e.receiver and e.call is not None
                     and (not e.loops or e.loops[0] == loop[0] or not loop))
    return st


def _looks_like_scheduler(name: str | None) -> bool:
    n = (name or "").lower().rsplit(".", 1)[-1]
    return "sched" in n or n in ("lr_scheduler", "scheduler", "lr_sched", "warmup")


def _loss_and_model(b: Event, kinds: Callable[[str], str | None], program: Program) -> tuple[str | None, str | None]:
    """The loss function and the model behind ``loss.backward()``: the assignment of the
    backward receiver in its own function (``loss = criterion(model(x), y)``)."""
    facts = _facts_of(b, program)
    if facts is None:
        return None, None
    value: ast.expr | None = b.call.node.func.value
    if isinstance(value, ast.Name):
        prior = [a for a in facts.assigns if a.target == value.id and a.line <= b.call.line]
        value = prior[-1].value if prior else None
    # criterion(out, y).mean().backward(): the call under the reductions
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
            isinstance(value.func.value, ast.Call):
        value = value.func.value
    if not isinstance(value, ast.Call):
        return None, None
    scope = b.scope
    loss_name = scope.map(dotted(value.func))
    if loss_name and kinds(loss_name) == "model":    # model(x).sum().backward()
        return None, loss_name
    # the model: called inside the loss arguments, through this function's assignments
    callers = set()
    pv = Provenance(facts)
    origin = pv.call_origins()
    for a in value.args[:1] or value.args:
        callers |= pv.callers(a, origin)
    fn_names = set(facts.functions)
    cands = [scope.map(c) for c in sorted(callers) if c not in fn_names]
    models = [c for c in cands if c and kinds(c) == "model"] or \
        [c for c in cands if c and kinds(c) is None and program.function(c) is None
         and not c.startswith("<") and c not in ("len", "float", "int")]
    return loss_name, (models[0] if models else None)


def _facts_of(e: Event, program: Program) -> SourceFacts | None:
    if not e.path:
        return program.cell
    fn = program.function(e.path[-1])
    return fn.facts if fn is not None else None


def iter_calls(program: Program, attr: str) -> Iterator[Event]:
    """Events of calls whose last name is ``attr`` (``"eval"``, ``"step"``...)."""
    return (e for e in events(program) if e.attr == attr)
