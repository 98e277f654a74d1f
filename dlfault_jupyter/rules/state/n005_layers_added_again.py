from __future__ import annotations

from collections.abc import Iterator

from ...analysis.state import RESTART, _current, _first_write_line, _Reapplied, _run
from ...context import CellContext
from ...registry import Evidence, register


@register
class LayersAddedAgain(_Reapplied):
    id = "DLF-N005"
    name = "layers-added-again"
    title = "A re-run cell added its layers to the model a second time"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("layers",)
    message = ("This cell ran again and added its layers a second time: `{name}` was {v0} "
               "before its first run ({first}), {v1} after it, and is now {v2}.")
    beginner = """The cell appends layers to `{name}` that was created in another cell, so
each run adds them again: the model now has redundant layers it was not designed with,
and still trains without an error. Create the model and add its layers in one cell (or
build it in a function and call it), so that running the cell again rebuilds it from
scratch. {restart}"""
    expert = """`{name}` at the start of {now} is the object {first} left (same structure),
and this execution grew it again ({v1} → {v2}): `Sequential.add`/`append` on an object
that outlives the cell. Rebuilding the model inside the cell makes it idempotent."""
    fix = """def build_model():
    model = ...            # create it here
    ...                    # add the layers here
    return model

model = build_model()      # running this cell again gives the same model"""
    references = ("https://keras.io/guides/sequential_model/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        yield from super().check(ctx)
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        prev = ex.previous
        for name in sorted(ex.reads - ex.assigned):
            b0, a0 = prev.before.get(name), prev.after.get(name)
            b1, a1 = ex.before.get(name), ex.after.get(name)
            if None in (b0, a0, b1, a1) or a1.kind != "model":
                continue
            if not (b1.ident == a0.ident == a1.ident and b1.layers == a0.layers):
                continue
            if (a0.layers or 0) > (b0.layers or 0) and (a1.layers or 0) > (b1.layers or 0):
                yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                               name=name, first=_run(prev), now=_run(ex), v0=b0.describe(),
                               v1=a0.describe(), v2=a1.describe(),
                               what="layers added again", idempotent="", restart=RESTART)
