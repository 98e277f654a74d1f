from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.model_facts import unwrap
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register

_SOFTMAX = ("softmax", "log_softmax")


def _dim_of(call: ast.Call) -> Any:
    """The constant ``dim`` of a softmax call: ``F.softmax(x, dim=0)``, ``torch.softmax(x,
    0)``, ``x.softmax(0)``; ``...`` when it is not a constant or not given."""
    for k in call.keywords:
        if k.arg == "dim":
            return k.value.value if isinstance(k.value, ast.Constant) else ...
    f = call.func
    method = isinstance(f, ast.Attribute) and not (isinstance(f.value, ast.Name) and
                                                    f.value.id in ("F", "torch", "functional"))
    pos = 0 if method else 1
    a = call.args[pos] if len(call.args) > pos else None
    return a.value if isinstance(a, ast.Constant) else ...


def _batch_softmax(ctx: CellContext, model: Any) -> str | None:
    """Source text of the softmax over dim 0 that produces the model's output, or None."""
    t = frameworks.get("torch")
    chain = t.sequential_chain(model)
    if chain:
        tail = [(n, m) for n, m in chain
                if t.layer_kind(m) not in (LayerKind.DROPOUT, LayerKind.IDENTITY)]
        if tail and t.layer_kind(tail[-1][1]) is LayerKind.SOFTMAX and \
                getattr(tail[-1][1], "dim", None) == 0:
            return f"nn.{type_name(tail[-1][1])}(dim=0)"
        return None
    fd = ctx.analysis.method(model, "forward")
    if fd is None:
        return None
    found = None
    for n in fd.returns:
        if not isinstance(n.value, ast.Call):
            continue
        c = n.value
        f = c.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) \
            else None
        if name in _SOFTMAX and _dim_of(c) == 0:
            found = ast.unparse(c)
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                f.value.id == "self":
            sub = model._modules.get(f.attr)
            if t.layer_kind(sub) is LayerKind.SOFTMAX and getattr(sub, "dim", None) == 0:
                found = f"self.{f.attr} = nn.{type_name(sub)}(dim=0)"
            else:
                return None
        else:
            return None             # another return path: not every output is normalised so
    return found


@register
class SoftmaxOverBatchDim(Rule):
    id = "DLF-S131"
    name = "softmax-over-batch-dim"
    title = "Softmax over dim 0: the batch is normalised, not the classes"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{code}`, which normalises over dim 0, the batch: each "
               "class column sums to 1 across the {batch} samples, and one sample's "
               "probabilities depend on the others in its batch.")
    beginner = """The model's output has one row per sample and one column per class. A
softmax over `dim=0` makes every column sum to 1 over the batch, instead of every row over
the classes. Training still runs and the loss still decreases, but the outputs are not
class probabilities and change with the batch size and contents. Use `dim=1` (or
`dim=-1`)."""
    expert = """For logits z ∈ ℝ^{{N×C}}, softmax(z, 0)_{{ic}} = e^{{z_ic}} / Σ_j e^{{z_jc}}:
a distribution over samples per class. With `nll_loss`/`CrossEntropyLoss` the gradient
couples samples of a batch, and at inference (other batch size) the scores change."""
    fix = """{fixed}"""
    known_false_alarms = ("A model whose dim 0 is not the batch (sequence-first tensors "
                          "normalised over time, on purpose).")
    references = ("https://stackoverflow.com/questions/49036993/pytorch-softmax-what-dimension-to-use",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        if t is None:
            return
        seen: set[str] = set()
        for st in ctx.analysis.training_steps:
            name = st.model
            if st.kind != "backward" or not name or name in seen:
                continue
            obj = ctx.user_ns.get(name)
            real = unwrap(obj)[0] if obj is not None else None
            if real is None or not t.is_module(real):
                continue
            code = _batch_softmax(ctx, real)
            if code is None:
                continue
            seen.add(name)
            fixed = code.replace("dim=0", "dim=1") if "dim=0" in code else \
                code[:code.rfind("0")] + "1" + code[code.rfind("0") + 1:]
            if not code.startswith(("nn.", "self.")):
                fixed = f"return {fixed}      # in {type_name(real)}.forward"
            batch = _batch_of(ctx, st)
            yield Evidence(line=st.line, subject=name, model=name, code=code,
                           fixed=fixed, batch=batch)


def _batch_of(ctx: CellContext, st: Any) -> str:
    """The batch size of the loader of the step, when known ("N" otherwise)."""
    loader = ctx.user_ns.get(st.loader) if st.loader else None
    bs = getattr(loader, "batch_size", None)
    return str(bs) if isinstance(bs, int) else "N"
