"""AST facts of a cell.

``SourceFacts(src)`` parses the (IPython-transformed) cell source once and offers the
facts rules ask for: calls (with their dotted name, receiver, arguments and enclosing
loops), loops (with every call and assignment inside them, nested loops and function
bodies included), assignments, and name resolution against the user namespace.

Line numbers are 1-based lines of the cell.
"""

from __future__ import annotations

import ast
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


def dotted(node: ast.AST | None) -> str | None:
    """``a.b.c`` for Name/Attribute chains; ``a.b()`` gives ``a.b()``-less ``None``."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def root_name(node: ast.AST | None) -> str | None:
    """The base variable of ``a.b[0].c(...)`` → ``a``."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


@dataclass
class CallFact:
    node: ast.Call
    name: str | None          # dotted callee: "optimizer.zero_grad", "nn.Linear", "model"
    attr: str | None          # last part: "zero_grad", "Linear", "model"
    receiver: str | None      # dotted receiver of a method call: "optimizer"; None for plain calls
    receiver_root: str | None  # root variable of the receiver, also through calls: "model" in model(x).backward()
    line: int
    loops: tuple[LoopFact, ...]  # enclosing loops, outermost first
    function: str | None      # enclosing def, if any

    @property
    def args(self) -> list[ast.expr]:
        return self.node.args

    @property
    def kwargs(self) -> dict[str, ast.expr]:
        return {k.arg: k.value for k in self.node.keywords if k.arg}

    def kwarg(self, name: str, pos: int | None = None) -> ast.expr | None:
        kw = self.kwargs
        if name in kw:
            return kw[name]
        if pos is not None and len(self.node.args) > pos:
            a = self.node.args[pos]
            return None if isinstance(a, ast.Starred) else a
        return None

    def const(self, name: str, pos: int | None = None, default: Any = None) -> Any:
        """The literal value of an argument, or ``default`` when absent or not a literal."""
        node = self.kwarg(name, pos)
        if node is None:
            return default
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return default


@dataclass(eq=False)
class LoopFact:
    node: ast.For | ast.While | ast.AsyncFor
    line: int
    targets: tuple[str, ...]      # names bound by the for target
    iter_name: str | None         # dotted iterable: "train_loader", "range" for range(...)
    iter_node: ast.expr | None
    depth: int                    # 0 = outermost
    function: str | None
    calls: list[CallFact] = field(default_factory=list)   # every call inside, nested too
    assigned: set[str] = field(default_factory=set)        # names assigned inside

    def calls_to(self, *attrs: str) -> list[CallFact]:
        return [c for c in self.calls if c.attr in attrs]

    def has_call(self, *attrs: str) -> bool:
        return any(c.attr in attrs for c in self.calls)


@dataclass
class Assign:
    target: str
    value: ast.expr
    line: int
    loops: tuple[LoopFact, ...]
    augmented: bool = False       # x += value
    op: ast.operator | None = None


def _target_names(t: ast.AST) -> list[str]:
    if isinstance(t, ast.Name):
        return [t.id]
    if isinstance(t, (ast.Tuple, ast.List)):
        return [n for e in t.elts for n in _target_names(e)]
    if isinstance(t, ast.Starred):
        return _target_names(t.value)
    return []


