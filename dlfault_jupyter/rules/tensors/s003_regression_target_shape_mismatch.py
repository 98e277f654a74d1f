from __future__ import annotations

from collections.abc import Iterator

from ...analysis.provenance import LAYOUT, kept
from ...analysis.training import _model_out_width, _shape_dtype, data_of, torch_models, usage
from ...context import CellContext
from ...frameworks import adapter, type_name
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


@register
class RegressionTargetShapeMismatch(Rule):
    id = "DLF-S003"
    name = "regression-target-shape-mismatch"
    title = "Prediction (N, 1) and target (N,) broadcast to (N, N) in a regression loss"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}`: the prediction has shape {pshape} and the target `{target}` has "
               "shape {tshape}, so `{kind}` broadcasts them to ({n}, {n}) and compares every "
               "prediction with every target.")
    beginner = """The model predicts one number per sample as a column, shape (N, 1),
but the targets are a flat list, shape (N,). Instead of an error, PyTorch broadcasts
them into an N×N table and averages the differences between every prediction and every
target, so the loss no longer measures how good each prediction is: the model learns to
predict roughly the mean (PyTorch only prints a UserWarning). Make the shapes equal:
`{fix_pred}` or `{fix_target}`."""
    expert = """Broadcasting aligns trailing axes: (N, 1) − (N,) → (N, N). The loss
becomes `mean_ij (ŷ_i − y_j)²`, whose minimiser is ŷ_i = mean(y) for every i; gradients
carry no per-sample information. `nn.MSELoss` emits "Using a target size that is different
to the input size" but continues."""
    fix = """loss = {loss}({fix_pred}, {target})        # both (N,)
# or keep (N, 1): loss = {loss}({pred}, {fix_target})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        models = torch_models(ctx)
        t = adapter("torch")
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")
                  if t is not None and t.framework_name(v.obj) in t.vocab.REGRESSION_LOSSES}
        if not losses:
            return
        src = ctx.source
        for ln, calls in usage(ctx).get("loss_args", {}).items():
            if ln not in losses:
                continue
            for tp, tt, c in calls:
                if not tp or not tt or tt[0] != "name" or \
                        LAYOUT not in kept(tp[2] + tt[2]):
                    continue
                td = data_of(ctx, tt[1], c.line)
                if td is None or (sd := _shape_dtype(td[0])) is None:
                    continue
                tshape = sd[0]
                if tp[0] == "call":
                    if tp[1] not in models or _model_out_width(models[tp[1]].obj) != 1:
                        continue
                    pshape: tuple = ("N", 1)
                    pred_1d = False
                else:
                    pd = data_of(ctx, tp[1], c.line)
                    if pd is None or (psd := _shape_dtype(pd[0])) is None:
                        continue
                    pshape = psd[0]
                    pred_1d = len(pshape) == 1
                # the two mismatches: (N,1) vs (N,) and (N,) vs (N,1)
                if not pred_1d and len(pshape) == 2 and pshape[1] == 1 and len(tshape) == 1:
                    pass
                elif pred_1d and len(tshape) == 2 and tshape[1] == 1:
                    pass
                else:
                    continue
                n = tshape[0] if td[1] is False else "N"
                if td[1]:
                    tshape = ("N",) + tuple(tshape[1:])
                if isinstance(n, int) and n < 2:
                    continue
                pred = src.segment(c.args[0]) if c.args else "pred"
                target = tt[1]
                if pred_1d:
                    fix_pred, fix_target = f"{pred}.unsqueeze(1)", f"{target}.squeeze(1)"
                else:
                    fix_pred, fix_target = f"{pred}.squeeze(1)", f"{target}.unsqueeze(1)"
                yield Evidence(line=c.line, subject=ln, code=src.segment(c.node), loss=ln,
                               pshape=shape_str(tuple(pshape)),
                               tshape=shape_str(tuple(tshape)), target=target,
                               kind=type_name(losses[ln].obj), n=n, pred=pred,
                               fix_pred=fix_pred, fix_target=fix_target)
