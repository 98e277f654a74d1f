from __future__ import annotations

import ast
import copy
import inspect
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.user_classes import CallSite, Method, method_of
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register

_PREFIX = "torch.nn.functional."
_MAX_MODULES = 256          # sub-modules looked at per model (their count, not tensor sizes)
_MAX_HELPERS = 8            # self.<method>(...) helpers of a forward followed (one level)


def _training_param(t: Any, qualname: str | None) -> tuple[int, float] | None:
    """(position of ``training``, default ``p``) of a functional dropout of torch whose
    ``training`` defaults to True (``F.dropout``, ``F.dropout2d``...; not
    ``F.alpha_dropout``, which defaults to False), asked of the pinned torch."""
    if not qualname or not qualname.startswith(_PREFIX) or "dropout" not in qualname:
        return None
    fn = t.api(qualname)
    if fn is None:
        return None
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    names = [p.name for p in params]
    if "training" not in names or params[names.index("training")].default is not True:
        return None
    p = params[names.index("p")].default if "p" in names else 0.5
    return names.index("training"), float(p) if isinstance(p, (int, float)) else 0.5


def _guarded(m: Method, node: ast.AST) -> bool:
    """The call sits under an ``if``/conditional expression that tests ``.training``
    (``F.dropout(x) if self.training else x``): it runs only in training mode."""
    cur = m.parent(node)
    while cur is not None and cur is not m.node:
        if isinstance(cur, (ast.If, ast.IfExp, ast.While)) and any(
                isinstance(n, ast.Attribute) and n.attr == "training"
                or isinstance(n, ast.Name) and n.id == "training"
                for n in ast.walk(cur.test)):
            return True
        cur = m.parent(cur)
    return False


def _p_value(ctx: CellContext, m: Method, module: Any, e: ast.expr | None,
             default: float) -> float | None:
    """The dropout probability when it can be known: a constant, ``self.<attr>`` of the
    live module, a notebook-level name; None otherwise."""
    if e is None:
        return default
    e = m.traced(e) if isinstance(e, ast.Name) else e
    val: Any = None
    if isinstance(e, ast.Constant):
        val = e.value
    elif isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and \
            e.value.id == m.self_name:
        val = getattr(module, e.attr, None) if e.attr in vars(module) else None
    elif isinstance(e, ast.Name) and e.id not in m.local_names and m.in_notebook:
        val = ctx.user_ns.get(e.id)
    if isinstance(val, bool) or not isinstance(val, (int, float)):
        return None
    return float(val)


def _fixed(m: Method, call: ast.Call, pos: int) -> str:
    """The call with ``training=self.training`` (replacing a positional or constant one)."""
    c = copy.deepcopy(call)
    c.args = c.args[:pos]
    c.keywords = [k for k in c.keywords if k.arg != "training"]
    c.keywords.append(ast.keyword(arg="training", value=ast.Attribute(
        value=ast.Name(id=m.self_name, ctx=ast.Load()), attr="training", ctx=ast.Load())))
    return ast.unparse(c)


def _suffix(qualname: str | None) -> str:
    """``2d`` of ``torch.nn.functional.dropout2d``: the ``nn.Dropout<suffix>`` module that
    does the same."""
    tail = (qualname or "").rpartition("dropout")[2]
    return tail if tail in ("1d", "2d", "3d") else ""


def _free_attr(module: Any) -> str:
    """A name for an ``nn.Dropout`` attribute that the module does not use yet."""
    used = set(vars(module)) | set(getattr(module, "_modules", {})) | set(dir(type(module)))
    return next((a for a in ("dropout", "drop", "drop_out", "dropout_layer") if a not in used),
                "dropout_layer")


def _methods(ctx: CellContext, module: Any) -> list[Method]:
    """The user's ``forward`` of ``module`` and the ``self.<method>(...)`` it calls."""
    fwd = method_of(ctx, module, "forward")
    if fwd is None:
        return []
    out = [fwd]
    for c in fwd.all_calls:
        head, _, rest = (c.name or "").partition(".")
        if head != fwd.self_name or not rest or "." in rest or rest == "forward":
            continue
        h = method_of(ctx, module, rest)
        if h is not None and h not in out and len(out) <= _MAX_HELPERS:
            out.append(h)
    return out


