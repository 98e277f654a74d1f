"""Training and validation pipelines split from one ``tf.data`` pipeline.

``fit_splits(ctx)``: for each Keras ``fit`` of the cell whose training data and
``validation_data`` are ``tf.data`` datasets (named, or a chain of calls on a name), the
common pipeline both come from by ``take``/``skip``, and what happens above that split:
a ``shuffle`` that reshuffles on every pass (a new partition each epoch) and a ``repeat``
between it and the split. Reads the datasets' own chain through the adapter; pure AST
otherwise.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..context import CellContext
from ..source.facts import root_name
from .training import fit_calls


@dataclass
class Split:
    call: Any                # the fit CallFact
    train: str               # root names of the two pipelines in the fit call
    val: str
    train_step: str          # "take" / "skip": how each side leaves the common pipeline
    val_step: str
    buffer: int | None       # the reshuffling shuffle's buffer size
    repeat: bool             # a repeat() between that shuffle and the split
    common: str | None       # a namespace name bound to the common pipeline
    count: int | None        # the take()/skip() count of the split


def fit_splits(ctx: CellContext) -> list[Split]:
    out: list[Split] = []
    if frameworks.get("keras") is None or not ctx.source.ok:
        return out
    kf = importlib.import_module(f"{frameworks.__name__}.keras_fit")
    for fc in fit_calls(ctx):
        c = fc.call
        xn = root_name(c.kwarg("x", 0))
        vd = c.kwargs.get("validation_data")
        vn = root_name(vd) if vd is not None and not isinstance(vd, ast.Tuple) else None
        if not xn or not vn or xn == vn:
            continue
        tl = kf.dataset_lineage(ctx.user_ns.get(xn))
        vl = kf.dataset_lineage(ctx.user_ns.get(vn))
        if not tl or not vl:
            continue
        ids = {id(d): i for i, (_, d, _) in enumerate(tl)}
        j = next((j for j, (_, d, _) in enumerate(vl) if id(d) in ids), None)
        if j is None or j == 0:
            continue
        i = ids[id(vl[j][1])]
        if i == 0:
            continue
        t_step, v_step = tl[i - 1][0], vl[j - 1][0]
        # the first split step below the common pipeline on each side
        t_split = next((s for s, _, _ in reversed(tl[:i]) if s in ("take", "skip")), None)
        v_split = next((s for s, _, _ in reversed(vl[:j]) if s in ("take", "skip")), None)
        if not t_split or not v_split or {t_split, v_split} != {"take", "skip"} and \
                (t_step, v_step) == ("take", "take"):
            continue
        repeat = False
        anc = vl[j][1]
        common = next((n for n, v in list(ctx.user_ns.items())[-2048:]
                       if v is anc and not n.startswith("_")), None)
        count = next((f.get("count") for s, _, f in reversed(vl[:j]) if s in ("take", "skip")),
                     None)
        for step, _, facts in vl[j:]:
            if step == "cache":
                break    # the first pass is cached: its order stays
            if step == "repeat":
                repeat = True
            if step == "shuffle":
                if facts.get("reshuffle") is True:
                    out.append(Split(c, xn, vn, t_split, v_split, facts.get("buffer"),
                                     repeat, common, count))
                break
    return out
