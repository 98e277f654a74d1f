from __future__ import annotations

from collections.abc import Iterator

from ...analysis.losses import cpu_rows, loss_uses
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class PosWeightShapeMismatch(Rule):
    id = "DLF-T173"
    name = "pos-weight-shape-mismatch"
    title = "BCEWithLogitsLoss pos_weight does not match the label columns, or is inverted"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = "`{loss}` has `pos_weight` {pw} for `{target}` of shape {shape}: {what}."
    beginner = """`pos_weight` holds one number per label column: how much more a positive
of that column counts than a negative (n_negatives / n_positives for balancing). {why}"""
    expert = """`BCEWithLogitsLoss` computes `-(pos_weight * y * log σ(x) + (1 - y) * log(1 -
σ(x)))` element-wise, with `pos_weight` broadcast against the last axis of the
target. {detail}"""
    fix = """{loss} = nn.BCEWithLogitsLoss(pos_weight=(({target} == 0).sum(0) / ({target} == 1).sum(0).clamp(min=1)).float())"""
    texts = {
        "shape": Texts(
            what="{k} weights for {cols} label column(s), so the loss is broadcast to "
            "{k} copies of every prediction",
            why="""Here it has {k} numbers (one per class, the CrossEntropy way) but the
target has {cols} column(s): PyTorch broadcasts the loss to {k} columns without an error,
scores every prediction once with each weight, and the balancing you meant is lost.
For one yes/no output, `pos_weight` is one number.""",
            detail="With a target of {cols} column(s) and {k} weights the element-wise "
            "loss has shape (N, {k}); the mean mixes the weights instead of applying the "
            "weight of each column."),
        "inverted": Texts(
            what="positives are {pos} of the labels but their weight is {pw_col}, below 1: "
            "the rare class is weighted down further",
            why="""Positives are the rare class here ({pos} of `{target}`), so their weight
should be above 1 (about {ideal}); {pw_col} makes them count even less, and the model
learns to predict "no" almost always. The ratio is inverted: use negatives / positives.""",
            detail="Positive share {pos} in the first {rows} rows; n_neg / n_pos ≈ "
            "{ideal}, given {pw_col}."),
    }
    known_false_alarms = ("A pos_weight below 1 chosen on purpose to trade recall for "
                          "precision.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for lu in loss_uses(ctx):
            pw = getattr(lu.obj, "pos_weight", None)
            if pw is None or lu.target_obj is None:
                continue
            try:
                if pw.device.type != "cpu":
                    continue
                pwv = pw.detach().double().reshape(-1).numpy()
                shape = tuple(int(s) for s in lu.target_obj.shape)
            except Exception:  # noqa: BLE001 - not a plain tensor
                continue
            if len(shape) < 2 or pwv.size == 0:
                continue          # 1-D targets: a wrong shape raises (the error explains it)
            cols, k = shape[-1], int(pwv.size)
            pw_txt = "[" + ", ".join(f"{x:.3g}" for x in pwv) + "]"
            base = dict(line=lu.line, subject=lu.loss, loss=lu.loss, pw=pw_txt,
                        target=lu.labels or lu.target, shape=shape, k=k, cols=cols)
            if k != cols and k > 1:
                yield Evidence(key=(lu.loss, "shape"), variant="shape", **base)
                continue
            rows = cpu_rows(lu.target_obj, 4096)
            if k != cols or rows is None or rows.ndim != 2:
                continue
            for j in range(cols):
                col = rows[:, j]
                pos = float((col == 1).mean())
                if not ((col == 0) | (col == 1)).all() or not 0 < pos < 0.4 or \
                        pwv[j] >= 1:
                    continue
                yield Evidence(key=(lu.loss, "inverted"), variant="inverted", **base,
                               pos=f"{pos:.0%}", pw_col=f"{pwv[j]:.3g}",
                               ideal=f"{(1 - pos) / pos:.3g}", rows=rows.shape[0])
                break
