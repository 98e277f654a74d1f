from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


def _label_encoder(obj: Any) -> Any:
    """The fitted classes (a list) of a scikit-learn ``LabelEncoder``, else None."""
    # no scikit-learn adapter: the class name and its module, read from the type only
    if type_name(obj) != "LabelEncoder" or not str(
            getattr(type(obj), "__module__", "")).startswith("sklearn"):
        return None
    cls = vars(obj).get("classes_")       # set by fit; never a property call
    try:
        out = list(cls) if cls is not None else None
    except Exception:  # noqa: BLE001
        return None
    if not out or len(out) > 10_000:
        return None
    return out


def _show(v: Any) -> str:
    v = v.item() if hasattr(v, "item") else v
    s = repr(v)
    return s if len(s) <= 40 else s[:37] + "..."


@register
class LabelEncodersDisagree(Rule):
    id = "DLF-T231"
    name = "label-encoders-disagree"
    title = "A second label encoder fitted on other labels gives the classes other codes"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{call}` fits a new encoder on `{data}` ({n_new} classes); `{other}` was "
               "fitted on {n_other} classes and codes {cls} as {code_other}, `{enc}` codes "
               "it as {code_new}: the same integer means different classes in the two "
               "label arrays.")
    beginner = """A `LabelEncoder` numbers the classes it sees in sorted order. `{enc}`
only saw the {n_new} classes present in `{data}`, `{other}` saw {n_other}, so the numbers
shift: {cls} is {code_other} for `{other}` but {code_new} for `{enc}`. A model trained on
one numbering and scored on the other compares its predictions with the wrong classes,
and no error appears. Fit one encoder (on the training labels) and only `transform` the
other labels with it."""
    expert = """`LabelEncoder.fit` sets `classes_ = np.unique(y)`, and `transform` is the
index into that sorted array. Encoders fitted on label sets that differ (here
{n_new} ⊂ {n_other} classes) give different codes to {n_shift} shared class(es), so the
two integer arrays are not in the same label space: accuracy and loss on the re-encoded
labels measure a permuted problem."""
    fix = """{assign}{other}.transform({data})   # the encoder fitted on the training labels"""
    known_false_alarms = ("Two encoders for two different columns whose values happen to "
                          "overlap (the codes are then never compared).")
    references = ("https://scikit-learn.org/stable/modules/generated/"
                  "sklearn.preprocessing.LabelEncoder.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for c in ctx.source.calls_to("fit", "fit_transform"):
            new = _label_encoder(ctx.user_ns.get(c.receiver)) if c.receiver else None
            if new is None or not c.node.args:
                continue
            me = ctx.user_ns.get(c.receiver)
            for name, obj in list(ctx.user_ns.items()):
                if obj is me or name.startswith("_"):
                    continue
                old = _label_encoder(obj)
                if old is None:
                    continue
                ev = self._compare(ctx, c, name, old, new)
                if ev is not None:
                    yield ev
                    break

    def _compare(self, ctx: CellContext, c: Any, other: str, old: list, new: list
                 ) -> Evidence | None:
        try:
            pos_old = {v: i for i, v in enumerate(old)}
            pos_new = {v: i for i, v in enumerate(new)}
        except TypeError:          # unhashable classes
            return None
        if len(new) >= len(old) or not set(pos_new) <= set(pos_old):
            return None   # only a subset re-numbered: the other encoder covers every class
        shifted = [v for v in new if pos_new[v] != pos_old[v]]
        if not shifted:
            return None
        v = shifted[0]
        parent = ctx.source.parent(c.node)
        assign = ""
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and \
                isinstance(parent.targets[0], ast.Name):
            assign = f"{parent.targets[0].id} = "
        return Evidence(line=c.line, subject=c.receiver, key=("enc", c.receiver, other),
                        call=ctx.source.segment(c.node), data=ctx.source.segment(
                            c.node.args[0]), enc=c.receiver, other=other,
                        n_new=len(new), n_other=len(old), cls=_show(v),
                        code_other=pos_old[v], code_new=pos_new[v],
                        n_shift=len(shifted), assign=assign)
