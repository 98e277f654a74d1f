from __future__ import annotations

from collections.abc import Iterator

from ...analysis.state import RESTART, _stale_objects
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class LossBuiltFromReplacedLabels(Rule):
    id = "DLF-N011"
    name = "loss-built-from-replaced-labels"
    title = "A loss or class weights still hold the labels a later cell replaced"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{obj}` was built in {built} from `{data}` when it was {v_then}; `{data}` has "
               "changed since ({v_now}, in {changed_in}) and `{obj}` was not built again: "
               "{use}")
    beginner = """Class weights (and a loss built with them) are computed from the labels as
they were at that moment. `{data}` was changed by {changed_in} afterwards — the classes or
their counts are different now — but `{obj}` still weighs the classes by the old counts, so
the wrong classes are up- or down-weighted in training, silently. Compute the weights and
build the loss again after changing the labels (or in the same cell). {restart}"""
    expert = """History: `{obj}` was bound in {built}, an execution that read `{data}`
({v_then}); {changed_in} changed `{data}` ({v_now}) and no later execution rebuilt `{obj}`;
this execution {use_expert}. The weighted loss optimises a class-reweighted objective for
a label distribution that no longer exists."""
    fix = """counts = np.bincount({data})
class_weights = torch.tensor(len({data}) / (len(counts) * counts), dtype=torch.float32)
{obj} = nn.CrossEntropyLoss(weight=class_weights)   # after the cell that changes {data}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _stale_objects(ctx):
            if e.pop("loss"):
                yield Evidence(line=None, subject=e["obj"], key=e.pop("key"), restart=RESTART,
                               **e)
