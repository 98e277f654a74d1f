from __future__ import annotations

from ...analysis.state import _Reapplied
from ...registry import register


@register
class ReshapeReapplied(_Reapplied):
    id = "DLF-N002"
    name = "reshape-reapplied"
    title = "A re-run cell added or moved an axis again"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("axes",)
    message = ("This cell ran again on its own result: `{name}` was {v0} before its first "
               "run ({first}), {v1} after it, and is now {v2} — the axes were changed twice.")
    beginner = """The cell adds an axis to `{name}` (or moves one) starting from `{name}`
itself, so running it again did it a second time: the array now has an extra axis, or its
channels and positions are swapped back. A model may still accept it after a reshape, and
then learns from scrambled inputs. Make the cell start from the raw array each time.
{restart}"""
    expert = """The value of `{name}` at the start of {now} is the output of {first} (no
cell recomputed it in between), and this execution changed its axes again ({v1} → {v2}):
`expand_dims`/`unsqueeze`/`permute`/`transpose` applied to their own output. A reshape to
a fixed target shape is idempotent and is not reported."""
    fix = """{idempotent}"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)
