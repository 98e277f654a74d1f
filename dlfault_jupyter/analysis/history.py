"""The executions of cells in one kernel: which cell ran again, in what order, and what
the values it read and wrote looked like before and after each execution.

After every cell the session records one :class:`Execution`:

- the cell's *key*: its cell id when the front-end sends one (JupyterLab), otherwise a hash
  of its source (nbclient and the headless check send no cell id: a re-run is the same
  source executed again, which is exactly what the kernel sees);
- the names the cell *reads before it writes them* (``X = X / 255``, ``X /= 255``,
  ``model.add(...)``, ``losses.append(...)``) and the names it assigns;
- a :class:`Value` summary of each name the cell mentions, *after* the cell, and the last
  summary known *before* it (recorded after the cell that last mentioned the name).

A :class:`Value` is a handful of numbers — shape, dtype, length, sampled range and moments
(the adapters' bounded, cached samples), a model's structure and a mark that moves when its
weights are written — never a copy of user data. Everything is bounded: the executions
kept, the cells remembered, the names summarised per cell and the names remembered.
"""

from __future__ import annotations

import ast
import hashlib
import math
import sys
import types
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..namespace import _disguised
from ..wording import num

MAX_EXECUTIONS = 256     # executions kept (the oldest are forgotten)
MAX_CELLS = 512          # cells (keys) whose last execution is remembered
MAX_NAMES = 2048         # names whose last summary is remembered
MAX_SUMMARISED = 48      # names summarised after one cell


@dataclass(frozen=True)
class Value:
    """A cheap summary of one variable's value (no user data)."""

    kind: str                      # array | sequence | mapping | scalar | model | optimizer
    type: str                      # ndarray, Tensor, DataFrame, list, int, Sequential...
    ident: int                     # id() of the object
    framework: str | None = None   # torch | keras | numpy | pandas | tensorflow | None
    shape: tuple | None = None
    dtype: str | None = None
    length: int | None = None
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    std: float | None = None
    uniques: int | None = None     # distinct sampled values, when at most 64
    integral: bool = False
    exact: bool = False            # every element was read (no sampling)
    value: float | None = None     # a number (scalar); the learning rate (optimizer, model)
    element: str | None = None     # sequences: kind of the last element (number, layer...)
    layers: int | None = None      # models: modules (torch) / layers (keras)
    params: int | None = None      # models: parameter elements
    weights: Any = None            # models: a mark that moves when weights are written
    steps: int | None = None       # models: weight writes (torch: the parameters' version
                                   # counters; keras: the compiled optimizer's step count)
    tensors: int | None = None     # models: parameter tensors (weight variables)
    digest: int | None = None      # sequences: hash of up to 16 sampled str/number items

    # -- comparisons ---------------------------------------------------------------------
    def structure(self) -> tuple:
        return (self.kind, self.type, self.shape, self.dtype, self.length, self.layers,
                self.params)

    def same(self, other: Value | None) -> bool:
        """Same value as far as the summary tells (models: same structure and weights)."""
        if other is None:
            return False
        if self.structure() != other.structure() or self.uniques != other.uniques:
            return False
        if self.kind == "model":
            return self.ident == other.ident and self.weights == other.weights
        if self.kind == "sequence":
            return self.digest == other.digest
        for a, b in ((self.min, other.min), (self.max, other.max), (self.mean, other.mean),
                     (self.std, other.std), (self.value, other.value)):
            if not _close(a, b):
                return False
        return True

    def differs(self, other: Value | None, exact: bool = True) -> bool:
        """A real change, not sampling noise: another structure or dtype, another scale
        (std ×0.7 or ×1.4), a mean moved by half a standard deviation, whole numbers with
        another range (labels shifted), another number of distinct values; models: another
        structure or object. The same data in another order reads as the same.
        ``exact``: when both summaries read every element, any difference counts."""
        if other is None:
            return True
        if self.structure() != other.structure():
            return True
        if self.kind == "model":
            return self.ident != other.ident
        if self.kind == "scalar":
            return not _close(self.value, other.value)
        if self.kind == "sequence":
            return self.digest != other.digest
        if self.kind != "array" or self.mean is None or other.mean is None:
            return False
        if exact and self.exact and other.exact:
            return not self.same(other)
        if (self.uniques is None) != (other.uniques is None) or (
                self.uniques is not None and self.uniques != other.uniques):
            return True
        if self.integral and other.integral and self.uniques is not None and (
                self.min != other.min or self.max != other.max):
            return True
        s0, s1 = self.std or 0.0, other.std or 0.0
        if (s0 > 0) != (s1 > 0) or (s0 > 0 and not 0.7 <= s1 / s0 <= 1.43):
            return True
        return abs(self.mean - other.mean) > 0.5 * max(s0, s1, 1e-12)

    # -- words -----------------------------------------------------------------------------
    def describe(self) -> str:
        if self.kind == "model":
            unit = "layers" if self.framework == "keras" else "modules"
            return (f"{self.type} with {self.layers} {unit}, "
                    f"{_count(self.params)} parameters")
        if self.kind == "scalar":
            return _num(self.value)
        if self.kind in ("sequence", "mapping"):
            return f"{self.type} of {self.length}"
        parts = []
        if self.shape is not None:
            parts.append(_shape(self.shape))
        if self.dtype:
            parts.append(self.dtype)
        if self.min is not None and self.max is not None:
            parts.append(f"in [{_num(self.min)}, {_num(self.max)}]")
            if self.mean is not None and self.std is not None and not self.integral:
                parts.append(f"(mean {_num(self.mean)}, std {_num(self.std)})")
        return " ".join(parts) or self.type


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _num(x: float | None) -> str:
    """Numbers in the N rules' evidence read like every message's (wording.num)."""
    return num(x)


