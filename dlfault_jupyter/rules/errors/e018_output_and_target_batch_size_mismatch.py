from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _msg, arg, code_of, lc, loss_call, model_calls
from ...context import CellContext
from ...registry import Evidence, Rule, register


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
    message = "Output and labels have different batch sizes: {summary}"
    beginner = """The loss gets one row of model output per sample and one label per sample, so
both must have the same number of rows. {advice}"""
    expert = """The loss compares input.size(0) = {n_out} with target.size(0) = {n_tgt}. When
the output has a multiple of the batch size, a `view(-1, k)` / `reshape(-1, k)` in `forward`
folded the feature axis into the batch axis (k smaller than the real number of features per
sample); `x.view(x.size(0), -1)` or `torch.flatten(x, 1)` keeps the batch axis by
construction. Otherwise the outputs and labels come from different batches or slices."""
    fix = """{fix_code}"""
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
        if n_tgt and n_out % n_tgt == 0 and n_out > n_tgt:
            k = n_out // n_tgt
            summary = (f"{'`' + o + '`' if o else 'the output'} has {n_out} rows but "
                       f"{'`' + y + '`' if y else 'the target'} has {n_tgt}: each sample became "
                       f"{k} rows, typically a `view(-1, …)` with too few features in "
                       + (f"`{mdl}.forward`." if custom and mdl else "the model's forward."))
            advice = (f"Each sample was split into {k} rows. In `forward`, flatten with "
                      f"`x = torch.flatten(x, 1)` (or `x.view(x.size(0), -1)`) instead of "
                      f"`x.view(-1, number)`, and give the next Linear layer the real number of "
                      f"features.")
            fix_code = ("x = torch.flatten(x, 1)          # in forward(), instead of x.view(-1, ...)\n"
                        "# and nn.Linear(<features per sample>, ...) for the next layer")
        elif n_out and n_tgt % n_out == 0 and n_tgt > n_out:
            summary = (f"{'`' + o + '`' if o else 'the output'} has {n_out} rows but "
                       f"{'`' + y + '`' if y else 'the target'} has {n_tgt}: the labels may be "
                       f"one-hot/flattened, or from another batch.")
            advice = ("Check that the labels have one entry per sample (shape (N,)) and come "
                      "from the same batch as the inputs.")
            fix_code = f"print({o or 'output'}.shape, {y or 'y'}.shape)   # (N, C) and (N,)"
        else:
            summary = (f"{'`' + o + '`' if o else 'the output'} has {n_out} rows but "
                       f"{'`' + y + '`' if y else 'the target'} has {n_tgt}.")
            advice = ("Outputs and labels must come from the same batch: check slicing "
                      "(`X[i:i+bs]` vs `y[i:i+bs]`) and any reshape in the model.")
            fix_code = f"print({o or 'output'}.shape, {y or 'y'}.shape)   # same first dimension"
        yield Evidence(line=_line(ctx), subject=mdl, summary=lc(summary), advice=advice,
                       fix_code=fix_code, n_out=n_out, n_tgt=n_tgt)
