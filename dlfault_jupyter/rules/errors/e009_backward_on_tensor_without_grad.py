from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _backward_receiver, _line, _msg, lc
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _undetached(code: str) -> str | None:
    """``torch.tensor(f(x).item())`` -> ``f(x)``; ``out.detach()`` -> ``out``; None when
    nothing is left to strip or the result would not be a plain expression."""
    c = code.strip()
    m = re.fullmatch(r"torch\.(?:tensor|as_tensor|Tensor)\((.*?)(?:,\s*requires_grad=\w+)?\)", c)
    if m:
        c = m.group(1)
    c = re.sub(r"\.(?:detach\(\)|item\(\)|data\b|numpy\(\))", "", c)
    if c == code.strip() or not c:
        return None
    try:
        ast.parse(c, mode="eval")
    except SyntaxError:
        return None
    return c


@register
class BackwardWithoutGraph(Rule):
    id = "DLF-E009"
    name = "backward-on-tensor-without-grad"
    title = "element 0 of tensors does not require grad and does not have a grad_fn"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "backward() on a tensor without a graph: {summary}"
    beginner = """`.backward()` can only compute gradients of a value that was computed from
trainable parameters while PyTorch was recording. {advice}"""
    expert = """The tensor has `requires_grad=False` and `grad_fn=None`: autograd recorded no
graph for it. Causes: forward under `torch.no_grad()`/`inference_mode()` or with grad mode
disabled globally (`torch.set_grad_enabled(False)`), the value detached (`.detach()`, `.data`,
`.item()`/`.numpy()` and re-wrapped with `torch.tensor`), or every parameter frozen
(`requires_grad_(False)`). {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/notes/autograd.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"element 0 of tensors does not require grad and does not have a grad_fn"):
            return
        t = frameworks.get("torch")
        call, loss = _backward_receiver(ctx)
        reasons: list[str] = []
        fixes: list[str] = []
        src = ctx.source
        if call is not None and src.inside_with(call.node, "no_grad", "inference_mode"):
            reasons.append("the backward call is inside `with torch.no_grad()` / "
                           "`inference_mode()`")
            fixes.append("# compute the training forward pass and loss outside `with torch.no_grad():`")
        if loss:
            for a in src.assignments_to(loss):
                seg = src.segment(a.value) if hasattr(a, "value") else ""
                node = getattr(a, "node", None) or getattr(a, "value", None)
                if node is not None and src.inside_with(node, "no_grad", "inference_mode"):
                    reasons.append(f"`{loss}` is computed inside `with torch.no_grad()` (line {a.line})")
                    fixes.append(f"# move the line computing {loss} out of the no_grad block:\n"
                                 f"{loss} = {seg}" if seg else
                                 f"# move the line computing {loss} out of the no_grad block")
                    break
                if re.search(r"\.detach\(\)|\.data\b|\.item\(\)|\.numpy\(\)|torch\.tensor\(", seg):
                    reasons.append(f"`{loss}` is built from detached values (line {a.line}: "
                                   f"`{seg[:60]}`)")
                    fixes.append(f"# build {loss} from the model's output tensors directly, "
                                 "without .detach()/.data/.item()/torch.tensor(...)"
                                 + (f":\n{loss} = {_undetached(seg)}" if _undetached(seg)
                                    else ""))
                    break
        try:
            if not t.torch.is_grad_enabled():
                reasons.append("gradient recording is switched off globally "
                               "(`torch.set_grad_enabled(False)` is in effect)")
                fixes.append("torch.set_grad_enabled(True)")
        except Exception:  # noqa: BLE001
            pass
        frozen = []
        for v in ctx.ns.models("torch"):
            if v.name in ctx.used_with(loss or "") or (call is not None and v.name in
                                                      {c.name for c in src.calls}):
                try:
                    ps = list(v.obj.parameters())
                except Exception:  # noqa: BLE001
                    continue
                if ps and not any(p.requires_grad for p in ps):
                    frozen.append(v.name)
        for f in frozen:
            reasons.append(f"every parameter of `{f}` has `requires_grad=False` (frozen)")
            fixes.append(f"for p in {f}.parameters():   # or only the layers to fine-tune\n"
                         f"    p.requires_grad_(True)")
        lname = f"`{loss}`" if loss else "the loss"
        if reasons:
            summary = f"{lname} has no gradient graph: " + "; ".join(reasons) + "."
            advice = "Here: " + "; ".join(reasons) + "."
        else:
            summary = (f"{lname} has no gradient graph (requires_grad=False, no grad_fn): it "
                       f"was not computed from trainable parameters with gradients on.")
            advice = ("Check that the loss comes straight from the model's output (no "
                      "`.detach()`, `.item()`, `.numpy()`, `torch.tensor(...)` in between), that "
                      "it is not computed under `torch.no_grad()`, and that the model's "
                      "parameters are trainable.")
            fixes.append(f"loss = loss_fn(model(x), y)   # no no_grad / detach in between\n"
                         f"print({loss or 'loss'}.requires_grad, {loss or 'loss'}.grad_fn)")
        yield Evidence(line=_line(ctx), subject=loss, summary=lc(summary), advice=advice,
                       mechanism="", fix_code="\n".join(fixes))
