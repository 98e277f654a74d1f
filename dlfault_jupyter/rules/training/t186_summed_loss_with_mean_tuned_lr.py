from __future__ import annotations

import ast
import math
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.losses import loss_uses
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class SummedLossWithMeanTunedLr(Rule):
    id = "DLF-T186"
    name = "summed-loss-with-mean-tuned-lr"
    title = "Loss with reduction=\"sum\" trained by SGD at a learning rate meant for the mean"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{loss}` sums over the batch (reduction=\"sum\") and `{opt}` ({kind}, lr={lr}) "
               "takes plain gradient steps: {scale_words}.")
    beginner = """A loss with `reduction="sum"` adds up the losses of the batch instead of
averaging them, so its gradient is {batch_words} larger than with the default mean. SGD
multiplies the gradient by the learning rate directly, so lr={lr} acts like {eff_words}.
{seen_words}Use `reduction="mean"` and keep lr={lr}, or divide the learning rate by the batch
size."""
    expert = """∇Σᵢ ℓᵢ = B · ∇(1/B)Σᵢ ℓᵢ: SGD's update lr·∇L is B times the mean-reduction
update, i.e. an effective learning rate lr·B{eff_expert}. Adaptive optimizers (Adam, RMSprop,
Adagrad) divide by the gradient's own scale and are nearly invariant to it; SGD (with or
without momentum) is not."""
    fix = """{fix_line}   # keep lr={lr}{fix_div}"""
    texts = {
        "diverged": Texts(
            scale_words="the gradient is {batch_words} larger than with the mean, and {seen}",
            seen_words="This run already diverged: {seen}. "),
        "large": Texts(
            scale_words=("the gradient is {batch_words} larger than with the mean, an "
                         "effective learning rate of {eff} — large enough to diverge"),
            seen_words=""),
        "moderate": Texts(
            scale_words=("the gradient is {batch_words} larger than with the mean, an "
                         "effective learning rate of {eff}"),
            seen_words=""),
        "b_known": Texts(
            batch_words="{batch}×",
            eff_words="lr={eff} with the mean (× the batch of {batch})",
            eff_expert=" = {lr}·{batch} = {eff}",
            fix_div="""
# or keep the sum and divide the learning rate by the batch: lr={lr} / {batch} = {lr_div}"""),
        "b_unknown": Texts(
            batch_words="batch-size times",
            eff_words="a learning rate batch-size times larger",
            eff_expert="",
            fix_div=""),
    }
    cause = "learning-rate"
    known_false_alarms = ("A learning rate deliberately tuned for the summed loss (then lr × "
                          "batch size is small and this check stays quiet).")
    references = ("https://discuss.pytorch.org/t/loss-reduction-sum-vs-mean-when-to-use-each/115641",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        if t is None:
            return
        src = ctx.source
        done: set[str] = set()
        for u in loss_uses(ctx):
            call = u.call
            if u.model is None or call is None or not call.loops or u.loss in done:
                continue
            red = t.loss_reduction(u.obj) if u.obj is not None else call.const("reduction")
            if red != "sum" or src.inside_with(call.node, "no_grad", "inference_mode"):
                continue
            loop = call.loops[0]
            attrs = {c.attr for c in loop.calls}
            if "backward" not in attrs:
                continue
            opt = self._optimizer(ctx, t, loop, u.model)
            if opt is None:
                continue
            name, obj, lr = opt
            kind = t.framework_name(obj) or ""
            batch = self._batch(ctx, t, call)
            seen = self._diverged(ctx, t, call, u.model)
            eff = lr * batch if batch else None
            if seen is not None:
                variant, severity = "diverged", "warning"
            elif eff is not None and eff >= 1:
                variant, severity = "large", "warning"
            elif eff is not None and eff >= 0.1:
                variant, severity = "moderate", "info"
            else:
                continue
            done.add(u.loss)
            fix_line = (f"{u.loss} = nn.{t.type_name(u.obj)}(reduction=\"mean\")"
                        if u.obj is not None else f"{u.loss}(..., reduction=\"mean\")")
            yield Evidence(line=call.line, subject=u.loss, key=(u.loss, name), severity=severity,
                           variant=(variant, "b_known" if batch else "b_unknown"),
                           loss=u.loss, opt=name, kind=kind, lr=f"{lr:g}", batch=batch or 0,
                           eff=f"{eff:.3g}" if eff is not None else "",
                           lr_div=f"{lr / batch:.3g}" if batch else "",
                           seen=seen or "", fix_line=fix_line)

    @staticmethod
    def _optimizer(ctx: CellContext, t: Any, loop: Any, model: str
                   ) -> tuple[str, Any, float] | None:
        """The SGD-family optimizer stepped in ``loop`` over ``model``'s parameters."""
        from ...analysis.lr import owner_model

        for c in loop.calls:
            if c.attr != "step" or not c.receiver:
                continue
            v = ctx.ns.get(c.receiver)
            if v is None or v.kind != "optimizer":
                continue
            if t.framework_name(v.obj) not in t.vocab.PLAIN_SGD or not v.obj.param_groups:
                continue
            if owner_model(ctx, v.obj) != model:
                continue
            g = v.obj.param_groups[0]
            lr = g.get("initial_lr", g.get("lr"))
            if isinstance(lr, (int, float)) and not isinstance(lr, bool) and lr > 0:
                return c.receiver, v.obj, float(lr)
        return None

    @staticmethod
    def _batch(ctx: CellContext, t: Any, call: Any) -> int | None:
        """The batch size: a DataLoader the loop iterates, or a slice ``X[i:i + 128]``."""
        for lp in call.loops:
            if lp.iter_name and lp.iter_name.isidentifier():
                b = t.loader_batch_size(ctx.user_ns.get(lp.iter_name))
                if b:
                    return int(b)
        for arg in call.node.args[:2]:
            for n in ast.walk(arg):
                if not (isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Slice)):
                    continue
                lo, hi = n.slice.lower, n.slice.upper
                if isinstance(hi, ast.BinOp) and isinstance(hi.op, ast.Add) and \
                        lo is not None and ast.dump(hi.left) == ast.dump(lo):
                    r = hi.right
                    k = r.value if isinstance(r, ast.Constant) else \
                        ctx.user_ns.get(r.id) if isinstance(r, ast.Name) else None
                    if isinstance(k, int) and not isinstance(k, bool) and k > 1:
                        return k
        return None

    @staticmethod
    def _diverged(ctx: CellContext, t: Any, call: Any, model: str) -> str | None:
        """Words for the divergence seen: the loss value left in the namespace, or the
        model's weights (sampled, at most 16 tensors), not finite."""
        for a in ctx.source.assigns:
            if not any(n is call.node for n in ast.walk(a.value)):
                continue
            val = ctx.user_ns.get(a.target)
            if isinstance(val, float) and not math.isfinite(val):
                return f"`{a.target}` is {val}"
            v = ctx.ns.get(a.target)
            if v is not None and v.kind == "tensor":
                s = t.summary(v.obj)
                if s.has_values and (s.n_nan or s.n_inf):
                    return f"`{a.target}` is {'nan' if s.n_nan else 'inf'}"
        m: Any = ctx.user_ns.get(model)
        try:
            params = list(m.named_parameters())[:16]
        except Exception:  # noqa: BLE001 - not a module
            return None
        for pname, p in params:
            s = t.summary(p)
            if s.has_values and (s.n_nan or s.n_inf):
                return f"`{model}.{pname}` holds {'NaN' if s.n_nan else 'inf'} values"
        return None
