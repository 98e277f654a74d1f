from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.training import scope_loops
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

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
computed (its autograd graph). Adding it to `{acc}` links the graph of every step into
one ever-growing chain that is never freed: memory use creeps up step after step, and
`{acc}` itself becomes a tensor that requires gradients instead of a plain number. To
record the value, take the Python number with `{loss}.item()`."""
    expert = """`{acc}` accumulates tensors with `requires_grad=True`, so it holds a
`grad_fn` chain that references each step's graph. `backward()` frees the saved tensors
of the graph it traversed (unless `retain_graph=True`), but the graph nodes, the loss
tensors and one new `AddBackward`/list entry per step stay alive as long as `{acc}` does
— the PyTorch FAQ's "accumulating history across your training loop". Use `.item()` (one
host sync) or `.detach()`; on a GPU, accumulate `{loss}.detach()` and call `.item()`
once per epoch to avoid a sync per step."""
    fix = """{acc} += {loss}.item()   # a Python float, no graph"""
    texts = {
        # history.append(loss)
        "list": Texts(fix="{receiver}.{method}({loss}.item())   # a float, no graph"),
        "unnamed_list": Texts(acc="the list"),
    }
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
                    code = src.line_text(a.line).split("  #")[0].split(" #")[0].strip()
                    yield Evidence(line=a.line, at=a.line, subject=a.target, code=code,
                                   loss=loss, back_line=back_line, acc=a.target)
            for c in [c for lf in loops for c in lf.calls_to("append", "extend")]:
                if c.line in seen or not c.args or not keeps_graph(c.args[0], losses):
                    continue
                if c.receiver_root in feeders:
                    continue
                seen.add(c.line)
                loss = sorted(losses & _names_in(c.args[0]))[0]
                yield Evidence(line=c.line, at=c.line, subject=c.receiver_root,
                               variant="list" if c.receiver else ("list", "unnamed_list"),
                               code=src.segment(c.node) or src.line_text(c.line), loss=loss,
                               back_line=back_line, acc=c.receiver, receiver=c.receiver,
                               method=c.attr)