def _always_on(ctx: CellContext, t: Any, module: Any
               ) -> Iterator[tuple[Method, CallSite, int, float | None]]:
    """(method, call, position of ``training``, p) of each functional dropout in the
    module's forward that stays on in eval mode."""
    for m in _methods(ctx, module):
        for c in m.all_calls:
            got = _training_param(t, c.qualname)
            if got is None:
                continue
            pos, p_default = got
            call = c.node
            if any(isinstance(a, ast.Starred) for a in call.args) or \
                    any(k.arg is None for k in call.keywords):
                continue                    # *args / **kwargs: what is passed is unknown
            tr = call.args[pos] if len(call.args) > pos else c.keyword("training")
            if tr is not None and not (isinstance(tr, ast.Constant) and tr.value is True):
                continue                    # training=self.training, or any expression
            if _guarded(m, call):
                continue
            pe = call.args[1] if len(call.args) > 1 else c.keyword("p")
            p = _p_value(ctx, m, module, pe, p_default)
            if p is not None and p <= 0:
                continue                    # p=0: the identity
            yield m, c, pos, p


@register
class FunctionalDropoutAlwaysOn(Rule):
    id = "DLF-A013"
    name = "functional-dropout-always-on"
    title = "F.dropout in forward without training=self.training: dropout stays on after eval()"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` runs `{call}` in `{where}` (line {fline}): {why}, so "
               "`{model}.eval()` does not turn it off: in evaluation {drop} of the "
               "activations are still zeroed at random and two predictions of the same "
               "input differ.")
    beginner = """Dropout must only be active while training. The module `nn.Dropout`
follows `{model}.train()` / `{model}.eval()` by itself, but the function `{fn}` does not
know the model's mode: it only looks at its own `training` argument, and {why}. So
`{model}` keeps dropping activations when you evaluate or predict: the scores are worse
than the model really is and they change from one run to the next. Pass
`training=self.training` (or use an `nn.Dropout` layer created in `__init__`)."""
    expert = """`{fn}(input, p, training, inplace)` applies a Bernoulli(1−p) mask scaled
by 1/(1−p) whenever `training` is true; it is stateless and never reads `Module.training`,
which `eval()` sets. Called from `{where}` {how}, it draws a new mask on every forward pass
in eval mode (under `torch.no_grad()` too): validation metrics are biased and noisy and
inference is non-deterministic. Deliberate Monte-Carlo dropout is the one exception."""
    fix = """{fixed}      # in {where}: off after {model}.eval()
# or: self.{attr} = nn.{layer}({p}) in __init__, and self.{attr}(...) in forward"""
    texts = {
        "default": Texts(why="`{fn}` takes `training=True` by default",
                         how="without a `training` argument"),
        "explicit": Texts(why="`{where}` passes `training=True` to it",
                          how="with `training=True`"),
        "p_known": Texts(drop="a fraction p={p}"),
        "p_unknown": Texts(drop="a fraction `{p}`"),
    }
    known_false_alarms = ("Monte-Carlo dropout written into forward on purpose (dropout "
                          "meant to stay on at inference); the finding says what eval() "
                          "does not switch off.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.functional.dropout.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        if t is None:
            return
        for v in ctx.ns.touched("model", framework="torch"):
            real = t.real_module(v.obj)[0]
            if not t.is_module(real):
                continue
            seen: set[type] = set()
            for i, sub in enumerate(real.modules()):
                if i >= _MAX_MODULES:
                    break
                if type(sub) in seen:
                    continue
                seen.add(type(sub))
                hit = next(_always_on(ctx, t, sub), None)
                if hit is None:
                    continue
                m, site, pos, p = hit
                call = site.node
                cls = type_name(sub)
                tr = call.args[pos] if len(call.args) > pos else next(
                    (k.value for k in call.keywords if k.arg == "training"), None)
                fn = m.segment(call.func)
                fline = call.lineno if m.in_cell else m.line_in_method(call)
                ptxt = f"{p:g}" if p is not None else m.segment(
                    call.args[1] if len(call.args) > 1 else next(
                        k.value for k in call.keywords if k.arg == "p"))
                yield Evidence(
                    line=call.lineno if m.in_cell else None, subject=v.name,
                    key=(v.name, cls, m.name, m.segment(call)),
                    variant=("explicit" if tr is not None else "default",
                             "p_known" if p is not None else "p_unknown"),
                    model=v.name, call=m.segment(call), fn=fn, where=f"{cls}.{m.name}",
                    fline=fline if m.in_cell else f"{fline} of {m.name}",
                    fixed=_fixed(m, call, pos), p=ptxt, attr=_free_attr(sub),
                    layer="Dropout" + _suffix(site.qualname))
                break
