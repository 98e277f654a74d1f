"""The user's model classes: ``nn.Module`` subclasses and Keras ``Layer``/``Model``
subclasses, with the bodies of their methods (``forward``, ``call``, ``__init__``,
``build``...) read once (issue 12).

A class counts when the name its ``class`` statement binds holds, in the namespace, a class
deriving from ``torch.nn.Module`` or ``keras.layers.Layer`` (asked of the framework
adapters, so aliases of the base class and intermediate user bases are understood);
without a live class (the name was rebound, a test without a namespace), when a base of the
statement resolves through :mod:`analysis.names` to one of those bases (``from torch import
nn as N; class Net(N.Module)``).

For each method, :class:`Method` gives the calls of its own body (not those of functions
nested in it) with their dotted and resolved names, its ``return`` statements, its plain
local assignments and the returned expressions traced back through them. For each class,
the attributes its ``__init__`` (and ``build``) assign a constructor call to
(``self.fc = nn.Linear(4, 2)``).

Two ways in: :func:`user_classes` (the classes this cell defines; cached on the cell as
``ctx.analysis.classes``) and :func:`method_of` (the user method a live model or layer runs,
found through its class hierarchy; its source read once per code object, from the cell's
class statement when the class is defined in this cell). Lines are those of the source the
method was read from: the cell's lines for a class of this cell, the method's own lines
(1 = its ``def``) for one read from a live function (``Method.in_cell``).
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .. import frameworks
from ..source.facts import dotted
from .names import Names

__all__ = ["CallSite", "Method", "UserClass", "classes_of", "function_method",
           "keras_class_of", "keras_classes", "method_of", "own_calls", "own_method",
           "own_nodes", "user_classes", "with_helpers"]

_FuncDef = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
#: bases a class statement may name when there is no live class to ask
_TORCH_BASES = ("torch.nn.Module",)
_KERAS_BASES = ("keras.Layer", "keras.layers.Layer", "keras.Model", "keras.Sequential")
_KERAS_MODELS = ("keras.Model", "keras.Sequential")
_LIB_ROOTS = ("torch", "keras", "tensorflow", "tf_keras")


def own_nodes(fn: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, not those of functions, lambdas or classes nested
    in it (their bodies run at another time, or never)."""
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        n = todo.pop()
        if isinstance(n, _SCOPES):
            continue
        yield n
        todo.extend(ast.iter_child_nodes(n))


def own_calls(fn: ast.AST) -> Iterator[ast.Call]:
    """Calls in a method's body, not those of functions nested in it."""
    return (n for n in own_nodes(fn) if isinstance(n, ast.Call))


def _self_attr(node: ast.AST | None, self_name: str = "self") -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id == self_name:
        return node.attr
    return None


@dataclass(frozen=True)
class CallSite:
    """A call in a method's own body: ``name`` as written (``F.softmax``, ``self.fc``,
    ``x.view``), ``qualname`` resolved through the imports (``torch.nn.functional.softmax``;
    None for ``self.<attr>(...)``, a method of a local value, an unknown root),
    ``self_attr`` (``fc`` for ``self.fc(...)``), ``line`` (see the module docstring)."""

    node: ast.Call
    name: str | None
    qualname: str | None
    self_attr: str | None
    line: int

    @property
    def attr(self) -> str | None:
        """The last part of the callee's name (``softmax``, ``fc``, ``view``)."""
        return self.name.rsplit(".", 1)[-1] if self.name else None

    def keyword(self, name: str) -> ast.expr | None:
        return next((k.value for k in self.node.keywords if k.arg == name), None)


