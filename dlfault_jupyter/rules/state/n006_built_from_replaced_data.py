from __future__ import annotations

from collections.abc import Iterator

from ...analysis.state import RESTART, _stale_objects
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class BuiltFromReplacedData(Rule):
    id = "DLF-N006"
    name = "built-from-replaced-data"
    title = "An object built from data still holds the data a later cell replaced"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{obj}` was built in {built} from `{data}` when it was {v_then}; `{data}` has "
               "changed since ({v_now}, in {changed_in}) and `{obj}` was not built again: "
               "{use}")
    beginner = """Objects built from data keep what they saw when they were built: a data
loader or `tf.data` dataset keeps its arrays, a `Normalization` layer or a scaler keeps
their means and variances, a vocabulary keeps its words. `{data}` was changed by
{changed_in} after `{obj}` was built, and `{obj}` was not built again — so it still works
with the old `{data}`. Run the cell that builds `{obj}` again after changing `{data}` (or
build both in one cell). {restart}"""
    expert = """History: `{obj}` was bound (or fitted) in {built}, an execution that read
`{data}` ({v_then}); {changed_in} rebound or changed `{data}` ({v_now}) and no later
execution rebuilt `{obj}`; this execution {use_expert}. Construction-time captures
(`TensorDataset`, `from_tensor_slices`, `adapt`, `fit`, a dict built from a corpus) do not
follow later rebinding of the source name."""
    fix = """{obj} = ...   # build it again from the current {data}, after the cell that changes {data}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _stale_objects(ctx):
            if not e.pop("loss"):
                yield Evidence(line=None, subject=e["obj"], key=e.pop("key"), restart=RESTART,
                               **e)