def _count(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


def _shape(shape: tuple) -> str:
    dims = tuple(shape)
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join("None" if d is None or d == -1 else str(d) for d in dims) + ")"


# -- summaries ---------------------------------------------------------------------------
_SKIP = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type,
         types.MethodType, str, bytes)


def summarize(obj: Any) -> Value | None:  # noqa: C901 - one case per kind of value (scalar, container, each adapter's objects)
    """The :class:`Value` of an object, or None when it is not summarised. Uses only the
    adapters of frameworks the user imported; reads a bounded sample of array values."""
    tp = type(obj)
    if tp in (int, float):
        return Value("scalar", tp.__name__, id(obj), value=float(obj))
    if tp in (list, tuple):
        el = _element(obj[-1]) if obj else None
        return Value("sequence", tp.__name__, id(obj), length=len(obj), element=el,
                     digest=_items_digest(obj))
    if tp in (dict, set):
        return Value("mapping", tp.__name__, id(obj), length=len(obj))
    if isinstance(obj, _SKIP) or obj is None or _disguised(tp):
        return None
    mod = getattr(tp, "__module__", "") or ""
    root = mod.split(".", 1)[0] if isinstance(mod, str) else ""
    name = tp.__name__
    if root == "numpy" and name in ("float64", "float32", "int64", "int32"):
        try:
            return Value("scalar", name, id(obj), value=float(obj))
        except Exception:  # noqa: BLE001
            return None
    if "torch" in sys.modules:
        t = frameworks.get("torch")
        if t.is_tensor(obj):
            return _array(t.summary(obj), name, id(obj), "torch")
        if t.is_optimizer(obj):
            lr = None
            try:
                lr = float(obj.param_groups[0]["lr"])
            except Exception:  # noqa: BLE001 - a tensor lr, no groups
                pass
            return Value("optimizer", name, id(obj), "torch", value=lr)
        if t.is_model(obj):
            n_mod, n_par, n_el, ver = t.model_state(obj)
            # weights: sampled moments of the first and last parameters (cached by version);
            # steps: the version counters (each optimizer step writes every parameter once;
            # creating, initialising or loading writes each once or twice)
            return Value("model", name, id(obj), "torch", layers=n_mod, params=n_el,
                         weights=_torch_mark(t, obj), steps=ver, tensors=n_par)
    if root in ("keras", "tensorflow") or (
            ("keras" in sys.modules or "tensorflow" in sys.modules) and mod == "__main__"):
        k = frameworks.get("keras")
        if k is not None:
            if k.is_model(obj):
                n_l, n_w, n_el, mark, steps = k.model_state(obj)
                opt = getattr(obj, "optimizer", None) if getattr(obj, "compiled", False) \
                    else None
                lr = k.learning_rate(opt) if opt is not None else None
                return Value("model", name, id(obj), "keras", layers=n_l, params=n_el,
                             weights=mark, steps=steps, value=lr, tensors=n_w)
            if root in ("keras", "tensorflow") and k.is_optimizer(obj):
                return Value("optimizer", name, id(obj), "keras",
                             value=k.learning_rate(obj))
            if root in ("tensorflow", "keras") and k.is_tensor(obj):
                return _array(k.summary(obj), name, id(obj), "tensorflow")
    if root == "numpy" and "numpy" in sys.modules:
        n = frameworks.get("numpy")
        if n is not None and n.is_array(obj):
            return _array(n.summary(obj), name, id(obj), "numpy")
    if root == "pandas" and "pandas" in sys.modules:
        from ..frameworks import pandas as pda

        if pda.is_data(obj):
            return _array(pda.summary(obj), name, id(obj), "pandas")
    return None


