from __future__ import annotations

from collections.abc import Iterator

from ...analysis.training import data_summary, fit_with_head, loss_repr, raised
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class LabelEncodingMismatch(Rule):
    id = "DLF-T103"
    name = "label-encoding-mismatch"
    title = "Labels encoded for the other cross-entropy (integer vs one-hot)"
    taxonomy = "training.preprocessing"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit` gets `{y}` with shape {shape} ({encoding}), but the loss "
               "`{loss}` expects {expects}.")
    beginner = """There are two ways to write class labels: as class numbers (`2`) or as
one-hot rows (`[0, 0, 1, 0]`). Each cross-entropy loss in Keras accepts only one of them:
`sparse_categorical_crossentropy` takes class numbers, `categorical_crossentropy` takes
one-hot rows. `{y}` is written as {encoding} but `{model}` is compiled with `{loss}`, so
Keras stops with a shape error. {todo}"""
    expert = """`categorical_crossentropy` computes −Σ_c y_c log p_c and needs y with the
output's shape (N, {units}); `sparse_categorical_crossentropy` gathers −log p_y and needs
integer y of shape (N,) or (N, 1). Here y is {shape} {encoding} against an output of
{units} units. Either convert the labels or switch the loss; the two are mathematically the
same objective."""
    fix = """{fix_code}"""
    texts = {
        "class_ids_to_categorical": Texts(
            encoding="integer class numbers",
            expects="one-hot rows of {units} values",
            todo="""Convert the labels with `keras.utils.to_categorical({y}, {units})`, or
compile with `loss="sparse_categorical_crossentropy"`.""",
            fix_code="""{model}.compile(optimizer=..., loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# or: {y} = keras.utils.to_categorical({y}, {units})"""),
        "one_hot_to_sparse": Texts(
            encoding="one-hot rows",
            expects="integer class numbers of shape (N,)",
            todo="""Compile with `loss="categorical_crossentropy"`, or turn the rows into
class numbers with `{y}.argmax(axis=1)`.""",
            fix_code="""{model}.compile(optimizer=..., loss="categorical_crossentropy", metrics=["accuracy"])
# or: {model}.fit(X, {y}.argmax(axis=1), ...)"""),
    }
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if raised(ctx):
            return
        for fc, head, loss, name in fit_with_head(ctx):
            if fc.y is None or head.units < 2:
                continue
            s = data_summary(fc.y)
            if not s.has_values:
                continue
            m = fc.model.name
            if name == "categorical_crossentropy" and (
                    len(s.shape) == 1 or (len(s.shape) == 2 and s.shape[1] == 1)) \
                    and s.integral and s.min is not None and s.min >= 0:
                yield Evidence(
                    line=fc.call.line, subject=m, variant="class_ids_to_categorical",
                    model=m, y=fc.y_name, shape=s.shape, loss=loss_repr(loss, name),
                    units=head.units)
            elif name == "sparse_categorical_crossentropy" and len(s.shape) == 2 and \
                    s.shape[1] > 1 and s.uniques is not None and \
                    set(s.uniques) <= {0.0, 1.0}:
                yield Evidence(
                    line=fc.call.line, subject=m, variant="one_hot_to_sparse", model=m,
                    y=fc.y_name, shape=s.shape, loss=loss_repr(loss, name), units=head.units)
