from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import KerasCall, _dims, _msg, array_summary, error_line
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


@register
class KerasSparseLossWithOneHot(Rule):
    id = "DLF-E104"
    name = "keras-sparse-loss-with-one-hot-labels"
    title = "One-hot labels given to sparse_categorical_crossentropy"
    taxonomy = "training.preprocessing"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = ("Labels are one-hot but the loss wants class ids: {labels}, but "
               "sparse_categorical_crossentropy wants class ids of shape (N,).")
    beginner = """`sparse_categorical_crossentropy` wants one class number per sample; your
labels are already one-hot rows. Either switch to `categorical_crossentropy`, or turn the
labels back into class numbers with `{y}.argmax(axis=1)`."""
    expert = """Sparse CE takes targets of rank output.ndim - 1 (integer ids); one-hot targets
have the output's rank. Received target {tshape}, output {oshape}."""
    fix = """{model}.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
# or keep the loss: {y} = {y}.argmax(axis=1)"""
    texts = {
        "one_hot_seen": Texts(labels="`{y}` has shape {yshape} (one-hot rows)"),
        "labels_seen": Texts(labels="`{y}` has shape {yshape}"),
        "labels_unseen": Texts(labels="the labels have shape {tshape}"),
    }
    references = ("https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class",)

    PATTERNS = (
        r"Argument `output` must have rank \(ndim\) `target\.ndim - 1`\. Received: "
        r"target\.shape=\((?P<t>[^)]*)\), output\.shape=\((?P<o>[^)]*)\)",
        r"`labels\.shape\.rank` must equal `logits\.shape\.rank - 1`\. Received: "
        r"labels\.shape=\((?P<t>[^)]*)\) of rank \d+ and logits\.shape=\((?P<o>[^)]*)\)",
        # older tf.keras: one-hot labels flattened by the sparse loss
        r"logits and labels must have the same first dimension, got logits shape "
        r"\[(?P<o>[^\]]*)\] and labels shape \[(?P<t>[^\]]*)\]",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        kc = KerasCall(ctx)
        y = kc.y or "y"
        ys = array_summary(ctx, kc.y)
        onehot = ys is not None and ys.uniques is not None and set(ys.uniques) <= {0.0, 1.0}
        mdl = kc.model or "model"
        yield Evidence(line=error_line(ctx), subject=kc.y if ys is not None else kc.model,
                       variant="labels_unseen" if ys is None else "one_hot_seen" if onehot
                       else "labels_seen",
                       y=y, model=mdl, yshape=shape_str(ys.shape) if ys is not None else None,
                       tshape=shape_str(_dims(m.group("t"))), oshape=shape_str(_dims(m.group("o"))))
