"""PyTorch loss objects at the place they are used: which model's output goes in, which
labels go in as the target (resolved to the tensor/array, through a DataLoader over a
TensorDataset too), read from this cell's calls of a loss object of the namespace.

Built on :func:`analysis.training.usage` (the one provenance walk); no framework import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..context import CellContext
from .provenance import VALUES, keeps
from .training import data_of, torch_models, trace, usage


@dataclass(frozen=True)
class LossUse:
    """``criterion(model(x).reshape(-1, C), tags.reshape(-1))`` at ``line``."""

    loss: str                 # the loss object's variable
    obj: Any                  # the loss object
    line: int
    model: str | None         # the model whose output is the prediction (None: unknown)
    target: str | None        # the variable the target comes from
    target_obj: Any           # its tensor/array (a dataset tensor for loop targets)
    target_wrappers: tuple[str, ...] = ()
    #: the namespace variable holding ``target_obj`` (the whole labels behind a batch
    #: variable of ``for xb, yb in loader``; ``target`` itself otherwise)
    labels: str | None = None
    #: the loss's kind: the loss object's class (``BCELoss``) or the functional loss's
    #: function name (``binary_cross_entropy``)
    kind: str = ""
    #: the other way round, for swapped arguments: the model whose output is passed as the
    #: TARGET (None: not a model output), and the variable / tensor passed as the INPUT
    #: (the prediction's place) when it is a namespace tensor/array or a loader batch
    target_model: str | None = None
    input: str | None = None
    input_obj: Any = None
    #: the namespace variable holding ``input_obj`` (as ``labels`` for the target)
    input_labels: str | None = None
    #: the call's fact (``source.facts`` Call): its arguments' nodes, for the texts
    call: Any = None


def loss_uses(ctx: CellContext) -> list[LossUse]:
    """Every call of a PyTorch loss object in this cell, with its model and target."""
    if not frameworks.loaded("torch"):
        return []
    out: list[LossUse] = []
    for name, calls in usage(ctx).get("loss_args", {}).items():
        v = ctx.ns.get(name)
        if v is None:
            continue
        for tp, tt, call in calls:
            model = tp[1] if tp and tp[0] == "call" else None
            target, tobj, wr, batch = None, None, (), False
            # the target's values only: through casts, reshapes, slices (not clamp, +1...)
            if tt and tt[0] == "name" and all(VALUES in keeps(w) for w in tt[2]):
                d = data_of(ctx, tt[1], call.line, prefer_loop=True)
                if d is not None:
                    target, tobj, wr, batch = tt[1], d[0], tt[2], d[1]
            labels = ctx.ns.name_of(tobj) if batch else target
            out.append(LossUse(name, v.obj, call.line, model, target, tobj, wr, labels,
                               frameworks.type_name(v.obj), *_reversed(ctx, tp, tt, call.line), call))
    out.extend(_functional_uses(ctx))
    return out


def _functional_uses(ctx: CellContext) -> list[LossUse]:
    """``F.cross_entropy(model(x), y)`` and the other ``torch.nn.functional`` losses (no
    loss object: ``obj`` is None)."""
    src = ctx.source
    models = set(torch_models(ctx))
    out: list[LossUse] = []
    for c in src.calls:
        q = src.qualname(c.name) or ""
        if not (q.startswith("torch.nn.functional.") and q.endswith(_F_LOSS_SUFFIXES)):
            continue
        pred, tgt = c.kwarg("input", 0), c.kwarg("target", 1)
        tp = trace(src, pred, c.line, models) if pred is not None else None
        tt = trace(src, tgt, c.line, models) if tgt is not None else None
        model = tp[1] if tp and tp[0] == "call" else None
        target, tobj, batch = None, None, False
        wr: tuple[str, ...] = ()
        if tt and tt[0] == "name" and all(VALUES in keeps(w) for w in tt[2]):
            d = data_of(ctx, tt[1], c.line, prefer_loop=True)
            if d is not None:
                target, tobj, wr, batch = tt[1], d[0], tt[2], d[1]
        labels = ctx.ns.name_of(tobj) if batch else target
        out.append(LossUse(c.name or "", None, c.line, model, target, tobj, wr, labels,
                           q.rsplit(".", 1)[-1], *_reversed(ctx, tp, tt, c.line), c))
    return out


def _reversed(ctx: CellContext, tp: Any, tt: Any, line: int
              ) -> tuple[str | None, str | None, Any, str | None]:
    """(target_model, input, input_obj, input_labels) of one loss call: the model whose
    output is the target, and the data variable (values kept) that is the input."""
    tmodel = tt[1] if tt and tt[0] == "call" else None
    if not (tp and tp[0] == "name" and all(VALUES in keeps(w) for w in tp[2])):
        return tmodel, None, None, None
    d = data_of(ctx, tp[1], line, prefer_loop=True)
    if d is None:
        return tmodel, None, None, None
    return tmodel, tp[1], d[0], ctx.ns.name_of(d[0]) if d[1] else tp[1]


_F_LOSS_SUFFIXES = ("cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss",
                    "huber_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
                    "kl_div")


def cpu_rows(obj: Any, k: int = 64) -> Any:
    """The first ``k`` rows of a plain CPU tensor or numpy array as numpy (a view's copy of
    at most ``k`` rows: the cost does not grow with the data), or ``None``."""
    try:
        head = obj[:k]
        if frameworks.type_name(obj) == "Tensor":
            if head.device.type != "cpu" or head.requires_grad or head.is_sparse:
                return None
            return head.detach().numpy()
        if frameworks.type_name(obj) == "ndarray":
            return head
    except Exception:  # noqa: BLE001 - an exotic object: not read
        return None
    return None