@dataclass(eq=False)
class Method:
    """One method of a user class (see the module docstring)."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    names: Names
    in_cell: bool = True
    text: str = ""            # the source the node's positions refer to
    module: str = "__main__"  # the module the method was defined in

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def in_notebook(self) -> bool:
        """Defined in the notebook (``__main__``), not imported from a file."""
        return self.module == "__main__"

    @property
    def params(self) -> list[str]:
        """Positional parameter names, ``self`` dropped."""
        ps = [a.arg for a in self.node.args.posonlyargs + self.node.args.args]
        return ps[1:] if ps and ps[0] in ("self", "cls") else ps

    @property
    def self_name(self) -> str:
        ps = self.node.args.posonlyargs + self.node.args.args
        return ps[0].arg if ps else "self"

    def line_in_method(self, node: ast.AST) -> int:
        """1-based line of ``node`` counted from the method's first line (its first
        decorator, else its ``def``)."""
        first = min([self.node.lineno] + [d.lineno for d in self.node.decorator_list])
        return getattr(node, "lineno", first) - first + 1

    @cached_property
    def nodes(self) -> list[ast.AST]:
        """Every node of the method's own body (nested functions excluded)."""
        return list(own_nodes(self.node))

    @cached_property
    def all_nodes(self) -> list[ast.AST]:
        """Every node of the method, functions and lambdas nested in it included (a
        closure defined in ``forward`` runs when ``forward`` calls it)."""
        return list(ast.walk(self.node))[1:]

    @cached_property
    def calls(self) -> list[CallSite]:
        """The calls of the method's own body, in source order."""
        return self._sites(n for n in self.nodes if isinstance(n, ast.Call))

    @cached_property
    def all_calls(self) -> list[CallSite]:
        """The calls of the method, nested functions included, in source order."""
        return self._sites(n for n in self.all_nodes if isinstance(n, ast.Call))

    def _sites(self, calls: Iterator[ast.Call]) -> list[CallSite]:
        out = []
        for c in calls:
            name = dotted(c.func)
            attr = _self_attr(c.func, self.self_name)
            head = name.split(".", 1)[0] if name else None
            q = None if attr is not None or head is None or head == self.self_name or \
                head in self.local_names else self.names.qualname(name, c.lineno)
            out.append(CallSite(c, name, q, attr, c.lineno))
        out.sort(key=lambda s: (s.node.lineno, s.node.col_offset))
        return out

    @cached_property
    def returns(self) -> list[ast.Return]:
        """The ``return`` statements of the method's own body, in source order."""
        out = [n for n in self.nodes if isinstance(n, ast.Return)]
        out.sort(key=lambda n: (n.lineno, n.col_offset))
        return out

    @cached_property
    def assigns(self) -> dict[str, list[ast.Assign]]:
        """Local name -> its plain single-target assignments (``x = ...``), in order."""
        out: dict[str, list[ast.Assign]] = {}
        for n in sorted((n for n in self.nodes if isinstance(n, ast.Assign)),
                        key=lambda n: (n.lineno, n.col_offset)):
            if len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                out.setdefault(n.targets[0].id, []).append(n)
        return out

    @cached_property
    def local_names(self) -> frozenset[str]:
        """Names bound in the method: parameters, assignment and loop targets."""
        a = self.node.args
        got = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
        got |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
        for n in self.nodes:
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                got.add(n.id)
        return frozenset(got)

    @cached_property
    def _parents(self) -> dict[ast.AST, ast.AST]:
        return {ch: p for p in ast.walk(self.node) for ch in ast.iter_child_nodes(p)}

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The node whose child ``node`` is (None for the method itself)."""
        return self._parents.get(node)

    def assignment_of(self, call: ast.AST) -> ast.Assign | None:
        """The single-target assignment whose value is ``call`` (``w = softmax(s)``)."""
        return next((n for n in self.nodes if isinstance(n, ast.Assign)
                     and n.value is call and len(n.targets) == 1), None)

    def traced(self, e: ast.expr | None, line: int | None = None, depth: int = 0
               ) -> ast.expr | None:
        """``e`` with a local name replaced by the value of its last plain assignment
        before ``line`` (repeatedly); the name itself when it is a parameter, assigned
        otherwise (augmented, unpacked) or not at all before ``line``."""
        while isinstance(e, ast.Name) and depth < 16:
            depth += 1
            at = line if line is not None else getattr(e, "lineno", None)
            prev = [a for a in self.assigns.get(e.id, []) if at is None or a.lineno < at]
            if not prev or self._rebound_otherwise(e.id, prev[-1].lineno, at):
                return e
            e, line = prev[-1].value, prev[-1].lineno
        return e

    def _rebound_otherwise(self, name: str, after: int, before: int | None) -> bool:
        for n in self.nodes:
            ln = getattr(n, "lineno", 0)
            if ln <= after or (before is not None and ln >= before):
                continue
            if isinstance(n, (ast.AugAssign, ast.AnnAssign)) and \
                    isinstance(n.target, ast.Name) and n.target.id == name:
                return True
        return False

    @cached_property
    def returned(self) -> list[ast.expr | None]:
        """The value of each ``return`` (None for a bare one), traced back through the
        local assignments (:meth:`traced`)."""
        return [self.traced(r.value, r.lineno) if r.value is not None else None
                for r in self.returns]

    def segment(self, node: ast.AST) -> str:
        """The source text of ``node`` as written (``ast.unparse`` when unknown)."""
        if self.text:
            try:
                got = ast.get_source_segment(self.text, node)
                if got:
                    return got
            except Exception:  # noqa: BLE001
                pass
        return ast.unparse(node)


@dataclass(eq=False)
class UserClass:
    """A user model class of the cell: its ``class`` statement, the live class it
    defined (None when the namespace does not hold it), its framework ("torch" or
    "keras") and, for Keras, whether it is a ``Model``."""

    node: ast.ClassDef
    cls: Any
    framework: str
    is_model: bool
    names: Names = field(repr=False)
    in_cell: bool = True
    text: str = ""

    @property
    def name(self) -> str:
        return self.node.name

    def method(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The ``def`` of ``name`` in the class statement's own body."""
        for st in self.node.body:
            if isinstance(st, _FuncDef) and st.name == name:
                return st
        return None

    @cached_property
    def methods(self) -> dict[str, Method]:
        mod = getattr(self.cls, "__module__", None)
        return {st.name: Method(st, self.names, self.in_cell, self.text,
                                mod if isinstance(mod, str) else "__main__")
                for st in self.node.body if isinstance(st, _FuncDef)}

    def body(self, name: str) -> Method | None:
        """The :class:`Method` ``name`` of the class statement, or None."""
        return self.methods.get(name)

    def assigned_attributes(self, *methods: str) -> list[tuple[str, ast.Assign, str]]:
        """``self.<attr> = <call>`` statements of ``methods`` (in that order, each in
        source order): (attribute, the assignment, the method's name)."""
        out: list[tuple[str, ast.Assign, str]] = []
        for m in methods:
            meth = self.methods.get(m)
            if meth is None:
                continue
            for n in sorted((n for n in meth.nodes if isinstance(n, ast.Assign)),
                            key=lambda n: (n.lineno, n.col_offset)):
                if len(n.targets) != 1 or not isinstance(n.value, ast.Call):
                    continue
                attr = _self_attr(n.targets[0], meth.self_name)
                if attr is not None:
                    out.append((attr, n, m))
        return out

    @cached_property
    def attributes(self) -> dict[str, ast.Assign]:
        """Attribute -> the ``self.<attr> = <call>`` that last sets it in ``__init__``
        then ``build`` (its value is the constructor call)."""
        return {attr: a for attr, a, _ in self.assigned_attributes("__init__", "build")}

    def constructor(self, attr: str) -> CallSite | None:
        """The call ``self.<attr>`` is assigned in ``__init__``/``build``, resolved."""
        a = self.attributes.get(attr)
        if a is None or not isinstance(a.value, ast.Call):
            return None
        c = a.value
        name = dotted(c.func)
        return CallSite(c, name, self.names.qualname(name, c.lineno) if name else None,
                        _self_attr(c.func), c.lineno)

    def helpers(self, of: str) -> list[Method]:
        """The methods of this class that ``of`` calls as ``self.<name>(...)``, one level
        (``forward`` calling ``self._embed(x)``), in the order first called."""
        m = self.methods.get(of)
        out: list[Method] = []
        for c in m.calls if m is not None else ():
            h = self.methods.get(c.self_attr or "")
            if h is not None and h is not m and h not in out:
                out.append(h)
        return out


