from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class CrossEntropyOnSingleOutput(Rule):
    id = "DLF-T014"
    name = "cross-entropy-on-single-output"
    title = "Cross-entropy over a single output unit with float targets"
    taxonomy = "training.loss"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{loss}({pred}, {target})` (line {at}): `{model}` has a single output unit "
               "and `{target}` holds float {what}, so CrossEntropyLoss is always 0 — "
               "nothing is learned.")
    beginner = """Cross-entropy compares a score per class; with one output there is only
one class, its softmax is always 1, and the loss is always exactly 0 whatever the
model predicts. {advice}"""
    expert = """With C = 1, `log_softmax` over the class axis is identically 0, so
`CrossEntropyLoss` with (N, 1) probability targets returns `-Σ t · 0 = 0` and zero
gradients. Float targets of the same shape as the input are read as class
probabilities (PyTorch ≥ 1.10), so no error is raised."""
    fix = """{fix_code}"""
    texts = {
        "regression": Texts(
            what="continuous values",
            advice="`{target}` holds continuous values: this is regression, so use `nn.MSELoss()`.",
            fix_code="{loss} = nn.MSELoss()   # a regression target"),
        "classes": Texts(
            what="values",
            advice="""For two classes use one output with `nn.BCEWithLogitsLoss()`, or two
outputs with `nn.CrossEntropyLoss()` and integer labels.""",
            fix_code="{loss} = nn.BCEWithLogitsLoss()   # one output unit, targets 0./1."),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ... import frameworks
        from ...analysis.training import _model_out_width, torch_models, usage

        t = frameworks.get("torch")
        models = torch_models(ctx)
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")}
        for lname, items in usage(ctx).get("loss_args", {}).items():
            lv = losses.get(lname)
            if lv is None or t.framework_name(lv.obj) not in t.vocab.CROSS_ENTROPY:
                continue
            for tp, tt, c in items:
                if not tp or tp[0] != "call" or not tt or tt[0] != "name" or tp[2]:
                    continue
                mv = models.get(tp[1])
                if mv is None or _model_out_width(mv.obj) != 1:
                    continue
                obj = ctx.user_ns.get(tt[1])
                wr = set(tt[2])
                if not t.is_tensor(obj) or not (obj.dtype.is_floating_point
                                                or wr & {"float", "double"}):
                    continue
                column = (obj.dim() == 2 and obj.shape[1] == 1) or bool(
                    wr & {"unsqueeze", "view", "reshape"})
                if not column:
                    continue  # (N,) float targets raise an error (explained by DLF-E002)
                s = t.summary(obj)
                continuous = bool(s is not None and s.has_values and not s.integral)
                yield Evidence(line=c.line, at=c.line, subject=lname,
                               variant="regression" if continuous else "classes", loss=lname,
                               pred=ctx.source.segment(c.args[0]) if c.args else "out",
                               target=tt[1], model=tp[1])
                return
