from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _line, _msg, _numpy_receiver
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class NumpyOfTensorThatRequiresGrad(Rule):
    id = "DLF-E019"
    name = "numpy-of-tensor-requiring-grad"
    title = "Can't call numpy() on Tensor that requires grad (or on a CUDA tensor)"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "A tensor cannot be turned into a numpy array here: {summary}"
    beginner = """A numpy array cannot carry PyTorch's gradient information and cannot live on the
GPU, so PyTorch asks you to say explicitly what you want. {advice} For plotting or metrics use
`t.detach().cpu().numpy()`; for one number use `t.item()`."""
    expert = """`Tensor.numpy()` shares memory with the tensor; PyTorch refuses when that would
silently drop autograd history (requires_grad=True) or when the storage is on a device (CUDA/MPS)
numpy cannot address. `detach()` gives a view without history, `cpu()` copies to host memory.
Under `torch.no_grad()` results have no history in the first place (evaluation)."""
    fix = """{fix_code}"""
    # A finding is written with the reason PyTorch gave: autograd history or device memory.
    texts = {
        "requires_grad": Texts(
            summary="""`{t}` is part of the autograd graph (requires grad): use
`{t}.detach().numpy()` (`{t}.detach().cpu().numpy()` on a GPU).""",
            advice="`{t}` still remembers how it was computed, for backpropagation.",
            fix_code="""{t}.detach().cpu().numpy()
# or compute it under: with torch.no_grad(): ...""",
        ),
        "on_device": Texts(
            summary="`{t}` is on {device}: copy it to the CPU first with `{t}.cpu().numpy()`.",
            advice="`{t}` lives in GPU memory ({device}), which numpy cannot read.",
            fix_code="{t}.detach().cpu().numpy()",
        ),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.numpy.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        grad = _msg(ctx, r"Can't call numpy\(\) on Tensor that requires grad")
        dev = None if grad else _msg(ctx, r"can't convert (\w+(?::\d+)?) device type tensor to numpy")
        if not grad and not dev:
            return
        t = _numpy_receiver(ctx, "numpy") or "t"
        yield Evidence(line=_line(ctx), subject=t if t.isidentifier() else None,
                       variant="requires_grad" if grad else "on_device", t=t,
                       device=dev.group(1) if dev else None)
