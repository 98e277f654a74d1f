from __future__ import annotations

from collections.abc import Iterator

from ...analysis.training import wide_binary_heads
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class BinaryLabelsOnMultiUnitOutput(Rule):
    id = "DLF-L110"
    name = "binary-labels-on-multi-unit-output"
    title = "Binary 0/1 labels and a binary loss on an output layer of several units"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` ends with {units} units (`{layer}`, {act}) and is trained with "
               "`{loss}`, but `{y}` is one 0/1 column of shape {yshape}: the output layer "
               "needs 1 unit.")
    beginner = """For a yes/no task with labels 0 and 1, the model needs **one** output
number: the probability of "yes". `{model}` ends with {units} units, so the loss would have
to compare {units} predictions with a single label. Keras 3 stops `fit` with a shape error;
older Keras silently compared every unit with the same label, so every unit learned the
same thing. Give the last layer 1 unit with a sigmoid."""
    expert = """`{loss}` is an element-wise loss: it needs target and output of the same
shape. Labels {yshape} with values in {{0, 1}} against an output (N, {units}) raise in
Keras 3 (`Arguments target and output must have the same shape`); with broadcasting (tf.keras
2) the mean over {units} identical per-unit problems trains {units} redundant sigmoids and
`accuracy` compares a (N, 1) label with (N, {units}) predictions. Either one sigmoid unit,
or {units}-way softmax with `sparse_categorical_crossentropy` on the class ids."""
    fix = """keras.layers.Dense(1, activation="sigmoid"{name_kw}),   # last layer of {model}
{model}.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])"""
    known_false_alarms = ""
    references = ("https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for fc, head, name, y_text, s in wide_binary_heads(ctx):
            layer = getattr(head, "name", None) or "output"
            yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                           units=head.units, layer=layer, act=head.activation or "linear",
                           loss=name, y=y_text, yshape="(N,)" if len(s.shape) == 1 else "(N, 1)")
