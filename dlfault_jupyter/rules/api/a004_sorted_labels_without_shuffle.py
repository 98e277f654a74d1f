from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class SortedLabelsWithoutShuffle(Rule):
    id = "DLF-A004"
    name = "sorted-labels-without-shuffle"
    title = "Training data sorted by label and not shuffled"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{loader}` reads its dataset in order (no `shuffle=True`), and its labels "
               "are sorted ({labels}): each batch holds one class, the first ~{run_n} samples "
               "({run_batches} batches) are all label {first}.")
    beginner = """The labels in `{loader}`'s dataset are sorted, and the loader does not
shuffle, so the model first sees only one class, then only the next, and so on. Each
step pushes the model towards "everything is the current class", and at the end of an
epoch it mostly remembers the last class. Create the training loader with
`shuffle=True`."""
    expert = """Mini-batch SGD assumes batches are i.i.d. samples of the data. With a
`SequentialSampler` over class-sorted data, the gradient within a run of one class has a
constant bias towards that class; the model oscillates between classes (catastrophic
forgetting within the epoch) and BatchNorm statistics become per-class. Shuffling each
epoch (`RandomSampler`) restores unbiased gradient estimates."""
    fix = """{loader} = DataLoader({dataset}, batch_size={bs}, shuffle=True)"""
    texts = {
        "many_labels": Texts(labels="{n_labels} values from {lowest} to {highest}"),
        "two_labels": Texts(labels="{lowest} then {highest}"),
    }
    known_false_alarms = "A sorted evaluation loader whose name contains 'train'."

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ... import frameworks

        t = frameworks.get("torch")
        mem = ctx.remember(self.id)
        trained: set[str] = mem.setdefault("trained", set())
        for lf in ctx.source.training_loops():
            for outer in ctx.source.loops:
                if outer.function == lf.function and lf.node in ast.walk(
                        outer.node) and outer.iter_name:
                    trained.add(outer.iter_name)
        import numpy as np
        for v in ctx.ns.of_kind("loader", framework="torch"):
            if v.name not in trained and "train" not in v.name.lower():
                continue
            obj = v.obj
            if not t.is_sequential_sampler(getattr(obj, "sampler", None)):
                continue
            ds = getattr(obj, "dataset", None)
            if not t.is_tensor_dataset(ds) or len(ds.tensors) < 2:
                continue
            lab = ds.tensors[-1]
            if lab.dim() != 1 or lab.shape[0] < 16:
                continue
            s = t.ordered_sample(lab)
            if s is None or s.size < 16:
                continue
            d = np.diff(s.astype("float64"))
            if not (np.all(d >= 0) or np.all(d <= 0)) or not np.any(d != 0):
                continue
            u = np.unique(s)
            bs = getattr(obj, "batch_size", None) or 1
            n = int(lab.shape[0])
            first_val = s[0]
            run = int(np.argmax(s != first_val)) if np.any(s != first_val) else s.size
            run_n = int(round(run / s.size * n))
            dname = ctx.ns.name_of(ds) or "dataset"
            yield Evidence(subject=v.name, variant="many_labels" if u.size > 2 else "two_labels",
                           loader=v.name, run_n=run_n, run_batches=max(run_n // bs, 1),
                           first=f"{first_val:g}", n_labels=u.size, lowest=f"{u[0]:g}",
                           highest=f"{u[-1]:g}", dataset=dname, bs=bs)
