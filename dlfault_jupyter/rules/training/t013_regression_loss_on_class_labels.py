from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...frameworks import adapter, type_name
from ...registry import Evidence, Rule, register
from ...source.facts import root_name

# -- regression loss on class labels, classification loss on continuous targets ------------


def _int_labels(obj) -> tuple[int, int] | None:
    """(number of distinct values, max) of an integer-dtype label tensor/array, read from
    the adapter's bounded sample; ``None`` for anything else."""
    from ... import frameworks

    mod = type(obj).__module__.split(".")[0]
    ad = frameworks.get("torch" if mod == "torch" else "numpy" if mod == "numpy" else "")
    if ad is None:
        return None
    try:
        s = ad.summary(obj)
    except Exception:  # noqa: BLE001
        return None
    if s is None or not s.has_values or "int" not in str(s.dtype) or s.uniques is None \
            or s.min is None or s.min < 0:
        return None
    shape = tuple(s.shape)
    if not (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        return None
    return len(s.uniques), int(s.max)


def _compared_with(src, label: str) -> int | None:
    """Line of an ``==`` comparison between ``label`` (or a slice of it) and something
    else — a prediction scored as a class (accuracy)."""
    for n in ast.walk(src.tree) if src.tree is not None else ():
        if isinstance(n, ast.Compare) and len(n.ops) == 1 and isinstance(n.ops[0], ast.Eq):
            sides = [n.left, n.comparators[0]]
            roots = [root_name(x) for x in sides]
            if label in roots and any(isinstance(x, (ast.Call, ast.Name, ast.Subscript,
                                                     ast.Attribute)) for x in sides) and \
                    not any(isinstance(x, ast.Constant) for x in sides):
                return n.lineno
    return None


@register
class RegressionLossOnClassLabels(Rule):
    id = "DLF-T013"
    name = "regression-loss-on-class-labels"
    title = "A regression loss is trained on class labels"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{loss}` ({loss_cls}) trains `{model}` to output the class number of "
               "`{labels}` ({k} classes, integer labels), and the predictions are scored as "
               "classes (line {cmp_line}{cmp_cell}): {loss_cls} treats class 9 as \"closer\" "
               "to 8 than to 0.")
    beginner = """`{labels}` holds class numbers (0, 1, 2, …), which are names, not amounts.
A regression loss like {loss_cls} makes the model predict a single number and
punishes it by the distance to the class number, so it "learns" that class 3 lies
between classes 2 and 4 — which means nothing for categories — and rounding the output
gives poor accuracy. For classification, give the model one output per class
({k} outputs) and use `nn.CrossEntropyLoss()` with the integer labels."""
    expert = """Treating nominal labels as ordinal targets imposes a metric on the classes;
the conditional mean minimising {loss_cls} is a blend of class indices, not a mode, so
`round(output)` is biased toward middle classes. Use a {k}-way linear head with
`CrossEntropyLoss` (softmax + NLL over logits), or an ordinal-regression formulation
if the classes really are ordered."""
    fix = """# one output per class and a classification loss
{model} = nn.Sequential(..., nn.Linear(hidden, {k}))
{loss} = nn.CrossEntropyLoss()
loss = {loss}({model}(x), {labels})          # integer labels, no .float()
pred = {model}(x).argmax(dim=1)"""
    known_false_alarms = ("Ordered integer targets (ratings, counts) regressed on purpose and "
                          "scored by exact match.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import torch_models, usage

        src = ctx.source
        if not src.ok:
            return
        mem = ctx.remember(self.id)
        pending: dict[str, tuple] = mem.setdefault("pending", {})   # labels -> facts
        compared: dict[str, tuple[int, int]] = mem.setdefault("compared", {})
        done: set[str] = mem.setdefault("done", set())
        t = adapter("torch")
        if t is None:
            return
        models = torch_models(ctx)
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")}
        for lname, items in usage(ctx).get("loss_args", {}).items():
            lv = losses.get(lname)
            if lv is None or t.framework_name(lv.obj) not in t.vocab.REGRESSION_LOSSES:
                continue
            for tp, tt, c in items:
                if not tp or tp[0] != "call" or not tt or tt[0] != "name":
                    continue
                if not any(lf.has_call("backward") for lf in c.loops):
                    continue
                y = tt[1]
                obj = ctx.user_ns.get(y)
                info = _int_labels(obj) if obj is not None else None
                if info is None or not (3 <= info[0] <= 30) or info[1] > 100:
                    continue
                from ...analysis.training import _model_out_width

                mv = models.get(tp[1])
                if mv is None or _model_out_width(mv.obj) not in (1, None):
                    continue
                pending[y] = (lname, type_name(lv.obj), tp[1], info[0], c.line,
                              ctx.cell)
        for y in list(pending):
            line = _compared_with(src, y)
            if line is not None:
                compared[y] = (line, ctx.cell)
        for y, (lname, lcls, model, k, lline, lcell) in list(pending.items()):
            if y in done or y not in compared:
                continue
            cline, ccell = compared[y]
            done.add(y)
            here = ccell == ctx.cell
            yield Evidence(line=cline if here else lline if lcell == ctx.cell else None,
                           subject=lname, loss=lname, loss_cls=lcls, model=model, labels=y,
                           k=k, cmp_line=cline, cmp_cell="" if here else f", cell {ccell}")
        if len(pending) > 100:
            pending.clear()
