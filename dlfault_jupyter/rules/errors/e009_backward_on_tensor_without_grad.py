from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _backward_receiver, _line, _msg
from ...context import CellContext
from ...registry import Evidence, Items, Rule, Texts, register


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
(`requires_grad_(False)`)."""
    fix = """{fix_code}"""
    texts = {
        # a finding is written with how the loss is named and whether a cause was found
        "loss_named": Texts(lname="`{loss}`"),
        "loss_unnamed": Texts(lname="the loss"),
        "causes_found": Texts(summary="{lname} has no gradient graph: {reasons}.",
                              advice="Here: {reasons}."),
        "no_cause_found": Texts(
            summary="""{lname} has no gradient graph (requires_grad=False, no grad_fn): it was
not computed from trainable parameters with gradients on.""",
            advice="""Check that the loss comes straight from the model's output (no
`.detach()`, `.item()`, `.numpy()`, `torch.tensor(...)` in between), that it is not computed
under `torch.no_grad()`, and that the model's parameters are trainable.""",
            fix_code="""loss = loss_fn(model(x), y)   # no no_grad / detach in between
print({lv}.requires_grad, {lv}.grad_fn)""",
        ),
        # each cause found is one clause of {reasons} ("; " between them) and lines of the fix
        "backward_in_no_grad": Texts(
            reason="the backward call is inside `with torch.no_grad()` / `inference_mode()`",
            fix_code="# compute the training forward pass and loss outside `with torch.no_grad():`",
        ),
        "loss_in_no_grad": Texts(
            reason="`{loss}` is computed inside `with torch.no_grad()` (line {at})",
            fix_code="""# move the line computing {loss} out of the no_grad block:
{loss} = {code}""",
        ),
        "loss_in_no_grad_no_code": Texts(
            reason="`{loss}` is computed inside `with torch.no_grad()` (line {at})",
            fix_code="# move the line computing {loss} out of the no_grad block",
        ),
        "loss_detached": Texts(
            reason="`{loss}` is built from detached values (line {at}: `{code}`)",
            fix_code="# build {loss} from the model's output tensors directly, without "
                     ".detach()/.data/.item()/torch.tensor(...):\n{loss} = {undetached}",
        ),
        "loss_detached_no_rewrite": Texts(
            reason="`{loss}` is built from detached values (line {at}: `{code}`)",
            fix_code="# build {loss} from the model's output tensors directly, without "
                     ".detach()/.data/.item()/torch.tensor(...)",
        ),
        "grad_disabled": Texts(
            reason="gradient recording is switched off globally "
                   "(`torch.set_grad_enabled(False)` is in effect)",
            fix_code="torch.set_grad_enabled(True)",
        ),
        "frozen": Texts(
            reason="every parameter of `{model}` has `requires_grad=False` (frozen)",
            fix_code="""for p in {model}.parameters():   # or only the layers to fine-tune
    p.requires_grad_(True)""",
        ),
    }
    references = ("https://pytorch.org/docs/stable/notes/autograd.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"element 0 of tensors does not require grad and does not have a grad_fn"):
            return
        t = frameworks.get("torch")
        call, loss = _backward_receiver(ctx)
        found: list[tuple[str, dict[str, object]]] = []   # (cause, its fields)
        src = ctx.source
        if call is not None and src.inside_with(call.node, "no_grad", "inference_mode"):
            found.append(("backward_in_no_grad", {}))
        if loss:
            for a in src.assignments_to(loss):
                seg = src.segment(a.value) if hasattr(a, "value") else ""
                node = getattr(a, "node", None) or getattr(a, "value", None)
                if node is not None and src.inside_with(node, "no_grad", "inference_mode"):
                    found.append(("loss_in_no_grad" if seg else "loss_in_no_grad_no_code",
                                  {"at": a.line, "code": seg}))
                    break
                if re.search(r"\.detach\(\)|\.data\b|\.item\(\)|\.numpy\(\)|torch\.tensor\(", seg):
                    und = _undetached(seg)
                    found.append(("loss_detached" if und else "loss_detached_no_rewrite",
                                  {"at": a.line, "code": seg[:60], "undetached": und}))
                    break
        try:
            if not t.torch.is_grad_enabled():
                found.append(("grad_disabled", {}))
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
        found += [("frozen", {"model": f}) for f in frozen]
        # the clauses and fix lines of the causes found are their declared texts
        yield Evidence(line=_line(ctx), subject=loss,
                       variant=("loss_named" if loss else "loss_unnamed",
                                "causes_found" if found else "no_cause_found"),
                       loss=loss, lv=loss or "loss",
                       reasons=Items("reason", found, sep="; "),
                       fix_code=Items("fix_code", found, sep="\n"))
