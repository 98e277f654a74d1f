from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register


def _is_full_slice(e: ast.expr) -> bool:
    return isinstance(e, ast.Slice) and e.lower is None and e.upper is None and e.step is None


def _is_minus_one(e: ast.expr) -> bool:
    return (isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub)
            and isinstance(e.operand, ast.Constant) and e.operand.value == 1) or \
        (isinstance(e, ast.Constant) and e.value == -1)


def _rnn_last_step_misreads(ctx: CellContext, module: Any
                            ) -> Iterator[tuple[str, Any, str, int]]:
    """(attribute, RNN, indexing code, line in forward) where ``forward`` takes
    ``out[:, -1]`` of a sequence-first RNN's output ``out`` (never rebound in between)."""
    t = frameworks.get("torch")
    fd = ctx.analysis.method(module, "forward")
    if fd is None:
        return
    rnns = {n: m for n, m in module.named_children()
            if t.layer_kind(m) is LayerKind.RNN and not getattr(m, "batch_first", True)}
    if not rnns:
        return
    outs: dict[str, str] = {}       # output variable -> RNN attribute
    assigned: dict[str, int] = {}   # variable -> assignments in forward
    for n in fd.all_nodes:
        if not isinstance(n, (ast.Assign, ast.AnnAssign)):
            continue
        targets = n.targets if isinstance(n, ast.Assign) else [n.target]
        names = [x.id for tg in targets for x in ast.walk(tg) if isinstance(x, ast.Name)]
        for x in names:
            assigned[x] = assigned.get(x, 0) + 1
        v = n.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
                isinstance(v.func.value, ast.Name) and v.func.value.id == "self" and \
                v.func.attr in rnns:
            tg = targets[0]
            first = tg.elts[0] if isinstance(tg, ast.Tuple) and tg.elts else tg
            if isinstance(first, ast.Name):
                outs[first.id] = v.func.attr
    for n in fd.all_nodes:
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and \
                n.value.id in outs and assigned.get(n.value.id) == 1 and \
                isinstance(n.slice, ast.Tuple) and len(n.slice.elts) >= 2 and \
                _is_full_slice(n.slice.elts[0]) and _is_minus_one(n.slice.elts[1]):
            attr = outs[n.value.id]
            yield attr, rnns[attr], ast.unparse(n), fd.line_in_method(n)


@register
class RnnOutputReadBatchFirst(Rule):
    id = "DLF-L008"
    name = "rnn-last-step-on-batch-axis"
    title = "out[:, -1] of an LSTM/GRU built without batch_first=True"
    taxonomy = "model.layers.properties"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}.{path}` ({kind}) is built without `batch_first=True`, so its output "
               "is (steps, batch, hidden), but `forward` takes `{code}`: the last sample of "
               "the batch at every step, not the last step of every sample.")
    beginner = """PyTorch's `nn.{kind}` expects its input as (sequence length, batch,
features) unless you create it with `batch_first=True`. `forward` reads the output with
`{code}`, which is how you take the last time step of a (batch, steps, hidden) output. So
either your batches are (batch, steps, features) — then the {kind} runs along the batch
and mixes different samples together, with no error — or they are (steps, batch, features)
and `{code}` picks one sample instead of one step. Create the layer with
`batch_first=True` and feed (batch, steps, features)."""
    expert = """With `batch_first=False` the {kind} scans dim 0 and `output` is
(L, N, H·D); `{code}` indexes dim 1, the batch. For (N, L, F) inputs the recurrence runs
across samples (samples leak into each other's hidden state) and the result has one row
per sample only because the indexing takes (N, H) from (N, L, H): shapes line up, so
nothing raises. The last step is `output[-1]` (or `h_n[-1]`) for sequence-first tensors,
`output[:, -1]` only with `batch_first=True`."""
    fix = """self.{attr} = nn.{kind}({args}, batch_first=True)   # input (batch, steps, features)
# ... forward: {code} is then the last time step of every sample"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[int] = set()
        # the models this cell created, rebound or named (a class redefined means a model
        # built again): an unchanged model's modules are not walked on every cell
        for v in ctx.ns.touched("model", framework="torch"):
            for prefix, mod in v.obj.named_modules():
                if id(type(mod)) in seen or type(mod).__module__.startswith("torch"):
                    continue
                found = next(_rnn_last_step_misreads(ctx, mod), None)
                if found is None:
                    continue
                seen.add(id(type(mod)))
                attr, rnn, code, _line = found
                path = f"{prefix}.{attr}" if prefix else attr
                args = f"{rnn.input_size}, {rnn.hidden_size}" + (
                    f", num_layers={rnn.num_layers}" if rnn.num_layers != 1 else "")
                yield Evidence(subject=v.name, model=v.name, path=path, attr=attr,
                               kind=type_name(rnn), code=code, args=args)
                break
