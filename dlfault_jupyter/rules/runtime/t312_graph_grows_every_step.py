from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _model
from ...context import CellContext
from ...registry import Evidence, Texts, register


@register
class GraphKeptAlive(RuntimeRule):
    id = "DLF-T312"
    name = "graph-grows-every-step"
    title = "The autograd graph grows with every step (memory leak)"
    taxonomy = "training.process"
    severity = "warning"
    frameworks = ("torch",)
    message = "Autograd graphs are kept alive across steps: {what}"
    beginner = """{what_long} Everything each step computed is kept in memory, so memory
use grows step after step until the run slows down or crashes. Keep plain numbers for
logging (`loss.item()`), and `.detach()` a state you carry from one step to the next."""
    expert = """{what_long} Autograd keeps every node (and the tensors saved for backward)
reachable from a live tensor with a `grad_fn`. Accumulating `total += loss` or carrying a
hidden state across iterations without `.detach()` links the graphs of all steps: memory
O(steps) and, for carried state, backward through all earlier steps (truncate BPTT with
`h = h.detach()`)."""
    fix = """total_loss += loss.item()        # a float, not the tensor with its graph
h = h.detach()                   # carry a recurrent state without its history"""
    texts = {
        # a variable of the namespace holds the graphs of all steps
        "kept_by_variable": Texts(
            what="""`{var}` still holds an autograd graph of {nodes} nodes after {steps}
steps: it was accumulated from the losses with their graphs.""",
            what_long="""`{var}` was built by adding up tensors that carry their graphs
({nodes} autograd nodes kept alive).""",
        ),
        # the graph behind each step's loss grows: a state carried from step to step
        "graph_grows": Texts(
            what="""The graph behind the loss grew from {first_nodes} autograd nodes at step
{first_step} to {last_nodes} at step {last_step}: each step's graph is linked to the
previous ones.""",
            what_long="""The loss of each step depends on the graph of all earlier steps (a
state carried without `.detach()`).""",
        ),
    }
    known_false_alarms = ("Full backpropagation through time over a whole sequence on purpose "
                          "(a single backward at the end) also grows a graph, within one "
                          "step only: it is not reported.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        if tr.kept_graphs:
            var, n = max(tr.kept_graphs, key=lambda p: p[1])
            yield Evidence(subject=var, key=("kept", var), variant="kept_by_variable",
                           var=var, nodes=n, steps=tr.steps)
            return
        gs = tr.graph_sizes
        if len(gs) >= 3 and gs[-1][1] >= 2 * gs[0][1] and gs[-1][1] - gs[0][1] >= 50 and \
                all(b[1] >= a[1] for a, b in zip(gs, gs[1:], strict=False)):
            yield Evidence(subject=_model(tr), key="grow", variant="graph_grows",
                           first_step=gs[0][0], first_nodes=gs[0][1], last_step=gs[-1][0],
                           last_nodes=gs[-1][1])
