from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import (
    _line,
    _local,
    _msg,
    arg,
    locate,
    model_calls,
    ns_obj,
    tb_modules,
    tensor_info,
)
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


@register
class RnnInputSizeMismatch(Rule):
    id = "DLF-E017"
    name = "rnn-input-size-mismatch"
    title = "input.size(-1) must be equal to input_size (RNN/LSTM/GRU)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = """Recurrent layer input size mismatch: {where} gets {got} features per
step{shape_said}."""
    beginner = """A recurrent layer reads, at each time step, a vector of `input_size` features
from the last axis of its input. {advice}"""
    expert = """nn.RNN/LSTM/GRU take (L, N, H_in) by default, (N, L, H_in) with
`batch_first=True`, or unbatched (L, H_in); H_in must equal input_size. A mismatch is often a
missing `batch_first=True` plus wrong axis order, or a missing feature axis for univariate
series ((N, L) → (N, L, 1))."""
    fix = """{fix_code}"""
    # A finding is written with the layer's place (and its batch_first), whether the input's
    # shape is known, and the likely cause.
    texts = {
        "at_path": Texts(where="`{path}` ({layer_type}, input_size={want}{batch_first_said})"),
        "no_path": Texts(where="the recurrent layer (input_size={want})"),
        "batch_first": Texts(batch_first_said=", batch_first=True", and_build=""),
        "not_batch_first": Texts(batch_first_said="",
                                 and_build="\n# and build the layer with batch_first=True"),
        "shape_known": Texts(shape_said=" (input shape {shape})"),
        "shape_unknown": Texts(shape_said=""),
        "univariate": Texts(
            advice="""`{x}` {shape} looks like a batch of univariate series: add a feature axis
of size 1 with `{x}.unsqueeze(-1)`.""",
            fix_code="{x} = {x}.unsqueeze(-1)   # (N, L) -> (N, L, 1)",
        ),
        "axes_swapped": Texts(
            advice="""The input has {want} on another axis: the axes are in the wrong order. Use
(batch, steps, features) with `batch_first=True` (or (steps, batch, features) without it):
reorder the axes of `{x}` so that {want} is last.""",
            fix_code="{x} = {x}.transpose(1, 2)   # (N, features, L) -> (N, L, features){and_build}",
        ),
        "input_size": Texts(
            advice="Set `input_size={got}` or give it {want} features per step.",
            fix_code="nn.{layer_type}(input_size={got}, hidden_size=..., batch_first=True)",
        ),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"input\.size\(-1\) must be equal to input_size\. Expected (\d+), got (\d+)")
        if not m:
            return
        want, got = int(m.group(1)), int(m.group(2))
        rnn = inp = None
        torch = frameworks.adapter("torch")
        for mod, fr in reversed(tb_modules(ctx.error.exc)):
            if torch is not None and torch.layer_kind(mod) is LayerKind.RNN:
                rnn, inp = mod, tensor_info(_local(fr, "input"))
                break
        path = locate(ctx, rnn)[1] if rnn is not None else None
        shp = inp[0] if inp else None
        x = "x"
        for call, _name in model_calls(ctx):
            nm, obj = ns_obj(ctx, arg(call, 0))
            info = tensor_info(obj)
            if nm and info is not None and info[0] and info[0][-1] == got:
                x, shp = nm, info[0]   # the user's own tensor (an unbatched one has no N axis)
                break
        if want == 1 and shp and len(shp) == 2:
            case = "univariate"
        elif shp and len(shp) == 3 and shp[1] == want:
            case = "axes_swapped"
        else:
            case = "input_size"
        yield Evidence(line=_line(ctx), subject=path.split("[")[0].split(".")[0] if path
                       else None,
                       variant=("at_path" if path else "no_path",
                                "batch_first" if getattr(rnn, "batch_first", False)
                                else "not_batch_first",
                                "shape_known" if shp else "shape_unknown", case),
                       path=path, layer_type=type_name(rnn) if rnn is not None else "LSTM",
                       want=want, got=got, shape=shape_str(shp) if shp else None, x=x)