# -- the classes of this cell --------------------------------------------------------------
def _framework_of_class(cls: Any) -> tuple[str, bool] | None:
    """("torch"|"keras", is a Keras Model) of a live class, asked of the adapters."""
    t = frameworks.get("torch")
    if t is not None and t.is_module_class(cls):
        return "torch", False
    k = frameworks.get("keras")
    if k is not None and k.is_layer_class(cls):
        km = k._keras()
        try:
            return "keras", km is not None and issubclass(cls, km.Model)
        except Exception:  # noqa: BLE001
            return "keras", False
    return None


def _framework_of_bases(node: ast.ClassDef, names: Names,
                        known: dict[str, tuple[str, bool]]) -> tuple[str, bool] | None:
    """The same, read from the statement's bases resolved through the imports (and the
    user classes of the cell already seen)."""
    for b in node.bases:
        q = names.qualname(b, node.lineno)
        if q in _TORCH_BASES:
            return "torch", False
        if q in _KERAS_BASES:
            return "keras", q in _KERAS_MODELS
        d = dotted(b)
        if d in known:
            return known[d]
    return None


def classes_of(tree: ast.AST | None, names: Names, ns: dict[str, Any] | None = None,
               text: str = "") -> list[UserClass]:
    """The user model classes defined by the class statements of ``tree`` (any depth),
    in source order; ``ns``: the namespace holding the classes they defined; ``text``:
    the source ``tree`` was parsed from."""
    if tree is None:
        return []
    ns = ns if ns is not None else {}
    out: list[UserClass] = []
    known: dict[str, tuple[str, bool]] = {}
    stmts = sorted((n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)),
                   key=lambda n: (n.lineno, n.col_offset))
    for st in stmts:
        cls = ns.get(st.name)
        got = _framework_of_class(cls) if isinstance(cls, type) else \
            _framework_of_bases(st, names, known)
        if got is None:
            continue
        known[st.name] = got
        out.append(UserClass(st, cls if isinstance(cls, type) else None, got[0], got[1],
                             names, True, text))
    return out


