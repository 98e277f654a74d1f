from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _trainable_assigns(src) -> list[tuple[int, ast.AST, ast.Assign]]:
    out = []
    if src.tree is None:
        return out
    for n in ast.walk(src.tree):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Attribute) and t.attr == "trainable":
                    out.append((n.lineno, t.value, n))
    return out


def _root_object(ctx: CellContext, node: ast.AST, stmt: ast.AST) -> tuple[str | None, Any]:
    """The namespace object a ``<expr>.trainable = ...`` target is rooted at; loop targets
    (``for layer in model.layers: layer.trainable = False``) resolve to the loop's iterable."""
    from ...source.facts import root_name
    name = root_name(node)
    p = ctx.source.parent(stmt)
    while p is not None and name is not None:
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None, None
        if isinstance(p, ast.For) and isinstance(p.target, ast.Name) and p.target.id == name:
            name = root_name(p.iter)
        p = ctx.source.parent(p)
    if name is None or name not in ctx.user_ns:
        return None, None
    return name, ctx.user_ns[name]


@register
class TrainableChangedAfterCompile(Rule):
    id = "DLF-T111"
    name = "trainable-changed-after-compile"
    title = "trainable changed after the model was compiled and trained, without re-compiling"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{target} = {value}` ({where}) came after `{model}` was compiled and "
               "trained, and this `{model}.fit` runs without a new `{model}.compile(...)`: "
               "the change is ignored.")
    beginner = """Keras prepares its training step when the model is compiled and first
trained. Changing `trainable` afterwards (to freeze or unfreeze layers, e.g. for
fine-tuning) has no effect on that prepared step: the layers you froze keep training (or
the unfrozen ones stay frozen), silently. Call `{model}.compile(...)` again after changing
`trainable`, before the next `fit`."""
    expert = """`fit` traces and caches `train_function` over the trainable variables
that exist at trace time; compile() resets it. Setting `trainable` after the function was
traced leaves the cached graph (and the optimizer's variable list) unchanged, so the
frozen/unfrozen state is not applied until the next `compile()`."""
    fix = """{target} = {value}
{model}.compile(optimizer=keras.optimizers.Adam(1e-5), loss=..., metrics=[...])  # re-compile
{model}.fit(...)"""
    references = ("https://keras.io/guides/transfer_learning/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        src = ctx.source
        if k is None or not src.ok:
            return
        mem = ctx.remember(self.id)
        fitted: set[int] = mem.setdefault("fitted", set())
        # id(model) -> (target text, value text, cell, line) of a trainable change made
        # after the model was compiled and trained, not yet followed by compile()
        pending: dict[int, tuple[str, str, int, int]] = mem.setdefault("pending", {})
        models = {v.name: v for v in keras_models(ctx)}
        events: list[tuple[int, str, Any]] = []
        for c in src.calls:
            if c.function is None and c.receiver in models and c.attr in ("compile", "fit"):
                events.append((c.line, c.attr, c))
        for line, node, stmt in _trainable_assigns(src):
            events.append((line, "trainable", (node, stmt)))
        events.sort(key=lambda e: e[0])
        for line, kind, what in events:
            if kind == "compile":
                oid = id(models[what.receiver].obj)
                fitted.discard(oid)
                pending.pop(oid, None)
                continue
            if kind == "fit":
                m = models[what.receiver]
                oid = id(m.obj)
                if oid in pending:
                    target, value, cell, tline = pending.pop(oid)
                    where = f"line {tline}" if cell == ctx.cell else f"cell {cell}, line {tline}"
                    yield Evidence(line=line, subject=m.name, model=m.name, target=target,
                                   value=value, where=where)
                fitted.add(oid)
                continue
            node, stmt = what
            rname, obj = _root_object(ctx, node, stmt)
            if obj is None or not (k.is_model(obj) or k.is_layer(obj)):
                continue
            for m in models.values():
                if id(m.obj) not in fitted:
                    continue
                if obj is not m.obj:
                    try:
                        inside = any(la is obj for la in m.obj._flatten_layers(
                            include_self=False))
                    except Exception:  # noqa: BLE001
                        inside = False
                    if not inside:
                        continue
                pending.setdefault(id(m.obj), (
                    src.segment(stmt.targets[0]) or f"{rname}.trainable",
                    src.segment(stmt.value) or "False", ctx.cell, line))
