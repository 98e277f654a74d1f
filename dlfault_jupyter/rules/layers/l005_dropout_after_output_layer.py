from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import usage
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register
from ...wording import layer as layer_name


def _dropout_on_output(ctx: CellContext, model: Any) -> tuple | None:  # noqa: C901 - one case per form of a forward's return (module, F.dropout, nested)
    """``((dropout attr, module|None), (linear attr, module), p)`` when every ``return`` of
    the model's own ``forward`` is dropout applied directly to a Linear layer's output:
    ``self.drop(self.fc(x))``, ``F.dropout(self.fc(x), p, self.training)``, or the same
    through a name assigned once."""
    model = frameworks.get("torch").real_module(model)[0]   # behind torch.compile / DataParallel
    fn = ctx.analysis.method(model, "forward")
    if fn is None:
        return None
    t = frameworks.get("torch")
    fd = fn.node
    assigns: dict[str, list[tuple[int, bool, ast.expr]]] = {}
    returns: list[ast.Return] = []
    top = {id(st) for st in fd.body}
    for n in fn.all_nodes:
        if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            tgs = n.targets if isinstance(n, ast.Assign) else [n.target]
            for tg in tgs:
                for nm in ast.walk(tg):
                    if isinstance(nm, ast.Name):
                        plain = isinstance(n, ast.Assign) and tg is nm and id(n) in top
                        assigns.setdefault(nm.id, []).append((n.lineno, plain, n.value))
        elif isinstance(n, ast.Return):
            returns.append(n)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None

    def follow(e: ast.expr | None, line: int) -> ast.expr | None:
        """The value a name holds at ``line``: its last assignment before it, when every
        assignment of the name is a plain top-level statement of forward (no branches)."""
        if isinstance(e, ast.Name):
            vals = assigns.get(e.id)
            if not vals or not all(pl for _, pl, _ in vals):
                return None
            prior = [(ln, v) for ln, _, v in vals if ln < line]
            return max(prior, key=lambda x: x[0])[1] if prior else None
        return e

    def self_sub(e: ast.expr | None) -> tuple[str, Any] | None:
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
                isinstance(e.func.value, ast.Name) and e.func.value.id == "self":
            sub = model._modules.get(e.func.attr)
            if sub is not None:
                return e.func.attr, sub
        return None

    found = None
    for r in returns:
        e = follow(r.value, r.lineno)
        if not isinstance(e, ast.Call) or not e.args:
            return None
        d = self_sub(e)
        if d is not None and t.layer_kind(d[1]) is LayerKind.DROPOUT:
            p = float(getattr(d[1], "p", 0.5))
            drop = d
        elif isinstance(e.func, ast.Attribute) and e.func.attr == "dropout" and \
                isinstance(e.func.value, ast.Name) and e.func.value.id in ("F", "functional"):
            pe = e.args[1] if len(e.args) > 1 else next(
                (k.value for k in e.keywords if k.arg == "p"), None)
            if pe is None:
                p = 0.5
            elif isinstance(pe, ast.Constant) and isinstance(pe.value, (int, float)):
                p = float(pe.value)
            else:
                return None
            tr = e.args[2] if len(e.args) > 2 else next(
                (k.value for k in e.keywords if k.arg == "training"), None)
            if tr is not None and not (isinstance(tr, ast.Attribute) and tr.attr == "training"):
                return None  # training=False (or an expression): not dropout in training
            drop = ("dropout", None)
        else:
            return None
        lin = self_sub(follow(e.args[0], getattr(e, "lineno", r.lineno)))
        if lin is None or t.layer_kind(lin[1]) is not LayerKind.LINEAR or p <= 0:
            return None
        if found is not None and found[1][0] != lin[0]:
            return None
        found = (drop, lin, p)
    return found


@register
class DropoutAfterOutputLayer(Rule):
    id = "DLF-L005"
    name = "dropout-after-output-layer"
    title = "Dropout applied to the model's output"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with {layer} after its output layer {out}: during "
               "training a fraction p={p} of the predictions is zeroed and the rest scaled "
               "by {scale}.")
    beginner = """Dropout belongs between hidden layers. Placed after the output layer,
it randomly sets some of the model's predictions (class scores) to zero during training
and multiplies the others by {scale}, so the loss sees corrupted outputs and the model
learns from noise. Move {layer} before the last layer (or remove it)."""
    expert = """`Dropout(p)` in train mode multiplies each output by Bernoulli(1−p)/(1−p).
On logits this injects label-independent noise into the loss (a zeroed logit is a
random, unjustified prediction), unlike dropout on hidden features, which regularises by
forcing redundant representations. At eval time it is the identity, so train and eval
outputs differ systematically."""
    fix = """{model} = nn.Sequential(
    ...,
    nn.Dropout(p={p}),      # regularise the hidden features
    {out_code},             # output layer last
)"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            if not chain or len(chain) < 2:
                continue
            n, last = chain[-1]
            if t.layer_kind(last) is not LayerKind.DROPOUT:
                continue
            pn, prev = chain[-2]
            if t.framework_name(prev) not in t.vocab.WEIGHT_LAYERS:
                continue
            p = float(getattr(last, "p", 0.5))
            if p <= 0:
                continue
            yield Evidence(subject=v.name, model=v.name, layer=layer_name(v.name, n, last),
                           out=layer_name(v.name, pn, prev), out_code=f"nn.{prev!r}", p=f"{p:g}",
                           scale=f"1/(1-{p:g}) = {1 / (1 - p):.3g}" if p < 1 else "inf")
        # a custom forward that returns `self.dropout(self.fc_out(x))`, for a model whose
        # output goes into a loss
        trained = set()
        for m_by_loss in usage(ctx).get("loss_inputs", {}).values():
            trained |= set(m_by_loss)
        for v in ctx.ns.models("torch"):
            if v.name not in trained or t.sequential_chain(v.obj) is not None:
                continue
            hit = _dropout_on_output(ctx, v.obj)
            if hit is None:
                continue
            (dn, drop), (ln, lin), p = hit
            yield Evidence(subject=v.name, model=v.name, layer=layer_name(None, f"self.{dn}", drop)
                           if drop is not None else f"`F.dropout(p={p:g})`",
                           out=layer_name(None, f"self.{ln}", lin), out_code=f"nn.{lin!r}", p=f"{p:g}",
                           scale=f"1/(1-{p:g}) = {1 / (1 - p):.3g}" if p < 1 else "inf")
