"""What the callbacks of a ``model.fit`` call watch, against what that fit logs.

``fit_callbacks(ctx)`` gives, for each Keras ``fit`` call of the cell, the monitoring
callbacks it receives (``callbacks=[...]`` of names bound to callback objects, of
callbacks built inline, or a name bound to such a list), whether the call validates, and
the keys the fit logs: read from ``model.history`` when this fit just ran, else predicted
from the compiled metrics. Rules compare a callback's ``monitor``/``mode`` with those
facts (what is watched, whether it exists, which way is better). No framework import here:
the Keras facts come from ``frameworks.keras_fit``.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..context import CellContext
from .training import fit_calls


@dataclass
class Watched:
    label: str           # how the notebook names it: "early", "callbacks[0]", "EarlyStopping(...)"
    cls: str             # EarlyStopping, ModelCheckpoint, ReduceLROnPlateau...
    monitor: str
    mode: str            # "auto", "min", "max"
    best: str | None     # "restore_best_weights" / "save_best_only" when set
    line: int
    facts: dict[str, Any]   # the adapter's facts (for ``code``)
    bound: str | None       # the name the callback is bound to (None: built inline)

    def code(self, **change: Any) -> str:
        """The callback's constructor as code, with ``change`` applied."""
        return str(_kf().ctor(self.facts, **change))


@dataclass
class FitWatch:
    call: Any            # the fit CallFact
    model_name: str
    model: Any
    validated: bool | None   # True/False, None when unknowable (**kwargs, many positionals)
    logged: list[str] | None  # keys the fit logs (None: unknown)
    observed: bool            # logged was read from model.history after this fit ran
    callbacks: list[Watched]


_CACHE: dict[str, Any] = {}


def _kf() -> Any:
    return importlib.import_module(f"{frameworks.__name__}.keras_fit")


def _validated(c: Any) -> bool | None:
    if any(isinstance(a, ast.Starred) for a in c.args) or \
            None in [k.arg for k in c.node.keywords] or len(c.args) > 6:
        return None
    kw = c.kwargs
    vd = kw.get("validation_data")
    if vd is not None and not (isinstance(vd, ast.Constant) and vd.value is None):
        return True
    if "validation_split" in kw:
        v = c.const("validation_split")
        return None if v is None else bool(v)
    return False


def _literal_kwargs(call: ast.Call) -> dict[str, Any]:
    out = {}
    for k in call.keywords:
        if k.arg:
            try:
                out[k.arg] = ast.literal_eval(k.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                pass
    return out


def _watched(ctx: CellContext, node: ast.expr | None, line: int) -> list[Watched]:
    kf = _kf()
    if node is None:
        return []
    out: list[Watched] = []
    if isinstance(node, ast.Name):
        obj = ctx.user_ns.get(node.id)
        if isinstance(obj, (list, tuple)):
            for i, o in enumerate(obj[:32]):
                f = kf.callback_facts(o)
                if f:
                    out.append(Watched(f"{node.id}[{i}]", f["cls"], f["monitor"], f["mode"],
                                       f["best"], line, f, f"{node.id}[{i}]"))
        return out
    if not isinstance(node, (ast.List, ast.Tuple)):
        return out
    for e in node.elts:
        f = None
        label = ctx.source.segment(e) or "callback"
        bound = None
        if isinstance(e, ast.Name):
            f = kf.callback_facts(ctx.user_ns.get(e.id))
            bound = e.id
        elif isinstance(e, ast.Call):
            name = _dotted(e.func)
            cls = ctx.source.resolve(name) if name else None
            if isinstance(cls, type):
                f = kf.callback_class_facts(cls, _literal_kwargs(e))
            label = f"{name}(...)" if name else label
        if f:
            out.append(Watched(label, f["cls"], f["monitor"], f["mode"], f["best"], line, f,
                               bound))
    return out


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def fit_callbacks(ctx: CellContext) -> list[FitWatch]:
    """The Keras fit calls of this cell that pass monitoring callbacks. Cached per cell."""
    key = (id(ctx), ctx.cell, id(ctx.source))
    if _CACHE.get("key") == key:
        return list(_CACHE["val"])
    out: list[FitWatch] = []
    _CACHE["key"], _CACHE["val"] = key, out
    if frameworks.get("keras") is not None and ctx.source.ok:
        kf = _kf()
        fits = fit_calls(ctx)
        for i, fc in enumerate(fits):
            c = fc.call
            cbs = _watched(ctx, c.kwargs.get("callbacks"), c.line)
            if not cbs:
                continue
            model = fc.model.obj
            validated = _validated(c)
            last = not any(f.call.receiver == c.receiver for f in fits[i + 1:])
            logged = kf.logged_by_last_fit(model) \
                if last and ctx.error is None and c.function is None else None
            observed = logged is not None
            if logged is None and validated is not None:
                logged = kf.expected_logs(model, validated)
            out.append(FitWatch(c, c.receiver, model, validated, logged, observed, cbs))
    return list(out)


def direction(fw: FitWatch, monitor: str) -> str | None:
    """"up"/"down": which way the monitored quantity improves (None: unknown)."""
    return _kf().direction(fw.model, monitor)
