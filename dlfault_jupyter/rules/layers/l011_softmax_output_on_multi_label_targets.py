from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.model_facts import output_layer
from ...analysis.roles import Data, data_of, sample_rows
from ...analysis.training import loss_users, torch_models
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...wording import layer_label

#: what may stand between the model's output and the loss: the raw output, reshaped
_AS_IS = ("squeeze", "view", "reshape", "flatten", "[]", "[:]", "float")
_MIN_ROWS = 8          # rows of labels read before anything is said


@register
class SoftmaxOutputOnMultiLabelTargets(Rule):
    id = "DLF-L011"
    name = "softmax-output-on-multi-label-targets"
    title = "Softmax output for multi-label targets (several classes on at once)"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{layer}` (Softmax) and is trained with `{loss}` "
               "(binary cross-entropy) on `{labels}`, whose rows are multi-hot: {multi} of "
               "the {rows} rows checked have more than one 1 (up to {most} of {width}). A "
               "softmax makes the {width} outputs sum to 1, so no two of them can both be "
               "above 0.5.")
    beginner = """A softmax shares one unit of probability among all {width} outputs:
when one goes up, the others go down. That is right when every sample has exactly one
class, but `{labels}` has samples with several labels on at once ({multi} of {rows} rows
checked, up to {most} labels in a row). The model can never give two of them a
probability above 0.5, so with a 0.5 threshold it can never predict both, and the loss
`{loss}` keeps pulling the outputs against each other. For multi-label targets give
every output its own sigmoid: drop the softmax and use `nn.BCEWithLogitsLoss`, which
applies the sigmoid for each output itself."""
    expert = """Binary cross-entropy treats the {width} outputs as independent
Bernoulli probabilities `p_j = P(label j on)`; a multi-hot row with `k > 1` ones is
best fitted by `p_j = 1` on all of them, but the softmax constrains `Σ p_j = 1`, so at
most one `p_j` can exceed 0.5 and the optimum of the loss under that constraint spreads
the mass (`p_j ≈ 1/k`). The per-label likelihood needs an element-wise sigmoid:
`BCEWithLogitsLoss` on the raw logits (numerically stable), or `torch.sigmoid` +
`BCELoss`."""
    fix = """# make {model} return the logits: drop the final softmax (`{layer}`), then
{loss} = nn.BCEWithLogitsLoss()        # one sigmoid per label, applied inside the loss
probs = torch.sigmoid({model}(x))      # per-label probabilities, for predictions"""
    known_false_alarms = ("Rows that are deliberately normalised label distributions are "
                          "not multi-hot and are not reported; a softmax meant as an "
                          "attention over labels is.")
    references = (
        "https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",
        "https://discuss.pytorch.org/t/multi-label-activation-function/83238",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        models = torch_models(ctx)
        if not models:
            return
        pairs: dict[str, str] = {}          # model -> its BCELoss
        for v in ctx.ns.of_kind("loss", framework="torch"):
            if t.framework_name(v.obj) not in t.vocab.PROBABILITY_BINARY_LOSSES:
                continue
            for m, wrs in loss_users(ctx, v.name, models).items():
                if any(all(w in _AS_IS for w in wr) for wr in wrs):
                    pairs.setdefault(m, v.name)
        softmax: dict[str, str] = {}
        for m in pairs:
            out = output_layer(models[m].obj)    # behind compile/DataParallel
            if out and out[1] == "Softmax":
                softmax[m] = layer_label(m, out[0])
        for d in data_of(ctx, "y", train=True) if softmax else ():
            user = d.use.model
            got = _multi_hot(d) if user in softmax else None
            if user is None or got is None:
                continue
            multi, rows, most, width = got
            yield Evidence(subject=user, key=("multi-label", user), model=user,
                           layer=softmax.pop(user), loss=pairs[user], labels=d.label,
                           multi=multi, rows=rows, most=most, width=width)


def _multi_hot(d: Data) -> tuple[int, int, int, int] | None:
    """(rows with more than one 1, rows read, most 1s in a row, width) when the sampled
    rows of the (N, C) labels ``d`` are all 0/1 and some hold several 1s; else None."""
    import numpy as np

    try:
        shape = tuple(int(s) for s in d.obj.shape)
    except Exception:  # noqa: BLE001
        return None
    if len(shape) != 2 or shape[1] < 2:
        return None
    rows = sample_rows(d)
    if rows is None or rows.shape[0] < _MIN_ROWS or rows.shape[1] != shape[1] or \
            not np.all((rows == 0) | (rows == 1)):
        return None
    per_row = rows.sum(axis=1)
    multi = int((per_row > 1).sum())
    if multi == 0:
        return None
    return multi, int(rows.shape[0]), int(per_row.max()), shape[1]
