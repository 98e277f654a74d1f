from __future__ import annotations

from collections.abc import Iterator

from ...analysis.preprocessing import adapt_calls, held_out, train_counterpart
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: what adapt() learns, as the adapter names it: the variant of the texts
_LEARNED = ("moments", "vocabulary", "bins")


@register
class PreprocessingAdaptedOnHeldOutData(Rule):
    id = "DLF-T222"
    name = "preprocessing-adapted-on-held-out-data"
    title = "A Keras preprocessing layer adapted on data that includes the held-out split"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{layer}.adapt({data})` learns its {learned} from data that includes "
               "`{test}`: the {kind} rows leak into the model's preprocessing.")
    beginner = """`adapt` computes the layer's {learned} from the data it is given, and
they become part of the model through `{layer}`. `{data}` contains `{test}`, so the {kind}
data shaped the preprocessing: {effect} The {kind} score is no longer a measure on unseen
data. Adapt on the training split only."""
    expert = """`adapt` is a fit: state learned from `{test}` ({learned}) becomes part of
the model, which is leakage just like fitting a scaler before the split; {effect} Adapt on
`{train}` only (the same applies to `Normalization`, `TextVectorization`, the lookups and
`Discretization`)."""
    fix = """{layer}.adapt({train})     # training data only"""
    texts = {
        "moments": Texts(learned="mean and variance",
                         effect="the inputs are centred and scaled with statistics of "
                                "the held-out rows too."),
        "vocabulary": Texts(learned="vocabulary",
                            effect="tokens that occur only in the held-out data get their "
                                   "own ids instead of the out-of-vocabulary id, as if the "
                                   "model had seen them."),
        "bins": Texts(learned="bin boundaries",
                      effect="the bin edges follow the held-out distribution too."),
    }
    known_false_alarms = ("A final refit on all the data after model selection, adapted on "
                          "train + validation on purpose (reported only with a test or "
                          "validation split by its name).")
    references = ("https://keras.io/api/layers/preprocessing_layers/numerical/normalization/",
                  "https://scikit-learn.org/stable/common_pitfalls.html#data-leakage")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for a in adapt_calls(ctx):
            tests = [s for s in a.sources if held_out(s)[0]]
            if not tests or a.learns not in _LEARNED:
                continue
            test = tests[0]
            strict = held_out(test)[1]
            trains = [s for s in a.sources if s not in tests]
            train = trains[0] if len(trains) == 1 else train_counterpart(ctx, test)
            if train is None:
                continue   # no training split in sight to adapt on instead
            yield Evidence(variant=a.learns, line=a.line, subject=a.layer,
                           key=(a.layer, test), layer=a.layer,
                           data=ctx.source.segment(a.arg), test=test, train=train,
                           kind="test" if strict else "validation")
