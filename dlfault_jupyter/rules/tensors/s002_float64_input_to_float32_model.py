from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.provenance import DTYPE, kept
from ...analysis.training import _model_call_inputs, _shape_dtype, torch_models
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class Float64IntoFloat32Model(Rule):
    id = "DLF-S002"
    name = "float64-input-to-float32-model"
    title = "float64 data fed to a float32 model"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{data}` is {dtype}{origin}, but the parameters of `{model}` are {pdtype}: "
               "`{call}` fails with a dtype mismatch.")
    beginner = """NumPy creates float64 ("double") arrays by default, while PyTorch models
use float32. A float64 tensor (e.g. from `torch.from_numpy`) cannot be multiplied with
float32 weights, so the model raises "mat1 and mat2 must have the same dtype". Convert
the data once, when you create it: `{data} = {data}.astype("float32")` for NumPy or
`{data}.float()` for a tensor."""
    expert = """PyTorch does not type-promote between an input and module parameters in
`addmm`/`conv`: `torch.from_numpy` and `torch.tensor(ndarray)` keep float64, and
`F.linear(float64, float32)` raises. Converting the model with `.double()` also works
but doubles memory and is ~2-30× slower on GPUs; cast the data to float32 instead."""
    fix = """{data} = {data}.float()        # or, for NumPy: {data}.astype("float32")
out = {model}({data})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        done: set[tuple[str, str]] = set()
        models = torch_models(ctx)
        for m, c, name, wr, obj, from_ds in _model_call_inputs(ctx):
            if (m, name) in done or (ctx.error is not None and ctx.error.line == c.line):
                continue
            if DTYPE not in kept(wr):     # a cast on the way: not the float64 data
                continue
            sd = _shape_dtype(obj)
            pdt = t.param_dtype(models[m].obj)
            if sd is None or sd[1] != "float64" or pdt != "float32":
                continue
            if type(obj).__module__.split(".")[0] == "numpy" and not any(
                    w in ("from_numpy", "tensor", "as_tensor") for w in wr):
                continue
            done.add((m, name))
            yield Evidence(line=c.line, subject=m, data=name, dtype=sd[1], pdtype=pdt,
                           model=m, call=ctx.source.segment(c.node) or f"{m}(...)",
                           origin=" (its dataset tensor)" if from_ds else "")
