from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import (
    _line,
    _local,
    _msg,
    arg,
    lc,
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
from ...registry import Evidence, Rule, register


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
    message = "Recurrent layer input size mismatch: {summary}"
    beginner = """A recurrent layer reads, at each time step, a vector of `input_size` features
from the last axis of its input. {advice}"""
    expert = """nn.RNN/LSTM/GRU take (L, N, H_in) by default, (N, L, H_in) with
`batch_first=True`, or unbatched (L, H_in); H_in must equal input_size. A mismatch is often a
missing `batch_first=True` plus wrong axis order, or a missing feature axis for univariate
series ((N, L) → (N, L, 1))."""
    fix = """{fix_code}"""
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
        where = f"`{path}` ({type_name(rnn)}, input_size={want}" + (
            ", batch_first=True)" if getattr(rnn, "batch_first", False) else ")") if path else \
            f"The recurrent layer (input_size={want})"
        shp = inp[0] if inp else None
        x = "x"
        for call, _name in model_calls(ctx):
            nm, obj = ns_obj(ctx, arg(call, 0))
            info = tensor_info(obj)
            if nm and info is not None and info[0] and info[0][-1] == got:
                x, shp = nm, info[0]   # the user's own tensor (an unbatched one has no N axis)
                break
        summary = f"{where} gets {got} features per step" + (
            f" (input shape {shape_str(shp)})" if shp else "") + "."
        if want == 1 and shp and len(shp) == 2:
            advice = (f"`{x}` {shape_str(shp)} looks like a batch of univariate series: add a "
                      f"feature axis of size 1 with `{x}.unsqueeze(-1)`.")
            fix_code = f"{x} = {x}.unsqueeze(-1)   # (N, L) -> (N, L, 1)"
        elif shp and len(shp) == 3 and shp[1] == want:
            advice = (f"The input has {want} on another axis: the axes are in the wrong order. "
                      f"Use (batch, steps, features) with `batch_first=True` (or (steps, batch, "
                      f"features) without it): reorder the axes of `{x}` so that {want} is last.")
            fix_code = (f"{x} = {x}.transpose(1, 2)   # (N, features, L) -> (N, L, features)"
                        + ("" if getattr(rnn, "batch_first", False) else
                           "\n# and build the layer with batch_first=True"))
        else:
            advice = f"Set `input_size={got}` or give it {want} features per step."
            fix_code = f"nn.{type_name(rnn) if rnn is not None else 'LSTM'}(input_size={got}, hidden_size=..., batch_first=True)"
        yield Evidence(line=_line(ctx), subject=path.split("[")[0].split(".")[0] if path
                       else None, summary=lc(summary), advice=advice, fix_code=fix_code)
