from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _dims, _msg, code_of, error_calls, error_line
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


@register
class LogitsLabelsShape(Rule):
    id = "DLF-E105"
    name = "logits-and-labels-shape-mismatch"
    title = "logits and labels must have the same shape (tf.nn cross-entropy)"
    taxonomy = "training.loss"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Logits and labels differ in shape: {summary}"
    beginner = """`tf.nn.*_cross_entropy_with_logits` compares each logit with the label at the
same position, so labels and logits must have the same shape (N, C). For integer class labels
of shape (N,), use `tf.nn.sparse_softmax_cross_entropy_with_logits` instead; for a binary task
make both (N, 1)."""
    expert = """softmax/sigmoid_cross_entropy_with_logits are element-wise over (N, C) with
labels as (soft) distributions; the sparse variant takes int ids of shape (N,). Here logits
{lshape}, labels {yshape}."""
    fix = """tf.nn.sparse_softmax_cross_entropy_with_logits(labels={lb}, logits=logits)   # integer class ids (N,)
# or one-hot: labels=tf.one_hot({lb}, depth=num_classes)"""
    texts = {
        "shapes_named": Texts(summary="logits {lshape} vs labels `{labels}` {yshape}."),
        "shapes": Texts(summary="logits {lshape} vs labels {yshape}."),
        "no_shapes": Texts(summary="the labels do not have the logits' shape (N, C)."),
    }
    references = ("https://www.tensorflow.org/api_docs/python/tf/nn/softmax_cross_entropy_with_logits",)

    PATTERNS = (
        r"`logits` and `labels` must have the same shape, received \(\((?P<l>[^)]*)\) vs "
        r"\((?P<y>[^)]*)\)\)",
        r"logits and labels must be broadcastable: logits_size=\[(?P<l>[^\]]*)\] "
        r"labels_size=\[(?P<y>[^\]]*)\]",
        r"logits and labels must have the same shape",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        gd = m.groupdict()
        ls = _dims(gd["l"]) if gd.get("l") else None
        ys = _dims(gd["y"]) if gd.get("y") else None
        labels = None
        for c in error_calls(ctx):
            if c.attr and "cross_entropy_with_logits" in c.attr:
                labels = code_of(ctx, c.kwarg("labels", 0))
                break
        lb = labels if labels and labels.isidentifier() else "labels"
        yield Evidence(line=error_line(ctx), subject=labels if labels and labels.isidentifier()
                       else None,
                       variant=("shapes_named" if labels else "shapes") if ls and ys
                       else "no_shapes",
                       labels=labels, lb=lb,
                       lshape=shape_str(ls) if ls else "?", yshape=shape_str(ys) if ys else "?")
