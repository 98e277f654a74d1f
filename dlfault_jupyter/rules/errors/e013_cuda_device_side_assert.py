from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.errors import _line, _msg, _out_units
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _label_candidates(ctx: CellContext, n_classes: int | None) -> list[tuple[str, Any]]:
    """Integer label tensors of the namespace with values out of [0, n_classes)."""
    t = frameworks.get("torch")
    out = []
    for v in ctx.ns.of_kind("tensor", framework="torch"):
        try:
            if v.obj.dim() != 1 or v.obj.dtype not in (t.torch.long, t.torch.int32,
                                                       t.torch.int64):
                continue
        except Exception:  # noqa: BLE001
            continue
        s = t.summary(v.obj)
        if not s.has_values or s.max is None:
            continue
        if n_classes is None or s.max >= n_classes or s.min < 0:
            out.append((v.name, s))
    return out


@register
class CudaDeviceSideAssert(Rule):
    id = "DLF-E013"
    name = "cuda-device-side-assert"
    title = "CUDA error: device-side assert triggered (usually a label or index out of range)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "CUDA device-side assert: {summary}"
    beginner = """A GPU kernel found an invalid index. In classification this is nearly always a
label that is too large (≥ number of output units) or negative; with `nn.Embedding`, a token id
≥ `num_embeddings`. The GPU reports it late, so the line in the traceback may be wrong, and the
CUDA context is now broken: restart the kernel after fixing. {advice}"""
    expert = """CUDA kernels check indices with device-side asserts; the failure surfaces
asynchronously at a later synchronising call, and the context stays unusable (every later CUDA
call fails). To locate it: run the same code on the CPU (you get a readable IndexError) or set
`CUDA_LAUNCH_BLOCKING=1` before the process starts. Other causes: BCE inputs outside [0, 1],
`gather`/`index_select` indices out of range."""
    fix = """{fix_code}"""
    # A finding is written with the one out-of-range label tensor found, or without one.
    texts = {
        "labels_found": Texts(
            summary="""A CUDA kernel hit an out-of-range index: `{y}` has labels {lo}..{hi} but
`{model}` has {units} output units (`{path}`): labels must be 0..{last}.""",
            advice="""`{y}` contains labels up to {hi}, `{model}` predicts {units} classes. Fix
the labels or the number of output units, then restart the kernel.""",
            fix_code="""print({y}.min(), {y}.max())   # must be within 0..{last}
# then restart the kernel (the CUDA context is broken)""",
        ),
        "labels_not_found": Texts(
            summary="""A CUDA kernel hit an invalid index (device-side assert): most often a
class label ≥ the number of output units, or negative.""",
            advice="Check `y.min()` and `y.max()` of your labels against the output units.",
            fix_code="""print(y.min(), y.max(), model_output.shape[1])   # labels in 0..C-1?
# run one batch on the CPU to get a readable error, then restart the kernel""",
        ),
    }
    references = ("https://pytorch.org/docs/stable/notes/cuda.html#asynchronous-execution",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"device-side assert triggered"):
            return
        mname, units, path = _out_units(ctx, None)
        cands = _label_candidates(ctx, units) if units is not None else []
        if units is not None and len(cands) == 1:
            y, s = cands[0]
            yield Evidence(line=_line(ctx), subject=y if units else None, variant="labels_found",
                           y=y, lo=f"{s.min:g}", hi=f"{s.max:g}", model=mname, units=units,
                           path=path, last=units - 1)
        else:
            yield Evidence(line=_line(ctx), subject=None, variant="labels_not_found")