def user_classes(ctx: Any) -> list[UserClass]:
    """The user model classes this cell defines (``ctx.analysis.classes``)."""
    an = getattr(ctx, "analysis", None)
    if an is not None and hasattr(an, "classes"):
        return list(an.classes)
    tree = getattr(ctx.source, "tree", None)
    return classes_of(tree, Names(tree, ctx.user_ns), ctx.user_ns,
                      getattr(ctx.source, "text", ""))


def remember_sources(ctx: Any, classes: list[UserClass]) -> None:
    """Keep (text only, bounded) the statements of this cell's Keras classes, for the
    cells that use their layers later (IPython cannot always give a class's source)."""
    mem = getattr(ctx, "memory", None)
    seen = mem.setdefault("analysis.keras_class_source", {}) if isinstance(mem, dict) \
        else {}
    for uc in classes:
        if uc.framework != "keras" or uc.cls is None:
            continue
        seen.pop(uc.name, None)
        seen[uc.name] = ast.unparse(uc.node)
        while len(seen) > 128:
            seen.pop(next(iter(seen)))


def keras_classes(ctx: Any) -> Iterator[UserClass]:
    """The Keras Layer/Model subclasses this cell defines (live classes only)."""
    if frameworks.get("keras") is None or getattr(ctx.source, "tree", None) is None:
        return
    for uc in user_classes(ctx):
        if uc.framework == "keras" and uc.cls is not None:
            yield uc


# -- classes and methods of live objects ---------------------------------------------------
_SOURCE_CACHE: dict[int, UserClass | None] = {}
_METHOD_CACHE: dict[int, tuple[Any, Method | None]] = {}   # id(code) -> (code, Method)
_CACHE_MAX = 256


def _is_library(cls: Any) -> bool:
    mod = getattr(cls, "__module__", "") or ""
    return mod.split(".", 1)[0] in _LIB_ROOTS


