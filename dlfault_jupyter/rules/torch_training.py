"""PyTorch training-process, loss, optimiser and hyperparameter rules."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..context import CellContext
from . import Evidence, Rule, register


@register
class MissingZeroGrad(Rule):
    id = "DLF-T001"
    name = "missing-zero-grad"
    title = "Gradients pile up: zero_grad() is never called in the training loop"
    taxonomy = "training.process"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("The loop at line {loop_line} calls `{backward}` and `{step}` but never resets "
               "the gradients, so every step uses the sum of all earlier gradients.")
    beginner = """In PyTorch, each `loss.backward()` *adds* the new gradients to the ones
already stored in the model. Without resetting them, step 10 moves the weights by the
sum of 10 steps' gradients: training becomes unstable or diverges, and nothing warns you.
Call `{opt}.zero_grad()` at the start of every step, before `loss.backward()`."""
    expert = """`backward()` accumulates into `param.grad` (`grad += dL/dθ`). Without
`zero_grad()` (or `set_to_none`), the update at step t is `lr · Σ_{{i≤t}} g_i`: an
effective learning rate growing linearly with t, biased towards stale gradients. The
loss typically oscillates then diverges; with momentum optimisers the error compounds."""
    fix = """for x, y in loader:
    {opt}.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    {opt}.step()"""
    known_false_alarms = ("Deliberate gradient accumulation where the gradients are reset in a "
                          "helper function the check cannot see.")
    references = ("https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for loop in src.training_loops():
            # the zero_grad may be in this loop or in an enclosing loop of the same function
            scope_loops = [lf for lf in src.loops if lf.function == loop.function
                           and (lf is loop or loop.node in ast.walk(lf.node))]
            steps = [c for c in loop.calls_to("step") if _is_optimizer_ref(ctx, c.receiver)]
            if not steps:
                continue
            if any(lf.has_call("zero_grad") for lf in scope_loops):
                continue
            if any(_assigns_grad(lf.node) for lf in scope_loops):
                continue
            back = loop.calls_to("backward")[0]
            step = steps[0]
            yield Evidence(line=back.line, subject=step.receiver_root, loop_line=loop.line,
                           backward=src.segment(back.node) or "loss.backward()",
                           step=src.segment(step.node) or "optimizer.step()",
                           opt=step.receiver or "optimizer")


def _is_optimizer_ref(ctx: CellContext, name: str | None) -> bool:
    """Is ``name`` (a dotted receiver) an optimizer? Known from the namespace when it is a
    variable there; otherwise judged by its name (not a learning-rate scheduler)."""
    if not name:
        return False
    var = ctx.ns.get(name)
    if var is not None:
        return var.kind == "optimizer"
    return "sched" not in name.lower()


def _assigns_grad(node: ast.AST) -> bool:
    """``p.grad = None`` / ``p.grad.zero_()`` inside the loop also reset the gradients."""
    for n in ast.walk(node):
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "grad"
                                             for t in n.targets):
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("zero_", "detach_") and isinstance(n.func.value, ast.Attribute) \
                and n.func.value.attr == "grad":
            return True
    return False


# -- helpers ---------------------------------------------------------------------------

_NO_GRAPH_METHODS = ("item", "detach", "tolist", "numpy", "detach_")
_NO_GRAPH_FUNCS = ("float", "int", "str", "round", "len", "repr", "format")


def keeps_graph(e: ast.AST | None, names: set[str]) -> bool:
    """Does the value of ``e`` carry one of the tensors ``names`` with its autograd graph
    (not through ``.item()``, ``.detach()``, ``float()``, ``.data``)?"""
    if e is None:
        return False
    if isinstance(e, ast.Name):
        return e.id in names
    if isinstance(e, ast.Call):
        f = e.func
        if isinstance(f, ast.Attribute):
            if f.attr in _NO_GRAPH_METHODS:
                return False
            return keeps_graph(f.value, names) or any(keeps_graph(a, names) for a in e.args)
        if isinstance(f, ast.Name) and f.id in _NO_GRAPH_FUNCS:
            return False
        return any(keeps_graph(a, names) for a in e.args)
    if isinstance(e, ast.Attribute):
        return e.attr != "data" and keeps_graph(e.value, names)
    if isinstance(e, ast.BinOp):
        return keeps_graph(e.left, names) or keeps_graph(e.right, names)
    if isinstance(e, ast.UnaryOp):
        return keeps_graph(e.operand, names)
    if isinstance(e, ast.Subscript):
        return keeps_graph(e.value, names)
    if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
        return any(keeps_graph(x, names) for x in e.elts)
    if isinstance(e, ast.Dict):
        return any(keeps_graph(x, names) for x in e.values)
    return False


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def backward_feeders(src) -> set[str]:
    """Names whose value flows (through this cell's assignments) into a ``.backward()``."""
    out: set[str] = set()
    for c in src.calls_to("backward"):
        f = c.node.func
        if isinstance(f, ast.Attribute):
            out |= _names_in(f.value)
        for a in c.args:
            out |= _names_in(a)
    for _ in range(4):
        grown = set(out)
        for a in src.assigns:
            if a.target in out:
                grown |= _names_in(a.value)
        if grown == out:
            break
        out = grown
    return out


def scope_loops(src, loop) -> list:
    """``loop`` and the loops of the same function that enclose it."""
    return [lf for lf in src.loops if lf.function == loop.function
            and (lf is loop or loop.node in ast.walk(lf.node))]


@register
class LossAccumulatedWithGraph(Rule):
    id = "DLF-T002"
    name = "loss-accumulated-with-graph"
    title = "The loss tensor is accumulated with its autograd graph"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}` (line {at}) keeps the tensor `{loss}` — on which `.backward()` is "
               "called at line {back_line} — instead of its number, so `{acc}` holds on to "
               "the graph of every step.")
    beginner = """`{loss}` is not just a number: it is a tensor that remembers how it was
computed (its autograd graph, with the activations of the whole batch). Adding it to
`{acc}` keeps all of that alive for every step of the loop: memory grows step after step
until the program slows down or runs out of memory, and `{acc}` itself becomes a tensor.
To record the value, take the Python number with `{loss}.item()`."""
    expert = """`{acc}` accumulates a tensor with `requires_grad=True`, so each step's
`{loss}` (and through its `grad_fn` chain, the saved activations needed for backward)
stays referenced after `backward()` frees the buffers it needs only if
`retain_graph` is false — the graph nodes and any tensors saved outside the freed buffers
remain, and `{acc}` grows a new `AddBackward`/list entry per step. Use `.item()` (one
host sync per call) or `.detach()` to cut the graph; with CUDA, accumulating
`loss.detach()` and calling `.item()` once per epoch avoids per-step syncs."""
    fix = """{fixed}"""
    known_false_alarms = ("Accumulating losses on purpose to call backward() on their sum in "
                          "another cell or a helper the check cannot see.")
    references = ("https://pytorch.org/docs/stable/notes/faq.html"
                  "#my-model-reports-cuda-runtime-error-2-out-of-memory",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        feeders = backward_feeders(src)
        seen: set[int] = set()
        for loop in src.training_loops():
            backs = [c for c in loop.calls_to("backward")
                     if isinstance(c.node.func, ast.Attribute)
                     and isinstance(c.node.func.value, ast.Name)]
            if not backs:
                continue
            losses = {c.node.func.value.id for c in backs}
            back_line = backs[0].line
            loops = scope_loops(src, loop)
            # `loss = loss.item()` re-binds the name to a number
            losses -= {a.target for a in src.assigns if a.target in losses
                       and any(lf in a.loops for lf in loops)
                       and a.target in _names_in(a.value)
                       and not keeps_graph(a.value, losses)}
            if not losses:
                continue
            for a in src.assigns:
                if a.line in seen or not any(lf in a.loops for lf in loops):
                    continue
                if a.target in feeders or a.target in losses:
                    continue
                if a.augmented and isinstance(a.op, ast.Add | ast.Sub):
                    hit = keeps_graph(a.value, losses)
                elif not a.augmented and isinstance(a.value, ast.BinOp):
                    hit = a.target in _names_in(a.value) and keeps_graph(a.value, losses)
                else:
                    hit = False
                if hit:
                    seen.add(a.line)
                    loss = sorted(losses & _names_in(a.value))[0]
                    code = src.line_text(a.line)
                    yield Evidence(line=a.line, at=a.line, subject=a.target, code=code, loss=loss,
                                   back_line=back_line, acc=a.target,
                                   fixed=f"{a.target} += {loss}.item()   # a Python float, "
                                         "no graph")
            for c in [c for lf in loops for c in lf.calls_to("append", "extend")]:
                if c.line in seen or not c.args or not keeps_graph(c.args[0], losses):
                    continue
                if c.receiver_root in feeders:
                    continue
                seen.add(c.line)
                loss = sorted(losses & _names_in(c.args[0]))[0]
                yield Evidence(line=c.line, at=c.line, subject=c.receiver_root,
                               code=src.segment(c.node) or src.line_text(c.line), loss=loss,
                               back_line=back_line, acc=c.receiver or "the list",
                               fixed=f"{c.receiver}.{c.attr}({loss}.item())   # a float, "
                                     "no graph")