class _Walker(ast.NodeVisitor):
    def __init__(self, facts: SourceFacts) -> None:
        self.f = facts
        self.loops: list[LoopFact] = []
        self.function: str | None = None

    def _loop(self, node: ast.For | ast.While | ast.AsyncFor) -> None:
        if isinstance(node, ast.While):
            targets: tuple[str, ...] = ()
            it = None
            it_name = None
        else:
            targets = tuple(_target_names(node.target))
            it = node.iter
            it_name = dotted(it.func if isinstance(it, ast.Call) else it)
            if isinstance(it, ast.Call) and it_name in ("enumerate", "tqdm", "tqdm.tqdm",
                                                        "zip", "iter") and it.args:
                inner = it.args[0]
                it_name = dotted(inner.func if isinstance(inner, ast.Call) else inner) or it_name
        lf = LoopFact(node=node, line=node.lineno, targets=targets, iter_name=it_name,
                      iter_node=it, depth=len(self.loops), function=self.function)
        self.f.loops.append(lf)
        if it is not None:
            self.visit(it)
        self.loops.append(lf)
        if not isinstance(node, ast.While):
            for n in _target_names(node.target):
                for outer in self.loops:
                    outer.assigned.add(n)
        else:
            self.visit(node.test)
        for stmt in node.body + node.orelse:
            self.visit(stmt)
        self.loops.pop()

    visit_For = visit_While = visit_AsyncFor = _loop

    def _func(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for d in node.decorator_list:
            self.visit(d)
        saved, self.function = self.function, node.name
        saved_loops, self.loops = self.loops, []
        self.f.functions[node.name] = node
        for stmt in node.body:
            self.visit(stmt)
        self.function, self.loops = saved, saved_loops

    visit_FunctionDef = visit_AsyncFunctionDef = _func

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = dotted(func)
        attr = func.attr if isinstance(func, ast.Attribute) else (
            func.id if isinstance(func, ast.Name) else None)
        receiver = dotted(func.value) if isinstance(func, ast.Attribute) else None
        rroot = root_name(func.value) if isinstance(func, ast.Attribute) else None
        cf = CallFact(node=node, name=name, attr=attr, receiver=receiver, receiver_root=rroot,
                      line=node.lineno, loops=tuple(self.loops), function=self.function)
        self.f.calls.append(cf)
        for lf in self.loops:
            lf.calls.append(cf)
        self.generic_visit(node)

    def _record_assign(self, names: list[str], value: ast.expr, line: int,
                       augmented: bool = False, op: ast.operator | None = None) -> None:
        for n in names:
            self.f.assigns.append(Assign(n, value, line, tuple(self.loops), augmented, op))
            for lf in self.loops:
                lf.assigned.add(n)

    def visit_Assign(self, node: ast.Assign) -> None:
        for t in node.targets:
            self._record_assign(_target_names(t), node.value, node.lineno)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._record_assign(_target_names(node.target), node.value, node.lineno)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._record_assign(_target_names(node.target), node.value, node.lineno, True, node.op)
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            self.f.withs.append((item.context_expr, node))
        self.generic_visit(node)

    visit_AsyncWith = visit_With


class SourceFacts:
    """Facts of one cell's source. ``ok`` is False when it does not parse."""

    def __init__(self, text: str, namespace: dict[str, Any] | None = None) -> None:
        self.text = text or ""
        self.lines = self.text.splitlines()
        self.ns = namespace if namespace is not None else {}
        self.calls: list[CallFact] = []
        self.loops: list[LoopFact] = []
        self.assigns: list[Assign] = []
        self.withs: list[tuple[ast.expr, ast.With]] = []
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self._parents: dict[ast.AST, ast.AST] | None = None
        self._flows: set[tuple[str, str]] | None = None
        self._names: frozenset[str] | None = None
        try:
            self.tree: ast.Module | None = ast.parse(self.text)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            self.tree = None
            return
        try:
            _Walker(self).visit(self.tree)
        except RecursionError:
            self.tree = None

    def names(self) -> frozenset[str]:
        """Every plain name the cell reads or writes (``X`` in ``X /= 255`` or
        ``X[0] = 1``): the values it may have changed in place."""
        if self._names is None:
            self._names = frozenset(n.id for n in ast.walk(self.tree)
                                    if isinstance(n, ast.Name)) if self.tree else frozenset()
        return self._names

    @property
    def ok(self) -> bool:
        return self.tree is not None

    # -- queries -----------------------------------------------------------------------
    def calls_to(self, *attrs: str) -> list[CallFact]:
        return [c for c in self.calls if c.attr in attrs]

    def training_loops(self) -> list[LoopFact]:
        """Outermost-first loops whose body calls ``.backward()`` (PyTorch) — the training loops.
        Only the innermost loop that contains the backward call is returned per call."""
        out: list[LoopFact] = []
        for c in self.calls:
            if c.attr == "backward" and c.loops:
                lf = c.loops[-1]
                if lf not in out:
                    out.append(lf)
        return out

    def assigned_names(self) -> set[str]:
        return {a.target for a in self.assigns}

    def assignments_to(self, name: str) -> list[Assign]:
        return [a for a in self.assigns if a.target == name]

    def line_text(self, line: int | None) -> str:
        if line is None or not (1 <= line <= len(self.lines)):
            return ""
        return self.lines[line - 1].strip()

    def segment(self, node: ast.AST) -> str:
        try:
            return ast.get_source_segment(self.text, node) or ""
        except Exception:  # noqa: BLE001 - a bad position must never break a rule
            return ""

    def parent(self, node: ast.AST) -> ast.AST | None:
        if self._parents is None:
            self._parents = {}
            if self.tree is not None:
                for p in ast.walk(self.tree):
                    for ch in ast.iter_child_nodes(p):
                        self._parents[ch] = p
        return self._parents.get(node)

    def inside_with(self, node: ast.AST, *names: str) -> bool:
        """Is ``node`` lexically inside ``with <x>:`` where x's dotted call/name ends in one of
        ``names`` (e.g. ``no_grad``, ``inference_mode``)?"""
        p = self.parent(node)
        while p is not None:
            if isinstance(p, (ast.With, ast.AsyncWith)):
                for item in p.items:
                    e = item.context_expr
                    d = dotted(e.func if isinstance(e, ast.Call) else e) or ""
                    if d.split(".")[-1] in names:
                        return True
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for dec in p.decorator_list:
                    d = dotted(dec.func if isinstance(dec, ast.Call) else dec) or ""
                    if d.split(".")[-1] in names:
                        return True
            p = self.parent(p)
        return False

    def flows(self) -> set[tuple[str, str]]:
        """Pairs ``(f, m)``: the output of a call of variable ``m`` flows into a call of
        variable ``f`` — ``loss_fn(model(x), y)``, or ``out = model(x)`` then
        ``criterion(out, y)`` (through up to three assignments in this cell). Also
        ``(f, m)`` for ``f(m.parameters())`` (an optimizer built over a model)."""
        if self._flows is not None:
            return self._flows
        from ..analysis.provenance import Provenance  # the one provenance walk

        pv = Provenance(self)
        origin = pv.call_origins()
        out: set[tuple[str, str]] = set()
        for c in self.calls:
            f = c.name
            if not f:
                continue
            for arg in [*c.node.args, *(k.value for k in c.node.keywords)]:
                for m in pv.callers(arg, origin):
                    if m != f:
                        out.add((f, m))
        self._flows = out
        return out

    # -- resolution against the user namespace -----------------------------------------
    def resolve(self, name: str | None) -> Any:
        """The object a dotted name refers to, walking only through modules and classes
        (never calling a property of a user object). ``_MISSING`` when unknown."""
        if not name:
            return _MISSING
        parts = name.split(".")
        if parts[0] not in self.ns:
            return _MISSING
        obj = self.ns[parts[0]]
        for p in parts[1:]:
            if not isinstance(obj, (types.ModuleType, type)):
                return _MISSING
            try:
                obj = obj.__dict__[p] if isinstance(obj, type) and p in obj.__dict__ \
                    else getattr(obj, p)
            except Exception:  # noqa: BLE001
                return _MISSING
        return obj

    def qualname(self, name: str | None) -> str | None:
        """``nn.CrossEntropyLoss`` → ``torch.nn.CrossEntropyLoss`` when ``nn`` is the module
        ``torch.nn``; ``Variable`` → ``torch.autograd.variable.Variable`` when imported from
        there. ``None`` when the root is not a module, class or function."""
        if not name:
            return None
        parts = name.split(".")
        root = self.ns.get(parts[0], _MISSING)
        if isinstance(root, types.ModuleType):
            base = getattr(root, "__name__", None)
            return ".".join([base, *parts[1:]]) if isinstance(base, str) else None
        if isinstance(root, (type, types.FunctionType, types.BuiltinFunctionType)):
            mod = getattr(root, "__module__", None)
            qn = getattr(root, "__qualname__", None)
            if isinstance(mod, str) and isinstance(qn, str):
                return ".".join([mod, qn, *parts[1:]])
        return None


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"

    def __bool__(self) -> bool:
        return False


_MISSING: Any = _Missing()
MISSING = _MISSING


def iter_names(node: ast.AST) -> Iterator[str]:
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            yield n.id
