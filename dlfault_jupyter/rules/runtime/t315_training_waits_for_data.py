from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _model
from ...context import CellContext
from ...registry import Evidence, register


@register
class DataLoadingBound(RuntimeRule):
    id = "DLF-T315"
    name = "training-waits-for-data"
    title = "Most of the training time is spent outside the model (data loading)"
    taxonomy = "training.process"
    severity = "info"
    frameworks = ("torch",)
    message = ("{frac} of the time of {steps} steps ({data_s} s of {total_s} s) was spent "
               "between steps (loading and preparing data), only {compute_s} s in forward, "
               "backward and update.")
    beginner = """The model spends most of its time waiting: getting the next batch
(reading, decoding, augmenting, converting) takes longer than training on it. Make the
data pipeline faster: load data in background workers (`num_workers`), prepare tensors
once before the loop instead of every step, and avoid Python loops per sample."""
    expert = """Wall time between the end of `optimizer.step()` and the start of the next
forward: {data_s} s; forward+backward+step: {compute_s} s over {steps} steps. The host
pipeline is the bottleneck. Use `DataLoader(num_workers>0, pin_memory=True,
persistent_workers=True)`, precompute deterministic transforms, batch the transforms, or
prefetch. (On a GPU, asynchronous kernels make the compute share look smaller than it is;
the data share is real host time.)"""
    fix = """loader = DataLoader(dataset, batch_size=64, shuffle=True,
                    num_workers=4, pin_memory=True, persistent_workers=True)"""
    known_false_alarms = ("Logging, evaluation or printing between steps counts as data "
                          "time too. PyTorch loops only: Keras `fit` fetches the next batch "
                          "inside its compiled train step, so a callback cannot tell data "
                          "time from compute time and Keras runs are never reported.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.timed_steps < 5:
            return
        total = tr.time_data_s + tr.time_compute_s
        if total < 0.5 or tr.time_data_s < 0.5 * total:
            return
        yield Evidence(subject=_model(tr), key="data", frac=f"{tr.time_data_s / total:.0%}",
                       steps=tr.timed_steps, data_s=f"{tr.time_data_s:.2f}",
                       total_s=f"{total:.2f}", compute_s=f"{tr.time_compute_s:.2f}")
