from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _model, keras_run
from ...context import CellContext
from ...registry import Evidence, Texts, lookup, register


@register
class LabelsNotShuffled(RuntimeRule):
    id = "DLF-T313"
    name = "batches-have-one-label"
    title = "Every training batch holds a single label (data sorted, not shuffled)"
    taxonomy = "training.data_quality"
    severity = "warning"
    message = ("{const} of {probes} probed batches contained a single label value (labels "
               "seen: {labels}): {verdict}")
    beginner = """Each batch the model trained on contained only one class. {verdict_long}
The model then learns "always predict the current class" and forgets it at the next
batch. Shuffle the training data (`DataLoader(..., shuffle=True)` or a random permutation
of the indices each epoch)."""
    expert = """Targets passed to the loss module: min == max in {const}/{probes} probed
batches (labels seen: {labels}). Batches that are not i.i.d. samples make SGD follow one
class at a time (catastrophic interference within the epoch) and make BatchNorm statistics
class-specific. Shuffle each epoch (`shuffle=True`, `RandomSampler`, `torch.randperm`)."""
    fix = """loader = DataLoader(dataset, batch_size=64, shuffle=True)
# or, with tensors:
perm = torch.randperm(len(X))
X, y = X[perm], y[perm]"""
    texts = {
        "keras": Texts(
            beginner="""Each batch the model trained on contained only one class. {verdict_long}
The model then learns "always predict the current class" and forgets it at the next
batch. Let Keras shuffle the training data: remove `shuffle=False` from `fit` (shuffling
is the default).""",
            expert="""Labels of the batches `fit(..., shuffle=False)` trained on (rows k·B to
(k+1)·B of `y`): min == max in {const}/{probes} probed batches (labels seen: {labels}).
Batches that are not i.i.d. samples make SGD follow one class at a time (catastrophic
interference within the epoch) and make BatchNorm statistics class-specific. Shuffle each
epoch (`fit(shuffle=True)`, the default; `Dataset.shuffle(n)` before `.batch()`).""",
            fix="""{model}.fit(X, y, batch_size=64, epochs=10)   # shuffle=True is the default""",
        ),
        # -- the labels of the single-label batches
        "sorted_by_label": Texts(
            verdict="the data is sorted by label and not shuffled.",
            verdict_long="Across batches the label changes, so the data is sorted by label.",
        ),
        "same_label": Texts(
            verdict="all of them had the same label {label:g} of {n_classes} classes.",
            verdict_long="""Every batch had the same label: the labels are constant or the
loader only ever reaches the first class.""",
        ),
    }
    known_false_alarms = ("Tasks with one label per batch on purpose (per-class or "
                          "per-episode training) or a single-class dataset. Keras: only "
                          "`fit(x, y, shuffle=False)` on arrays of class labels is checked "
                          "(with shuffling, or with a dataset, the batches are not known); "
                          "when DLF-A110 already reports the sorted labels, this rule stays "
                          "quiet.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or len(tr.label_probes) < 3 or tr.multi_target_steps:
            return   # several classification losses per step: targets built per call (GAN)
        probes = tr.label_probes
        const = [lo for lo, hi in probes if lo == hi]
        if len(const) < 0.8 * len(probes):
            return
        labels = sorted({v for p in probes for v in p})
        if len(labels) >= 2:
            verdict = "sorted_by_label"
        elif (tr.n_classes or 0) >= 2:
            verdict = "same_label"
        else:
            return
        if keras_run(tr):
            static = lookup("DLF-A110")   # fit(shuffle=False) on sorted labels, with its line
            if static is not None and static.applies():
                try:
                    if any(True for _ in static().check(ctx) or ()):
                        return
                except Exception:  # noqa: BLE001
                    pass
        lab = ", ".join(f"{v:g}" for v in labels[:8]) + (" …" if len(labels) > 8 else "")
        yield Evidence(subject=tr.loss_subject or _model(tr), key="labels", variant=verdict,
                       const=len(const), probes=len(probes), labels=lab, label=labels[0],
                       n_classes=tr.n_classes, model=_model(tr))