def _array(s: Any, name: str, ident: int, fw: str) -> Value:
    u = len(s.uniques) if s.uniques is not None else None
    return Value("array", name, ident, fw, shape=tuple(s.shape), dtype=s.dtype,
                 length=s.shape[0] if s.shape else None, min=s.min, max=s.max,
                 mean=s.mean, std=s.std, uniques=u, integral=s.integral,
                 exact=bool(s.exact))


def _torch_mark(t: Any, model: Any) -> tuple | None:
    first = last = None
    for p in model.parameters():
        if first is None:
            first = p
        last = p
    out: list[float] = []
    for p in (first, last):
        if p is None:
            continue
        s = t.summary(p)
        out += [s.mean, s.std] if s.mean is not None else [float(p.numel())]
    return tuple(out) if out else None


def _items_digest(seq: Any) -> int | None:
    """A hash of up to 16 evenly spaced items when they are strings or numbers (the
    content of a list of texts, file names or feature names; never stored itself)."""
    n = len(seq)
    if not n:
        return None
    idx = sorted({(i * (n - 1)) // 15 for i in range(16)}) if n > 16 else range(n)
    items = []
    for i in idx:
        x = seq[i]
        if type(x) not in (str, int, float, bool):
            return None
        items.append(x)
    return hash((n, tuple(items)))


def _element(x: Any) -> str:
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return "number"
    root = (getattr(type(x), "__module__", "") or "").split(".", 1)[0]
    if root == "numpy" and frameworks.type_name(x).startswith(("float", "int")):
        return "number"
    if "torch" in sys.modules:
        t = frameworks.get("torch")
        if t.is_module(x):
            return "layer"
        if t.is_tensor(x) and x.dim() == 0:
            return "number"
    if root in ("keras", "tensorflow") and "layers" in type(x).__module__:
        return "layer"
    return "other"


# -- what a cell reads before writing ------------------------------------------------------
class _Order(ast.NodeVisitor):
    """The first use of each global name in evaluation order (a load or a store), the
    names assigned, and the roots of in-place writes (``X[...] = ``, ``X.attr = ``,
    ``X += ``)."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}
        self.assigned: set[str] = set()
        self.local: list[set[str]] = []

    def _load(self, n: str) -> None:
        if not any(n in s for s in self.local):
            self.first.setdefault(n, "load")

    def _store(self, n: str) -> None:
        if not any(n in s for s in self.local):
            self.first.setdefault(n, "store")
            self.assigned.add(n)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._load(node.id)
        elif isinstance(node.ctx, ast.Store):
            self._store(node.id)

    def _target(self, t: ast.AST) -> None:
        if isinstance(t, ast.Name):
            self._store(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                self._target(e)
        elif isinstance(t, ast.Starred):
            self._target(t.value)
        else:  # X[i] = ..., X.a = ...: reads X, changes it in place
            self.visit(t)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for t in node.targets:
            self._target(t)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
            self._target(node.target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self._load(node.target.id)
            self.visit(node.value)
            self._store(node.target.id)
        else:
            self.visit(node.target)
            self.visit(node.value)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._target(node.target)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self._target(node.target)
        for s in node.body + node.orelse:
            self.visit(s)

    visit_AsyncFor = visit_For

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for a in node.names:
            self._store(a.asname or a.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def _scope(self, node: ast.AST, params: set[str], body: list[ast.stmt]) -> None:
        local = set(params)
        for n in ast.walk(ast.Module(body=body, type_ignores=[])) if body else ():
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                local.add(n.id)
        globs = {g for n in ast.walk(ast.Module(body=body, type_ignores=[]))
                 for g in (n.names if isinstance(n, ast.Global) else ())} if body else set()
        local -= globs
        self.local.append(local)
        for s in body:
            self.visit(s)
        self.local.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for d in node.decorator_list:
            self.visit(d)
        for d in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(d)
        a = node.args
        params = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
        params |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
        self._store(node.name)
        self._scope(node, params, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        a = node.args
        params = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
        self.local.append(params)
        self.visit(node.body)
        self.local.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for b in node.bases:
            self.visit(b)
        self._store(node.name)

    def _comp(self, node: ast.AST) -> None:
        gens = node.generators  # type: ignore[attr-defined]
        local = {n.id for g in gens for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        self.visit(gens[0].iter)
        self.local.append(local)
        for i, g in enumerate(gens):
            if i:
                self.visit(g.iter)
            for c in g.ifs:
                self.visit(c)
        for f in ("elt", "key", "value"):
            if hasattr(node, f):
                self.visit(getattr(node, f))
        self.local.pop()

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comp


def reads_and_writes(tree: ast.AST | None) -> tuple[frozenset[str], frozenset[str]]:
    """(names read before the cell writes them, names the cell assigns)."""
    if tree is None:
        return frozenset(), frozenset()
    o = _Order()
    try:
        o.visit(tree)
    except RecursionError:
        return frozenset(), frozenset()
    return (frozenset(n for n, e in o.first.items() if e == "load"),
            frozenset(o.assigned))


# -- the history ---------------------------------------------------------------------------
@dataclass(eq=False)
class Execution:
    """One execution of a cell."""

    n: int                          # 1-based order of execution in this kernel
    count: int                      # the execution count (``In [count]``)
    key: str                        # cell id, or a hash of the source
    digest: str                     # hash of the source
    cell_id: str | None
    reads: frozenset[str]           # read before the cell writes them
    assigned: frozenset[str]        # bound by the cell
    before: dict[str, Value]        # last known summary before this execution
    after: dict[str, Value]         # summary after it
    previous: Execution | None = None   # the previous execution of the same cell

    @property
    def rerun(self) -> bool:
        return self.previous is not None

    def changed(self, name: str) -> bool:
        """The cell changed (or bound) ``name``: its summary differs from before."""
        a, b = self.after.get(name), self.before.get(name)
        return a is not None and (b is None or not a.same(b))

    def trained(self) -> list[str]:
        """Models whose weights this execution moved by optimizer steps, the model object
        being the same before and after (trained or fine-tuned; not re-created, and not
        re-initialised or loaded: those write each weight once or twice)."""
        out = []
        for name, a in self.after.items():
            b = self.before.get(name)
            if a.kind == "model" and b is not None and b.ident == a.ident \
                    and b.structure() == a.structure() and b.weights != a.weights \
                    and name not in self.assigned and _stepped(b, a):
                out.append(name)
        return out

    def rewritten(self) -> list[str]:
        """Models whose weights this execution wrote without training them: re-initialised,
        or loaded (the same object)."""
        out = []
        for name, a in self.after.items():
            b = self.before.get(name)
            if a.kind == "model" and b is not None and b.ident == a.ident \
                    and b.weights != a.weights and name not in self.assigned \
                    and not _stepped(b, a):
                out.append(name)
        return out


def _stepped(b: Value, a: Value) -> bool:
    """The weights were written by optimizer steps (at least three) between two summaries."""
    if b.steps is None or a.steps is None:
        return True
    if a.framework == "torch":
        return a.steps - b.steps >= 3 * (a.tensors or 1)
    return a.steps > b.steps


def trained_here(ex: Execution, source: Any) -> list[str]:
    """Models this execution trained: those whose weights it wrote (:meth:`Execution.trained`),
    and those it created and trained in the same cell (whose weights were written by
    optimizer steps already, or a PyTorch model in a cell that calls ``backward()``/``step()``)."""
    out = ex.trained()
    calls = {c.attr for c in getattr(source, "calls", ())}
    for name in sorted(ex.assigned):
        a = ex.after.get(name)
        if a is None or a.kind != "model" or name in out:
            continue
        fresh_steps = (a.steps or 0) >= 4 * (a.tensors or 1) if a.framework == "torch" \
            else bool(a.steps)
        if fresh_steps or (a.framework == "torch" and calls & {"backward", "step", "fit"}):
            out.append(name)
    return out


def _digest(text: str) -> str:
    return hashlib.blake2b(text.strip().encode("utf-8", "replace"), digest_size=8).hexdigest()


class History:
    """The bounded history of executions of one kernel (no user objects are held)."""

    def __init__(self) -> None:
        self.executions: deque[Execution] = deque(maxlen=MAX_EXECUTIONS)
        self.by_key: OrderedDict[str, Execution] = OrderedDict()
        self.last: OrderedDict[str, tuple[Value, int]] = OrderedDict()
        self.current: Execution | None = None
        self._n = 0

    def clear(self) -> None:
        self.executions.clear()
        self.by_key.clear()
        self.last.clear()
        self.current = None

    def record(self, source: str, tree: ast.AST | None, mentioned: Any, ns: dict[str, Any],
               count: int, cell_id: str | None = None) -> Execution:
        """Record the execution of a cell that has just run (``source``: its transformed
        source, ``tree``: its AST, ``mentioned``: the names in it)."""
        self._n += 1
        digest = _digest(source)
        key = f"id:{cell_id}" if cell_id else f"src:{digest}"
        reads, assigned = reads_and_writes(tree)
        before: dict[str, Value] = {}
        after: dict[str, Value] = {}
        names = [n for n in sorted(mentioned) if n in ns and not n.startswith("_")]
        # names the cell reads first (what a re-run transforms) go first under the cap
        names.sort(key=lambda n: (n not in reads, n not in assigned))
        for name in names[:MAX_SUMMARISED]:
            try:
                v = summarize(ns[name])
            except Exception:  # noqa: BLE001 - an odd object is simply not summarised
                v = None
            old = self.last.get(name)
            if old is not None:
                before[name] = old[0]
            if v is None:
                self.last.pop(name, None)
                continue
            after[name] = v
            self.last[name] = (v, self._n)
            self.last.move_to_end(name)
        while len(self.last) > MAX_NAMES:
            self.last.popitem(last=False)
        # the previous execution of this cell: the same cell id (edited or not), or the
        # same source (nbclient sends no cell id; a copy of a cell runs the same code)
        src_key = f"src:{digest}"
        prev = self.by_key.get(key) or self.by_key.get(src_key)
        if prev is not None:
            prev.previous = None  # keep one step of each cell's chain, not all of it
        ex = Execution(self._n, int(count), key, digest, cell_id, reads, assigned, before,
                       after, prev)
        self.executions.append(ex)
        for k in {key, src_key}:
            self.by_key[k] = ex
            self.by_key.move_to_end(k)
        while len(self.by_key) > MAX_CELLS:
            self.by_key.popitem(last=False)
        self.current = ex
        return ex

    def since(self, n: int) -> list[Execution]:
        """The executions after the ``n``-th (those still kept), oldest first."""
        return [e for e in self.executions if e.n > n]
