from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.provenance import sliced_rows as _base
from ...analysis.roles import (
    _EVAL,
    _FIT,
    _SPLIT,
    _TENSOR_DATASET,
    _framework_of,
    _in_training_loop,
    _models_in,
    _var_kind,
    uses,
)
from ...context import CellContext
from ...registry import Evidence, Rule, register


# --------------------------------------------------------------------------------------
# shapes of features and labels
# --------------------------------------------------------------------------------------
def _length(obj: Any) -> int | None:
    shape = getattr(obj, "shape", None)
    if _framework_of(obj) is None or shape is None or len(shape) == 0:
        return None
    try:
        n = shape[0]
        return int(n) if n is not None and int(n) >= 0 else None
    except (TypeError, ValueError):
        return None


def _sliced_pairs(ctx: CellContext) -> list[tuple[str, str, int, str]]:
    """(features, labels, line, code) for loss calls in a training loop whose model input
    and target are the same rows (same slice/index expression) of two variables."""
    src = ctx.source
    if not src.ok:
        return []
    out = []
    batch_names = {t for lf in src.loops for t in lf.targets}
    for c in src.calls:
        if len(c.args) < 2 or not _in_training_loop(c) or c.receiver is not None or \
                not (_var_kind(ctx, c.name) == "loss" or c.attr in (
                    "cross_entropy", "nll_loss", "mse_loss", "l1_loss",
                    "binary_cross_entropy", "binary_cross_entropy_with_logits")):
            continue
        models = _models_in(ctx, c.args[0])
        if not models or not models[0][1].args:
            continue
        x, xs = _base(models[0][1].args[0])
        y, ys = _base(c.args[1])
        if not x or not y or x == y or not xs or xs != ys or x in batch_names or \
                y in batch_names:
            continue
        out.append((x, y, c.line, src.segment(c.node) or f"{c.name}(...)"))
    return out


@register
class FeatureLabelLengthMismatch(Rule):
    id = "DLF-S201"
    name = "feature-label-length-mismatch"
    title = "Features and labels have different numbers of samples"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{call}` pairs `{x}` ({nx} samples) with `{y}` ({ny} samples): every sample "
               "needs exactly one label.")
    beginner = """`{x}` has {nx} rows but `{y}` has {ny} labels, so they cannot be matched
one-to-one: `{func}` refuses them (or, worse, rows and labels get out of step). This
usually means one of them was filtered, split or shuffled without the other. Apply every
filter, split and shuffle to both at the same time, using the same indices."""
    expert = """Samples are aligned by their index along axis 0, so `len({x}) == len({y})`
is required ({nx} ≠ {ny}). Keras raises "Data cardinality is ambiguous",
`TensorDataset` "Size mismatch between tensors", scikit-learn "inconsistent numbers of
samples". The usual root cause is an index/mask applied to one array only, or arrays
from different splits."""
    fix = """# select rows of both with the same index or mask
idx = ...                      # e.g. a boolean mask or a permutation
{x}, {y} = {x}[idx], {y}[idx]
assert len({x}) == len({y})"""
    known_false_alarms = ""
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[int] = set()
        now = [u for u in uses(ctx) if u.line is not None]
        for u in now:
            if u.role != "x" or not u.exact or u.how not in ("fit", "dataset", "split",
                                                              "evaluate"):
                continue
            ys = [v for v in now if v.role == "y" and v.exact and v.how == u.how
                  and v.line == u.line and v.model == u.model]
            if not ys or u.line in seen:
                continue
            y = ys[0]
            nx, ny = _length(ctx.user_ns.get(u.name)), _length(ctx.user_ns.get(y.name))
            if nx is None or ny is None or nx == ny:
                continue
            seen.add(u.line)
            call = next((c for c in ctx.source.calls if c.line == u.line and
                         (c.attr in _FIT | _EVAL or ctx.analysis.names.matches(
                             c.node.func, _TENSOR_DATASET, _SPLIT))), None)
            func = (call.name or call.attr) if call is not None else u.how
            yield Evidence(line=u.line, subject=u.name, x=u.name, y=y.name, nx=nx, ny=ny,
                           call=f"{func}({u.name}, {y.name})", func=func)
        # loss_fn(model(X[i:i + b]), y[i:i + b]): the same rows of both, so the lengths
        # must agree (batches sliced by one index from arrays of different lengths)
        for x, y, line, code in _sliced_pairs(ctx):
            if line in seen:
                continue
            nx, ny = _length(ctx.user_ns.get(x)), _length(ctx.user_ns.get(y))
            if nx is None or ny is None or nx == ny:
                continue
            seen.add(line)
            yield Evidence(line=line, subject=x, x=x, y=y, nx=nx, ny=ny, call=code,
                           func="the loss")