def keras_class_of(ctx: Any, obj: Any) -> UserClass | None:
    """The class statement of a user Layer/Model instance: from this cell's source when the
    class is defined here, else from the source IPython keeps for the cell that defined it
    (remembered, or ``inspect.getsource``); None for library classes or when no source is
    kept."""
    cls = type(obj)
    for own in keras_classes(ctx):
        if own.cls is cls:
            return own
    if _is_library(cls):
        return None
    if id(cls) in _SOURCE_CACHE:
        hit = _SOURCE_CACHE[id(cls)]
        return hit if hit is not None and hit.cls is cls else None
    mem = getattr(ctx, "memory", None)
    kept = (mem or {}).get("analysis.keras_class_source", {}) if isinstance(mem, dict) \
        else {}
    name = getattr(cls, "__qualname__", None)
    found: UserClass | None = None
    try:
        text = textwrap.dedent(str((kept.get(name) if isinstance(name, str) and name in kept
                                    else inspect.getsource(cls)) or ""))
        tree = ast.parse(text)
        node = next((n for n in tree.body if isinstance(n, ast.ClassDef)), None)
        if node is not None:
            mod = sys.modules.get(getattr(cls, "__module__", "") or "")
            glb = vars(mod) if mod is not None else {}
            found = UserClass(node, cls, "keras", False, Names(None, glb), False, text)
    except (OSError, TypeError, SyntaxError):
        found = None
    if found is not None:
        if len(_SOURCE_CACHE) > _CACHE_MAX:
            _SOURCE_CACHE.clear()
        _SOURCE_CACHE[id(cls)] = found
    return found


def _defining_class(obj: Any, name: str) -> tuple[Any, Any]:
    """(the class of ``obj``'s hierarchy that defines ``name``, the function) or
    (None, None). ``obj`` may be an instance or a class."""
    cls = obj if isinstance(obj, type) else type(obj)
    for c in getattr(cls, "__mro__", ()):
        try:
            fn = vars(c).get(name)
        except TypeError:
            continue
        if fn is not None:
            return c, fn
    return None, None


def method_of(ctx: Any, obj: Any, name: str) -> Method | None:
    """The user method ``name`` that ``obj`` (an instance or a class) runs: the first
    definition in its class hierarchy, when that class is the user's (not torch's or
    Keras'). From the cell's class statement when the class is defined in this cell,
    else parsed from the live function's source (once per code object). None when the
    method is a library one or its source is not available."""
    c, fn = _defining_class(obj, name)
    if c is None or _is_library(c):
        return None
    if ctx is not None:
        for uc in user_classes(ctx):
            if uc.cls is c:
                m = uc.body(name)
                if m is not None:
                    return m
    return function_method(fn)


def own_method(ctx: Any, cls: Any, name: str) -> Method | None:
    """The method ``name`` that the class ``cls`` itself defines (not inherited), or
    None (see :func:`method_of`)."""
    try:
        defined = name in vars(cls)
    except TypeError:
        return None
    return method_of(ctx, cls, name) if defined else None


def with_helpers(ctx: Any, cls: Any, name: str) -> list[Method]:
    """The method ``name`` that ``cls`` itself defines and the methods of ``cls`` it calls
    as ``self.<method>(...)`` (one level, nested functions included), in the order first
    called: what runs when ``forward`` runs. Empty when ``cls`` does not define it."""
    m = own_method(ctx, cls, name)
    if m is None:
        return []
    out = [m]
    for c in m.all_calls:
        head, _, rest = (c.name or "").partition(".")
        if head != "self" or not rest or "." in rest or rest == name:
            continue
        h = own_method(ctx, cls, rest)
        if h is not None:
            out.append(h)
    return out


def function_method(fn: Any) -> Method | None:
    """The :class:`Method` of a live function, parsed from its source (the method's own
    lines), cached per code object; None without source."""
    if isinstance(fn, (staticmethod, classmethod)):
        fn = fn.__func__
    if not isinstance(fn, types.FunctionType):
        return None
    code = fn.__code__
    hit = _METHOD_CACHE.get(id(code))
    if hit is not None and hit[0] is code:   # ids may be reused after a class is freed
        return hit[1]
    out: Method | None = None
    try:
        text = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(text)
        node = tree.body[0] if tree.body else None
        if isinstance(node, _FuncDef) and node.name == fn.__name__:
            out = Method(node, Names(None, fn.__globals__), False, text,
                         str(getattr(fn, "__module__", "") or ""))
    except Exception:  # noqa: BLE001 - no source (compiled, exec'd, edited file)
        out = None
    if len(_METHOD_CACHE) > _CACHE_MAX:
        _METHOD_CACHE.clear()
    _METHOD_CACHE[id(code)] = (code, out)
    return out
