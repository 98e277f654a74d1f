from __future__ import annotations

from ...analysis.state import _Reapplied
from ...registry import register


@register
class DataDuplicatedByRerun(_Reapplied):
    id = "DLF-N013"
    name = "data-changed-again-by-rerun"
    title = "A re-run cell appended its samples again or changed the labels again"
    taxonomy = "training.data_quality"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("content",)
    message = ("This cell ran again on its own result: `{name}` was {v0} before its first "
               "run ({first}), {v1} after it, and is now {v2} — {what}.")
    beginner = """The cell changes `{name}` starting from `{name}` itself — it appends
samples or items, or changes label values — so running it again did it twice: the data
now holds duplicates (the same samples or feature names twice) or labels shifted a second
time. The model learns from data that is not what you meant, and nothing raises an error.
Make the cell start from the original data each time (or build the list in the cell).
{restart}"""
    expert = """The value of `{name}` at the start of {now} is the output of {first} (no
cell recomputed it in between), and this execution changed its content again ({v1} →
{v2}): `append`/`extend`/`concatenate` or a label remapping applied to its own output.
Duplicated samples bias the training distribution and leak between splits made later;
shifted labels are wrong targets."""
    fix = """{idempotent}"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)
