from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _msg, arg, code_of, loss_call, model_calls
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class BatchSizeMismatch(Rule):
    id = "DLF-E018"
    name = "output-and-target-batch-size-mismatch"
    title = "Expected input batch_size (N) to match target batch_size (M)"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = """Output and labels have different batch sizes: {output} has {n_out} rows but
{target} has {n_tgt}{cause}"""
    beginner = """The loss gets one row of model output per sample and one label per sample, so
both must have the same number of rows. {advice}"""
    expert = """The loss compares input.size(0) = {n_out} with target.size(0) = {n_tgt}. When
the output has a multiple of the batch size, a `view(-1, k)` / `reshape(-1, k)` in `forward`
folded the feature axis into the batch axis (k smaller than the real number of features per
sample); `x.view(x.size(0), -1)` or `torch.flatten(x, 1)` keeps the batch axis by
construction. Otherwise the outputs and labels come from different batches or slices."""
    fix = """{fix_code}"""
    # A finding is written with how the output and the target are named and the likely cause
    # the two row counts point to.
    texts = {
        "output_named": Texts(output="`{o}`"),
        "output_unnamed": Texts(output="the output"),
        "target_named": Texts(target="`{y}`"),
        "target_unnamed": Texts(target="the target"),
        "samples_split": Texts(
            cause=""": each sample became {k} rows, typically a `view(-1, …)` with too few
features in {forward}.""",
            advice="""Each sample was split into {k} rows. In `forward`, flatten with
`x = torch.flatten(x, 1)` (or `x.view(x.size(0), -1)`) instead of `x.view(-1, number)`, and
give the next Linear layer the real number of features.""",
            fix_code="""x = torch.flatten(x, 1)          # in forward(), instead of x.view(-1, ...)
# and nn.Linear(<features per sample>, ...) for the next layer""",
        ),
        "custom_forward": Texts(forward="`{model}.forward`"),
        "model_forward": Texts(forward="the model's forward"),
        "more_labels": Texts(
            cause=": the labels may be one-hot/flattened, or from another batch.",
            advice="""Check that the labels have one entry per sample (shape (N,)) and come
from the same batch as the inputs.""",
            fix_code="print({ov}.shape, {yv}.shape)   # (N, C) and (N,)",
        ),
        "other_batch": Texts(
            cause=".",
            advice="""Outputs and labels must come from the same batch: check slicing
(`X[i:i+bs]` vs `y[i:i+bs]`) and any reshape in the model.""",
            fix_code="print({ov}.shape, {yv}.shape)   # same first dimension",
        ),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.flatten.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Expected input batch_size \((\d+)\) to match target batch_size \((\d+)\)")
        if not m:
            return
        n_out, n_tgt = int(m.group(1)), int(m.group(2))
        call, loss_var, loss_cls = loss_call(ctx)
        o = code_of(ctx, arg(call, 0, "input")) if call else None
        y = code_of(ctx, arg(call, 1, "target")) if call else None
        models = [c[1] for c in model_calls(ctx)]
        mdl = models[0] if models else None
        custom = False
        v = ctx.ns.get(mdl)
        if v is not None:
            custom = frameworks.get("torch").sequential_chain(v.obj) is None
        variant = ["output_named" if o else "output_unnamed",
                   "target_named" if y else "target_unnamed"]
        if n_tgt and n_out % n_tgt == 0 and n_out > n_tgt:
            variant += ["samples_split", "custom_forward" if custom and mdl else "model_forward"]
        elif n_out and n_tgt % n_out == 0 and n_tgt > n_out:
            variant.append("more_labels")
        else:
            variant.append("other_batch")
        yield Evidence(line=_line(ctx), subject=mdl, variant=tuple(variant), o=o, y=y,
                       ov=o or "output", yv=y or "y", model=mdl,
                       k=n_out // n_tgt if n_tgt else None, n_out=n_out, n_tgt=n_tgt)
