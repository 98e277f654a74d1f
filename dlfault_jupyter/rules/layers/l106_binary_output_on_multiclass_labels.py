from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class BinaryOutputOnMulticlassLabels(Rule):
    id = "DLF-L106"
    name = "binary-output-on-multiclass-labels"
    title = "One-unit binary output trained on labels with more than two classes"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` has a single {act} output unit (`{layer}`, loss `{loss}`) but `{y}` "
               "holds {k} different classes ({classes}).")
    beginner = """One output unit with `{loss}` can only answer a yes/no question (labels 0
and 1). `{y}` has {k} classes, so the labels 2 and up are treated as "more than yes": the
loss is computed, training runs, but the model cannot tell the classes apart and no error
appears. Use one output unit per class with softmax and
`sparse_categorical_crossentropy`."""
    expert = """Binary cross-entropy −[y log p + (1−y) log(1−p)] with y ∈ {{{classes}}}
is not a likelihood for y > 1: its minimiser is outside [0, 1] and p saturates at 1 for
every class ≥ 1, merging them. A {k}-way categorical head is needed."""
    fix = """keras.layers.Dense({k}, activation="softmax"{name_kw})
{model}.compile(optimizer=..., loss="sparse_categorical_crossentropy", metrics=["accuracy"])"""
    known_false_alarms = "Targets that are counts or scores on purpose (then use a regression loss)."
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import data_summary, fit_with_head, loss_repr
        for fc, head, loss, name in fit_with_head(ctx):
            if fc.y is None or head.units != 1 or name not in (
                    "binary_crossentropy", "binary_focal_crossentropy"):
                continue
            s = data_summary(fc.y)
            if not s.has_values or not s.integral or s.uniques is None:
                continue
            if len(s.uniques) <= 2 or len(s.uniques) > 50 or s.min < 0:
                continue
            cls = ", ".join(str(int(u)) for u in s.uniques[:8]) + (
                ", ..." if len(s.uniques) > 8 else "")
            yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                           layer=head.name, act=head.activation, loss=loss_repr(loss, name),
                           y=fc.y_name, k=len(s.uniques), classes=cls)
