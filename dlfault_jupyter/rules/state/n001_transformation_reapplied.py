from __future__ import annotations

from ...analysis.state import _Reapplied
from ...registry import register


@register
class TransformationReapplied(_Reapplied):
    id = "DLF-N001"
    name = "transformation-reapplied"
    title = "A re-run cell transformed the data again from its own result"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("data",)
    message = ("This cell ran again on its own result: `{name}` was {v0} before its first "
               "run ({first}), {v1} after it, and is now {v2} — {what}.")
    beginner = """The cell rewrites `{name}` from `{name}` itself, so each time it runs it
transforms the result of the previous run again: the data is now scaled (or encoded,
shifted, appended) twice, and the model will learn from — or be evaluated on — values that
no longer look like the data it is meant for. Nothing raises an error. Make the cell
give the same result however often it runs: compute from the raw data into the variable
(or into a new name). {restart}"""
    expert = """Evidence from the kernel's execution history: the value of `{name}` at the
start of this execution ({now}) equals its value after the previous execution of the
same cell ({first}) — nothing recomputed it in between — and this execution changed it
again ({v1} → {v2}). The cell is not idempotent: `f(f(x)) ≠ f(x)`. Compare: re-running a
cell that recomputes `{name}` from its source, or a transformation with `f(f(x)) = f(x)`
(standardising, reshaping to a fixed shape), gives the same value and is not reported."""
    fix = """{idempotent}"""
    known_false_alarms = ("A cell meant to be applied repeatedly (an augmentation step run "
                          "by hand several times on purpose).")
    references = ("https://doi.org/10.1109/MSR.2019.00077",
                  "https://ipyflow.readthedocs.io/")
