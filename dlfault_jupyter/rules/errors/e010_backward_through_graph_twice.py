from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.errors import _backward_receiver, _line, _msg
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class BackwardTwice(Rule):
    id = "DLF-E010"
    name = "backward-through-graph-twice"
    title = "Trying to backward through the graph a second time"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Second backward through a freed graph: {summary}"
    beginner = """After `.backward()`, PyTorch frees the intermediate values of the computation
to save memory, so the same computation cannot be back-propagated twice. {advice}"""
    expert = """Saved tensors of the graph are released by the first backward. A second
backward through any part of that graph fails: typically a hidden state / running value carried
across iterations (`h = rnn(x, h)` without `h.detach()`), a loss or feature computed once
outside the loop, or two losses sharing a trunk each calling backward. `retain_graph=True` keeps
the buffers but is rarely the right fix (memory grows, and stale graphs are back-propagated).
"""
    fix = """{fix_code}"""
    # A finding is written with its case: tensors carried across iterations with their graph
    # (one or several), a loss computed once outside the loop, or neither found.
    texts = {
        "carried": Texts(
            summary="""{h} {are} carried from one iteration to the next with the graph
attached, so `{lv}.backward()` reaches into the graph of the previous iteration, already
freed: detach {h} each iteration.""",
            advice="""{h} {are} computed from {their} own previous value. Cut that link at each
step with `.detach()` (truncated back-propagation through time).""",
            fix_code="{names} = {detached}   # at the start of each iteration, before using {them}",
        ),
        "one_carried": Texts(are="is", their="its", them="it"),
        "several_carried": Texts(are="are", their="their", them="them"),
        "loss_outside_loop": Texts(
            summary="""`{outside}.backward()` is called in a loop, but `{outside}` is computed
once outside it: the second iteration back-propagates the freed graph.""",
            advice="""Compute the forward pass and `{outside}` inside the loop, so each iteration
builds a new graph.""",
            fix_code="""for ...:
    optimizer.zero_grad()
    {outside} = loss_fn(model(x), y)   # inside the loop
    {outside}.backward()
    optimizer.step()""",
        ),
        "graph_reused": Texts(
            summary="""{what} is back-propagated through a graph whose saved values were
already freed by an earlier backward.""",
            advice="""Recompute the forward pass before each backward; detach values you keep
across iterations (`h = h.detach()`); or, when you really need two backward passes over one
graph, pass `retain_graph=True` to the first.""",
            fix_code="""h = h.detach()                 # state kept across iterations
loss1.backward(retain_graph=True)   # only if the graph is really reused
loss2.backward()""",
        ),
        "loss_named": Texts(what="`{loss}`"),
        "loss_unnamed": Texts(what="A tensor"),
    }
    references = ("https://pytorch.org/docs/stable/autograd.html#torch.Tensor.backward",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"Trying to backward through the graph a second time"):
            return
        call, loss = _backward_receiver(ctx)
        src = ctx.source
        carried: list[str] = []
        outside: str | None = None
        if call is not None and call.loops:
            loop = call.loops[-1]
            inner = set(loop.assigned)
            # names assigned in the loop from an expression that reads themselves: h = m(x, h)
            for a in src.assigns:
                if loop not in a.loops:
                    continue
                # the target is passed to a call that computes its new value: h = rnn(x, h)
                passed = any(isinstance(n, ast.Call) and any(
                    isinstance(x, ast.Name) and x.id == a.target
                    for arg_ in [*n.args, *(k.value for k in n.keywords)]
                    for x in ast.walk(arg_))
                    for n in ast.walk(a.value))
                v = ctx.ns.get(a.target)
                has_graph = v is not None and v.kind == "tensor" and \
                    getattr(v.obj, "grad_fn", None) is not None
                if passed and has_graph and a.target not in carried:
                    carried.append(a.target)
            if loss and loss not in inner and src.assignments_to(loss):
                outside = loss
        if carried:
            variant: tuple[str, ...] = (
                "carried", "one_carried" if len(carried) == 1 else "several_carried")
        elif outside:
            variant = ("loss_outside_loop",)
        else:
            variant = ("graph_reused", "loss_named" if loss else "loss_unnamed")
        yield Evidence(line=_line(ctx), subject=carried[0] if carried else outside or loss,
                       variant=variant, loss=loss, lv=loss or "loss", outside=outside,
                       h=", ".join(f"`{n}`" for n in carried), names=", ".join(carried),
                       detached=", ".join(f"{n}.detach()" for n in carried))
