from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register

# strategies whose scope makes variables distributed (mirrored / sharded / aggregated)
_DISTRIBUTING = ("MirroredStrategy", "MultiWorkerMirroredStrategy", "CollectiveAllReduceStrategy",
                 "TPUStrategy", "CentralStorageStrategy", "ParameterServerStrategy")


def _strategies(ctx: CellContext) -> dict[str, Any]:
    """Distributing tf.distribute strategies bound to names of the namespace."""
    if "tensorflow" not in sys.modules:
        return {}
    out = {}
    for name, obj in ctx.user_ns.items():
        tp = type(obj)   # by type only: isinstance could run a proxy's __class__
        if name.startswith("_") or not (getattr(tp, "__module__", "") or "").startswith(
                "tensorflow."):
            continue
        if any(c.__name__ in _DISTRIBUTING for c in tp.__mro__):
            out[name] = obj
    return out


def _variable_strategy(model: Any) -> tuple[bool, Any]:
    """(known, strategy) of the model's first weight: the strategy it was created under
    (None: an ordinary, non-distributed variable). known=False when the model has no
    weights yet or they cannot be read."""
    try:
        weights = model.weights
    except Exception:  # noqa: BLE001
        return False, None
    if not weights:
        return False, None
    w = weights[0]
    v = getattr(w, "_value", None)
    if v is None:
        v = w
    return True, getattr(v, "_distribute_strategy", None)


def _scope_blocks(ctx: CellContext) -> list[tuple[str, ast.With]]:
    """``with <name>.scope():`` blocks of the cell."""
    out = []
    for expr, node in ctx.source.withs:
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and \
                expr.func.attr == "scope" and isinstance(expr.func.value, ast.Name):
            out.append((expr.func.value.id, node))
    return out


def _inside(node: ast.AST, block: ast.With) -> bool:
    end = getattr(block, "end_lineno", block.lineno) or block.lineno
    return block.lineno < node.lineno <= end


@register
class ModelOutsideStrategyScope(Rule):
    id = "DLF-G101"
    name = "model-built-outside-strategy-scope"
    title = "Model created outside the tf.distribute strategy scope that trains it"
    taxonomy = "gpu"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("tensorflow", "keras")
    message = ("`{model}`'s weights were created outside `{strategy}.scope()` ({kind}), "
               "but `{model}.{call}` {where}: the model is not distributed over the "
               "strategy's {n} replica(s).")
    beginner = """A distribution strategy such as {kind} can only spread a model over the
GPUs if the model's weights are created inside `with {strategy}.scope():`. `{model}` was
built before (or outside) that block, so its weights are ordinary single-device
variables: training runs on one device (or fails later with a cross-device error), and
nothing warns you. Build the model and compile it inside the scope."""
    expert = """Variables are created as distributed (Mirrored/replicated) variables only
when the strategy's scope is active at creation time; `{model}`'s first weight is a plain
variable (no `_distribute_strategy`). Entering the scope just for `compile` creates the
optimizer slots under the strategy but leaves the model variables unreplicated: gradients
are not all-reduced over replicas as intended, and on several GPUs Keras/TF may raise
"variable was not created under the same strategy scope" at a later point."""
    fix = """with {strategy}.scope():
    {model} = keras.Sequential([...])      # weights created under the strategy
    {model}.compile(optimizer="adam", loss=..., metrics=[...])
{model}.fit(...)                            # fit may be called outside the scope"""
    texts = {
        "in_scope": Texts(where="is called inside the scope"),
        "while_strategy_exists": Texts(where="runs while that strategy exists"),
    }
    known_false_alarms = "A second, deliberately single-device model trained next to it."
    references = ("https://www.tensorflow.org/guide/distributed_training#use_tfdistributestrategy_with_keras_modelfit",
                  "https://keras.io/guides/distributed_training_with_tensorflow/")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        calls = src.calls_to("compile", "fit")
        if not calls:
            return
        strategies = _strategies(ctx)
        if not strategies:
            return
        blocks = [(n, b) for n, b in _scope_blocks(ctx) if n in strategies]
        flagged: set[str] = set()
        reported: set[int] = ctx.remember(self.id).setdefault("models", set())
        for c in calls:
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras" or \
                    var.name in flagged:
                continue
            block = next(((n, b) for n, b in blocks if _inside(c.node, b)), None)
            if block is None and (c.attr != "fit" or len(strategies) != 1):
                continue
            sname = block[0] if block else next(iter(strategies))
            strategy = strategies[sname]
            known, vstrat = _variable_strategy(var.obj)
            if not known or vstrat is not None or id(var.obj) in reported:
                continue
            flagged.add(var.name)
            reported.add(id(var.obj))
            try:
                n = int(strategy.num_replicas_in_sync)
            except Exception:  # noqa: BLE001
                n = "?"
            yield Evidence(line=c.line, subject=var.name,
                           variant="in_scope" if block else "while_strategy_exists",
                           model=var.name, strategy=sname, kind=type_name(strategy),
                           call=c.attr, n=n)
