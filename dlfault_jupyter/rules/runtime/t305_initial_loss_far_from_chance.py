from __future__ import annotations

import math
from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _fmt, _keras_loss, _model, keras_run
from ...context import CellContext
from ...registry import Evidence, Texts, register
from ...wording import layer_path

CLASSIFICATION_LOSSES = ("CrossEntropyLoss", "NLLLoss", "sparse_categorical_crossentropy",
                         "categorical_crossentropy", "SparseCategoricalCrossentropy",
                         "CategoricalCrossentropy")


@register
class InitialLossOff(RuntimeRule):
    id = "DLF-T305"
    name = "initial-loss-far-from-chance"
    title = "The first loss is far from what a fresh classifier gives"
    taxonomy = "training.loss"
    severity = "warning"
    message = ("The loss at the first step was {l0}, where a fresh {C}-class classifier "
               "gives about ln({C}) = {lnC}: {why}")
    beginner = """Before training, a classifier that knows nothing should spread its
probability evenly over the {C} classes, which gives a cross-entropy loss of about
ln({C}) = {lnC}. Yours started at {l0}. {why_long}"""
    expert = """For cross-entropy with C = {C} and near-uniform initial predictions,
`L₀ ≈ ln C = {lnC}`. A negative value is impossible for a correct cross-entropy: `NLLLoss`
was given raw scores instead of log-probabilities. A much larger value means the initial
logits are large (an initialisation or input scale problem, a missing normalisation, or
a final activation squashing probabilities before a loss that expects logits)."""
    fix = """{torch_fix}"""
    texts = {
        "keras": Texts(
            expert="""For cross-entropy with C = {C} and near-uniform initial predictions,
`L₀ ≈ ln C = {lnC}`. A much larger value means the initial outputs are large (an
initialisation or input scale problem, a missing normalisation) or that raw scores reach
a loss that expects probabilities (`from_logits=False`, the default): Keras clips them to
[ε, 1−ε], which gives losses up to −ln ε ≈ 16.""",
            fix="""# raw scores from the last layer (no activation) + from_logits=True
{model}.compile(optimizer=..., loss={kloss})
# or probabilities: end the model with keras.layers.Dense(C, activation="softmax")
# and keep from_logits=False""",
        ),
        # -- what the first loss says (a negative loss: Keras' fit, then PyTorch)
        "negative_not_probabilities": Texts(
            why="a negative cross-entropy: the loss was not given probabilities.",
            why_long="""A negative loss is impossible for a correct cross-entropy: the loss got
values that are not probabilities. Give it the raw scores of a last layer without
activation, with `from_logits=True`.""",
        ),
        "negative_raw_scores": Texts(
            why="a negative cross-entropy: the loss was given raw scores, not log-probabilities.",
            why_long="""A negative loss is impossible for a correct cross-entropy: `NLLLoss`
expects `log_softmax` outputs. Use `CrossEntropyLoss` on the raw scores instead.""",
            torch_fix="""# logits + CrossEntropyLoss (it applies log_softmax itself)
loss_fn = nn.CrossEntropyLoss()
# or log-probabilities + NLLLoss
loss_fn = nn.NLLLoss(); loss = loss_fn(torch.log_softmax(logits, dim=1), y)""",
        ),
        "overconfident": Texts(
            why="the initial predictions are very confident and often wrong.",
            why_long="""The model starts out very confident: its outputs are too large.
Normalise the inputs and keep the default initialisation of the last layer.""",
        ),
        # (after "overconfident", in a run of Keras' fit)
        "overconfident_or_not_logits": Texts(
            why_long="""The model starts out very confident: its outputs are too large, or
the loss reads raw scores as probabilities (a last layer without softmax and
`from_logits=False`, the default). Pass `from_logits=True` when the last layer has no
activation, normalise the inputs and keep the default initialisation of the last
layer.""",
        ),
        # -- the fix of over-confident outputs (PyTorch): the scale of the last layer
        "reset_last_layer": Texts(
            torch_fix="""# the outputs start far too large: give the last layer its default initialisation again
{path}.reset_parameters()   # or remove the code that scaled its weights; normalise the inputs""",
        ),
        "last_layer_unknown": Texts(
            torch_fix="""# normalise the inputs and keep the default initialisation of the last layer""",
        ),
    }
    known_false_alarms = ("A model that was already trained in an earlier cell can start "
                          "far from ln C.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.losses.first is None or not tr.n_classes or tr.n_classes < 2:
            return
        if not tr.loss_name or not any(n.lower() in tr.loss_name.lower()
                                       for n in CLASSIFICATION_LOSSES):
            return
        l0 = tr.losses.first[1]
        C = tr.n_classes
        ln = math.log(C)
        if not math.isfinite(l0):
            return
        path = None
        if l0 < -1e-3:
            variant: tuple[str, ...] = ("negative_not_probabilities",) if keras_run(tr) \
                else ("negative_raw_scores",)
        elif l0 > max(3 * ln, ln + 3):
            variant = ("overconfident", "overconfident_or_not_logits") if keras_run(tr) \
                else ("overconfident",)
            # over-confident outputs: the scale of the last layer, not the loss
            layers = [ls for ls in tr.param_layers() if not ls.name.startswith("<")]
            last = layers[-1].name if layers else None
            path = layer_path(*last.split(".", 1)) if last and "." in last else last
            variant += ("reset_last_layer" if path else "last_layer_unknown",)
        else:
            return
        yield Evidence(subject=tr.loss_subject or _model(tr), key="l0", variant=variant,
                       l0=_fmt(l0), C=C, lnC=f"{ln:.3g}", model=_model(tr),
                       kloss=_keras_loss(tr), path=path)
